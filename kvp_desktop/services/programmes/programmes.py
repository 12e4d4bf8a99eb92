# Not split yet (~1 130 lines: phases, periods and the week checks share private loaders); the seams are the week
# checks (week_status, findings) and the editing of phases and periods.
"""Programmes in the Programbygger: phases with weekly patterns, periods, checks and planned hours.

A programme is a sequence of phases; each phase is a date range with a weekly pattern of blocks
(weekday, start and end minute, activity, category). The programme rules (stl. §§ 30–32,
forskrift §§ 1–2, :func:`kvp_desktop.rules.programme.check_plan`) run on the whole timeline, built
day by day from the phases, with approved leave, planned holiday and public holidays.

Weeks already passed are what attendance was registered against (stl. § 39): a change to a
running phase's pattern never rewrites them. The phase is split at the week the change applies
from; the old phase keeps the past weeks and the new one records where it came from.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import flag_modified, set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from kvp_desktop.i18n import N_, _, current_language, format_date_short, format_number
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules import programme as rules
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.reasons import Reason
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.office.parameters import office_parameters, shipped_parameters
from kvp_desktop.services.programmes.activities import CATEGORIES, ActivityView
from kvp_desktop.store.models import (
    Application,
    Decision,
    Evaluation,
    OfficeSettings,
    Person,
    Phase,
    PlanBlock,
    Programme,
    ProgrammePeriod,
)
from kvp_desktop.store.uow import UnitOfWork

PROGRAMME_STATUSES: dict[str, str] = {
    "planned": N_("Planlagt"),
    "active": N_("I program"),
    "leave": N_("Permisjon"),
    "completed": N_("Fullført"),
    "stopped": N_("Stanset"),
    "interrupted": N_("Avbrutt"),
    "moved": N_("Flyttet"),
}

#: Periods of a programme. Decision periods (first, extension, exceptional extension) are vedtak
#: (forskrift § 2); approved leave is added to the end date (stl. § 32); holiday is the
#: participant's planned holiday in a year-round programme (stl. § 30).
PERIOD_KINDS: dict[str, str] = {
    "first": N_("Første vedtaksperiode"),
    "extension": N_("Forlengelse"),
    "exceptional_extension": N_("Særskilt forlengelse"),
    "leave": N_("Godkjent permisjon"),
    "holiday": N_("Ferie"),
}
DECISION_KINDS = ("first", "extension", "exceptional_extension")

#: Individual plan status (stl. § 33). A decision not to make one is a vedtak.
INDIVIDUAL_PLAN_STATUSES: dict[str, str] = {
    "offered": N_("Tilbudt"),
    "in_progress": N_("Under arbeid"),
    "made": N_("Utarbeidet"),
    "declined": N_("Takket nei"),
    "decided_not_to_make": N_("Vedtak om ikke å utarbeide"),
}

SEVERITY_LABELS: dict[str, str] = {"error": N_("Feil"), "warning": N_("Advarsel"), "info": N_("Merk")}

DAY_MINUTES = 24 * 60
MINUTE_STEP = 5
WEEKDAY_NAMES = (N_("mandag"), N_("tirsdag"), N_("onsdag"), N_("torsdag"), N_("fredag"), N_("lørdag"),
                 N_("søndag"))
CONFLICT_MESSAGE = N_(
    "Programmet er endret av en annen saksbehandler mens du arbeidet med det. Endringen din er ikke lagret. "
    "Last inn programmet på nytt og gjør endringen igjen."
)
_ZERO = Decimal(0)


# --- DTOs ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BlockView:
    weekday: int  # 0 = Monday
    start_minute: int
    end_minute: int
    activity: str
    category: str
    provider: str
    contact: str = ""
    note: str = ""

    @property
    def hours(self) -> Decimal:
        return Decimal(self.end_minute - self.start_minute) / 60


#: A block as the editor sends it (same fields as the view).
BlockInput = BlockView


@dataclass(frozen=True)
class PhaseView:
    id: int
    name: str
    from_date: dt.date
    to_date: dt.date
    blocks: tuple[BlockView, ...]
    version: int = 1
    derived_from_id: int | None = None

    @property
    def weekly_hours(self) -> Decimal:
        return sum((b.hours for b in self.blocks), _ZERO)

    def hours_on(self, weekday: int) -> Decimal:
        return sum((b.hours for b in self.blocks if b.weekday == weekday), _ZERO)


@dataclass(frozen=True)
class PeriodView:
    id: int
    kind: str
    from_date: dt.date
    to_date: dt.date
    reason: str = ""

    @property
    def days(self) -> int:
        return (self.to_date - self.from_date).days + 1


@dataclass(frozen=True)
class EvaluationView:
    id: int
    scheduled_date: dt.date
    held_date: dt.date | None = None
    progress: str = ""
    changes: str = ""
    next_date: dt.date | None = None


@dataclass(frozen=True)
class ProgrammeView:
    id: int
    start_date: dt.date
    planned_end_date: dt.date
    end_date: dt.date | None
    status: str
    phases: tuple[PhaseView, ...]
    person_id: int = 0
    version: int = 1
    goals: str = ""
    individual_plan: str = "offered"
    periods: tuple[PeriodView, ...] = ()
    evaluations: tuple[EvaluationView, ...] = ()
    application_date: dt.date | None = None
    birth_date: dt.date | None = None
    caseworker: str = ""

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.planned_end_date

    def phase_on(self, day: dt.date) -> PhaseView | None:
        for phase in self.phases:
            if phase.from_date <= day <= phase.to_date:
                return phase
        return self.phases[0] if self.phases else None

    def phase_covering(self, day: dt.date) -> PhaseView | None:
        return next((p for p in self.phases if p.from_date <= day <= p.to_date), None)

    def periods_of(self, *kinds: str) -> tuple[PeriodView, ...]:
        return tuple(p for p in self.periods if p.kind in kinds)

    @property
    def halfway(self) -> dt.date:
        return self.start_date + (self.last_day - self.start_date) / 2


@dataclass(frozen=True)
class FindingView:
    """A rule finding as the Programbygger lists it: severity, text, legal reference, where."""

    severity: str
    code: str
    text: str
    reference: str
    week: dt.date | None = None
    phase_id: int | None = None


@dataclass(frozen=True)
class SaveResult:
    phase_id: int
    effective_from: dt.date
    split_from: int | None
    message: str
    #: The programme's phases (with their blocks) as saved, read in the save's own transaction: the tab
    #: shows them without reading the programme again (periods and evaluations are not changed by a save).
    phases: tuple[PhaseView, ...] | None = None


@dataclass(frozen=True)
class GaugeView:
    """One light in the live header: ``level`` is ok, warning or error; ``reason`` explains it."""

    level: str
    text: str
    reason: str


@dataclass(frozen=True)
class WeekStatus:
    total: Decimal
    required: Decimal
    by_category: dict[str, Decimal] = field(default_factory=dict)
    paid: Decimal = _ZERO
    paid_limit: Decimal = _ZERO
    total_gauge: GaugeView = GaugeView("ok", "", "")
    paid_gauge: GaugeView = GaugeView("ok", "", "")


# --- reading --------------------------------------------------------------------------------------
def _block_view(b: PlanBlock) -> BlockView:
    return BlockView(b.weekday, b.start_minute, b.end_minute, b.activity, b.category, b.provider, b.contact, b.note)


def _phase_view(ph: Phase) -> PhaseView:
    blocks = tuple(sorted((_block_view(b) for b in ph.blocks), key=lambda b: (b.weekday, b.start_minute)))
    return PhaseView(ph.id, ph.name, ph.from_date, ph.to_date, blocks, ph.version, ph.derived_from_id)


def _programme_view(session: Session, p: Programme, *, full: bool = True) -> ProgrammeView:
    periods: tuple[PeriodView, ...] = ()
    evaluations: tuple[EvaluationView, ...] = ()
    application_date = birth_date = None
    if full:
        periods = tuple(PeriodView(r.id, r.kind, r.from_date, r.to_date, r.reason) for r in p.periods)
        evaluations = tuple(
            EvaluationView(e.id, e.scheduled_date, e.held_date, e.progress, e.changes, e.next_date)
            for e in session.scalars(
                select(Evaluation).where(Evaluation.programme_id == p.id).order_by(Evaluation.scheduled_date)
            )
        )
        if p.application_id is not None:
            application = session.get(Application, p.application_id)
            application_date = application.registered_date if application else None
        person = session.get(Person, p.person_id)
        birth_date = person.birth_date if person else None
    return ProgrammeView(
        id=p.id, start_date=p.start_date, planned_end_date=p.planned_end_date, end_date=p.end_date, status=p.status,
        phases=tuple(_phase_view(ph) for ph in sorted(p.phases, key=lambda ph: ph.from_date)),
        person_id=p.person_id, version=p.version, goals=p.goals, individual_plan=p.individual_plan,
        periods=periods, evaluations=evaluations, application_date=application_date, birth_date=birth_date,
    )


def programmes_for_person(ctx: AppContext, person_id: int) -> list[ProgrammeView]:
    """The person's programmes, newest first, with phases, periods and evaluations."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Programme).where(Programme.person_id == person_id).order_by(Programme.start_date.desc())
        ).all()
        return [_programme_view(uow.session, p) for p in rows]


