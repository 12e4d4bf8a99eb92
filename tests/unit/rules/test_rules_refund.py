"""Refusjon (stl. § 38): only the stønad paid for the other benefit's own days is claimed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kvp_desktop.rules.allowance import ALLOWANCE, CHILD_SUPPLEMENT, INVALID_ABSENCE, RECOVERY_DEDUCTION
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.refund import PaidLine, paid_for_days, refund_claim

OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))  # 22 weekdays


def test_sykepenger_for_five_days_of_a_paid_month_claim_five_weekdays_of_the_stonad() -> None:
    lines = [PaidLine(OCTOBER, ALLOWANCE, Decimal("23224.75")),
             PaidLine(OCTOBER, CHILD_SUPPLEMENT, Decimal("836.00")),  # never claimed
             PaidLine(OCTOBER, CHILD_SUPPLEMENT, Decimal("836.00")),
             PaidLine(OCTOBER, RECOVERY_DEDUCTION, Decimal("-1000.00"))]  # not a payment for the days
    paid = paid_for_days(lines, Period(dt.date(2026, 10, 26), dt.date(2026, 10, 30)))
    assert paid == Decimal("5278.35")  # 23 224,75 × 5 / 22
    assert refund_claim(paid, Decimal("9000.00")) == Decimal("5278.35")  # not the 9 000 kr of sykepenger
    assert refund_claim(paid, Decimal("4000.00")) == Decimal("4000.00")


def test_a_line_is_shared_over_the_days_the_programme_ran_and_reductions_count() -> None:
    started = Period(dt.date(2026, 10, 19), dt.date.max)  # the programme started Monday 19 October
    lines = [PaidLine(OCTOBER, ALLOWANCE, Decimal("10557.00"), started),  # 10 weekdays earned
             PaidLine(OCTOBER, INVALID_ABSENCE, Decimal("-142.92"), started)]
    assert paid_for_days(lines, Period(dt.date(2026, 10, 26), dt.date(2026, 10, 30))) == Decimal("5207.04")
    assert paid_for_days(lines, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 16))) == Decimal("0.00")
    assert paid_for_days(lines, Period(dt.date(2026, 11, 2), dt.date(2026, 11, 6))) == Decimal("0.00")
