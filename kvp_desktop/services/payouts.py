"""Payout runs and ledger lines as read by the Utbetalinger tab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from kvp_desktop.i18n import N_
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.validation import mask_identity_number
from kvp_desktop.store.models import PayoutLine, PayoutRun, Person

RUN_STATES: dict[str, str] = {
    "draft": N_("Utkast"),
    "approved": N_("Godkjent"),
    "exported": N_("Eksportert"),
    "paid": N_("Utbetalt"),
}


@dataclass(frozen=True)
class RunView:
    id: int
    label: str
    period_from: dt.date
    period_to: dt.date
    state: str
    total: Decimal
    line_count: int


@dataclass(frozen=True)
class LedgerLine:
    id: int
    person_id: int
    person_name: str
    masked_id: str
    code: str
    text: str
    reference: str
    basis: str
    amount: Decimal


def list_runs(ctx: AppContext) -> list[RunView]:
    with ctx.uow() as uow:
        runs = uow.session.scalars(select(PayoutRun).order_by(PayoutRun.period_from.desc(), PayoutRun.id.desc()))
        return [
            RunView(r.id, r.label, r.period_from, r.period_to, r.state, r.total, len(r.lines)) for r in runs
        ]


def run_lines(ctx: AppContext, run_id: int) -> list[LedgerLine]:
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(PayoutLine, Person)
            .join(Person, Person.id == PayoutLine.person_id)
            .where(PayoutLine.run_id == run_id)
            .order_by(Person.sort_key, PayoutLine.id)
        ).all()
        return [
            LedgerLine(
                id=line.id,
                person_id=person.id,
                person_name=f"{person.last_name}, {person.first_name}",
                masked_id=mask_identity_number(person.fodselsnummer),
                code=line.code,
                text=line.text,
                reference=line.reference,
                basis=line.basis,
                amount=line.amount,
            )
            for line, person in rows
        ]