def get_programme(ctx: AppContext, programme_id: int) -> ProgrammeView:
    with ctx.uow() as uow:
        return _programme_view(uow.session, _load(uow.session, programme_id))


def _load(session: Session, programme_id: int) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFoundError(_("Fant ikke programmet. Det kan være slettet."))
    return programme


def _load_phase(session: Session, phase_id: int) -> Phase:
    phase = session.get(Phase, phase_id)
    if phase is None:
        raise NotFoundError(_("Fant ikke fasen. Den kan være endret av en annen; last inn programmet på nytt."))
    return phase


def holiday_weeks_setting(ctx: AppContext) -> int:
    """The office's planned holiday per year, in weeks (Innstillinger; 5 when no office is set up).

    Kept on the context (services/office/view_cache.py): the Programbygger tab asks on every edit of the plan.
    """
    from kvp_desktop.services.office import view_cache

    office = view_cache.office(ctx)
    return office.holiday_weeks_per_year if office is not None else 5


# --- the plan for attendance ----------------------------------------------------------------------
def day_is_off(view: ProgrammeView, day: dt.date) -> bool:
    """No programme activity that day: outside the programme, on leave, holiday or a public holiday."""
    if not view.start_date <= day <= view.last_day or calendar.is_public_holiday(day):
        return True
    return any(p.from_date <= day <= p.to_date for p in view.periods_of("leave", "holiday"))


def planned_day_hours(view: ProgrammeView, day: dt.date) -> Decimal:
    if day_is_off(view, day):
        return Decimal("0.00")
    phase = view.phase_covering(day)
    return (phase.hours_on(day.weekday()) if phase else _ZERO).quantize(Decimal("0.01"))


def planned_hours(ctx: AppContext, programme_id: int, from_date: dt.date, to_date: dt.date) -> dict[dt.date, Decimal]:
    """Planned hours for every day from ``from_date`` to ``to_date`` (both included): what attendance
    is registered against (stl. § 39). Every day of the range is a key. A day has the hours of its
    weekday in the phase in force that day; it is 0 outside the programme, outside any phase, on
    approved leave, on a Norwegian public holiday and in the participant's planned holiday.
    """
    if to_date < from_date:
        raise ValidationError({"to_date": _("Til-datoen kan ikke være før fra-datoen.")})
    view = get_programme(ctx, programme_id)
    return {day: planned_day_hours(view, day) for day in calendar.days(from_date, to_date)}


# --- checks ---------------------------------------------------------------------------------------
def _activity(block: BlockView) -> rules.Activity:
    # The note is the justification the rules ask for (rundskriv til § 30); samfunnsstraff
    # named as the activity itself is content the programme may not have (stl. § 30).
    return rules.Activity(
        rules.ActivityCategory(block.category if block.category in CATEGORIES else "other"),
        block.hours,
        description=block.note,
        community_sentence="samfunnsstraff" in block.activity.casefold(),
    )


def _on(periods: Iterable[PeriodView], day: dt.date) -> bool:
    return any(p.from_date <= day <= p.to_date for p in periods)


