"""Reasons, calendar helpers, periods and rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kvp_desktop.parameters import Parameter, ParameterError, ParameterSet, ParameterValue, load_parameters
from kvp_desktop.rules import calendar
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.rates import annual_rate, full_rate_from, rates_on
from kvp_desktop.rules.reasons import Reason

D = dt.date


def test_reason_renders_dates_and_amounts_the_norwegian_way() -> None:
    reason = Reason(
        "test.code",
        "Frist {dato}, beløp {belop}, sum {sum}, antall {antall}.",
        "stl. § 35",
        {"dato": D(2026, 5, 1), "belop": Decimal("265657.00"), "sum": Decimal("1021.76"), "antall": 3},
    )
    assert reason.render().replace("\xa0", " ") == "Frist 01.05.2026, beløp 265 657, sum 1 021,76, antall 3."
    assert reason.render("nn").startswith("Frist 01.05.2026")
    assert Reason("x", "Uten parametre.", "stl. § 29").render() == "Uten parametre."


def test_reason_is_frozen_and_hashable() -> None:
    params = {"a": 1}
    reason = Reason("x", "{a}", "ref", params)
    params["a"] = 2
    assert reason.params["a"] == 1
    assert hash(reason) == hash(Reason("x", "{a}", "ref", {"a": 1}))
    assert len({reason, Reason("x", "{a}", "ref", {"a": 1})}) == 1
    with pytest.raises(AttributeError):
        reason.code = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("birth", "years", "expected"),
    [
        (D(2000, 2, 29), 25, D(2025, 3, 1)),
        (D(2000, 2, 29), 24, D(2024, 2, 29)),
        (D(2001, 5, 16), 25, D(2026, 5, 16)),
    ],
)
def test_anniversary(birth: dt.date, years: int, expected: dt.date) -> None:
    assert calendar.anniversary(birth, years) == expected


def test_age_on_around_birthdays() -> None:
    assert calendar.age_on(D(2000, 2, 29), D(2025, 2, 28)) == 24
    assert calendar.age_on(D(2000, 2, 29), D(2025, 3, 1)) == 25
    assert calendar.age_on(D(2001, 5, 16), D(2026, 5, 16)) == 25


def test_months_and_weekdays() -> None:
    assert calendar.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert calendar.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert calendar.add_months(D(2026, 11, 15), 2) == D(2027, 1, 15)
    assert calendar.add_months(D(2026, 3, 15), -3) == D(2025, 12, 15)
    assert calendar.weekdays_in_month(2025, 7) == 23
    assert calendar.weekdays_in_month(2026, 2) == 20
    assert calendar.first_of_next_month(D(2026, 12, 16)) == D(2027, 1, 1)
    assert calendar.week_monday(D(2026, 5, 17)) == D(2026, 5, 11)
    assert list(calendar.weekdays(D(2026, 5, 15), D(2026, 5, 18))) == [D(2026, 5, 15), D(2026, 5, 18)]


def test_norwegian_public_holidays_without_sundays() -> None:
    assert calendar.is_public_holiday(D(2026, 5, 1))
    assert calendar.is_public_holiday(D(2026, 5, 14))  # Kristi himmelfartsdag
    assert calendar.is_public_holiday(D(2026, 12, 26))
    assert not calendar.is_public_holiday(D(2026, 5, 10))  # an ordinary Sunday
    assert not calendar.is_public_holiday(D(2026, 12, 24))


def test_period_is_inclusive_and_checked() -> None:
    may = Period(D(2026, 5, 1), D(2026, 5, 31))
    assert may.days == 31
    assert D(2026, 5, 31) in may and D(2026, 6, 1) not in may and "2026-05-01" not in may
    assert may.overlap(Period(D(2026, 5, 30), D(2026, 6, 2))) == Period(D(2026, 5, 30), D(2026, 5, 31))
    assert may.overlap(Period(D(2026, 6, 1), D(2026, 6, 2))) is None
    assert may.label() == "01.05.2026–31.05.2026"
    with pytest.raises(RulesInputError, match="slutter") as info:
        Period(D(2026, 5, 2), D(2026, 5, 1))
    assert info.value.field == "period"


def test_rates_sources_and_full_rate_policy() -> None:
    params = load_parameters()
    rates = rates_on(D(2026, 6, 1), params)
    # G from 1 May 2026 is set by FOR-2026-05-22-869 (announced 22 May 2026): confirmed, with its source.
    assert not rates.g.unconfirmed and rates.g.source.startswith("FOR-2026-05-22-869")
    assert rates.g.announced == D(2026, 5, 22)
    # The child supplement 38 kr for 2026: the amount is confirmed, its start date for KVP is not.
    child = params.value("child_supplement_rate", D(2026, 6, 1))
    assert child.value == Decimal("38") and child.unconfirmed and "datoen" in (child.note or "")
    assert not params.value("child_supplement_rate", D(2025, 6, 1)).unconfirmed  # 37 kr, nav.no
    assert params.value("child_supplement_rate", D(2023, 6, 1)).unconfirmed  # 35 kr contradicted
    assert full_rate_from(D(2001, 5, 16), params, D(2026, 6, 1)) == D(2026, 5, 16)
    assert annual_rate(D(2001, 5, 16), D(2026, 5, 15), params) == Decimal("185798.00")
    assert annual_rate(D(2001, 5, 16), D(2026, 5, 16), params) == Decimal("278697.00")


def test_unknown_full_rate_policy_is_refused() -> None:
    shipped = load_parameters()
    old = shipped.parameter("full_rate_start")
    value = ParameterValue("full_rate_start", "someday", D(2010, 1, 1), "test")
    broken = Parameter(old.name, old.description, old.unit, old.references, (value,), ("someday",))
    params = ParameterSet({**shipped.parameters, "full_rate_start": broken})
    with pytest.raises(ParameterError, match="someday"):
        full_rate_from(D(2001, 5, 16), params, D(2026, 6, 1))
