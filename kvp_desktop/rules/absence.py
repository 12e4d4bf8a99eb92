"""Absence limits: when registered absence needs more documentation (stl. § 36, forskrift kap. 2).

The KVP forskrift's own numbers could not be read (docs/rules.md, «Parameters»). The limits are dated
parameters whose shipped values are the introduksjonsprogram analogues, marked *unconfirmed*;
every warning says so ("kontroller mot gjeldende regelverk") until the office registers its own
value. The rules only warn: whether absence is valid is the caseworker's decision.

* Egenmelding, own illness (forskrift § 6): at most ``self_certification_max_days`` days per
  egenmelding (longer needs legeerklæring); at most ``self_certification_max_per_12_months``
  egenmeldinger per 12 months; only after ``self_certification_qualifying_weeks`` weeks in the
  programme; a new absence within ``self_certification_same_illness_days`` calendar days after
  the last one is the same spell of illness.
* Sick child (forskrift § 10): ``sick_child_days`` per 12 months, more with more than two
  children (``…_more_than_two_children``) and when alone with the care (``…_alone…``).
* Velferdspermisjon: ``welfare_leave_days_per_year`` per calendar year (needs a decision on leave).
* Holiday: the office's holiday weeks per year (a setting, five days a week).

A "spell" is a run of absence days of one type with no more than the weekend between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar

UNCONFIRMED_NOTE = N_("Grensen er ikke bekreftet for KVP – kontroller mot gjeldende regelverk.")
REFERENCE = "stl. § 36, forskrift kap. 2"


class AbsenceType(StrEnum):
    """Kinds of valid absence (stl. § 36); invalid absence is registered as hours, not a type."""

    EGENMELDING = "egenmelding"
    LEGEERKLAERING = "legeerklaering"
    SYKT_BARN = "sykt_barn"
    VELFERD = "velferdspermisjon"
    FERIE = "ferie"
    PERMISJON = "permisjon"
    ANNET = "annet"


ABSENCE_TYPE_LABELS: dict[AbsenceType, str] = {
    AbsenceType.EGENMELDING: N_("Egen sykdom, egenmelding"),
    AbsenceType.LEGEERKLAERING: N_("Egen sykdom, legeerklæring"),
    AbsenceType.SYKT_BARN: N_("Sykt barn"),
    AbsenceType.VELFERD: N_("Velferdspermisjon"),
    AbsenceType.FERIE: N_("Ferie"),
    AbsenceType.PERMISJON: N_("Innvilget permisjon"),
    AbsenceType.ANNET: N_("Annet gyldig fravær"),
}


@dataclass(frozen=True)
class AbsenceDay:
    """One day of valid absence of one type."""

    day: dt.date
    kind: AbsenceType
    hours: Decimal


@dataclass(frozen=True)
class Household:
    """What the sick-child limit depends on (forskrift § 10)."""

    children_under_12: int = 0
    alone_with_care: bool = False


@dataclass(frozen=True)
class AbsenceWarning:
    """A limit that is exceeded, what documentation is needed, and the legal basis."""

    code: str
    day: dt.date
    message: str
    documentation: str
    reference: str
    unconfirmed: bool

    def text(self) -> str:
        """The whole warning as one Norwegian sentence group (for lists and tooltips)."""
        parts = [self.message, self.documentation]
        if self.unconfirmed:
            parts.append(_(UNCONFIRMED_NOTE))
        return " ".join(parts)


def spells(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Runs of dates with at most a weekend (or two calendar days) between them."""
    result: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if result and (day - result[-1][1]).days <= 3:
            result[-1] = (result[-1][0], day)
        else:
            result.append((day, day))
    return result


def _merge_same_illness(runs: list[tuple[dt.date, dt.date]], gap_days: int) -> list[tuple[dt.date, dt.date]]:
    """A new spell within ``gap_days`` of the previous one's end counts as the same egenmelding
    period (forskrift § 6)."""
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in runs:
        if merged and (start - merged[-1][1]).days <= gap_days:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _unconfirmed(params: ParameterSet, name: str, on: dt.date) -> bool:
    return params.value(name, on).unconfirmed


