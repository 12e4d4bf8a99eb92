"""Outcomes per year, as offices present them to their councils (Rapporter → Resultater).

For each year: **participants** (persons with a programme that overlaps the year), **started**
(programmes that started in the year), **ended** (programmes that ended in the year) and, for the
ended programmes, the **situation after ending**. Planned programmes that have not started count
nowhere. Everything is counted in SQL.

The situation comes from the programme's KOSTRA facts: a programme that ended by moving (KOSTRA
status 5 or 6, or status ``moved``) is "moved"; otherwise the main source of income after ending
(KOSTRA ``AVSL_VIKTIGSTE_INNTEKT``, one code per programme) decides:

====================  ===========================================================
work                  01 ordinary work, 11 work with wage subsidy (full or part time)
education             04 school/education
benefits              03 state labour-market measure, 13 uføretrygd, 14 AAP
social_assistance     15, 16 økonomisk sosialhjelp (with or without clarification)
other                 10 annet
unknown               17 ukjent, or nothing registered
====================  ===========================================================

Filters: the programme's caseworker, and the participant's age group by age at 31 December of the
year (the reporting year minus the birth year, as KOSTRA counts age). The numbers are counts of
programmes and persons, with no personal data.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from kvp_desktop.exports.outcomes_xlsx import OutcomeRow, OutcomesTable, write_outcomes_xlsx
from kvp_desktop.i18n import N_, _, translate
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.office.settings import get_office
from kvp_desktop.store.models import Person, Programme, User

# Age groups by age at 31 December: key → (lowest, highest) age, both inclusive.
AGE_GROUPS: dict[str, tuple[int, int]] = {
    "18-24": (18, 24),
    "25-29": (25, 29),
    "30-39": (30, 39),
    "40-49": (40, 49),
    "50-67": (50, 67),
}

SITUATIONS: tuple[str, ...] = ("work", "education", "benefits", "social_assistance", "moved", "other", "unknown")
SITUATION_LABELS: dict[str, str] = {
    "work": N_("Arbeid (heltid/deltid)"),
    "education": N_("Skole/utdanning"),
    "benefits": N_("Andre ytelser (AAP, uføretrygd, tiltak)"),
    "social_assistance": N_("Tilbake til økonomisk sosialhjelp"),
    "moved": N_("Flyttet"),
    "other": N_("Annet"),
    "unknown": N_("Ukjent"),
}
# AVSL_VIKTIGSTE_INNTEKT code → situation (see the module docstring).
INCOME_SITUATIONS: dict[str, str] = {
    "01": "work",
    "11": "work",
    "04": "education",
    "03": "benefits",
    "13": "benefits",
    "14": "benefits",
    "15": "social_assistance",
    "16": "social_assistance",
    "10": "other",
    "17": "unknown",
}
MOVED_KOSTRA_STATUSES = ("5", "6")

MEASURE_LABELS: dict[str, str] = {
    "participants": N_("Deltakere"),
    "started": N_("Startet"),
    "ended": N_("Avsluttet"),
}


def situation_label(key: str) -> str:
    return translate(SITUATION_LABELS[key])


def age_group_label(key: str | None) -> str:
    if key is None:
        return _("Alle aldre")
    low, high = AGE_GROUPS[key]
    return _("{fra}–{til} år", fra=low, til=high)


@dataclass(frozen=True)
class OutcomeFilter:
    caseworker_id: int | None = None
    age_group: str | None = None  # a key of AGE_GROUPS


@dataclass(frozen=True)
class YearOutcome:
    year: int
    participants: int
    started: int
    ended: int
    situations: tuple[tuple[str, int], ...]  # every key of SITUATIONS, in that order

    def situation(self, key: str) -> int:
        return dict(self.situations)[key]

    def share(self, key: str) -> float | None:
        """The situation's share of the programmes that ended (0–1), or None when none ended.

        A display ratio only (never money), so float is fine here."""
        return self.situation(key) / self.ended if self.ended else None


@dataclass(frozen=True)
class Caseworker:
    id: int
    name: str


@dataclass(frozen=True)
class OutcomesReport:
    years: tuple[YearOutcome, ...]
    filter: OutcomeFilter
    caseworker_name: str  # "" for every caseworker
    age_group_label: str
    office_name: str

    def year(self, year: int) -> YearOutcome:
        for item in self.years:
            if item.year == year:
                return item
        raise KeyError(year)

    @property
    def filter_text(self) -> str:
        who = self.caseworker_name or _("alle saksbehandlere")
        return _("Saksbehandler: {hvem}. Alder: {alder}.", hvem=who, alder=self.age_group_label)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _situation_case() -> ColumnElement[str]:
    whens: list[tuple[ColumnElement[bool], str]] = [
        (or_(Programme.kostra_status.in_(MOVED_KOSTRA_STATUSES), Programme.status == "moved"), "moved"),
    ]
    for key in SITUATIONS:
        codes = [code for code, situation in INCOME_SITUATIONS.items() if situation == key]
        if codes:
            whens.append((Programme.main_income_after.in_(codes), key))
    return case(*whens, else_="unknown")


def _filters(year: int, chosen: OutcomeFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Programme.status != "planned"]
    if chosen.caseworker_id is not None:
        conditions.append(Programme.caseworker_id == chosen.caseworker_id)
    if chosen.age_group is not None:
        low, high = AGE_GROUPS[chosen.age_group]
        # Age at 31 December = year − birth year, so the group is a range of birth years.
        conditions.append(Person.birth_date.between(dt.date(year - high, 1, 1), dt.date(year - low, 12, 31)))
    return conditions


def _check_filter(chosen: OutcomeFilter, years: Sequence[int]) -> None:
    problems = {}
    if chosen.age_group is not None and chosen.age_group not in AGE_GROUPS:
        problems["age_group"] = _("Ukjent aldersgruppe: {gruppe}.", gruppe=chosen.age_group)
    if not years:
        problems["years"] = _("Velg minst ett år.")
    elif any(not 1900 <= year <= 2200 for year in years):
        problems["years"] = _("Årstallet må være mellom 1900 og 2200.")
    if problems:
        raise ValidationError(problems)


def count_year(ctx: AppContext, year: int, chosen: OutcomeFilter = OutcomeFilter()) -> YearOutcome:
    return outcomes(ctx, [year], chosen).years[0]


def outcomes(ctx: AppContext, years: Sequence[int], chosen: OutcomeFilter = OutcomeFilter()) -> OutcomesReport:
    """The outcome numbers for each of ``years`` (oldest first), filtered by ``chosen``."""
    _check_filter(chosen, years)
    result = []
    with ctx.uow() as uow:
        session = uow.session
        for year in sorted(set(years)):
            first, last = _year_bounds(year)
            base = _filters(year, chosen)
            not_ended_before = or_(Programme.end_date.is_(None), Programme.end_date >= first)
            overlaps = and_(Programme.start_date <= last, not_ended_before)
            started_in_year = Programme.start_date.between(first, last)
            ended_in_year = Programme.end_date.between(first, last)
            row = session.execute(
                select(
                    func.count(distinct(case((overlaps, Programme.person_id)))),
                    func.coalesce(func.sum(case((started_in_year, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((ended_in_year, 1), else_=0)), 0),
                )
                .select_from(Programme)
                .join(Person, Person.id == Programme.person_id)
                .where(*base)
            ).one()
            situation = _situation_case().label("situation")
            counts = dict(
                session.execute(
                    select(situation, func.count())
                    .select_from(Programme)
                    .join(Person, Person.id == Programme.person_id)
                    .where(*base, ended_in_year)
                    .group_by(situation)
                ).tuples().all()
            )
            result.append(
                YearOutcome(
                    year=year,
                    participants=int(row[0]),
                    started=int(row[1]),
                    ended=int(row[2]),
                    situations=tuple((key, int(counts.get(key, 0))) for key in SITUATIONS),
                )
            )
        name = ""
        if chosen.caseworker_id is not None:
            user = session.get(User, chosen.caseworker_id)
            name = user.full_name if user is not None else str(chosen.caseworker_id)

    office = get_office(ctx)
    return OutcomesReport(
        years=tuple(result),
        filter=chosen,
        caseworker_name=name,
        age_group_label=age_group_label(chosen.age_group),
        office_name=office.office_name if office else "",
    )


def available_years(ctx: AppContext, today: dt.date | None = None) -> tuple[int, ...]:
    """The years that have programmes (first start to last start or end), newest last; at least today's."""
    today = today or dt.date.today()
    with ctx.uow() as uow:
        low, high_start, high_end = uow.session.execute(
            select(func.min(Programme.start_date), func.max(Programme.start_date), func.max(Programme.end_date))
            .where(Programme.status != "planned")
        ).one()
    if low is None:
        return (today.year,)
    high = max(value.year for value in (high_start, high_end, today) if value is not None)
    return tuple(range(low.year, high + 1))


