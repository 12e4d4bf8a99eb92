"""Deadlines («Frister»): processing time, start within 6 months, 67th birthday, 25th birthday,
evaluations — each tested on the day before, the day itself and the day after."""

from __future__ import annotations

import datetime as dt

import pytest

from kvp_desktop.parameters import Override, load_parameters
from kvp_desktop.rules.deadlines import (
    DeadlineFacts,
    DeadlineKind,
    DeadlineState,
    age_limit,
    deadlines_for,
    evaluation,
    full_rate,
    latest_programme_end,
    processing_time,
    start_deadline,
    worst,
)

D = dt.date
PARAMS = load_parameters()
OK, WARNING, OVERDUE, DONE = DeadlineState.OK, DeadlineState.WARNING, DeadlineState.OVERDUE, DeadlineState.DONE


# --- processing time (office setting, 21 days by default) ------------------------------------
@pytest.mark.parametrize(
    ("today", "state", "code"),
    [
        (D(2026, 11, 1), OK, "processing.ok"),
        (D(2026, 11, 21), OK, "processing.ok"),  # day 20
        (D(2026, 11, 22), WARNING, "processing.warning"),  # exactly 3 weeks
        (D(2026, 12, 30), WARNING, "processing.warning"),
    ],
)
def test_processing_time_warns_after_three_weeks(today: dt.date, state: DeadlineState, code: str) -> None:
    deadline = processing_time(D(2026, 11, 1), None, today, 21)
    assert (deadline.state, deadline.reason.code, deadline.due) == (state, code, D(2026, 11, 22))
    assert deadline.reason.reference == "forvaltningsloven § 11 a"
    assert str((today - D(2026, 11, 1)).days) in deadline.reason.render()


def test_processing_time_follows_the_office_setting_and_ends_when_decided() -> None:
    assert processing_time(D(2026, 11, 1), None, D(2026, 11, 15), 14).state is WARNING
    assert processing_time(D(2026, 11, 1), None, D(2026, 11, 14), 14).state is OK
    done = processing_time(D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 5), 21)
    assert done.state is DONE and "29 dager" in done.reason.render()


# --- start within 6 months of the application date (stl. § 31) --------------------------------
@pytest.mark.parametrize(
    ("application", "today", "due", "state"),
    [
        (D(2026, 5, 15), D(2026, 10, 17), D(2026, 11, 15), OK),  # day before the 4-week warning
        (D(2026, 5, 15), D(2026, 10, 18), D(2026, 11, 15), WARNING),  # exactly 4 weeks before
        (D(2026, 5, 15), D(2026, 11, 15), D(2026, 11, 15), WARNING),  # exactly 6 months: last day
        (D(2026, 5, 15), D(2026, 11, 16), D(2026, 11, 15), OVERDUE),
        (D(2026, 8, 31), D(2027, 2, 28), D(2027, 2, 28), WARNING),  # 31 August + 6 months = 28 February
        (D(2026, 8, 31), D(2027, 3, 1), D(2027, 2, 28), OVERDUE),
        (D(2027, 8, 31), D(2028, 2, 29), D(2028, 2, 29), WARNING),  # leap year: 29 February
        (D(2028, 2, 29), D(2028, 8, 29), D(2028, 8, 29), WARNING),
        (D(2028, 2, 29), D(2028, 8, 30), D(2028, 8, 29), OVERDUE),
    ],
)
def test_start_deadline_boundaries(application: dt.date, today: dt.date, due: dt.date, state: DeadlineState) -> None:
    deadline = start_deadline(application, None, today, PARAMS)
    assert (deadline.due, deadline.state) == (due, state)
    assert deadline.warn_from == due - dt.timedelta(weeks=4)
    assert deadline.reason.reference == "stl. § 31"
    assert due.strftime("%d.%m.%Y") in deadline.reason.render()


def test_start_deadline_met_or_broken_by_the_actual_start() -> None:
    assert start_deadline(D(2026, 5, 15), D(2026, 11, 15), D(2026, 12, 1), PARAMS).state is DONE
    late = start_deadline(D(2026, 5, 15), D(2026, 11, 16), D(2026, 12, 1), PARAMS)
    assert (late.state, late.reason.code) == (OVERDUE, "start.late")


def test_the_warning_time_is_a_dated_parameter() -> None:
    two_weeks = PARAMS.with_overrides([Override("deadline_warn_weeks", D(2026, 1, 1), "2", "kontoret")])
    assert start_deadline(D(2026, 5, 15), None, D(2026, 10, 31), two_weeks).state is OK
    assert start_deadline(D(2026, 5, 15), None, D(2026, 11, 1), two_weeks).state is WARNING


# --- 67th birthday (stl. § 29) ----------------------------------------------------------------
def test_latest_end_is_the_last_day_of_the_month_before_the_67th_birthday() -> None:
    assert latest_programme_end(D(1960, 6, 20), D(2026, 1, 1), PARAMS) == D(2027, 5, 31)
    assert latest_programme_end(D(1960, 6, 1), D(2026, 1, 1), PARAMS) == D(2027, 5, 31)
    assert latest_programme_end(D(1960, 2, 29), D(2026, 1, 1), PARAMS) == D(2027, 2, 28)  # 67 on 1 March 2027
    assert latest_programme_end(D(1961, 3, 1), D(2026, 1, 1), PARAMS) == D(2028, 2, 29)