def build_plan(view: ProgrammeView, params: ParameterSet) -> rules.ProgrammePlan:
    """The rules engine's plan: one week per Monday, activities day by day from the phase in force."""
    daily = params.decimal("weekly_hours", view.start_date) / 5
    weeks: list[rules.PlanWeek] = []
    monday = calendar.week_monday(view.start_date)
    holidays = view.periods_of("holiday")
    while monday <= view.last_day:
        activities: list[rules.Activity] = []
        holiday_hours = _ZERO
        covered = False
        for day in calendar.days(monday, monday + dt.timedelta(days=6)):
            phase = view.phase_covering(day)
            covered = covered or phase is not None
            if not view.start_date <= day <= view.last_day or _on(view.periods_of("leave"), day):
                continue
            day_blocks = [b for b in phase.blocks if b.weekday == day.weekday()] if phase else []
            if _on(holidays, day):
                # Planned holiday counts as the day's planned hours, at least a full day on a weekday.
                pattern = sum((b.hours for b in day_blocks), _ZERO)
                holiday_hours += max(pattern, daily) if calendar.is_weekday(day) else pattern
                continue
            # Public holidays keep the pattern: the rules credit them as well (a week with Easter
            # days is an ordinary working week, stl. § 30).
            activities.extend(_activity(b) for b in day_blocks)
        if covered:
            weeks.append(rules.PlanWeek(monday, tuple(activities), holiday_hours))
        monday += dt.timedelta(days=7)
    decision = view.periods_of(*DECISION_KINDS)
    return rules.ProgrammePlan(
        application_date=view.application_date or view.start_date,
        start=view.start_date,
        end=view.last_day,
        birth_date=view.birth_date or dt.date(1980, 1, 1),
        weeks=tuple(weeks),
        evaluation_dates=tuple(sorted({e.scheduled_date for e in view.evaluations})),
        approved_leave=tuple(Period(p.from_date, p.to_date) for p in view.periods_of("leave")),
        decision_periods=tuple(Period(p.from_date, p.to_date) for p in decision),
        exceptional_extension=any(p.kind == "exceptional_extension" for p in view.periods),
    )


def describe(reason: Reason, lang: str | None = None) -> str:
    """The reason's sentence in ``lang`` (default: the UI language)."""
    return reason.render(lang or current_language())


def holiday_by_year(view: ProgrammeView) -> dict[int, Decimal]:
    """Planned holiday per calendar year, in weeks of five weekdays (public holidays not counted)."""
    days: dict[int, int] = {}
    for period in view.periods_of("holiday"):
        for day in calendar.weekdays(period.from_date, period.to_date):
            if not calendar.is_public_holiday(day):
                days[day.year] = days.get(day.year, 0) + 1
    return {year: Decimal(count) / 5 for year, count in sorted(days.items())}


def findings_for(
    view: ProgrammeView, params: ParameterSet | None = None, holiday_weeks_per_year: int = 5
) -> tuple[FindingView, ...]:
    """Every programme rule on the whole timeline (errors first), plus the office's holiday limit."""
    params = params or shipped_parameters()
    try:
        found = rules.check_plan(build_plan(view, params), params)
    except RulesInputError as error:
        return (FindingView("error", "plan.input", str(error), "stl. § 30"),)
    result = []
    for finding in found:
        phase = view.phase_covering(finding.week) if finding.week else None
        if finding.week and phase is None:
            phase = view.phase_covering(max(finding.week, view.start_date))
        result.append(FindingView(
            finding.severity.value, finding.reason.code, describe(finding.reason), finding.reason.reference,
            finding.week, phase.id if phase else None,
        ))
    for year, weeks in holiday_by_year(view).items():
        if weeks > holiday_weeks_per_year:
            result.append(FindingView(
                "warning", "holiday.too_much",
                _("Det er planlagt {uker} uker ferie i {aar}, mer enn kontorets {grense} uker per år.",
                  uker=_number(weeks), aar=year, grense=holiday_weeks_per_year),
                "stl. § 30 (helårig program)",
            ))
    return tuple(result)


def check_programme(ctx: AppContext, programme_id: int) -> tuple[FindingView, ...]:
    """The saved programme checked with the office's parameters."""
    with ctx.uow() as uow:
        view = _programme_view(uow.session, _load(uow.session, programme_id))
        params = office_parameters(uow.session)
    return findings_for(view, params, holiday_weeks_setting(ctx))


def _number(value: Decimal) -> str:
    return format_number(value, decimals=0 if value == value.to_integral_value() else 1)


def week_status(blocks: Iterable[BlockView], monday: dt.date, params: ParameterSet | None = None) -> WeekStatus:
    """The live header of the week editor: hours per category and the total against full time,
    paid work against the 50 % limit, each with a level and the rule's reason (stl. §§ 30 og 37,
    forskrift § 1 tredje ledd)."""
    params = params or shipped_parameters()
    blocks = tuple(blocks)
    monday = calendar.week_monday(monday)
    week = rules.PlanWeek(monday, tuple(_activity(b) for b in blocks))
    plan = rules.ProgrammePlan(monday, monday, monday + dt.timedelta(days=6), dt.date(1980, 1, 1), (week,),
                               (monday,))
    required = params.decimal("weekly_hours", monday)
    limit = required * params.decimal("paid_work_max_percent", monday) / 100
    by_category: dict[str, Decimal] = {}
    for block in blocks:
        key = block.category if block.category in CATEGORIES else "other"
        by_category[key] = by_category.get(key, _ZERO) + block.hours
    total = week.hours()
    paid = week.hours(rules.ActivityCategory.PAID_WORK)

    hours_findings = rules.check_weekly_hours(plan, params)
    content = [f for f in rules.check_content(plan, params) if f.severity != rules.Severity.INFO]
    total_text = _("{timer} av {fulltid} timer", timer=_number(total), fulltid=_number(required))
    if hours_findings:
        reason = hours_findings[0].reason
        total_gauge = GaugeView("error", total_text, f"{describe(reason)} ({reason.reference})")
    elif content:
        reason = content[0].reason
        level = "error" if any(f.severity == rules.Severity.ERROR for f in content) else "warning"
        total_gauge = GaugeView(level, total_text, f"{describe(reason)} ({reason.reference})")
    else:
        total_gauge = GaugeView("ok", total_text, _(
            "Ukeplanen er på full tid: {timer} timer. Programmet skal være på full tid, {fulltid} timer per uke "
            "(stl. § 30, forskrift § 1 tredje ledd).", timer=_number(total), fulltid=_number(required)))
    paid_text = _("Lønnet arbeid {timer} av høyst {grense} timer", timer=_number(paid), grense=_number(limit))
    paid_findings = rules.check_paid_work(plan, params)
    if paid_findings:
        reason = paid_findings[0].reason
        paid_gauge = GaugeView("error", paid_text, f"{describe(reason)} ({reason.reference})")
    elif paid and paid == limit:
        paid_gauge = GaugeView("warning", paid_text, _(
            "Lønnet arbeid er på grensen: en halv stilling ({grense} timer) kan kombineres med programmet "
            "(stl. §§ 30 og 37).", grense=_number(limit)))
    else:
        paid_gauge = GaugeView("ok", paid_text, _(
            "Lønnet arbeid inntil en halv stilling ({grense} timer) kan kombineres med programmet "
            "(stl. §§ 30 og 37).", grense=_number(limit)))
    return WeekStatus(total, required, {c: by_category[c] for c in CATEGORIES if c in by_category}, paid, limit,
                      total_gauge, paid_gauge)


