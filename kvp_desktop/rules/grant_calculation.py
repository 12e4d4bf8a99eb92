"""The figures a grant letter shows in «Slik har vi beregnet stønaden» (stl. § 35, forskrift §§ 3–4).

The annual rate on the start day (G × factor, the under-25 share of the unrounded product), a
whole month's stønad (annual / months per year), and the child supplement for the children under
18 on the start day: rate × children × days per year, and its average month. The letter service
only words these figures; the arithmetic is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kvp_desktop.money import round_ore
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import rates


@dataclass(frozen=True)
class GrantCalculation:
    g: Decimal
    g_from: dt.date
    factor: Decimal
    under_25: bool
    under_25_share: Fraction
    annual: Decimal
    months_per_year: int
    monthly: Decimal
    days_per_year: int
    children: int
    child_rate: Decimal
    child_year: Decimal
    child_month: Decimal


def grant_calculation(birth_date: dt.date, start: dt.date, children: int, params: ParameterSet) -> GrantCalculation:
    """The grant's figures on ``start`` for a participant born ``birth_date`` with ``children``."""
    annual = rates.annual_rate(birth_date, start, params)
    months = params.integer("months_per_year", start)
    days = params.integer("days_per_year", start)
    child_rate = rates.child_supplement_rate(start, params)
    child_year = round_ore(child_rate * children * days)
    return GrantCalculation(
        g=round_ore(params.decimal("g", start)), g_from=params.value("g", start).effective_from,
        factor=params.decimal("allowance_factor", start), under_25=not rates.is_full_rate(birth_date, start, params),
        under_25_share=params.fraction("under_25_share", start), annual=annual, months_per_year=months,
        monthly=round_ore(annual / months), days_per_year=days, children=children, child_rate=round_ore(child_rate),
        child_year=child_year, child_month=round_ore(child_year / months),
    )  # fmt: skip


__all__ = ["GrantCalculation", "grant_calculation"]
