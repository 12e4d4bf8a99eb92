"""The office's payout period and how a period's amount is computed (docs/rules.md, «Utbetalingsperiode»).

nav.no: «Kommunene bestemmer hvordan og når utbetaling skal skje»; the stønad is paid in arrears
on registered attendance (sosialtjenesteloven § 39), its size is set by § 35. The law says
nothing about the length of a payout period or how a part of the annual rate is shared over it,
so both are the office's choice:

* **Schedule**: ``monthly`` (calendar months) or ``biweekly`` (14-day periods counted from a
  chosen Monday, ``start``; earlier periods are counted backwards from it).
* **Policy** (unconfirmed for KVP, docs/rules.md):

  - ``monthly_share`` (A): each weekday earns ``annual / 12 / weekdays in its calendar month``,
    so a month is exactly annual / 12, and 14-day periods that tile a month sum to it; a
    period across two months pays each day at its own month's day amount.
  - ``day_rate`` (B): a day rate of ``annual / days_per_year`` (260, a dated parameter) rounded
    to whole kroner, paid per weekday, as NAV does for arbeidsavklaringspenger (folketrygdloven
    § 11-20 and its forskrift) and the youth programme's benefit.

Periods are inclusive at both ends.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from kvp_desktop.money import round_krone
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.period import Period

REFERENCE = "stl. §§ 35 og 39"
PERIOD_DAYS = 14


class Schedule(StrEnum):
    MONTHLY = "monthly"
    BIWEEKLY = "biweekly"


class AmountPolicy(StrEnum):
    MONTHLY_SHARE = "monthly_share"  # A: annual / 12 over the month's weekdays
    DAY_RATE = "day_rate"  # B: annual / 260 rounded to whole kroner per weekday


@dataclass(frozen=True)
class PayoutCalendar:
    """The office's payout periods: calendar months, or 14-day periods from ``start`` (a Monday)."""

    schedule: Schedule = Schedule.MONTHLY
    start: dt.date | None = None

    def __post_init__(self) -> None:
        if self.schedule == Schedule.BIWEEKLY:
            check_start(self.start)

    def period_containing(self, day: dt.date) -> Period:
        """The payout period ``day`` falls in."""
        if self.schedule == Schedule.MONTHLY:
            return Period(calendar.first_of_month(day), calendar.month_end(day.year, day.month))
        assert self.start is not None
        index = (day - self.start).days // PERIOD_DAYS  # floor: negative before the start
        first = self.start + dt.timedelta(days=index * PERIOD_DAYS)
        return Period(first, first + dt.timedelta(days=PERIOD_DAYS - 1))

    def last_ended(self, today: dt.date) -> Period:
        """The newest period that has ended before ``today`` (a run is made only for such a one, § 39)."""
        return self.period_containing(self.period_containing(today).start - calendar.ONE_DAY)

    def previous(self, period: Period) -> Period:
        return self.period_containing(period.start - calendar.ONE_DAY)

    def label(self, period: Period) -> str:
        """``2026-05`` for a month, ``2026-05-04`` (its first day) for a 14-day period."""
        if self.schedule == Schedule.MONTHLY:
            return f"{period.start.year:04d}-{period.start.month:02d}"
        return period.start.isoformat()

    def period_for_label(self, label: str) -> Period:
        """The period a label names; :class:`RulesInputError` (Norwegian) for one that is not a period."""
        text = label.strip()
        if self.schedule == Schedule.MONTHLY:
            match = re.fullmatch(r"(\d{4})-(\d{2})", text)
            if match is None or not 1 <= int(match.group(2)) <= 12:
                raise RulesInputError(f"«{label[:40]}» er ikke en måned på formen ÅÅÅÅ-MM.", "period")
            return self.period_containing(dt.date(int(match.group(1)), int(match.group(2)), 1))
        try:
            first = dt.date.fromisoformat(text)
        except ValueError:
            raise RulesInputError(f"«{label[:40]}» er ikke en dato på formen ÅÅÅÅ-MM-DD (første dag i en "
                                  "14-dagersperiode).", "period") from None
        period = self.period_containing(first)
        if period.start != first:
            raise RulesInputError(f"{first.isoformat()} er ikke første dag i en 14-dagersperiode. Perioden som "
                                  f"dagen hører til, begynner {period.start.isoformat()}.", "period")
        return period

    def is_period(self, period: Period) -> bool:
        return self.period_containing(period.start) == period


def check_start(start: dt.date | None) -> dt.date:
    """14-day periods start on a Monday (attendance is registered week by week)."""
    if start is None:
        raise RulesInputError("14-dagersperioder trenger en startdato (en mandag).", "payout_period_start")
    if start.weekday() != 0:
        raise RulesInputError(f"Startdatoen for 14-dagersperiodene ({start.isoformat()}) må være en mandag.",
                              "payout_period_start")
    return start


def weekdays(period: Period) -> list[dt.date]:
    """Monday–Friday of the period (public holidays included, as for the stønad)."""
    return list(calendar.weekdays(period.start, period.end))


def day_rate(annual: Decimal, on: dt.date, params: ParameterSet) -> Decimal:
    """Policy B: ``annual / days_per_year`` rounded to whole kroner, half up (as the AAP day rate,
    folketrygdloven § 11-20; unconfirmed for KVP, docs/rules.md)."""
    return round_krone(annual / params.integer("days_per_year", on))


def day_amount(annual: Decimal, day: dt.date, params: ParameterSet, policy: AmountPolicy) -> Fraction:
    """What one weekday earns at ``annual`` under ``policy`` (exact; rounded once per line)."""
    if policy == AmountPolicy.DAY_RATE:
        return Fraction(day_rate(annual, day, params))
    return Fraction(annual) / (params.integer("months_per_year", day) * calendar.weekdays_in_month(day.year, day.month))


def period_amount(annual_on: dict[dt.date, Decimal], params: ParameterSet, policy: AmountPolicy) -> Fraction:
    """The exact amount of the weekdays in ``annual_on`` (day → annual rate on it) under ``policy``."""
    return sum((day_amount(rate, day, params, policy) for day, rate in annual_on.items()), Fraction(0))


__all__ = ["AmountPolicy", "PayoutCalendar", "Schedule", "check_start", "day_amount", "day_rate",
           "period_amount", "weekdays"]
