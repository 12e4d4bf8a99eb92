"""Checks of a programme plan: stl. §§ 30–32 and forskrift § 1–2.

A plan is a list of weeks, each with activities (category × hours), plus the programme's dates,
approved leave, decision periods and evaluation dates. :func:`check_plan` returns findings with
a severity (error, warning, info) and a :class:`Reason`. A week is full time when planned hours
+ planned holiday hours + public holidays (7,5 hours each weekday holiday) reach 37,5 hours, or
the part of that falling on programme weekdays in a first or last part week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kvp_desktop.i18n import N_
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.reasons import Reason


class ActivityCategory(StrEnum):
    WORK_DIRECTED_MEASURE = "work_directed_measure"
    JOB_SEEKING = "job_seeking"
    TRAINING_EDUCATION = "training_education"
    MOTIVATION_MASTERY = "motivation_mastery"
    HEALTH_TREATMENT = "health_treatment"
    PHYSICAL_TRAINING = "physical_training"
    OWN_ACTIVITY = "own_activity"
    REST = "rest"
    PAID_WORK = "paid_work"
    OTHER = "other"


#: Time for these must be justified in the case (rundskriv 2012 til § 30).
_JUSTIFY = frozenset(
    {
        ActivityCategory.HEALTH_TREATMENT,
        ActivityCategory.PHYSICAL_TRAINING,
        ActivityCategory.OWN_ACTIVITY,
        ActivityCategory.REST,
    }
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Activity:
    category: ActivityCategory
    hours: Decimal
    description: str = ""
    community_sentence: bool = False
    ordinary_education: bool = False


@dataclass(frozen=True)
class PlanWeek:
    """One week of the plan, starting on ``monday``. ``holiday_hours`` is planned holiday
    (ferie) or days off in that week."""

    monday: dt.date
    activities: tuple[Activity, ...] = ()
    holiday_hours: Decimal = Decimal(0)

    def hours(self, category: ActivityCategory | None = None) -> Decimal:
        return sum(
            (a.hours for a in self.activities if category is None or a.category == category),
            Decimal(0),
        )


@dataclass(frozen=True)
class ProgrammePlan:
    application_date: dt.date
    start: dt.date
    end: dt.date
    birth_date: dt.date
    weeks: tuple[PlanWeek, ...] = ()
    evaluation_dates: tuple[dt.date, ...] = ()
    approved_leave: tuple[Period, ...] = ()
    decision_periods: tuple[Period, ...] = ()
    exceptional_extension: bool = False


@dataclass(frozen=True)
class Finding:
    severity: Severity
    reason: Reason
    week: dt.date | None = None


def _week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"uke {week}/{year}"


def _leave_days(plan: ProgrammePlan) -> int:
    programme = Period(plan.start, plan.end)
    return sum(overlap.days for leave in plan.approved_leave if (overlap := leave.overlap(programme)))


def end_after_leave(end: dt.date, leave: Period, already_counted: bool) -> dt.date:
    """The programme's end once approved leave is added (stl. § 32: leave comes in addition), by the
    leave's calendar days. A leave already registered on the programme has moved the end already;
    it is never added twice."""
    return end if already_counted else end + dt.timedelta(days=leave.days)


def _on_leave(plan: ProgrammePlan, day: dt.date) -> bool:
    return any(day in leave for leave in plan.approved_leave)


def check_start(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """stl. § 31: the programme starts within 6 months of the application date (a warning when
    later: the rule is unconfirmed, docs/rules.md); never before the application date (an error)."""
    months = params.integer("start_deadline_months", plan.application_date)
    deadline = calendar.add_months(plan.application_date, months)
    if plan.start < plan.application_date:
        return [
            Finding(
                Severity.ERROR,
                Reason(
                    "start.before_application",
                    N_("Programmet starter {start}, før søknadsdatoen {soknad}."),
                    "stl. § 31",
                    {"start": plan.start, "soknad": plan.application_date},
                ),
            )
        ]
    if plan.start > deadline:
        # The six-month rule is unconfirmed (start_deadline_months) and the law gives room for a
        # later start with good reason: a warning the caseworker must answer, not a block.
        return [
            Finding(
                Severity.WARNING,
                Reason(
                    "start.too_late",
                    N_("Programmet skal starte innen {maaneder} måneder fra søknadsdatoen, det vil si senest {frist}."),
                    "stl. § 31",
                    {"maaneder": months, "frist": deadline},
                ),
            )
        ]
    return []


def check_duration(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """stl. § 32, forskrift § 2: at most two years (before 2019: 1 + 1 year), exceptionally
    extended by up to one year (before 2019: 6 months); approved leave comes in addition."""
    if plan.end < plan.start:
        raise RulesInputError("Programmet slutter før det begynner.", "end")
    ordinary = params.integer("programme_max_months", plan.start)
    extra = params.integer("exceptional_extension_max_months", plan.start)
    leave = dt.timedelta(days=_leave_days(plan))
    latest = calendar.add_months(plan.start, ordinary) - calendar.ONE_DAY + leave
    latest_exceptional = calendar.add_months(plan.start, ordinary + extra) - calendar.ONE_DAY + leave
    params_text = {"maaneder": ordinary, "ekstra": extra, "dato": latest, "dato_unntak": latest_exceptional}
    if plan.end <= latest:
        return []
    if plan.exceptional_extension and plan.end <= latest_exceptional:
        return [
            Finding(
                Severity.INFO,
                Reason(
                    "duration.exceptional",
                    N_(
                        "Programmet går ut over {maaneder} måneder og bruker den særskilte forlengelsen på inntil "
                        "{ekstra} måneder. Forlengelsen må begrunnes særskilt."
                    ),
                    "stl. § 32, forskrift § 2",
                    params_text,
                ),
            )
        ]
    return [
        Finding(
            Severity.ERROR,
            Reason(
                "duration.too_long",
                N_(
                    "Programmet kan vare høyst {maaneder} måneder pluss godkjent permisjon (til {dato}), og "
                    "unntaksvis forlenges med inntil {ekstra} måneder (til {dato_unntak})."
                ),
                "stl. § 32, forskrift § 2",
                params_text,
            ),
        )
    ]


def check_decision_periods(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """forskrift § 2: each decision period (first vedtak, each extension) at most 12 months
    (assumed unchanged after 2019: a setting)."""
    findings = []
    for period in plan.decision_periods:
        months = params.integer("decision_period_max_months", period.start)
        if period.end > calendar.add_months(period.start, months) - calendar.ONE_DAY:
            findings.append(
                Finding(
                    Severity.WARNING,
                    Reason(
                        "decision_period.too_long",
                        N_("Vedtaksperioden {periode} er lengre enn {maaneder} måneder."),
                        "forskrift § 2",
                        {"periode": period.label(), "maaneder": months},
                    ),
                )
            )
    return findings


def check_age_limit(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """stl. § 29 (yrkesaktiv alder): the programme ends at the latest in the month before the
    participant turns 67."""
    limit_month = calendar.first_of_month(calendar.anniversary(plan.birth_date, params.integer("max_age", plan.end)))
    if plan.end >= limit_month:
        return [
            Finding(
                Severity.ERROR,
                Reason(
                    "age.programme_too_late",
                    N_("Programmet må avsluttes senest måneden før deltakeren fyller 67 år, det vil si senest {dato}."),
                    "stl. § 29 første ledd",
                    {"dato": limit_month - calendar.ONE_DAY},
                ),
            )
        ]
    return []


def _weeks_by_monday(plan: ProgrammePlan) -> tuple[dict[dt.date, PlanWeek], list[Finding]]:
    weeks: dict[dt.date, PlanWeek] = {}
    findings: list[Finding] = []
    for week in plan.weeks:
        if week.monday.weekday() != 0:
            raise RulesInputError(f"Uken som begynner {week.monday.isoformat()}, begynner ikke på en mandag.", "weeks")
        if week.monday in weeks:
            raise RulesInputError(f"{_week_label(week.monday).capitalize()} står to ganger i planen.", "weeks")
        weeks[week.monday] = week
        if week.monday + dt.timedelta(days=6) < plan.start or week.monday > plan.end:
            findings.append(
                Finding(
                    Severity.WARNING,
                    Reason(
                        "week.outside_programme",
                        N_("{uke} ligger utenfor programperioden."),
                        "stl. § 30",
                        {"uke": _week_label(week.monday).capitalize()},
                    ),
                    week.monday,
                )
            )
    return weeks, findings


def check_weekly_hours(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """stl. § 30, forskrift § 1 tredje ledd: full time, 37,5 hours every week from the start.
    Planned holiday and public holidays count; a first or last part week needs 7,5 hours per
    programme weekday; weeks of approved leave need none."""
    weeks, findings = _weeks_by_monday(plan)
    missing: list[str] = []
    monday = calendar.week_monday(plan.start)
    while monday <= plan.end:
        weekly = params.decimal("weekly_hours", monday)
        daily = weekly / 5
        programme_days = [
            day
            for day in calendar.weekdays(max(monday, plan.start), min(monday + dt.timedelta(days=4), plan.end))
            if not _on_leave(plan, day)
        ]
        required = daily * len(programme_days)
        week = weeks.get(monday)
        if required and week is None:
            missing.append(_week_label(monday))
        elif week is not None and required:
            holidays = daily * sum(1 for day in programme_days if calendar.is_public_holiday(day))
            credited = week.hours() + week.holiday_hours + holidays
            if credited < required:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        Reason(
                            "week.not_full_time",
                            N_(
                                "{uke}: {planlagt} timer planlagt og {fri} timer ferie og helligdager, men "
                                "programmet skal være på full tid ({kreves} timer)."
                            ),
                            "stl. § 30, forskrift § 1 tredje ledd",
                            {
                                "uke": _week_label(monday).capitalize(),
                                "planlagt": week.hours(),
                                "fri": week.holiday_hours + holidays,
                                "kreves": required,
                            },
                        ),
                        monday,
                    )
                )
        monday += dt.timedelta(days=7)
    if missing:
        findings.append(
            Finding(
                Severity.WARNING,
                Reason(
                    "week.missing",
                    N_("{antall} uker i programperioden har ikke noe innhold ennå: {uker}."),
                    "stl. § 30, forskrift § 1",
                    {"antall": len(missing), "uker": ", ".join(missing)},
                ),
            )
        )
    return findings


def check_paid_work(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """stl. §§ 30 og 37: paid work of at most a 50 % position can be combined with the
    programme."""
    findings = []
    for week in plan.weeks:
        limit = params.decimal("weekly_hours", week.monday) * params.decimal("paid_work_max_percent", week.monday) / 100
        paid = week.hours(ActivityCategory.PAID_WORK)
        if paid > limit:
            findings.append(
                Finding(
                    Severity.ERROR,
                    Reason(
                        "paid_work.too_much",
                        N_("{uke}: {timer} timer lønnet arbeid er mer enn en halv stilling ({grense} timer)."),
                        "stl. §§ 30 og 37",
                        {"uke": _week_label(week.monday).capitalize(), "timer": paid, "grense": limit},
                    ),
                    week.monday,
                )
            )
    return findings


def _has(weeks: Iterable[PlanWeek], *categories: ActivityCategory) -> bool:
    return any(week.hours(category) > 0 for week in weeks for category in categories)


def check_work_directed_measures(plan: ProgrammePlan) -> list[Finding]:
    """forskrift § 1 første ledd: work-directed measures always from the halfway point at the
    latest (paid work up to 50 % counts)."""
    halfway = plan.start + (plan.end - plan.start) / 2
    before = [week for week in plan.weeks if week.monday <= halfway]
    if _has(before, ActivityCategory.WORK_DIRECTED_MEASURE, ActivityCategory.PAID_WORK):
        return []
    return [
        Finding(
            Severity.ERROR,
            Reason(
                "content.no_work_directed_measure",
                N_("Arbeidsrettede tiltak skal alltid inngå når deltakeren er halvveis i programmet ({dato})."),
                "forskrift § 1 første ledd",
                {"dato": halfway},
            ),
        )
    ]


def check_job_seeking(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """forskrift § 1 andre ledd: job seeking always in the final part of the programme (the last
    25 % by default: a setting)."""
    share = params.decimal("job_seeking_final_part_percent", plan.start)
    final_start = plan.end - dt.timedelta(days=int((plan.end - plan.start).days * share / 100))
    final = [week for week in plan.weeks if week.monday + dt.timedelta(days=6) >= final_start]
    if _has(final, ActivityCategory.JOB_SEEKING):
        return []
    return [
        Finding(
            Severity.ERROR,
            Reason(
                "content.no_job_seeking",
                N_("Arbeidssøking skal alltid inngå i den avsluttende delen av programmet (fra {dato})."),
                "forskrift § 1 andre ledd",
                {"dato": final_start},
            ),
        )
    ]


def check_evaluations(plan: ProgrammePlan) -> list[Finding]:
    """forskrift § 1 fjerde ledd: the programme states when evaluations take place."""
    if not plan.evaluation_dates:
        return [
            Finding(
                Severity.ERROR,
                Reason(
                    "evaluation.missing",
                    N_("Programmet skal angi når evalueringene skal gjøres."),
                    "forskrift § 1 fjerde ledd",
                ),
            )
        ]
    return [
        Finding(
            Severity.WARNING,
            Reason(
                "evaluation.outside",
                N_("Evalueringen {dato} ligger utenfor programperioden."),
                "forskrift § 1 fjerde ledd",
                {"dato": day},
            ),
        )
        for day in sorted(plan.evaluation_dates)
        if not plan.start <= day <= plan.end
    ]


def check_content(plan: ProgrammePlan, params: ParameterSet) -> list[Finding]:
    """stl. § 30: samfunnsstraff cannot be a measure; ordinary education was excluded before
    2019 and is allowed in wider terms since; time for health care, training, own activity and
    rest must be justified (rundskriv 2012 til § 30)."""
    findings = []
    for week in plan.weeks:
        label = _week_label(week.monday).capitalize()
        for activity in week.activities:
            if activity.community_sentence:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        Reason(
                            "content.community_sentence",
                            N_("{uke}: Samfunnsstraff kan ikke være et tiltak i programmet."),
                            "stl. § 30",
                            {"uke": label},
                        ),
                        week.monday,
                    )
                )
            elif "samfunnsstraff" in activity.description.casefold():
                findings.append(
                    Finding(
                        Severity.WARNING,
                        Reason(
                            "content.community_sentence_mentioned",
                            N_(
                                "{uke}: Aktiviteten nevner samfunnsstraff. Samfunnsstraff kan ikke være et tiltak "
                                "i programmet, men kan gjennomføres på fritiden eller i ferie."
                            ),
                            "stl. § 30",
                            {"uke": label},
                        ),
                        week.monday,
                    )
                )
            if activity.ordinary_education:
                allowed = params.flag("ordinary_education_allowed", week.monday)
                findings.append(
                    Finding(
                        Severity.INFO if allowed else Severity.ERROR,
                        Reason(
                            "content.ordinary_education",
                            N_(
                                "{uke}: Ordinær utdanning kan inngå i programmet, men grensene er ikke bekreftet. "
                                "Kontroller mot gjeldende regelverk."
                            )
                            if allowed
                            else N_("{uke}: Kvalifiseringsprogrammet skal ikke brukes til ordinær utdanning."),
                            "stl. § 30",
                            {"uke": label},
                        ),
                        week.monday,
                    )
                )
            if activity.category in _JUSTIFY and activity.hours > 0 and not activity.description.strip():
                findings.append(
                    Finding(
                        Severity.WARNING,
                        Reason(
                            "content.justify",
                            N_("{uke}: Tid til helsehjelp, opptrening, egenaktivitet og hvile skal begrunnes."),
                            "stl. § 30",
                            {"uke": label},
                        ),
                        week.monday,
                    )
                )
    return findings


def check_plan(plan: ProgrammePlan, params: ParameterSet) -> tuple[Finding, ...]:
    """Every check of the plan, errors first. stl. §§ 29–32, forskrift §§ 1–2."""
    findings = [
        *check_start(plan, params),
        *check_duration(plan, params),
        *check_decision_periods(plan, params),
        *check_age_limit(plan, params),
        *check_weekly_hours(plan, params),
        *check_paid_work(plan, params),
        *check_work_directed_measures(plan),
        *check_job_seeking(plan, params),
        *check_evaluations(plan),
        *check_content(plan, params),
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return tuple(sorted(findings, key=lambda f: order[f.severity]))
