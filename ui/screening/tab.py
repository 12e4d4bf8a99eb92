# Kept whole (~850 lines): one class, the Inngangsvilkår tab, whose parts (applications, criteria, facts,
# conclusion, the programme offer) share one screening view and its version; the criteria table model sits at
# the top and the dialogs are in forms.py. The seam for a split is the facts form (a widget of its own).
"""Inngangsvilkår: the chosen person's applications and the § 29 screening, criterion by criterion."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.screening import applications, deadlines, screening
from kvp_desktop.services.screening.applications import ApplicationView, CriterionView
from kvp_desktop.services.screening.screening import (
    BENEFIT_LABELS,
    ConclusionInput,
    Judgement,
    ScreeningFacts,
    ScreeningView,
)
from ui.errors import call_service
from ui.screening.forms import ApplicationDialog, ConcludeDialog, MappingDialog, preview_text
from ui.table_model import LEFT_TOP, Column, TableModel
from ui.widgets.tab_page import TabPage

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
    return _(label) if label else (applications.innsatsgruppe_label(code) if code else "")


def state_label(state: str) -> str:
    label = applications.ASSESSMENT_STATES.get(state)
    return _(label) if label else state


def _state_text(item: CriterionView) -> str:
    return f"{STATE_MARKS.get(item.state, '')} {state_label(item.state)}".strip()


def _state_colour(item: CriterionView, which: int) -> QBrush | None:
    colours = STATE_COLOURS.get(item.state)
    return QBrush(QColor(colours[which])) if colours else None


def _state_font(item: CriterionView) -> QFont | None:
    if item.state not in STATE_COLOURS:
        return None
    font = QFont()
    font.setBold(True)
    return font


class CriteriaModel(TableModel[CriterionView]):
    """The criteria of one screening: label, state, reasoning and legal reference."""

    row_roles: Mapping[int, Callable[[CriterionView], Any]] = {
        Qt.ItemDataRole.AccessibleTextRole: lambda item: f"{_(item.label)}: {state_label(item.state)}",
    }

    def __init__(self) -> None:
        super().__init__()
        self._rules: dict[str, str] = {}
        self.columns = (
            Column("label", N_("Vilkår"), lambda item: _(item.label), align=LEFT_TOP, tooltip=True),
            Column("state", N_("Vurdering"), _state_text, align=LEFT_TOP, tooltip=True, roles={
                Qt.ItemDataRole.BackgroundRole: lambda item: _state_colour(item, 0),
                Qt.ItemDataRole.ForegroundRole: lambda item: _state_colour(item, 1),
                Qt.ItemDataRole.FontRole: _state_font,
            }),
            Column("reasoning", N_("Begrunnelse"), self._reasoning, align=LEFT_TOP, tooltip=True, roles={
                Qt.ItemDataRole.ForegroundRole: lambda item: None if item.reasoning else QBrush(QColor("#666666")),
            }),
            Column("reference", N_("Hjemmel"), lambda item: item.reference, align=LEFT_TOP, tooltip=True),
        )

    def _reasoning(self, item: CriterionView) -> str:
        if item.reasoning:
            return item.reasoning
        rule = self._rules.get(item.code, "")
        return _("Regelen: {grunn}", grunn=rule) if rule else _("Ingen begrunnelse skrevet ennå.")

    def set_criteria(self, criteria: tuple[CriterionView, ...], rules: dict[str, str] | None = None) -> None:
        self._rules = dict(rules or {})
        self.set_items(criteria)

    def criterion(self, row: int) -> CriterionView:
        return self._items[row]


def application_title(app: ApplicationView) -> str:
    """«Søknad 13.11.2026 – Vedtak under arbeid»: granted/refused only once the decision is issued."""
    return _("Søknad {dato} – {status}", dato=format_date_short(app.registered_date), status=_(app.status_label))


TRI = ((None, N_("Ikke registrert")), (True, N_("Ja")), (False, N_("Nei")))
ASSESSMENTS = ((None, N_("Ikke vurdert")), ("met", N_("Oppfylt")), ("not_met", N_("Ikke oppfylt")))
DEADLINE_MARKS = {"overdue": "⛔", "warning": "⚠", "ok": "•", "done": "✓"}


def _tri_box(name: str, label: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(label)
    for value, text in TRI:
        box.addItem(_(text), value)
    return box


class ScreeningTab(TabPage):
    """Left: the person's applications and deadlines. Right: the § 29 screening, criterion by
    criterion: the facts, the rule's evaluation and reason («Hvorfor?»), the caseworker's
    assessment and reasoning, the conclusion and the history of versions."""

    changed = Signal()  # something was saved (the person bar refreshes its deadlines)
    #: The deadlines already read for a person (the main window gives the person bar's), or ``None``.
    deadlines_source: Callable[[int], deadlines.PersonDeadlines | None] | None = None
    _preloaded: screening.ScreeningTabView | None = None  # what reload() read, until it is shown
    _preloaded_history: list[screening.ScreeningSummary] | None = None
    _read_deadlines = False  # reload() reads the deadlines itself (after a change)
    #: The next step of the case flow elsewhere (a ``services.portfolio.tasks.WorkTask``; the main window goes there).
    task_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("screeningTab")
        self._applications: list[ApplicationView] = []
        self.view: ScreeningView | None = None
        self._judgements: dict[str, Judgement] = {}
        self._loading = False
        self.dialog_runner = lambda dialog: dialog.exec()  # tests fill the dialog instead
        self.documents_runner = lambda dialog: dialog.exec()  # the Dokumenter window (modal)

        self.message = QLabel()
        self.message.setObjectName("screeningMessage")
        self.message.setWordWrap(True)

        self.application_list = QListWidget()
        self.application_list.setObjectName("applicationList")
        self.application_list.setAccessibleName(_("Søknader"))
        self.application_list.currentRowChanged.connect(self._show_application)
        self.new_button = self._button("newApplication", _("&Ny søknad…"), self.new_application)
        self.edit_button = self._button("editApplication", _("&Endre søknad…"), self.edit_application)
        self.mapping_button = self._button("mappingButton", _("&Kartlegging…"), self.edit_mapping)
        self.deadline_list = QListWidget()
        self.deadline_list.setObjectName("deadlineList")
        self.deadline_list.setAccessibleName(_("Frister"))
        self.deadline_list.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("&Søknader"))
        title.setBuddy(self.application_list)
        left_layout.addWidget(title)
        left_layout.addWidget(self.application_list, 1)
        for button in (self.new_button, self.edit_button, self.mapping_button):
            left_layout.addWidget(button)
        frister = QLabel(_("&Frister"))
        frister.setBuddy(self.deadline_list)
        left_layout.addWidget(frister)
        left_layout.addWidget(self.deadline_list, 1)

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
        self.criteria.setStyleSheet("QTableView#criteriaTable::item { padding: 3px 6px; }")
        self.criteria.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.criteria.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.criteria.verticalHeader().setVisible(False)
        self.criteria.setTabKeyNavigation(False)
        header = self.criteria.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 250)
        header.resizeSection(1, 120)
        header.resizeSection(3, 170)
        self._row_timer = QTimer(self)
        self._row_timer.setSingleShot(True)
        self._row_timer.setInterval(0)
        self._row_timer.timeout.connect(self.criteria.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._row_timer.start())
        self.criteria.selectionModel().currentRowChanged.connect(lambda *_a: self._show_criterion())

        # The chosen criterion: why, and the caseworker's assessment.
        self.why = QLabel()
        self.why.setObjectName("criterionWhy")
        self.why.setAccessibleName(_("Hvorfor?"))
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.RichText)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.assessment = QComboBox()
        self.assessment.setObjectName("criterionAssessment")
        self.assessment.setAccessibleName(_("Saksbehandlers vurdering"))
        for value, text in ASSESSMENTS:
            self.assessment.addItem(_(text), value)
        self.assessment.currentIndexChanged.connect(lambda _i: self._judgement_edited())
        self.reasoning = QPlainTextEdit()
        self.reasoning.setObjectName("criterionReasoning")
        self.reasoning.setAccessibleName(_("Begrunnelse"))
        self.reasoning.setTabChangesFocus(True)
        self.reasoning.setPlaceholderText(_("Skriv begrunnelsen for vurderingen (kreves for skjønnsvilkår)."))
        self.reasoning.setFixedHeight(64)
        self.reasoning.textChanged.connect(self._judgement_edited)
        judge = QGroupBox(_("Valgt vilkår"))
        judge_layout = QGridLayout(judge)
        judge_layout.addWidget(self.why, 0, 0, 1, 2)
        assess_label = QLabel(_("&Vurdering:"))
        assess_label.setBuddy(self.assessment)
        judge_layout.addWidget(assess_label, 1, 0)
        judge_layout.addWidget(self.assessment, 1, 1)
        reason_label = QLabel(_("&Begrunnelse:"))
        reason_label.setBuddy(self.reasoning)
        judge_layout.addWidget(reason_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        judge_layout.addWidget(self.reasoning, 2, 1)

        # Facts from the conversation with the applicant.
        self.lawful = _tri_box("factLawfulResidence", _("Lovlig opphold"))
        self.abode = _tri_box("factFixedAbode", _("Fast bopel"))
        self.language = _tri_box("factLanguageOnly", _("Språk er eneste hinder"))
        self.eea = QCheckBox(_("EØS-borger eller familiemedlem"))
        self.utl111 = QCheckBox(_("Opphold bare etter utl. § 111"))
        self.sentence = QCheckBox(_("Soner straff"))
        self.education = QCheckBox(_("I ordinær utdanning"))
        self.benefit_boxes: dict[str, QCheckBox] = {}
        facts_box = QGroupBox(_("Opplysninger fra samtalen"))
        grid = QGridLayout(facts_box)
        for row, (label, widget) in enumerate(((_("Lovlig opphold:"), self.lawful), (_("Fast bopel:"), self.abode),
                                               (_("Språk eneste hinder:"), self.language))):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(widget, row, 1)
            widget.currentIndexChanged.connect(lambda _i: self._facts_edited())
        for offset, (box, name) in enumerate(((self.eea, "factEea"), (self.utl111, "factUtl111"),
                                              (self.sentence, "factSentence"), (self.education, "factEducation"))):
            box.setObjectName(name)
            box.setAccessibleName(box.text())
            grid.addWidget(box, 3 + offset // 2, offset % 2)
            box.toggled.connect(lambda _c: self._facts_edited())
        rights = QLabel(_("Rett til eller mottar:"))
        grid.addWidget(rights, 5, 0, 1, 2)
        for index, (code, label) in enumerate(BENEFIT_LABELS.items()):
            box = QCheckBox(_(label))
            box.setObjectName(f"benefit_{code}")
            box.setAccessibleName(_(label))
            box.toggled.connect(lambda _c: self._facts_edited())
            grid.addWidget(box, 6 + index // 2, index % 2)
            self.benefit_boxes[code] = box
        self.prompts = QLabel()
        self.prompts.setObjectName("screeningPrompts")
        self.prompts.setWordWrap(True)
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.prompts.setStyleSheet("QLabel#screeningPrompts { background: #fff3cd; color: #3d2e00; padding: 6px; }")
        self.history = QListWidget()
        self.history.setObjectName("screeningHistory")
        self.history.setAccessibleName(_("Versjoner"))
        self.history.setMaximumHeight(90)

        self.problems = QLabel()
        self.problems.setObjectName("screeningProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #8a1c25;")
        self.start_button = self._button("startScreening", _("S&tart vurdering"), self.start_or_revise)
        self.save_button = self._button("saveScreening", _("&Lagre"), self.save)
        self.conclude_button = self._button("concludeScreening", _("K&onkluder…"), self.conclude)
        self.print_button = self._button("printScreening", _("&Utskrift til samtale…"), self.print_for_conversation)
        # The next step after concluding: the draft decision, then (once issued) the programme.
        self.letter_button = self._button("openDecisionDraft", _("Åpne &vedtaksutkastet…"), self.open_decision)
        self.letter_button.setVisible(False)
        self.programme_button = self._button("screeningCreateProgramme", _("Opprett &program…"),
                                             self.create_programme)
        self.programme_button.setVisible(False)
        self.next_step = QLabel()
        self.next_step.setObjectName("screeningNextStep")
        self.next_step.setWordWrap(True)
        self.next_step.setStyleSheet("QLabel#screeningNextStep { background: #e7f1fb; color: #0b3a63; padding: 6px; }")
        self.next_step.setVisible(False)
        actions = QHBoxLayout()
        for button in (self.start_button, self.save_button, self.conclude_button, self.print_button,
                       self.letter_button, self.programme_button):
            actions.addWidget(button)
        actions.addStretch(1)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.details)
        middle_layout.addWidget(self.summary)
        criteria_title = QLabel(_("&Vilkår etter sosialtjenesteloven § 29"))
        criteria_title.setBuddy(self.criteria)
        middle_layout.addWidget(criteria_title)
        middle_layout.addWidget(self.criteria, 3)
        middle_layout.addWidget(judge, 2)
        middle_layout.addWidget(self.problems)
        middle_layout.addWidget(self.next_step)
        middle_layout.addLayout(actions)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(facts_box)
        right_layout.addWidget(self.prompts)
        versions = QLabel(_("Versjoner (&historikk)"))
        versions.setBuddy(self.history)
        right_layout.addWidget(versions)
        right_layout.addWidget(self.history)
        right_layout.addStretch(1)

        self.splitter = QSplitter()
        self.splitter.setObjectName("screeningSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 760, 380])
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(self.refresh_evaluation)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self._set_editable(False)

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    # --- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.application_list.clear()
        self.criteria_model.set_criteria(())
        self.details.clear()
        self.summary.clear()
        self.deadline_list.clear()
        self._applications = []
        self.view = None
        self._show_view()
        if self.person_id is None:
            self._say(_("Velg en person i feltet øverst for å se søknader og inngangsvilkår."))
            return
        person_id = self.person_id
        # One read for the tab (screening.screening_view); the deadlines are the person bar's when it has them.
        known = (self.deadlines_source(person_id)
                 if self.deadlines_source is not None and not self._read_deadlines else None)
        tab_view = call_service(self, lambda: screening.screening_view(self.ctx, person_id,
                                                                       deadlines=known is None))
        if tab_view is None:
            return
        self._preloaded = tab_view
        found = tab_view.applications
        self._applications = found
        self._show_deadlines(known or tab_view.deadlines)
        self.new_button.setEnabled(True)
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
        self.splitter.setVisible(not text or bool(self._applications) or self.person_id is not None)

    def _show_deadlines(self, found: deadlines.PersonDeadlines | None = None) -> None:
        self.deadline_list.clear()
        if self.person_id is None:
            return
        person_id = self.person_id
        if found is None or found.person_id != person_id:
            found = call_service(self, lambda: deadlines.person_deadlines(self.ctx, person_id))
        for item in found.items if found else ():
            line = QListWidgetItem(f"{DEADLINE_MARKS.get(item.state, '')} {_(item.label)} – "
                                   f"{format_date_short(item.due)}\n{item.text}")
            line.setToolTip(f"{item.text} ({item.reference})")
            colour = {"overdue": "#8a1c25", "warning": "#6b4e00"}.get(item.state)
            if colour:
                line.setForeground(QBrush(QColor(colour)))
            self.deadline_list.addItem(line)
        if found is not None and not found.items:
            self.deadline_list.addItem(_("Ingen frister nå."))

    def _show_application(self, row: int) -> None:
        if not (0 <= row < len(self._applications)):
            return
        app = self._applications[row]
        lines = [application_title(app)]
        lines.append(_("Kanal: {kanal}", kanal=_(applications.CHANNELS.get(app.channel, app.channel))))
        if app.work_ability_outcome:
            lines.append(_("Arbeidsevnevurdering: {utfall}", utfall=work_ability_label(app.work_ability_outcome)))
        if app.screening_revision is None:
            lines.append(_("Inngangsvilkårene er ikke vurdert ennå. Trykk «Start vurdering»."))
        else:
            state = _("avsluttet") if app.concluded else _("pågår")
            lines.append(_("Vurdering versjon {versjon} ({tilstand})", versjon=app.screening_revision, tilstand=state))
            if app.conclusion:
                lines.append(_("Konklusjon: {konklusjon}", konklusjon=_(CONCLUSIONS.get(app.conclusion,
                                                                                        app.conclusion))))
        escaped = [html.escape(line) for line in lines]
        self.details.setText(f"<b>{escaped[0]}</b><br>" + " · ".join(escaped[1:]))
        self.criteria_model.set_criteria(app.criteria)
        self._summary(app.criteria)
        application_id = app.id
        preloaded = self._preloaded
        if preloaded is not None and preloaded.applications and preloaded.applications[0].id == application_id:
            self.view = preloaded.current  # read with the tab (used once: a later change reads again)
            self._preloaded_history = preloaded.history if preloaded.current is not None else None
        else:
            self.view = call_service(self, lambda: screening.current_screening(self.ctx, application_id))
        self._show_view()
        self._preloaded = None

    def _summary(self, criteria: tuple[CriterionView, ...]) -> None:
        counts = {state: sum(1 for c in criteria if c.state == state) for state in STATE_COLOURS}
        if criteria:
            self.summary.setText(_("{oppfylt} oppfylt · {ikke} ikke oppfylt · {vurderes} må vurderes",
                                   oppfylt=counts["met"], ikke=counts["not_met"], vurderes=counts["needs_assessment"]))
        else:
            self.summary.clear()

    def current_application(self) -> ApplicationView | None:
        row = self.application_list.currentRow()
        return self._applications[row] if 0 <= row < len(self._applications) else None

    def has_data(self) -> bool:
        return not self.is_stale() and self.criteria_model.rowCount() > 0

    # --- the screening page ----------------------------------------------------------------
    def _set_editable(self, editable: bool) -> None:
        for widget in (self.lawful, self.abode, self.language, self.eea, self.utl111, self.sentence, self.education,
                       *self.benefit_boxes.values(), self.assessment, self.reasoning, self.save_button,
                       self.conclude_button):
            widget.setEnabled(editable)

    def _show_next_step(self, app: ApplicationView | None) -> None:
        """After concluding: open the draft decision; after the grant is issued: «Opprett program»."""
        self.letter_button.setVisible(False)
        self.programme_button.setVisible(False)
        self.next_step.setVisible(False)
        if app is None or app.decision_id is None:
            return
        if app.decision_pending:
            self.letter_button.setVisible(True)
            self.next_step.setText(_("Neste steg: vedtaksutkastet er laget. Se over brevet og fatt vedtaket. "
                                     "Saksbehandlingstiden løper til vedtaket er fattet."))
            self.next_step.setVisible(True)
            return
        if app.status == "granted" and self.person_id is not None:
            person_id = self.person_id
            preloaded = self._preloaded
            if preloaded is not None and preloaded.applications and preloaded.applications[0].id == app.id:
                offer = preloaded.offer  # read with the tab
            else:
                offer = call_service(self, lambda: programmes.programme_offer(self.ctx, person_id))
            if offer is not None:
                self.programme_button.setVisible(True)
                self.next_step.setText(_("Neste steg: vedtaket om innvilgelse er fattet. Opprett programmet fra "
                                         "{fra} til {til}.", fra=format_date_short(offer.start_date),
                                         til=format_date_short(offer.end_date)))
                self.next_step.setVisible(True)

    def open_decision(self) -> object:
        """The Dokumenter window on the concluded screening's decision draft (its letter)."""
        from kvp_desktop.services.letters.dto import DocumentRef
        from ui.documents.dialog import DocumentsDialog

        app = self.current_application()
        if app is None or app.decision_id is None or self.person_id is None:
            return None
        dialog = DocumentsDialog(self.ctx, self.person_id, self._person_label(), self)
        dialog.reload(select=DocumentRef("decision", app.decision_id))
        self.documents_dialog = dialog
        self.documents_runner(dialog)
        self._reload_keeping(app.id)
        self.changed.emit()
        return dialog

    def _person_label(self) -> str:
        window = self.window()
        person = getattr(getattr(window, "person_bar", None), "person", None)
        return f"{person.first_name} {person.last_name}" if person is not None else ""

    def create_programme(self) -> None:
        from kvp_desktop.services.portfolio.tasks import TARGETS, WorkTask

        if self.person_id is not None:
            self.task_requested.emit(WorkTask("create_programme", "", self.person_id, "", None,
                                              TARGETS["create_programme"]))

    def _show_view(self) -> None:
        view = self.view
        app = self.current_application()
        self._show_next_step(app)
        self.edit_button.setEnabled(bool(app and app.status in ("registered", "screening")))
        self.mapping_button.setEnabled(app is not None)
        self.new_button.setEnabled(self.person_id is not None)
        self.history.clear()
        self.problems.clear()
        self.print_button.setEnabled(view is not None)
        if view is None:
            self._judgements = {}
            self.start_button.setText(_("S&tart vurdering"))
            self.start_button.setEnabled(bool(app and app.status in ("registered", "screening")))
            self._set_editable(False)
            self.prompts.setVisible(False)
            self.why.clear()
            return
        self._loading = True
        f = view.facts
        for box, value in ((self.lawful, f.lawful_residence), (self.abode, f.fixed_abode),
                           (self.language, f.language_only_obstacle)):
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
        self.eea.setChecked(f.eea_citizen_or_family)
        self.utl111.setChecked(f.residence_only_utl_111)
        self.sentence.setChecked(f.serving_sentence)
        self.education.setChecked(f.in_ordinary_education)
        for code, check in self.benefit_boxes.items():
            check.setChecked(code in f.benefits)
        self._judgements = {c.code: Judgement(c.code, c.assessment, c.reasoning) for c in view.evaluation.criteria}
        self._loading = False
        self._set_editable(not view.concluded)
        self.start_button.setText(_("Ny &versjon") if view.concluded else _("S&tart vurdering"))
        self.start_button.setEnabled(view.concluded)
        known, self._preloaded_history = self._preloaded_history, None
        if known is None or not known or known[0].id != view.id:
            known = call_service(self, lambda: screening.history(self.ctx, view.application_id))
        for summary in known or []:
            state = (_("konkludert {dato}: {konklusjon} ({navn})",
                       dato=format_date_short(summary.concluded_at.date()),
                       konklusjon=_(CONCLUSIONS.get(summary.conclusion or "", "")), navn=summary.concluded_by)
                     if summary.concluded_at else _("pågår"))
            self.history.addItem(_("Versjon {versjon} – {tilstand}", versjon=summary.revision, tilstand=state))
        # Start on the first criterion that still needs the caseworker (what the conversation is about).
        first = next((i for i, c in enumerate(view.evaluation.criteria)
                      if c.code in {code for code, _msg in view.evaluation.problems}), 0)
        self.criteria.selectRow(first)
        self._show_evaluation(view.evaluation)

    def _show_evaluation(self, evaluation: screening.Evaluation) -> None:
        row = max(0, self.criteria.currentIndex().row())
        criteria = tuple(CriterionView(c.code, c.label, c.state, c.reasoning, c.reference)
                         for c in evaluation.criteria)
        self.criteria_model.set_criteria(criteria, {c.code: c.rule_text for c in evaluation.criteria})
        self._summary(criteria)
        self._evaluation = evaluation
        if evaluation.prompts:
            items = "".join(f"<li>{html.escape(p.text)} <i>({html.escape(p.reference)})</i></li>"
                            for p in evaluation.prompts)
            self.prompts.setText(f"<b>{html.escape(_('Særlige forhold å vurdere'))}</b><ul>{items}</ul>")
        self.prompts.setVisible(bool(evaluation.prompts))
        self.criteria.selectRow(min(row, len(criteria) - 1))
        self.criteria.resizeRowsToContents()
        self.criteria.scrollTo(self.criteria.currentIndex())  # the chosen criterion in view
        self._row_timer.start()
        self._show_criterion()

    def _current(self) -> screening.CriterionState | None:
        evaluation = getattr(self, "_evaluation", None)
        row = self.criteria.currentIndex().row()
        if evaluation is None or self.view is None or not (0 <= row < len(evaluation.criteria)):
            return None
        return evaluation.criteria[row]

    def _show_criterion(self) -> None:
        item = self._current()
        if item is None:
            self.why.clear()
            return
        facts = "".join(f"<li>{html.escape(line)}</li>" for line in item.facts_used)
        reasons = "".join(f"<li>{html.escape(r.text)} <i>({html.escape(r.reference)})</i></li>" for r in item.reasons)
        kind = (_("Skjønnsvilkår: saksbehandleren vurderer og begrunner.") if item.needs_judgement
                else _("Avgjøres av regelen ut fra opplysningene."))
        used, why = _("Opplysninger brukt"), _("Hvorfor?")  # outside the f-string, so Babel extracts them
        self.why.setText(
            f"<b>{html.escape(_(item.label))}</b> – {html.escape(state_label(item.state))} "
            f"({html.escape(item.reference)})<br>{html.escape(kind)}"
            f"<br><b>{html.escape(used)}:</b><ul>{facts}</ul>"
            f"<b>{html.escape(why)}</b><ul>{reasons}</ul>"
        )
        self._loading = True
        judgement = self._judgements.get(item.code)
        self.assessment.setCurrentIndex(max(0, self.assessment.findData(judgement.assessment))
                                        if judgement and judgement.assessment else 0)
        self.reasoning.setPlainText(judgement.reasoning if judgement else "")
        self._loading = False
        editable = self.view is not None and not self.view.concluded
        self.assessment.setEnabled(editable and item.needs_judgement)
        self.reasoning.setEnabled(editable)

    def facts(self) -> ScreeningFacts:
        return ScreeningFacts(
            lawful_residence=self.lawful.currentData(), fixed_abode=self.abode.currentData(),
            eea_citizen_or_family=self.eea.isChecked(), residence_only_utl_111=self.utl111.isChecked(),
            benefits=frozenset(code for code, box in self.benefit_boxes.items() if box.isChecked()),
            language_only_obstacle=self.language.currentData(), serving_sentence=self.sentence.isChecked(),
            in_ordinary_education=self.education.isChecked(),
        )  # fmt: skip

    def judgements(self) -> tuple[Judgement, ...]:
        return tuple(self._judgements.values())

    def _facts_edited(self) -> None:
        if not self._loading:
            self._preview_timer.start()

    def _judgement_edited(self) -> None:
        item = self._current()
        if self._loading or item is None:
            return
        self._judgements[item.code] = Judgement(item.code, self.assessment.currentData(),
                                                self.reasoning.toPlainText())
        self._preview_timer.start()

    def set_judgement(self, code: str, assessment: str | None, reasoning: str) -> None:
        """Choose the criterion ``code`` and write the assessment (what the keyboard user does)."""
        evaluation = getattr(self, "_evaluation", None)
        assert evaluation is not None
        row = next(i for i, c in enumerate(evaluation.criteria) if c.code == code)
        self.criteria.selectRow(row)
        self.assessment.setCurrentIndex(max(0, self.assessment.findData(assessment)) if assessment else 0)
        self.reasoning.setPlainText(reasoning)

    def refresh_evaluation(self) -> None:
        self._preview_timer.stop()
        view = self.view
        if view is None or view.concluded:
            return
        facts, judgements = self.facts(), self.judgements()
        evaluation = call_service(self, lambda: screening.preview(self.ctx, view.id, facts, judgements))
        if evaluation is not None:
            self._show_evaluation(evaluation)

    # --- jobs -------------------------------------------------------------------------------
    def _run(self, func: Any) -> Any:
        """Run a service job; a refusal is shown under the criteria (readable during the conversation)."""
        self.problems.clear()
        try:
            return func()
        except ServiceError as error:
            self.problems.setText(error.message)
            return None

    def start_or_revise(self) -> None:
        app = self.current_application()
        if app is None:
            return
        if self._run(lambda: screening.start_screening(self.ctx, app.id)) is not None:
            self._reload_keeping(app.id)

    def save(self) -> None:
        view = self.view
        if view is None:
            return
        facts, judgements = self.facts(), self.judgements()
        if self._run(lambda: screening.save_screening(self.ctx, view.id, view.version, facts, judgements)):
            self._reload_keeping(view.application_id)

    def conclude(self) -> None:
        self.refresh_evaluation()
        view = self.view
        evaluation = getattr(self, "_evaluation", None)
        if view is None or evaluation is None:
            return
        if evaluation.problems:
            if any(c.state == "not_met" for c in evaluation.criteria):  # a refusal needs only the failed ones
                lead = _("Avslaget kan konkluderes når vilkårene som ikke er oppfylt, er vurdert og begrunnet.")
            else:
                lead = _("Vurderingen kan ikke konkluderes før alle vilkår er vurdert og begrunnet.")
            lines = [lead, *(msg for _code, msg in evaluation.problems)]
            if any(code == "work_ability_assessment" for code, _msg in evaluation.problems):
                # The way on without inventing an assessment: get one, or refuse on a failed criterion.
                lines.append(_("Mangler arbeidsevnevurderingen: be om en arbeidsevnevurdering etter NAV-loven § 14 a "
                               "og registrer den med «Endre søknad…», eller avslå hvis et annet vilkår ikke er "
                               "oppfylt (sett vurderingen til «Ikke oppfylt» og begrunn den)."))
            self.problems.setText(" ".join(lines))
            return
        dialog = ConcludeDialog(evaluation, _next_monday(dt.date.today() + dt.timedelta(days=14)), self)
        facts, judgements = self.facts(), self.judgements()
        while self.dialog_runner(dialog) == QDialog.DialogCode.Accepted:
            try:
                start, period_to = dialog.dates()
                result = screening.conclude_screening(
                    self.ctx, view.id, view.version, facts, judgements,
                    ConclusionInput(start, period_to, dialog.considerations.toPlainText(),
                                    dialog.warnings_answer.toPlainText()))
            except ValidationError as error:
                others = {field: text for field, text in error.problems.items() if field != "warnings_answer"}
                if "warnings_answer" in error.problems:
                    dialog.show_warnings(error.problems["warnings_answer"])
                dialog.errors.setText(" ".join(others.values()))
                continue
            except (ServiceError, ValueError) as error:
                dialog.errors.setText(str(error))
                continue
            text = _("Konkludert: {konklusjon}. Vedtaksutkastet er laget (nr. {nr}).",
                     konklusjon=_(CONCLUSIONS[result.conclusion]), nr=result.decision_id)
            if result.preview:
                text += "\n" + preview_text(result.preview)
            self._reload_keeping(view.application_id)
            self.problems.setStyleSheet("color: #1e5e20;")
            self.problems.setText(text)
            self.changed.emit()
            self.letter_button.setFocus()  # the next step: Enter opens the draft letter
            return

    def print_for_conversation(self) -> None:
        view = self.view
        if view is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Utskrift til samtale"), "inngangsvilkaar.pdf",
                                                    "PDF (*.pdf)")
        if path:
            self.write_print(path)

    def write_print(self, path: str) -> bool:
        view = self.view
        if view is None:
            return False
        data = self._run(lambda: screening.print_for_conversation(self.ctx, view.id))
        if data is None:
            return False
        with open(path, "wb") as handle:
            handle.write(data)
        return True

    def new_application(self) -> None:
        if self.person_id is None:
            return
        person_id = self.person_id
        caseworkers = call_service(self, lambda: applications.kvp_caseworkers(self.ctx)) or []
        dialog = ApplicationDialog(person_id, caseworkers, parent=self)
        while self.dialog_runner(dialog) == QDialog.DialogCode.Accepted:
            try:
                saved = applications.register_application(self.ctx, dialog.values())
            except ServiceError as error:
                dialog.show_errors(error.message)
                continue
            self._reload_keeping(saved.id)
            self.changed.emit()
            return

    def edit_application(self) -> None:
        app = self.current_application()
        if app is None:
            return
        detail = call_service(self, lambda: applications.get_application(self.ctx, app.id))
        caseworkers = call_service(self, lambda: applications.kvp_caseworkers(self.ctx)) or []
        if detail is None:
            return
        dialog = ApplicationDialog(detail.person_id, caseworkers, detail, parent=self)
        while self.dialog_runner(dialog) == QDialog.DialogCode.Accepted:
            try:
                applications.update_application(self.ctx, detail.id, detail.version, dialog.values())
            except ServiceError as error:
                dialog.show_errors(error.message)
                continue
            self._reload_keeping(detail.id)
            self.changed.emit()
            return

    def edit_mapping(self) -> None:
        app = self.current_application()
        if app is None:
            return
        current = call_service(self, lambda: applications.get_mapping(self.ctx, app.id))
        if current is None:
            return
        dialog = MappingDialog(current, self)
        accepted = self.dialog_runner(dialog) == QDialog.DialogCode.Accepted
        if accepted and self._run(lambda: applications.save_mapping(self.ctx, app.id, current.version,
                                                                    dialog.values())):
            self._reload_keeping(app.id)

    def _reload_keeping(self, application_id: int) -> None:
        self._read_deadlines = True  # after a change: the deadlines are read again, not taken from the bar
        try:
            self.reload()
        finally:
            self._read_deadlines = False
        for row, app in enumerate(self._applications):
            if app.id == application_id:
                self.application_list.setCurrentRow(row)


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)
