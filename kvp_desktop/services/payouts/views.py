"""Payout runs and ledger lines as read by the Utbetalinger tab, annual totals and the payout
specification (PDF) per participant per run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from kvp_desktop.i18n import N_, _
from kvp_desktop.money import ZERO
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.store.models import OfficeSettings, PayoutLine, PayoutRun, Person, User

RUN_STATES: dict[str, str] = {
    "draft": N_("Utkast"),
    "approved": N_("Godkjent"),
    "exported": N_("Eksportert"),
    "paid": N_("Utbetalt"),
}
PAID_STATES = ("approved", "exported", "paid")


@dataclass(frozen=True)
class RunView:
    id: int
    label: str
    period_from: dt.date
    period_to: dt.date
    state: str
    total: Decimal
    line_count: int
    created_by: str = ""
    created_by_id: int | None = None
    approved_by: str = ""
    approved_at: dt.datetime | None = None
    exported_at: dt.datetime | None = None
    person_count: int = 0


@dataclass(frozen=True)
class LedgerLine:
    id: int
    person_id: int
    person_name: str
    masked_id: str
    code: str
    text: str
    reference: str
    basis: str
    amount: Decimal
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    corrects_line_id: int | None = None
    correction_reason: str = ""


def list_runs(ctx: AppContext) -> list[RunView]:
    with ctx.uow() as uow:
        creator, approver = aliased(User), aliased(User)
        counts = dict(uow.session.execute(
            select(PayoutLine.run_id, func.count()).group_by(PayoutLine.run_id)).tuples().all())
        people = dict(uow.session.execute(
            select(PayoutLine.run_id, func.count(func.distinct(PayoutLine.person_id)))
            .group_by(PayoutLine.run_id)).tuples().all())
        rows = uow.session.execute(
            select(PayoutRun, creator.full_name, approver.full_name)
            .outerjoin(creator, creator.id == PayoutRun.created_by_id)
            .outerjoin(approver, approver.id == PayoutRun.approved_by_id)
            .order_by(PayoutRun.period_from.desc(), PayoutRun.id.desc())
        ).tuples()
        return [
            RunView(r.id, r.label, r.period_from, r.period_to, r.state, r.total, counts.get(r.id, 0),
                    made or "", r.created_by_id, approved or "", r.approved_at, r.exported_at, people.get(r.id, 0))
            for r, made, approved in rows
        ]


def get_run(ctx: AppContext, run_id: int) -> RunView:
    for run in list_runs(ctx):
        if run.id == run_id:
            return run
    raise NotFoundError("Utbetalingskjøringen finnes ikke.")


def run_lines(ctx: AppContext, run_id: int, person_id: int | None = None) -> list[LedgerLine]:
    with ctx.uow() as uow:
        query = (
            select(PayoutLine, Person.id, Person.first_name, Person.last_name, Person.fodselsnummer)
            .join(Person, Person.id == PayoutLine.person_id)
            .where(PayoutLine.run_id == run_id)
            .order_by(Person.sort_key, Person.id, PayoutLine.id)
        )
        if person_id is not None:
            query = query.where(PayoutLine.person_id == person_id)
        return [
            LedgerLine(
                id=line.id,
                person_id=pid,
                person_name=f"{last}, {first}",
                masked_id=mask_identity_number(number),
                code=line.code,
                text=line.text,
                reference=line.reference,
                basis=line.basis,
                amount=line.amount,
                period_from=line.period_from,
                period_to=line.period_to,
                corrects_line_id=line.corrects_line_id,
                correction_reason=line.correction_reason,
            )
            for line, pid, first, last, number in uow.session.execute(query).tuples()
        ]


@dataclass(frozen=True)
class AnnualTotal:
    person_id: int
    name: str
    masked_id: str
    year: int
    gross: Decimal
    runs: int


def annual_totals(ctx: AppContext, year: int, person_id: int | None = None) -> list[AnnualTotal]:
    """What each participant was paid in ``year`` (runs approved or later, by the run's period):
    for KOSTRA and for the participant's own overview."""
    with ctx.uow() as uow:
        query = (
            select(PayoutLine.person_id, Person.first_name, Person.last_name, Person.fodselsnummer,
                   func.sum(PayoutLine.amount), func.count(func.distinct(PayoutRun.id)))
            .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .join(Person, Person.id == PayoutLine.person_id)
            .where(PayoutRun.state.in_(PAID_STATES), PayoutRun.period_from >= dt.date(year, 1, 1),
                   PayoutRun.period_from <= dt.date(year, 12, 31))
            .group_by(PayoutLine.person_id, Person.first_name, Person.last_name, Person.fodselsnummer,
                      Person.sort_key)
            .order_by(Person.sort_key)
        )
        if person_id is not None:
            query = query.where(PayoutLine.person_id == person_id)
        return [
            AnnualTotal(pid, f"{last}, {first}", mask_identity_number(number), year, Decimal(total or ZERO), runs)
            for pid, first, last, number, total, runs in uow.session.execute(query).tuples()
        ]


@dataclass(frozen=True)
class Office:
    name: str
    department: str
    address: str
    postcode: str
    postplace: str
    phone: str
    email: str
    org_number: str
    written_standard: str


@dataclass(frozen=True)
class Specification:
    """Everything the payout specification PDF shows for one participant in one run."""

    office: Office
    run: RunView
    person_name: str
    fodselsnummer: str
    address_lines: tuple[str, ...]
    bank_account: str
    lines: tuple[LedgerLine, ...]
    total: Decimal
    lang: str
    payday: int
    # Invalid absence deducted in this run, day by day: (date, hours) (stl. § 36; docs/rules.md)
    absence_days: tuple[tuple[dt.date, Decimal], ...] = ()


def _office(session: object) -> tuple[Office, int]:
    row = session.scalar(select(OfficeSettings))  # type: ignore[attr-defined]
    if row is None:
        return Office("NAV", "", "", "", "", "", "", "", "nb"), 12
    return Office(row.office_name, row.department, row.address, row.postcode, row.postplace, row.phone, row.email,
                  row.org_number, row.written_standard or "nb"), row.payday


def specification(ctx: AppContext, run_id: int, person_id: int) -> Specification:
    """The data of one participant's payout specification (audited as printing personal data)."""
    run = get_run(ctx, run_id)
    lines = tuple(run_lines(ctx, run_id, person_id))
    if not lines:
        raise NotFoundError(_("Personen har ingen linjer i kjøringen."))
    with ctx.uow() as uow:
        person = uow.session.get(Person, person_id)
        assert person is not None
        office, payday = _office(uow.session)
        lang = person.written_standard or office.written_standard
        absence = _absence_days(uow.session, run_id, person_id)
        ctx.audit(uow.session, "print", "payout_specification", run_id, person_id)
        uow.commit()
        return Specification(
            office=office, run=run, person_name=f"{person.first_name} {person.last_name}",
            fodselsnummer=person.fodselsnummer,
            address_lines=tuple(x for x in (person.address, f"{person.postcode} {person.postplace}".strip()) if x),
            bank_account=person.bank_account, lines=lines, total=sum((x.amount for x in lines), ZERO), lang=lang,
            payday=payday, absence_days=absence,
        )


def office_header(ctx: AppContext) -> tuple[Office, int]:
    with ctx.uow() as uow:
        return _office(uow.session)


def write_specification_pdf(ctx: AppContext, run_id: int, person_id: int, path: Path,
                            created: dt.date | None = None) -> Path:
    """Write one participant's payout specification as PDF (ReportLab, on the caller's thread: the
    window calls it from its worker)."""
    from kvp_desktop.documents.payout_spec import payout_specification_pdf

    spec = specification(ctx, run_id, person_id)
    path.write_bytes(payout_specification_pdf(spec, created or dt.date.today()))
    return path


def _absence_days(session: Session, run_id: int, person_id: int) -> tuple[tuple[dt.date, Decimal], ...]:
    """The days and hours of invalid absence behind the run's deduction lines for the person: the
    registered hours on the days of each deduction line's period, leave without stønad left out
    (as the run computed them, ``payout_runs.gather_facts``)."""
    from kvp_desktop.rules.allowance import INVALID_ABSENCE
    from kvp_desktop.store.models import Attendance, ProgrammePeriod

    days: dict[dt.date, Decimal] = {}
    for programme_id, start, end in session.execute(
        select(PayoutLine.programme_id, PayoutLine.period_from, PayoutLine.period_to).where(
            PayoutLine.run_id == run_id, PayoutLine.person_id == person_id, PayoutLine.code == INVALID_ABSENCE,
            PayoutLine.corrects_line_id.is_(None)).distinct()
    ).tuples():
        leave = session.execute(select(ProgrammePeriod.from_date, ProgrammePeriod.to_date).where(
            ProgrammePeriod.programme_id == programme_id, ProgrammePeriod.kind == "leave",
            ProgrammePeriod.with_allowance.is_(False))).tuples().all()
        for day, hours in session.execute(select(Attendance.day, Attendance.invalid_absence_hours).where(
                Attendance.programme_id == programme_id, Attendance.day >= start, Attendance.day <= end,
                Attendance.invalid_absence_hours > Decimal(0))).tuples():
            if not any(a <= day <= b for a, b in leave):
                days[day] = days.get(day, Decimal(0)) + hours
    return tuple(sorted(days.items()))
