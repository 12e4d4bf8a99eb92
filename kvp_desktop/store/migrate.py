"""Schema migrations with Alembic: status, upgrade after a backup, refuse a newer database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect
from sqlalchemy.exc import ProgrammingError

from kvp_desktop.store.db import Database, sqlite_path

# Alembic (with Mako and every dialect's DDL) is imported only when a database is not at the newest
# revision: opening an up-to-date database, which is every start but the first after an upgrade,
# reads the revision with one query (``_at_head``), and the program's start-up does not pay for it.
if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


class DatabaseTooNewError(Exception):
    """The database was written by a newer KVP Desktop; we must not touch it."""


class NotSchemaOwnerError(DatabaseTooNewError):
    """PostgreSQL: the schema needs an upgrade, but the connection's role is the application's, which
    may not change the schema (store/pg_roles.py). Handled like a newer database: nothing is changed,
    the message says what to do."""


def alembic_config(db: Database | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("kvp_desktop.store") / "migrations"))
    if db is not None:
        config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def quick_head() -> str | None:
    """The newest revision read from the text of the version files (``revision = "…"`` and
    ``down_revision = …``), without importing Alembic; ``None`` unless there is exactly one head.
    ``head_revision()`` is the authority; a test checks that the two agree."""
    folder = resources.files("kvp_desktop.store") / "migrations" / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    for item in folder.iterdir():
        if not item.name.endswith(".py") or item.name.startswith("_"):
            continue
        text = item.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"""["']([^"']+)["']""", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(db: Database) -> bool:
    """Whether the database's one revision is the newest (one query; any doubt says no)."""
    head = quick_head()
    if head is None:
        return False
    try:
        with db.engine.connect() as connection:
            found = [row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
    except sa_exc.DatabaseError:  # no such table (a new database), or a damaged file: the full check decides
        return False
    return found == [head]


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
    from alembic import command

    with db.engine.begin() as connection:
        config = alembic_config(db)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    with db.engine.begin() as connection:
        config = alembic_config(db)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def prepare(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Bring ``db`` to the schema this program expects.

    A new database is created at head. An older one is backed up (SQLite online backup) and
    upgraded. A newer one (unknown revision) is refused untouched. Returns the backup file, if any.
    """
    if _at_head(db):
        return None
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
        from kvp_desktop.store.backup import backup_sqlite

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
