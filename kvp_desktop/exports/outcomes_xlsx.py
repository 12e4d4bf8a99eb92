"""The outcomes dashboard as an Excel workbook (.xlsx, openpyxl): the chosen year and every year.

Sheet «Resultater»: title, office, filter, the chosen year's numbers (participants, started, ended,
then each situation after ending with its share of those who ended) and a bar chart of the
situations. Sheet «Per år»: the same measures with one column per year. Numbers are written as
numbers (not text), shares as percentages, so the council's secretary can calculate with them.

The input is :class:`OutcomesTable`, plain labelled numbers made by ``services.reports.outcomes``; this
module knows nothing about the database. The PDF (``documents.outcomes_pdf``) reads the same table.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from kvp_desktop.exports.cells import protect_sheet
from kvp_desktop.i18n import _, format_date


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    count: int
    share: float | None  # of the programmes that ended (0–1); None for the head counts
    is_situation: bool


@dataclass(frozen=True)
class OutcomesTable:
    """The dashboard as labelled numbers: the chosen year, and every year side by side."""

    title: str
    office_name: str
    filter_text: str
    year: int
    made: dt.date
    rows: tuple[OutcomeRow, ...]  # the chosen year
    years: tuple[int, ...]
    by_year: tuple[tuple[str, tuple[int, ...]], ...]  # measure label → one count per year
    note: str = ""

    @property
    def situation_rows(self) -> tuple[OutcomeRow, ...]:
        return tuple(row for row in self.rows if row.is_situation)


HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
PERCENT = "0.0 %"


def _header(sheet: Worksheet, row: int, values: list[str]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="left" if column == 1 else "right")


def build_workbook(table: OutcomesTable) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Resultater")
    sheet["A1"] = table.title
    sheet["A1"].font = TITLE
    sheet["A2"] = table.office_name
    sheet["A3"] = table.filter_text
    sheet["A4"] = _("Laget {dato}", dato=format_date(table.made))
    _header(sheet, 6, [_("Måltall"), _("Antall"), _("Andel av avsluttede")])
    situation_rows: list[int] = []
    for offset, item in enumerate(table.rows):
        row = 7 + offset
        label = sheet.cell(row=row, column=1, value=item.label)
        sheet.cell(row=row, column=2, value=item.count)
        if item.is_situation:
            situation_rows.append(row)
            label.alignment = Alignment(indent=1)
        else:
            label.font = BOLD
        if item.share is not None:
            sheet.cell(row=row, column=3, value=item.share).number_format = PERCENT
    last = 7 + len(table.rows)
    if table.note:
        sheet.cell(row=last + 1, column=1, value=table.note).alignment = Alignment(wrap_text=False)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 20

    if situation_rows:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = _("Situasjon etter avslutning {aar}", aar=table.year)
        chart.legend = None
        chart.add_data(Reference(sheet, min_col=2, min_row=situation_rows[0], max_row=situation_rows[-1]))
        chart.set_categories(Reference(sheet, min_col=1, min_row=situation_rows[0], max_row=situation_rows[-1]))
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # first situation on top, as in the table
        chart.height, chart.width = 8, 16
        sheet.add_chart(chart, "E6")

    years = book.create_sheet(_("Per år"))
    years["A1"] = _("Resultater per år")
    years["A1"].font = TITLE
    years["A2"] = table.office_name
    years["A3"] = table.filter_text
    _header(years, 5, [_("Måltall"), *(str(year) for year in table.years)])
    for offset, (label, counts) in enumerate(table.by_year):
        years.cell(row=6 + offset, column=1, value=label)
        for column, count in enumerate(counts, start=2):
            years.cell(row=6 + offset, column=column, value=count)
    years.column_dimensions["A"].width = 44
    for worksheet in book.worksheets:  # the office's name or a label like "=HYPERLINK(…)" stays text
        protect_sheet(worksheet)
    return book


def write_outcomes_xlsx(table: OutcomesTable, path: str | os.PathLike[str]) -> Path:
    """Write the workbook to ``path`` atomically (temporary file + rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        build_workbook(table).save(temp_name)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
