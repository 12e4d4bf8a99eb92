"""Backups and restore of the office's SQLite database (Fil → Sikkerhetskopi / Gjenopprett).

Backups use SQLite's online backup API, so a copy taken while caseworkers work is consistent.
A restore never overwrites anything before the backup file has been verified (integrity check,
a schema revision this program knows, exactly the tables, indexes, constraints and guard
triggers of that revision, an unbroken audit chain, row counts), and the current database is
itself backed up first. For PostgreSQL use pg_dump/pg_restore (docs/backup.md).

Roles: a backup to a file the user chooses and a restore are the administrator's (a full copy
of everyone's personal data; a restore replaces everything). The automatic backups — before a
schema upgrade (``store/migrate.py``) and the daily one (``scheduled_backup``) — need no role.

A copy whose schema differs from its revision's is refused, not repaired: it was changed outside
the program, and while its guard triggers were gone anything in it could have been changed
(approved payouts, users' roles, the audit trail). Re-creating the triggers would protect it from
then on but make the doctored data look trustworthy.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.store import audit_chain, migrate, schema_check
from kvp_desktop.store.backup import backup_sqlite
from kvp_desktop.store.db import sqlite_path

COUNTED_TABLES = ("persons", "applications", "programmes", "attendance", "payout_runs", "payout_lines",
                  "decisions", "audit_events")


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    revision: str | None
    counts: dict[str, int]


def _database_file(ctx: AppContext) -> Path:
    path = sqlite_path(ctx.db.url)
    if path is None:
        raise ServiceError(
            _("Sikkerhetskopi fra programmet gjelder SQLite-databaser. "
              "For PostgreSQL: bruk pg_dump (se brukerveiledningen).")
        )
    return path


def default_backup_folder(ctx: AppContext) -> Path:
    return _database_file(ctx).parent / "sikkerhetskopier"


def make_backup(ctx: AppContext, target: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Write a consistent copy of the live database (the administrator's job); returns the backup file."""
    require(ctx, Permission.BACKUP_RESTORE)
    return _write_backup(ctx, target, now)


def _write_backup(ctx: AppContext, target: Path | None = None, now: dt.datetime | None = None) -> Path:
    source = _database_file(ctx)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = target or default_backup_folder(ctx) / f"{source.stem}-{stamp}.db"
    if target.resolve() == source.resolve():
        raise ServiceError(_("Sikkerhetskopien kan ikke skrives over selve databasen."))
    backup_sqlite(ctx.db.engine, target)
    verify_backup(target)
    with ctx.uow() as uow:
        ctx.audit(uow.session, "backup", "database", detail=target.name)
        uow.commit()
    return target


def list_backups(ctx: AppContext) -> list[Path]:
    """The backups in the database's backup folder, newest first."""
    folder = default_backup_folder(ctx)
    return sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []


def scheduled_backup(ctx: AppContext, keep: int = 7, every: dt.timedelta = dt.timedelta(days=1),
                     now: dt.datetime | None = None) -> Path | None:
    """The daily backup: taken when the newest scheduled backup is older than ``every``; only the
    ``keep`` newest scheduled backups are kept (backups taken before upgrades or restores stay).
    Returns the new backup, or ``None`` when none was due (or the database is not SQLite)."""
    if sqlite_path(ctx.db.url) is None:
        return None
    now = now or dt.datetime.now()
    stem = _database_file(ctx).stem
    scheduled = sorted(default_backup_folder(ctx).glob(f"{stem}-daglig-*.db"), reverse=True) \
        if default_backup_folder(ctx).is_dir() else []
    if scheduled:
        newest = dt.datetime.strptime(scheduled[0].stem.rsplit("-daglig-", 1)[1], "%Y%m%d-%H%M%S")
        if now - newest < every:
            return None
    target = _write_backup(ctx, default_backup_folder(ctx) / f"{stem}-daglig-{now:%Y%m%d-%H%M%S}.db", now)
    for old in sorted(default_backup_folder(ctx).glob(f"{stem}-daglig-*.db"), reverse=True)[max(1, keep):]:
        old.unlink()
    return target


def recover_latest(damaged: Path, now: dt.datetime | None = None) -> tuple[Path, Path]:
    """After a damaged start: copy the newest backup that passes verification to a NEW file beside
    the damaged one (which is never written to). Returns (the new database file, the backup used)."""
    folder = damaged.parent / "sikkerhetskopier"
    candidates = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
    for candidate in candidates:
        try:
            verify_backup(candidate)
        except ServiceError:
            continue
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        target = damaged.with_name(f"{damaged.stem}-gjenopprettet-{stamp}.db")
        source = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        return target, candidate
    raise ServiceError(_("Fant ingen brukbar sikkerhetskopi i {mappe}.", mappe=folder))