def caseworkers(ctx: AppContext) -> tuple[Caseworker, ...]:
    """Users who are caseworker on at least one programme, by name (for the filter)."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(User.id, User.full_name)
            .where(User.id.in_(select(Programme.caseworker_id).where(Programme.caseworker_id.is_not(None))))
            .order_by(User.full_name)
        ).all()
    return tuple(Caseworker(row.id, row.full_name) for row in rows)


# --------------------------------------------------------------------------------------------
# Exports of the dashboard (aggregated numbers only: nothing to audit)

SITUATION_NOTE = N_(
    "Situasjon etter avslutning: etter viktigste inntektskilde rett etter programmet (KOSTRA). "
    "Flytting til en annen kommune eller bydel telles som «Flyttet»."
)


def measure_rows(outcome: YearOutcome) -> tuple[OutcomeRow, ...]:
    """The dashboard's rows for one year: the three head counts, then each situation."""
    heads = [
        OutcomeRow(translate(MEASURE_LABELS[key]), value, None, False)
        for key, value in (("participants", outcome.participants), ("started", outcome.started),
                           ("ended", outcome.ended))
    ]
    situations = [OutcomeRow(situation_label(key), outcome.situation(key), outcome.share(key), True)
                  for key in SITUATIONS]
    return (*heads, *situations)


