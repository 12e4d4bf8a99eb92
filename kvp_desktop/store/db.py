"""Database location, engine set-up, and opening a database safely (migrate after a backup).

Personal data files are the owner's alone on POSIX systems: ``logging_setup.restrict_new_files`` sets the
process umask to 077 (the ``kvp`` command and the app call it first, so the database, its -wal
and -shm files, backups and the log are created 0600 in 0700 folders), and opening a SQLite file
that is readable by others tightens it to 0600. On Windows the files live in the per-user data
folder (``%LOCALAPPDATA%``), which other users cannot read by default.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from kvp_desktop import APP_AUTHOR as APP_AUTHOR  # re-exported: the folder names live in the package root
from kvp_desktop import APP_NAME as APP_NAME

ENV_DATABASE_URL = "KVP_DATABASE_URL"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseUrlError(ValueError):
    """A database address the program cannot use (Norwegian message)."""


def data_dir() -> Path:
    """The platform's user data folder, e.g. ``~/.local/share/KVP Desktop`` on Linux and
    ``%LOCALAPPDATA%\\KVP\\KVP Desktop`` on Windows."""
    return user_data_path(APP_NAME, APP_AUTHOR)


def default_database_url() -> str:
    """``KVP_DATABASE_URL`` if set, otherwise ``kvp.db`` in the user data folder."""
    env = os.environ.get(ENV_DATABASE_URL)
    if env:
        return env
    return f"sqlite:///{data_dir() / 'kvp.db'}"


def normalise_url(url: str) -> str:
    """Accept a plain file path as a SQLite database; refuse addresses the program cannot use."""
    from kvp_desktop.i18n import _

    if "\x00" in url:
        raise DatabaseUrlError(_("Databaseadressen inneholder et ugyldig tegn."))
    if "://" not in url:
        if not url.strip():
            raise DatabaseUrlError(_("Databaseadressen er tom."))
        return f"sqlite:///{Path(url).resolve()}"
    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):
        raise DatabaseUrlError(_("Databaseadressen kan ikke leses. Oppgi en SQLite-fil eller en adresse på formen "
                                 "postgresql+psycopg://bruker@server/database.")) from None
    if backend not in SUPPORTED_BACKENDS:
        raise DatabaseUrlError(_("Databasetypen «{type}» støttes ikke. KVP Desktop bruker SQLite (en fil) eller "
                                 "PostgreSQL (postgresql+psycopg://bruker@server/database).", type=backend))
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def owner_only(path: Path) -> None:
    """Tighten an existing file of ours to 0600 (folder: 0700) if others could read it (POSIX only)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        info = path.stat()
        if info.st_uid != os.getuid() or not info.st_mode & 0o077:
            return
        path.chmod(0o700 if stat.S_ISDIR(info.st_mode) else 0o600)


def _protect_sqlite_files(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        owner_only(candidate)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with our SQLite pragmas (WAL, foreign keys) or PostgreSQL defaults.

    ``hide_parameters``: a database error never quotes the values of the row it refused (names,
    fødselsnumre), so neither the log nor an error message can carry them.
    """
    url = normalise_url(url)
    path = sqlite_path(url)
    if path is not None:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        engine = create_engine(url, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "first_connect", lambda *_args: _protect_sqlite_files(path))
        return engine
    # LIFO: the connection used last is handed out next, so one connection stays in steady use (no idle
    # ping, see _ping_after_idle) and the others of a busy moment sit idle until the server may drop them.
    engine = create_engine(url, hide_parameters=True, pool_use_lifo=True)
    _ping_after_idle(engine)
    return engine


#: A pooled server connection unused for longer than this is pinged before it is handed out again.
IDLE_PING_SECONDS = 30.0


def _ping_after_idle(engine: Engine) -> None:
    """Ping a pooled connection only when it has been idle, not on every checkout.

    ``pool_pre_ping`` costs a round trip per unit of work, which a shared office across a slow network
    pays on every click. A connection in steady use is alive; one that sat idle may have been dropped by
    the server, a firewall or a VPN, so it is pinged first — and a dead one is replaced (the pool retries
    the checkout with a fresh connection when a checkout handler raises ``DisconnectionError``).
    """

    @event.listens_for(engine, "checkin")
    def _note_idle(_dbapi_connection: Any, record: Any) -> None:
        record.info["kvp_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("kvp_idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any driver error here means the connection is gone
            raise sa_exc.DisconnectionError() from exc
        if not alive:
            raise sa_exc.DisconnectionError()


# ---------------------------------------------------------------------------------------------
# Damaged SQLite files: found before anything writes to them.

EMPTY_FILE = "empty"
NOT_A_DATABASE = "not_a_database"
TRUNCATED = "truncated"


def sqlite_file_problem(path: Path) -> str | None:
    """What is wrong with an existing SQLite file, judged from its header, or ``None``.

    A missing file is no problem (a new office is made there), but an existing 0-byte file is: SQLite
    would silently treat it as a new, empty database.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return None if _has_wal(path) else EMPTY_FILE
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return NOT_A_DATABASE
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return NOT_A_DATABASE
    pages = int.from_bytes(header[28:32], "big") if header[92:96] == header[24:28] else 0
    if size % page_size or (pages and size < pages * page_size):
        # A checkpoint in another process writes page 1 (with the new size) before it extends the file:
        # with a WAL beside it, leave the verdict to quick_check, which reads through the WAL.
        return None if _has_wal(path) else TRUNCATED
    return None


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def quick_check(engine: Engine, limit: int = 5) -> list[str]:
    """SQLite's ``PRAGMA quick_check``: an empty list when the file is sound, else its first findings."""
    with engine.connect() as connection:
        rows = [str(row[0]) for row in connection.execute(text(f"PRAGMA quick_check({int(limit)})"))]
    return [] if rows == ["ok"] else rows


@dataclass(frozen=True)
class Database:
    """An open database: the engine and a session factory bound to it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @cached_property
    def read_sessions(self) -> sessionmaker[Session]:
        """Sessions for reading only: on a server, in autocommit, so a read sends no BEGIN and no ROLLBACK."""
        return _read_sessions(self.engine)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def _read_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions for read-only units of work (see ``uow.ReadUnitOfWork``).

    On PostgreSQL the connection runs in autocommit: each SELECT is its own statement, with no BEGIN
    before and no ROLLBACK after — two round trips saved per read. SQLite's driver sends no BEGIN for a
    SELECT anyway and has no network, so it keeps the ordinary engine.
    """
    bind = engine if engine.dialect.name == "sqlite" else engine.execution_options(isolation_level="AUTOCOMMIT")
    return sessionmaker(bind, expire_on_commit=False, autoflush=False)


def connect(url: str) -> Database:
    engine = make_engine(url)
    return Database(normalise_url(url), engine, sessionmaker(engine, expire_on_commit=False))
