"""Attendance per participant per week (the «timeliste»), other benefits, and absence warnings.

Registered in arrears against the plan (stl. § 39): per day the hours attended, valid absence
with its type, invalid absence (reduces the stønad, § 36) and paid work (§ 37). Other benefits
(dagpenger, sykepenger, foreldrepenger) are amounts for date ranges (§ 38). The absence limits
(``rules.absence``) warn and say which documentation is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kvp_desktop.hours import HUNDREDTHS, hours_from_minutes, whole_minutes
from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.money import MoneyError, parse_amount
from kvp_desktop.rules import absence, calendar
from kvp_desktop.rules.allowance import OffsetBenefit
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ServiceError, ValidationError
from kvp_desktop.services.infrastructure.locking import RecordConflictError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.store.models import Attendance, Child, OfficeSettings, OtherBenefit, Person, Programme

FULL_DAY = Decimal("7.5")
ABSENCE_TYPES = {kind.value: label for kind, label in absence.ABSENCE_TYPE_LABELS.items()}


@dataclass(frozen=True)
class DayEntry:
    day: dt.date
    planned: Decimal
    attended: Decimal = Decimal(0)
    valid_absence: Decimal = Decimal(0)
    valid_absence_type: str = ""
    invalid_absence: Decimal = Decimal(0)
    paid_work: Decimal = Decimal(0)
    note: str = ""
    registered: bool = False
    version: int | None = None  # the stored day's version (optimistic locking); None: not registered


@dataclass(frozen=True)
class WeekRow:
    programme_id: int
    person_id: int
    name: str
    masked_id: str
    days: tuple[DayEntry, ...]  # Monday … Sunday
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DayInput:
    """One changed day. ``expected_version`` is the version the caseworker's sheet showed
    (``DayEntry.version``); None means the day was not registered then. Saving refuses with
    :class:`~kvp_desktop.services.infrastructure.locking.RecordConflictError` if someone saved the day since."""

    day: dt.date
    attended: Decimal = Decimal(0)
    valid_absence: Decimal = Decimal(0)
    valid_absence_type: str = ""
    invalid_absence: Decimal = Decimal(0)
    paid_work: Decimal = Decimal(0)
    note: str = ""
    expected_version: int | None = None


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_hours(text: str) -> Decimal:
    """«7,5» / «7.5» / «7:30» → Decimal hours; ValueError (Norwegian) otherwise."""
    value = text.strip().replace(" ", "")
    if not value:
        return Decimal(0)
    try:
        if ":" in value:  # 7:20 is seven hours and twenty minutes
            hours, minutes = (int(part) for part in value.split(":"))
            if hours < 0 or not 0 <= minutes < 60:
                raise ValueError
            result = hours_from_minutes(hours * 60 + minutes)
        else:
            result = Decimal(value.replace(",", "."))
    except (ValueError, InvalidOperation):
        raise ValueError(_("«{t}» er ikke et antall timer (skriv for eksempel 7,5).", t=text)) from None
    if not result.is_finite() or result < 0 or result > 24:
        raise ValueError(_("Timene må være mellom 0 og 24."))
    if whole_minutes(result) is None:  # 7,33 is 7:20; 7,34 is no whole number of minutes
        raise ValueError(_("Timene må gå opp i hele minutter."))
    return result.quantize(HUNDREDTHS) if result != result.to_integral_value() else result


def _planned(ctx: AppContext, programme: Programme, monday: dt.date, stored: dict[dt.date, Decimal]) -> dict[
        dt.date, Decimal]:
    """Planned hours from the plan (programme builder); stored or 7,5 on weekdays where there is none."""
    end = programme.end_date or programme.planned_end_date
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    try:
        from kvp_desktop.services.programmes.programmes import planned_hours

        plan = planned_hours(ctx, programme.id, days[0], days[-1])
    except ServiceError:  # no plan to read: fall back to the stored or a full day
        plan = {}
    if any(plan.values()):
        return {d: plan.get(d, Decimal(0)) for d in days}
    return {
        d: stored.get(d, FULL_DAY if d.weekday() < 5 and programme.start_date <= d <= end else Decimal(0))
        for d in days
    }


def week_sheet(ctx: AppContext, monday: dt.date, programme_ids: Sequence[int] | None = None) -> list[WeekRow]:
    """Every participant whose programme covers some of the week (or the given programmes),
    sorted by name, with the registered days and the planned hours."""
    monday = monday_of(monday)
    sunday = monday + dt.timedelta(days=6)
    with ctx.uow() as uow:
        session = uow.session
        query = (
            select(Programme, Person).join(Person, Person.id == Programme.person_id)
            .where(Programme.start_date <= sunday,
                   func.coalesce(Programme.end_date, Programme.planned_end_date) >= monday)
            .order_by(Person.sort_key, Programme.id)
        )
        if programme_ids is not None:
            query = query.where(Programme.id.in_(list(programme_ids)))
        pairs = session.execute(query).tuples().all()
        rows = session.scalars(select(Attendance).where(
            Attendance.programme_id.in_([p.id for p, _person in pairs]),
            Attendance.day >= monday, Attendance.day <= sunday)).all()
        by_programme: dict[int, dict[dt.date, DayEntry]] = {}
        for row in rows:
            by_programme.setdefault(row.programme_id, {})[row.day] = DayEntry(
                row.day, row.planned_hours, row.attended_hours, row.valid_absence_hours, row.valid_absence_type,
                row.invalid_absence_hours, row.paid_work_hours, row.note, True, row.version)
        facts = [(p.id, p.person_id, p.start_date, p.end_date, p.planned_end_date, person.first_name,
                  person.last_name, person.fodselsnummer) for p, person in pairs]
        programmes = {p.id: p for p, _person in pairs}
        for programme in programmes.values():
            session.expunge(programme)
    result = []
    for pid, person_id, _start, _end, _planned_end, first, last, number in facts:
        registered = by_programme.get(pid, {})
        planned = _planned(ctx, programmes[pid], monday, {d: r.planned for d, r in registered.items()})
        days = []
        for n in range(7):
            day = monday + dt.timedelta(days=n)
            saved = registered.get(day)
            days.append(DayEntry(day, planned[day]) if saved is None else dataclasses.replace(saved,
                                                                                              planned=planned[day]))
        result.append(WeekRow(pid, person_id, f"{last}, {first}", mask_identity_number(number), tuple(days),
                              tuple(w.text() for w in absence_warnings(ctx, pid, sunday))))
    return result


def _check_day(entry: DayInput, programme: Programme, monday: dt.date | None, key: str,
               planned: Decimal | None = None) -> dict[str, str]:
    problems: dict[str, str] = {}
    where = format_date_short(entry.day)
    end = programme.end_date or programme.planned_end_date
    if monday is not None and not monday <= entry.day <= monday + dt.timedelta(days=6):
        problems[key] = _("{dato} er ikke i uken som registreres.", dato=where)
    elif not programme.start_date <= entry.day <= end:
        problems[key] = _("{dato} er utenfor programperioden.", dato=where)
    for name, hours in (("attended", entry.attended), ("valid_absence", entry.valid_absence),
                        ("invalid_absence", entry.invalid_absence), ("paid_work", entry.paid_work)):
        if not Decimal(0) <= hours <= 24 or whole_minutes(hours) is None:
            problems[f"{key}.{name}"] = _("{dato}: timene må være mellom 0 og 24, i hele minutter.", dato=where)
    if entry.attended + entry.valid_absence + entry.invalid_absence > 24:
        problems[f"{key}.sum"] = _("{dato}: mer enn 24 timer til sammen.", dato=where)
    elif planned is not None:
        ceiling = absence.absence_ceiling_problem(entry.day, planned, entry.valid_absence, entry.invalid_absence)
        if ceiling:
            problems[f"{key}.invalid_absence"] = ceiling
    if entry.valid_absence > 0 and entry.valid_absence_type not in ABSENCE_TYPES:
        problems[f"{key}.valid_absence_type"] = _("{dato}: velg type gyldig fravær.", dato=where)
    if entry.valid_absence == 0 and entry.valid_absence_type:
        problems[f"{key}.valid_absence_type"] = _("{dato}: fraværstype uten timer med gyldig fravær.", dato=where)
    return problems


def planned_days(ctx: AppContext, programme: Programme, days: Sequence[dt.date]) -> dict[dt.date, Decimal]:
    """The planned hours of each of ``days`` (from the plan; else the stored or 7,5 on weekdays):
    the ceiling of the day's absence (``rules.absence.absence_ceiling_problem``)."""
    weeks = sorted({monday_of(day) for day in days})
    result: dict[dt.date, Decimal] = {}
    for monday in weeks:
        with ctx.uow() as uow:
            stored = dict(uow.session.execute(select(Attendance.day, Attendance.planned_hours).where(
                Attendance.programme_id == programme.id, Attendance.day >= monday,
                Attendance.day <= monday + dt.timedelta(days=6))).tuples().all())
        result.update(_planned(ctx, programme, monday, stored))
    return result


