# Not split yet (~800 lines: computing, saving and approving share the run's loaders); the seam for a split is
# approval/reopening (the write after the four-eyes check) apart from computing and saving a draft.
"""Payout runs (stl. § 39: in arrears, on registered attendance): compute, save as draft, approve.

A run computes every participant whose programme overlaps the period with the rules engine
(``rules.allowance.compute_allowance``) and keeps one ledger line per component. The whole draft
is written in one transaction, so a crash leaves either no run or all of it. Approval needs the
approver role and another user than the one who made the run (four eyes); an approved run is
frozen by database triggers, and corrections are new lines in a later run.

Two kinds of line refer back to earlier runs:

* **Back-pay** (stl. § 35, G from 1 May): each run remembers the newest local rate it was
  computed with (``parameter_version``). When a rate is registered later for a date already
  paid, the next run recomputes those periods with ``rules.allowance.back_pay`` and adds the
  differences, each pointing at the line it corrects.
* **Corrections**: a caseworker registers a correction of an approved line with a reason; the
  next run records it as a new line referencing the corrected one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _, format_date_short, format_money
from kvp_desktop.money import ZERO
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import allowance
from kvp_desktop.rules import recovery as recovery_rules
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.payout_period import AmountPolicy, PayoutCalendar, Schedule
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
    ValidationError,
)
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.services.office.parameters import office_parameters, parameter_version
from kvp_desktop.store.models import (
    Attendance,
    Child,
    OfficeSettings,
    OtherBenefit,
    ParameterOverride,
    PayoutClaim,
    PayoutCorrection,
    PayoutLine,
    PayoutRun,
    Person,
    Programme,
    ProgrammePeriod,
    Recovery,
)

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?

CORRECTION = "correction"
CORRECTION_TEXT = N_("Retting av tidligere utbetaling")
BACK_PAY_PREFIX = N_("Etterbetaling")


@dataclass(frozen=True)
class ExtraLine:
    """A line about an earlier period: back-pay after a new rate, or a correction."""

    line: allowance.Line
    period: Period
    programme_id: int
    corrects_line_id: int | None
    reason: str
    correction_id: int | None = None  # the PayoutCorrection it carries out


@dataclass(frozen=True)
class ParticipantResult:
    person_id: int
    programme_id: int
    name: str
    masked_id: str
    lines: tuple[allowance.Line, ...]  # this period, from the rules engine
    total: Decimal  # the period's lines and the extra lines
    extra: tuple[ExtraLine, ...] = ()
    period: Period | None = None  # the days this result pays, when not the whole run period (unpaid days only)


@dataclass(frozen=True)
class RunComputation:
    period: Period
    participants: tuple[ParticipantResult, ...]
    parameter_version: int = 0
    policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.participants), ZERO)


class RunCancelledError(ServiceError):
    """The caseworker cancelled the run; nothing was saved."""


class RunConflictError(ConflictError):
    """Someone else made a run for the same period at the same time; nothing of this one was saved."""


class PeriodNotEndedError(ServiceError):
    """A run for a period that has not ended (stl. § 39: paid in arrears on registered attendance)."""


def check_period_ended(period: Period, today: dt.date, label: str = "") -> None:
    """A run only for a period that has ended: the stønad is paid in arrears on registered
    attendance (stl. § 39), and a participant who starts late in the month is then included.

    docs/rules.md, «Payout runs»: no advance runs (the program has no need for them).
    """
    if period.end >= today:
        raise PeriodNotEndedError(_(
            "Perioden {periode} er ikke over ennå. Kvalifiseringsstønaden utbetales etterskuddsvis på grunnlag "
            "av registrert oppmøte (sosialtjenesteloven § 39), så kjøringen kan lages fra {dato}.",
            periode=label or period.label(), dato=format_date_short(period.end + dt.timedelta(days=1))))


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


def _capped_deductions(session: Session, deductions: dict[int, Decimal], period: Period,
                       params: ParameterSet) -> dict[int, Decimal]:
    """Each month's § 40 trekk at most the office's share of a whole month's stønad in the run's month
    (``rules.recovery.max_deduction``): also when several recoveries add up, or the rate has changed
    since the deduction was registered (docs/rules.md)."""
    births: dict[int, dt.date] = {}
    for chunk in _chunks(sorted(deductions)):
        births.update(session.execute(select(Person.id, Person.birth_date).where(Person.id.in_(chunk))).tuples().all())
    policy = office_payout_setup(session)[1]
    capped = {person_id: min(amount, recovery_rules.max_deduction_for_period(births[person_id], period, params,
                                                                              policy))
              for person_id, amount in deductions.items()}
    return {person_id: amount for person_id, amount in capped.items() if amount > 0}


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    """Keep IN lists under SQLite's and PostgreSQL's parameter limits."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def gather_facts(
    session: Session, programmes: list[Programme], period: Period, deductions: dict[int, Decimal] | None = None
) -> dict[int, allowance.AllowanceFacts]:
    """The rules engine's facts for each programme in ``period`` (keyed by programme id)."""
    ids = [p.id for p in programmes]
    person_ids = sorted({p.person_id for p in programmes})
    births: dict[int, dt.date] = {}
    children: dict[int, list[allowance.Child]] = defaultdict(list)
    absence: dict[int, list[allowance.HoursEntry]] = defaultdict(list)
    work: dict[int, list[allowance.HoursEntry]] = defaultdict(list)
    benefits: dict[int, list[allowance.OtherBenefit]] = defaultdict(list)
    unpaid: dict[int, list[Period]] = defaultdict(list)
    for chunk in _chunks(ids):
        # Approved leave without stønad (stl. § 36): its weekdays earn nothing, so its hours
        # reduce nothing either.
        for leave in session.scalars(
            select(ProgrammePeriod).where(ProgrammePeriod.programme_id.in_(chunk), ProgrammePeriod.kind == "leave",
                                          ProgrammePeriod.with_allowance.is_(False),
                                          ProgrammePeriod.from_date <= period.end,
                                          ProgrammePeriod.to_date >= period.start)
            .order_by(ProgrammePeriod.from_date)
        ):
            unpaid[leave.programme_id].append(Period(leave.from_date, leave.to_date))
    for chunk in _chunks(person_ids):
        births.update({pid: birth for pid, birth in session.execute(
            select(Person.id, Person.birth_date).where(Person.id.in_(chunk))).tuples()})
        for person_id, birth in session.execute(
            select(Child.person_id, Child.birth_date).where(Child.person_id.in_(chunk), Child.supported.is_(True))
            .order_by(Child.person_id, Child.birth_date)
        ).tuples():
            children[person_id].append(allowance.Child(birth))
    for chunk in _chunks(ids):
        for row in session.execute(
            select(Attendance.programme_id, Attendance.day, Attendance.invalid_absence_hours,
                   Attendance.paid_work_hours)
            .where(Attendance.programme_id.in_(chunk), Attendance.day >= period.start, Attendance.day <= period.end,
                   (Attendance.invalid_absence_hours > Decimal(0)) | (Attendance.paid_work_hours > Decimal(0)))
            .order_by(Attendance.programme_id, Attendance.day)
        ):
            if any(row.day in leave for leave in unpaid[row.programme_id]):
                continue
            if row.invalid_absence_hours:
                absence[row.programme_id].append(allowance.HoursEntry(row.day, row.invalid_absence_hours))
            if row.paid_work_hours:
                work[row.programme_id].append(allowance.HoursEntry(row.day, row.paid_work_hours))
        for benefit in session.scalars(
            select(OtherBenefit).where(OtherBenefit.programme_id.in_(chunk), OtherBenefit.from_date <= period.end,
                                       OtherBenefit.to_date >= period.start).order_by(OtherBenefit.id)
        ):
            # The rule takes the part of the amount that falls on days inside the period (stl. § 38).
            benefits[benefit.programme_id].append(
                allowance.OtherBenefit(allowance.OffsetBenefit(benefit.kind),
                                       Period(benefit.from_date, benefit.to_date), benefit.amount)
            )
    deductions = deductions or {}
    return {
        programme.id: allowance.AllowanceFacts(
            birth_date=births[programme.person_id],
            programme=_programme_period(programme),
            children=tuple(children[programme.person_id]),
            invalid_absence=tuple(absence[programme.id]),
            paid_work=tuple(work[programme.id]),
            other_benefits=tuple(benefits[programme.id]),
            unpaid_leave=tuple(unpaid[programme.id]),
            recovery_deduction=deductions.get(programme.person_id, ZERO),
        )
        for programme in programmes
    }


