"""The application context every service call gets: the database and the logged-in user."""

from __future__ import annotations

import dataclasses
import logging
import platform
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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

T = TypeVar("T")

#: How long a value kept on the context (office settings, the office's rates) is used before it is read
#: again: a change saved on this machine refreshes it at once, a change made on another machine of a
#: shared office is seen within this time.
CACHE_SECONDS = 300.0

class _ServiceUnitOfWork(UnitOfWork):
    """Turns a lost optimistic-locking race (at flush or commit) into a Norwegian ``ConflictError``."""

    def commit(self) -> None:
        try:
            super().commit()
        except StaleDataError as exc:
            raise _conflict() from exc
        except sa_exc.DBAPIError as exc:
            _raise_if_unavailable(exc)
            raise

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        _exit_translated(lambda: super(_ServiceUnitOfWork, self).__exit__(exc_type, exc, tb), exc)
        if isinstance(exc, StaleDataError):
            raise _conflict() from exc


class _ServiceReadUnitOfWork(ReadUnitOfWork):
    """A read that loses the database says so in Norwegian (``DatabaseUnavailable``)."""

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        _exit_translated(lambda: super(_ServiceReadUnitOfWork, self).__exit__(exc_type, exc, tb), exc)


def _exit_translated(close: Any, exc: BaseException | None) -> None:
    """Close the unit of work; a lost connection (in the work or while rolling back) becomes a
    ``DatabaseUnavailable`` with a Norwegian message instead of SQLAlchemy's ``OperationalError``."""
    try:
        close()
    except sa_exc.DBAPIError as closing:
        if isinstance(exc, sa_exc.DBAPIError) and _busy_or_lost(exc) == "lost":
            _raise_if_unavailable(exc)
        _raise_if_unavailable(closing)
        raise
    if isinstance(exc, sa_exc.DBAPIError):
        _raise_if_unavailable(exc)


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
    #: Values read rarely changed and often needed (office settings, rates): key → (read at, value).
    _cache: dict[str, tuple[float, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def uow(self) -> UnitOfWork:
        return _ServiceUnitOfWork(self.db.sessions)

    def read(self) -> ReadUnitOfWork:
        """A unit of work for showing data: no transaction round trips on a server; it cannot write."""
        return _ServiceReadUnitOfWork(self.db.read_sessions)

    def cached(self, key: str, load: Callable[[], T]) -> T:
        """The value kept under ``key``, or ``load()`` (kept for :data:`CACHE_SECONDS`).

        For data a view needs on every click but that changes seldom (office settings, the office's
        rates): a shared office across a slow network pays a round trip for every read. A job that
        changes such data calls :meth:`forget` (or :meth:`remember`) in the same context. Writes that
        rest on the data read it in their own transaction, never from here.
        """
        with self._cache_lock:
            found = self._cache.get(key)
        if found is not None and time.monotonic() - found[0] < CACHE_SECONDS:
            return found[1]
        value = load()
        self.remember(key, value)
        return value

    def remember(self, key: str, value: object) -> None:
        with self._cache_lock:
            self._cache[key] = (time.monotonic(), value)

    def forget(self, *keys: str) -> None:
        """Drop the kept values (all of them without ``keys``)."""
        with self._cache_lock:
            for key in keys or list(self._cache):
                self._cache.pop(key, None)

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
        return self.with_user(user)

    def with_user(self, user: CurrentUser) -> AppContext:
        """The same database, machine, outreach mode and kept values (office settings), another user."""
        other = dataclasses.replace(self, user=user)
        other._cache, other._cache_lock = self._cache, self._cache_lock  # the same office's values
        return other

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


# SQLite's words for a file another writer holds (``database is locked``) or that is gone or unreadable.
_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")
_SQLITE_GONE = ("unable to open database", "disk i/o error", "readonly database")
# PostgreSQL's SQLSTATEs for a server that went away (class 08: connection; 57P0x: shut down) and for
# waiting on another transaction (lock not available, serialization failure, deadlock).
_PG_BUSY = ("55P03", "40001", "40P01")


def _busy_or_lost(exc: sa_exc.DBAPIError) -> str:
    """``"busy"``, ``"lost"`` or ``""`` (a missing table or a broken constraint is a fault of the
    program or the data, not of the connection)."""
    orig = exc.orig
    text = str(orig).lower() if orig is not None else ""
    if type(orig).__module__.startswith("sqlite3"):
        if any(word in text for word in _SQLITE_BUSY):
            return "busy"
        return "lost" if exc.connection_invalidated or any(word in text for word in _SQLITE_GONE) else ""
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_BUSY:
        return "busy"
    if exc.connection_invalidated:
        return "lost"
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError) and (
            state is None or str(state).startswith(("08", "57P"))):
        return "lost"
    return ""


def _unavailable(exc: sa_exc.DBAPIError, *, busy_too: bool) -> Exception | None:
    from kvp_desktop.i18n import _
    from kvp_desktop.services.infrastructure.errors import DatabaseUnavailable

    kind = _busy_or_lost(exc)
    if kind == "busy" and busy_too:
        return DatabaseUnavailable(_("Databasen er opptatt: en annen bruker lagrer akkurat nå. Det du holdt på "
                                     "med, er ikke lagret. Prøv igjen om litt."))
    if kind == "lost":
        return DatabaseUnavailable(_("Får ikke kontakt med databasen. Det du holdt på med, er ikke lagret. Sjekk "
                                     "nettverket og prøv igjen om litt; hjelper ikke det, kontakt den som har "
                                     "ansvar for KVP Desktop på kontoret."))
    return None


def _raise_if_unavailable(exc: sa_exc.DBAPIError) -> None:
    """A lost connection leaves the unit of work as ``DatabaseUnavailable``. A busy database is left as
    it is here: the services that expect another writer (a payout run, the week sheet) turn it into
    their own message; what they leave is translated by ``as_service_error``."""
    found = _unavailable(exc, busy_too=False)
    if found is not None:
        raise found from exc


def as_service_error(error: BaseException) -> Exception | None:
    """The Norwegian service error for a database error that reached the window or the command
    unhandled (``DatabaseUnavailable`` for a busy or lost database), or ``None``."""
    if isinstance(error, sa_exc.DBAPIError):
        return _unavailable(error, busy_too=True)
    return None
