"""Refund claims (stl. § 38): when dagpenger, sykepenger, foreldrepenger or uføretrygd are paid
back in arrears for a period the office paid KVP, the office may claim (full or partial) refund from
the back-payment. A claim can be at most what the office paid for the benefit's own days — the
rule is ``rules.refund`` (the refusjon letter uses the same rule), so a part-month claim works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _, format_money
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.refund import PaidLine, paid_for_days
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.store.models import PayoutLine, PayoutRun, Person, Programme, RefundClaim

BENEFITS: dict[str, str] = {
    "dagpenger": N_("Dagpenger"),
    "sykepenger": N_("Sykepenger"),
    "foreldrepenger": N_("Foreldrepenger"),
    "uføretrygd": N_("Uføretrygd"),
}
STATES: dict[str, str] = {"registered": N_("Registrert"), "sent": N_("Sendt"), "settled": N_("Oppgjort")}


@dataclass(frozen=True)
class RefundView:
    id: int
    person_id: int
    benefit: str
    period_from: dt.date
    period_to: dt.date
    amount: Decimal
    kvp_paid: Decimal
    state: str
    note: str


def paid_for_period(session: Session, person_id: int, period_from: dt.date, period_to: dt.date) -> Decimal:
    """The stønad the office paid (approved runs) for the weekdays of the period (``rules.refund``)."""
    rows = session.execute(
        select(PayoutLine.period_from, PayoutLine.period_to, PayoutLine.code, PayoutLine.amount,
               Programme.start_date, Programme.end_date)
        .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
        .join(Programme, Programme.id == PayoutLine.programme_id)
        .where(PayoutLine.person_id == person_id, PayoutRun.state != "draft",
               PayoutLine.period_from <= period_to, PayoutLine.period_to >= period_from)
    ).tuples()
    lines = [PaidLine(Period(start, end), code, amount, Period(first, last or dt.date.max))
             for start, end, code, amount, first, last in rows]
    return paid_for_days(lines, Period(period_from, period_to))


def kvp_paid(ctx: AppContext, person_id: int, period_from: dt.date, period_to: dt.date) -> Decimal:
    """What the office paid in KVP for the days of the period (approved runs, ``rules.refund``)."""
    with ctx.uow() as uow:
        return paid_for_period(uow.session, person_id, period_from, period_to)


def register_claim(
    ctx: AppContext, person_id: int, benefit: str, period_from: dt.date, period_to: dt.date, amount: Decimal,
    note: str = "", registered_date: dt.date | None = None,
) -> int:
    """Record the office's claim on a back-payment for a period it paid KVP."""
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    problems = {}
    if benefit not in BENEFITS:
        problems["benefit"] = _("Refusjon kan kreves fra dagpenger, sykepenger, foreldrepenger eller uføretrygd.")
    if period_to < period_from:
        problems["period_to"] = _("Til-datoen kan ikke være før fra-datoen.")
    if amount <= 0:
        problems["amount"] = _("Beløpet må være mer enn 0 kr.")
    if problems:
        raise ValidationError(problems)
    paid = kvp_paid(ctx, person_id, period_from, period_to)
    if paid <= 0:
        raise ValidationError({"period_from": _("Kontoret har ikke utbetalt kvalifiseringsstønad i perioden.")})
    if amount > paid:
        raise ValidationError({"amount": _("Kravet kan ikke være større enn det kontoret utbetalte i "
                                           "kvalifiseringsstønad for dagene i perioden ({belop}).",
                                           belop=format_money(paid))})
    with ctx.uow() as uow:
        if uow.session.get(Person, person_id) is None:
            raise NotFoundError(_("Fant ikke personen."))
        row = RefundClaim(person_id=person_id, benefit=benefit, period_from=period_from, period_to=period_to,
                          amount=amount, kvp_paid=paid, note=note.strip(), state="registered",
                          registered_date=registered_date or dt.date.today())
        uow.session.add(row)
        uow.session.flush()
        ctx.audit(uow.session, "create", "refund_claim", row.id, person_id, benefit)
        uow.commit()
        return row.id


def claims(ctx: AppContext, person_id: int | None = None) -> list[RefundView]:
    with ctx.uow() as uow:
        query = select(RefundClaim).order_by(RefundClaim.period_from, RefundClaim.id)
        if person_id is not None:
            query = query.where(RefundClaim.person_id == person_id)
        return [RefundView(c.id, c.person_id, c.benefit, c.period_from, c.period_to, c.amount, c.kvp_paid, c.state,
                           c.note) for c in uow.session.scalars(query)]


def set_state(ctx: AppContext, claim_id: int, state: str) -> None:
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    if state not in STATES:
        raise ValidationError({"state": _("Ukjent status.")})
    with ctx.uow() as uow:
        row = uow.session.get(RefundClaim, claim_id)
        if row is None:
            raise NotFoundError(_("Fant ikke refusjonskravet."))
        row.state = state
        ctx.audit(uow.session, "update", "refund_claim", claim_id, row.person_id, state)
        uow.commit()