def _programmes_in(session: Session, period: Period) -> list[Programme]:
    """Every programme that has begun by the period's end and not ended before its start.

    The status is not asked: «planned» only says the programme had not begun when it was made,
    and a participant who starts on 21 December is paid for December's last days.
    """
    return list(session.scalars(
        select(Programme)
        .where(Programme.start_date <= period.end,
               func.coalesce(Programme.end_date, Programme.planned_end_date) >= period.start)
        .order_by(Programme.id)
    ).all())


def _back_pay(
    session: Session, period: Period, params: ParameterSet, version: int, skip_runs: set[int]
) -> list[tuple[int, ExtraLine]]:
    """Back-pay for earlier periods paid under older local rates: (person id, line) pairs.

    stl. § 35 (a new G applies from 1 May even when it is registered later), § 39.
    """
    if version == 0:
        return []
    coverage = session.execute(
        select(PayoutLine.person_id, PayoutLine.programme_id, PayoutLine.period_from, PayoutLine.period_to,
               func.max(PayoutRun.parameter_version), func.max(PayoutRun.amount_policy))
        .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
        .where(PayoutRun.period_from < period.start, PayoutLine.code != CORRECTION,
               PayoutRun.id.not_in(skip_runs or {-1}))
        .group_by(PayoutLine.person_id, PayoutLine.programme_id, PayoutLine.period_from, PayoutLine.period_to)
    ).all()
    overrides = session.execute(select(ParameterOverride.id, ParameterOverride.effective_from)).all()
    stale = [
        row for row in coverage
        if row[4] < version and any(covered_id > row[4] and start <= row[3] for covered_id, start in overrides)
    ]
    if not stale:
        return []
    by_period: dict[tuple[dt.date, dt.date], list[tuple[int, int, int]]] = defaultdict(list)
    paid_with: dict[tuple[int, dt.date, dt.date], AmountPolicy] = {}
    for person_id, programme_id, start, end, covered, policy in stale:
        by_period[(start, end)].append((person_id, programme_id, covered))
        paid_with[(person_id, start, end)] = AmountPolicy(policy or AmountPolicy.MONTHLY_SHARE)
    previous_sets: dict[int, ParameterSet] = {}
    result: list[tuple[int, ExtraLine]] = []
    for (start, end), items in sorted(by_period.items()):
        earlier = Period(start, end)
        programmes = {p.id: p for p in session.scalars(
            select(Programme).where(Programme.id.in_([programme_id for _p, programme_id, _c in items])))}
        facts = gather_facts(session, list(programmes.values()), earlier)
        originals: dict[tuple[int, str], int] = {}
        for line_id, person_id, code in session.execute(
            select(PayoutLine.id, PayoutLine.person_id, PayoutLine.code)
            .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .where(PayoutLine.period_from == start, PayoutLine.period_to == end, PayoutLine.corrects_line_id.is_(None),
                   PayoutLine.person_id.in_([person_id for person_id, _g, _c in items]),
                   PayoutRun.id.not_in(skip_runs or {-1}))
            .order_by(PayoutLine.id)
        ).tuples():
            originals.setdefault((person_id, code), line_id)
        for person_id, programme_id, covered in items:
            if covered not in previous_sets:
                previous_sets[covered] = office_parameters(session, up_to_version=covered)
            try:
                difference = allowance.back_pay(facts[programme_id], earlier, previous_params=previous_sets[covered],
                                                new_params=params, policy=paid_with[(person_id, start, end)])
            except RulesInputError:
                continue  # facts of that period changed since; a caseworker corrects it by hand
            reason = _("Ny sats registrert etter utbetalingen for {periode}.", periode=earlier.label())
            for line in difference.lines:
                text = f"{_(BACK_PAY_PREFIX)} {earlier.label()}: {line.render_text()}"
                result.append((person_id, ExtraLine(
                    allowance.Line(line.code, text, f"{line.reference}, stl. § 39", line.basis, line.amount),
                    earlier, programme_id, originals.get((person_id, line.code)), reason,
                )))
    return result