def _load_programmes(ctx: AppContext, ids: Sequence[int]) -> dict[int, Programme]:
    with ctx.uow() as uow:
        programmes = {p.id: p for p in uow.session.scalars(select(Programme).where(Programme.id.in_(list(ids))))}
        for programme in programmes.values():
            uow.session.expunge(programme)
    return programmes


def save_week(ctx: AppContext, monday: dt.date, entries: Mapping[int, Sequence[DayInput]]) -> int:
    """Save the changed days of the week for many participants in one transaction (programme id →
    only the days the caseworker changed, each with the version the sheet showed).

    Every day is checked first; one bad day saves nothing. A day someone else saved after the
    sheet was loaded is refused with :class:`RecordConflictError` (nothing is saved), also when
    the other save happens at the same moment (the database's version check and unique key).
    Returns the number of days saved.
    """
    require(ctx, Permission.REGISTER_ATTENDANCE)
    monday = monday_of(monday)
    programmes = _load_programmes(ctx, list(entries))
    problems: dict[str, str] = {}
    for pid, days in entries.items():
        if pid not in programmes:
            raise NotFoundError(_("Fant ikke programmet."))
        plan = planned_days(ctx, programmes[pid], [monday]) if days else {}
        for index, entry in enumerate(days):
            problems.update(_check_day(entry, programmes[pid], monday, f"{pid}.{index}", plan.get(entry.day)))
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.uow() as uow:
            session = uow.session
            count = _write_days(session, programmes, entries, check_versions=True)
            ctx.audit(session, "register", "attendance", None, None,
                      f"uke {monday.isocalendar().week}: {count} dager")
            uow.commit()
            return count
    except (StaleDataError, IntegrityError) as exc:  # the other save came at the same moment
        raise RecordConflictError(_(
            "Noen andre lagret oppmøte for de samme dagene samtidig. Ingenting av det du gjorde er lagret; "
            "last inn timelisten på nytt og prøv igjen.")) from exc
    except OperationalError as exc:
        if "locked" not in str(exc.orig).lower():
            raise
        raise RecordConflictError(_(
            "Noen andre lagret oppmøte samtidig. Ingenting av det du gjorde er lagret; last inn timelisten "
            "på nytt og prøv igjen.")) from exc


