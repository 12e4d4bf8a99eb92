"""Refusjon from a back payment of another benefit (stl. § 38), decided here only.

When dagpenger, sykepenger, foreldrepenger or uføretrygd are paid back in arrears for days the
office has already paid kvalifiseringsstønad for, the office may claim refund from the back
payment — but only of what it paid **for the benefit's own days**:

* Only the stønad itself counts (lines ``allowance`` and the reductions of it: invalid absence,
  paid work, other benefits). The child supplement is not covered by the other benefit and is not
  claimed; a deduction of an earlier overpayment (§ 40) is not a payment for those days.
* A payout line covers a run period (a calendar month) but is earned only on the weekdays the
  programme ran in it (``earned``: the line's period cut to the programme's start and end). The
  line is shared over those weekdays (the stønad is earned per weekday, ``rules.allowance``), and
  the claim takes those of them that fall in the benefit's period. Days of leave without stønad
  inside the programme are not known to the line and count as earned days (a documented
  simplification: such a line is then shared over slightly more days and the claim is lower).
  Sykepenger for Monday 26 – Friday 30 October 2026 against a full October line
  of 23 224,75 kr (22 weekdays): 23 224,75 × 5 / 22 = 5 278,35 kr.
* The claim is at most what the other benefit paid back for the same period, never negative.

Whether to claim all of it, part of it or nothing is the office's discretion («kan kreve»); the
letter must give the grounds (fvl. § 25). Register (``services.payouts.refunds``) and letter
(``services.letters.decisions``) both compute the amount here. See ``docs/rules.md``, «Refusjon».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kvp_desktop.money import ZERO
from kvp_desktop.rules import calendar
from kvp_desktop.rules.allowance import ALLOWANCE, INVALID_ABSENCE, OTHER_BENEFIT, PAID_WORK
from kvp_desktop.rules.exact import ore
from kvp_desktop.rules.period import Period

REFERENCE = "stl. § 38"

#: The payout line codes that are the stønad for the days (not the child supplement, not § 40 deductions).
REFUNDABLE_CODES = frozenset({ALLOWANCE, INVALID_ABSENCE, PAID_WORK, OTHER_BENEFIT})


@dataclass(frozen=True)
class PaidLine:
    """A payout line of an approved run: its period, code and amount."""

    period: Period
    code: str
    amount: Decimal
    earned: Period | None = None  # the part of ``period`` the programme covered; None = all of it


def _weekday_count(period: Period) -> int:
    return sum(1 for _day in calendar.weekdays(period.start, period.end))


def paid_for_days(lines: Iterable[PaidLine], benefit_period: Period) -> Decimal:
    """The stønad paid for the weekdays of ``benefit_period`` (stl. § 38), to whole øre."""
    total = Fraction(0)
    for line in lines:
        if line.code not in REFUNDABLE_CODES:
            continue
        earned = line.period.overlap(line.earned) if line.earned is not None else line.period
        if earned is None:
            continue
        overlap = earned.overlap(benefit_period)
        if overlap is None:
            continue
        weekdays = _weekday_count(earned)
        if weekdays == 0:
            continue
        total += Fraction(line.amount) * _weekday_count(overlap) / weekdays
    return max(ore(total), ZERO)


def refund_claim(paid: Decimal, back_payment: Decimal) -> Decimal:
    """The most the office can claim: what it paid for the days, at most the back payment."""
    return max(min(paid, back_payment), ZERO)


__all__ = ["REFERENCE", "REFUNDABLE_CODES", "PaidLine", "paid_for_days", "refund_claim"]
