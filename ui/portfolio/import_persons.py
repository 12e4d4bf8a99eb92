"""Importer personer: choose a CSV/.xlsx file, map its columns, preview every row, then import.

Rows with errors are listed with their row number and the Norwegian message. With errors the
caseworker chooses: «Importer de gyldige radene» (the others are left out) or cancel; nothing
is half imported (see services/portfolio/person_import.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.portfolio import person_import
from kvp_desktop.services.portfolio.person_import import ImportPreview, RawTable
from ui.errors import show_service_error

STATUS = {"ok": "OK", "error": "Feil", "exists": "Finnes fra før", "repeat": "Gjentatt i filen"}


class ImportPersonsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("importPersonsDialog")
        self.setWindowTitle(_("Importer personer"))
        self.setAccessibleName(_("Importer personer"))
        self._ctx = ctx
        self._today = today
        self.table_data: RawTable | None = None
        self.preview: ImportPreview | None = None
        self.imported = 0

        self.file_button = QPushButton(_("&Velg fil…"))
        self.file_button.setObjectName("importChooseFile")
        self.file_button.setAccessibleName(_("Velg fil"))
        self.file_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(_("Velg en CSV- eller Excel-fil (.xlsx). Se docs/import-format.md for kolonnene."))
        self.file_label.setObjectName("importFileLabel")
        self.file_label.setWordWrap(True)

        self.mapping = QTableWidget(len(person_import.FIELDS), 2)
        self.mapping.setObjectName("importMapping")
        self.mapping.setAccessibleName(_("Kolonner"))
        self.mapping.setHorizontalHeaderLabels([_("Felt"), _("Kolonne i filen")])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.column_boxes: dict[str, QComboBox] = {}
        for row, f in enumerate(person_import.FIELDS):
            item = QTableWidgetItem(_(f.label) + (" *" if f.required else ""))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.mapping.setItem(row, 0, item)
            box = QComboBox()
            box.setObjectName(f"importColumn_{f.key}")
            box.setAccessibleName(_("Kolonne for {felt}", felt=_(f.label)))
            box.currentIndexChanged.connect(self._mapping_changed)
            self.column_boxes[f.key] = box
            self.mapping.setCellWidget(row, 1, box)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.rows = QTableWidget(0, 4)
        self.rows.setObjectName("importRows")
        self.rows.setAccessibleName(_("Rader med merknader"))
        self.rows.setHorizontalHeaderLabels([_("Rad"), _("Person"), _("Status"), _("Melding")])
        self.rows.verticalHeader().setVisible(False)
        self.rows.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        self.check_button = QPushButton(_("&Kontroller"))
        self.check_button.setObjectName("importCheck")
        self.check_button.clicked.connect(self.run_preview)
        self.import_button = QPushButton(_("&Importer"))
        self.import_button.setObjectName("importAll")
        self.import_button.clicked.connect(lambda: self.run_import(only_valid=False))
        self.valid_button = QPushButton(_("Importer de &gyldige radene"))
        self.valid_button.setObjectName("importValid")
        self.valid_button.clicked.connect(lambda: self.run_import(only_valid=True))
        self.cancel_button = QPushButton(_("Avbryt"))
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.check_button, self.import_button, self.valid_button, self.cancel_button):
            button.setAccessibleName(button.text().replace("&", ""))

        top = QHBoxLayout()
        top.addWidget(self.file_button)
        top.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.valid_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(_("Kolonner (* må finnes):")))
        layout.addWidget(self.mapping, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 2)
        layout.addLayout(buttons)
        self._update_buttons()
        self.resize(760, 760)

    # --- file and mapping ----------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Importer personer"), "", _("Regneark og CSV (*.csv *.xlsx *.txt);;Alle filer (*)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        try:
            table = person_import.read_table(path)
        except ServiceError as error:
            show_service_error(self, error)
            return False
        self.table_data = table
        where = table.encoding + (f", skilletegn «{table.delimiter}»" if table.delimiter else "")
        self.file_label.setText(_("{fil}: {rader} rader ({hvor})", fil=path.name, rader=len(table.rows), hvor=where))
        guess = person_import.guess_mapping(table.headers)
        for key, box in self.column_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(_("(ikke i filen)"), None)
            for index, header in enumerate(table.headers):
                box.addItem(header or _("kolonne {nr}", nr=index + 1), index)
            box.setCurrentIndex(box.findData(guess[key]) if key in guess else 0)
            box.blockSignals(False)
        self.run_preview()
        return True

    def current_mapping(self) -> dict[str, int]:
        return {key: box.currentData() for key, box in self.column_boxes.items() if box.currentData() is not None}

    def _mapping_changed(self, *_args: object) -> None:
        self.preview = None
        self.rows.setRowCount(0)
        self.summary.setText(_("Kolonnene er endret. Trykk «Kontroller»."))
        self._update_buttons()

    # --- preview and import --------------------------------------------------------------------
    def run_preview(self) -> None:
        if self.table_data is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = person_import.preview_import(self._ctx, self.table_data, self.current_mapping(),
                                                        today=self._today())
        except ValidationError as error:
            self.preview = None
            self.summary.setText(error.message)
            self.rows.setRowCount(0)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
            self._update_buttons()
        self._show_preview(self.preview)
        self._update_buttons()

    def _show_preview(self, preview: ImportPreview) -> None:
        noted = [row for row in preview.rows if row.status != "ok"]
        self.summary.setText(_(
            "{ok} rader kan importeres, {feil} har feil, {hopp} hoppes over.",
            ok=preview.valid, feil=len(preview.errors), hopp=len(preview.skipped),
        ))
        self.rows.setRowCount(len(noted))
        for line, row in enumerate(noted):
            for column, value in enumerate((str(row.row_number), f"{row.name} {row.masked_id}".strip(),
                                            _(STATUS[row.status]), " ".join(row.messages))):
                item = QTableWidgetItem(value)
                if row.status == "error":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.rows.setItem(line, column, item)
        self.rows.resizeColumnsToContents()

    def _update_buttons(self) -> None:
        preview = self.preview
        self.import_button.setEnabled(bool(preview and preview.valid and not preview.errors))
        self.valid_button.setEnabled(bool(preview and preview.valid and preview.errors))
        self.check_button.setEnabled(self.table_data is not None)

    def run_import(self, *, only_valid: bool) -> None:
        if self.table_data is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = person_import.import_persons(self._ctx, self.table_data, self.current_mapping(),
                                                  only_valid=only_valid, today=self._today())
        except ServiceError as error:
            QGuiApplication.restoreOverrideCursor()
            show_service_error(self, error)
            return
        QGuiApplication.restoreOverrideCursor()
        self.imported = result.imported
        self.accept()
