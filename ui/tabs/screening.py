"""Inngangsvilkår: the chosen person's applications and the § 29 screening, criterion by criterion."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.services import applications
from kvp_desktop.services.applications import ApplicationView, CriterionView
from kvp_desktop.services.context import AppContext
from ui.errors import call_service
from ui.tabs.base import TabPage

AnyIndex = QModelIndex | QPersistentModelIndex

# State → (background, text colour). Colour is never the only signal: the state is also written.
STATE_COLOURS: dict[str, tuple[str, str]] = {
    "met": ("#dff0d8", "#1e5e20"),
    "not_met": ("#f8d7da", "#8a1c25"),
    "needs_assessment": ("#fff3cd", "#6b4e00"),
}
STATE_MARKS = {"met": "✓", "not_met": "✗", "needs_assessment": "?"}

CHANNELS = {"recommended": N_("Anbefalt av veileder"), "direct": N_("Søkt direkte")}
CONCLUSIONS = {"grant": N_("Innvilgelse"), "refuse": N_("Avslag")}
# Outcomes of the work ability assessment (NAV-loven § 14 a): the innsatsgrupper.
WORK_ABILITY_OUTCOMES = {
    "standard_innsats": N_("Standard innsats"),
    "situasjonsbestemt_innsats": N_("Situasjonsbestemt innsats"),
    "spesielt_tilpasset_innsats": N_("Spesielt tilpasset innsats"),
    "varig_tilpasset_innsats": N_("Varig tilpasset innsats"),
}


def work_ability_label(code: str) -> str:
    label = WORK_ABILITY_OUTCOMES.get(code)
    return _(label) if label else code.replace("_", " ").capitalize()


def state_label(state: str) -> str:
    label = applications.ASSESSMENT_STATES.get(state)
    return _(label) if label else state


class CriteriaModel(QAbstractTableModel):
    """The criteria of one screening: label, state, reasoning and legal reference."""

    HEADERS = (N_("Vilkår"), N_("Vurdering"), N_("Begrunnelse"), N_("Hjemmel"))

    def __init__(self) -> None:
        super().__init__()
        self._criteria: tuple[CriterionView, ...] = ()

    def set_criteria(self, criteria: tuple[CriterionView, ...]) -> None:
        self.beginResetModel()
        self._criteria = criteria
        self.endResetModel()

    def criterion(self, row: int) -> CriterionView:
        return self._criteria[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._criteria)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._criteria)):
            return None
        item = self._criteria[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return _(item.label)
            if column == 1:
                return f"{STATE_MARKS.get(item.state, '')} {state_label(item.state)}".strip()
            if column == 2:
                return item.reasoning or (_("Ingen begrunnelse skrevet ennå.") if role == Qt.ItemDataRole.DisplayRole
                                          else None)
            return item.reference
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_(item.label)}: {state_label(item.state)}"
        if column == 1 and item.state in STATE_COLOURS:
            background, foreground = STATE_COLOURS[item.state]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(foreground))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if column == 2 and not item.reasoning and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#666666"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


def application_title(app: ApplicationView) -> str:
    status = applications.APPLICATION_STATUSES.get(app.status, app.status)
    return _("Søknad {dato} – {status}", dato=format_date_short(app.registered_date), status=_(status))


class ScreeningTab(TabPage):
    """Left: the person's applications (newest first). Right: the chosen application's screening."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("screeningTab")
        self._applications: list[ApplicationView] = []

        self.message = QLabel()
        self.message.setObjectName("screeningMessage")
        self.message.setWordWrap(True)

        self.application_list = QListWidget()
        self.application_list.setObjectName("applicationList")
        self.application_list.setAccessibleName(_("Søknader"))
        self.application_list.currentRowChanged.connect(self._show_application)

        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_title = QLabel(_("&Søknader"))
        list_title.setBuddy(self.application_list)
        list_layout.addWidget(list_title)
        list_layout.addWidget(self.application_list)

        self.details = QLabel()
        self.details.setObjectName("applicationDetails")
        self.details.setAccessibleName(_("Om søknaden"))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.summary = QLabel()
        self.summary.setObjectName("criteriaSummary")

        self.criteria_model = CriteriaModel()
        self.criteria = QTableView()
        self.criteria.setObjectName("criteriaTable")
        self.criteria.setAccessibleName(_("Inngangsvilkår"))
        self.criteria.setModel(self.criteria_model)
        self.criteria.setWordWrap(True)
        self.criteria.setStyleSheet("QTableView#criteriaTable::item { padding: 4px 6px; }")
        self.criteria.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.criteria.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.criteria.verticalHeader().setVisible(False)
        self.criteria.setTabKeyNavigation(False)
        header = self.criteria.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 360)
        header.resizeSection(1, 140)
        header.resizeSection(3, 220)
        # Row heights follow the wrapped text; recompute once the column widths have settled.
        self._row_timer = QTimer(self)
        self._row_timer.setSingleShot(True)
        self._row_timer.setInterval(0)
        self._row_timer.timeout.connect(self.criteria.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._row_timer.start())

        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.details)
        detail_layout.addWidget(self.summary)
        criteria_title = QLabel(_("&Vilkår etter sosialtjenesteloven § 29"))
        criteria_title.setBuddy(self.criteria)
        detail_layout.addWidget(criteria_title)
        detail_layout.addWidget(self.criteria, 1)

        self.splitter = QSplitter()
        self.splitter.setObjectName("screeningSplitter")
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1100])

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        layout.addStretch(0)

    def reload(self) -> None:
        self.application_list.clear()
        self.criteria_model.set_criteria(())
        self.details.clear()
        self.summary.clear()
        self._applications = []
        if self.person_id is None:
            self._say(_("Velg en person i feltet øverst for å se søknader og inngangsvilkår."))
            return
        person_id = self.person_id
        found = call_service(self, lambda: applications.applications_for_person(self.ctx, person_id))
        if found is None:
            return
        self._applications = found
        if not found:
            self._say(_("Personen har ingen registrerte søknader om kvalifiseringsprogram."))
            return
        self._say("")
        for app in found:
            item = QListWidgetItem(application_title(app))
            item.setData(Qt.ItemDataRole.UserRole, app.id)
            self.application_list.addItem(item)
        self.application_list.setCurrentRow(0)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.splitter.setVisible(not text or bool(self._applications))

    def _show_application(self, row: int) -> None:
        if not (0 <= row < len(self._applications)):
            return
        app = self._applications[row]
        lines = [application_title(app)]
        lines.append(_("Kanal: {kanal}", kanal=_(CHANNELS.get(app.channel, app.channel))))
        if app.work_ability_outcome:
            lines.append(_("Arbeidsevnevurdering: {utfall}", utfall=work_ability_label(app.work_ability_outcome)))
        if app.screening_revision is None:
            lines.append(_("Inngangsvilkårene er ikke vurdert ennå."))
        else:
            state = _("avsluttet") if app.concluded else _("pågår")
            lines.append(_("Vurdering versjon {versjon} ({tilstand})", versjon=app.screening_revision,
                           tilstand=state))
            if app.conclusion:
                conclusion = _(CONCLUSIONS.get(app.conclusion, app.conclusion))
                lines.append(_("Konklusjon: {konklusjon}", konklusjon=conclusion))
        escaped = [html.escape(line) for line in lines]
        self.details.setText(f"<b>{escaped[0]}</b><br>" + "<br>".join(escaped[1:]))
        self.criteria_model.set_criteria(app.criteria)
        counts = {state: sum(1 for c in app.criteria if c.state == state) for state in STATE_COLOURS}
        if app.criteria:
            self.summary.setText(
                _(
                    "{oppfylt} oppfylt · {ikke} ikke oppfylt · {vurderes} må vurderes",
                    oppfylt=counts["met"],
                    ikke=counts["not_met"],
                    vurderes=counts["needs_assessment"],
                )
            )
        else:
            self.summary.clear()
        self.criteria.resizeRowsToContents()
        self._row_timer.start()

    def current_application(self) -> ApplicationView | None:
        row = self.application_list.currentRow()
        return self._applications[row] if 0 <= row < len(self._applications) else None

    def has_data(self) -> bool:
        return not self.is_stale() and self.criteria_model.rowCount() > 0