def _pending_corrections(session: Session, skip_runs: set[int]) -> list[tuple[int, ExtraLine]]:
    """Registered corrections not yet carried out by a run (one line each)."""
    done: dict[tuple[int, Decimal, str], int] = defaultdict(int)
    for line_id, amount, reason in session.execute(
        select(PayoutLine.corrects_line_id, PayoutLine.amount, PayoutLine.correction_reason)
        .where(PayoutLine.code == CORRECTION, PayoutLine.run_id.not_in(skip_runs or {-1}))
    ).tuples():
        done[(line_id or 0, amount, reason)] += 1
    result = []
    for correction, original in session.execute(
        select(PayoutCorrection, PayoutLine).join(PayoutLine, PayoutLine.id == PayoutCorrection.line_id)
        .order_by(PayoutCorrection.id)
    ).tuples():
        key = (original.id, correction.amount, correction.reason)
        if done[key] > 0:
            done[key] -= 1
            continue
        period = Period(original.period_from, original.period_to)
        line = allowance.Line(
            CORRECTION, _(CORRECTION_TEXT), original.reference,
            _("retter «{linje}» for {periode} ({belop}): {grunn}", linje=original.text, periode=period.label(),
              belop=format_money(original.amount), grunn=correction.reason),
            correction.amount,
        )
        result.append((original.person_id, ExtraLine(line, period, original.programme_id, original.id,
                                                    correction.reason, correction.id)))
    return result