# --- validating blocks ----------------------------------------------------------------------------
def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def find_overlap(blocks: Sequence[BlockView]) -> tuple[BlockView, BlockView] | None:
    """The first two blocks on the same day whose times overlap, or ``None``."""
    ordered = sorted(blocks, key=lambda b: (b.weekday, b.start_minute, b.end_minute))
    for first, second in itertools.pairwise(ordered):
        if first.weekday == second.weekday and second.start_minute < first.end_minute:
            return first, second
    return None


def overlap_message(pair: tuple[BlockView, BlockView]) -> str:
    first, second = pair
    return _(
        "«{a}» og «{b}» overlapper {dag} {fra}–{til}. To aktiviteter kan ikke ligge på samme tid.",
        a=first.activity, b=second.activity, dag=_(WEEKDAY_NAMES[first.weekday]),
        fra=clock(max(first.start_minute, second.start_minute)), til=clock(min(first.end_minute, second.end_minute)),
    )


def validate_blocks(blocks: Sequence[BlockView]) -> dict[str, str]:
    """Problems with a weekly pattern (field → Norwegian message); empty when it can be saved."""
    problems: dict[str, str] = {}
    for block in blocks:
        if not 0 <= block.weekday <= 6:
            problems["weekday"] = _("Ukedagen må være mandag–søndag.")
        if not (0 <= block.start_minute < block.end_minute <= DAY_MINUTES):
            problems["time"] = _("«{a}»: sluttiden må være etter starttiden, innenfor samme døgn.", a=block.activity)
        elif block.start_minute % MINUTE_STEP or block.end_minute % MINUTE_STEP:
            problems["time"] = _("Tidene må gå opp i hele fem minutter.")
        if not block.activity.strip():
            problems["activity"] = _("Hver aktivitet må ha et navn.")
        elif len(block.activity) > 200 or len(block.provider) > 200 or len(block.contact) > 200:
            problems["activity"] = _("Navn på aktivitet, tilbyder og kontakt kan ha høyst 200 tegn.")
        if block.category not in CATEGORIES:
            problems["category"] = _("Ukjent kategori: {kode}.", kode=block.category)
    pair = find_overlap(blocks)
    if pair is not None:
        problems["overlap"] = overlap_message(pair)
    return problems


