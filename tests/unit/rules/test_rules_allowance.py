"""Allowance computation: input checks, caps, back-pay and properties (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kvp_desktop.parameters import Override, load_parameters
from kvp_desktop.rules.allowance import (
    AllowanceFacts,
    Child,
    HoursEntry,
    OffsetBenefit,
    OtherBenefit,
    back_pay,
    compute_allowance,
    kr,
)
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period

D = dt.date
PARAMS = load_parameters()
PROGRAMME = Period(D(2024, 1, 1), D(2026, 12, 31))
MAY = Period(D(2026, 5, 1), D(2026, 5, 31))


def facts(**changes: object) -> AllowanceFacts:
    base = AllowanceFacts(birth_date=D(1990, 1, 1), programme=PROGRAMME)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"recovery_deduction": Decimal("-1")}, "negativt", "recovery_deduction"),
        ({"invalid_absence": (HoursEntry(D(2026, 5, 4), Decimal(0)),)}, "mer enn 0", "invalid_absence"),
        ({"paid_work": (HoursEntry(D(2026, 5, 4), Decimal(25)),)}, "høyst 24", "paid_work"),
        ({"paid_work": (HoursEntry(D(2026, 6, 1), Decimal(2)),)}, "utenfor perioden", "paid_work"),
        (
            {
                "programme": Period(D(2026, 5, 10), D(2026, 12, 31)),
                "paid_work": (HoursEntry(D(2026, 5, 4), Decimal(2)),),
            },
            "utenfor perioden eller programmet",
            "paid_work",
        ),
        (
            {
                "unpaid_leave": (Period(D(2026, 5, 4), D(2026, 5, 8)),),
                "invalid_absence": (HoursEntry(D(2026, 5, 5), Decimal(2)),),
            },
            "uten stønad",
            "invalid_absence",
        ),
        (
            {"other_benefits": (OtherBenefit(OffsetBenefit.DAGPENGER, MAY, Decimal("-5")),)},
            "negativt",
            "other_benefits",
        ),
        (
            {
                "other_benefits": (
                    OtherBenefit(OffsetBenefit.SYKEPENGER, Period(D(2026, 6, 1), D(2026, 6, 5)), Decimal(5)),
                )
            },
            "Sykepenger for 01.06.2026–05.06.2026 gjelder ingen dager",
            "other_benefits",
        ),
    ],
)
def test_inconsistent_facts_are_refused(changes: dict[str, object], message: str, field: str) -> None:
    with pytest.raises(RulesInputError, match=message) as info:
        compute_allowance(facts(**changes), MAY, PARAMS)
    assert info.value.field == field


def test_absence_on_a_programme_weekend_is_reduced_at_the_hour_rate() -> None:
    result = compute_allowance(facts(invalid_absence=(HoursEntry(D(2026, 5, 16), Decimal("3")),)), MAY, PARAMS)
    assert result.amount("invalid_absence") == Decimal("-428.76")  # 3 × 278 697 / 1 950 = 428,765
    assert result.lines[-1].render_text("nb") == "Trekk for ugyldig fravær"


def test_reductions_never_take_more_than_the_stonad() -> None:
    every_day = tuple(HoursEntry(day, Decimal("7.5")) for day in _weekdays(MAY))
    result = compute_allowance(
        facts(children=(Child(D(2020, 1, 1)),), invalid_absence=every_day, paid_work=every_day), MAY, PARAMS
    )
    # 157,5 hours of absence take 157,5 × 278 697 / 1 950 = 22 510,14 kr; paid work takes only what is left
    assert result.amount("invalid_absence") == Decimal("-22510.14")
    assert result.amount("allowance") + result.amount("invalid_absence") + result.amount("paid_work") == 0
    assert "begrenset til 714,61" in next(line.basis for line in result.lines if line.code == "paid_work")
    long_days = tuple(HoursEntry(day, Decimal(24)) for day in _weekdays(MAY))
    capped = compute_allowance(facts(invalid_absence=long_days), MAY, PARAMS)
    assert capped.total == Decimal("0.00")
    # the child supplement is reduced by paid work only, never below zero
    assert result.amount("child_supplement") + result.amount("paid_work_child_supplement") == Decimal("0.00")
    assert result.total == Decimal("0.00")


def test_paid_work_without_children_has_no_child_line_and_child_born_later_counts_from_birth() -> None:
    result = compute_allowance(facts(paid_work=(HoursEntry(D(2026, 5, 4), Decimal(1)),)), MAY, PARAMS)
    assert "paid_work_child_supplement" not in {line.code for line in result.lines}
    born = compute_allowance(facts(children=(Child(D(2026, 5, 25)),)), MAY, PARAMS)
    assert born.amount("child_supplement") == Decimal("190.00")  # 25–29 May


def test_kr_formats_whole_and_part_kroner() -> None:
    assert kr(Decimal("265657.00")).replace("\xa0", " ") == "265 657 kr"
    assert kr(Decimal("22138.08")).replace("\xa0", " ") == "22 138,08 kr"


def test_back_pay_for_a_new_g_registered_after_may() -> None:
    previous = load_parameters().with_overrides(
        [Override("g", D(2026, 5, 1), "130160", "G 2025 videreført til ny G er kjent")]
    )
    new = load_parameters()
    one = facts(children=(Child(D(2020, 1, 1)),), recovery_deduction=Decimal("100.00"))
    result = back_pay(one, MAY, previous_params=previous, new_params=new)
    assert result.previous.total == Decimal("22138.08") + Decimal("798.00")
    assert result.recomputed.total == Decimal("23224.75") + Decimal("798.00")
    assert [(line.code, line.amount) for line in result.lines] == [("allowance", Decimal("1086.67"))]
    assert result.total == Decimal("1086.67")
    assert result.lines[0].basis.replace("\xa0", " ") == "ny beregning 23 224,75 kr − tidligere beregning 22 138,08 kr"
    assert "recovery_deduction" not in {line.code for line in result.recomputed.lines}


def test_back_pay_with_no_change_is_empty() -> None:
    result = back_pay(facts(), MAY, previous_params=PARAMS, new_params=PARAMS)
    assert result.lines == () and result.total == Decimal("0.00")


def _weekdays(period: Period) -> list[dt.date]:
    day, out = period.start, []
    while day <= period.end:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


# --- properties --------------------------------------------------------------------------

days_2025_2026 = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 31))
hours = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("7.5"), places=1)
amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("40000"), places=2)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[AllowanceFacts, Period]:
    start = draw(days_2025_2026)
    end = draw(st.dates(min_value=start, max_value=min(start + dt.timedelta(days=62), D(2026, 12, 31))))
    period = Period(start, end)
    in_period = st.dates(min_value=start, max_value=end)
    birth = draw(st.dates(min_value=D(1960, 1, 1), max_value=D(2007, 12, 31)))
    children = tuple(Child(d) for d in draw(st.lists(st.dates(D(2005, 1, 1), D(2026, 12, 31)), max_size=3)))
    absence = tuple(HoursEntry(d, h) for d, h in draw(st.lists(st.tuples(in_period, hours), max_size=5)))
    work = tuple(HoursEntry(d, h) for d, h in draw(st.lists(st.tuples(in_period, hours), max_size=5)))
    benefits = tuple(
        OtherBenefit(kind, Period(a, max(a, b)), amount)
        for kind, a, b, amount in draw(
            st.lists(st.tuples(st.sampled_from(OffsetBenefit), in_period, in_period, amounts), max_size=2)
        )
    )
    recovery = draw(amounts)
    one = AllowanceFacts(
        birth_date=birth,
        programme=Period(D(2024, 1, 1), D(2026, 12, 31)),
        children=children,
        invalid_absence=absence,
        paid_work=work,
        other_benefits=benefits,
        recovery_deduction=recovery,
    )
    return one, period


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_total_is_never_negative_and_is_the_sum_of_whole_ore_lines(case: tuple[AllowanceFacts, Period]) -> None:
    one, period = case
    result = compute_allowance(one, period, PARAMS)
    assert result.total >= 0
    assert result.total == sum((line.amount for line in result.lines), Decimal("0.00"))
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in result.lines)


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.tuples(days_2025_2026, hours))
def test_more_invalid_absence_never_pays_more_and_never_touches_the_child_supplement(
    case: tuple[AllowanceFacts, Period], extra: tuple[dt.date, Decimal]
) -> None:
    one, period = case
    day = min(max(extra[0], period.start), period.end)
    more = dataclasses.replace(one, invalid_absence=(*one.invalid_absence, HoursEntry(day, extra[1])))
    before, after = compute_allowance(one, period, PARAMS), compute_allowance(more, period, PARAMS)
    assert after.total <= before.total
    assert after.amount("child_supplement") == before.amount("child_supplement")
    assert after.amount("paid_work_child_supplement") == before.amount("paid_work_child_supplement")


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.integers(min_value=0, max_value=62))
def test_splitting_a_period_changes_the_sum_only_by_rounding(case: tuple[AllowanceFacts, Period], cut: int) -> None:
    one, period = case
    split = min(period.start + dt.timedelta(days=cut), period.end)
    if split == period.end:
        return
    first, second = Period(period.start, split), Period(split + dt.timedelta(days=1), period.end)
    simple = dataclasses.replace(
        one, other_benefits=(), recovery_deduction=Decimal(0), invalid_absence=(), paid_work=()
    )
    whole = compute_allowance(simple, period, PARAMS).total
    parts = compute_allowance(simple, first, PARAMS).total + compute_allowance(simple, second, PARAMS).total
    # each extra line can move the sum by at most half an øre; a split adds at most one line per group
    assert abs(whole - parts) <= Decimal("0.05")


DECEMBER = Period(D(2026, 12, 1), D(2026, 12, 31))  # 23 weekdays


def test_a_days_absence_never_costs_more_than_the_day_pays() -> None:
    """7,5 h × 278 697 / 1 950 = 1 071,91 kr, but a day of a 23-weekday month pays 278 697 / 12 / 23
    = 1 009,77 kr (stl. § 36)."""
    dec = AllowanceFacts(birth_date=D(1980, 1, 1), programme=Period(D(2026, 1, 1), D(2027, 12, 31)))
    one_day = compute_allowance(dataclasses.replace(dec, invalid_absence=(HoursEntry(D(2026, 12, 8), Decimal("7.5")),)),
                                DECEMBER, PARAMS)
    assert one_day.amount("invalid_absence") == Decimal("-1009.77")
    assert "høyst én dags stønad per dag (1 dag begrenset)" in one_day.lines[-1].basis
    # 24 h and 7,5 h entered for the same day (4 502,03 kr by the hour) still cost one day
    same_day = (HoursEntry(D(2026, 12, 9), Decimal(24)), HoursEntry(D(2026, 12, 9), Decimal("7.5")))
    twice = compute_allowance(dataclasses.replace(dec, invalid_absence=same_day), DECEMBER, PARAMS)
    assert twice.amount("invalid_absence") == Decimal("-1009.77")
    days = tuple(HoursEntry(D(2026, 12, d), Decimal("7.5")) for d in (1, 2))
    two = compute_allowance(dataclasses.replace(dec, invalid_absence=days), DECEMBER, PARAMS)
    assert two.amount("invalid_absence") == Decimal("-2019.54") and "(2 dager begrenset)" in two.lines[-1].basis
    # a few hours are still taken hour by hour
    three = compute_allowance(dataclasses.replace(dec, invalid_absence=(HoursEntry(D(2026, 12, 8), Decimal(3)),)),
                              DECEMBER, PARAMS)
    assert three.amount("invalid_absence") == Decimal("-428.76")
    assert "begrenset" not in three.lines[-1].basis


def test_unpaid_leave_earns_nothing_and_its_absence_is_refused() -> None:
    dec = AllowanceFacts(birth_date=D(1980, 1, 1), programme=Period(D(2026, 1, 1), D(2027, 12, 31)),
                         unpaid_leave=(Period(D(2026, 12, 14), D(2026, 12, 18)),))
    result = compute_allowance(dec, DECEMBER, PARAMS)
    assert result.amount("allowance") == Decimal("18175.89")  # 18 of 23 weekdays: 278 697 × 18 / 12 / 23
    with pytest.raises(RulesInputError):
        compute_allowance(dataclasses.replace(dec, invalid_absence=(HoursEntry(D(2026, 12, 15), Decimal(2)),)),
                          DECEMBER, PARAMS)