def compute_period(
    session: Session, period: Period, params: ParameterSet, progress: Progress | None = None,
    skip_runs: set[int] | None = None, policy: AmountPolicy | None = None,
) -> RunComputation:
    """Compute every participant whose programme overlaps ``period``, with back-pay and pending
    corrections for earlier periods (read-only). ``skip_runs``: drafts about to be replaced.
    ``policy``: how a day's amount is computed (default: the office's choice, ``rules.payout_period``).

    Days a participant already has claimed by another run (the office changed between months and
    14-day periods) are left out: only the unpaid days of the period are paid (docs/rules.md,
    «Utbetalingsperiode»)."""
    skip = skip_runs or set()
    if policy is None:
        policy = office_payout_setup(session)[1]
    programmes = _programmes_in(session, period)
    person_ids = sorted({p.person_id for p in programmes})
    deductions = _capped_deductions(session, _recovery_deductions(session, person_ids), period, params)
    unpaid = _unpaid_ranges(session, period, person_ids, skip)
    facts: dict[tuple[int, Period], allowance.AllowanceFacts] = {}
    by_range: dict[Period, list[Programme]] = defaultdict(list)
    for programme in programmes:
        for part in unpaid.get(programme.person_id, [period]):
            by_range[part].append(programme)
    for part, group in by_range.items():
        for programme_id, programme_facts in gather_facts(session, group, part, deductions).items():
            facts[(programme_id, part)] = programme_facts
    version = parameter_version(session)
    extras: dict[int, list[ExtraLine]] = defaultdict(list)
    for person_id, extra in _back_pay(session, period, params, version, skip):
        extras[person_id].append(extra)
    corrections = _pending_corrections(session, skip)
    people: dict[int, Any] = {}
    for chunk in _chunks(sorted(set(person_ids) | set(extras) | {p for p, _e in corrections})):
        people.update({row.id: row for row in session.execute(
            select(Person.id, Person.first_name, Person.last_name, Person.fodselsnummer).where(Person.id.in_(chunk))
        )})

    results: list[ParticipantResult] = []
    seen: set[int] = set()
    for index, programme in enumerate(programmes):
        if progress is not None and index % 50 == 0 and not progress(index, len(programmes)):
            raise RunCancelledError(_("Utbetalingskjøringen ble avbrutt. Ingenting er lagret."))
        person = people[programme.person_id]
        for part in unpaid.get(programme.person_id, [period]):
            try:
                result = allowance.compute_allowance(facts[(programme.id, part)], part, params, policy)
            except RulesInputError as exc:
                raise ServiceError(
                    _("Kan ikke beregne stønad for {navn}: {feil}", navn=f"{person.first_name} {person.last_name}",
                      feil=str(exc))
                ) from exc
            earlier: tuple[ExtraLine, ...] = () if person.id in seen else tuple(extras.pop(person.id, ()))
            seen.add(person.id)
            results.append(ParticipantResult(
                person.id, programme.id, f"{person.last_name}, {person.first_name}",
                mask_identity_number(person.fodselsnummer), result.lines,
                result.total + sum((e.line.amount for e in earlier), ZERO), earlier,
                None if part == period else part,
            ))
    for person_id, extra_list in extras.items():  # back-pay for someone no longer in the programme
        person = people[person_id]
        results.append(ParticipantResult(
            person_id, extra_list[0].programme_id, f"{person.last_name}, {person.first_name}",
            mask_identity_number(person.fodselsnummer), (), sum((e.line.amount for e in extra_list), ZERO),
            tuple(extra_list),
        ))
    results = _add_corrections(results, corrections, people)
    if progress is not None:
        progress(len(programmes), len(programmes))
    return RunComputation(period, tuple(results), version, policy)