# --- writing --------------------------------------------------------------------------------------
def _check_version(row: Programme | Phase, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise ConflictError(_(CONFLICT_MESSAGE))


def _commit(uow: UnitOfWork) -> None:
    try:
        uow.commit()
    except StaleDataError as error:
        raise ConflictError(_(CONFLICT_MESSAGE)) from error


def _week_label(monday: dt.date) -> str:
    return _("uke {uke} ({dato})", uke=monday.isocalendar()[1], dato=format_date_short(monday))


def _new_blocks(blocks: Iterable[BlockView]) -> list[PlanBlock]:
    return [
        PlanBlock(weekday=b.weekday, start_minute=b.start_minute, end_minute=b.end_minute, activity=b.activity.strip(),
                  category=b.category, provider=b.provider.strip(), contact=b.contact.strip(), note=b.note.strip())
        for b in sorted(blocks, key=lambda b: (b.weekday, b.start_minute))
    ]


def locked_until(programme_start: dt.date, today: dt.date) -> dt.date | None:
    """Weeks before this Monday are passed (attendance is registered against them); ``None`` when
    the programme has not started yet."""
    return calendar.week_monday(today) if programme_start <= today else None


def edit_plan_for(phase: PhaseView, programme_start: dt.date, today: dt.date) -> tuple[dt.date, bool]:
    """When a change to ``phase``'s pattern would apply from, and whether the phase would be split."""
    lock = locked_until(programme_start, today)
    if lock is None or phase.from_date >= lock:
        return phase.from_date, False
    return lock, True


def save_phase_pattern(
    ctx: AppContext,
    phase_id: int,
    blocks: Sequence[BlockView],
    *,
    expected_version: int,
    today: dt.date,
    effective_from: dt.date | None = None,
) -> SaveResult:
    """Save a phase's weekly pattern in one transaction.

    Weeks already passed keep what attendance was measured against: when the phase has begun,
    it is split at ``effective_from`` (default: this week's Monday); the old phase ends the day
    before and keeps its pattern, the new phase gets the new one. Refused for weeks passed.
    """
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    problems = validate_blocks(blocks)
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        # The phase with its programme in one statement (a shared office pays a round trip per statement).
        loaded = uow.session.execute(select(Phase, Programme).join(Programme, Programme.id == Phase.programme_id)
                                     .where(Phase.id == phase_id)).first()
        if loaded is None:
            _load_phase(uow.session, phase_id)  # raises the Norwegian «not found»
            raise AssertionError  # pragma: no cover - _load_phase raised
        phase, programme = loaded[0], loaded[1]
        _check_version(phase, expected_version)
        lock = locked_until(programme.start_date, today)
        if lock is not None and phase.to_date < lock:
            raise ValidationError({"phase": _(
                "Fasen «{navn}» er avsluttet. Uker som er passert endres ikke, fordi oppmøtet er registrert mot "
                "dem. Legg til en ny fase for endringen.", navn=phase.name)})
        start = effective_from or (lock if lock is not None and phase.from_date < lock else phase.from_date)
        if start.weekday() != 0 and start != phase.from_date:
            raise ValidationError({"effective_from": _("Endringen må gjelde fra en mandag.")})
        if lock is not None and start < lock:
            raise ValidationError({"effective_from": _(
                "Endringen kan tidligst gjelde fra {uke}. Uker som er passert endres ikke, fordi oppmøtet er "
                "registrert mot dem.", uke=_week_label(lock))})
        if not phase.from_date <= start <= phase.to_date:
            raise ValidationError({"effective_from": _("Datoen endringen gjelder fra, må ligge i fasen.")})
        if start == phase.from_date:
            # The old blocks go in one DELETE (not loaded first, one round trip less); then the new ones.
            uow.session.execute(delete(PlanBlock).where(PlanBlock.phase_id == phase.id))
            set_committed_value(phase, "blocks", [])
            phase.blocks.extend(_new_blocks(blocks))
            flag_modified(phase, "name")  # bumps the version even when only blocks changed
            result_id, split_from = phase.id, None
            message = _("Ukeplanen for fasen «{navn}» er lagret.", navn=phase.name)
            action = "change"
        else:
            new = Phase(programme_id=phase.programme_id, name=phase.name, from_date=start, to_date=phase.to_date,
                        derived_from_id=phase.id)
            new.blocks = _new_blocks(blocks)
            phase.to_date = start - calendar.ONE_DAY
            uow.session.add(new)
            uow.session.flush()
            result_id, split_from = new.id, phase.id
            message = _(
                "Den nye ukeplanen gjelder fra {uke}. Ukene før beholder den gamle ukeplanen, fordi oppmøtet er "
                "registrert mot den: fasen «{navn}» er delt i to.", uke=_week_label(start), navn=phase.name)
            action = "version"
        ctx.audit(uow.session, action, "phase", result_id, programme.person_id,
                  f"programme={programme.id} from={start.isoformat()} blocks={len(blocks)}")
        try:
            uow.session.flush()
        except StaleDataError as error:
            raise ConflictError(_(CONFLICT_MESSAGE)) from error
        saved = uow.session.scalars(select(Phase).options(joinedload(Phase.blocks))
                                    .where(Phase.programme_id == programme.id)).unique().all()
        phases = tuple(_phase_view(ph) for ph in sorted(saved, key=lambda ph: ph.from_date))
        _commit(uow)
    return SaveResult(result_id, start, split_from, message, phases)


def _phase_problems(programme: Programme, name: str, from_date: dt.date, to_date: dt.date, skip: int | None,
                    ) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = _("Fasen må ha et navn.")
    if to_date < from_date:
        problems["to_date"] = _("Fasen kan ikke slutte før den begynner.")
    end = programme.end_date or programme.planned_end_date
    if from_date < programme.start_date or to_date > end:
        problems["from_date"] = _("Fasen må ligge i programperioden {fra}–{til}.",
                                  fra=format_date_short(programme.start_date), til=format_date_short(end))
    for other in programme.phases:
        if other.id != skip and other.from_date <= to_date and from_date <= other.to_date:
            problems["overlap"] = _("Fasen overlapper fasen «{navn}» ({fra}–{til}).", navn=other.name,
                                    fra=format_date_short(other.from_date), til=format_date_short(other.to_date))
    return problems


def add_phase(
    ctx: AppContext, programme_id: int, name: str, from_date: dt.date, to_date: dt.date, *, today: dt.date,
    copy_from: int | None = None, blocks: Sequence[BlockView] = (),
) -> int:
    """Add a phase (a date range with a weekly pattern, copied from another phase or given)."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    with ctx.uow() as uow:
        programme = _load(uow.session, programme_id)
        problems = _phase_problems(programme, name, from_date, to_date, None)
        lock = locked_until(programme.start_date, today)
        if lock is not None and from_date < lock:
            problems["from_date"] = _("En ny fase kan tidligst begynne {uke}; uker som er passert endres ikke.",
                                      uke=_week_label(lock))
        pattern = list(blocks)
        if copy_from is not None:
            source = _load_phase(uow.session, copy_from)
            pattern = [_block_view(b) for b in source.blocks]
        problems.update(validate_blocks(pattern))
        if problems:
            raise ValidationError(problems)
        phase = Phase(programme_id=programme.id, name=name.strip(), from_date=from_date, to_date=to_date)
        phase.blocks = _new_blocks(pattern)
        uow.session.add(phase)
        flag_modified(programme, "goals")
        uow.session.flush()
        ctx.audit(uow.session, "create", "phase", phase.id, programme.person_id,
                  f"programme={programme.id}")
        _commit(uow)
        return phase.id


def update_phase(
    ctx: AppContext, phase_id: int, name: str, from_date: dt.date, to_date: dt.date, *, expected_version: int,
    today: dt.date,
) -> None:
    """Rename a phase or move its dates. Dates in weeks already passed stay as they are."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    with ctx.uow() as uow:
        phase = _load_phase(uow.session, phase_id)
        _check_version(phase, expected_version)
        programme = _load(uow.session, phase.programme_id)
        problems = _phase_problems(programme, name, from_date, to_date, phase.id)
        lock = locked_until(programme.start_date, today)
        if lock is not None:
            past_changed = (min(from_date, phase.from_date) < lock and from_date != phase.from_date) or (
                min(to_date, phase.to_date) < lock - calendar.ONE_DAY and to_date != phase.to_date)
            if past_changed:
                problems["from_date"] = _(
                    "Datoer før {uke} kan ikke endres, fordi oppmøtet er registrert mot ukeplanen som gjaldt da.",
                    uke=_week_label(lock))
        if problems:
            raise ValidationError(problems)
        phase.name, phase.from_date, phase.to_date = name.strip(), from_date, to_date
        ctx.audit(uow.session, "change", "phase", phase.id, programme.person_id,
                  f"programme={programme.id}")
        _commit(uow)


def delete_phase(ctx: AppContext, phase_id: int, *, expected_version: int, today: dt.date) -> None:
    """Delete a phase that has not begun (a phase with passed weeks is history)."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    with ctx.uow() as uow:
        # The phase with its programme in one statement (a shared office pays a round trip per statement).
        loaded = uow.session.execute(select(Phase, Programme).join(Programme, Programme.id == Phase.programme_id)
                                     .where(Phase.id == phase_id)).first()
        if loaded is None:
            _load_phase(uow.session, phase_id)  # raises the Norwegian «not found»
            raise AssertionError  # pragma: no cover - _load_phase raised
        phase, programme = loaded[0], loaded[1]
        _check_version(phase, expected_version)
        lock = locked_until(programme.start_date, today)
        if lock is not None and phase.from_date < lock:
            raise ValidationError({"phase": _(
                "Fasen «{navn}» har uker som er passert og kan ikke slettes. Endre sluttdatoen i stedet.",
                navn=phase.name)})
        uow.session.delete(phase)
        ctx.audit(uow.session, "delete", "phase", phase_id, programme.person_id,
                  f"programme={programme.id}")
        _commit(uow)


def update_programme(
    ctx: AppContext, programme_id: int, *, goals: str, individual_plan: str, expected_version: int
) -> None:
    """The participant's goals and the individual plan status (stl. § 33)."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    if individual_plan not in INDIVIDUAL_PLAN_STATUSES:
        raise ValidationError({"individual_plan": _("Ukjent status for individuell plan.")})
    with ctx.uow() as uow:
        programme = _load(uow.session, programme_id)
        _check_version(programme, expected_version)
        programme.goals, programme.individual_plan = goals.strip(), individual_plan
        flag_modified(programme, "goals")
        ctx.audit(uow.session, "change", "programme", programme.id, programme.person_id,
                  f"individual_plan={individual_plan}")
        _commit(uow)


def _view_with(programme: ProgrammeView, periods: tuple[PeriodView, ...], end: dt.date) -> ProgrammeView:
    return replace(programme, periods=periods, planned_end_date=end, end_date=None)


def add_period(
    ctx: AppContext, programme_id: int, kind: str, from_date: dt.date, to_date: dt.date, reason: str = "", *,
    expected_version: int, today: dt.date, with_allowance: bool = True,
) -> int:
    """Add a decision period, approved leave or holiday with the rules engine's limits.

    ``with_allowance``: approved leave with kvalifiseringsstønad (True) or without (False); a
    payout run pays no stønad for the weekdays of leave without it (stl. § 36).

    A decision period may be at most 12 months (forskrift § 2); an extension or exceptional
    extension moves the planned end date, within the programme's maximum (stl. § 32); approved
    leave moves it by the leave's days (stl. § 32: leave comes in addition); holiday is tracked
    against the office's holiday weeks per year (stl. § 30, year-round programme).
    """
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    problems: dict[str, str] = {}
    if kind not in PERIOD_KINDS:
        raise ValidationError({"kind": _("Ukjent type periode.")})
    if to_date < from_date:
        raise ValidationError({"to_date": _("Perioden kan ikke slutte før den begynner.")})
    if kind in ("exceptional_extension", "leave") and not reason.strip():
        problems["reason"] = _("Skriv en begrunnelse: særskilt forlengelse og permisjon må begrunnes.")
    with ctx.uow() as uow:
        programme = _load(uow.session, programme_id)
        _check_version(programme, expected_version)
        params = office_parameters(uow.session)
        view = _programme_view(uow.session, programme)
        end = view.last_day
        if kind in DECISION_KINDS:
            months = params.integer("decision_period_max_months", from_date)
            if to_date > calendar.add_months(from_date, months) - calendar.ONE_DAY:
                problems["to_date"] = _("En vedtaksperiode kan vare høyst {maaneder} måneder (forskrift § 2).",
                                        maaneder=months)
            if kind != "first" and any(p.kind in DECISION_KINDS and p.from_date <= to_date and from_date <= p.to_date
                                       for p in view.periods):
                problems["from_date"] = _("Forlengelsen overlapper en annen vedtaksperiode.")
            if kind != "first":
                end = max(end, to_date)
        elif kind == "leave":
            end = end + dt.timedelta(days=(to_date - from_date).days + 1)
        if kind in ("leave", "holiday"):
            if from_date < view.start_date or from_date > view.last_day:
                problems["from_date"] = _("Perioden må begynne i programperioden.")
            if any(p.kind in ("leave", "holiday") and p.from_date <= to_date and from_date <= p.to_date
                   for p in view.periods):
                problems["from_date"] = _("Perioden overlapper en annen permisjon eller ferie.")
        new_period = PeriodView(0, kind, from_date, to_date, reason)
        candidate = _view_with(view, (*view.periods, new_period), end)
        try:
            duration = rules.check_duration(build_plan(candidate, params), params)
        except RulesInputError as error:
            duration = []
            problems["to_date"] = str(error)
        too_long = [f for f in duration if f.severity == rules.Severity.ERROR]
        if too_long:
            problems["duration"] = f"{describe(too_long[0].reason)} ({too_long[0].reason.reference})"
        if problems:
            raise ValidationError(problems)
        row = ProgrammePeriod(programme_id=programme.id, kind=kind, from_date=from_date, to_date=to_date,
                              reason=reason.strip(), with_allowance=with_allowance or kind != "leave")
        uow.session.add(row)
        if end != view.last_day:
            programme.planned_end_date = end
        flag_modified(programme, "goals")
        uow.session.flush()
        ctx.audit(uow.session, "create", "programme_period", row.id, programme.person_id,
                  f"programme={programme.id} kind={kind}")
        _commit(uow)
        return row.id


def delete_period(ctx: AppContext, period_id: int, *, expected_version: int, today: dt.date) -> None:
    """Remove a period that has not begun; removing leave moves the end date back by its days."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    with ctx.uow() as uow:
        row = uow.session.get(ProgrammePeriod, period_id)
        if row is None:
            raise NotFoundError(_("Fant ikke perioden."))
        programme = _load(uow.session, row.programme_id)
        _check_version(programme, expected_version)
        if row.from_date <= today and row.kind != "holiday":
            raise ValidationError({"period": _("En periode som har begynt, kan ikke slettes.")})
        if row.kind == "holiday" and row.from_date < calendar.week_monday(today):
            raise ValidationError({"period": _("Ferie som er avviklet, kan ikke slettes.")})
        if row.kind == "leave":
            programme.planned_end_date -= dt.timedelta(days=(row.to_date - row.from_date).days + 1)
        elif row.kind in ("extension", "exceptional_extension") and programme.planned_end_date == row.to_date:
            programme.planned_end_date = row.from_date - calendar.ONE_DAY
        uow.session.delete(row)
        flag_modified(programme, "goals")
        ctx.audit(uow.session, "delete", "programme_period", period_id, programme.person_id,
                  f"programme={programme.id} kind={row.kind}")
        _commit(uow)


@dataclass(frozen=True)
class PhaseInput:
    name: str
    from_date: dt.date
    to_date: dt.date
    blocks: tuple[BlockView, ...] = ()


def create_programme(
    ctx: AppContext, person_id: int, start_date: dt.date, planned_end_date: dt.date, *, today: dt.date,
    phases: Sequence[PhaseInput] = (), evaluation_dates: Sequence[dt.date] = (), goals: str = "",
) -> int:
    """Start a programme for a person with a granted application (stl. § 29), with its first
    decision period, phases (e.g. laid out from a template) and evaluation dates."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    problems: dict[str, str] = {}
    if planned_end_date < start_date:
        problems["planned_end_date"] = _("Programmet kan ikke slutte før det begynner.")
    for phase in phases:
        problems.update(validate_blocks(phase.blocks))
    with ctx.uow() as uow:
        person = uow.session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("Fant ikke personen."))
        application = uow.session.scalars(
            select(Application).where(Application.person_id == person_id, Application.status == "granted")
            .order_by(Application.registered_date.desc())
        ).first()
        if application is None:
            problems["application"] = _("Personen har ingen innvilget søknad. Programmet kan starte når søknaden "
                                        "er innvilget.")
        elif _grant_in_draft(uow.session, application.id):
            problems["application"] = _("Vedtaket om innvilgelse er ikke fattet ennå. Fatt vedtaket (Dokumenter) før "
                                        "programmet opprettes.")
        running = uow.session.scalars(select(Programme).where(
            Programme.person_id == person_id, Programme.status.in_(("planned", "active", "leave")))).first()
        if running is not None:
            problems["programme"] = _("Personen har allerede et program som ikke er avsluttet.")
        params = office_parameters(uow.session)
        months = params.integer("decision_period_max_months", start_date)
        first_end = min(planned_end_date, calendar.add_months(start_date, months) - calendar.ONE_DAY)
        if problems:
            raise ValidationError(problems)
        assert application is not None
        programme = Programme(person_id=person_id, application_id=application.id, caseworker_id=ctx.user.id,
                              start_date=start_date, planned_end_date=planned_end_date, goals=goals.strip(),
                              status="planned" if start_date > today else "active")
        uow.session.add(programme)
        uow.session.flush()
        uow.session.add(ProgrammePeriod(programme_id=programme.id, kind="first", from_date=start_date,
                                        to_date=first_end))
        for item in phases:
            row = Phase(programme_id=programme.id, name=item.name, from_date=item.from_date, to_date=item.to_date)
            row.blocks = _new_blocks(item.blocks)
            uow.session.add(row)
        for day in sorted(set(evaluation_dates)):
            uow.session.add(Evaluation(programme_id=programme.id, scheduled_date=day))
        ctx.audit(uow.session, "create", "programme", programme.id, person_id,
                  f"phases={len(phases)}")
        _commit(uow)
        return programme.id


