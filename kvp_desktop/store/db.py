"""Database location, engine set-up, and opening a database safely (migrate after a backup)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kvp_desktop import APP_AUTHOR as APP_AUTHOR  # re-exported: the folder names live in the package root
from kvp_desktop import APP_NAME as APP_NAME

ENV_DATABASE_URL = "KVP_DATABASE_URL"


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
    """Accept a plain file path as a SQLite database."""
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).resolve()}"


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


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with our SQLite pragmas (WAL, foreign keys) or PostgreSQL defaults."""
    url = normalise_url(url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url)
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