def _self_certification(
    dates: Sequence[dt.date], programme_start: dt.date, params: ParameterSet
) -> list[AbsenceWarning]:
    """forskrift § 6: egenmelding length, count per 12 months and qualifying time."""
    warnings: list[AbsenceWarning] = []
    for day in sorted(dates):
        weeks = params.integer("self_certification_qualifying_weeks", day)
        if day < programme_start + dt.timedelta(weeks=weeks):
            warnings.append(AbsenceWarning(
                "self_certification_too_early", day,
                _("Egenmelding {dato}: egenmelding kan først brukes etter {uker} uker i programmet.",
                  dato=format_date_short(day), uker=weeks),
                _("Fraværet må dokumenteres med legeerklæring."),
                f"{REFERENCE} (forskrift § 6 andre ledd)",
                _unconfirmed(params, "self_certification_qualifying_weeks", day),
            ))
            break
    runs = spells(dates)
    for start, end in runs:
        length = sum(1 for _d in calendar.weekdays(start, end))
        limit = params.integer("self_certification_max_days", start)
        if length > limit:
            warnings.append(AbsenceWarning(
                "self_certification_too_long", start,
                _("Egenmelding fra {fra} til {til} er {dager} dager; høyst {grense} dager per egenmelding.",
                  fra=format_date_short(start), til=format_date_short(end), dager=length, grense=limit),
                _("Fravær utover {grense} dager krever legeerklæring.", grense=limit),
                f"{REFERENCE} (forskrift § 6)",
                _unconfirmed(params, "self_certification_max_days", start),
            ))
    if runs:
        merged = _merge_same_illness(runs, params.integer("self_certification_same_illness_days", runs[0][0]))
        for index, (start, _end) in enumerate(merged):
            limit = params.integer("self_certification_max_per_12_months", start)
            window_start = calendar.add_months(start, -12)
            count = sum(1 for other, _e in merged[: index + 1] if other > window_start)
            if count > limit:
                warnings.append(AbsenceWarning(
                    "self_certification_too_many", start,
                    _("Egenmelding fra {fra} er nummer {antall} på 12 måneder; høyst {grense} egenmeldinger.",
                      fra=format_date_short(start), antall=count, grense=limit),
                    _("Fraværet må dokumenteres med legeerklæring."),
                    f"{REFERENCE} (forskrift § 6)",
                    _unconfirmed(params, "self_certification_max_per_12_months", start),
                ))
                break
    return warnings


def sick_child_limit(household: Household, on: dt.date, params: ParameterSet) -> tuple[int, str]:
    """Days per 12 months and the parameter they come from (forskrift § 10)."""
    many = household.children_under_12 > 2
    if household.alone_with_care:
        name = "sick_child_days_alone_more_than_two_children" if many else "sick_child_days_alone"
    else:
        name = "sick_child_days_more_than_two_children" if many else "sick_child_days"
    return params.integer(name, on), name


def _sick_child(dates: Sequence[dt.date], household: Household, params: ParameterSet) -> list[AbsenceWarning]:
    """forskrift § 10: sick-child days in any 12 months."""
    ordered = sorted(set(dates))
    for index, day in enumerate(ordered):
        window_start = calendar.add_months(day, -12)
        count = sum(1 for other in ordered[: index + 1] if other > window_start)
        limit, name = sick_child_limit(household, day, params)
        if count > limit:
            return [AbsenceWarning(
                "sick_child_too_many", day,
                _("Fravær for sykt barn {dato} er dag {antall} på 12 måneder; grensen er {grense} dager.",
                  dato=format_date_short(day), antall=count, grense=limit),
                _("Fravær utover grensen krever legeerklæring for barnet eller vedtak om permisjon."),
                f"{REFERENCE} (forskrift § 10)",
                _unconfirmed(params, name, day),
            )]
    return []


