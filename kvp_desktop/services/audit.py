"""The audit trail for the manager: who opened, changed, printed or exported whose data, and when.

Reading the trail is itself recorded (``search`` writes a "view" row). No function here, or
anywhere in the services, changes or deletes an audit row; the database refuses it as well
(triggers in the first migration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import ValidationError
from kvp_desktop.services.roles import Permission, require
from kvp_desktop.services.validation import mask_identity_number
from kvp_desktop.store.models import AuditEvent, Person

MAX_PAGE = 1000

ACTION_LABELS: dict[str, str] = {
    "open": N_("Åpnet"),
    "create": N_("Opprettet"),
    "change": N_("Endret"),
    "print": N_("Skrevet ut"),
    "export": N_("Eksportert"),
    "import": N_("Levert inn"),
    "approve": N_("Godkjent"),
    "issue": N_("Fattet"),
    "login": N_("Logget inn"),
    "view": N_("Så revisjonsloggen"),
    "backup": N_("Sikkerhetskopi"),
    "restore": N_("Gjenopprettet"),
    "update": N_("Endret"),
    "delete": N_("Slettet"),
    "send": N_("Sendt"),
    "paid": N_("Utbetalt"),
}


@dataclass(frozen=True)
class AuditFilter:
    """All optional; dates are local calendar days, both included."""

    person_id: int | None = None
    username: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # local time
    username: str
    machine: str
    action: str
    action_label: str
    entity: str
    entity_id: int | None
    person_id: int | None
    person_label: str  # "Etternavn, Fornavn (dd.mm.åå *****)" or ""
    detail: str


def _local_midnight_as_utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time()).astimezone()  # the machine's time zone
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _to_local(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _validate(flt: AuditFilter) -> None:
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise ValidationError({"date_to": _("Til-datoen kan ikke være før fra-datoen.")})
    if len(flt.username) > 50 or len(flt.action) > 20:
        raise ValidationError({"username": _("Filteret er for langt.")})


def _filtered(query: Select, flt: AuditFilter) -> Select:
    if flt.person_id is not None:
        query = query.where(AuditEvent.person_id == flt.person_id)
    if flt.username.strip():
        query = query.where(AuditEvent.username == flt.username.strip())
    if flt.action.strip():
        query = query.where(AuditEvent.action == flt.action.strip())
    if flt.date_from:
        query = query.where(AuditEvent.at >= _local_midnight_as_utc(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.at < _local_midnight_as_utc(flt.date_to + dt.timedelta(days=1)))
    return query


def _describe(flt: AuditFilter) -> str:
    """The filter for the audit row of the search itself (ids and dates, never names)."""
    parts = []
    if flt.person_id is not None:
        parts.append(f"person={flt.person_id}")
    if flt.username:
        parts.append(f"bruker={flt.username}")
    if flt.action:
        parts.append(f"handling={flt.action}")
    if flt.date_from:
        parts.append(f"fra={flt.date_from.isoformat()}")
    if flt.date_to:
        parts.append(f"til={flt.date_to.isoformat()}")
    return ", ".join(parts) or "alle"


def search(ctx: AppContext, flt: AuditFilter) -> int:
    """Start viewing the trail with ``flt``: checks the role, records the viewing, returns the count."""
    require(ctx, Permission.VIEW_AUDIT)
    _validate(flt)
    with ctx.uow() as uow:
        total = int(uow.session.scalar(_filtered(select(func.count(AuditEvent.id)), flt)) or 0)
        ctx.audit(uow.session, "view", "audit_log", None, flt.person_id, _describe(flt))
        uow.commit()
    return total


def page(ctx: AppContext, flt: AuditFilter, offset: int, limit: int = 200) -> list[AuditRow]:
    """One page of the trail, newest first (the view asks for the next page as the user scrolls)."""
    require(ctx, Permission.VIEW_AUDIT)
    _validate(flt)
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise ValidationError({"limit": _("Ugyldig side i revisjonsloggen.")})
    with ctx.uow() as uow:
        query = _filtered(
            select(AuditEvent, Person.first_name, Person.last_name, Person.fodselsnummer)
            .outerjoin(Person, Person.id == AuditEvent.person_id),
            flt,
        ).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset).limit(limit)
        rows = []
        for event, first, last, number in uow.session.execute(query):
            label = f"{last}, {first} ({mask_identity_number(number)})" if number else (
                _("(person {id})", id=event.person_id) if event.person_id is not None else "")
            rows.append(AuditRow(
                event.id, _to_local(event.at), event.username, event.machine, event.action,
                _(ACTION_LABELS[event.action]) if event.action in ACTION_LABELS else event.action,
                event.entity, event.entity_id, event.person_id, label, event.detail,
            ))
        return rows


def choices(ctx: AppContext) -> tuple[list[str], list[str]]:
    """The usernames and actions found in the trail (for the filter lists)."""
    require(ctx, Permission.VIEW_AUDIT)
    with ctx.uow() as uow:
        users = list(uow.session.scalars(select(AuditEvent.username).distinct().order_by(AuditEvent.username)))
        actions = list(uow.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    return users, actions
