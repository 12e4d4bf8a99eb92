"""Stop points (stoppunkter): when an office must consider kvalifiseringsprogram for a person.

Sources: the eight stop points in docs/case-flow.md step 1 and the Statsforvalteren i
Innlandet material; the duty to consider KVP follows from stl. § 29 (the right to the
programme) and the rule of thumb "consider KVP whenever someone needs help from NAV to get paid
work and has no rights in NAV other than, possibly, økonomisk sosialhjelp".

:func:`evaluate` is the single source of truth for which flags a person has on a day. Every fired
flag carries the date it fired and a :class:`Reason` with its legal reference. The result also says
until when it holds (``valid_until``): the first later day on which a date-dependent threshold
(a window running out, a birthday at an age limit, a parameter taking a new value) can change
it, so a materialised copy of the flags only needs recomputing from that day.

Thresholds are dated parameters: ``stop_point_first_application_days``,
``stop_point_long_term_months``, ``stop_point_recently_ended_days``,
``stop_point_young_age_limit`` and ``stop_point_20a_age_limit``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kvp_desktop.i18n import N_
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules.reasons import Reason


class Flag(StrEnum):
    """The eight stop points, in the order caseworkers list them, and the rule of thumb."""

    FIRST_SOCIAL_ASSISTANCE = "first_social_assistance"
    CONDITIONS_20A = "conditions_20a"
    LONG_TERM_SOCIAL_ASSISTANCE = "long_term_social_assistance"
    AAP_ENDED = "aap_ended"
    INTRO_ENDED = "intro_ended"
    NO_APPRENTICESHIP = "no_apprenticeship"
    UPPER_SECONDARY_DROPOUT = "upper_secondary_dropout"
    LITTLE_WORK_EXPERIENCE = "little_work_experience"
    RULE_OF_THUMB = "rule_of_thumb"


STOP_POINT_FLAGS: tuple[Flag, ...] = tuple(f for f in Flag if f is not Flag.RULE_OF_THUMB)

WORK_EXPERIENCE_LEVELS = ("none", "little", "some")

THRESHOLD_PARAMETERS = (
    "stop_point_first_application_days",
    "stop_point_long_term_months",
    "stop_point_recently_ended_days",
    "stop_point_young_age_limit",
    "stop_point_20a_age_limit",
)


@dataclass(frozen=True)
class StopPointFacts:
    """What the register knows about a person. ``facts_recorded_on`` is the day the yes/no facts
    (and the month count) were registered: the flags they raise fire on that day."""

    birth_date: dt.date
    facts_recorded_on: dt.date
    first_social_assistance_application: dt.date | None = None
    social_assistance_only_income_months: int = 0
    planned_20a_conditions: bool = False
    aap_end_date: dt.date | None = None
    intro_programme_end_date: dt.date | None = None
    youth_without_apprenticeship: bool = False
    upper_secondary_dropout: bool = False
    work_experience: str = "some"  # none | little | some
    needs_help_to_work: bool = False
    other_nav_rights: str = ""  # e.g. "dagpenger"; empty: none known


@dataclass(frozen=True)
class FiredFlag:
    flag: Flag
    fired_on: dt.date
    reason: Reason


@dataclass(frozen=True)
class StopPointResult:
    """The flags on ``on``, and the first later day the answer may change (``None``: only when
    the facts change)."""

    on: dt.date
    flags: tuple[FiredFlag, ...]
    valid_until: dt.date | None

    @property
    def kinds(self) -> tuple[Flag, ...]:
        return tuple(f.flag for f in self.flags)

    def get(self, flag: Flag) -> FiredFlag | None:
        return next((f for f in self.flags if f.flag is flag), None)


class _Changes:
    """Collects the days after ``on`` on which the result can change; keeps the earliest."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.earliest: dt.date | None = None

    def add(self, day: dt.date) -> None:
        if day > self.on and (self.earliest is None or day < self.earliest):
            self.earliest = day


def _within(start: dt.date, window_days: int, on: dt.date, changes: _Changes) -> bool:
    """True when ``on`` is ``start`` or one of the ``window_days`` days after it."""
    changes.add(start)
    end = start + dt.timedelta(days=window_days)
    changes.add(end + calendar.ONE_DAY)
    return start <= on <= end


def _known(facts: StopPointFacts, on: dt.date, changes: _Changes) -> bool:
    """Facts registered in the future (a back-dated evaluation) have not fired yet."""
    changes.add(facts.facts_recorded_on)
    return facts.facts_recorded_on <= on


