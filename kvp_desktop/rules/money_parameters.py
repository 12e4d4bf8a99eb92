"""Which dated parameters move the money of each payout line code (for showing the caseworker,
where a run is approved, every value still marked unconfirmed that a line was computed with)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules.allowance import (
    ALLOWANCE,
    CHILD_SUPPLEMENT,
    INVALID_ABSENCE,
    OTHER_BENEFIT,
    PAID_WORK,
    PAID_WORK_CHILD_SUPPLEMENT,
    RECOVERY_DEDUCTION,
)
from kvp_desktop.rules.payout_period import AmountPolicy
from kvp_desktop.rules.period import Period

_RATE = ("g", "allowance_factor", "under_25_share", "full_rate_age", "full_rate_start")

#: line code → the parameters its amount depends on (rules.allowance, rules.rates).
PARAMETERS_BY_CODE: dict[str, tuple[str, ...]] = {
    ALLOWANCE: (*_RATE, "months_per_year"),
    CHILD_SUPPLEMENT: ("child_supplement_rate",),
    INVALID_ABSENCE: (*_RATE, "hours_per_year"),
    PAID_WORK: (*_RATE, "hours_per_year"),
    PAID_WORK_CHILD_SUPPLEMENT: ("child_supplement_rate", "hours_per_day"),
    OTHER_BENEFIT: (),
    RECOVERY_DEDUCTION: (),
}


@dataclass(frozen=True)
class UnconfirmedValue:
    """A parameter value marked unconfirmed that was in force for a line's period."""

    name: str
    description: str
    value: str
    effective_from: dt.date
    source: str
    note: str


def unconfirmed_values(params: ParameterSet, lines: Iterable[tuple[str, Period]],
                       policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE) -> tuple[UnconfirmedValue, ...]:
    """The unconfirmed values in force on any day of the lines' periods, for the lines' codes. With
    the day-rate policy (``rules.payout_period``) a weekday's amount and an absent day's ceiling come
    from ``days_per_year`` instead of ``months_per_year``."""
    found: dict[tuple[str, dt.date], UnconfirmedValue] = {}
    for code, period in lines:
        names = PARAMETERS_BY_CODE.get(code, ())
        if policy == AmountPolicy.DAY_RATE and code in (ALLOWANCE, INVALID_ABSENCE):
            names = (*(n for n in names if n != "months_per_year"), "days_per_year")
        for name in names:
            parameter = params.parameter(name)
            values = parameter.values
            for index, value in enumerate(values):
                ends = values[index + 1].effective_from if index + 1 < len(values) else dt.date.max
                if value.unconfirmed and value.effective_from <= period.end and ends > period.start:
                    found[(name, value.effective_from)] = UnconfirmedValue(
                        name, parameter.description, str(value.value), value.effective_from, value.source,
                        value.note or "")
    return tuple(sorted(found.values(), key=lambda v: (v.name, v.effective_from)))


__all__ = ["PARAMETERS_BY_CODE", "UnconfirmedValue", "unconfirmed_values"]
