"""Rapporter → KOSTRA 11CF…: build the year's file from the database, show SSB's findings, export.

The check runs off the GUI thread (``services.reports.kostra.check_year``). Each finding shows the person
(name and masked fødselsnummer), the field, SSB's severity and message, and where it is fixed; "Gå
til" (or a double click / Enter) selects the person in the main window and opens the right tab.
Export is enabled only when no FATAL or ERROR finding remains; the service refuses otherwise too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.reports import kostra
from ui.errors import call_service
from ui.runner import LatestJob
from ui.widgets import controls

SEVERITY_COLOURS = {"FATAL": QColor("#8B0000"), "ERROR": QColor("#B3261E"), "WARNING": QColor("#8A5A00"),
                    "INFO": QColor("#34495E")}
COLUMNS = 6  # severity, person, field, message, fix where, rule


class KostraDialog(QDialog):
    """The KOSTRA 11CF dialog. ``go_to`` asks the main window to show a person's tab."""

    go_to = Signal(int, str)  # person id, main-window tab key

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, year: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kostraDialog")
        self.setWindowTitle(_("KOSTRA 11CF – kvalifiseringsstønad til SSB"))
        self.setAccessibleName(self.windowTitle())
        self._ctx = ctx
        self.check: kostra.KostraCheck | None = None
        self._worker = LatestJob(self)
        self._worker.finished.connect(self._show)
        self._worker.failed.connect(self._failed)

        self.year = controls.combo("kostraYear", _("Rapporteringsår"),
                                   [(str(value), value) for value in reversed(kostra.available_years())])
        if year is not None and self.year.findData(year) >= 0:
            self.year.setCurrentIndex(self.year.findData(year))
        caption = QLabel(_("&Rapporteringsår:"))
        caption.setBuddy(self.year)
        self.validate_button = QPushButton(_("&Kontroller"))
        self.validate_button.setObjectName("kostraValidate")
        self.validate_button.setAccessibleName(_("Kontroller filen med SSBs kontroller"))
        self.validate_button.clicked.connect(self.validate)
        self.progress = QProgressBar()
        self.progress.setObjectName("kostraProgress")
        self.progress.setAccessibleName(_("Kontrollen pågår"))
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.year)
        top.addWidget(self.validate_button)
        top.addWidget(self.progress)
        top.addStretch(1)

        self.summary = QLabel(_("Velg år og trykk «Kontroller». Filen bygges fra databasen og kontrolleres med "
                                "SSBs egne kontroller før den kan lagres."))
        self.summary.setObjectName("kostraSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.table = controls.read_only_table(
            "kostraFindings", _("Funn fra kontrollen"),
            [_("Alvorlighet"), _("Person"), _("Felt"), _("Melding"), _("Rettes i"), _("Kontroll")])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Interactive,
                                       QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(2, 200)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.go_to_selected())
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.activated.connect(self.go_to_selected)

        self.go_button = QPushButton(_("&Gå til"))
        self.go_button.setObjectName("kostraGoTo")
        self.go_button.setAccessibleName(_("Gå til stedet der opplysningen rettes"))
        self.go_button.setEnabled(False)
        self.go_button.clicked.connect(self.go_to_selected)
        self.export_button = QPushButton(_("&Lagre fil til SSB…"))
        self.export_button.setObjectName("kostraExport")
        self.export_button.setAccessibleName(_("Lagre KOSTRA-filen"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())
        close = QPushButton(_("Lukk"))
        close.setObjectName("kostraClose")
        close.setAccessibleName(_("Lukk"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.go_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.resize(1150, 620)

    # --- checking --------------------------------------------------------------------------
    @property
    def chosen_year(self) -> int:
        return int(self.year.currentData())

    @property
    def loading(self) -> bool:
        return self._worker.busy

    def _year_changed(self) -> None:
        self.check = None
        self.table.setRowCount(0)
        self.export_button.setEnabled(False)
        self.summary.setText(_("Trykk «Kontroller» for å kontrollere {aar}.", aar=self.chosen_year))

    def validate(self) -> None:
        ctx, year = self._ctx, self.chosen_year
        self.validate_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.summary.setText(_("Bygger filen for {aar} og kjører SSBs kontroller …", aar=year))
        self._worker.start(lambda: kostra.check_year(ctx, year))

    def _failed(self, error: object) -> None:
        self.progress.setVisible(False)
        self.validate_button.setEnabled(True)
        self.summary.setText("")
        if isinstance(error, ServiceError):
            self.summary.setText(error.message)  # the router shows it too

    def _show(self, check: object) -> None:
        assert isinstance(check, kostra.KostraCheck)
        self.check = check
        self.progress.setVisible(False)
        self.validate_button.setEnabled(True)
        counts = check.counts
        text = _("{aar}: {poster} poster. Fatale feil: {fatal}, feil: {feil}, advarsler: {advarsler}.",
                 aar=check.year, poster=check.record_count, fatal=counts["FATAL"], feil=counts["ERROR"],
                 advarsler=counts["WARNING"])
        if check.blocks_export:
            text += " " + _("SSB vil avvise filen. Rett feilene (velg en linje og «Gå til»), og kontroller på nytt.")
        elif counts["WARNING"] or counts["INFO"]:
            text += " " + _("Filen kan sendes, men se gjennom advarslene.")
        else:
            text += " " + _("Ingen funn. Filen kan sendes til SSB.")
        self.summary.setText(text)
        self.table.setRowCount(len(check.findings))
        for row, finding in enumerate(check.findings):
            person = f"{finding.person_name} ({finding.masked_person})" if finding.masked_person else ""
            control = finding.title.split(" : ")[0] if " : " in finding.title else finding.rule_id
            values = [finding.severity_label, person, finding.field_label or (finding.field or ""), finding.message,
                      finding.target.label, control]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setForeground(SEVERITY_COLOURS[finding.severity])
                    font = item.font()
                    font.setBold(finding.blocks)
                    item.setFont(font)
                if column == 2 and finding.field:
                    item.setToolTip(finding.field)
                if column == 3:
                    item.setToolTip(finding.message)
                if column == 5:
                    item.setToolTip(f"{finding.title} ({finding.rule_id})")
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.export_button.setEnabled(check.record_count > 0 and not check.blocks_export)
        if check.findings:
            self.table.selectRow(0)
        self._selection_changed()

    # --- going to the data -----------------------------------------------------------------
    def selected_finding(self) -> kostra.KostraFinding | None:
        rows = self.table.selectionModel().selectedRows()
        if self.check is None or not rows:
            return None
        return self.check.findings[rows[0].row()]

    def _selection_changed(self) -> None:
        finding = self.selected_finding()
        self.go_button.setEnabled(finding is not None and finding.target.area != kostra.AREA_FILE)

    def go_to_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            return
        target = finding.target
        if target.person_id is not None and target.tab is not None:
            self.go_to.emit(target.person_id, target.tab)
        elif target.area == kostra.AREA_SETTINGS:
            QMessageBox.information(
                self, _("KOSTRA 11CF"),
                _("«{felt}» hentes fra kontorets innstillinger (kommunenummer og bydelsnummer). Be en leder eller "
                  "administrator rette dem, og kontroller på nytt.", felt=finding.field_label))

    # --- export ----------------------------------------------------------------------------
    def export(self, path: Path | None = None) -> Path | None:
        if self.check is None or self.check.blocks_export:
            return None
        year = self.chosen_year
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Lagre KOSTRA-filen"), str(Path.home() / f"kostra_11cf_{year}.dat"),
                _("KOSTRA-fil (*.dat *.txt);;Alle filer (*)"))
            if not chosen:
                return None
            path = Path(chosen)
        result = call_service(self, lambda: kostra.export_file(self._ctx, year, path))
        if result is None:
            return None
        self.summary.setText(_("Lagret {fil} ({poster} poster, tegnsett ISO-8859-1), klar til å sendes til SSB.",
                               fil=str(result.path), poster=result.record_count))
        return result.path


    @property
    def ctx(self) -> AppContext:
        return self._ctx


def open_kostra_dialog(parent: QWidget, ctx: AppContext, go_to: Callable[[int, str], None]) -> KostraDialog:
    """Show the dialog (reusing an open one for the same database); ``go_to(person_id, tab)`` jumps."""
    dialog = parent.findChild(KostraDialog)
    if dialog is not None and dialog.ctx is not ctx:  # another database was opened meanwhile
        dialog.close()
        dialog.deleteLater()
        dialog = None
    if dialog is None:
        dialog = KostraDialog(ctx, parent)
        dialog.go_to.connect(go_to)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