def _grant_in_draft(session: Session, application_id: int) -> bool:
    """The application has a grant decision that is still a draft (and none issued)."""
    states = set(session.scalars(select(Decision.state).where(
        Decision.application_id == application_id, Decision.kind == "innvilgelse")).all())
    return "draft" in states and not states & {"issued", "sent"}


@dataclass(frozen=True)
class ProgrammeOffer:
    """«Opprett program»: an issued grant with no programme yet, and the decision's dates."""

    person_id: int
    application_id: int
    decision_id: int
    decision_date: dt.date | None
    start_date: dt.date
    end_date: dt.date


def _decision_dates(row: Decision) -> tuple[dt.date, dt.date] | None:
    """The programme start and period end the grant letter states (as issued, else as drafted)."""
    content = row.content or {}
    for part in (content.get("letter"), content.get("fields"), content.get("source")):
        if not isinstance(part, dict):
            continue
        start, end = part.get("start_date") or part.get("proposed_start"), part.get("end_date") or part.get(
            "first_period_to")
        if start and end:
            try:
                return dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
            except ValueError:
                continue
    return None


def offers_for(session: Session, person_ids: Iterable[int] | None = None) -> list[ProgrammeOffer]:
    """Issued grants that have no programme yet (one query for the decisions, one for programmes)."""
    query = (select(Decision).join(Application, Application.id == Decision.application_id)
             .where(Decision.kind == "innvilgelse", Decision.state.in_(("issued", "sent")),
                    Application.status == "granted")
             .order_by(Decision.person_id, Decision.decision_date.desc(), Decision.id.desc()))
    if person_ids is not None:
        query = query.where(Decision.person_id.in_(list(person_ids)))
    grants = session.scalars(query).all()
    if not grants:
        return []
    ids = {row.person_id for row in grants}
    rows = session.execute(select(Programme.person_id, Programme.application_id, Programme.status)
                           .where(Programme.person_id.in_(ids))).all()
    having = {(p, a) for p, a, _status in rows}
    running = {p for p, _a, status in rows if status in ("planned", "active", "leave")}
    offers: list[ProgrammeOffer] = []
    seen: set[int] = set()
    for row in grants:
        if row.person_id in seen or row.application_id is None:
            continue
        seen.add(row.person_id)
        if (row.person_id, row.application_id) in having or row.person_id in running:
            continue
        dates = _decision_dates(row)
        if dates is None:
            continue
        offers.append(ProgrammeOffer(row.person_id, row.application_id, row.id, row.decision_date, *dates))
    return offers