@pytest.mark.parametrize(
    ("birth", "today", "planned_end", "state", "code"),
    [
        (D(1970, 1, 15), D(2026, 11, 23), None, OK, "age_limit.ok"),
        # 67 on 20 June 2029 → latest end 31 May 2029; 24 months from 1 June 2027 end 31 May 2029: fits.
        (D(1962, 6, 20), D(2027, 6, 1), None, OK, "age_limit.ok"),
        (D(1962, 6, 20), D(2027, 6, 2), None, WARNING, "age_limit.soon"),  # one day less than full length
        (D(1962, 6, 20), D(2029, 5, 31), None, WARNING, "age_limit.soon"),  # the last possible day
        (D(1962, 6, 20), D(2029, 6, 1), None, OVERDUE, "age_limit.passed"),  # the month of the birthday
        (D(1962, 6, 20), D(2028, 1, 1), D(2029, 5, 31), WARNING, "age_limit.soon"),
        (D(1962, 6, 20), D(2028, 1, 1), D(2029, 6, 1), OVERDUE, "age_limit.planned_end"),
    ],
)
def test_age_limit_boundaries(
    birth: dt.date, today: dt.date, planned_end: dt.date | None, state: DeadlineState, code: str
) -> None:
    deadline = age_limit(birth, today, PARAMS, planned_end)
    assert (deadline.state, deadline.reason.code) == (state, code)
    assert deadline.reason.reference == "stl. § 29 første ledd"


# --- 25th birthday (stl. § 35) -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2029, 2, 28), WARNING),  # born 29 February 2004: 25 on 1 March 2029
        (D(2029, 3, 1), DONE),
        (D(2029, 2, 1), WARNING),  # exactly 4 weeks before
        (D(2029, 1, 31), OK),
    ],
)
def test_full_rate_from_the_25th_birthday(today: dt.date, state: DeadlineState) -> None:
    deadline = full_rate(D(2004, 2, 29), today, PARAMS)
    assert (deadline.due, deadline.state) == (D(2029, 3, 1), state)
    assert "01.03.2029" in deadline.reason.render()


def test_full_rate_on_an_ordinary_25th_birthday() -> None:
    assert full_rate(D(2001, 11, 23), D(2026, 11, 22), PARAMS).state is WARNING
    assert full_rate(D(2001, 11, 23), D(2026, 11, 23), PARAMS).state is DONE


# --- evaluations (forskrift § 1) ----------------------------------------------------------------
def test_evaluation_states() -> None:
    on = D(2026, 12, 21)
    assert evaluation(on, None, D(2026, 11, 22), PARAMS).state is OK
    assert evaluation(on, None, D(2026, 11, 23), PARAMS).state is WARNING
    assert evaluation(on, None, on, PARAMS).state is WARNING
    assert evaluation(on, None, D(2026, 12, 22), PARAMS).state is OVERDUE
    held = evaluation(on, D(2026, 12, 20), D(2027, 1, 5), PARAMS)
    assert held.state is DONE and "20.12.2026" in held.reason.render()


# --- all together -------------------------------------------------------------------------------
TODAY = D(2026, 11, 23)


def test_an_open_application_for_a_young_applicant() -> None:
    facts = DeadlineFacts(birth_date=D(2002, 2, 10), application_date=D(2026, 10, 20))
    found = deadlines_for(facts, TODAY, PARAMS, 21)
    assert [d.kind for d in found] == [DeadlineKind.PROCESSING, DeadlineKind.FULL_RATE, DeadlineKind.START]
    assert found[0].state is WARNING  # 34 days
    assert worst(found) is WARNING


def test_a_decided_application_keeps_the_start_deadline_until_the_programme_starts() -> None:
    facts = DeadlineFacts(birth_date=D(1980, 1, 1), application_date=D(2026, 5, 1), decided_on=D(2026, 5, 20))
    found = deadlines_for(facts, TODAY, PARAMS, 21)
    assert [(d.kind, d.state) for d in found] == [(DeadlineKind.START, OVERDUE)]
    assert worst(found) is OVERDUE


def test_a_running_programme_shows_the_next_and_missed_evaluations_and_the_age_limit() -> None:
    facts = DeadlineFacts(
        birth_date=D(1960, 3, 10),
        application_date=D(2026, 1, 5),
        decided_on=D(2026, 1, 20),
        programme_start=D(2026, 2, 2),
        programme_end=D(2027, 2, 1),
        evaluations=((D(2026, 5, 4), D(2026, 5, 4)), (D(2026, 8, 3), None), (D(2027, 1, 4), None),
                     (D(2026, 12, 7), None)),
    )
    found = deadlines_for(facts, TODAY, PARAMS, 21)
    assert [(d.kind, d.due, d.state) for d in found] == [
        (DeadlineKind.EVALUATION, D(2026, 8, 3), OVERDUE),
        (DeadlineKind.EVALUATION, D(2026, 12, 7), WARNING),
        (DeadlineKind.AGE_LIMIT, D(2027, 2, 28), WARNING),
    ]


def test_under_25_rate_change_after_the_programme_ends_is_not_shown() -> None:
    facts = DeadlineFacts(birth_date=D(2005, 6, 1), programme_start=D(2026, 1, 5), programme_end=D(2026, 12, 31))
    assert deadlines_for(facts, TODAY, PARAMS, 21) == ()
    inside = DeadlineFacts(birth_date=D(2001, 12, 1), programme_start=D(2026, 1, 5), programme_end=D(2027, 1, 31))
    assert [d.kind for d in deadlines_for(inside, TODAY, PARAMS, 21)] == [DeadlineKind.FULL_RATE]


def test_nothing_for_a_person_without_application_or_a_finished_programme() -> None:
    assert deadlines_for(DeadlineFacts(birth_date=D(1990, 1, 1)), TODAY, PARAMS, 21) == ()
    ended = DeadlineFacts(birth_date=D(2004, 1, 1), programme_start=D(2025, 1, 6), programme_end=D(2026, 1, 5),
                          evaluations=((D(2025, 6, 2), None),))
    assert deadlines_for(ended, TODAY, PARAMS, 21) == ()
    assert worst(()) is None