_DAY_FIELDS = {
    "attended_hours": N_("oppmøte"), "valid_absence_hours": N_("gyldig fravær"),
    "valid_absence_type": N_("fraværstype"), "invalid_absence_hours": N_("ugyldig fravær"),
    "paid_work_hours": N_("lønnet arbeid"), "note": N_("merknad"),
}


def _day_conflict(session: Session, row: Attendance | None, entry: DayInput) -> None:
    """Raise :class:`RecordConflictError` if the day changed since the sheet showed it."""
    now = row.version if row is not None else None
    if now == entry.expected_version:
        return
    where = format_date_short(entry.day)
    name = ""
    if row is not None:
        person = session.execute(select(Person.first_name, Person.last_name).join(
            Programme, Programme.person_id == Person.id).where(Programme.id == row.programme_id)).first()
        name = f"{person[0]} {person[1]}" if person else ""
    changes: dict[str, tuple[object, object]] = {}
    if row is not None:
        for field, label in _DAY_FIELDS.items():
            value = getattr(row, field)
            if value not in (Decimal(0), ""):
                changes[f"{where} {_(label)}"] = ("–", format_cell_value(value))
    message = _("Oppmøtet for {navn} {dato} er endret av en annen bruker etter at du åpnet timelisten.",
                navn=name, dato=where) if row is not None else _(
        "Dagen {dato} er slettet av en annen bruker etter at du åpnet timelisten.", dato=where)
    raise RecordConflictError(
        message + " " + _("Ingenting av det du gjorde er lagret. Last inn på nytt, eller bruk endringene dine "
                          "på den nye versjonen."), changes)


