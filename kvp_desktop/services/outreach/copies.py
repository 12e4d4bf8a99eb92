# Kept whole (~970 lines): check-out, check-in and the conflicts share the record map and merge helpers; the seam for
# a split is the conflicts part (FieldDiff … resolve_conflict) into outreach/conflicts.py.
"""Outreach copies: "Ta med ut" (check out), work offline on the laptop, "Lever inn" (check in).

* ``check_out`` builds a new SQLite database **in memory** (the same Alembic migrations), copies
  the chosen persons and what belongs to them into it, and writes it encrypted
  (``outreach_crypto``). The plaintext never touches the disk. The office marks the persons
  (``Person.checked_out_by``) and keeps each record as it was sent (``OutreachRecord``).
* ``open_copy`` decrypts a file into memory and gives an ``AppContext`` with ``outreach=True``;
  the ordinary services work on it. ``OutreachSession.save`` encrypts it back to the file.
* ``check_in`` merges the copy record by record against what was sent: changed only on the
  laptop → applied, only at the office → kept, on both sides → an ``OutreachConflict`` with both
  versions (and new persons whose fødselsnummer exists at the office). Nothing is dropped: the
  laptop's version stays in the conflict until, and after, it is resolved (``resolve_conflict``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext, CurrentUser
from kvp_desktop.services.infrastructure.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require, require_office
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.services.outreach import crypto as outreach_crypto
from kvp_desktop.services.outreach.rows import (
    FIELD_LABELS,
    MODEL_BY_TABLE,
    SYNCED_MODELS,
    TABLE_LABELS,
    RefMap,
    canonical,
    data_columns,
    decode,
    office_only,
    orm_values,
    python_values,
    references_to,
    table_of,
    unresolved_references,
)
from kvp_desktop.store import migrate
from kvp_desktop.store.db import Database
from kvp_desktop.store.models import (
    Activity,
    AuditEvent,
    Base,
    OfficeSettings,
    OutreachCheckout,
    OutreachConflict,
    OutreachRecord,
    ParameterOverride,
    Person,
    User,
)

FILE_SUFFIX = ".kvpute"
MAX_PERSONS = 500
ATTENDANCE_WEEKS = 8  # attendance from this many weeks back travels with the copy
REFERENCE_MODELS: tuple[type[Base], ...] = (User, OfficeSettings, Activity, ParameterOverride)
# A new laptop record that collides with an office record on these columns is a conflict, not a copy.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "persons": ("fodselsnummer",),
    "mappings": ("application_id",),
    "attendance": ("programme_id", "day"),
    "children": ("person_id", "birth_date", "first_name"),  # saving a person rewrites its child rows
}
KIND_LABELS = {
    "changed_both": N_("Endret både på kontoret og i utekopien"),
    "duplicate": N_("Finnes allerede på kontoret"),
    "deleted_office": N_("Slettet på kontoret, endret i utekopien"),
    "deleted_laptop": N_("Slettet i utekopien"),
    "orphan": N_("Hører til noe som ikke finnes på kontoret"),
}
CHOICES = ("office", "laptop", "merge")


# --- the copy in memory ---------------------------------------------------------------------


def _memory_database(connection: sqlite3.Connection) -> Database:
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA temp_store=MEMORY")  # sorting spills must not reach the disk either
    engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
    return Database("sqlite://", engine, sessionmaker(engine, expire_on_commit=False))


def _new_memory_copy() -> tuple[sqlite3.Connection, Database]:
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    db = _memory_database(connection)
    migrate.upgrade(db)
    return connection, db


def _load_memory_copy(plaintext: bytes) -> tuple[sqlite3.Connection, Database]:
    if not plaintext.startswith(b"SQLite format 3\x00"):  # sqlite3 answers an empty one with MemoryError
        raise outreach_crypto.OutreachCryptoError(_("Utekopien er skadet og kan ikke åpnes."))
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        connection.deserialize(plaintext)
        if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise sqlite3.DatabaseError("quick_check")
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        connection.close()
        raise outreach_crypto.OutreachCryptoError(_("Utekopien er skadet og kan ikke åpnes.")) from exc
    db = _memory_database(connection)
    try:
        with _reading_copy():
            state = migrate.status(db)
            if state.too_new:
                raise outreach_crypto.OutreachCryptoError(
                    _("Utekopien er laget av en nyere versjon av KVP Desktop. Oppdater programmet først.")
                )
            if not state.up_to_date:
                migrate.upgrade(db)
    except BaseException:
        db.dispose()
        connection.close()
        raise
    return connection, db


# What reading a damaged database raises. The envelope is authenticated, so only a disk error on the
# laptop before sealing (or a bug) makes such a copy; it is refused like any damaged file.
_DAMAGED = (sqlite3.Error, SQLAlchemyError, UnicodeDecodeError, ValueError, TypeError, LookupError, ArithmeticError)


@contextlib.contextmanager
def _reading_copy() -> Iterator[None]:
    try:
        yield
    except _DAMAGED as exc:
        raise outreach_crypto.OutreachCryptoError(_("Utekopien er skadet og kan ikke åpnes.")) from exc


def _write_atomically(path: Path, blob: bytes) -> None:
    """Write the (encrypted) file next to its target and move it in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".kvpute-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --- generations: which save of a copy is the newest ----------------------------------------
