"""The calendar the views draw: weekdays and Norwegian public holidays (``rules.calendar``)."""

from __future__ import annotations

import datetime as dt

from kvp_desktop.rules import calendar as _rules

ONE_DAY = _rules.ONE_DAY


def is_weekday(day: dt.date) -> bool:
    return _rules.is_weekday(day)


def is_public_holiday(day: dt.date) -> bool:
    """A Norwegian public holiday (helligdag) or 1 and 17 May."""
    return _rules.is_public_holiday(day)
