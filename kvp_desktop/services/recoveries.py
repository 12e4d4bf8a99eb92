"""Overpayments (stl. § 40): the register, the agreed deduction per payout and the running balance.

When the participant gave incorrect information it is a § 23 case instead: a decision on
repayment, never an agreed deduction (kvp_rules.md § 7). Deductions are taken by the payout
runs (``payout_runs``) as ledger lines and never make a payout negative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from kvp_desktop.i18n import _
from kvp_desktop.money import ZERO
from kvp_desktop.rules.allowance import RECOVERY_DEDUCTION
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import NotFoundError, ValidationError
from kvp_desktop.services.roles import Permission, require
from kvp_desktop.store.models import PayoutLine, PayoutRun, Person, Recovery


@dataclass(frozen=True)
class RecoveryView:
    id: int
    person_id: int
    amount: Decimal
    cause: str
    incorrect_information: bool
    deduction_per_payout: Decimal
    registered_date: dt.date


@dataclass(frozen=True)
class BalanceEntry:
    day: dt.date
    text: str
    amount: Decimal  # + owed, − deducted
    balance: Decimal


def register_recovery(
    ctx: AppContext, person_id: int, amount: Decimal, cause: str, *, incorrect_information: bool,
    deduction_per_payout: Decimal, registered_date: dt.date,
) -> int:
    """Register an overpayment. With incorrect information it is a § 23 case (no agreed deduction)."""
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    problems = {}
    if amount <= 0:
        problems["amount"] = _("Beløpet må være mer enn 0 kr.")
    if not cause.strip():
        problems["cause"] = _("Skriv hva som ble feilutbetalt og hvorfor.")
    if deduction_per_payout < 0:
        problems["deduction_per_payout"] = _("Trekket kan ikke være negativt.")
    if incorrect_information and deduction_per_payout > 0:
        problems["deduction_per_payout"] = _(
            "Når deltakeren ga uriktige opplysninger, er det en sak etter § 23 (vedtak om tilbakebetaling), "
            "ikke et avtalt trekk i stønaden."
        )
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        if uow.session.get(Person, person_id) is None:
            raise NotFoundError(_("Fant ikke personen."))
        row = Recovery(person_id=person_id, amount=amount, cause=cause.strip(),
                       incorrect_information=incorrect_information, deduction_per_payout=deduction_per_payout,
                       registered_date=registered_date)
        uow.session.add(row)
        uow.session.flush()
        ctx.audit(uow.session, "create", "recovery", row.id, person_id, "§ 23" if incorrect_information else "§ 40")
        uow.commit()
        return row.id


def recoveries(ctx: AppContext, person_id: int) -> list[RecoveryView]:
    with ctx.uow() as uow:
        return [RecoveryView(r.id, r.person_id, r.amount, r.cause, r.incorrect_information, r.deduction_per_payout,
                             r.registered_date)
                for r in uow.session.scalars(select(Recovery).where(Recovery.person_id == person_id)
                                             .order_by(Recovery.registered_date, Recovery.id))]


def balance(ctx: AppContext, person_id: int) -> list[BalanceEntry]:
    """The agreed-deduction account: overpayments registered, deductions in approved runs, and the
    running balance (§ 23 cases are handled by their own decision and are left out)."""
    events: list[tuple[dt.date, int, str, Decimal]] = []
    with ctx.uow() as uow:
        for r in uow.session.scalars(select(Recovery).where(Recovery.person_id == person_id,
                                                            Recovery.incorrect_information.is_(False))):
            events.append((r.registered_date, 0, _("Feilutbetaling: {arsak}", arsak=r.cause), r.amount))
        for label, end, amount in uow.session.execute(
            select(PayoutRun.label, PayoutRun.period_to, PayoutLine.amount)
            .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .where(PayoutLine.person_id == person_id, PayoutLine.code == RECOVERY_DEDUCTION,
                   PayoutRun.state != "draft")
        ).tuples():
            events.append((end, 1, _("Trekk i utbetalingen {kjoring}", kjoring=label), amount))
    running = ZERO
    result = []
    for day, _order, text, amount in sorted(events, key=lambda e: (e[0], e[1])):
        running += amount
        result.append(BalanceEntry(day, text, amount, running))
    return result
