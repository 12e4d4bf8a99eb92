"""Hours as the program shows and computes them, kept as whole minutes.

A time of day or an attendance is whole minutes (the database stores minutes). In Python an amount
of hours is a ``Decimal`` with at most two decimals, so 7 t 20 min is ``7.33``: two decimals are
finer than a minute (0,01 t = 36 s), so every whole minute has exactly one two-decimal form and
back, and nothing else is needed to keep the two in step.
"""

from __future__ import annotations

from decimal import Decimal

HUNDREDTHS = Decimal("0.01")


def hours_from_minutes(minutes: int) -> Decimal:
    """440 → ``Decimal("7.33")``. (No minute count lies exactly halfway between two hundredths.)"""
    return (Decimal(minutes) / 60).quantize(HUNDREDTHS)


def whole_minutes(hours: Decimal) -> int | None:
    """The whole minutes ``hours`` stands for: exact (``7.5`` → 450) or the two-decimal form of a
    whole minute (``7.33`` → 440); ``None`` for anything else (``7.34``, ``7.001``)."""
    minutes = hours * 60
    if minutes == minutes.to_integral_value():
        return int(minutes)
    nearest = int(minutes.to_integral_value())
    return nearest if hours == hours_from_minutes(nearest) else None
