"""Edge cases of the rules that the legislation cases do not reach (kept at 100 % branch coverage)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kvp_desktop.parameters import load_parameters
from kvp_desktop.rules.allowance import ALLOWANCE, AllowanceFacts, paid_weekdays
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.refund import PaidLine, paid_for_days
from kvp_desktop.rules.scenario import ScenarioError, _amount

NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def test_paid_weekdays_without_parameters_has_no_age_limit() -> None:
    facts = AllowanceFacts(birth_date=dt.date(1959, 6, 1), programme=NOVEMBER)  # 67 in 2026
    assert len(paid_weekdays(facts, NOVEMBER)) == 21


def test_no_weekday_is_paid_after_the_month_before_the_67th_birthday() -> None:
    """stl. § 29: the programme ends by the month before the 67th birthday (docs/rules.md, «67 år»)."""
    facts = AllowanceFacts(birth_date=dt.date(1959, 6, 1), programme=NOVEMBER)
    assert paid_weekdays(facts, NOVEMBER, load_parameters()) == []


def test_refund_ignores_lines_earned_outside_their_period_and_periods_without_weekdays() -> None:
    benefit = NOVEMBER
    weekend = Period(dt.date(2026, 11, 7), dt.date(2026, 11, 8))
    lines = [
        # The programme covered only October: nothing of this line was earned in its own period.
        PaidLine(NOVEMBER, ALLOWANCE, Decimal("1000.00"), earned=Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))),
        PaidLine(weekend, ALLOWANCE, Decimal("500.00")),  # a period of no weekdays pays for no weekday
        PaidLine(NOVEMBER, ALLOWANCE, Decimal("2100.00")),
    ]
    assert paid_for_days(lines, benefit) == Decimal("2100.00")


def test_scenario_amounts_as_decimals_and_too_large_amounts() -> None:
    assert _amount(Decimal("500.00"), "amount") == Decimal("500.00")
    with pytest.raises(ScenarioError, match="urimelig stort"):
        _amount("100000000.01", "amount")


@pytest.mark.parametrize("value", [True, None, [1]])
def test_a_scenario_amount_that_is_no_number_is_refused_in_norwegian(value: object) -> None:
    with pytest.raises(ScenarioError, match=r"Beløpet må være et tall|ikke et gyldig beløp"):
        _amount(value, "amount")
