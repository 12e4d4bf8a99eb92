"""The grant letter's calculation comes from the rules (one home for the arithmetic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from kvp_desktop.parameters import load_parameters
from kvp_desktop.rules.grant_calculation import grant_calculation


def test_full_rate_with_two_children_in_2027() -> None:
    calc = grant_calculation(dt.date(1990, 4, 1), dt.date(2027, 1, 4), 2, load_parameters())
    assert (calc.g, calc.g_from) == (Decimal("136549.00"), dt.date(2026, 5, 1))
    assert (calc.annual, calc.monthly, calc.under_25) == (Decimal("278697.00"), Decimal("23224.75"), False)
    assert (calc.child_rate, calc.child_year, calc.child_month) == (Decimal("38.00"), Decimal("19760.00"),
                                                                    Decimal("1646.67"))


def test_under_25_rate_and_no_children() -> None:
    calc = grant_calculation(dt.date(2005, 6, 1), dt.date(2026, 6, 1), 0, load_parameters())
    assert calc.under_25 and calc.under_25_share == Fraction(2, 3)
    assert calc.annual == Decimal("185798.00") and calc.child_year == Decimal("0.00")