def _add_corrections(
    results: list[ParticipantResult], corrections: list[tuple[int, ExtraLine]], people: dict[int, Any]
) -> list[ParticipantResult]:
    """Corrections join the person's result; one that would make the payout negative waits."""
    by_person = {r.person_id: i for i, r in enumerate(results)}
    for person_id, extra in corrections:
        if person_id in by_person:
            current = results[by_person[person_id]]
            if current.total + extra.line.amount < 0:
                continue  # a payout is never negative: the correction waits for a later run
            results[by_person[person_id]] = ParticipantResult(
                current.person_id, current.programme_id, current.name, current.masked_id, current.lines,
                current.total + extra.line.amount, (*current.extra, extra),
            )
        elif extra.line.amount > 0:
            person = people[person_id]
            results.append(ParticipantResult(
                person_id, extra.programme_id, f"{person.last_name}, {person.first_name}",
                mask_identity_number(person.fodselsnummer), (), extra.line.amount, (extra,),
            ))
            by_person[person_id] = len(results) - 1
    return results


def save_run(
    session: Session, label: str, period: Period, params: ParameterSet, created_by_id: int | None,
    progress: Progress | None = None, skip_runs: set[int] | None = None,
) -> PayoutRun:
    """Compute ``period`` and add the draft run with all its lines to ``session`` (not committed)."""
    computation = compute_period(session, period, params, progress, skip_runs)
    return write_run(session, label, computation, created_by_id)


def write_run(session: Session, label: str, computation: RunComputation, created_by_id: int | None) -> PayoutRun:
    """Add a computed draft run, its lines and its claims to ``session`` (not committed)."""
    period = computation.period
    run = PayoutRun(label=label, period_from=period.start, period_to=period.end, state="draft",
                    created_by_id=created_by_id, total=computation.total,
                    parameter_version=computation.parameter_version, amount_policy=computation.policy.value)
    session.add(run)
    session.flush()
    rows: list[dict[str, object]] = []
    for p in computation.participants:
        paid = p.period or period
        for line in p.lines:
            rows.append(dict(run_id=run.id, person_id=p.person_id, programme_id=p.programme_id,
                             period_from=paid.start, period_to=paid.end, code=line.code, text=line.text,
                             reference=line.reference, basis=line.basis, amount=line.amount,
                             corrects_line_id=None, correction_reason=""))
        for extra in p.extra:
            rows.append(dict(run_id=run.id, person_id=p.person_id, programme_id=extra.programme_id,
                             period_from=extra.period.start, period_to=extra.period.end, code=extra.line.code,
                             text=extra.line.text, reference=extra.line.reference, basis=extra.line.basis,
                             amount=extra.line.amount, corrects_line_id=extra.corrects_line_id,
                             correction_reason=extra.reason))
    if rows:
        session.execute(PayoutLine.__table__.insert(), rows)  # type: ignore[attr-defined]
    # The unique key refuses a second live run for the same participant and period; the trigger of
    # migration 0012 refuses a claim overlapping another (a day is paid once). A participant with
    # only back-pay or corrections in this run claims the run's period as before.
    claims = sorted({(p.person_id, (p.period or period).start, (p.period or period).end)
                     for p in computation.participants})
    if claims:
        session.execute(PayoutClaim.__table__.insert(), [  # type: ignore[attr-defined]
            dict(person_id=person_id, period_from=start, period_to=end, run_id=run.id)
            for person_id, start, end in claims])
    session.flush()
    return run


