"""The payroll export of an approved payout run: who may, which rows, the audit row, the run marked
exported. The file itself is written by ``exports/payroll.py`` (CSV or .xlsx). Needs
EXPORT_PERSONAL_DATA; a draft run (not approved by an attestant) is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from kvp_desktop.exports.payroll import PayrollRow, write_csv, write_xlsx
from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.store.models import PayoutLine, PayoutRun, Person


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


def export_csv(ctx: AppContext, run_id: int, path: Path) -> int:
    """Write the run's payroll file as CSV (semicolons, UTF-8 with BOM, decimal comma). Returns rows."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    _run, rows = _rows(ctx, run_id)
    write_csv(rows, path)
    _mark_exported(ctx, run_id, "csv", len(rows))
    return len(rows)


def export_xlsx(ctx: AppContext, run_id: int, path: Path) -> int:
    """Write the run's payroll file as .xlsx (amounts as numbers with two decimals). Returns rows."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    run, rows = _rows(ctx, run_id)
    write_xlsx(rows, run.label, path)
    _mark_exported(ctx, run_id, "xlsx", len(rows))
    return len(rows)
