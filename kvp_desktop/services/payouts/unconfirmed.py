"""Unconfirmed values that move money, shown where the caseworker approves a payout run.

A rate or rule value the program ships as «unconfirmed» (``unconfirmed: true`` in
``kvp_desktop/parameters``, e.g. the child supplement's start date for 2026) is listed for a run
when one of the run's lines was computed with it; the approver sees it before approving. The
parameter set is the one the run was computed with (shipped values and the office's local values
up to the run's ``parameter_version``).
"""

from __future__ import annotations

from sqlalchemy import select

from kvp_desktop.i18n import _
from kvp_desktop.rules.money_parameters import UnconfirmedValue, unconfirmed_values
from kvp_desktop.rules.payout_period import AmountPolicy
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError
from kvp_desktop.services.infrastructure.roles import Permission, allowed, require
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.store.models import PayoutLine, PayoutRun


def unconfirmed_for_run(ctx: AppContext, run_id: int) -> tuple[UnconfirmedValue, ...]:
    """The unconfirmed parameter values the lines of run ``run_id`` were computed with."""
    if not allowed(ctx, Permission.APPROVE_PAYOUT_RUN):
        require(ctx, Permission.CREATE_PAYOUT_RUN)
    with ctx.uow() as uow:
        run = uow.session.get(PayoutRun, run_id)
        if run is None:
            raise NotFoundError(_("Fant ikke utbetalingskjøringen."))
        params = office_parameters(uow.session, run.parameter_version)
        policy = AmountPolicy(run.amount_policy) if run.amount_policy in set(AmountPolicy) \
            else AmountPolicy.MONTHLY_SHARE
        rows = uow.session.execute(
            select(PayoutLine.code, PayoutLine.period_from, PayoutLine.period_to)
            .where(PayoutLine.run_id == run_id).distinct()
        ).tuples().all()
    return unconfirmed_values(params, ((code, Period(start, end)) for code, start, end in rows), policy)


def describe(value: UnconfirmedValue) -> str:
    """One Norwegian line for the approval view."""
    return _("{beskrivelse}: {verdi} fra {dato} er ikke bekreftet. {merknad}",
             beskrivelse=value.description.rstrip("."), verdi=value.value,
             dato=value.effective_from.strftime("%d.%m.%Y"), merknad=value.note).strip()


__all__ = ["UnconfirmedValue", "describe", "unconfirmed_for_run"]