def _drop_draft(session: Session, run_id: int) -> None:
    """Delete a draft with its lines and claims (an approved run is refused by the database)."""
    session.execute(delete(PayoutClaim).where(PayoutClaim.run_id == run_id))
    session.execute(delete(PayoutLine).where(PayoutLine.run_id == run_id))
    session.execute(delete(PayoutRun).where(PayoutRun.id == run_id))


def preview_run(ctx: AppContext, label: str, progress: Progress | None = None) -> RunComputation:
    """Compute the run for the office's period ``label`` (``åååå-mm``, or ``åååå-mm-dd`` for a 14-day
    period) without saving anything."""
    with ctx.uow() as uow:
        period = office_period(uow.session, label)
        drafts = set(uow.session.scalars(select(PayoutRun.id).where(
            PayoutRun.period_from == period.start, PayoutRun.period_to == period.end, PayoutRun.state == "draft")))
        return compute_period(uow.session, period, office_parameters(uow.session), progress, drafts)


def create_draft_run(
    ctx: AppContext, label: str, progress: Progress | None = None, *, today: dt.date | None = None
) -> int:
    """Compute and save the run for month ``label`` as a draft; replaces an earlier draft.

    Refused for a month that has not ended (:func:`check_period_ended`) and when an approved run
    for the same period exists (corrections go in a later run). Two runs for one period made at
    the same time: the database's unique key on ``payout_claims`` lets only one of them through;
    the other gets :class:`RunConflictError` and saves nothing.
    """
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    with ctx.uow() as uow:
        period = office_period(uow.session, label)
    check_period_ended(period, today or dt.date.today(), label)
    try:
        with ctx.uow() as uow:
            session = uow.session
            existing = session.scalars(
                select(PayoutRun).where(PayoutRun.period_from == period.start, PayoutRun.period_to == period.end)
            ).all()
            if any(run.state != "draft" for run in existing):
                raise ServiceError(_(
                    "Perioden {p} er allerede godkjent. Rettinger føres som nye linjer i en senere kjøring.", p=label))
            replaced = {run.id for run in existing}
            computation = compute_period(session, period, office_parameters(session), progress, replaced)
            for old in sorted(replaced):  # before the new draft claims the same participants
                _drop_draft(session, old)
            run = write_run(session, label, computation, ctx.user.id)
            ctx.audit(session, "create", "payout_run", run.id, None, label)
            uow.commit()
            return run.id
    except (IntegrityError, OperationalError) as exc:
        if isinstance(exc, OperationalError) and "locked" not in str(exc.orig).lower():
            raise
        raise _concurrent_run(label) from exc


def _concurrent_run(label: str) -> RunConflictError:
    """The database refused the run: another one for the period was saved first (PostgreSQL: the
    unique key of ``payout_claims``; SQLite: the write lock of a transaction that read too early)."""
    return RunConflictError(_(
        "En annen kjøring for {p} ble laget samtidig, så din ble ikke lagret. Ingen deltaker kan få "
        "utbetalt for samme periode to ganger. Last inn kjøringene på nytt og se på den som ble laget.",
        p=label))


def _run_for_change(session: Session, run_id: int) -> PayoutRun:
    run = session.get(PayoutRun, run_id)
    if run is None:
        raise NotFoundError(_("Utbetalingskjøringen finnes ikke."))
    if run.state != "draft":
        raise ServiceError(
            _("Kjøringen er godkjent og kan ikke endres. Rettinger føres som nye linjer i en senere kjøring.")
        )
    return run


def delete_draft_run(ctx: AppContext, run_id: int) -> None:
    """Throw away a draft (an approved run is never deleted)."""
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    with ctx.uow() as uow:
        run = _run_for_change(uow.session, run_id)
        label = run.label
        _drop_draft(uow.session, run.id)
        ctx.audit(uow.session, "delete", "payout_run", run_id, None, label)
        uow.commit()


