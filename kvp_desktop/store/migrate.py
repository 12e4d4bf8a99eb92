"""Schema migrations with Alembic: status, upgrade after a backup, refuse a newer database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import ProgrammingError

from kvp_desktop.store.backup import backup_sqlite
from kvp_desktop.store.db import Database, sqlite_path


class DatabaseTooNewError(Exception):
    """The database was written by a newer KVP Desktop; we must not touch it."""


class NotSchemaOwnerError(DatabaseTooNewError):
    """PostgreSQL: the schema needs an upgrade, but the connection's role is the application's, which
    may not change the schema (store/pg_roles.py). Handled like a newer database: nothing is changed,
    the message says what to do."""


def alembic_config(db: Database | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("kvp_desktop.store") / "migrations"))
    if db is not None:
        config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class MigrationStatus:
    current: str | None
    head: str
    known: bool  # the current revision is one this program knows
    has_tables: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def too_new(self) -> bool:
        return self.current is not None and not self.known


def status(db: Database) -> MigrationStatus:
    script = script_directory()
    current = current_revision(db)
    known = current is None or _is_known(script, current)
    has_tables = bool(inspect(db.engine).get_table_names())
    return MigrationStatus(current, head_revision(), known, has_tables)


def _is_known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade(db: Database, revision: str = "head") -> None:
    with db.engine.begin() as connection:
        config = alembic_config(db)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(db: Database, revision: str) -> None:
    with db.engine.begin() as connection:
        config = alembic_config(db)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def prepare(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Bring ``db`` to the schema this program expects.

    A new database is created at head. An older one is backed up (SQLite online backup) and
    upgraded. A newer one (unknown revision) is refused untouched. Returns the backup file, if any.
    """
    state = status(db)
    if state.too_new:
        raise DatabaseTooNewError(
            "Databasen er laget av en nyere versjon av KVP Desktop (skjemaversjon "
            f"{state.current}). Oppdater programmet før du åpner den; databasen er ikke endret."
        )
    if state.up_to_date:
        return None
    backup: Path | None = None
    path = sqlite_path(db.url)
    if state.current is not None and path is not None and path.exists():
        folder = backup_dir or path.parent / "sikkerhetskopier"
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(db.engine, folder / f"{path.stem}-før-oppgradering-{stamp}.db")
    try:
        upgrade(db)
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        raise NotSchemaOwnerError(
            "Databasen må oppgraderes til skjemaversjon "
            f"{state.head}, men denne brukeren har ikke lov til å endre skjemaet. Be IT kjøre "
            "«kvp migrate upgrade --grant-to ROLLE» som eieren av databasen; databasen er ikke endret."
        ) from exc
    return backup
