"""The office's payout periods and computation policies (rules.payout_period, docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from kvp_desktop.parameters import load_parameters
from kvp_desktop.rules import payout_period as pp
from kvp_desktop.rules.allowance import AllowanceFacts, compute_allowance
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.scenario import ScenarioError, parse_scenario

D = dt.date
BIWEEKLY = pp.PayoutCalendar(pp.Schedule.BIWEEKLY, D(2026, 1, 5))
MONTHLY = pp.PayoutCalendar()


def test_biweekly_period_containing_counts_from_the_start_both_ways() -> None:
    assert BIWEEKLY.period_containing(D(2026, 5, 1)) == Period(D(2026, 4, 27), D(2026, 5, 10))
    assert BIWEEKLY.period_containing(D(2026, 5, 10)) == Period(D(2026, 4, 27), D(2026, 5, 10))
    assert BIWEEKLY.period_containing(D(2026, 5, 11)) == Period(D(2026, 5, 11), D(2026, 5, 24))
    assert BIWEEKLY.period_containing(D(2026, 1, 4)) == Period(D(2025, 12, 22), D(2026, 1, 4))


def test_last_ended_period_is_the_one_before_today() -> None:
    assert BIWEEKLY.last_ended(D(2026, 5, 11)) == Period(D(2026, 4, 27), D(2026, 5, 10))
    assert BIWEEKLY.last_ended(D(2026, 5, 10)) == Period(D(2026, 4, 13), D(2026, 4, 26))
    assert MONTHLY.last_ended(D(2026, 6, 1)) == Period(D(2026, 5, 1), D(2026, 5, 31))
    assert MONTHLY.last_ended(D(2026, 5, 31)) == Period(D(2026, 4, 1), D(2026, 4, 30))


def test_labels_round_trip_and_wrong_labels_are_refused() -> None:
    period = Period(D(2026, 4, 27), D(2026, 5, 10))
    assert BIWEEKLY.label(period) == "2026-04-27"
    assert BIWEEKLY.period_for_label("2026-04-27") == period
    assert MONTHLY.period_for_label("2026-05") == Period(D(2026, 5, 1), D(2026, 5, 31))
    with pytest.raises(RulesInputError, match="begynner 2026-04-27"):
        BIWEEKLY.period_for_label("2026-04-28")
    with pytest.raises(RulesInputError, match="ÅÅÅÅ-MM"):
        MONTHLY.period_for_label("2026-13")


def test_the_start_must_be_a_monday() -> None:
    with pytest.raises(RulesInputError, match="mandag"):
        pp.PayoutCalendar(pp.Schedule.BIWEEKLY, D(2026, 1, 6))
    with pytest.raises(RulesInputError, match="startdato"):
        pp.PayoutCalendar(pp.Schedule.BIWEEKLY, None)


def test_weekdays_of_a_period() -> None:
    assert len(pp.weekdays(Period(D(2026, 4, 27), D(2026, 5, 10)))) == 10


def test_policy_a_periods_that_tile_a_month_sum_to_annual_over_12() -> None:
    """February 2026: 2.–15. and 16. februar–1. mars hold all its 20 weekdays (1 Feb and 1 Mar are Sundays)."""
    params = load_parameters()
    annual = Decimal(278697)
    periods = [Period(D(2026, 2, 2), D(2026, 2, 15)), Period(D(2026, 2, 16), D(2026, 3, 1))]
    assert all(BIWEEKLY.is_period(p) for p in periods)
    exact = sum((pp.period_amount({day: annual for day in pp.weekdays(p)}, params, pp.AmountPolicy.MONTHLY_SHARE)
                 for p in periods), Fraction(0))
    assert exact == Fraction(278697, 12)


def test_policy_b_day_rate_is_rounded_to_whole_kroner_with_the_divisor_parameter() -> None:
    params = load_parameters()
    assert pp.day_rate(Decimal(278697), D(2026, 5, 4), params) == Decimal("1072.00")
    assert pp.day_rate(Decimal(185798), D(2026, 5, 4), params) == Decimal("715.00")  # 714,61 rounds up
    assert pp.day_amount(Decimal(265657), D(2026, 4, 30), params, pp.AmountPolicy.DAY_RATE) == 1022


def test_policy_b_month_differs_from_policy_a() -> None:
    params = load_parameters()
    facts = AllowanceFacts(birth_date=D(1990, 1, 1), programme=Period(D(2026, 1, 5), D(2026, 12, 31)))
    may = Period(D(2026, 5, 1), D(2026, 5, 31))
    assert compute_allowance(facts, may, params).total == Decimal("23224.75")
    assert compute_allowance(facts, may, params, pp.AmountPolicy.DAY_RATE).total == Decimal("22512.00")


def _scenario(**payout: object) -> dict[str, object]:
    return {"participant": {"birth_date": "1990-01-01"}, "programme": {"start": "2026-01-05", "end": "2026-12-31"},
            "period": {"from": "2026-04-27", "to": "2026-05-10"}, "payout": payout}


def test_scenario_payout_object() -> None:
    scenario = parse_scenario(_scenario(schedule="biweekly", start="2026-01-05", policy="day_rate"))
    assert scenario.policy == pp.AmountPolicy.DAY_RATE
    assert scenario.calendar == BIWEEKLY
    with pytest.raises(ScenarioError, match="ikke en utbetalingsperiode"):
        parse_scenario(_scenario(schedule="biweekly", start="2026-01-12"))
    with pytest.raises(ScenarioError, match="mandag"):
        parse_scenario(_scenario(schedule="biweekly", start="2026-01-06"))
    with pytest.raises(ScenarioError, match="ikke monthly_share eller day_rate"):
        parse_scenario(_scenario(schedule="biweekly", start="2026-01-05", policy="weekly"))
    with pytest.raises(ScenarioError, match="ikke en utbetalingsperiode"):
        parse_scenario(_scenario(schedule="monthly"))


def test_previous_period_and_labels_of_both_schedules() -> None:
    period = Period(D(2026, 5, 11), D(2026, 5, 24))
    assert BIWEEKLY.previous(period) == Period(D(2026, 4, 27), D(2026, 5, 10))
    assert MONTHLY.label(Period(D(2026, 5, 1), D(2026, 5, 31))) == "2026-05"
    with pytest.raises(RulesInputError, match="ÅÅÅÅ-MM-DD"):
        BIWEEKLY.period_for_label("2026-05")


def test_recovery_cap_for_a_14_day_period_is_the_share_of_what_the_period_pays() -> None:
    from kvp_desktop.rules.recovery import max_deduction, max_deduction_for_period

    params = load_parameters()
    born = D(1990, 1, 1)
    month = Period(D(2026, 5, 1), D(2026, 5, 31))
    assert max_deduction_for_period(born, month, params) == max_deduction(born, month.start, params)
    share = params.decimal("recovery_deduction_max_percent", month.start) / 100
    fortnight = Period(D(2026, 5, 11), D(2026, 5, 24))
    assert max_deduction_for_period(born, fortnight, params, pp.AmountPolicy.DAY_RATE) == \
        (Decimal(10720) * share).quantize(Decimal("0.01"))


def test_day_rate_runs_name_the_260_divisor_as_unconfirmed() -> None:
    from kvp_desktop.rules.allowance import ALLOWANCE
    from kvp_desktop.rules.money_parameters import unconfirmed_values

    params = load_parameters()
    lines = [(ALLOWANCE, Period(D(2026, 5, 11), D(2026, 5, 24)))]
    names = {value.name for value in unconfirmed_values(params, lines, pp.AmountPolicy.DAY_RATE)}
    assert "days_per_year" in names and "months_per_year" not in names
    assert "months_per_year" in {value.name for value in unconfirmed_values(params, lines)}


def test_scenario_payout_object_refusals() -> None:
    with pytest.raises(ScenarioError, match="ikke monthly eller biweekly"):
        parse_scenario(_scenario(schedule="weekly"))
    with pytest.raises(ScenarioError, match="bare med «biweekly»"):
        parse_scenario(_scenario(schedule="monthly", start="2026-01-05"))
