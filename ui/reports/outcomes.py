"""Rapporter → Resultater: participants, started, ended and the situation after ending, per year.

Filters: year, caseworker and age group. The numbers come from ``services.reports.outcomes`` (counted in
SQL), loaded off the GUI thread; the charts are drawn with QPainter; the table and both charts show
the same numbers. Export to Excel (.xlsx) and PDF through the same service.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_number
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.reports import outcomes
from ui.errors import call_service
from ui.reports.charts import HorizontalBarChart, YearBarChart
from ui.runner import LatestJob
from ui.widgets import controls


def _percent(share: float | None) -> str:
    if share is None:
        return ""
    value = Decimal(str(share * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_number(value, decimals=1)} %"


class _Tile(QFrame):
    """One key number with its label (Deltakere 16)."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.number = QLabel("–")
        self.number.setObjectName(f"{name}Number")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(label)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        self.setAccessibleName(label)

    def set_value(self, value: int) -> None:
        self.number.setText(format_number(value))
        self.setAccessibleDescription(str(value))


class OutcomesDialog(QDialog):
    """The dashboard window (non-modal, one per main window)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomesDialog")
        self.setWindowTitle(_("Resultater i kvalifiseringsprogrammet"))
        self.setAccessibleName(self.windowTitle())
        self._ctx = ctx
        self._today = today or dt.date.today()
        self.report: outcomes.OutcomesReport | None = None
        self._worker = LatestJob(self)
        self._worker.finished.connect(self._show)
        self._worker.failed.connect(self._failed)

        self.year = controls.combo("outcomesYear", _("År"))
        self.caseworker = controls.combo("outcomesCaseworker", _("Saksbehandler"))
        self.age_group = controls.combo("outcomesAgeGroup", _("Aldersgruppe"), [(_("Alle aldre"), None)] + [
            (outcomes.age_group_label(key), key) for key in outcomes.AGE_GROUPS])
        filters = QHBoxLayout()
        for label, box in ((_("&År:"), self.year), (_("&Saksbehandler:"), self.caseworker),
                           (_("Al&der:"), self.age_group)):
            caption = QLabel(label)
            caption.setBuddy(box)
            filters.addWidget(caption)
            filters.addWidget(box)
            filters.addSpacing(12)
        filters.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("outcomesStatus")
        filters.addWidget(self.status)

        self.participants = _Tile("tileParticipants", _("Deltakere"))
        self.started = _Tile("tileStarted", _("Startet"))
        self.ended = _Tile("tileEnded", _("Avsluttet"))
        tiles = QHBoxLayout()
        for tile in (self.participants, self.started, self.ended):
            tiles.addWidget(tile)
        tiles.addStretch(1)

        self.situation_chart = HorizontalBarChart("situationChart")
        self.year_chart = YearBarChart("yearChart")
        self.table = controls.read_only_table("outcomesTable", _("Resultater i tabell"),
                                              [_("Måltall"), _("Antall"), _("Andel av avsluttede")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel(_(outcomes.SITUATION_NOTE))
        self.note.setWordWrap(True)
        self.note.setObjectName("outcomesNote")

        grid = QGridLayout()
        grid.addWidget(self.situation_chart, 0, 0)
        grid.addWidget(self.year_chart, 0, 1)
        grid.addWidget(self.table, 1, 0, 1, 2)
        grid.setRowStretch(1, 1)

        self.export_xlsx = QPushButton(_("Eksporter til &Excel…"))
        self.export_xlsx.setObjectName("outcomesExportXlsx")
        self.export_xlsx.setAccessibleName(_("Eksporter til Excel"))
        self.export_xlsx.clicked.connect(lambda _checked=False: self.save_xlsx())
        self.export_pdf = QPushButton(_("Lagre som &PDF…"))
        self.export_pdf.setObjectName("outcomesExportPdf")
        self.export_pdf.setAccessibleName(_("Lagre som PDF"))
        self.export_pdf.clicked.connect(lambda _checked=False: self.save_pdf())
        close = QPushButton(_("Lukk"))
        close.setObjectName("outcomesClose")
        close.setAccessibleName(_("Lukk"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_xlsx)
        buttons.addWidget(self.export_pdf)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.resize(1100, 760)
        self._fill_filters()
        for box in (self.year, self.caseworker, self.age_group):
            box.currentIndexChanged.connect(self.reload)
        self.reload()

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    # --- data ------------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        years = call_service(self, lambda: outcomes.available_years(self._ctx, self._today)) or (self._today.year,)
        self._years = tuple(years)
        for year in reversed(self._years):
            self.year.addItem(str(year), year)
        self.caseworker.addItem(_("Alle saksbehandlere"), None)
        for worker in call_service(self, lambda: outcomes.caseworkers(self._ctx)) or ():
            self.caseworker.addItem(worker.name, worker.id)

    @property
    def chosen_year(self) -> int:
        return int(self.year.currentData())

    def chosen_filter(self) -> outcomes.OutcomeFilter:
        return outcomes.OutcomeFilter(caseworker_id=self.caseworker.currentData(),
                                      age_group=self.age_group.currentData())

    def set_filters(self, year: int, caseworker_id: int | None = None, age_group: str | None = None) -> None:
        """Choose the filters (keyboard users and tests); the numbers reload once."""
        for box in (self.year, self.caseworker, self.age_group):
            box.blockSignals(True)
        self.year.setCurrentIndex(self.year.findData(year))
        self.caseworker.setCurrentIndex(max(self.caseworker.findData(caseworker_id), 0))
        self.age_group.setCurrentIndex(max(self.age_group.findData(age_group), 0))
        for box in (self.year, self.caseworker, self.age_group):
            box.blockSignals(False)
        self.reload()

    @property
    def loading(self) -> bool:
        return self._worker.busy

    def reload(self) -> None:
        ctx, years, chosen = self._ctx, self._years, self.chosen_filter()
        self.status.setText(_("Henter tall …"))
        self.export_xlsx.setEnabled(False)
        self.export_pdf.setEnabled(False)
        self._worker.start(lambda: outcomes.outcomes(ctx, years, chosen))

    def _failed(self, _error: object) -> None:
        self.status.setText("")  # the router shows why

    def _show(self, report: object) -> None:
        assert isinstance(report, outcomes.OutcomesReport)
        self.report = report
        chosen = report.year(self.chosen_year)
        self.status.setText(report.filter_text)
        self.participants.set_value(chosen.participants)
        self.started.set_value(chosen.started)
        self.ended.set_value(chosen.ended)
        rows = outcomes.measure_rows(chosen)
        self.situation_chart.set_data(_("Situasjon etter avslutning {aar}", aar=chosen.year),
                                      [(row.label, row.count) for row in rows if row.is_situation])
        self.year_chart.set_data(
            _("Per år"), [_("Deltakere"), _("Startet"), _("Avsluttet")],
            [(item.year, (item.participants, item.started, item.ended)) for item in report.years], chosen.year)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            label = QTableWidgetItem(("    " if row.is_situation else "") + row.label)
            if not row.is_situation:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            count = QTableWidgetItem(format_number(row.count))
            count.setData(Qt.ItemDataRole.UserRole, row.count)
            share = QTableWidgetItem(_percent(row.share))
            for item in (count, share):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, 0, label)
            self.table.setItem(index, 1, count)
            self.table.setItem(index, 2, share)
        self.export_xlsx.setEnabled(True)
        self.export_pdf.setEnabled(True)

    def table_counts(self) -> dict[str, int]:
        """What the table shows: label → number (for tests and screen readers)."""
        counts = {}
        for row in range(self.table.rowCount()):
            label, count = self.table.item(row, 0), self.table.item(row, 1)
            if label is not None and count is not None:
                counts[label.text().strip()] = int(count.data(Qt.ItemDataRole.UserRole))
        return counts

    # --- export ----------------------------------------------------------------------------
    def _ask(self, title: str, suffix: str, pattern: str) -> Path | None:
        suggested = Path.home() / f"resultater_kvp_{self.chosen_year}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), pattern)
        return Path(path) if path else None

    def save_xlsx(self, path: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        path = path or self._ask(_("Eksporter til Excel"), "xlsx", _("Excel-arbeidsbok (*.xlsx)"))
        if path is None:
            return None
        report, year = self.report, self.chosen_year
        saved = call_service(self, lambda: outcomes.save_xlsx(report, year, path, self._today))
        if saved is not None:
            self.status.setText(_("Lagret {fil}", fil=saved.name))
        return saved

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        path = path or self._ask(_("Lagre som PDF"), "pdf", _("PDF-dokument (*.pdf)"))
        if path is None:
            return None
        report, year = self.report, self.chosen_year
        saved = call_service(self, lambda: outcomes.save_pdf(report, year, path, self._today))
        if saved is not None:
            self.status.setText(_("Lagret {fil}", fil=saved.name))
        return saved


def open_outcomes_dialog(parent: QWidget, ctx: AppContext) -> OutcomesDialog:
    """Show the dashboard (reusing an open one)."""
    dialog = parent.findChild(OutcomesDialog)
    if dialog is not None and dialog.ctx is not ctx:  # another database was opened meanwhile
        dialog.close()
        dialog.deleteLater()
        dialog = None
    if dialog is None:
        dialog = OutcomesDialog(ctx, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["OutcomesDialog", "open_outcomes_dialog"]
