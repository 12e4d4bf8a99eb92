"""The portfolio view as an Excel workbook (openpyxl, write-only: constant memory for big views).

One sheet, a bold header row frozen at the top, an auto filter, sensible column widths, dates as
real Excel dates (dd.mm.yyyy). The fødselsnummer is masked as in the list ("dd.mm.åå *****"):
the export is for working through the caseload, not for identifying people outside the program.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kvp_desktop.exports.cells import protect_cell, xlsx_value

WIDTHS = (28, 16, 7, 22, 60, 14, 20, 24)


def write_portfolio_xlsx(
    path: Path, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_name: str = "Portefølje"
) -> int:
    """Write ``rows`` under ``headers``; returns the number of data rows. Dates become Excel dates."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    for index, width in enumerate(WIDTHS[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    title_cell = protect_cell(WriteOnlyCell(sheet, value=title))
    title_cell.font = Font(bold=True, size=12)
    sheet.append([title_cell])
    header_cells = []
    for text in headers:
        cell = protect_cell(WriteOnlyCell(sheet, value=text))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd.mm.yyyy"
                cells.append(cell)
            else:
                cells.append(xlsx_value(sheet, value))  # a name like "=HYPERLINK(…)" stays text
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{count + 2}"
    book.save(path)
    return count