def change_line_amount(ctx: AppContext, line_id: int, amount: Decimal) -> None:
    """Only a draft's lines can change (by recomputing); an approved line is refused here and by
    the database. Kept as the one service entry point for editing a line."""
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    with ctx.uow() as uow:
        line = uow.session.get(PayoutLine, line_id)
        if line is None:
            raise NotFoundError(_("Utbetalingslinjen finnes ikke."))
        run = _run_for_change(uow.session, line.run_id)
        raise ServiceError(
            _("Linjene i et utkast endres ved å beregne kjøringen {kjoring} på nytt etter at oppmøtet er rettet.",
              kjoring=run.label)
        )


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
        _check_only_run(uow.session, run)
        run.state = "approved"
        run.approved_by_id = ctx.user.id
        run.approved_at = now or dt.datetime.now()
        ctx.audit(uow.session, "approve", "payout_run", run.id)
        uow.commit()


def _check_only_run(session: Session, run: PayoutRun) -> None:
    """Refuse to approve a second run for a period, or a run whose participants are claimed by
    another run (made before the claims existed): the same month is never paid twice."""
    other = session.scalar(select(func.count()).select_from(PayoutRun).where(
        PayoutRun.period_from == run.period_from, PayoutRun.period_to == run.period_to, PayoutRun.id != run.id,
        PayoutRun.state != "draft"))
    if other:
        raise ServiceError(_(
            "Perioden {p} har allerede en godkjent kjøring, så denne kan ikke godkjennes. Rettinger føres som "
            "nye linjer i en senere kjøring.", p=run.label))
    people = session.scalar(select(func.count(func.distinct(PayoutLine.person_id))).where(
        PayoutLine.run_id == run.id)) or 0
    claimed = session.scalar(select(func.count(func.distinct(PayoutClaim.person_id))).where(
        PayoutClaim.run_id == run.id)) or 0
    if claimed != people:
        raise ServiceError(_(
            "Kjøringen {p} er erstattet av en annen kjøring for samme periode og kan ikke godkjennes. "
            "Slett den, og godkjenn den gjeldende kjøringen.", p=run.label))


def mark_paid(ctx: AppContext, run_id: int, now: dt.datetime | None = None) -> None:
    """Record that the payroll has paid an exported run."""
    require(ctx, Permission.APPROVE_PAYOUT_RUN)
    with ctx.uow() as uow:
        run = uow.session.get(PayoutRun, run_id)
        if run is None:
            raise NotFoundError(_("Utbetalingskjøringen finnes ikke."))
        if run.state != "exported":
            raise ServiceError(_("Bare en eksportert kjøring kan merkes som utbetalt."))
        run.state = "paid"
        run.paid_at = now or dt.datetime.now()
        ctx.audit(uow.session, "paid", "payout_run", run.id)
        uow.commit()


def register_correction(ctx: AppContext, line_id: int, amount: Decimal, reason: str) -> int:
    """Register a correction of an approved line: ``amount`` more (+) or less (−) than was paid.

    The next run carries it out as a new line that references ``line_id`` with the reason.
    """
    require(ctx, Permission.CREATE_PAYOUT_RUN)
    problems = {}
    if not reason.strip():
        problems["reason"] = _("Skriv hvorfor linjen rettes.")
    if amount == 0:
        problems["amount"] = _("Rettingen kan ikke være 0 kr.")
    if amount != amount.quantize(Decimal("0.01")):
        problems["amount"] = _("Beløpet må være i hele øre.")
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        line = uow.session.get(PayoutLine, line_id)
        if line is None:
            raise NotFoundError(_("Utbetalingslinjen finnes ikke."))
        state = uow.session.scalar(select(PayoutRun.state).where(PayoutRun.id == line.run_id))
        if state == "draft":
            raise ValidationError({"line": _("Linjen er i et utkast. Beregn utkastet på nytt i stedet for å rette.")})
        row = PayoutCorrection(line_id=line_id, amount=amount, reason=reason.strip(), registered_by_id=ctx.user.id)
        uow.session.add(row)
        uow.session.flush()
        ctx.audit(uow.session, "register_correction", "payout_line", line_id, line.person_id, f"{amount}")
        uow.commit()
        return row.id