def programme_offer(ctx: AppContext, person_id: int) -> ProgrammeOffer | None:
    """What «Opprett program» would start for the person: ``None`` when there is no issued grant
    without a programme."""
    with ctx.uow() as uow:
        found = offers_for(uow.session, [person_id])
    return found[0] if found else None


def final_part_start(view: ProgrammeView, params: ParameterSet | None = None) -> dt.date:
    """Where the final part begins (job seeking always there, forskrift § 1 andre ledd)."""
    params = params or shipped_parameters()
    share = params.decimal("job_seeking_final_part_percent", view.start_date)
    return view.last_day - dt.timedelta(days=int((view.last_day - view.start_date).days * share / 100))


def plan_pdf(ctx: AppContext, programme_id: int, *, today: dt.date, lang: str | None = None) -> bytes:
    """The participant's plan as a PDF in the office's written standard (printing is audited)."""
    from kvp_desktop.documents.plan_pdf import PlanDocument, render_plan  # ReportLab, when printed
    from kvp_desktop.services.programmes.plan_print import plan_programme
    from kvp_desktop.store.models import User

    with ctx.uow() as uow:
        programme = _load(uow.session, programme_id)
        view = _programme_view(uow.session, programme)
        person = uow.session.get(Person, programme.person_id)
        office = uow.session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
        caseworker = uow.session.get(User, programme.caseworker_id) if programme.caseworker_id else None
        document = PlanDocument(
            programme=plan_programme(view),
            participant=f"{person.first_name} {person.last_name}" if person else "",
            office=office.office_name if office else "",
            caseworker=caseworker.full_name if caseworker else "",
            written_standard=lang or (office.written_standard if office else "nb"),
            created=today,
        )
        ctx.audit(uow.session, "print", "programme", programme.id, programme.person_id,
                  f"lang={document.written_standard}")
        uow.commit()
    return render_plan(document)