def format_cell_value(value: object) -> str:
    return _hours_text(value) if isinstance(value, Decimal) else str(value)


def _write_days(session: Session, programmes: dict[int, Programme], entries: Mapping[int, Sequence[DayInput]],
                *, check_versions: bool = False) -> int:
    count = 0
    for pid, days in entries.items():
        if not days:
            continue
        existing = {row.day: row for row in session.scalars(select(Attendance).where(
            Attendance.programme_id == pid, Attendance.day.in_([d.day for d in days])))}
        if check_versions:
            for entry in days:
                _day_conflict(session, existing.get(entry.day), entry)
        for entry in days:
            row = existing.get(entry.day)
            if row is None:
                row = Attendance(programme_id=pid, day=entry.day,
                                 planned_hours=FULL_DAY if entry.day.weekday() < 5 else Decimal(0))
                session.add(row)
            row.attended_hours = entry.attended
            row.valid_absence_hours = entry.valid_absence
            row.valid_absence_type = entry.valid_absence_type
            row.invalid_absence_hours = entry.invalid_absence
            row.paid_work_hours = entry.paid_work
            row.note = entry.note
            count += 1
    session.flush()
    return count


def absence_warnings(ctx: AppContext, programme_id: int, on: dt.date) -> list[absence.AbsenceWarning]:
    """The absence limits exceeded in the 12 months up to ``on`` (and this calendar year)."""
    start = min(dt.date(on.year, 1, 1), on - dt.timedelta(days=366))
    with ctx.uow() as uow:
        session = uow.session
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise NotFoundError(_("Fant ikke programmet."))
        days = [
            absence.AbsenceDay(day, absence.AbsenceType(kind), hours)
            for day, kind, hours in session.execute(
                select(Attendance.day, Attendance.valid_absence_type, Attendance.valid_absence_hours).where(
                    Attendance.programme_id == programme_id, Attendance.day >= start, Attendance.day <= on,
                    Attendance.valid_absence_type.in_(list(ABSENCE_TYPES)))
            ).tuples()
        ]
        if not days:
            return []
        children = session.scalars(select(Child.birth_date).where(Child.person_id == programme.person_id)).all()
        young = sum(1 for birth in children if birth > calendar.add_months(on, -12 * 12))
        weeks = session.scalar(select(OfficeSettings.holiday_weeks_per_year)) or 5
        params = office_parameters(session)
        household = absence.Household(children_under_12=young, alone_with_care=False)
        start_date = programme.start_date
    return absence.check_absence(days, start_date, params, household, weeks)


# --- other benefits (stl. § 38) ------------------------------------------------------------

@dataclass(frozen=True)
class BenefitView:
    id: int
    programme_id: int
    kind: str
    from_date: dt.date
    to_date: dt.date
    amount: Decimal


