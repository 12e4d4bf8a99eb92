"""The application context every service call gets: the database and the logged-in user."""

from __future__ import annotations

import dataclasses
import logging
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure import audit  # the one writer of audit rows (the hash chain)
from kvp_desktop.services.infrastructure.errors import ConflictError, NotFoundError
from kvp_desktop.services.infrastructure.locking import stale_message
from kvp_desktop.store import migrate
from kvp_desktop.store.db import (
    EMPTY_FILE,
    Database,
    connect,
    default_database_url,
    quick_check,
    sqlite_file_problem,
    sqlite_path,
)
from kvp_desktop.store.models import User
from kvp_desktop.store.uow import ReadUnitOfWork, UnitOfWork

log = logging.getLogger(__name__)

class _ServiceUnitOfWork(UnitOfWork):
    """Turns a lost optimistic-locking race (at flush or commit) into a Norwegian ``ConflictError``."""

    def commit(self) -> None:
        try:
            super().commit()
        except StaleDataError as exc:
            raise _conflict() from exc

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        super().__exit__(exc_type, exc, tb)
        if isinstance(exc, StaleDataError):
            raise _conflict() from exc


def _conflict() -> Exception:
    return ConflictError(stale_message())


ROLES = ("veileder", "saksbehandler", "attestant", "leder", "admin")


@dataclass(frozen=True)
class CurrentUser:
    id: int | None
    username: str
    full_name: str
    role: str


# The identity of the ``kvp`` command and of scripts: whoever runs them already holds the database
# itself, so it may do every job; the audit trail records it as "system". Never a login role.
SYSTEM_USER = CurrentUser(None, "system", "KVP Desktop", "system")


@dataclass
class AppContext:
    """What a service needs: the open database, who is working, and on which machine."""

    db: Database
    user: CurrentUser = SYSTEM_USER
    machine: str = field(default_factory=platform.node)
    backup_made: Path | None = None
    outreach: bool = False  # an outreach copy on a laptop: office-only jobs are refused (roles.require_office)

    def uow(self) -> UnitOfWork:
        return _ServiceUnitOfWork(self.db.sessions)

    def read(self) -> ReadUnitOfWork:
        """A unit of work for showing data: no transaction round trips on a server; it cannot write."""
        return ReadUnitOfWork(self.db.read_sessions)

    def audit(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: int | None = None,
        person_id: int | None = None,
        detail: str = "",
    ) -> None:
        """Add an audit row in the caller's transaction (it commits with the change it records)."""
        audit.append(session, username=self.user.username, machine=self.machine[:100], action=action,
                     entity=entity, entity_id=entity_id, person_id=person_id, detail=detail)

    def as_user(self, username: str) -> AppContext:
        """The same database, working as another (existing) user."""
        with self.uow() as uow:
            row = uow.session.scalar(select(User).where(User.username == username))
            if row is None:
                raise NotFoundError(_("Fant ingen bruker med brukernavnet {navn}.", navn=username))
            user = CurrentUser(row.id, row.username, row.full_name, row.role)
        return dataclasses.replace(self, user=user)  # same database, machine and outreach mode

    def close(self) -> None:
        self.db.dispose()


def open_context(url: str | None = None, *, prepare: bool = True, backup_dir: Path | None = None) -> AppContext:
    """Open (and if needed create or upgrade) the database at ``url``.

    Raises ``store.migrate.DatabaseTooNewError`` for a database made by a newer program and
    :class:`DatabaseDamagedError` for a SQLite file that is damaged: an existing 0-byte file (only a
    path where no file exists becomes a new office), a bad header, a truncated file, a schema that
    cannot be read, or a page ``PRAGMA quick_check`` finds broken (checked before anything is written,
    a few milliseconds for an office's database).
    """
    db = connect(url or default_database_url())
    path = sqlite_path(db.url)
    problem = sqlite_file_problem(path) if path is not None else None
    if path is not None and problem is not None:
        db.dispose()
        raise _damaged(path, empty=problem == EMPTY_FILE)
    try:
        if path is not None and path.exists() and quick_check(db.engine):  # before anything writes to it
            raise _damaged(path)
        backup = migrate.prepare(db, backup_dir) if prepare else None
        if not prepare:
            migrate.status(db)  # reads the schema: a damaged one is reported here, not by the caller
    except (sa_exc.DatabaseError, UnicodeDecodeError) as exc:  # a flipped byte in the schema: UnicodeDecodeError
        db.dispose()
        if path is None:
            raise
        raise _damaged(path) from exc
    except DatabaseDamagedError:
        db.dispose()
        raise
    if backup is not None:
        log.info("Sikkerhetskopi tatt før oppgradering: %s", backup.name)
    return AppContext(db, backup_made=backup)


def _damaged(path: Path, *, empty: bool = False) -> DatabaseDamagedError:
    if empty:
        return DatabaseDamagedError(
            _("Databasefilen «{fil}» er tom (0 byte), så den kan være ødelagt under kopiering eller lagring. Filen "
              "er ikke endret, og det lages ikke et nytt kontor i den. Åpne den nyeste sikkerhetskopien, eller "
              "slett filen hvis du vil begynne på et nytt kontor.", fil=path.name), path)
    return DatabaseDamagedError(
        _("Databasefilen «{fil}» er skadet eller ufullstendig og kan ikke åpnes. Filen er ikke endret. "
          "Åpne den nyeste sikkerhetskopien, eller kontakt IT.", fil=path.name), path)


class DatabaseDamagedError(Exception):
    """A SQLite file that SQLite itself calls damaged (truncated, overwritten, not a database).

    ``path`` is the damaged file, which nothing in the program writes to; see
    ``services.office.backups.recover_latest``.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


# Re-exported so the UI can catch it without importing the storage layer.
DatabaseTooNewError = migrate.DatabaseTooNewError