def summarise(findings: Sequence[FindingView]) -> tuple[FindingView, ...]:
    """One line per rule: repeats of the same finding in many weeks become one line that names how
    many weeks (the first week is where a click goes)."""
    groups: dict[tuple[str, str], list[FindingView]] = {}
    for finding in findings:
        groups.setdefault((finding.severity, finding.code), []).append(finding)
    result = []
    for items in groups.values():
        weeks = sorted({f.week for f in items if f.week is not None})
        first = items[0]
        if len(weeks) > 1:
            first = replace(first, text=first.text + " " + _("Gjelder {antall} uker, fra {fra} til {til}.",
                                                             antall=len(weeks), fra=format_date_short(weeks[0]),
                                                             til=format_date_short(weeks[-1])))
        result.append(first)
    return tuple(result)


# --- the tab in one read ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeTabView:
    """What the Programbygger tab shows for a person, read at once (:func:`programme_view`)."""

    person_id: int
    programmes: list[ProgrammeView]  # newest first, with phases (and their blocks), periods and evaluations
    offer: ProgrammeOffer | None  # an issued grant without a programme (read when none is running)
    catalogue: list[ActivityView]  # the active activities (read when there is a programme)


def programme_views(session: Session, *conditions: Any) -> list[ProgrammeView]:
    """The programmes matching ``conditions``, newest first, as :func:`programmes_for_person` gives them,
    with every child row loaded eagerly: five statements however many phases and blocks there are
    (programmes with their application date and birth date, periods, phases, blocks, evaluations)."""
    from sqlalchemy.orm import selectinload

    rows = session.execute(
        select(Programme, Application.registered_date, Person.birth_date)
        .outerjoin(Application, Application.id == Programme.application_id)
        .outerjoin(Person, Person.id == Programme.person_id)
        .options(selectinload(Programme.periods), selectinload(Programme.phases).selectinload(Phase.blocks))
        .where(*conditions)
        .order_by(Programme.start_date.desc())
    ).all()
    evaluations: dict[int, list[EvaluationView]] = {}
    if rows:
        for e in session.scalars(select(Evaluation).where(Evaluation.programme_id.in_([r[0].id for r in rows]))
                                 .order_by(Evaluation.scheduled_date)):
            evaluations.setdefault(e.programme_id, []).append(
                EvaluationView(e.id, e.scheduled_date, e.held_date, e.progress, e.changes, e.next_date))
    return [
        ProgrammeView(
            id=p.id, start_date=p.start_date, planned_end_date=p.planned_end_date, end_date=p.end_date,
            status=p.status, phases=tuple(_phase_view(ph) for ph in sorted(p.phases, key=lambda ph: ph.from_date)),
            person_id=p.person_id, version=p.version, goals=p.goals, individual_plan=p.individual_plan,
            periods=tuple(PeriodView(r.id, r.kind, r.from_date, r.to_date, r.reason) for r in p.periods),
            evaluations=tuple(evaluations.get(p.id, ())),
            application_date=application_date if p.application_id is not None else None, birth_date=birth_date,
        )
        for p, application_date, birth_date in rows
    ]


def programme_view(ctx: AppContext, person_id: int) -> ProgrammeTabView:
    """The Programbygger tab's data in one read unit of work (a shared office's server is across a network)."""
    from kvp_desktop.services.programmes.activities import _view
    from kvp_desktop.store.models import Activity

    with ctx.read() as uow:
        session = uow.session
        found = programme_views(session, Programme.person_id == person_id)
        offer = None
        if not found or found[0].status not in ("planned", "active", "leave"):
            offers = offers_for(session, [person_id])
            offer = offers[0] if offers else None
        catalogue: list[ActivityView] = []
        if found:
            catalogue = [_view(r) for r in session.scalars(
                select(Activity).where(Activity.active.is_(True)).order_by(Activity.name, Activity.provider))]
    return ProgrammeTabView(person_id, found, offer, catalogue)
