"""Inclusive periods of dates (``1.–31. mai``): both ends belong to the period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kvp_desktop.i18n import format_date_short
from kvp_desktop.rules.errors import RulesInputError


@dataclass(frozen=True)
class Period:
    """A span of dates, both ends included (``1.–31. mai``)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise RulesInputError(
                f"Perioden slutter ({format_date_short(self.end)}) før den begynner ({format_date_short(self.start)}).",
                "period",
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlap(self, other: Period) -> Period | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start <= end else None

    def label(self) -> str:
        return f"{format_date_short(self.start)}–{format_date_short(self.end)}"
