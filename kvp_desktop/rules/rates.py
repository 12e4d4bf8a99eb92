"""Annual rates of kvalifiseringsstønad and the child supplement (stl. § 35, forskrift §§ 3–4).

* Full rate per year = G × factor, rounded to whole kroner (2 G until 30 June 2024, 2,041 G from
  1 July 2024). 2,041 × 124 028 = 253 141,148 → 253 141.
* Under 25 = 2/3 of the *unrounded* G × factor, then rounded: 2/3 × 2,041 × 130 160 =
  177 104,37 → 177 104 (nav.no).
* The full rate applies from the participant's 25th birthday (policy parameter
  ``full_rate_start``: ``birthday`` | ``day_after`` | ``next_month``; unconfirmed default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kvp_desktop.money import round_krone
from kvp_desktop.parameters import ParameterError, ParameterSet, ParameterValue
from kvp_desktop.rules import calendar
from kvp_desktop.rules.exact import krone


@dataclass(frozen=True)
class Rates:
    """The rates in force on one day, with the parameter values they came from."""

    on: dt.date
    g: ParameterValue
    factor: ParameterValue
    under_25_share: ParameterValue
    child_supplement: ParameterValue
    full_rate: Decimal
    under_25_rate: Decimal
    child_supplement_rate: Decimal


def full_annual_rate(on: dt.date, params: ParameterSet) -> Decimal:
    """Full annual rate on ``on`` = round_krone(G × factor). stl. § 35 første ledd."""
    return round_krone(params.decimal("g", on) * params.decimal("allowance_factor", on))


def under_25_annual_rate(on: dt.date, params: ParameterSet) -> Decimal:
    """Annual rate under 25 = round_krone(2/3 × G × factor, unrounded). stl. § 35 første ledd."""
    product = Fraction(params.decimal("g", on) * params.decimal("allowance_factor", on))
    return krone(product * params.fraction("under_25_share", on))


def child_supplement_rate(on: dt.date, params: ParameterSet) -> Decimal:
    """Child supplement per child per weekday on ``on``. forskrift §§ 3–4."""
    return params.decimal("child_supplement_rate", on)


def rates_on(on: dt.date, params: ParameterSet) -> Rates:
    """All rates in force on ``on`` (for ``kvp rates`` and the Settings screen). stl. § 35."""
    return Rates(
        on=on,
        g=params.value("g", on),
        factor=params.value("allowance_factor", on),
        under_25_share=params.value("under_25_share", on),
        child_supplement=params.value("child_supplement_rate", on),
        full_rate=full_annual_rate(on, params),
        under_25_rate=under_25_annual_rate(on, params),
        child_supplement_rate=child_supplement_rate(on, params),
    )


def full_rate_from(birth_date: dt.date, params: ParameterSet, on: dt.date) -> dt.date:
    """First day the full rate applies under the rules in force on ``on``, per the policy
    ``full_rate_start``. stl. § 35 (the day is unconfirmed; see docs/rules.md)."""
    birthday = calendar.anniversary(birth_date, params.integer("full_rate_age", on))
    policy = params.text("full_rate_start", on)
    if policy == "birthday":
        return birthday
    if policy == "day_after":
        return birthday + calendar.ONE_DAY
    if policy == "next_month":
        return calendar.first_of_next_month(birthday)
    raise ParameterError(f"Ukjent verdi «{policy}» for full_rate_start.")


def is_full_rate(birth_date: dt.date, on: dt.date, params: ParameterSet) -> bool:
    """Whether the participant gets the full (25 years and over) rate on ``on``. stl. § 35."""
    return on >= full_rate_from(birth_date, params, on)


def annual_rate(birth_date: dt.date, on: dt.date, params: ParameterSet) -> Decimal:
    """The participant's annual rate on ``on`` (full or under 25). stl. § 35 første ledd."""
    if is_full_rate(birth_date, on, params):
        return full_annual_rate(on, params)
    return under_25_annual_rate(on, params)