def export_payroll(ctx: AppContext, run_id: int, path: Path) -> int:
    """The run's payroll file: CSV for a ``.csv`` name, otherwise .xlsx. Returns the number of rows."""
    from kvp_desktop.services.payouts import payroll  # openpyxl, only when a file is written (start-up time)

    write = payroll.export_csv if path.suffix.lower() == ".csv" else payroll.export_xlsx
    return write(ctx, run_id, path)


def office_payout_setup(session: Session) -> tuple[PayoutCalendar, AmountPolicy]:
    """The office's payout periods and computation policy (``rules.payout_period``). A database with
    no office, or 14-day periods without a start date, is paid by calendar month."""
    row = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
    if row is None:
        return PayoutCalendar(), AmountPolicy.MONTHLY_SHARE
    policy = AmountPolicy(row.amount_policy) if row.amount_policy in set(AmountPolicy) else AmountPolicy.MONTHLY_SHARE
    if row.payout_schedule == Schedule.BIWEEKLY and row.payout_period_start is not None \
            and row.payout_period_start.weekday() == 0:
        return PayoutCalendar(Schedule.BIWEEKLY, row.payout_period_start), policy
    return PayoutCalendar(), policy


def office_period(session: Session, label: str) -> Period:
    """The office's payout period named ``label`` (a Norwegian message for a label that names none)."""
    payout_calendar = office_payout_setup(session)[0]
    if payout_calendar.schedule == Schedule.MONTHLY:
        return month_period(label)
    try:
        return payout_calendar.period_for_label(label)
    except RulesInputError as exc:
        raise ServiceError(_("«{p}» er ikke en utbetalingsperiode for kontoret: {feil}", p=label[:40],
                             feil=str(exc))) from exc


def _unpaid_ranges(session: Session, period: Period, person_ids: list[int],
                   skip_runs: set[int]) -> dict[int, list[Period]]:
    """For participants with days of ``period`` already claimed by another run with other bounds
    (the office changed between months and 14-day periods): the parts of the period still unpaid.
    Participants not in the result have the whole period unpaid. Same bounds are left to the
    approved-run check (a correction goes in a later run)."""
    claimed: dict[int, list[Period]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        for person_id, start, end in session.execute(
            select(PayoutClaim.person_id, PayoutClaim.period_from, PayoutClaim.period_to)
            .where(PayoutClaim.person_id.in_(chunk), PayoutClaim.period_from <= period.end,
                   PayoutClaim.period_to >= period.start, PayoutClaim.run_id.not_in(skip_runs or {-1}))
        ).tuples():
            if (start, end) != (period.start, period.end):
                claimed[person_id].append(Period(start, end))
    result: dict[int, list[Period]] = {}
    for person_id, taken in claimed.items():
        parts, day = [], period.start
        for block in sorted(taken, key=lambda p: p.start):
            if block.start > day:
                parts.append(Period(day, block.start - dt.timedelta(days=1)))
            day = max(day, block.end + dt.timedelta(days=1))
        if day <= period.end:
            parts.append(Period(day, period.end))
        result[person_id] = parts
    return result


@dataclass(frozen=True)
class PeriodChoice:
    """What the Utbetalinger tab offers when a run is started: the office's last ended period."""

    schedule: Schedule
    policy: AmountPolicy
    label: str  # the last ended period's label
    period: Period


def last_ended_period(ctx: AppContext, today: dt.date | None = None) -> PeriodChoice:
    """The office's newest payout period that has ended (a run is made only for such a one, § 39)."""
    with ctx.uow() as uow:
        payout_calendar, policy = office_payout_setup(uow.session)
    period = payout_calendar.last_ended(today or dt.date.today())
    return PeriodChoice(payout_calendar.schedule, policy, payout_calendar.label(period), period)


def check_label_ended(ctx: AppContext, label: str, today: dt.date | None = None) -> Period:
    """The office's period ``label``, refused (Norwegian message) when it names no period or has not ended."""
    with ctx.uow() as uow:
        period = office_period(uow.session, label)
    check_period_ended(period, today or dt.date.today(), label)
    return period
