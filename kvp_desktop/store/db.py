"""Database location, engine set-up, and opening a database safely (migrate after a backup)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event
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
    return create_engine(url, pool_pre_ping=True)


@dataclass(frozen=True)
class Database:
    """An open database: the engine and a session factory bound to it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def connect(url: str) -> Database:
    engine = make_engine(url)
    return Database(normalise_url(url), engine, sessionmaker(engine, expire_on_commit=False))
