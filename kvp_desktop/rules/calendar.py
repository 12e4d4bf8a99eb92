"""Date arithmetic the rules share: weekdays, anniversaries, months, Norwegian public holidays.

Periods are inclusive at both ends. A person born on 29 February has the anniversary on
1 March in years without 29 February (the usual Norwegian reading for age limits).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterator
from functools import cache

import holidays

ONE_DAY = dt.timedelta(days=1)


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every date from ``start`` to ``end``, both included."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def is_weekday(day: dt.date) -> bool:
    """Monday–Friday (public holidays included: the allowance is paid for them)."""
    return day.weekday() < 5


def weekdays(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every Monday–Friday from ``start`` to ``end``, both included."""
    return (day for day in days(start, end) if is_weekday(day))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


@cache
def weekdays_in_month(year: int, month: int) -> int:
    """Number of Monday–Friday dates in a calendar month (20–23)."""
    return sum(1 for _ in weekdays(dt.date(year, month, 1), month_end(year, month)))


def anniversary(birth: dt.date, years: int) -> dt.date:
    """The date someone born on ``birth`` turns ``years`` (29 February → 1 March)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a year without it
        return dt.date(birth.year + years, 3, 1)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Age in whole years on ``on``."""
    years = on.year - birth.year
    return years if on >= anniversary(birth, years) else years - 1


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = _calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def first_of_next_month(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1)


@cache
def _norwegian_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NO", years=year, include_sundays=False))


def is_public_holiday(day: dt.date) -> bool:
    """Norwegian public holiday (helligdag or 1./17. mai), Sundays not counted as such."""
    return day in _norwegian_holidays(day.year)


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