def outcomes_table(report: OutcomesReport, year: int, made: dt.date) -> OutcomesTable:
    """The report as labelled numbers for the workbook and the PDF, with ``year`` chosen."""
    chosen = report.year(year)
    rows_per_year = [measure_rows(item) for item in report.years]
    by_year = tuple(
        (row.label, tuple(rows[index].count for rows in rows_per_year))
        for index, row in enumerate(rows_per_year[0])
    ) if rows_per_year else ()
    return OutcomesTable(
        title=_("Resultater i kvalifiseringsprogrammet {aar}", aar=year),
        office_name=report.office_name,
        filter_text=report.filter_text,
        year=year,
        made=made,
        rows=measure_rows(chosen),
        years=tuple(item.year for item in report.years),
        by_year=by_year,
        note=translate(SITUATION_NOTE),
    )


def _target(path: str | os.PathLike[str]) -> Path:
    if not str(path).strip() or Path(path).is_dir():
        raise ValidationError({"path": _("Velg en fil å lagre i.")})
    return Path(path)


def save_xlsx(report: OutcomesReport, year: int, path: str | os.PathLike[str], today: dt.date | None = None) -> Path:
    """Write the dashboard for ``year`` (and every year in ``report``) as an Excel workbook."""
    target = _target(path)
    try:
        return write_outcomes_xlsx(outcomes_table(report, year, today or dt.date.today()), target)
    except OSError as exc:
        raise ServiceError(_("Kunne ikke lagre filen {fil}: {feil}", fil=str(target), feil=exc.strerror)) from exc


def save_pdf(report: OutcomesReport, year: int, path: str | os.PathLike[str], today: dt.date | None = None) -> Path:
    """Write the dashboard for ``year`` as a PDF for the council."""
    from kvp_desktop.documents.outcomes_pdf import build_outcomes_pdf

    target = _target(path)
    data = build_outcomes_pdf(outcomes_table(report, year, today or dt.date.today()))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise ServiceError(_("Kunne ikke lagre filen {fil}: {feil}", fil=str(target), feil=exc.strerror)) from exc
    return target
