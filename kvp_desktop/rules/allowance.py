"""Kvalifiseringsstønad for a period: stl. §§ 35–40 and forskrift §§ 3–4.

Conventions (the domain digest's defaults, each a parameter or documented in docs/rules.md):

* Periods are inclusive at both ends.
* Base rate, day by day: each weekday (Monday–Friday, public holidays included) inside both the
  period and the programme, and not in a period of leave/absence without stønad, earns
  ``annual rate on that day / 12 / weekdays in that calendar month`` (stl. § 35). A whole month
  at one rate is exactly annual / 12; a part month, a new G (1 May), a new factor (1 July 2024)
  or the 25th birthday splits the month in proportion to its weekdays.
* Child supplement: rate per child under 18 per such weekday (stl. § 35, forskrift §§ 3–4).
* Invalid absence: hour by hour at ``annual rate on the day / 1 950``, one day never costing
  more than one weekday pays (``annual / 12 / weekdays in the month``); never the child
  supplement (stl. § 36).
* Paid work: hour by hour at ``annual / 1 950``, and the child supplement at ``daily child
  supplement for all children / 7,5`` (stl. § 37).
* Dagpenger, sykepenger, foreldrepenger: krone for krone for the days inside the period; an
  amount for a longer span is shared by calendar days (stl. § 38).
* Recovery of an earlier overpayment last, never making the total negative (stl. § 40).
* Reductions never take more than there is to reduce: invalid absence and paid work at most
  the stønad, paid work at most the child supplement, other benefits at most the stønad that is
  left (never the child supplement), recovery at most what is left of the whole payout.
* Amounts are summed exactly (``Fraction``) and each line is rounded once to whole øre, half up;
  the total is the sum of the lines.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from kvp_desktop.i18n import N_, format_date_short, format_number, translate
from kvp_desktop.money import ZERO
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.exact import ore
from kvp_desktop.rules.payout_period import AmountPolicy, day_rate
from kvp_desktop.rules.period import Period
from kvp_desktop.rules.rates import annual_rate, child_supplement_rate, is_full_rate

MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

# Line codes, in the order lines appear.
ALLOWANCE = "allowance"
CHILD_SUPPLEMENT = "child_supplement"
INVALID_ABSENCE = "invalid_absence"
PAID_WORK = "paid_work"
PAID_WORK_CHILD_SUPPLEMENT = "paid_work_child_supplement"
OTHER_BENEFIT = "other_benefit"
RECOVERY_DEDUCTION = "recovery_deduction"

CODE_TEXT: dict[str, str] = {
    ALLOWANCE: N_("Kvalifiseringsstønad"),
    CHILD_SUPPLEMENT: N_("Barnetillegg"),
    INVALID_ABSENCE: N_("Trekk for ugyldig fravær"),
    PAID_WORK: N_("Samordning med arbeidsinntekt"),
    PAID_WORK_CHILD_SUPPLEMENT: N_("Samordning med arbeidsinntekt, barnetillegg"),
    OTHER_BENEFIT: N_("Samordning med andre ytelser"),
    RECOVERY_DEDUCTION: N_("Trekk for tidligere feilutbetaling"),
}
REFERENCES: dict[str, str] = {
    ALLOWANCE: "stl. § 35",
    CHILD_SUPPLEMENT: "stl. § 35, forskrift §§ 3–4",
    INVALID_ABSENCE: "stl. § 36",
    PAID_WORK: "stl. § 37",
    PAID_WORK_CHILD_SUPPLEMENT: "stl. § 37",
    OTHER_BENEFIT: "stl. § 38",
    RECOVERY_DEDUCTION: "stl. § 40",
}


class OffsetBenefit(StrEnum):
    """Benefits that reduce the stønad krone for krone (stl. § 38)."""

    DAGPENGER = "dagpenger"
    SYKEPENGER = "sykepenger"
    FORELDREPENGER = "foreldrepenger"


_BENEFIT_TEXT: dict[OffsetBenefit, str] = {
    OffsetBenefit.DAGPENGER: N_("Samordning med dagpenger"),
    OffsetBenefit.SYKEPENGER: N_("Samordning med sykepenger"),
    OffsetBenefit.FORELDREPENGER: N_("Samordning med foreldrepenger"),
}


@dataclass(frozen=True)
class Child:
    """A child the participant must support (forskrift § 3)."""

    birth_date: dt.date


@dataclass(frozen=True)
class HoursEntry:
    """Hours on one date (invalid absence or paid work)."""

    day: dt.date
    hours: Decimal


@dataclass(frozen=True)
class OtherBenefit:
    """A gross amount of dagpenger, sykepenger or foreldrepenger paid for ``period``."""

    kind: OffsetBenefit
    period: Period
    amount: Decimal


@dataclass(frozen=True)
class AllowanceFacts:
    """What the computation needs to know about one participant."""

    birth_date: dt.date
    programme: Period
    children: tuple[Child, ...] = ()
    invalid_absence: tuple[HoursEntry, ...] = ()
    paid_work: tuple[HoursEntry, ...] = ()
    other_benefits: tuple[OtherBenefit, ...] = ()
    unpaid_leave: tuple[Period, ...] = ()
    recovery_deduction: Decimal = ZERO


@dataclass(frozen=True)
class Line:
    """One payout line. ``text`` is a bokmål msgid, ``basis`` the arithmetic in Norwegian."""

    code: str
    text: str
    reference: str
    basis: str
    amount: Decimal

    def render_text(self, lang: str = "nb") -> str:
        return translate(self.text, lang)


@dataclass(frozen=True)
class AllowanceResult:
    """The lines of one period and their sum (never negative)."""

    period: Period
    lines: tuple[Line, ...]
    total: Decimal

    def amount(self, code: str) -> Decimal:
        """Sum of the lines with ``code``."""
        return sum((line.amount for line in self.lines if line.code == code), ZERO)


@dataclass(frozen=True)
class BackPayResult:
    """The difference between a period as paid and as recomputed under new parameters."""

    previous: AllowanceResult
    recomputed: AllowanceResult
    lines: tuple[Line, ...]
    total: Decimal


def kr(amount: Decimal | int) -> str:
    """``265657`` → ``265 657 kr``; ``22138.083`` → ``22 138,08 kr`` (Norwegian format)."""
    value = Decimal(amount)
    return format_number(value, "nb", decimals=0 if value == value.to_integral_value() else 2) + " kr"


def _num(value: Decimal | int) -> str:
    return format_number(value, "nb")


def _validate(facts: AllowanceFacts, period: Period) -> None:
    if facts.recovery_deduction < 0:
        raise RulesInputError("Trekket kan ikke være negativt.", "recovery_deduction")
    for name, entries in (("invalid_absence", facts.invalid_absence), ("paid_work", facts.paid_work)):
        for entry in entries:
            where = format_date_short(entry.day)
            if not Decimal(0) < entry.hours <= 24:
                raise RulesInputError(f"Timene {where} må være mer enn 0 og høyst 24.", name)
            if entry.day not in period or entry.day not in facts.programme:
                raise RulesInputError(f"{where} er utenfor perioden eller programmet.", name)
            if any(entry.day in leave for leave in facts.unpaid_leave):
                raise RulesInputError(f"{where} er i en periode uten stønad.", name)
    for benefit in facts.other_benefits:
        if benefit.amount < 0:
            raise RulesInputError(f"Beløpet for {benefit.kind} kan ikke være negativt.", "other_benefits")
        if benefit.period.overlap(period) is None:
            raise RulesInputError(
                f"{benefit.kind.capitalize()} for {benefit.period.label()} gjelder ingen dager i perioden.",
                "other_benefits",
            )


def paid_weekdays(facts: AllowanceFacts, period: Period, params: ParameterSet | None = None) -> list[dt.date]:
    """Weekdays that earn stønad: in the period and the programme, not in leave without stønad.
    stl. §§ 35–36. With ``params``, never after the last day of the month before the 67th
    birthday (stl. § 29: the programme must end by then; decided in docs/rules.md, «67 år»)."""
    inside = period.overlap(facts.programme)
    if inside is None:
        return []
    if params is not None:
        birthday = calendar.anniversary(facts.birth_date, params.integer("max_age", inside.start))
        inside = inside.overlap(Period(dt.date.min, calendar.first_of_month(birthday) - dt.timedelta(days=1)))
        if inside is None:
            return []
    return [
        day
        for day in calendar.weekdays(inside.start, inside.end)
        if not any(day in leave for leave in facts.unpaid_leave)
    ]


def _children_on(facts: AllowanceFacts, day: dt.date) -> int:
    """Children under 18 on ``day`` (born on or before it). forskrift § 3."""
    return sum(1 for child in facts.children if child.birth_date <= day < calendar.anniversary(child.birth_date, 18))


def _base_lines(facts: AllowanceFacts, days: list[dt.date], params: ParameterSet,
                policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE) -> list[Line]:
    """stl. § 35: each weekday earns annual / 12 / weekdays in its month (policy A), or the day
    rate annual / 260 rounded to whole kroner (policy B, ``rules.payout_period``)."""
    if policy == AmountPolicy.DAY_RATE:
        return _day_rate_lines(facts, days, params)
    groups: dict[tuple[int, int, Decimal, bool, int], int] = {}
    for day in days:
        key = (
            day.year,
            day.month,
            annual_rate(facts.birth_date, day, params),
            is_full_rate(facts.birth_date, day, params),
            params.integer("months_per_year", day),
        )
        groups[key] = groups.get(key, 0) + 1
    lines = []
    for (year, month, rate, full, months), count in groups.items():
        in_month = calendar.weekdays_in_month(year, month)
        lines.append(
            Line(
                code=ALLOWANCE,
                text=N_("Kvalifiseringsstønad, full sats") if full else N_("Kvalifiseringsstønad, sats under 25 år"),
                reference=REFERENCES[ALLOWANCE],
                basis=f"{MONTHS_NB[month - 1]} {year}: {count} ukedager × {kr(rate)} / {months} / {in_month}",
                amount=ore(Fraction(rate) * count / (months * in_month)),
            )
        )
    return lines


def _child_lines(facts: AllowanceFacts, days: list[dt.date], params: ParameterSet) -> list[Line]:
    """stl. § 35, forskrift §§ 3–4: rate per child under 18 per weekday."""
    lines = []
    for child in facts.children:
        groups: dict[Decimal, int] = {}
        for day in days:
            if child.birth_date <= day < calendar.anniversary(child.birth_date, 18):
                rate = child_supplement_rate(day, params)
                groups[rate] = groups.get(rate, 0) + 1
        for rate, count in groups.items():
            lines.append(
                Line(
                    code=CHILD_SUPPLEMENT,
                    text=CODE_TEXT[CHILD_SUPPLEMENT],
                    reference=REFERENCES[CHILD_SUPPLEMENT],
                    basis=f"barn født {format_date_short(child.birth_date)}: {count} ukedager × {kr(rate)}",
                    amount=ore(Fraction(rate) * count),
                )
            )
    return lines


def _capped(amount: Decimal, available: Decimal, basis: str) -> tuple[Decimal, str]:
    """A reduction of ``amount`` limited to what is ``available`` (both positive)."""
    if amount > available:
        return available, f"{basis} (begrenset til {kr(available)})"
    return amount, basis


def _hour_lines(
    code: str,
    entries: Iterable[HoursEntry],
    facts: AllowanceFacts,
    params: ParameterSet,
    available: Decimal,
) -> tuple[list[Line], Decimal]:
    """Hour-by-hour reduction of the stønad at annual / 1 950 (stl. §§ 36–37)."""
    groups: dict[tuple[Decimal, Decimal], Decimal] = {}
    for entry in entries:
        key = (annual_rate(facts.birth_date, entry.day, params), params.decimal("hours_per_year", entry.day))
        groups[key] = groups.get(key, Decimal(0)) + entry.hours
    lines = []
    for (rate, hours_per_year), hours in groups.items():
        wanted = ore(Fraction(rate) * Fraction(hours) / Fraction(hours_per_year))
        amount, basis = _capped(wanted, available, f"{_num(hours)} timer × {kr(rate)} / {_num(hours_per_year)}")
        available -= amount
        lines.append(Line(code, CODE_TEXT[code], REFERENCES[code], basis, -amount))
    return lines, available


def _day_pay(rate: Decimal, day: dt.date, params: ParameterSet,
             policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE) -> Fraction:
    """What one weekday of ``day``'s month pays at ``rate``: annual / 12 / weekdays in the month
    (policy A), or the day rate (policy B)."""
    if policy == AmountPolicy.DAY_RATE:
        return Fraction(day_rate(rate, day, params))
    return Fraction(rate) / (params.integer("months_per_year", day) * calendar.weekdays_in_month(day.year, day.month))


def _absence_lines(facts: AllowanceFacts, params: ParameterSet, available: Decimal,
                   policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE) -> tuple[list[Line], Decimal]:
    """stl. § 36: invalid absence hour by hour at annual / 1 950, but one day's absence never
    costs more than one day pays (annual / 12 / weekdays in the month): with the divisor 1 950,
    7,5 hours would otherwise take 1 071,91 kr where a day in a 23-weekday month pays 1 009,77 kr.
    The day's hours are summed first. docs/rules.md, «Invalid absence».
    """
    per_day: dict[dt.date, Decimal] = {}
    for entry in facts.invalid_absence:
        per_day[entry.day] = per_day.get(entry.day, Decimal(0)) + entry.hours
    groups: dict[tuple[Decimal, Decimal], tuple[Decimal, Fraction, int]] = {}
    for day, hours in sorted(per_day.items()):
        rate = annual_rate(facts.birth_date, day, params)
        hours_per_year = params.decimal("hours_per_year", day)
        by_hour = Fraction(rate) * Fraction(hours) / Fraction(hours_per_year)
        ceiling = _day_pay(rate, day, params, policy)
        total_hours, so_far, capped = groups.get((rate, hours_per_year), (Decimal(0), Fraction(0), 0))
        groups[(rate, hours_per_year)] = (total_hours + hours, so_far + min(by_hour, ceiling),
                                          capped + (by_hour > ceiling))
    lines = []
    for (rate, hours_per_year), (hours, exact, capped) in groups.items():
        basis = f"{_num(hours)} timer × {kr(rate)} / {_num(hours_per_year)}"
        if capped:
            basis += f", høyst én dags stønad per dag ({capped} {'dag' if capped == 1 else 'dager'} begrenset)"
        amount, basis = _capped(ore(exact), available, basis)
        available -= amount
        lines.append(Line(INVALID_ABSENCE, CODE_TEXT[INVALID_ABSENCE], REFERENCES[INVALID_ABSENCE], basis, -amount))
    return lines, available


def _paid_work_child_lines(facts: AllowanceFacts, params: ParameterSet, available: Decimal) -> list[Line]:
    """stl. § 37: paid work also reduces the child supplement, at (daily supplement for all
    children) / 7,5 per hour."""
    groups: dict[tuple[int, Decimal, Decimal], Decimal] = {}
    for entry in facts.paid_work:
        children = _children_on(facts, entry.day)
        if children:
            key = (
                children,
                child_supplement_rate(entry.day, params),
                params.decimal("hours_per_day", entry.day),
            )
            groups[key] = groups.get(key, Decimal(0)) + entry.hours
    lines = []
    for (children, rate, hours_per_day), hours in groups.items():
        wanted = ore(Fraction(hours) * children * Fraction(rate) / Fraction(hours_per_day))
        amount, basis = _capped(
            wanted, available, f"{_num(hours)} timer × {children} barn × {kr(rate)} / {_num(hours_per_day)}"
        )
        available -= amount
        lines.append(
            Line(
                PAID_WORK_CHILD_SUPPLEMENT,
                CODE_TEXT[PAID_WORK_CHILD_SUPPLEMENT],
                REFERENCES[PAID_WORK_CHILD_SUPPLEMENT],
                basis,
                -amount,
            )
        )
    return lines


def _benefit_line(benefit: OtherBenefit, period: Period, available: Decimal) -> Line:
    """stl. § 38: krone for krone for the days of the benefit inside the period."""
    inside = benefit.period.overlap(period)
    assert inside is not None  # checked in _validate
    if inside == benefit.period:
        wanted = benefit.amount
        basis = f"{kr(benefit.amount)} for {benefit.period.label()}"
    else:
        wanted = ore(Fraction(benefit.amount) * inside.days / benefit.period.days)
        basis = (
            f"{kr(benefit.amount)} for {benefit.period.label()} × {inside.days} / "
            f"{benefit.period.days} dager i perioden"
        )
    amount, basis = _capped(wanted, available, basis)
    return Line(OTHER_BENEFIT, _BENEFIT_TEXT[benefit.kind], REFERENCES[OTHER_BENEFIT], basis, -amount)


def compute_allowance(facts: AllowanceFacts, period: Period, params: ParameterSet,
                      policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE) -> AllowanceResult:
    """Kvalifiseringsstønad for ``period`` (inclusive). stl. §§ 35–38 and § 40, forskrift §§ 3–4.
    ``policy``: how a weekday's amount is computed (the office's choice, ``rules.payout_period``).

    Raises :class:`RulesInputError` when hours or benefits fall outside the period.
    """
    _validate(facts, period)
    days = paid_weekdays(facts, period, params)
    base = _base_lines(facts, days, params, policy)
    children = _child_lines(facts, days, params)
    base_left = sum((line.amount for line in base), ZERO)
    child_left = sum((line.amount for line in children), ZERO)

    absence, base_left = _absence_lines(facts, params, base_left, policy)
    work, base_left = _hour_lines(PAID_WORK, facts.paid_work, facts, params, base_left)
    work_children = _paid_work_child_lines(facts, params, child_left)
    lines = [*base, *children, *absence, *work, *work_children]

    # stl. § 38 reduces the stønad, not the child supplement (decided in docs/rules.md, «Andre
    # ytelser og barnetillegget»): the other benefits take at most the stønad that is left.
    for benefit in facts.other_benefits:
        line = _benefit_line(benefit, period, base_left)
        base_left += line.amount
        lines.append(line)
    left = sum((line.amount for line in lines), ZERO)
    if facts.recovery_deduction > 0:
        amount, basis = _capped(facts.recovery_deduction, left, f"avtalt trekk {kr(facts.recovery_deduction)}")
        lines.append(
            Line(
                RECOVERY_DEDUCTION,
                CODE_TEXT[RECOVERY_DEDUCTION],
                REFERENCES[RECOVERY_DEDUCTION],
                basis,
                -amount,
            )
        )
    return AllowanceResult(period=period, lines=tuple(lines), total=sum((x.amount for x in lines), ZERO))


def back_pay(
    facts: AllowanceFacts,
    period: Period,
    *,
    previous_params: ParameterSet,
    new_params: ParameterSet,
    policy: AmountPolicy = AmountPolicy.MONTHLY_SHARE,
) -> BackPayResult:
    """Recompute a period already paid under ``previous_params`` with ``new_params`` (for example
    a new G registered after 1 May) and return one difference line per line code.

    A recovery deduction is left out of both computations: it was taken when the period was
    paid and is not repeated. stl. § 35 (G from 1 May), § 39.
    """
    without_recovery = dataclasses.replace(facts, recovery_deduction=ZERO)
    previous = compute_allowance(without_recovery, period, previous_params, policy)
    recomputed = compute_allowance(without_recovery, period, new_params, policy)
    codes = list(dict.fromkeys(line.code for line in (*recomputed.lines, *previous.lines)))
    lines = []
    for code in codes:
        new, old = recomputed.amount(code), previous.amount(code)
        if new != old:
            lines.append(
                Line(
                    code=code,
                    text=CODE_TEXT[code],
                    reference=REFERENCES[code],
                    basis=f"ny beregning {kr(new)} − tidligere beregning {kr(old)}",
                    amount=new - old,
                )
            )
    return BackPayResult(
        previous=previous,
        recomputed=recomputed,
        lines=tuple(lines),
        total=sum((line.amount for line in lines), ZERO),
    )


def _day_rate_lines(facts: AllowanceFacts, days: list[dt.date], params: ParameterSet) -> list[Line]:
    """Policy B (``rules.payout_period``, unconfirmed for KVP): each weekday earns the day rate
    annual / 260 rounded to whole kroner, as NAV's day rate for arbeidsavklaringspenger
    (folketrygdloven § 11-20). One line per rate (a new G, the 25th birthday)."""
    groups: dict[tuple[Decimal, bool, int, Decimal], int] = {}
    for day in days:
        rate = annual_rate(facts.birth_date, day, params)
        divisor = params.integer("days_per_year", day)
        key = (rate, is_full_rate(facts.birth_date, day, params), divisor, day_rate(rate, day, params))
        groups[key] = groups.get(key, 0) + 1
    return [
        Line(
            code=ALLOWANCE,
            text=N_("Kvalifiseringsstønad, full sats") if full else N_("Kvalifiseringsstønad, sats under 25 år"),
            reference=REFERENCES[ALLOWANCE],
            basis=f"{count} ukedager × dagsats {kr(per_day)} ({kr(rate)} / {divisor}, avrundet til hele kroner)",
            amount=ore(Fraction(per_day) * count),
        )
        for (rate, full, divisor, per_day), count in groups.items()
    ]
