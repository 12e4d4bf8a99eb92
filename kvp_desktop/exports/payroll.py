"""Payroll files of an approved payout run (CSV and .xlsx) for the municipality's payroll system.

One row per participant: fødselsnummer, name, period, gross amount, account (if registered) and
the income description «kvalifiseringsstønad», so payroll can withhold tax and report it in the
a-melding (taxable and pensionable; see docs/rules.md, «Attendance and payout runs» — the a-melding
code «kvalifiseringsstoenad» is likely but UNCONFIRMED against Skatteetaten's list).

A pure writer: the rows come from ``services/payouts/payroll.py``, which checks the role, reads the
run, audits the export and marks the run exported.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kvp_desktop.exports.cells import csv_row, protect_sheet

INCOME_DESCRIPTION = "kvalifiseringsstønad"
HEADERS = ("Fødselsnummer", "Navn", "Periode fra", "Periode til", "Bruttobeløp", "Kontonummer", "Inntektsbeskrivelse")


@dataclass(frozen=True)
class PayrollRow:
    fodselsnummer: str
    name: str
    period_from: dt.date
    period_to: dt.date
    gross: Decimal
    account: str
    description: str = INCOME_DESCRIPTION


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def write_csv(rows: Sequence[PayrollRow], path: Path) -> None:
    """The payroll file as CSV (semicolons, UTF-8 with BOM, decimal comma)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(csv_row(HEADERS))
        for r in rows:  # csv_row: a name like "=HYPERLINK(…)" stays text in Excel (exports/cells.py)
            writer.writerow(csv_row([r.fodselsnummer, r.name, r.period_from.strftime("%d.%m.%Y"),
                             r.period_to.strftime("%d.%m.%Y"), _amount(r.gross), r.account, r.description]))


def write_xlsx(rows: Sequence[PayrollRow], run_label: str, path: Path) -> None:
    """The payroll file as .xlsx (amounts as numbers with two decimals), one sheet named after the run."""
    from openpyxl import Workbook  # openpyxl only when a file is written (start-up time)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Lønn {run_label}"
    sheet.append(list(HEADERS))
    for r in rows:
        sheet.append([r.fodselsnummer, r.name, r.period_from, r.period_to, r.gross, r.account, r.description])
        line = sheet.max_row
        sheet.cell(line, 1).number_format = "@"
        sheet.cell(line, 3).number_format = "DD.MM.YYYY"
        sheet.cell(line, 4).number_format = "DD.MM.YYYY"
        sheet.cell(line, 5).number_format = "#,##0.00"
        sheet.cell(line, 6).number_format = "@"
    protect_sheet(sheet)  # a name like "=HYPERLINK(…)" stays text (exports/cells.py)
    for column, width in zip("ABCDEFG", (14, 30, 12, 12, 14, 14, 22), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(path)
