"""Records of an outreach copy in a database-neutral form: what is copied, and how it is compared.

A record is described by its ``uuid`` and a *canonical* dict of its data columns: JSON values,
dates as ISO text, Decimal as text, and references as the referenced record's ``uuid`` (or a
user's username) instead of a database id, which differs between the office and the laptop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, select
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from kvp_desktop.i18n import N_
from kvp_desktop.store.models import (
    Application,
    Attendance,
    Base,
    Child,
    Evaluation,
    Person,
    Phase,
    PlanBlock,
    PortfolioEvent,
    PortfolioReview,
    Programme,
    ProgrammePeriod,
    Screening,
    Task,
    User,
)
from kvp_desktop.store.models import Mapping as MappingModel

# Parents before children: the order records are inserted in, in the copy and at check-in.
SYNCED_MODELS: tuple[type[Base], ...] = (
    Person, Child, PortfolioEvent, PortfolioReview, Task,
    Application, MappingModel, Screening,
    Programme, ProgrammePeriod, Phase, PlanBlock, Evaluation, Attendance,
)
MODEL_BY_TABLE: dict[str, type[Base]] = {m.__tablename__: m for m in SYNCED_MODELS}

TABLE_LABELS: dict[str, str] = {
    "persons": N_("Person"),
    "children": N_("Barn"),
    "portfolio_events": N_("Stoppunkt"),
    "portfolio_reviews": N_("Porteføljegjennomgang"),
    "tasks": N_("Oppgave"),
    "applications": N_("Søknad"),
    "mappings": N_("Kartlegging"),
    "screenings": N_("Vurdering av inngangsvilkår"),
    "programmes": N_("Program"),
    "programme_periods": N_("Vedtaksperiode"),
    "phases": N_("Fase"),
    "plan_blocks": N_("Aktivitet i ukeplan"),
    "evaluations": N_("Evaluering"),
    "attendance": N_("Oppmøte"),
}

FIELD_LABELS: dict[str, str] = {
    "first_name": N_("Fornavn"), "last_name": N_("Etternavn"), "fodselsnummer": N_("Fødselsnummer"),
    "address": N_("Adresse"), "postcode": N_("Postnummer"), "postplace": N_("Poststed"),
    "phone": N_("Telefon"), "email": N_("E-post"), "notes": N_("Notater"), "note": N_("Merknad"),
    "marital_status": N_("Sivilstand"), "bank_account": N_("Kontonummer"), "caseworker_id": N_("Veileder"),
    "education": N_("Utdanning"), "work_experience": N_("Arbeidserfaring"), "interests": N_("Interesser"),
    "obstacles": N_("Hindringer"), "characteristics": N_("Kjennetegn"), "facts": N_("Opplysninger"),
    "assessments": N_("Vurderinger"), "attended_hours": N_("Oppmøte (timer)"),
    "valid_absence_hours": N_("Gyldig fravær (timer)"), "valid_absence_type": N_("Type gyldig fravær"),
    "invalid_absence_hours": N_("Ugyldig fravær (timer)"), "paid_work_hours": N_("Lønnet arbeid (timer)"),
    "planned_hours": N_("Planlagt (timer)"), "day": N_("Dag"), "status": N_("Status"),
    "description": N_("Beskrivelse"), "due_date": N_("Frist"), "done": N_("Utført"),
}

# Never compared or carried back: identity, bookkeeping, and the checkout mark itself.
BOOKKEEPING = frozenset({"id", "uuid", "version", "created_at", "updated_at", "checked_out_by"})
USERS = "users"


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def reference_target(column: Column[Any]) -> str | None:
    """The table a foreign-key column points to, or ``None``."""
    for fk in column.foreign_keys:
        return fk.column.table.name
    return None


def office_only(column: Column[Any]) -> bool:
    """A reference to something the copy does not carry (e.g. a decision): left out of the copy."""
    target = reference_target(column)
    return target is not None and target != USERS and target not in MODEL_BY_TABLE


def data_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if c.name not in BOOKKEEPING and not office_only(c)]


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode(column: Column[Any], value: Any) -> Any:
    """Back from the canonical form to the Python value the column takes (not for references)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, TypeDecorator) and isinstance(value, str):  # Money, Hours
        return Decimal(value)
    return value


class RefMap:
    """Translates database ids to uuids (and usernames) and back, for one session, with a cache."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._to_uuid: dict[tuple[str, int], str | None] = {}
        self._to_id: dict[tuple[str, str], int | None] = {}

    def _table(self, name: str) -> Table:
        return table_of(User) if name == USERS else table_of(MODEL_BY_TABLE[name])

    def outward(self, target: str, db_id: int | None) -> str | None:
        if db_id is None:
            return None
        key = (target, db_id)
        if key not in self._to_uuid:
            table = self._table(target)
            column = table.c.username if target == USERS else table.c.uuid
            self._to_uuid[key] = self.session.execute(select(column).where(table.c.id == db_id)).scalar()
        return self._to_uuid[key]

    def inward(self, target: str, ref: str | None) -> int | None:
        if ref is None:
            return None
        key = (target, ref)
        if self._to_id.get(key) is None:
            table = self._table(target)
            column = table.c.username if target == USERS else table.c.uuid
            self._to_id[key] = self.session.execute(select(table.c.id).where(column == ref)).scalar()
        return self._to_id[key]

    def remember(self, target: str, db_id: int, ref: str) -> None:
        self._to_uuid[(target, db_id)] = ref
        self._to_id[(target, ref)] = db_id

    def alias(self, target: str, ref: str, db_id: int) -> None:
        """Let ``ref`` (another database's record) point at ``db_id`` here, e.g. the same child."""
        self._to_id[(target, ref)] = db_id


def canonical(table: Table, values: Mapping[str, Any], refs: RefMap) -> dict[str, Any]:
    """The comparable form of one record (``values``: column name → Python value)."""
    result: dict[str, Any] = {}
    for column in data_columns(table):
        value = values[column.name]
        target = reference_target(column)
        result[column.name] = refs.outward(target, value) if target is not None else _encode(value)
    return result


def orm_values(obj: Base) -> dict[str, Any]:
    table = table_of(type(obj))
    return {c.name: getattr(obj, c.key) for c in table.columns}


def unresolved_references(table: Table, data: Mapping[str, Any], refs: RefMap,
                          alias: Mapping[str, str] | None = None) -> list[str]:
    """References in ``data`` that do not exist in the session's database (users are optional)."""
    missing = []
    for column in data_columns(table):
        target = reference_target(column)
        ref = data.get(column.name)
        if target is None or target == USERS or ref is None:
            continue
        ref = (alias or {}).get(ref, ref)
        if refs.inward(target, ref) is None:
            missing.append(ref)
    return missing


def python_values(table: Table, data: Mapping[str, Any], refs: RefMap,
                  alias: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Attribute values for an ORM object from canonical ``data`` (references resolved in ``refs``)."""
    result: dict[str, Any] = {}
    for column in data_columns(table):
        if column.name not in data:
            continue
        value = data[column.name]
        target = reference_target(column)
        if target is not None:
            ref = (alias or {}).get(value, value) if value is not None else None
            result[column.key] = refs.inward(target, ref)
        else:
            result[column.key] = decode(column, value)
    return result


def references_to(table: Table, data: Mapping[str, Any]) -> list[str]:
    """The uuids of synced records that ``data`` refers to."""
    return [
        data[c.name] for c in data_columns(table)
        if reference_target(c) not in (None, USERS) and data.get(c.name) is not None
    ]
