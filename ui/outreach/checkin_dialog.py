"""Fil → Lever inn…: import an outreach file, then resolve conflicts with both versions side by side."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.changes import Changes
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.outreach import copies as outreach
from ui.errors import call_service
from ui.runner import Job, run_job
from ui.widgets import controls

SIDE_LABELS = {"office": N_("Kontorets"), "laptop": N_("Utekopiens")}


class CheckInDialog(QDialog):
    checked_in = Signal(object)  # CheckInResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkInDialog")
        self.setAccessibleName(_("Lever inn"))
        self.setWindowTitle(_("Lever inn utekopi"))
        self._ctx = ctx
        self._task: Job | None = None
        self._conflicts: list[outreach.ConflictView] = []

        self.path = controls.line_edit("checkInPath", _("Utekopien som leveres inn"), _("Velg filen med utekopien …"))
        browse = controls.button(_("Velg …"), "checkInBrowse", self._browse, accessible=_("Velg utekopi"))
        self.passphrase = controls.line_edit("checkInPassphrase", _("Passord"), _("Passordet for utekopien"),
                                             password=True)
        self.start_button = QPushButton(_("&Lever inn"))
        self.start_button.setObjectName("checkInStart")
        self.start_button.setAccessibleName(_("Lever inn"))
        self.start_button.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(self.path, 2)
        top.addWidget(browse)
        top.addWidget(self.passphrase, 1)
        top.addWidget(self.start_button)

        self.progress = QProgressBar()
        self.progress.setObjectName("checkInProgress")
        self.progress.setAccessibleName(_("Leverer inn"))
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setObjectName("checkInSummary")
        self.summary.setWordWrap(True)

        self.list = QTableWidget(0, 3)
        self.list.setObjectName("conflictList")
        self.list.setAccessibleName(_("Konflikter"))
        self.list.setHorizontalHeaderLabels([_("Person"), _("Hva"), _("Hvorfor")])
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setWordWrap(True)
        self.list.verticalHeader().hide()
        self.list.itemSelectionChanged.connect(self._show_selected)

        self.fields = QTableWidget(0, 5)
        self.fields.setObjectName("conflictFields")
        self.fields.setAccessibleName(_("Begge versjoner side om side"))
        self.fields.setHorizontalHeaderLabels(
            [_("Felt"), _("Da den ble tatt ut"), _("Kontoret nå"), _("Utekopien"), _("Bruk")])
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
        self.fields.setColumnWidth(4, 130)
        self.fields.verticalHeader().hide()
        self.fields.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("conflictDetail")
        self.detail.setWordWrap(True)

        self.keep_office = QPushButton(_("Behold &kontorets"))
        self.take_laptop = QPushButton(_("Ta &utekopiens"))
        self.merge = QPushButton(_("&Slå sammen felt for felt"))
        for button, name, choice in ((self.keep_office, "conflictKeepOffice", "office"),
                                     (self.take_laptop, "conflictTakeLaptop", "laptop"),
                                     (self.merge, "conflictMerge", "merge")):
            button.setObjectName(name)
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(lambda _checked=False, c=choice: self.resolve(c))
        choices = QHBoxLayout()
        choices.addStretch(1)
        choices.addWidget(self.keep_office)
        choices.addWidget(self.take_laptop)
        choices.addWidget(self.merge)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.fields, 1)
        right_layout.addLayout(choices)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([420, 680])

        close = QDialogButtonBox()
        close_button = close.addButton(_("Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close_button.setObjectName("checkInClose")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.resize(1100, 620)
        self.reload()

    # --- check in --------------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Lever inn"), str(Path.home()),
            _("Utekopi (*{ending});;Alle filer (*)", ending=outreach.FILE_SUFFIX))
        if path:
            self.path.setText(path)

    def start(self) -> None:
        path, phrase, ctx = Path(self.path.text().strip()), self.passphrase.text(), self._ctx
        if not self.path.text().strip():
            self.summary.setText(_("Velg filen med utekopien først."))
            return
        self.progress.show()
        self.start_button.setEnabled(False)
        self._task = run_job(self, lambda: outreach.check_in(ctx, path, phrase), self._finished,
                             on_error=self._failed, changes=Changes.everything())

    def _finished(self, result: outreach.CheckInResult) -> None:
        self._task = None
        self.progress.hide()
        self.start_button.setEnabled(True)
        self.passphrase.clear()
        self.summary.setText(_(
            "Utekopien er levert inn: {oppdatert} endringer tatt inn, {nye} nye poster, {konflikter} konflikter "
            "å løse. Personene er ikke lenger merket som tatt med ut.",
            oppdatert=result.updated, nye=result.inserted, konflikter=result.conflicts))
        self.reload()
        self.checked_in.emit(result)

    def _failed(self, _error: BaseException) -> None:
        self._task = None  # the router shows the error
        self.progress.hide()
        self.start_button.setEnabled(True)

    # --- conflicts -------------------------------------------------------------------------------
    def reload(self) -> None:
        found = call_service(self, lambda: outreach.list_conflicts(self._ctx))
        self._conflicts = found or []
        self.list.setRowCount(len(self._conflicts))
        for row, conflict in enumerate(self._conflicts):
            for column, text in enumerate((conflict.person_label, conflict.table_label, conflict.kind_label)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.list.setItem(row, column, item)
        self.list.resizeColumnsToContents()
        self.list.resizeRowsToContents()
        if not self._conflicts and not self.summary.text():
            self.summary.setText(_("Ingen konflikter venter på å bli løst."))
        self.list.clearSelection()
        if self._conflicts:
            self.list.selectRow(0)  # shows it (selection changed)
        else:
            self._show_selected()

    def selected(self) -> outreach.ConflictView | None:
        rows = self.list.selectionModel().selectedRows()
        return self._conflicts[rows[0].row()] if rows and rows[0].row() < len(self._conflicts) else None

    def _show_selected(self) -> None:
        conflict = self.selected()
        for button in (self.keep_office, self.take_laptop, self.merge):
            button.setEnabled(conflict is not None)
        for row in range(self.fields.rowCount()):  # old choices go now, not at the next event loop turn
            old = self.fields.cellWidget(row, 4)
            if old is not None:
                old.setObjectName("")
                self.fields.removeCellWidget(row, 4)
        self.fields.setRowCount(0)
        if conflict is None:
            self.detail.setText("")
            return
        shown = [f for f in conflict.fields if f.differs] or list(conflict.fields)
        more = " " + _("{n} poster registrert i utekopien hører til denne og tas med.", n=conflict.dependents) \
            if conflict.dependents else ""
        self.detail.setText(f"<b>{conflict.table_label}</b> – {conflict.person_label}<br>{conflict.kind_label}."
                            + more)
        self.fields.setRowCount(len(shown))
        for row, field in enumerate(shown):
            for column, text in enumerate((field.label, field.base, field.office, field.laptop)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, field.name)
                self.fields.setItem(row, column, item)
            combo = QComboBox()
            combo.setObjectName(f"conflictChoice_{field.name}")
            combo.setAccessibleName(_("Bruk verdien for {felt}", felt=field.label))
            if field.suggested == "choose":
                combo.addItem(_("Velg …"), "")
            for side in ("office", "laptop"):
                combo.addItem(_(SIDE_LABELS[side]), side)
            if field.suggested in ("office", "laptop"):
                combo.setCurrentIndex(combo.findData(field.suggested))
            self.fields.setCellWidget(row, 4, combo)
        self.fields.resizeRowsToContents()

    def field_choices(self) -> dict[str, str]:
        chosen = {}
        for row in range(self.fields.rowCount()):
            combo, label = self.fields.cellWidget(row, 4), self.fields.item(row, 0)
            if isinstance(combo, QComboBox) and label is not None and combo.currentData():
                chosen[str(label.data(Qt.ItemDataRole.UserRole))] = str(combo.currentData())
        return chosen

    def resolve(self, choice: str) -> bool:
        conflict = self.selected()
        if conflict is None:
            return False
        fields = self.field_choices() if choice == "merge" else None
        done = call_service(self, lambda: outreach.resolve_conflict(self._ctx, conflict.id, choice, fields))
        if done is None:
            return False
        self.summary.setText(_("Konflikten er løst. Begge versjoner er tatt vare på."))
        self.reload()
        return True
