"""Alembic: empty → head, downgrade → upgrade round trip, and refusing a newer database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from kvp_desktop.services.context import DatabaseTooNewError, open_context
from kvp_desktop.store import migrate
from kvp_desktop.store.db import connect
from kvp_desktop.store.models import Base


def test_empty_database_is_created_at_head(tmp_path: Path) -> None:
    db = connect(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.status(db).current is None
    assert migrate.prepare(db) is None  # nothing to back up in a new file
    state = migrate.status(db)
    assert state.up_to_date and state.has_tables
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """The migrated schema has every column the models declare (no forgotten migration)."""
    db = connect(f"sqlite:///{tmp_path / 'm.db'}")
    migrate.upgrade(db)
    inspector = inspect(db.engine)
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspector.get_columns(name)}
        assert {c.name for c in table.columns} == columns, name


def test_downgrade_then_upgrade_round_trip(tmp_path: Path) -> None:
    db = connect(f"sqlite:///{tmp_path / 'rt.db'}")
    migrate.upgrade(db)
    migrate.downgrade(db, "base")
    assert migrate.status(db).current is None
    assert inspect(db.engine).get_table_names() == ["alembic_version"]
    migrate.upgrade(db)
    assert migrate.status(db).up_to_date
    with db.engine.connect() as connection:
        triggers = connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).all()
    assert len(triggers) >= 8


def test_database_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    db = connect(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    db.dispose()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as error:
        open_context(f"sqlite:///{path}")
    assert "nyere versjon av KVP Desktop" in str(error.value)
    assert path.read_bytes() == before


def test_sqlite_runs_in_wal_mode_with_foreign_keys(ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
