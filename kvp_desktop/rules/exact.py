"""Exact arithmetic for amounts that are rounded later (never float).

Day and hour shares of an annual rate (annual / 12 / 21, annual / 1 950) are not finite
decimals. The rules add them up as ``Fraction`` and round once, with
:func:`kvp_desktop.money.round_ore` or :func:`kvp_desktop.money.round_krone`, so a tie such as
x,xx5 is rounded half up exactly.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

from kvp_desktop.money import round_krone, round_ore


def to_decimal(value: Fraction) -> Decimal:
    """``value`` as a Decimal with 60 significant digits (exact when it terminates)."""
    with localcontext() as context:
        context.prec = 60
        return Decimal(value.numerator) / Decimal(value.denominator)


def ore(value: Fraction) -> Decimal:
    """Round an exact amount to whole øre, half up (the one rounding of a payout line)."""
    return round_ore(to_decimal(value))


def krone(value: Fraction) -> Decimal:
    """Round an exact amount to whole kroner, half up (annual rates)."""
    return round_krone(to_decimal(value))