#
# Every save of a copy on the laptop bumps a counter inside the encrypted file (SQLite's
# ``user_version`` in the header of the copy's database, authenticated with the rest of it). The
# office remembers the generation it has checked in, so a stale copy (an older save left on a USB
# stick) is refused with a message that a newer one was delivered, and a newer save delivered after
# an older one is merged on top of it instead of being refused as "already delivered".

GENERATION_TABLE = "_generation"  # a bookkeeping row in outreach_records (no data of any person)


def generation(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def set_generation(connection: sqlite3.Connection, value: int) -> None:
    connection.execute(f"PRAGMA user_version = {int(value)}")


def _delivered(session: Session, checkout: OutreachCheckout) -> OutreachRecord | None:
    return session.scalar(select(OutreachRecord).where(OutreachRecord.checkout_id == checkout.id,
                                                       OutreachRecord.table_name == GENERATION_TABLE))


def _rebase(session: Session, checkout: OutreachCheckout, incoming: dict[str, dict[str, dict[str, Any]]],
            base: dict[str, dict[str, OutreachRecord]]) -> None:
    """After a check-in the delivered copy is the base of the next one (a newer save of the same copy)."""
    for name, records in incoming.items():
        sent = base.get(name, {})
        for record_uuid, data in records.items():
            if record_uuid in sent:
                sent[record_uuid].data = data
            else:
                session.add(OutreachRecord(checkout_id=checkout.id, table_name=name, record_uuid=record_uuid,
                                           version=None, data=data))
        for record_uuid, record in sent.items():
            if record_uuid not in records:
                session.delete(record)


# --- check out ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutResult:
    checkout_id: int
    path: Path
    persons: int
    records: int
    fingerprint: str


def _person_rows(session: Session, person_ids: list[int], attendance_from: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Every synced record that belongs to the persons, per table (attendance from a date)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, list[int]] = {}

    def take(model: type[Base], *conditions: Any) -> None:
        table = table_of(model)
        found = [dict(r) for r in session.execute(select(table).where(*conditions).order_by(table.c.id)).mappings()]
        rows[table.name] = found
        ids[table.name] = [r["id"] for r in found]

    people = {m.__tablename__: table_of(m) for m in SYNCED_MODELS}
    take(Person, people["persons"].c.id.in_(person_ids))
    for name in ("children", "portfolio_events", "portfolio_reviews", "tasks", "applications", "programmes"):
        take(MODEL_BY_TABLE[name], people[name].c.person_id.in_(ids["persons"]))
    for name in ("mappings", "screenings"):
        take(MODEL_BY_TABLE[name], people[name].c.application_id.in_(ids["applications"]))
    for name in ("programme_periods", "phases", "evaluations"):
        take(MODEL_BY_TABLE[name], people[name].c.programme_id.in_(ids["programmes"]))
    take(MODEL_BY_TABLE["plan_blocks"], people["plan_blocks"].c.phase_id.in_(ids["phases"]))
    attendance = people["attendance"]
    take(MODEL_BY_TABLE["attendance"], attendance.c.programme_id.in_(ids["programmes"]),
         attendance.c.day >= attendance_from)
    return rows


def _validate_checkout(ctx: AppContext, person_ids: list[int], passphrase: str, target: Path) -> list[int]:
    problems: dict[str, str] = {}
    unique = list(dict.fromkeys(person_ids))
    if not unique:
        problems["persons"] = _("Velg minst én person som skal tas med ut.")
    elif len(unique) > MAX_PERSONS:
        problems["persons"] = _("En utekopi kan ha høyst {n} personer.", n=MAX_PERSONS)
    if len(passphrase) < outreach_crypto.MIN_PASSPHRASE_LENGTH:
        problems["passphrase"] = _("Passordet må ha minst {n} tegn.", n=outreach_crypto.MIN_PASSPHRASE_LENGTH)
    if not target.parent.is_dir():
        problems["path"] = _("Mappen {mappe} finnes ikke.", mappe=str(target.parent))
    elif target.exists():
        problems["path"] = _("Filen {fil} finnes fra før. Velg et annet navn.", fil=target.name)
    if problems:
        raise ValidationError(problems)
    return unique


def check_out(
    ctx: AppContext,
    person_ids: list[int],
    passphrase: str,
    target: Path,
    *,
    today: dt.date | None = None,
    attendance_weeks: int = ATTENDANCE_WEEKS,
) -> CheckoutResult:
    """"Ta med ut": write an encrypted outreach file with ``person_ids`` and mark them as taken out."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    if ctx.outreach:
        raise ServiceError(_("En utekopi kan ikke tas med ut fra en utekopi. Lever den inn på kontoret først."))
    target = Path(target)
    if target.suffix != FILE_SUFFIX:
        target = target.with_name(target.name + FILE_SUFFIX)
    ids = _validate_checkout(ctx, person_ids, passphrase, target)
    today = today or dt.date.today()
    attendance_from = today - dt.timedelta(weeks=attendance_weeks)
    written = False
    with ctx.uow() as uow:
        session = uow.session
        marks = session.execute(select(Person.id, Person.checked_out_by).where(Person.id.in_(ids))).all()
        if len(marks) != len(ids):
            raise NotFoundError(_("En eller flere av personene finnes ikke (lenger) i registeret."))
        taken = [str(who) for _id, who in marks if who]
        if taken:
            raise ValidationError({"persons": _(
                "{n} av personene er allerede tatt med ut (av {hvem}). Den utekopien må leveres inn først.",
                n=len(taken), hvem=", ".join(sorted(set(taken))))})
        rows = _person_rows(session, ids, attendance_from)
        office = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
        checkout = OutreachCheckout(
            username=ctx.user.username, machine=ctx.machine[:100], office_name=office.office_name if office else "",
            person_count=len(ids), attendance_from=attendance_from, state="out",
            summary=", ".join(f"{name}={len(found)}" for name, found in rows.items() if found),
        )
        session.add(checkout)
        session.flush()
        refs = RefMap(session)
        records = 0
        for name, found in rows.items():
            table = table_of(MODEL_BY_TABLE[name])
            for row in found:
                session.add(OutreachRecord(checkout_id=checkout.id, table_name=name, record_uuid=row["uuid"],
                                           version=row.get("version"), data=canonical(table, row, refs)))
                records += 1
        connection, copy = _new_memory_copy()
        try:
            with copy.engine.begin() as out:
                for model in REFERENCE_MODELS:
                    table = table_of(model)
                    values = [dict(r) for r in session.execute(select(table)).mappings()]
                    if model is User:
                        for value in values:
                            value["password_hash"] = None  # names and roles only, never a password hash
                    if values:
                        out.execute(insert(table), values)
                for name, found in rows.items():
                    table = table_of(MODEL_BY_TABLE[name])
                    cleared = [c.name for c in table.columns if office_only(c)]
                    values = [{**row, **dict.fromkeys(cleared), "checked_out_by": ctx.user.username}
                              if name == "persons" else {**row, **dict.fromkeys(cleared)} for row in found]
                    if values:
                        out.execute(insert(table), values)
                out.execute(insert(table_of(OutreachCheckout)), [{
                    c.name: getattr(checkout, c.key) for c in table_of(OutreachCheckout).columns
                }])
            set_generation(connection, 1)
            key = outreach_crypto.SealingKey.new(passphrase)
            blob = key.seal(connection.serialize())
        finally:
            copy.dispose()
            connection.close()
        checkout.fingerprint = outreach_crypto.fingerprint(blob)
        session.execute(update(Person).where(Person.id.in_(ids)).values(checked_out_by=ctx.user.username))
        ctx.audit(session, "export", "outreach", checkout.id, None, f"{len(ids)} personer, {records} poster")
        for person_id in ids:
            ctx.audit(session, "export", "person", person_id, person_id, f"utekopi {checkout.id}")
        try:
            _write_atomically(target, blob)
            written = True
            uow.commit()
        except BaseException:
            if written:
                target.unlink(missing_ok=True)
            raise
        return CheckoutResult(checkout.id, target, len(ids), records, checkout.fingerprint)


# --- the laptop -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyInfo:
    checkout_uuid: str
    username: str
    office_name: str
    taken_out: dt.datetime
    person_count: int


class OutreachSession:
    """An outreach file open on the laptop: an in-memory database, saved back encrypted."""

    def __init__(self, path: Path, connection: sqlite3.Connection, db: Database,
                 key: outreach_crypto.SealingKey, ctx: AppContext, info: CopyInfo) -> None:
        self.path = path
        self._connection = connection
        self._key = key
        self.ctx = ctx
        self.info = info
        self._closed = False
        self.saves = 0
        # Every committed change is encrypted into the file at once: a flat battery loses nothing.
        event.listen(db.sessions, "after_commit", self._after_commit)

    def _after_commit(self, _session: Session) -> None:
        if not self._closed:
            self.save()

    def save(self) -> None:
        """Encrypt the current state of the copy back into its file."""
        if self._closed:
            raise ServiceError(_("Utekopien er lukket."))
        set_generation(self._connection, generation(self._connection) + 1)  # newer than every earlier save
        _write_atomically(self.path, self._key.seal(self._connection.serialize()))
        self.saves += 1

    def close(self, *, save: bool = True) -> None:
        if self._closed:
            return
        try:
            if save:
                self.save()
        finally:
            self._closed = True
            self.ctx.db.dispose()
            self._connection.close()


def open_copy(path: Path, passphrase: str) -> OutreachSession:
    """Open an outreach file on the laptop (fully offline). The user is the one who took it out."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(_("Finner ikke utekopien {fil}.", fil=path.name))
    plaintext, key = outreach_crypto.unseal(path.read_bytes(), passphrase)
    connection, db = _load_memory_copy(plaintext)
    del plaintext
    try:
        with _reading_copy(), db.sessions() as session:
            checkout = session.scalars(select(OutreachCheckout)).first()
            if checkout is None:
                raise outreach_crypto.OutreachCryptoError(_("Filen er ikke en utekopi fra KVP Desktop."))
            user = session.scalar(select(User).where(User.username == checkout.username))
            current = (CurrentUser(user.id, user.username, user.full_name, user.role) if user is not None
                       else CurrentUser(None, checkout.username, checkout.username, "veileder"))
            info = CopyInfo(checkout.uuid, checkout.username, checkout.office_name, checkout.created_at,
                            checkout.person_count)
        ctx = replace(AppContext(db, current), outreach=True)
        with _reading_copy(), ctx.uow() as uow:
            ctx.audit(uow.session, "open", "outreach", None, None, "utekopi åpnet")
            uow.commit()
    except BaseException:
        db.dispose()
        connection.close()
        raise
    return OutreachSession(path, connection, db, key, ctx, info)


# --- check in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    checkout_id: int
    updated: int
    inserted: int
    unchanged: int
    conflicts: int
    audit_events: int


def _incoming(copy: Session) -> dict[str, dict[str, dict[str, Any]]]:
    """The copy's records per table: uuid → canonical data."""
    refs = RefMap(copy)
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for model in SYNCED_MODELS:
        table = table_of(model)
        result[table.name] = {
            row["uuid"]: canonical(table, dict(row), refs)
            for row in copy.execute(select(table).order_by(table.c.id)).mappings()
        }
        plain = [c for c in data_columns(table) if c.foreign_keys == set()]
        for data in result[table.name].values():  # every value must read back, or the copy is damaged
            for column in plain:
                decode(column, data.get(column.name))
    return result


class _Merge:
    """One check-in: applies the clean changes in the office session and records the conflicts."""

    def __init__(self, ctx: AppContext, session: Session, checkout: OutreachCheckout) -> None:
        self.ctx = ctx
        self.session = session
        self.checkout = checkout
        self.refs = RefMap(session)
        self.counts: Counter[str] = Counter()
        self.pending: dict[str, OutreachConflict] = {}  # laptop uuid → the conflict holding it

    def office_row(self, name: str, record_uuid: str) -> Base | None:
        model = MODEL_BY_TABLE[name]
        return self.session.scalar(select(model).where(model.uuid == record_uuid))  # type: ignore[attr-defined]

    def person_of(self, name: str, obj: Base | None) -> int | None:
        if obj is None:
            return None
        if name == "persons":
            return int(obj.id)  # type: ignore[attr-defined]
        person_id = getattr(obj, "person_id", None)
        if person_id is not None:
            return int(person_id)
        for parent in ("application_id", "programme_id", "phase_id"):
            parent_id = getattr(obj, parent, None)
            if parent_id is not None:
                parent_table = {"application_id": "applications", "programme_id": "programmes",
                                "phase_id": "phases"}[parent]
                return self.person_of(parent_table, self.session.get(MODEL_BY_TABLE[parent_table], parent_id))
        return None

    def conflict(self, name: str, kind: str, record_uuid: str, *, office: Base | None = None,
                 base: dict[str, Any] | None = None, laptop: dict[str, Any] | None = None) -> OutreachConflict:
        table = table_of(MODEL_BY_TABLE[name])
        found = OutreachConflict(
            checkout_id=self.checkout.id, table_name=name, record_uuid=record_uuid, kind=kind,
            office_uuid=getattr(office, "uuid", None), person_id=self.person_of(name, office),
            base_data=base, laptop_data=laptop, dependents=[], state="open",
            office_data=canonical(table, orm_values(office), self.refs) if office is not None else None,
        )
        self.session.add(found)
        self.counts["conflicts"] += 1
        return found

    def apply(self, obj: Base, data: Mapping[str, Any], alias: Mapping[str, str] | None = None) -> None:
        for key, value in python_values(table_of(type(obj)), data, self.refs, alias).items():
            setattr(obj, key, value)
        if isinstance(obj, Person):  # names may come from different sides in a field-by-field merge
            obj.sort_key = _sort_key({"last_name": obj.last_name, "first_name": obj.first_name})

    def insert(self, name: str, record_uuid: str, data: Mapping[str, Any],
               alias: Mapping[str, str] | None = None) -> Base:
        model = MODEL_BY_TABLE[name]
        obj = model(uuid=record_uuid, **python_values(table_of(model), data, self.refs, alias))
        if isinstance(obj, Person):
            obj.sort_key = _sort_key(data)
        self.session.add(obj)
        self.session.flush()
        self.refs.remember(name, obj.id, record_uuid)  # type: ignore[attr-defined]
        return obj

    def natural_duplicate(self, name: str, data: Mapping[str, Any]) -> Base | None:
        columns = NATURAL_KEYS.get(name)
        if not columns:
            return None
        model = MODEL_BY_TABLE[name]
        values = python_values(table_of(model), {c: data[c] for c in columns}, self.refs)
        if any(v is None for v in values.values()):
            return None
        return self.session.scalar(select(model).where(*(getattr(model, k) == v for k, v in values.items())))

    def merge_table(self, name: str, incoming: dict[str, dict[str, Any]], base: dict[str, OutreachRecord]) -> None:
        table = table_of(MODEL_BY_TABLE[name])
        keys = NATURAL_KEYS.get(name)
        if keys:  # a record the laptop deleted and wrote again (same natural key) is the same record
            gone = {tuple(r.data.get(k) for k in keys): u for u, r in base.items() if u not in incoming}
            for record_uuid in [u for u in incoming if u not in base]:
                found = gone.pop(tuple(incoming[record_uuid].get(k) for k in keys), None)
                if found is not None:
                    incoming[found] = incoming.pop(record_uuid)
        for record_uuid, laptop in incoming.items():
            sent = base.get(record_uuid)
            if sent is None:
                self.merge_new(name, record_uuid, laptop)
                continue
            if laptop == sent.data:
                self.counts["unchanged"] += 1
                continue
            office = self.office_row(name, record_uuid)
            if office is None:
                self.conflict(name, "deleted_office", record_uuid, base=sent.data, laptop=laptop)
                continue
            now = canonical(table, orm_values(office), self.refs)
            if now == laptop:
                self.counts["unchanged"] += 1
            elif now == sent.data:
                self.apply(office, laptop)
                self.counts["updated"] += 1
            else:
                self.conflict(name, "changed_both", record_uuid, office=office, base=sent.data, laptop=laptop)
        for record_uuid, sent in base.items():
            if record_uuid not in incoming:
                office = self.office_row(name, record_uuid)
                if office is not None:
                    self.conflict(name, "deleted_laptop", record_uuid, office=office, base=sent.data)

    def merge_new(self, name: str, record_uuid: str, laptop: dict[str, Any]) -> None:
        table = table_of(MODEL_BY_TABLE[name])
        holder = next((self.pending[ref] for ref in references_to(table, laptop) if ref in self.pending), None)
        if holder is not None:  # it hangs on a record that waits for the caseworker: it waits with it
            holder.dependents = [*holder.dependents, {"table": name, "uuid": record_uuid, "data": laptop}]
            self.pending[record_uuid] = holder
            return
        if unresolved_references(table, laptop, self.refs):
            self.pending[record_uuid] = self.conflict(name, "orphan", record_uuid, laptop=laptop)
            return
        duplicate = self.natural_duplicate(name, laptop)
        if duplicate is not None and canonical(table, orm_values(duplicate), self.refs) == laptop:
            self.counts["unchanged"] += 1  # the same thing registered in both places
            self.refs.alias(name, record_uuid, int(duplicate.id))  # type: ignore[attr-defined]
            return
        if duplicate is not None:
            self.pending[record_uuid] = self.conflict(name, "duplicate", record_uuid, office=duplicate, laptop=laptop)
            return
        self.insert(name, record_uuid, laptop)
        self.counts["inserted"] += 1


def _sort_key(data: Mapping[str, Any]) -> str:
    from kvp_desktop.sort_key import person_sort_key

    return person_sort_key(str(data.get("last_name") or ""), str(data.get("first_name") or ""))


def _refuse_stale(checkout: OutreachCheckout, delivered: OutreachRecord | None, this_generation: int) -> None:
    """A copy already checked in: only a newer save of it may follow (merged on top of the delivered one)."""
    when = format_date_short(checkout.returned_at.date()) if checkout.returned_at else "-"
    known = delivered.version if delivered is not None and delivered.version is not None else None
    if known is None:  # checked in before generations were recorded: nothing tells which is newer
        raise ValidationError({"path": _("Utekopien er allerede levert inn ({dato}).", dato=when)})
    if this_generation < known:
        raise ValidationError({"path": _(
            "Denne filen er en eldre lagring av utekopien (lagring {denne}). En nyere lagring (lagring {levert}) "
            "ble levert inn {dato}, så arbeidet i denne filen er allerede med. Ingenting er endret.",
            denne=this_generation, levert=known, dato=when)})
    if this_generation == known:
        raise ValidationError({"path": _(
            "Denne lagringen av utekopien (lagring {denne}) er allerede levert inn ({dato}). Ingenting er endret.",
            denne=this_generation, dato=when)})


def _copy_audit(ctx: AppContext, copy: Session, session: Session, refs_copy: RefMap, refs_office: RefMap,
                checkout: OutreachCheckout, after_id: int = 0) -> tuple[int, int]:
    """The laptop's own audit trail (who opened what, offline) joins the office's.

    ``after_id``: rows up to this id came with an earlier save of the same copy. Returns the number of
    rows copied and the last row id of the copy's trail.
    """
    count = 0
    last = after_id
    for row in copy.scalars(select(AuditEvent).where(AuditEvent.id > after_id).order_by(AuditEvent.id)):
        last = row.id
        person_uuid = refs_copy.outward("persons", row.person_id)
        person_id = refs_office.inward("persons", person_uuid)
        audit.append(
            session, at=row.at, username=row.username, machine=row.machine, action=row.action,
            entity=row.entity, entity_id=person_id if row.entity == "person" else None,
            person_id=person_id, detail=f"utekopi {checkout.id}: {row.detail}"[:2000],
        )
        count += 1
    return count, last


def check_in(ctx: AppContext, path: Path, passphrase: str, *, now: dt.datetime | None = None) -> CheckInResult:
    """"Lever inn": merge an outreach file into the office database in one transaction."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    require_office(ctx)
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(_("Finner ikke utekopien {fil}.", fil=path.name))
    blob = path.read_bytes()
    plaintext, _key = outreach_crypto.unseal(blob, passphrase)
    connection, copy_db = _load_memory_copy(plaintext)
    del plaintext
    try:
        with copy_db.sessions() as copy:
            with _reading_copy():
                sent_as = copy.scalars(select(OutreachCheckout)).first()
                if sent_as is None:
                    raise outreach_crypto.OutreachCryptoError(_("Filen er ikke en utekopi fra KVP Desktop."))
                incoming = _incoming(copy)
            with ctx.uow() as uow:
                session = uow.session
                checkout = session.scalar(select(OutreachCheckout).where(OutreachCheckout.uuid == sent_as.uuid))
                if checkout is None:
                    raise ValidationError({"path": _("Utekopien ble ikke tatt ut fra denne databasen.")})
                this_generation = generation(connection)
                delivered = _delivered(session, checkout)
                if checkout.state != "out":
                    _refuse_stale(checkout, delivered, this_generation)
                base: dict[str, dict[str, OutreachRecord]] = {}
                for record in session.scalars(select(OutreachRecord).where(OutreachRecord.checkout_id == checkout.id,
                                                                           OutreachRecord.table_name
                                                                           != GENERATION_TABLE)):
                    base.setdefault(record.table_name, {})[record.record_uuid] = record
                merge = _Merge(ctx, session, checkout)
                try:
                    for model in SYNCED_MODELS:
                        name = model.__tablename__
                        merge.merge_table(name, incoming.get(name, {}), base.get(name, {}))
                        session.flush()
                except StaleDataError as exc:
                    raise ConflictError(_(
                        "Noen lagret en av personene mens utekopien ble levert inn. Ingenting er endret; prøv igjen."
                    )) from exc
                copied = int((delivered.data or {}).get("audit_id", 0)) if delivered is not None else 0
                with _reading_copy():  # nothing is committed yet: a damaged audit trail rolls everything back
                    events, last_audit = _copy_audit(ctx, copy, session, RefMap(copy), merge.refs, checkout, copied)
                person_uuids = list(base.get("persons", {}))
                first_delivery = checkout.state == "out"
                _rebase(session, checkout, incoming, base)
                if delivered is None:
                    delivered = OutreachRecord(checkout_id=checkout.id, table_name=GENERATION_TABLE,
                                               record_uuid=checkout.uuid, data={})
                    session.add(delivered)
                delivered.version = this_generation
                delivered.data = {"generation": this_generation, "audit_id": last_audit}
                if first_delivery:  # a later save must not clear the marks of a newer checkout of the same persons
                    session.execute(update(Person).where(Person.uuid.in_(person_uuids)).values(checked_out_by=None))
                counts = merge.counts
                checkout.state = "returned"
                checkout.returned_at = now or dt.datetime.now()
                checkout.returned_by = ctx.user.username
                checkout.returned_fingerprint = outreach_crypto.fingerprint(blob)
                summary = (f"lagring {this_generation}: oppdatert={counts['updated']}, nye={counts['inserted']}, "
                           f"uendret={counts['unchanged']}, konflikter={counts['conflicts']}")
                ctx.audit(session, "import", "outreach", checkout.id, None, summary)
                for person_uuid in person_uuids:
                    person_id = merge.refs.inward("persons", person_uuid)
                    if person_id is not None:
                        ctx.audit(session, "import", "person", person_id, person_id, f"utekopi {checkout.id}")
                uow.commit()
                return CheckInResult(checkout.id, counts["updated"], counts["inserted"], counts["unchanged"],
                                     counts["conflicts"], events)
    finally:
        copy_db.dispose()
        connection.close()


# --- conflicts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    base: str
    office: str
    laptop: str
    differs: bool
    suggested: str  # office | laptop | choose


@dataclass(frozen=True)
class ConflictView:
    id: int
    checkout_id: int
    table: str
    table_label: str
    kind: str
    kind_label: str
    person_id: int | None
    person_label: str
    state: str
    resolution: str | None
    fields: tuple[FieldDiff, ...]
    dependents: int


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date_short(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _suggest(name: str, base: Mapping[str, Any] | None, office: Mapping[str, Any] | None,
             laptop: Mapping[str, Any]) -> str:
    office_value = (office or {}).get(name)
    laptop_value = laptop.get(name)
    if office_value == laptop_value:
        return "office"
    if base is not None:
        if laptop_value == base.get(name):
            return "office"
        if office_value == base.get(name):
            return "laptop"
        return "choose"
    if laptop_value in (None, "", {}, []):  # no base (a duplicate): an empty side gives way
        return "office"
    return "laptop" if office_value in (None, "", {}, []) else "choose"


def _person_label(session: Session, person_id: int | None, laptop: Mapping[str, Any] | None) -> str:
    person = session.get(Person, person_id) if person_id is not None else None
    if person is not None:
        return f"{person.last_name}, {person.first_name} ({mask_identity_number(person.fodselsnummer)})"
    if laptop and "last_name" in laptop:
        return f"{laptop.get('last_name')}, {laptop.get('first_name')} " \
               f"({mask_identity_number(str(laptop.get('fodselsnummer') or ''))})"
    return ""


def _view(session: Session, conflict: OutreachConflict) -> ConflictView:
    table = table_of(MODEL_BY_TABLE[conflict.table_name])
    laptop = conflict.laptop_data or {}
    office = conflict.office_data
    if conflict.state == "open" and conflict.office_uuid:  # show the office's record as it is now
        current = session.scalar(select(MODEL_BY_TABLE[conflict.table_name]).where(
            MODEL_BY_TABLE[conflict.table_name].uuid == conflict.office_uuid))  # type: ignore[attr-defined]
        if current is not None:
            office = canonical(table, orm_values(current), RefMap(session))
    base = conflict.base_data
    fields = []
    for column in data_columns(table):
        name = column.name
        values = (base or {}).get(name), (office or {}).get(name), laptop.get(name)
        differs = values[1] != values[2] if office is not None and conflict.laptop_data is not None else True
        fields.append(FieldDiff(
            name, _(FIELD_LABELS[name]) if name in FIELD_LABELS else name,
            _show(values[0]), _show(values[1]), _show(values[2]), differs,
            _suggest(name, base, office, laptop) if conflict.laptop_data is not None and office is not None
            else "office",
        ))
    return ConflictView(
        conflict.id, conflict.checkout_id, conflict.table_name, _(TABLE_LABELS[conflict.table_name]),
        conflict.kind, _(KIND_LABELS[conflict.kind]), conflict.person_id,
        _person_label(session, conflict.person_id, laptop), conflict.state, conflict.resolution,
        tuple(fields), len(conflict.dependents),
    )


def list_conflicts(ctx: AppContext, *, open_only: bool = True, checkout_id: int | None = None) -> list[ConflictView]:
    """The conflicts left by check-ins (both versions side by side), oldest first."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    with ctx.uow() as uow:
        query = select(OutreachConflict).order_by(OutreachConflict.id)
        if open_only:
            query = query.where(OutreachConflict.state == "open")
        if checkout_id is not None:
            query = query.where(OutreachConflict.checkout_id == checkout_id)
        return [_view(uow.session, c) for c in uow.session.scalars(query)]


def resolve_conflict(ctx: AppContext, conflict_id: int, choice: str,
                     fields: Mapping[str, str] | None = None, *, now: dt.datetime | None = None) -> ConflictView:
    """Resolve one conflict: keep the office's version, take the laptop's, or merge field by field.

    ``fields`` (for ``merge``) maps a field name to ``office`` or ``laptop``; fields not given take
    the suggestion (the side that changed it), and a field changed on both sides must be given.
    The laptop's version stays stored with the conflict whatever the choice.
    """
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    require_office(ctx)
    if choice not in CHOICES:
        raise ValidationError({"choice": _("Velg «behold kontorets», «ta utekopiens» eller «slå sammen».")})
    fields = dict(fields or {})
    if any(side not in ("office", "laptop") for side in fields.values()):
        raise ValidationError({"fields": _("Velg kontorets eller utekopiens verdi for hvert felt.")})
    with ctx.uow() as uow:
        session = uow.session
        conflict = session.get(OutreachConflict, conflict_id)
        if conflict is None:
            raise NotFoundError(_("Fant ikke konflikten."))
        if conflict.state != "open":
            raise ValidationError({"choice": _("Konflikten er allerede løst.")})
        checkout = session.get(OutreachCheckout, conflict.checkout_id)
        assert checkout is not None
        merge = _Merge(ctx, session, checkout)
        name = conflict.table_name
        model = MODEL_BY_TABLE[name]
        table = table_of(model)
        laptop = conflict.laptop_data or {}
        office = merge.office_row(name, conflict.office_uuid) if conflict.office_uuid else None
        result: dict[str, Any] | None = None
        alias: dict[str, str] = {}
        try:
            if conflict.kind in ("changed_both", "duplicate"):
                if office is None:
                    raise ValidationError({"choice": _("Kontorets versjon finnes ikke lenger.")})
                current = canonical(table, orm_values(office), merge.refs)
                if choice == "laptop":
                    chosen = dict(laptop)
                elif choice == "office":
                    chosen = current
                else:
                    chosen = {}
                    undecided = []
                    for column in data_columns(table):
                        side = fields.get(column.name) or _suggest(column.name, conflict.base_data, current, laptop)
                        if side == "choose":
                            undecided.append(_(FIELD_LABELS.get(column.name, column.name)))
                            side = "office"
                        chosen[column.name] = (laptop if side == "laptop" else current).get(column.name)
                    if undecided:
                        raise ValidationError({"fields": _(
                            "Velg hvilken verdi som skal gjelde for: {felt}.", felt=", ".join(undecided))})
                if chosen != current:
                    merge.apply(office, chosen)
                result = chosen
                if conflict.kind == "duplicate":
                    alias[conflict.record_uuid] = conflict.office_uuid or conflict.record_uuid
            elif conflict.kind in ("deleted_office", "orphan"):
                if choice != "office":
                    missing = unresolved_references(table, laptop, merge.refs)
                    if missing:
                        raise ValidationError({"choice": _(
                            "Utekopiens versjon kan ikke legges inn fordi det den hører til, ikke finnes på "
                            "kontoret. Velg «behold kontorets»; utekopiens versjon blir tatt vare på.")})
                    record_uuid = conflict.record_uuid if merge.office_row(name, conflict.record_uuid) is None \
                        else None
                    created = merge.insert(name, record_uuid or _fresh_uuid(), laptop)
                    conflict.person_id = merge.person_of(name, created)
                    result = dict(laptop)
            elif conflict.kind == "deleted_laptop" and choice != "office" and office is not None:
                session.delete(office)
                result = {}
            for dependent in conflict.dependents:  # what hung on the record is never dropped
                dep_table = table_of(MODEL_BY_TABLE[dependent["table"]])
                if unresolved_references(dep_table, dependent["data"], merge.refs, alias):
                    continue
                merge.insert(dependent["table"], dependent["uuid"], dependent["data"], alias)
            session.flush()
        except StaleDataError as exc:
            raise ConflictError(_("Noen endret posten samtidig. Last inn på nytt og prøv igjen.")) from exc
        conflict.state = "resolved"
        conflict.resolution = choice
        conflict.resolved_by = ctx.user.username
        conflict.resolved_at = now or dt.datetime.now()
        conflict.resolved_data = result
        if conflict.person_id is None and office is not None:
            conflict.person_id = merge.person_of(name, office)
        ctx.audit(session, "change", "outreach_conflict", conflict.id, conflict.person_id, choice)
        session.flush()
        view = _view(session, conflict)
        uow.commit()
        return view


def _fresh_uuid() -> str:
    from kvp_desktop.store.models.base import new_uuid

    return new_uuid()


# --- lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutView:
    id: int
    username: str
    taken_out: dt.datetime
    person_count: int
    state: str
    returned_at: dt.datetime | None
    open_conflicts: int
    fingerprint: str


def list_checkouts(ctx: AppContext, *, state: str | None = None) -> list[CheckoutView]:
    """Outreach copies taken out of this office, newest first (who has them, when)."""
    require(ctx, Permission.EXPORT_PERSONAL_DATA)
    with ctx.uow() as uow:
        query = select(OutreachCheckout).order_by(OutreachCheckout.id.desc())
        if state:
            query = query.where(OutreachCheckout.state == state)
        result = []
        for c in uow.session.scalars(query):
            open_conflicts = len(uow.session.scalars(select(OutreachConflict.id).where(
                OutreachConflict.checkout_id == c.id, OutreachConflict.state == "open")).all())
            result.append(CheckoutView(c.id, c.username, c.created_at, c.person_count, c.state, c.returned_at,
                                       open_conflicts, c.fingerprint))
        return result


def checked_out_persons(ctx: AppContext) -> dict[int, str]:
    """Person id → who has the person in an outreach copy now."""
    with ctx.uow() as uow:
        rows = uow.session.execute(select(Person.id, Person.checked_out_by).where(Person.checked_out_by.is_not(None)))
        return {int(person_id): str(who) for person_id, who in rows}


def search_for_checkout(ctx: AppContext, text: str) -> list[tuple[int, str]]:
    """Persons to pick in the checkout dialog (name or start of fødselsnummer), masked ids."""
    from kvp_desktop.services.portfolio.persons import search_persons

    return [(choice.id, choice.label) for choice in search_persons(ctx, text, limit=100)]