def add_other_benefit(
    ctx: AppContext, programme_id: int, kind: str, from_date: dt.date, to_date: dt.date, amount: str | Decimal
) -> int:
    """Register dagpenger, sykepenger or foreldrepenger received for a date range."""
    require(ctx, Permission.REGISTER_ATTENDANCE)
    problems: dict[str, str] = {}
    if kind not in {k.value for k in OffsetBenefit}:
        problems["kind"] = _("Bare dagpenger, sykepenger og foreldrepenger samordnes krone for krone (stl. § 38).")
    if to_date < from_date:
        problems["to_date"] = _("Til-datoen kan ikke være før fra-datoen.")
    try:
        value = amount if isinstance(amount, Decimal) else parse_amount(amount)
        if value <= 0:
            problems["amount"] = _("Beløpet må være mer enn 0 kr.")
    except MoneyError as exc:
        problems["amount"] = str(exc)
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        programme = uow.session.get(Programme, programme_id)
        if programme is None:
            raise NotFoundError(_("Fant ikke programmet."))
        row = OtherBenefit(programme_id=programme_id, kind=kind, from_date=from_date, to_date=to_date, amount=value)
        uow.session.add(row)
        uow.session.flush()
        ctx.audit(uow.session, "create", "other_benefit", row.id, programme.person_id, kind)
        uow.commit()
        return row.id


def other_benefits(ctx: AppContext, programme_id: int) -> list[BenefitView]:
    with ctx.uow() as uow:
        return [BenefitView(b.id, b.programme_id, b.kind, b.from_date, b.to_date, b.amount)
                for b in uow.session.scalars(select(OtherBenefit).where(OtherBenefit.programme_id == programme_id)
                                             .order_by(OtherBenefit.from_date))]


# --- the week sheet's cell language (typed from the keyboard) ---------------------------------
# A cell is one day. Parts are joined with "+": a number is hours attended; a letter code with
# optional hours is absence or work (hours default to the planned hours):
#   7,5  · u 3 (ugyldig fravær) · e (egenmelding) · l (legeerklæring) · b (sykt barn)
#   v (velferdspermisjon) · f (ferie) · p (innvilget permisjon) · a (annet gyldig fravær)
#   ar 4 (lønnet arbeid)         e.g. «4,5+u3», «e», «3+ar4,5»
CELL_CODES: dict[str, str] = {
    "e": "egenmelding", "l": "legeerklaering", "b": "sykt_barn", "v": "velferdspermisjon", "f": "ferie",
    "p": "permisjon", "a": "annet",
}
_CODE_OF = {kind: code for code, kind in CELL_CODES.items()}


def parse_cell(text: str, day: dt.date, planned: Decimal) -> DayInput | None:
    """One typed cell → the day's registration (None for an empty cell). ValueError (Norwegian)."""
    text = text.strip().lower()
    if not text:
        return None
    attended = valid = invalid = work = Decimal(0)
    kind = ""
    for raw in text.split("+"):
        part = raw.strip().replace(" ", "")
        code = "ar" if part.startswith("ar") else part[:1] if part[:1].isalpha() else ""
        rest = part[len(code):]
        hours = parse_hours(rest) if rest else planned if code else Decimal(0)
        if not code:
            attended += parse_hours(part)
        elif code == "u":
            invalid += hours
        elif code == "ar":
            work += parse_hours(rest) if rest else Decimal(0)
            if not rest:
                raise ValueError(_("Skriv timene med lønnet arbeid, for eksempel «ar4»."))
        elif code in CELL_CODES:
            if kind and kind != CELL_CODES[code]:
                raise ValueError(_("Bare én type gyldig fravær per dag."))
            kind = CELL_CODES[code]
            valid += hours
        else:
            raise ValueError(_("Ukjent kode «{kode}». Bruk tall for oppmøte eller u, e, l, b, v, f, p, a, ar.",
                               kode=part))
    return DayInput(day, attended, valid, kind, invalid, work)


def _hours_text(hours: Decimal) -> str:
    return format(hours.normalize(), "f").replace(".", ",")


def format_cell(entry: DayEntry | DayInput) -> str:
    """The cell text for a registered day (the inverse of :func:`parse_cell`)."""
    if isinstance(entry, DayEntry) and not entry.registered:
        return ""
    attended = entry.attended
    valid = entry.valid_absence
    parts = []
    if attended:
        parts.append(_hours_text(attended))
    if valid:
        parts.append(f"{_CODE_OF.get(entry.valid_absence_type, 'a')}{_hours_text(valid)}")
    if entry.invalid_absence:
        parts.append(f"u{_hours_text(entry.invalid_absence)}")
    if entry.paid_work:
        parts.append(f"ar{_hours_text(entry.paid_work)}")
    return "+".join(parts) or "0"
