"""Programme plan checks: stl. §§ 30–32, forskrift §§ 1–2."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from kvp_desktop.parameters import load_parameters
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.programme import (
    Activity,
    ActivityCategory,
    Finding,
    PlanWeek,
    ProgrammePlan,
    Severity,
    check_duration,
    check_plan,
)

D = dt.date
C = ActivityCategory
PARAMS = load_parameters()
START, END = D(2026, 1, 5), D(2026, 12, 31)  # Monday … Thursday


def full_week(monday: dt.date, *extra: Activity) -> PlanWeek:
    return PlanWeek(
        monday,
        (Activity(C.WORK_DIRECTED_MEASURE, Decimal(30), "Arbeidstrening"), Activity(C.JOB_SEEKING, Decimal("7.5"))),
    )


def weeks(start: dt.date = START, end: dt.date = END) -> tuple[PlanWeek, ...]:
    monday = start - dt.timedelta(days=start.weekday())
    out = []
    while monday <= end:
        out.append(full_week(monday))
        monday += dt.timedelta(days=7)
    return tuple(out)


GOOD = ProgrammePlan(
    application_date=D(2025, 11, 1),
    start=START,
    end=END,
    birth_date=D(1990, 1, 1),
    weeks=weeks(),
    evaluation_dates=(D(2026, 4, 1), D(2026, 9, 1)),
)


def codes(plan: ProgrammePlan) -> dict[str, Severity]:
    return {finding.reason.code: finding.severity for finding in check_plan(plan, PARAMS)}


def replace_week(plan: ProgrammePlan, week: PlanWeek) -> ProgrammePlan:
    return dataclasses.replace(plan, weeks=tuple(week if w.monday == week.monday else w for w in plan.weeks))


def test_a_good_plan_has_no_findings() -> None:
    assert check_plan(GOOD, PARAMS) == ()


def test_start_within_six_months_of_the_application() -> None:
    assert codes(dataclasses.replace(GOOD, application_date=D(2026, 1, 6))) == {
        "start.before_application": Severity.ERROR
    }
    late = dataclasses.replace(GOOD, application_date=D(2025, 7, 4))
    assert codes(late) == {"start.too_late": Severity.WARNING}  # unconfirmed rule: a warning, not a block
    assert codes(dataclasses.replace(GOOD, application_date=D(2025, 7, 5))) == {}


def test_duration_two_years_plus_leave_plus_exceptional_year() -> None:
    two_years = dataclasses.replace(GOOD, end=D(2028, 1, 4), weeks=weeks(START, D(2028, 1, 4)))
    assert codes(two_years) == {}
    one_day_more = dataclasses.replace(two_years, end=D(2028, 1, 5), weeks=weeks(START, D(2028, 1, 5)))
    assert codes(one_day_more) == {"duration.too_long": Severity.ERROR}
    with_leave = dataclasses.replace(one_day_more, approved_leave=(Period(D(2026, 7, 6), D(2026, 7, 6)),))
    assert "duration.too_long" not in codes(with_leave)
    exceptional = dataclasses.replace(one_day_more, exceptional_extension=True)
    assert codes(exceptional) == {"duration.exceptional": Severity.INFO}
    three_years = dataclasses.replace(exceptional, end=D(2029, 1, 5), weeks=weeks(START, D(2029, 1, 5)))
    assert codes(three_years) == {"duration.too_long": Severity.ERROR}


def test_before_2019_the_special_extension_was_six_months() -> None:
    plan = dataclasses.replace(
        GOOD, application_date=D(2016, 1, 1), start=D(2016, 1, 4), end=D(2018, 7, 3), exceptional_extension=True
    )
    assert [f.reason.code for f in check_duration(plan, PARAMS)] == ["duration.exceptional"]
    later = dataclasses.replace(plan, end=D(2018, 7, 4))
    assert [f.reason.code for f in check_duration(later, PARAMS)] == ["duration.too_long"]
    with pytest.raises(RulesInputError):
        check_duration(dataclasses.replace(plan, end=D(2015, 1, 1)), PARAMS)


def test_decision_periods_longer_than_twelve_months_are_flagged() -> None:
    plan = dataclasses.replace(GOOD, decision_periods=(Period(START, D(2027, 1, 4)), Period(START, D(2027, 1, 5))))
    findings = [f for f in check_plan(plan, PARAMS) if f.reason.code == "decision_period.too_long"]
    assert len(findings) == 1 and findings[0].severity is Severity.WARNING


def test_programme_ends_the_month_before_the_67th_birthday() -> None:
    old = dataclasses.replace(GOOD, birth_date=D(1960, 1, 15), end=D(2026, 12, 31))
    assert codes(old) == {}
    older = dataclasses.replace(GOOD, birth_date=D(1959, 12, 15))
    found = check_plan(older, PARAMS)
    assert [f.reason.code for f in found] == ["age.programme_too_late"]
    assert "30.11.2026" in found[0].reason.render()


def test_zero_hour_week_is_an_error_but_holidays_count() -> None:
    zero = replace_week(GOOD, PlanWeek(D(2026, 3, 2)))
    finding = next(f for f in check_plan(zero, PARAMS) if f.reason.code == "week.not_full_time")
    assert finding.week == D(2026, 3, 2) and finding.severity is Severity.ERROR
    assert "37,5" in finding.reason.render() or "37.5" in finding.reason.render()
    # planned holiday (ferie) fills the week
    holiday = replace_week(GOOD, PlanWeek(D(2026, 7, 6), holiday_hours=Decimal("37.5")))
    assert codes(holiday) == {}
    # Ascension Day (Thursday 14 May 2026) counts 7,5 hours: 30 planned hours are enough
    ascension = replace_week(GOOD, PlanWeek(D(2026, 5, 11), (Activity(C.WORK_DIRECTED_MEASURE, Decimal(30)),)))
    assert codes(ascension) == {}
    not_enough = replace_week(GOOD, PlanWeek(D(2026, 5, 18), (Activity(C.WORK_DIRECTED_MEASURE, Decimal(30)),)))
    assert codes(not_enough) == {"week.not_full_time": Severity.ERROR}


def test_part_weeks_and_leave_weeks() -> None:
    start_wednesday = dataclasses.replace(
        GOOD,
        start=D(2026, 1, 7),
        weeks=(PlanWeek(D(2026, 1, 5), (Activity(C.WORK_DIRECTED_MEASURE, Decimal("22.5")),)), *GOOD.weeks[1:]),
    )
    assert codes(start_wednesday) == {}
    leave = dataclasses.replace(
        replace_week(GOOD, PlanWeek(D(2026, 8, 3))), approved_leave=(Period(D(2026, 8, 3), D(2026, 8, 9)),)
    )
    assert codes(leave) == {}
    leave_without_the_week = dataclasses.replace(
        leave, weeks=tuple(w for w in leave.weeks if w.monday != D(2026, 8, 3))
    )
    assert codes(leave_without_the_week) == {}


def test_missing_and_misplaced_weeks() -> None:
    missing = dataclasses.replace(GOOD, weeks=GOOD.weeks[:-3])
    finding = next(f for f in check_plan(missing, PARAMS) if f.reason.code == "week.missing")
    assert finding.severity is Severity.WARNING and "3 uker" in finding.reason.render()
    outside = dataclasses.replace(GOOD, weeks=(*GOOD.weeks, full_week(D(2027, 3, 1))))
    assert codes(outside) == {"week.outside_programme": Severity.WARNING}
    with pytest.raises(RulesInputError, match="mandag"):
        check_plan(dataclasses.replace(GOOD, weeks=(full_week(D(2026, 1, 6)),)), PARAMS)
    with pytest.raises(RulesInputError, match="to ganger"):
        check_plan(dataclasses.replace(GOOD, weeks=(*GOOD.weeks, GOOD.weeks[0])), PARAMS)


def test_paid_work_at_most_half_time() -> None:
    def week(paid: str) -> PlanWeek:
        return PlanWeek(
            D(2026, 2, 2),
            (Activity(C.PAID_WORK, Decimal(paid)), Activity(C.WORK_DIRECTED_MEASURE, Decimal(30))),
        )

    assert codes(replace_week(GOOD, week("18.75"))) == {}
    assert codes(replace_week(GOOD, week("19"))) == {"paid_work.too_much": Severity.ERROR}


def test_work_directed_measures_by_halfway_and_job_seeking_at_the_end() -> None:
    only_training = tuple(
        PlanWeek(w.monday, (Activity(C.TRAINING_EDUCATION, Decimal("37.5"), "Norsk"),)) for w in GOOD.weeks
    )
    found = codes(dataclasses.replace(GOOD, weeks=only_training))
    assert found == {"content.no_work_directed_measure": Severity.ERROR, "content.no_job_seeking": Severity.ERROR}
    # paid work counts as work-directed
    paid = tuple(
        PlanWeek(w.monday, (Activity(C.PAID_WORK, Decimal(15)), Activity(C.JOB_SEEKING, Decimal("22.5"))))
        for w in GOOD.weeks
    )
    assert codes(dataclasses.replace(GOOD, weeks=paid)) == {}


def test_evaluation_dates() -> None:
    assert codes(dataclasses.replace(GOOD, evaluation_dates=())) == {"evaluation.missing": Severity.ERROR}
    outside = dataclasses.replace(GOOD, evaluation_dates=(D(2026, 4, 1), D(2027, 2, 1)))
    assert codes(outside) == {"evaluation.outside": Severity.WARNING}


def test_forbidden_and_justified_content() -> None:
    week = D(2026, 3, 9)

    def plan_with(activity: Activity, base: ProgrammePlan = GOOD) -> ProgrammePlan:
        return replace_week(base, PlanWeek(week, (Activity(C.WORK_DIRECTED_MEASURE, Decimal("37.5")), activity)))

    assert codes(plan_with(Activity(C.OTHER, Decimal(0), "", community_sentence=True))) == {
        "content.community_sentence": Severity.ERROR
    }
    assert codes(plan_with(Activity(C.OTHER, Decimal(0), "Samfunnsstraff på lørdager"))) == {
        "content.community_sentence_mentioned": Severity.WARNING
    }
    assert codes(plan_with(Activity(C.REST, Decimal(2)))) == {"content.justify": Severity.WARNING}
    assert codes(plan_with(Activity(C.REST, Decimal(2), "Hvile i oppstarten"))) == {}
    education = Activity(C.TRAINING_EDUCATION, Decimal(5), "Vg2 elektro", ordinary_education=True)
    assert codes(plan_with(education)) == {"content.ordinary_education": Severity.INFO}
    old = dataclasses.replace(
        GOOD,
        application_date=D(2016, 1, 1),
        start=D(2016, 1, 4),
        end=D(2016, 12, 30),
        weeks=weeks(D(2016, 1, 4), D(2016, 12, 30)),
        evaluation_dates=(D(2016, 6, 1),),
    )
    week = D(2016, 3, 7)
    assert codes(plan_with(education, old)) == {"content.ordinary_education": Severity.ERROR}


def test_findings_are_sorted_errors_first() -> None:
    plan = dataclasses.replace(
        replace_week(GOOD, PlanWeek(D(2026, 3, 2), (Activity(C.REST, Decimal("37.5")),))), evaluation_dates=()
    )
    severities = [f.severity for f in check_plan(plan, PARAMS)]
    assert severities == sorted(severities, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index)
    assert isinstance(check_plan(plan, PARAMS)[0], Finding)
