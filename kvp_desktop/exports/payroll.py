"""Payroll export of an approved payout run (CSV and .xlsx) for the municipality's payroll system.

One row per participant: fødselsnummer, name, period, gross amount, account (if registered) and
the income description «kvalifiseringsstønad», so payroll can withhold tax and report it in the
a-melding (taxable and pensionable; kvp_rules.md § 7 — the a-melding code «kvalifiseringsstoenad»
is likely but UNCONFIRMED against Skatteetaten's list). Needs EXPORT_PERSONAL_DATA; audited;
marks the run exported.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from kvp_desktop.exports.cells import csv_row, protect_sheet
from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.store.models import PayoutLine, PayoutRun, Person

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


def _rows(ctx: AppContext, run_id: int) -> tuple[PayoutRun, list[PayrollRow]]:
    with ctx.uow() as uow:
        run = uow.session.get(PayoutRun, run_id)
        if run is None:
            raise NotFoundError(_("Utbetalingskjøringen finnes ikke."))
        if run.state == "draft":
            raise ServiceError(_("Kjøringen må godkjennes av en attestant før den kan eksporteres til lønn."))
        rows = [
            PayrollRow(number, f"{last}, {first}", run.period_from, run.period_to, Decimal(gross), account or "")
            for number, first, last, account, gross in uow.session.execute(
                select(Person.fodselsnummer, Person.first_name, Person.last_name, Person.bank_account,
                       func.sum(PayoutLine.amount))
                .join(Person, Person.id == PayoutLine.person_id)
                .where(PayoutLine.run_id == run_id)
                .group_by(Person.id, Person.fodselsnummer, Person.first_name, Person.last_name, Person.bank_account,
                          Person.sort_key)
                .order_by(Person.sort_key, Person.id)
            ).tuples()
        ]
        uow.session.expunge(run)
        return run, [r for r in rows if r.gross != 0]


def _mark_exported(ctx: AppContext, run_id: int, fmt: str, count: int) -> None:
    with ctx.uow() as uow:
        run = uow.session.get(PayoutRun, run_id)
        assert run is not None
        if run.state == "approved":
            run.state = "exported"
            run.exported_at = dt.datetime.now()
        ctx.audit(uow.session, "export", "payout_run", run_id, None, f"lønn {fmt}: {count} personer")
        uow.commit()


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def export_csv(ctx: AppContext, run_id: int, path: Path) -> int:
    """Write the run's payroll file as CSV (semicolons, UTF-8 with BOM, decimal comma). Returns rows."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    _run, rows = _rows(ctx, run_id)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(csv_row(HEADERS))
        for r in rows:  # csv_row: a name like "=HYPERLINK(…)" stays text in Excel (exports/cells.py)
            writer.writerow(csv_row([r.fodselsnummer, r.name, r.period_from.strftime("%d.%m.%Y"),
                             r.period_to.strftime("%d.%m.%Y"), _amount(r.gross), r.account, r.description]))
    _mark_exported(ctx, run_id, "csv", len(rows))
    return len(rows)


def export_xlsx(ctx: AppContext, run_id: int, path: Path) -> int:
    """Write the run's payroll file as .xlsx (amounts as numbers with two decimals). Returns rows."""
    from openpyxl import Workbook

    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    run, rows = _rows(ctx, run_id)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Lønn {run.label}"
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
    _mark_exported(ctx, run_id, "xlsx", len(rows))
    return len(rows)
