"""Payout scenarios: a JSON document → the facts :func:`compute_allowance` needs.

Used by ``kvp payout simulate`` and by tests; the format is described in
``docs/scenario-format.md``. Parsing is strict: unknown keys, missing fields, bad dates, float
numbers and negative amounts are refused with a Norwegian message naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kvp_desktop.money import ZERO, MoneyError, parse_amount
from kvp_desktop.rules.allowance import (
    AllowanceFacts,
    Child,
    HoursEntry,
    OffsetBenefit,
    OtherBenefit,
    Period,
)
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.payout_period import AmountPolicy, PayoutCalendar, Schedule

_TOP_KEYS = frozenset(
    {
        "participant",
        "programme",
        "period",
        "invalid_absence",
        "paid_work",
        "other_benefits",
        "unpaid_leave",
        "recovery_deduction",
        "payout",
    }
)


class ScenarioError(RulesInputError):
    """A scenario that cannot be read (Norwegian message naming the field)."""


@dataclass(frozen=True)
class Scenario:
    facts: AllowanceFacts
    period: Period
    policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE
    calendar: PayoutCalendar | None = None  # with "payout": the period must be one of the office's periods


def _object(value: Any, field: str, keys: frozenset[str], required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(f"«{field}» må være et JSON-objekt.", field)
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ScenarioError(f"«{field}» har ukjent felt: {', '.join(unknown)}.", field)
    for key in required:
        if key not in value:
            raise ScenarioError(f"«{field}» mangler feltet «{key}».", f"{field}.{key}")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ScenarioError(f"«{field}» må være en liste.", field)
    return value


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioError(f"«{field}»: «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.", field)


def _period(value: Any, field: str, start: str = "from", end: str = "to") -> Period:
    data = _object(value, field, frozenset({start, end}), (start, end))
    try:
        return Period(_date(data[start], f"{field}.{start}"), _date(data[end], f"{field}.{end}"))
    except ScenarioError:
        raise
    except RulesInputError as exc:
        raise ScenarioError(f"«{field}»: {exc}", field) from None


MAX_AMOUNT = Decimal("100000000")  # a scenario amount above 100 million kroner is a typing error
MAX_PERIOD_DAYS = 400  # a payout period is a month; a year and a bit is the most a scenario may ask
OLDEST_AGE_YEARS = 120


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _hours(value: Any, field: str) -> Decimal:
    if (isinstance(value, str | int | Decimal) and not isinstance(value, bool) and len(str(value)) <= 20
            and str(value).isascii()):  # Decimal would read "١٢" (Arabic-Indic digits) as 12
        try:
            hours = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            pass
        else:
            if hours.is_finite():
                if hours.as_tuple().exponent < -2:  # type: ignore[operator]
                    raise ScenarioError(f"«{field}»: «{_short(value)}» har mer enn to desimaler (skriv for "
                                        'eksempel "7.5" eller "7.25").', field)
                if not Decimal(0) < hours <= 24:
                    raise ScenarioError(f"«{field}»: «{_short(value)}» timer er ikke mulig på én dag (mer enn 0 "
                                        "og høyst 24).", field)
                return hours
    raise ScenarioError(f'«{field}»: «{_short(value)}» er ikke et antall timer (skriv for eksempel "7.5").', field)


def _amount(value: Any, field: str) -> Decimal:
    if isinstance(value, float):
        raise ScenarioError(f'«{field}»: skriv beløpet som tekst, for eksempel "500.00".', field)
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        if len(str(value)) > 30 or not str(value).isascii():
            raise ScenarioError(f"«{field}»: «{_short(value)}» er ikke et gyldig beløp.", field)
        if isinstance(value, Decimal) and value.is_finite() and value.adjusted() >= 9:  # no arithmetic: 1e999999999
            raise ScenarioError(f"«{field}»: beløpet er urimelig stort.", field)
    try:
        amount = parse_amount(value)
    except MoneyError as exc:
        raise ScenarioError(f"«{field}»: {exc}", field) from None
    if amount < 0:
        raise ScenarioError(f"«{field}»: beløpet kan ikke være negativt.", field)
    if amount > MAX_AMOUNT:
        raise ScenarioError(f"«{field}»: beløpet er urimelig stort.", field)
    return amount


def _hour_entries(value: Any, field: str) -> tuple[HoursEntry, ...]:
    entries = []
    seen: dict[dt.date, str] = {}
    for index, item in enumerate(_list(value, field)):
        here = f"{field}[{index}]"
        data = _object(item, here, frozenset({"date", "hours"}), ("date", "hours"))
        day = _date(data["date"], f"{here}.date")
        if day in seen:  # the same day twice would count its hours twice
            raise ScenarioError(f"«{here}.date»: {day.isoformat()} står allerede i «{seen[day]}». Oppgi hver dag "
                                "én gang, med timene for hele dagen.", f"{here}.date")
        seen[day] = here
        entries.append(HoursEntry(day, _hours(data["hours"], f"{here}.hours")))
    return tuple(entries)


def _benefits(value: Any) -> tuple[OtherBenefit, ...]:
    benefits = []
    for index, item in enumerate(_list(value, "other_benefits")):
        here = f"other_benefits[{index}]"
        data = _object(item, here, frozenset({"type", "from", "to", "amount"}), ("type", "from", "to", "amount"))
        try:
            kind = OffsetBenefit(data["type"])
        except ValueError:
            known = ", ".join(kind.value for kind in OffsetBenefit)
            raise ScenarioError(
                f"«{here}.type»: «{data['type']}» samordnes ikke krone for krone (stl. § 38 gjelder {known}).",
                f"{here}.type",
            ) from None
        period = _period({"from": data["from"], "to": data["to"]}, here)
        benefits.append(OtherBenefit(kind, period, _amount(data["amount"], f"{here}.amount")))
    return tuple(benefits)


def parse_scenario(data: Any) -> Scenario:
    """Read a scenario (the parsed JSON document). Raises :class:`ScenarioError`."""
    root = _object(data, "scenario", _TOP_KEYS, ("participant", "programme", "period"))
    participant = _object(root["participant"], "participant", frozenset({"birth_date", "children"}), ("birth_date",))
    children = tuple(
        Child(_date(_object(child, f"children[{i}]", frozenset({"birth_date"}), ("birth_date",))["birth_date"],
                    f"children[{i}].birth_date"))
        for i, child in enumerate(_list(participant.get("children"), "participant.children"))
    )  # fmt: skip
    facts = AllowanceFacts(
        birth_date=_date(participant["birth_date"], "participant.birth_date"),
        programme=_period(root["programme"], "programme", "start", "end"),
        children=children,
        invalid_absence=_hour_entries(root.get("invalid_absence"), "invalid_absence"),
        paid_work=_hour_entries(root.get("paid_work"), "paid_work"),
        other_benefits=_benefits(root.get("other_benefits")),
        unpaid_leave=tuple(
            _period(item, f"unpaid_leave[{i}]")
            for i, item in enumerate(_list(root.get("unpaid_leave"), "unpaid_leave"))
        ),
        recovery_deduction=ZERO
        if root.get("recovery_deduction") is None
        else _amount(root["recovery_deduction"], "recovery_deduction"),
    )
    period = _period(root["period"], "period")
    if (period.end - period.start).days >= MAX_PERIOD_DAYS:
        raise ScenarioError(f"«period» er for lang: høyst {MAX_PERIOD_DAYS} dager (en utbetalingsperiode er en "
                            "måned).", "period")
    born = facts.birth_date
    if born > period.start or born > facts.programme.start:
        raise ScenarioError(f"«participant.birth_date»: {born.isoformat()} er etter starten av programmet eller "
                            "perioden. Sjekk fødselsdatoen.", "participant.birth_date")
    if period.end.year - born.year > OLDEST_AGE_YEARS:
        raise ScenarioError(f"«participant.birth_date»: {born.isoformat()} gir en alder over {OLDEST_AGE_YEARS} år. "
                            "Sjekk fødselsdatoen.", "participant.birth_date")
    for index, child in enumerate(facts.children):
        if child.birth_date <= born:  # a child born after the period simply gives no supplement in it
            raise ScenarioError(f"«participant.children[{index}].birth_date»: {child.birth_date.isoformat()} er "
                                "ikke etter deltakerens egen fødselsdato.",
                                f"participant.children[{index}].birth_date")
    calendar, policy = _payout(root.get("payout"), period)
    return Scenario(facts=facts, period=period, policy=policy, calendar=calendar)


def _payout(value: Any, period: Period) -> tuple[PayoutCalendar | None, AmountPolicy]:
    """The optional ``payout`` object: the office's schedule (and the first Monday of its 14-day
    periods) and the computation policy (``rules.payout_period``); the period must then be one of
    the schedule's periods."""
    if value is None:
        return None, AmountPolicy.MONTHLY_SHARE
    data = _object(value, "payout", frozenset({"schedule", "start", "policy"}), ("schedule",))
    try:
        schedule = Schedule(data["schedule"])
    except ValueError:
        raise ScenarioError(f"«payout.schedule»: «{_short(data['schedule'])}» er ikke monthly eller biweekly.",
                            "payout.schedule") from None
    try:
        policy = AmountPolicy(data.get("policy", AmountPolicy.MONTHLY_SHARE.value))
    except ValueError:
        raise ScenarioError(f"«payout.policy»: «{_short(data['policy'])}» er ikke monthly_share eller day_rate.",
                            "payout.policy") from None
    start = _date(data["start"], "payout.start") if "start" in data else None
    if schedule == Schedule.MONTHLY and start is not None:
        raise ScenarioError("«payout.start» brukes bare med «biweekly» (14-dagersperioder).", "payout.start")
    try:
        calendar = PayoutCalendar(schedule, start)
    except RulesInputError as exc:
        raise ScenarioError(f"«payout»: {exc}", "payout.start") from None
    if not calendar.is_period(period):
        expected = calendar.period_containing(period.start)
        raise ScenarioError(f"«period»: {period.start.isoformat()}–{period.end.isoformat()} er ikke en "
                            f"utbetalingsperiode; perioden som begynner der, er {expected.start.isoformat()}–"
                            f"{expected.end.isoformat()}.", "period")
    return calendar, policy