def _younger_than(facts: StopPointFacts, limit: int, on: dt.date, changes: _Changes) -> bool:
    birthday = calendar.anniversary(facts.birth_date, limit)
    changes.add(birthday)
    return on < birthday


def _first_social_assistance(facts: StopPointFacts, on: dt.date, params: ParameterSet,
                             changes: _Changes) -> FiredFlag | None:
    """A person applies for økonomisk sosialhjelp for the first time (stl. § 18): consider KVP
    (stl. § 29) within ``stop_point_first_application_days`` after the application."""
    applied = facts.first_social_assistance_application
    if applied is None:
        return None
    window = params.integer("stop_point_first_application_days", on)
    if not _within(applied, window, on, changes):
        return None
    return FiredFlag(Flag.FIRST_SOCIAL_ASSISTANCE, applied, Reason(
        "stop_point.first_social_assistance",
        N_("Søkte om økonomisk sosialhjelp for første gang {dato}. Vurder KVP når noen søker sosialhjelp "
           "for første gang."),
        "stl. § 18, § 29",
        {"dato": applied},
    ))


def _conditions_20a(facts: StopPointFacts, on: dt.date, params: ParameterSet,
                    changes: _Changes) -> FiredFlag | None:
    """Before conditions are set under stl. § 20a (activity duty for recipients under 30, § 20a
    andre ledd): consider KVP first."""
    if not facts.planned_20a_conditions or not _known(facts, on, changes):
        return None
    limit = params.integer("stop_point_20a_age_limit", on)
    if _younger_than(facts, limit, on, changes):
        reason = Reason(
            "stop_point.conditions_20a.duty",
            N_("Det er planlagt vilkår om aktivitet etter § 20a. Kommunen skal stille slike vilkår for "
               "mottakere under {alder} år. Vurder KVP før vilkårene settes."),
            "stl. § 20a andre ledd, § 29",
            {"alder": limit},
        )
    else:
        reason = Reason(
            "stop_point.conditions_20a.planned",
            N_("Det er planlagt vilkår etter § 20a. Vurder KVP før vilkårene settes."),
            "stl. § 20a, § 29",
        )
    return FiredFlag(Flag.CONDITIONS_20A, facts.facts_recorded_on, reason)


def _long_term(facts: StopPointFacts, on: dt.date, params: ParameterSet, changes: _Changes) -> FiredFlag | None:
    """Økonomisk sosialhjelp as the only income over time (``stop_point_long_term_months``)."""
    limit = params.integer("stop_point_long_term_months", on)
    months = facts.social_assistance_only_income_months
    if months < limit or not _known(facts, on, changes):
        return None
    return FiredFlag(Flag.LONG_TERM_SOCIAL_ASSISTANCE, facts.facts_recorded_on, Reason(
        "stop_point.long_term_social_assistance",
        N_("Har hatt økonomisk sosialhjelp som eneste inntekt i {antall} måneder (stoppunkt fra {grense} "
           "måneder)."),
        "stl. § 18, § 29",
        {"antall": months, "grense": limit},
    ))


def _ended(flag: Flag, ended: dt.date | None, on: dt.date, params: ParameterSet, changes: _Changes,
           reason: tuple[str, str, str]) -> FiredFlag | None:
    """A period (AAP, introduction programme) ended on ``ended``: the stop point stands from that
    day and ``stop_point_recently_ended_days`` after it."""
    if ended is None:
        return None
    window = params.integer("stop_point_recently_ended_days", on)
    if not _within(ended, window, on, changes):
        return None
    code, text, reference = reason
    return FiredFlag(flag, ended, Reason(code, text, reference, {"dato": ended}))


_AAP_REASON = (
    "stop_point.aap_ended",
    N_("Perioden med arbeidsavklaringspenger (AAP) ble avsluttet {dato}. Vurder KVP hvis personen trenger "
       "videre oppfølging."),
    "folketrygdloven kap. 11, stl. § 29",
)
_INTRO_REASON = (
    "stop_point.intro_ended",
    N_("Introduksjonsprogrammet ble avsluttet {dato}. Vurder KVP hvis personen trenger videre oppfølging."),
    "integreringsloven, stl. § 29",
)


