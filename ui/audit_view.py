"""Innstillinger → Revisjonslogg…: the manager's view of the audit trail, filtered, loaded as it scrolls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _, format_number
from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.portfolio import persons
from ui.errors import call_service, show_service_error

BATCH = 200
COLUMNS = (N_("Tidspunkt"), N_("Bruker"), N_("Maskin"), N_("Handling"), N_("Person"), N_("Gjelder"),
           N_("Detaljer"))

Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """Rows of the trail, fetched a batch at a time when the view scrolls near the end."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._filter = audit.AuditFilter()
        self._rows: list[audit.AuditRow] = []
        self.total = 0
        self._exhausted = True

    def search(self, flt: audit.AuditFilter) -> int:
        """A new search: counts (and records the viewing), then loads the first batch."""
        total = audit.search(self._ctx, flt)
        self.beginResetModel()
        self._filter, self._rows, self.total, self._exhausted = flt, [], total, False
        self.endResetModel()
        self.fetchMore(QModelIndex())
        return total

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        batch = audit.page(self._ctx, self._filter, len(self._rows), BATCH)
        self._exhausted = len(batch) < BATCH  # the trail only grows: a short page is the end
        if not batch:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def row(self, number: int) -> audit.AuditRow:
        return self._rows[number]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        thing = row.entity + (f" {row.entity_id}" if row.entity_id is not None else "")
        values = (row.at.strftime("%d.%m.%Y %H:%M:%S"), row.username, row.machine, row.action_label,
                  row.person_label, thing, row.detail)
        return values[index.column()]


def _parse_day(text: str, label: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        raise ServiceError(_("{felt}: skriv datoen som dd.mm.åååå.", felt=label)) from None


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setAccessibleName(_("Revisjonslogg"))
        self.setWindowTitle(_("Revisjonslogg"))
        self._ctx = ctx

        self.person_search = QLineEdit()
        self.person_search.setObjectName("auditPersonSearch")
        self.person_search.setAccessibleName(_("Søk etter person"))
        self.person_search.setPlaceholderText(_("Navn eller fødselsnummer …"))
        self.person_search.textChanged.connect(self._find_persons)
        self.person = QComboBox()
        self.person.setObjectName("auditPerson")
        self.person.setAccessibleName(_("Person"))
        self.person.setMinimumWidth(280)
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.user = QComboBox()
        self.user.setObjectName("auditUser")
        self.user.setAccessibleName(_("Bruker"))
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.setAccessibleName(_("Handling"))
        users, actions = audit.choices(ctx)
        self.user.addItem(_("Alle brukere"), "")
        for name in users:
            self.user.addItem(name, name)
        self.action.addItem(_("Alle handlinger"), "")
        for code in actions:
            self.action.addItem(_(audit.ACTION_LABELS[code]) if code in audit.ACTION_LABELS else code, code)
        self.date_from = QLineEdit()
        self.date_from.setObjectName("auditFrom")
        self.date_from.setAccessibleName(_("Fra dato"))
        self.date_to = QLineEdit()
        self.date_to.setObjectName("auditTo")
        self.date_to.setAccessibleName(_("Til dato"))
        for field in (self.date_from, self.date_to):
            field.setPlaceholderText("dd.mm.åååå")
            field.returnPressed.connect(self.search)
        self.search_button = QPushButton(_("&Søk"))
        self.search_button.setObjectName("auditSearch")
        self.search_button.setAccessibleName(_("Søk i revisjonsloggen"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)

        filters = QGridLayout()
        filters.addWidget(QLabel(_("Person:")), 0, 0)
        filters.addWidget(self.person_search, 0, 1)
        filters.addWidget(self.person, 0, 2)
        filters.addWidget(QLabel(_("Bruker:")), 0, 3)
        filters.addWidget(self.user, 0, 4)
        filters.addWidget(QLabel(_("Handling:")), 1, 0)
        filters.addWidget(self.action, 1, 1)
        filters.addWidget(QLabel(_("Fra – til:")), 1, 3)
        dates = QGridLayout()
        dates.addWidget(self.date_from, 0, 0)
        dates.addWidget(self.date_to, 0, 1)
        filters.addLayout(dates, 1, 4)
        filters.addWidget(self.search_button, 1, 5)

        self.model = AuditTableModel(ctx)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(_("Hendelser i revisjonsloggen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 130, 90, 130, 240, 130)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        self.count.setObjectName("auditCount")
        note = QLabel(_("Revisjonsloggen kan ikke endres eller slettes. At du ser i den, blir også registrert."))
        note.setWordWrap(True)
        close = QDialogButtonBox()
        close.addButton(_("Lukk"), QDialogButtonBox.ButtonRole.RejectRole).setObjectName("auditClose")
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(note)
        layout.addWidget(close)
        self.resize(1150, 650)
        self._find_persons("")
        self.search()

    def _find_persons(self, text: str) -> None:
        self.person.clear()
        self.person.addItem(_("Alle personer"), None)
        if text.strip():
            for choice in persons.search_persons(self._ctx, text, limit=30):
                self.person.addItem(choice.label, choice.id)
            if self.person.count() > 1:
                self.person.setCurrentIndex(1)

    def current_filter(self) -> audit.AuditFilter:
        return audit.AuditFilter(
            person_id=self.person.currentData(),
            username=str(self.user.currentData() or ""),
            action=str(self.action.currentData() or ""),
            date_from=_parse_day(self.date_from.text(), _("Fra dato")),
            date_to=_parse_day(self.date_to.text(), _("Til dato")),
        )

    def search(self) -> None:
        try:
            flt = self.current_filter()
        except ServiceError as error:
            show_service_error(self, error)
            return
        total = call_service(self, lambda: self.model.search(flt))
        if total is not None:
            self.count.setText(_("1 hendelse") if total == 1 else _("{n} hendelser", n=format_number(total)))
