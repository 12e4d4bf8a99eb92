"""Payout runs (stl. § 39: in arrears, on registered attendance): compute, save as draft, approve.

A run computes every participant whose programme overlaps the period with the rules engine
(``rules.allowance.compute_allowance``) and keeps one ledger line per component. The whole draft
is written in one transaction, so a crash leaves either no run or all of it. Approval needs the
approver role and another user than the one who made the run (four eyes); an approved run is
frozen by database triggers, and corrections are new lines in a later run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import _
from kvp_desktop.money import ZERO
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import allowance
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import NotFoundError, PermissionDeniedError, ServiceError
from kvp_desktop.services.parameters import office_parameters
from kvp_desktop.services.roles import Permission, require
from kvp_desktop.services.validation import mask_identity_number
from kvp_desktop.store.models import (
    Attendance,
    Child,
    OtherBenefit,
    PayoutLine,
    PayoutRun,
    Person,
    Programme,
    Recovery,
)

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


@dataclass(frozen=True)
class ParticipantResult:
    person_id: int
    programme_id: int
    name: str
    masked_id: str
    lines: tuple[allowance.Line, ...]
    total: Decimal


@dataclass(frozen=True)
class RunComputation:
    period: Period
    participants: tuple[ParticipantResult, ...]

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.participants), ZERO)


class RunCancelledError(ServiceError):
    """The caseworker cancelled the run; nothing was saved."""


def month_period(label: str) -> Period:
    """``"2026-05"`` → 1.–31. mai 2026 (Norwegian message for a bad label)."""
    try:
        year, month = (int(part) for part in label.split("-"))
        start = dt.date(year, month, 1)
    except ValueError as exc:
        raise ServiceError(_("«{p}» er ikke en gyldig periode (åååå-mm).", p=label)) from exc
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, following - dt.timedelta(days=1))


def _programme_period(programme: Programme) -> Period:
    return Period(programme.start_date, programme.end_date or programme.planned_end_date)


def _recovery_deductions(session: Session, person_ids: list[int]) -> dict[int, Decimal]:
    """The agreed deduction per person this run (§ 40), limited by what is still owed.

    § 23 cases (incorrect information) are repayment decisions, never agreed deductions.
    """
    agreed: dict[int, tuple[Decimal, Decimal]] = {}
    for row in session.scalars(
        select(Recovery).where(Recovery.person_id.in_(person_ids), Recovery.incorrect_information.is_(False))
    ):
        owed, per_run = agreed.get(row.person_id, (ZERO, ZERO))
        agreed[row.person_id] = (owed + row.amount, per_run + row.deduction_per_payout)
    if not agreed:
        return {}
    taken: dict[int, Decimal] = dict(
        session.execute(  # type: ignore[arg-type]
            select(PayoutLine.person_id, func.sum(PayoutLine.amount))
            .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .where(PayoutLine.code == allowance.RECOVERY_DEDUCTION, PayoutRun.state != "draft",
                   PayoutLine.person_id.in_(list(agreed)))
            .group_by(PayoutLine.person_id)
        ).all()
    )
    result = {}
    for person_id, (owed, per_run) in agreed.items():
        already = -Decimal(taken.get(person_id) or ZERO)  # deduction lines are negative
        left = owed - already
        if left > 0 and per_run > 0:
            result[person_id] = min(per_run, left)
    return result


def compute_period(
    session: Session, period: Period, params: ParameterSet, progress: Progress | None = None
) -> RunComputation:
    """Compute every participant whose programme overlaps ``period`` (read-only)."""
    programmes = session.scalars(
        select(Programme)
        .where(Programme.start_date <= period.end,
               func.coalesce(Programme.end_date, Programme.planned_end_date) >= period.start,
               Programme.status != "planned")
        .order_by(Programme.id)
    ).all()
    ids = [p.id for p in programmes]
    person_ids = [p.person_id for p in programmes]
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    children: dict[int, list[allowance.Child]] = defaultdict(list)
    for child in session.scalars(select(Child).where(Child.person_id.in_(person_ids), Child.supported.is_(True))):
        children[child.person_id].append(allowance.Child(child.birth_date))
    absence: dict[int, list[allowance.HoursEntry]] = defaultdict(list)
    work: dict[int, list[allowance.HoursEntry]] = defaultdict(list)
    for row in session.execute(
        select(Attendance.programme_id, Attendance.day, Attendance.invalid_absence_hours, Attendance.paid_work_hours)
        .where(Attendance.programme_id.in_(ids), Attendance.day >= period.start, Attendance.day <= period.end)
    ):
        if row.invalid_absence_hours:
            absence[row.programme_id].append(allowance.HoursEntry(row.day, row.invalid_absence_hours))
        if row.paid_work_hours:
            work[row.programme_id].append(allowance.HoursEntry(row.day, row.paid_work_hours))
    benefits: dict[int, list[allowance.OtherBenefit]] = defaultdict(list)
    for benefit in session.scalars(
        select(OtherBenefit).where(OtherBenefit.programme_id.in_(ids), OtherBenefit.from_date <= period.end,
                                   OtherBenefit.to_date >= period.start)
    ):
        # The rule takes the part of the amount that falls on days inside the period (stl. § 38).
        benefits[benefit.programme_id].append(
            allowance.OtherBenefit(allowance.OffsetBenefit(benefit.kind), Period(benefit.from_date, benefit.to_date),
                                   benefit.amount)
        )
    deductions = _recovery_deductions(session, person_ids)

    results = []
    for index, programme in enumerate(programmes):
        if progress is not None and not progress(index, len(programmes)):
            raise RunCancelledError(_("Utbetalingskjøringen ble avbrutt. Ingenting er lagret."))
        person = people[programme.person_id]
        facts = allowance.AllowanceFacts(
            birth_date=person.birth_date,
            programme=_programme_period(programme),
            children=tuple(children[person.id]),
            invalid_absence=tuple(absence[programme.id]),
            paid_work=tuple(work[programme.id]),
            other_benefits=tuple(benefits[programme.id]),
            recovery_deduction=deductions.get(person.id, ZERO),
        )
        try:
            result = allowance.compute_allowance(facts, period, params)
        except RulesInputError as exc:
            raise ServiceError(
                _("Kan ikke beregne stønad for {navn}: {feil}", navn=f"{person.first_name} {person.last_name}",
                  feil=str(exc))
            ) from exc
        results.append(ParticipantResult(person.id, programme.id, f"{person.last_name}, {person.first_name}",
                                         mask_identity_number(person.fodselsnummer), result.lines, result.total))
    if progress is not None:
        progress(len(programmes), len(programmes))
    return RunComputation(period, tuple(results))


def save_run(
    session: Session, label: str, period: Period, params: ParameterSet, created_by_id: int | None,
    progress: Progress | None = None,
) -> PayoutRun:
    """Compute ``period`` and add the draft run with all its lines to ``session`` (not committed)."""
    computation = compute_period(session, period, params, progress)
    run = PayoutRun(label=label, period_from=period.start, period_to=period.end, state="draft",
                    created_by_id=created_by_id, total=computation.total)
    session.add(run)
    session.flush()
    session.add_all(
        PayoutLine(run_id=run.id, person_id=p.person_id, programme_id=p.programme_id, period_from=period.start,
                   period_to=period.end, code=line.code, text=line.text, reference=line.reference,
                   basis=line.basis, amount=line.amount)
        for p in computation.participants
        for line in p.lines
    )
    session.flush()
    return run


def preview_run(ctx: AppContext, label: str, progress: Progress | None = None) -> RunComputation:
    """Compute the run for month ``label`` (``åååå-mm``) without saving anything."""
    period = month_period(label)
    with ctx.uow() as uow:
        return compute_period(uow.session, period, office_parameters(uow.session), progress)


def create_draft_run(ctx: AppContext, label: str, progress: Progress | None = None) -> int:
    """Compute and save the run for month ``label`` as a draft; replaces an earlier draft.

    Refused when an approved run for the same period exists (corrections go in a later run).
    """
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    period = month_period(label)
    with ctx.uow() as uow:
        session = uow.session
        existing = session.scalars(
            select(PayoutRun).where(PayoutRun.period_from == period.start, PayoutRun.period_to == period.end)
        ).all()
        if any(run.state != "draft" for run in existing):
            raise ServiceError(
                _("Perioden {p} er allerede godkjent. Rettinger føres som nye linjer i en senere kjøring.", p=label)
            )
        for run in existing:
            session.execute(delete(PayoutLine).where(PayoutLine.run_id == run.id))
            session.delete(run)
        run = save_run(session, label, period, office_parameters(session), ctx.user.id, progress)
        ctx.audit(session, "create", "payout_run", run.id, None, label)
        uow.commit()
        return run.id


def approve_run(ctx: AppContext, run_id: int, now: dt.datetime | None = None) -> None:
    """Approve a draft run: an approver, never the user who made it (four eyes)."""
    require(ctx, Permission.APPROVE_PAYOUT_RUN)
    with ctx.uow() as uow:
        run = uow.session.get(PayoutRun, run_id)
        if run is None:
            raise NotFoundError(_("Utbetalingskjøringen finnes ikke."))
        if run.state != "draft":
            raise ServiceError(_("Kjøringen er allerede godkjent."))
        if run.created_by_id is not None and run.created_by_id == ctx.user.id:
            raise PermissionDeniedError(
                _("Du kan ikke godkjenne en kjøring du har laget selv. En annen attestant må godkjenne den.")
            )
        run.state = "approved"
        run.approved_by_id = ctx.user.id
        run.approved_at = now or dt.datetime.now()
        ctx.audit(uow.session, "approve", "payout_run", run.id)
        uow.commit()
