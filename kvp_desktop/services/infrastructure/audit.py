"""The audit trail for the manager: who opened, changed, printed or exported whose data, and when.

Reading the trail is itself recorded (``search`` writes a "view" row). No function here, or
anywhere in the services, changes or deletes an audit row; the database refuses it as well
(``store/guards.py``).

Every audit row is written by ``append`` (``AppContext.audit`` calls it), and chained to the row
before it: ``chain_hash`` is SHA-256 over the previous hash and the row (``store/audit_chain.py``).
The hashes are computed when the transaction commits, after every other change, with the chain's
head row locked (an ``UPDATE`` of ``audit_chain_head``): concurrent writers on PostgreSQL wait for
each other there, and on SQLite the write lock does the same, so the chain has one order and the
head lock is always the last lock a transaction takes (no deadlock with row locks). On PostgreSQL a
transaction's single row and the new head are written in one statement (a data-modifying ``WITH``:
one round trip less across a network); several rows, and SQLite, take a statement each. ``verify``
walks the chain and names the first broken link in Norwegian (``kvp audit verify``; the start-up
check runs ``verify_recent`` on the worker that opens the database).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.store import audit_chain
from kvp_desktop.store.models import AuditChainHead, AuditEvent, Person
from kvp_desktop.store.models.base import utcnow

if TYPE_CHECKING:
    from kvp_desktop.services.infrastructure.context import AppContext

_PENDING = "kvp_audit_pending"

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


# --- Writing: the one place audit rows are made ------------------------------------------------


def append(session: Session, *, username: str, machine: str, action: str, entity: str,
           entity_id: int | None = None, person_id: int | None = None, detail: str = "",
           at: dt.datetime | None = None) -> AuditEvent:
    """Add an audit row to ``session``'s transaction; it is chained and written when the transaction
    commits (and dropped with it on rollback)."""
    row = AuditEvent(at=at or utcnow(), username=username, machine=machine, action=action, entity=entity,
                     entity_id=entity_id, person_id=person_id, detail=detail)
    session.info.setdefault(_PENDING, []).append(row)
    return row


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    rows: list[AuditEvent] = session.info.pop(_PENDING, [])
    if not rows:
        return
    session.flush()  # every other change first: the head lock is the transaction's last lock
    # The lock: an UPDATE of the head row is held to the end of the transaction (PostgreSQL row lock,
    # SQLite write lock); its RETURNING gives the head as the previous writer committed it (PostgreSQL
    # re-reads a row it waited for), in the same round trip.
    head = session.execute(sa.update(AuditChainHead).where(AuditChainHead.id == 1)
                           .values(row_count=AuditChainHead.row_count)
                           .returning(AuditChainHead.row_count, AuditChainHead.last_hash)
                           .execution_options(synchronize_session=False)).one_or_none()
    if head is None:
        raise RuntimeError("audit_chain_head mangler")
    previous, count = head.last_hash, head.row_count
    for row in rows:
        previous = row.chain_hash = audit_chain.link(previous, row)
        count += 1
    move_head = (sa.update(AuditChainHead).where(AuditChainHead.id == 1)
                 .values(row_count=count, last_hash=previous).execution_options(synchronize_session=False))
    if len(rows) == 1 and session.connection().dialect.name == "postgresql":
        # A server across a network pays a round trip per statement (and holds the head locked meanwhile):
        # the row and the new head in one statement, a data-modifying WITH (PostgreSQL; SQLite's file is
        # local). The same row, hash and head as below; the row is not kept in the session.
        only = rows[0]
        inserted = sa.insert(AuditEvent).values(
            {name: getattr(only, name) for name in (*audit_chain.CHAINED_COLUMNS, "chain_hash")}).cte("audit_row")
        session.execute(move_head.add_cte(inserted))
        return
    for row in rows:
        session.add(row)
        session.flush()  # in order: the ids follow the chain
    session.execute(move_head)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)


# --- Verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int  # rows whose link was recomputed
    total: int  # rows in the trail
    broken_id: int | None  # the first row whose link does not hold (None: the tail or count)
    message: str  # Norwegian, for the user
    head_hash: str = ""  # the newest row's hash when the chain holds (to note down outside the database)


def _broken(row: Any, checked: int, total: int) -> ChainReport:
    at = _to_local(row.at).strftime("%d.%m.%Y %H:%M") if row.at else "-"
    return ChainReport(False, checked, total, row.id, _(
        "Revisjonsloggen er brutt ved rad {id} ({tid}, {bruker}): raden eller en rad før den er endret, "
        "slettet, satt inn eller flyttet etter at den ble skrevet. Kontakt IT og ta vare på databasen slik "
        "den er.", id=row.id, tid=at, bruker=row.username))


def _walk(session: Session, after_id: int | None, previous: str, checked_before: int) -> ChainReport:
    head = session.execute(select(AuditChainHead.row_count, AuditChainHead.last_hash)
                           .where(AuditChainHead.id == 1)).one_or_none()
    total = int(session.scalar(select(func.count(AuditEvent.id))) or 0)
    columns = [getattr(AuditEvent, name) for name in ("id", *audit_chain.CHAINED_COLUMNS, "chain_hash")]
    query = select(*columns).order_by(AuditEvent.id).execution_options(yield_per=5000)  # rows, not objects
    if after_id is not None:
        query = query.where(AuditEvent.id > after_id)
    checked = 0
    for row in session.execute(query):
        expected = audit_chain.link(previous, row)
        if row.chain_hash != expected:
            return _broken(row, checked, total)
        previous = expected
        checked += 1
    if head is None or head.row_count != total or head.last_hash != previous:
        return ChainReport(False, checked, total, None, _(
            "Revisjonsloggen er brutt på slutten: den skal ha {ventet} rader, men har {antall}, eller den siste "
            "raden er byttet ut. Rader kan være slettet. Kontakt IT og ta vare på databasen slik den er.",
            ventet=head.row_count if head else "-", antall=total))
    return ChainReport(True, checked, total, None,
                       _("Revisjonsloggen er hel: {antall} rader, alle lenker stemmer.", antall=total), previous)


def verify(ctx: AppContext) -> ChainReport:
    """Walk the whole chain from its first row (``kvp audit verify``)."""
    require(ctx, Permission.VIEW_AUDIT)
    with ctx.uow() as uow:
        return _walk(uow.session, None, audit_chain.GENESIS, 0)


def verify_recent(ctx: AppContext, rows: int = 2000) -> ChainReport:
    """The start-up check (cheap): the newest ``rows`` links, and the head against the rows (a cut-off
    tail or a changed count). Runs as the opening worker's context, before anyone logs in."""
    with ctx.uow() as uow:
        session = uow.session
        start = session.execute(select(AuditEvent.id, AuditEvent.chain_hash).order_by(AuditEvent.id.desc())
                                .offset(rows).limit(1)).one_or_none()
        if start is None:
            return _walk(session, None, audit_chain.GENESIS, 0)
        return _walk(session, start.id, start.chain_hash or "", 0)
