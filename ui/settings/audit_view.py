"""Innstillinger → Revisjonslogg…: the manager's view of the audit trail, filtered, loaded as it scrolls."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex
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
from ui.table_model import Column, PagedTableModel

BATCH = 200


def _thing(row: audit.AuditRow) -> str:
    return row.entity + (f" {row.entity_id}" if row.entity_id is not None else "")


class AuditTableModel(PagedTableModel[audit.AuditRow]):
    """Rows of the trail, fetched a batch at a time when the view scrolls near the end
    (the trail only grows: a short page is the end)."""

    page_size = BATCH
    columns = (
        Column("at", N_("Tidspunkt"), lambda row: row.at.strftime("%d.%m.%Y %H:%M:%S"), tooltip=True),
        Column("user", N_("Bruker"), lambda row: row.username, tooltip=True),
        Column("machine", N_("Maskin"), lambda row: row.machine, tooltip=True),
        Column("action", N_("Handling"), lambda row: row.action_label, tooltip=True),
        Column("person", N_("Person"), lambda row: row.person_label, tooltip=True),
        Column("thing", N_("Gjelder"), _thing, tooltip=True),
        Column("detail", N_("Detaljer"), lambda row: row.detail, tooltip=True),
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._filter = audit.AuditFilter()
        self.total = 0

    def search(self, flt: audit.AuditFilter) -> int:
        """A new search: counts (and records the viewing), then loads the first batch."""
        total = audit.search(self._ctx, flt)
        self._filter, self.total = flt, total
        self.restart()
        self.fetchMore(QModelIndex())
        return total

    def load_page(self, offset: int, limit: int) -> list[audit.AuditRow]:
        return audit.page(self._ctx, self._filter, offset, limit)

    def row(self, number: int) -> audit.AuditRow:
        return self._items[number]


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
