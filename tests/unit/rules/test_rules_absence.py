"""Absence limits (stl. § 36, forskrift kap. 2): what is exceeded and what documentation it needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kvp_desktop.parameters import Override, load_parameters
from kvp_desktop.rules.absence import (
    AbsenceDay,
    AbsenceType,
    Household,
    check_absence,
    sick_child_limit,
    spells,
)

PARAMS = load_parameters()
START = dt.date(2026, 1, 5)  # a Monday
FULL = Decimal("7.5")


def days(kind: AbsenceType, *dates: dt.date, hours: Decimal = FULL) -> list[AbsenceDay]:
    return [AbsenceDay(d, kind, hours) for d in dates]


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def test_spells_bridge_the_weekend_only() -> None:
    assert spells([d(3, 6), d(3, 9), d(3, 2)]) == [(d(3, 2), d(3, 2)), (d(3, 6), d(3, 9))]
    assert spells([d(3, 2), d(3, 6)]) == [(d(3, 2), d(3, 2)), (d(3, 6), d(3, 6))]


def test_no_absence_no_warning_and_zero_hours_ignored() -> None:
    assert check_absence([], START, PARAMS) == []
    assert check_absence(days(AbsenceType.EGENMELDING, d(1, 6), hours=Decimal(0)), START, PARAMS) == []


def test_self_certification_within_limits() -> None:
    entries = days(AbsenceType.EGENMELDING, d(4, 1), d(4, 2), d(4, 3))
    assert check_absence(entries, START, PARAMS) == []


def test_self_certification_before_qualifying_weeks_needs_medical_certificate() -> None:
    warnings = check_absence(days(AbsenceType.EGENMELDING, d(1, 20), d(2, 3)), START, PARAMS)
    assert [w.code for w in warnings] == ["self_certification_too_early"]
    warning = warnings[0]
    assert warning.day == d(1, 20)
    assert "8 uker" in warning.message and "legeerklæring" in warning.documentation
    assert warning.unconfirmed and "kontroller mot gjeldende regelverk" in warning.text()
    assert "forskrift § 6" in warning.reference


def test_self_certification_longer_than_three_days() -> None:
    entries = days(AbsenceType.EGENMELDING, d(4, 2), d(4, 3), d(4, 6), d(4, 7))  # Thu–Tue over a weekend
    warnings = check_absence(entries, START, PARAMS)
    assert [w.code for w in warnings] == ["self_certification_too_long"]
    assert "4 dager" in warnings[0].message and "høyst 3" in warnings[0].message


def test_fifth_self_certification_in_twelve_months() -> None:
    # Five separate illnesses, each more than 16 days after the previous one.
    starts = [d(3, 2), d(4, 1), d(5, 4), d(6, 1), d(7, 1)]
    warnings = check_absence(days(AbsenceType.EGENMELDING, *starts), START, PARAMS)
    assert [(w.code, w.day) for w in warnings] == [("self_certification_too_many", d(7, 1))]
    assert "nummer 5" in warnings[0].message


def test_new_illness_within_sixteen_days_is_the_same_spell() -> None:
    starts = [d(3, 2), d(3, 10), d(3, 18), d(3, 26), d(4, 3)]
    assert check_absence(days(AbsenceType.EGENMELDING, *starts), START, PARAMS) == []


def test_self_certifications_older_than_twelve_months_do_not_count() -> None:
    starts = [d(3, 2), d(5, 4), d(7, 1), d(9, 1), d(4, 1, 2027)]
    assert check_absence(days(AbsenceType.EGENMELDING, *starts), START, PARAMS) == []


def test_sick_child_limits_depend_on_household() -> None:
    on = d(6, 1)
    assert sick_child_limit(Household(), on, PARAMS) == (10, "sick_child_days")
    assert sick_child_limit(Household(3), on, PARAMS)[0] == 15
    assert sick_child_limit(Household(1, alone_with_care=True), on, PARAMS)[0] == 20
    assert sick_child_limit(Household(3, alone_with_care=True), on, PARAMS)[0] == 30


def test_eleventh_sick_child_day() -> None:
    sick = [START + dt.timedelta(days=7 * n) for n in range(11)]
    warnings = check_absence(days(AbsenceType.SYKT_BARN, *sick), START, PARAMS, Household(1))
    assert [(w.code, w.day) for w in warnings] == [("sick_child_too_many", sick[10])]
    assert "dag 11" in warnings[0].message and "grensen er 10" in warnings[0].message
    assert check_absence(days(AbsenceType.SYKT_BARN, *sick), START, PARAMS, Household(3)) == []


def test_welfare_leave_and_holiday_per_calendar_year() -> None:
    welfare = [START + dt.timedelta(days=n) for n in range(13)]
    holiday = [d(6, 1) + dt.timedelta(days=n) for n in range(11)] + [d(1, 4, 2027)]
    entries = days(AbsenceType.VELFERD, *welfare) + days(AbsenceType.FERIE, *holiday)
    warnings = check_absence(entries, START, PARAMS, holiday_weeks_per_year=2)
    assert [(w.code, w.day) for w in warnings] == [
        ("welfare_leave_too_many", welfare[12]),
        ("holiday_too_many", holiday[10]),
    ]
    assert "søknad og vedtak" in warnings[0].documentation and warnings[0].unconfirmed
    assert not warnings[1].unconfirmed and warnings[1].text().endswith("permisjon.")


def test_office_value_replaces_the_unconfirmed_default() -> None:
    local = PARAMS.with_overrides([Override("sick_child_days", dt.date(2026, 1, 1), "12", "Kommunens retningslinje")])
    sick = [START + dt.timedelta(days=7 * n) for n in range(13)]
    warnings = check_absence(days(AbsenceType.SYKT_BARN, *sick), START, local)
    assert warnings[0].day == sick[12] and not warnings[0].unconfirmed


def test_other_valid_absence_has_no_limit() -> None:
    entries = days(AbsenceType.LEGEERKLAERING, *[START + dt.timedelta(days=n) for n in range(40)])
    entries += days(AbsenceType.PERMISJON, d(5, 4)) + days(AbsenceType.ANNET, d(5, 5))
    assert check_absence(entries, START, PARAMS) == []


def test_absence_never_more_than_the_days_planned_hours() -> None:
    """stl. § 36: one can be absent only from what was planned that day."""
    from kvp_desktop.rules.absence import absence_ceiling_problem

    monday, saturday = dt.date(2026, 12, 7), dt.date(2026, 12, 12)
    seven_and_a_half = Decimal("7.5")
    assert absence_ceiling_problem(monday, seven_and_a_half, Decimal(0), seven_and_a_half) is None
    assert absence_ceiling_problem(monday, seven_and_a_half, Decimal(3), Decimal("4.5")) is None
    too_much = absence_ceiling_problem(monday, seven_and_a_half, Decimal(0), Decimal(24))
    assert too_much == "07.12.2026: fraværet (24 timer) kan ikke være mer enn dagens planlagte timer (7,5) (stl. § 36)."
    weekend = absence_ceiling_problem(saturday, Decimal(0), Decimal(0), Decimal(24))
    assert weekend is not None and "ingen planlagt aktivitet" in weekend
