"""§ 40 trekk: deduction of an earlier overpayment in later payouts.

* A deduction rests on an **agreement** with the participant or on a **decision** (vedtak), and
  the participant is told of it before it is taken (fvl. § 16 for a decision; the signed
  agreement itself for an agreement). The basis and its date are recorded with the recovery.
* It is capped by an office-set share of a whole month's stønad (parameter
  ``recovery_deduction_max_percent``, the office's choice, documented in ``docs/rules.md``), and
  never makes a payout negative (``rules.allowance``).
* When the participant gave incorrect information it is a § 23 case (a decision on repayment),
  never an agreed deduction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from kvp_desktop.money import ZERO, round_ore
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar, payout_period, rates
from kvp_desktop.rules.exact import ore
from kvp_desktop.rules.payout_period import AmountPolicy, day_amount
from kvp_desktop.rules.period import Period

REFERENCE = "stl. § 40"
BASES = ("agreement", "decision")


def max_deduction(birth_date: dt.date, on: dt.date, params: ParameterSet) -> Decimal:
    """The largest deduction per payout: the office's share of a whole month's stønad on ``on``."""
    monthly = rates.annual_rate(birth_date, on, params) / params.integer("months_per_year", on)
    share = params.decimal("recovery_deduction_max_percent", on) / 100
    return max(round_ore(monthly * share), ZERO)


def max_deduction_for_period(birth_date: dt.date, period: Period, params: ParameterSet,
                             policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE) -> Decimal:
    """The largest deduction in one payout of ``period`` when the office pays other periods than
    calendar months: the office's share of what the period pays for all its weekdays under the
    office's policy (``rules.payout_period``; docs/rules.md). A calendar month keeps
    :func:`max_deduction`."""
    if period.start.day == 1 and period.end == calendar.month_end(period.start.year, period.start.month):
        return max_deduction(birth_date, period.start, params)
    full = sum((day_amount(rates.annual_rate(birth_date, day, params), day, params, policy)
                for day in payout_period.weekdays(period)), Fraction(0))
    share = Fraction(params.decimal("recovery_deduction_max_percent", period.start)) / 100
    return max(ore(full * share), ZERO)


__all__ = ["BASES", "REFERENCE", "max_deduction", "max_deduction_for_period"]
