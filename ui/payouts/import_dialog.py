"""Import an attendance list (CSV/.xlsx) from a provider: check every row first, show the per-row
errors, and save nothing unless every row is right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.programmes import attendance_import
from ui.errors import call_service
from ui.widgets.controls import button, line_edit


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("attendanceImportDialog")
        self.setWindowTitle(_("Importer oppmøteliste"))
        self.resize(760, 480)
        self.path = line_edit("importPath", _("Fil med oppmøteliste"))
        browse = button(_("&Velg fil …"), "importBrowse", self._browse, accessible=_("Velg fil"))
        self.check_button = button(_("&Kontroller"), "importCheck", self.check, accessible=_("Kontroller filen"))
        self.summary = QLabel(_("Kolonner: fødselsnummer, dato, oppmøte, gyldig fravær, fraværstype, "
                                "ugyldig fravær, lønnet arbeid, merknad."))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.errors = QListWidget()
        self.errors.setObjectName("importErrors")
        self.errors.setAccessibleName(_("Feil per rad"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(_("&Importer"))
        self.save_button.setObjectName("importSave")
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Velg oppmøteliste"), "",
                                                    _("Oppmøtelister (*.csv *.xlsx)"))
        if name:
            self.path.setText(name)
            self.check()

    def check(self) -> None:
        result = call_service(self, lambda: attendance_import.preview(self.ctx, Path(self.path.text())))
        self.errors.clear()
        if result is None:
            self.save_button.setEnabled(False)
            return
        self.errors.addItems(list(result.errors))
        if result.errors:
            self.summary.setText(_("{feil} feil. Ingenting blir lagret før alle radene er riktige.",
                                   feil=len(result.errors)))
        else:
            self.summary.setText(_("{rader} rader er klare til import.", rader=len(result.rows)))
        self.save_button.setEnabled(not result.errors and bool(result.rows))

    def save(self) -> None:
        saved = call_service(self, lambda: attendance_import.import_file(self.ctx, Path(self.path.text())))
        if saved is not None:
            self.accept()
