"""Deltakerbevis (stl. § 30: a certificate when a programme is completed or interrupted).

The draft is generated from the data — programme dates, decision periods, phases and their
activities, attendance percentage, goals and evaluation notes — and then edited together with
the participant (``decisions.update_draft`` with the fields ``goals_reached``, ``progress``,
``competence``, ``participant_statement``) before it is issued like a decision
(``decisions.issue``): PDF bytes and SHA-256 stored, the row frozen by the database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.documents.model import PeriodLine, WrittenStandard
from kvp_desktop.i18n import _, format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.letters import content as content_
from kvp_desktop.store.models import Attendance, Certificate, Evaluation, OfficeSettings, Person, Programme

_ENDINGS = {"completed": "completed", "stopped": "stopped", "interrupted": "interrupted", "moved": "interrupted"}
_ENDED_STATUSES = frozenset(_ENDINGS)


def programme_end(programme: Programme, today: dt.date) -> dt.date | None:
    """The day the programme ended, or ``None`` while it runs.

    stl. § 30 gives the certificate when the programme is completed or interrupted: a programme
    stopped or interrupted has its ``end_date``; one that ran its course ended on its planned last
    day once that day has passed. A certificate is never written for days still to come.
    """
    if programme.status in _ENDED_STATUSES or programme.end_date is not None:
        end = programme.end_date or programme.planned_end_date
        return end if end < today or programme.status in _ENDED_STATUSES else None
    return programme.planned_end_date if programme.planned_end_date < today else None


def check_ended(programme: Programme, today: dt.date) -> dt.date:
    """The programme's end, or a Norwegian refusal while it has not ended (nothing is written)."""
    end = programme_end(programme, today)
    if end is None:
        if programme.start_date > today:
            text = _("Programmet har ikke startet ennå (det starter {start}). Deltakerbevis skrives når programmet "
                     "er gjennomført eller avbrutt.", start=format_date_short(programme.start_date))
        else:
            text = _("Programmet er ikke avsluttet: det varer til og med {slutt}. Deltakerbevis skrives når "
                     "programmet er gjennomført (fra {dagen_etter}) eller avbrutt.",
                     slutt=format_date_short(programme.planned_end_date),
                     dagen_etter=format_date_short(programme.planned_end_date + dt.timedelta(days=1)))
        raise ValidationError({"programme": text})
    return end


def attendance_percent(session: Session, programme_id: int) -> Decimal:
    """Attended hours as a share of the planned hours of every planned day of the programme, one
    decimal. A planned day with nothing registered counts as planned and not attended (stl. § 39:
    attendance is what is registered). Planned hours of a day: the registered ones where the day is
    registered; else the plan's (programme builder); with no plan at all, 7,5 on weekdays."""
    from kvp_desktop.rules import calendar
    from kvp_desktop.services.programmes.programmes import _programme_view, planned_day_hours

    programme = session.get(Programme, programme_id)
    if programme is None:
        return Decimal("0.0")
    rows = {row.day: row for row in session.execute(
        select(Attendance.day, Attendance.planned_hours, Attendance.attended_hours)
        .where(Attendance.programme_id == programme_id)
    )}
    end = programme.end_date or programme.planned_end_date
    view = _programme_view(session, programme)
    days = list(calendar.days(programme.start_date, end))
    plan = {day: planned_day_hours(view, day) for day in days}
    if not any(plan.values()):
        plan = {day: Decimal("7.5") if calendar.is_weekday(day) else Decimal(0) for day in days}
    planned_hours = sum((rows[day].planned_hours if day in rows else plan[day] for day in days), Decimal("0"))
    planned_hours += sum((row.planned_hours for day, row in rows.items() if day not in plan), Decimal("0"))
    attended_hours = sum((row.attended_hours for row in rows.values()), Decimal("0"))
    if planned_hours <= 0:
        return Decimal("0.0")
    return (attended_hours * 100 / planned_hours).quantize(Decimal("0.1"))


def certificate_fields(session: Session, person: Person, lang: WrittenStandard, today: dt.date,
                       source: dict[str, Any]) -> dict[str, Any]:
    """The default content of a deltakerbevis for the programme in ``source``."""
    programme = session.get(Programme, source.get("programme_id"))
    if programme is None or programme.person_id != person.id:
        raise ValidationError({"programme": _("Personen har ikke noe kvalifiseringsprogram å skrive om.")})
    end = programme_end(programme, today) or programme.end_date or programme.planned_end_date
    periods = tuple(
        PeriodLine(from_date=p.from_date, to_date=p.to_date,
                   text=content_.case_text(lang, f"certificate.{p.kind}")
                   if content_.has_case_text(lang, f"certificate.{p.kind}") else p.kind)
        for p in programme.periods
    )
    content = []
    for phase in programme.phases:
        activities: list[str] = []
        for block in phase.blocks:
            if block.category not in ("rest", "own_activity") and block.activity not in activities:
                activities.append(block.activity)
        text = f"{phase.name}: {', '.join(activities)}" if activities else phase.name
        content.append(PeriodLine(from_date=phase.from_date, to_date=min(phase.to_date, end), text=text))
    evaluations = session.scalars(
        select(Evaluation).where(Evaluation.programme_id == programme.id, Evaluation.held_date.is_not(None))
        .order_by(Evaluation.held_date)
    ).all()
    progress = "\n\n".join(e.progress.strip() for e in evaluations if e.progress.strip())
    goals = tuple(line.strip() for line in programme.goals.splitlines() if line.strip())
    return {
        "participant_name": f"{person.first_name} {person.last_name}",
        "participant_birth_date": person.birth_date,
        "programme_from": programme.start_date,
        "programme_to": end,
        "ending": _ENDINGS.get(programme.status, "completed"),
        "periods": periods,
        "content": tuple(line for line in content if line.from_date <= end),
        "attendance_percent": attendance_percent(session, programme.id),
        "goals_reached": goals,
        "progress": progress,
        "competence": (),
        "participant_statement": "",
    }


def create_certificate_draft(ctx: AppContext, programme_id: int, today: dt.date | None = None) -> int:
    """A deltakerbevis draft for a programme (at its end or stop); returns the certificate id."""
    require(ctx, Permission.ISSUE_DECISION)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise NotFoundError(_("Fant ikke programmet (id {id}).", id=programme_id))
        check_ended(programme, today)
        person = session.get(Person, programme.person_id)
        assert person is not None
        office = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
        standard = person.written_standard or (office.written_standard if office else "nb")
        lang: WrittenStandard = "nn" if standard == "nn" else "nb"
        source = {"programme_id": programme.id}
        fields = certificate_fields(session, person, lang, today, source)
        row = Certificate(programme_id=programme.id, state="draft", content={
            "fields": content_.fields_to_json("deltakerbevis", fields), "source": source, "edited": [],
            "written_standard": lang, "created_by_id": ctx.user.id,
        })
        session.add(row)
        session.flush()
        ctx.audit(session, "create", "certificate", row.id, person.id, "deltakerbevis")
        uow.commit()
        return row.id


__all__ = ["attendance_percent", "certificate_fields", "check_ended", "create_certificate_draft", "programme_end"]