def _per_year(
    dates: Sequence[dt.date], limit_on: dict[int, tuple[int, bool]], code: str, what: str, documentation: str
) -> list[AbsenceWarning]:
    """Days of one kind per calendar year over the year's limit (first day past it)."""
    counts: dict[int, int] = {}
    warnings = []
    for day in sorted(set(dates)):
        counts[day.year] = counts.get(day.year, 0) + 1
        limit, unconfirmed = limit_on[day.year]
        if counts[day.year] == limit + 1:
            warnings.append(AbsenceWarning(
                code, day,
                _("{hva} {dato} er dag {antall} i {aar}; grensen er {grense} dager.",
                  hva=_(what), dato=format_date_short(day), antall=limit + 1, aar=day.year, grense=limit),
                _(documentation),
                REFERENCE,
                unconfirmed,
            ))
    return warnings


def check_absence(
    days: Sequence[AbsenceDay],
    programme_start: dt.date,
    params: ParameterSet,
    household: Household = Household(),
    holiday_weeks_per_year: int = 5,
) -> list[AbsenceWarning]:
    """Every exceeded limit in ``days`` (all the participant's valid absence), oldest first.

    stl. § 36; forskrift kap. 2 (§ 6 egenmelding, § 10 sick child; welfare leave and holiday).
    """
    by_kind: dict[AbsenceType, list[dt.date]] = {}
    for entry in days:
        if entry.hours > 0:
            by_kind.setdefault(entry.kind, []).append(entry.day)
    warnings = _self_certification(by_kind.get(AbsenceType.EGENMELDING, []), programme_start, params)
    warnings += _sick_child(by_kind.get(AbsenceType.SYKT_BARN, []), household, params)
    welfare = by_kind.get(AbsenceType.VELFERD, [])
    warnings += _per_year(
        welfare,
        {d.year: (params.integer("welfare_leave_days_per_year", d),
                  _unconfirmed(params, "welfare_leave_days_per_year", d)) for d in welfare},
        "welfare_leave_too_many", N_("Velferdspermisjon"),
        N_("Permisjon utover grensen krever søknad og vedtak om permisjon."),
    )
    holiday = by_kind.get(AbsenceType.FERIE, [])
    warnings += _per_year(
        holiday, {d.year: (holiday_weeks_per_year * 5, False) for d in holiday},
        "holiday_too_many", N_("Ferie"),
        N_("Ferie utover kontorets ferieuker må avtales og registreres som permisjon."),
    )
    return sorted(warnings, key=lambda w: w.day)


# --- the day's hours: absence never more than the plan -------------------------------------------

CEILING_REFERENCE = "stl. § 36"


def absence_ceiling_problem(
    day: dt.date, planned: Decimal, valid_absence: Decimal, invalid_absence: Decimal
) -> str | None:
    """A Norwegian message when the day's absence is more than its planned hours, else None.

    stl. § 36: the stønad is reduced for absence from the programme, and one can be absent only
    from what was planned: the ceiling of a day's absence (valid and invalid together) is the
    day's planned hours (0 on a day with no activity, such as most Saturdays and Sundays).
    docs/rules.md, «Attendance».
    """
    absent = valid_absence + invalid_absence
    if absent <= planned:
        return None
    where = format_date_short(day)
    if planned == 0:
        return _("{dato}: det var ingen planlagt aktivitet denne dagen, så det kan ikke registreres fravær "
                 "({hjemmel}).", dato=where, hjemmel=CEILING_REFERENCE)
    return _("{dato}: fraværet ({timer} timer) kan ikke være mer enn dagens planlagte timer ({plan}) ({hjemmel}).",
             dato=where, timer=_hours(absent), plan=_hours(planned), hjemmel=CEILING_REFERENCE)


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")
