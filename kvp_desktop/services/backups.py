"""Backups and restore of the office's SQLite database (Fil → Sikkerhetskopi / Gjenopprett).

Backups use SQLite's online backup API, so a copy taken while caseworkers work is consistent.
A restore never overwrites anything before the backup file has been verified (integrity check,
a schema revision this program knows, row counts), and the current database is itself backed
up first. For PostgreSQL use pg_dump/pg_restore (docs/backup.md).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kvp_desktop.i18n import _
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import ServiceError
from kvp_desktop.store import migrate
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
    """Write a consistent copy of the live database; returns the backup file."""
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
    target = make_backup(ctx, default_backup_folder(ctx) / f"{stem}-daglig-{now:%Y%m%d-%H%M%S}.db", now)
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
        counts = {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in COUNTED_TABLES
        }
    finally:
        connection.close()
    return BackupCheck(path, version, counts)


def restore_backup(ctx: AppContext, backup: Path, now: dt.datetime | None = None) -> tuple[BackupCheck, Path]:
    """Replace the database's contents with a verified backup.

    The current database is backed up first (returned as the second value), and the copy is
    made with the backup API into the live file, so other connections never see a half file.
    """
    check = verify_backup(backup)
    current = _database_file(ctx)
    if backup.resolve() == current.resolve():
        raise ServiceError(_("Velg en sikkerhetskopi, ikke databasen som er i bruk."))
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    safety = make_backup(ctx, default_backup_folder(ctx) / f"{current.stem}-før-gjenoppretting-{stamp}.db")
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
    with ctx.uow() as uow:
        ctx.audit(uow.session, "restore", "database", detail=backup.name)
        uow.commit()
    return check, safety
