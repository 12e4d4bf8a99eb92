"""Overpayments (stl. § 40): the register, the deduction per payout and the running balance.

A deduction (trekk) records what it rests on (an agreement with the participant or a decision),
its date and when the participant was told, and is capped by the office's share of a month's
stønad (``rules.recovery``).

When the participant gave incorrect information it is a § 23 case instead: a decision on
repayment, never an agreed deduction. Deductions are taken by the payout
runs (``payout_runs``) as ledger lines and never make a payout negative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from kvp_desktop.i18n import _, format_money
from kvp_desktop.money import ZERO
from kvp_desktop.rules import recovery as recovery_rules
from kvp_desktop.rules.allowance import RECOVERY_DEDUCTION
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.office.parameters import office_parameters
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
    deduction_per_payout: Decimal, registered_date: dt.date, deduction_basis: str = "",
    deduction_basis_date: dt.date | None = None, deduction_notified_date: dt.date | None = None,
) -> int:
    """Register an overpayment. With incorrect information it is a § 23 case (no agreed deduction).

    A deduction per payout (§ 40 trekk) needs its basis — ``agreement`` with the participant or a
    ``decision`` — with its date, the date the participant was notified, and stays within the
    office's share of a whole month's stønad (``rules.recovery``).
    """
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
    if deduction_per_payout > 0 and not incorrect_information:
        if deduction_basis not in recovery_rules.BASES:
            problems["deduction_basis"] = _("Velg grunnlaget for trekket: avtale med deltakeren eller vedtak "
                                            "(sosialtjenesteloven § 40).")
        if deduction_basis_date is None:
            problems["deduction_basis_date"] = _("Skriv datoen for avtalen eller vedtaket om trekk.")
        if deduction_notified_date is None:
            problems["deduction_notified_date"] = _("Skriv datoen deltakeren fikk beskjed om trekket.")
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        person = uow.session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("Fant ikke personen."))
        if deduction_per_payout > 0 and not incorrect_information:
            from kvp_desktop.services.payouts.runs import office_payout_setup

            payout_calendar, policy = office_payout_setup(uow.session)  # per payout of the office's period
            limit = recovery_rules.max_deduction_for_period(
                person.birth_date, payout_calendar.period_containing(registered_date),
                office_parameters(uow.session), policy)
            if deduction_per_payout > limit:
                raise ValidationError({"deduction_per_payout": _(
                    "Trekket kan være høyst {belop} per utbetaling (kontorets grense for trekk etter "
                    "sosialtjenesteloven § 40).", belop=format_money(limit))})
        row = Recovery(person_id=person_id, amount=amount, cause=cause.strip(),
                       incorrect_information=incorrect_information, deduction_per_payout=deduction_per_payout,
                       registered_date=registered_date, deduction_basis=deduction_basis if deduction_per_payout else "",
                       deduction_basis_date=deduction_basis_date, deduction_notified_date=deduction_notified_date)
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