def _young(flag: Flag, fact: bool, facts: StopPointFacts, on: dt.date, params: ParameterSet, changes: _Changes,
           reason: tuple[str, str, str]) -> FiredFlag | None:
    """A young person (under ``stop_point_young_age_limit``) without an apprenticeship, or who
    dropped out of upper secondary school; young people are a priority group (stl. § 29)."""
    if not fact or not _known(facts, on, changes):
        return None
    limit = params.integer("stop_point_young_age_limit", on)
    if not _younger_than(facts, limit, on, changes):
        return None
    code, text, reference = reason
    age = calendar.age_on(facts.birth_date, on)
    return FiredFlag(flag, facts.facts_recorded_on, Reason(code, text, reference, {"alder": age, "grense": limit}))


_APPRENTICESHIP_REASON = (
    "stop_point.no_apprenticeship",
    N_("Ung ({alder} år) som ikke har fått læreplass. Ungdom under {grense} år er en prioritert gruppe."),
    "stl. § 29, opplæringslova",
)
_DROPOUT_REASON = (
    "stop_point.upper_secondary_dropout",
    N_("Ung ({alder} år) som har avbrutt videregående opplæring. Ungdom under {grense} år er en prioritert "
       "gruppe."),
    "stl. § 29, opplæringslova",
)


def _work_experience(facts: StopPointFacts, on: dt.date, changes: _Changes) -> FiredFlag | None:
    """A person with little or no work experience."""
    if facts.work_experience not in ("none", "little") or not _known(facts, on, changes):
        return None
    if facts.work_experience == "none":
        reason = Reason("stop_point.no_work_experience", N_("Har ingen arbeidserfaring."), "stl. § 29")
    else:
        reason = Reason("stop_point.little_work_experience", N_("Har lite arbeidserfaring."), "stl. § 29")
    return FiredFlag(Flag.LITTLE_WORK_EXPERIENCE, facts.facts_recorded_on, reason)


def _rule_of_thumb(facts: StopPointFacts, on: dt.date, changes: _Changes) -> FiredFlag | None:
    """Needs help from NAV to get paid work and has no rights in NAV other than, possibly,
    økonomisk sosialhjelp (stl. § 29 første ledd: no or very limited benefits). AAP or the
    introduction programme still running counts as another right."""
    if not facts.needs_help_to_work or facts.other_nav_rights.strip() or not _known(facts, on, changes):
        return None
    for ends in (facts.aap_end_date, facts.intro_programme_end_date):
        if ends is not None and ends >= on:
            changes.add(ends + calendar.ONE_DAY)
            return None
    return FiredFlag(Flag.RULE_OF_THUMB, facts.facts_recorded_on, Reason(
        "stop_point.rule_of_thumb",
        N_("Trenger hjelp fra NAV for å komme i lønnet arbeid og har ingen andre rettigheter i NAV enn "
           "eventuelt økonomisk sosialhjelp."),
        "stl. § 29 første ledd",
    ))


def _next_parameter_change(on: dt.date, params: ParameterSet) -> dt.date | None:
    upcoming = [
        value.effective_from
        for name in THRESHOLD_PARAMETERS
        for value in params.parameter(name).values
        if value.effective_from > on
    ]
    return min(upcoming, default=None)


def evaluate(facts: StopPointFacts, on: dt.date, params: ParameterSet) -> StopPointResult:
    """Every stop point and the rule of thumb for ``facts`` on ``on``."""
    changes = _Changes(on)
    found = (
        _first_social_assistance(facts, on, params, changes),
        _conditions_20a(facts, on, params, changes),
        _long_term(facts, on, params, changes),
        _ended(Flag.AAP_ENDED, facts.aap_end_date, on, params, changes, _AAP_REASON),
        _ended(Flag.INTRO_ENDED, facts.intro_programme_end_date, on, params, changes, _INTRO_REASON),
        _young(Flag.NO_APPRENTICESHIP, facts.youth_without_apprenticeship, facts, on, params, changes,
               _APPRENTICESHIP_REASON),
        _young(Flag.UPPER_SECONDARY_DROPOUT, facts.upper_secondary_dropout, facts, on, params, changes,
               _DROPOUT_REASON),
        _work_experience(facts, on, changes),
        _rule_of_thumb(facts, on, changes),
    )
    parameter_change = _next_parameter_change(on, params)
    if parameter_change is not None:
        changes.add(parameter_change)
    return StopPointResult(on, tuple(f for f in found if f is not None), changes.earliest)