def verify_backup(path: Path) -> BackupCheck:
    """Check that ``path`` is an intact KVP database this program can open."""
    if not path.is_file():
        raise ServiceError(_("Finner ikke filen {fil}.", fil=path.name))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ServiceError(_("{fil} kan ikke åpnes som database.", fil=path.name)) from exc
    try:
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            raise ServiceError(_("{fil} er ikke en gyldig database eller er skadet.", fil=path.name)) from exc
        if result != ["ok"]:
            raise ServiceError(_("{fil} er skadet: {feil}", fil=path.name, feil="; ".join(result[:3])))
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ServiceError(_("{fil} er ikke en database fra KVP Desktop.", fil=path.name)) from exc
        version = revision[0] if revision else None
        known = {rev.revision for rev in migrate.script_directory().walk_revisions()}
        if version not in known:
            raise ServiceError(
                _("{fil} er laget av en annen versjon av KVP Desktop ({rev}) og kan ikke brukes.", fil=path.name,
                  rev=version or "-")
            )
        _check_schema(connection, path, version)
        _check_audit_chain(connection, path)
        counts = {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in COUNTED_TABLES
        }
    finally:
        connection.close()
    return BackupCheck(path, version, counts)


def _check_schema(connection: sqlite3.Connection, path: Path, revision: str) -> None:
    """Exactly the tables, indexes, constraints and triggers of ``revision``, or refused (see above)."""
    difference = schema_check.compare(connection, revision)
    if difference.ok:
        return
    kinds = {"table": _("tabell"), "index": _("indeks"), "trigger": _("trigger"), "view": _("visning")}
    parts = [_("mangler {hva}", hva=f"{kinds.get(k, k)} {n}") for k, n in difference.missing[:3]]
    parts += [_("endret {hva}", hva=f"{kinds.get(k, k)} {n}") for k, n in difference.changed[:3]]
    parts += [_("ukjent {hva}", hva=f"{kinds.get(k, k)} {n}") for k, n in difference.extra[:3]]
    raise ServiceError(_(
        "{fil} er endret utenfor KVP Desktop og brukes ikke: skjemaet er ikke slik skjemaversjon {rev} lager det "
        "({avvik}). Vernet mot endringer kan ha vært slått av, så innholdet kan ikke stoles på.",
        fil=path.name, rev=revision, avvik="; ".join(parts)))


class _Row:
    """An audit row read with plain sqlite3, shaped for ``audit_chain.link`` (times parsed)."""

    def __init__(self, row: sqlite3.Row) -> None:
        self.__dict__.update({k: row[k] for k in row.keys()})  # noqa: SIM118 (sqlite3.Row has no items())
        at = row["at"]
        self.at: dt.datetime | None = dt.datetime.fromisoformat(at) if isinstance(at, str) else at


def _check_audit_chain(connection: sqlite3.Connection, path: Path) -> None:
    """The copy's audit trail must be whole (revisions with the hash chain)."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_events)")}
    if "chain_hash" not in columns:
        return  # made before the chain existed: the upgrade after the restore chains it
    connection.row_factory = sqlite3.Row
    try:
        previous, count = audit_chain.GENESIS, 0
        for row in connection.execute("SELECT * FROM audit_events ORDER BY id"):
            if row["chain_hash"] != audit_chain.link(previous, _Row(row)):
                raise ServiceError(_(
                    "{fil} brukes ikke: revisjonsloggen i kopien er brutt ved rad {id} (en rad er endret, slettet, "
                    "satt inn eller flyttet).", fil=path.name, id=row["id"]))
            previous, count = row["chain_hash"], count + 1
        head = connection.execute("SELECT row_count, last_hash FROM audit_chain_head WHERE id = 1").fetchone()
    finally:
        connection.row_factory = None
    if head is None or head[0] != count or head[1] != previous:
        raise ServiceError(_("{fil} brukes ikke: revisjonsloggen i kopien er brutt på slutten (rader er slettet).",
                             fil=path.name))


def restore_backup(ctx: AppContext, backup: Path, now: dt.datetime | None = None) -> tuple[BackupCheck, Path]:
    """Replace the database's contents with a verified backup.

    The current database is backed up first (returned as the second value), and the copy is
    made with the backup API into the live file, so other connections never see a half file.
    """
    require(ctx, Permission.BACKUP_RESTORE)
    check = verify_backup(backup)
    current = _database_file(ctx)
    if backup.resolve() == current.resolve():
        raise ServiceError(_("Velg en sikkerhetskopi, ikke databasen som er i bruk."))
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    detail = f"{backup.name} (skjema {check.revision}, sha256 {_sha256(backup)[:16]})"
    with ctx.uow() as uow:  # recorded in the trail being replaced (kept in the safety copy) …
        ctx.audit(uow.session, "restore", "database", detail=f"erstattes med {detail}")
        uow.commit()
    safety = _write_backup(ctx, default_backup_folder(ctx) / f"{current.stem}-før-gjenoppretting-{stamp}.db")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    raw = ctx.db.engine.raw_connection()
    try:
        destination = raw.driver_connection
        assert isinstance(destination, sqlite3.Connection)
        source.backup(destination)
    finally:
        source.close()
        raw.close()
    ctx.db.engine.dispose()
    migrate.prepare(ctx.db)  # an older backup is brought up to this program's schema
    with ctx.uow() as uow:  # … and in the restored one
        ctx.audit(uow.session, "restore", "database", detail=f"gjenopprettet fra {detail}; forrige: {safety.name}")
        uow.commit()
    return check, safety


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
