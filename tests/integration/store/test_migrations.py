"""Alembic: empty → head, downgrade → upgrade round trip, and refusing a newer database."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kvp_desktop.services.infrastructure.context import AppContext, DatabaseTooNewError, open_context
from kvp_desktop.store import migrate
from kvp_desktop.store.db import connect, sqlite_path
from kvp_desktop.store.models import Base


def _guards(db) -> int:  # type: ignore[no-untyped-def]
    sql = (
        "SELECT count(*) FROM sqlite_master WHERE type='trigger'"
        if db.is_sqlite
        else "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
    )
    with db.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def test_empty_database_is_created_at_head(blank_db_url: str) -> None:
    db = connect(blank_db_url)
    assert migrate.status(db).current is None
    assert migrate.prepare(db) is None  # nothing to back up in a new database
    state = migrate.status(db)
    assert state.up_to_date and state.has_tables
    assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    assert _guards(db) >= 6
    db.dispose()


def test_migrations_match_the_models(blank_db_url: str) -> None:
    """The migrated schema has every column the models declare (no forgotten migration)."""
    db = connect(blank_db_url)
    migrate.upgrade(db)
    inspector = inspect(db.engine)
    for name, table in Base.metadata.tables.items():
        assert {c.name for c in table.columns} == {c["name"] for c in inspector.get_columns(name)}, name
    db.dispose()


def test_downgrade_then_upgrade_round_trip(blank_db_url: str) -> None:
    db = connect(blank_db_url)
    migrate.upgrade(db)
    migrate.downgrade(db, "base")
    assert migrate.status(db).current is None
    assert inspect(db.engine).get_table_names() == ["alembic_version"]
    assert _guards(db) == 0
    migrate.upgrade(db)
    assert migrate.status(db).up_to_date
    assert _guards(db) >= 6
    db.dispose()


def test_database_from_a_newer_program_is_refused_untouched(blank_db_url: str) -> None:
    db = connect(blank_db_url)
    migrate.upgrade(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    path = sqlite_path(db.url)
    db.dispose()
    before = path.read_bytes() if path else b""
    with pytest.raises(DatabaseTooNewError) as error:
        open_context(blank_db_url)
    assert "nyere versjon av KVP Desktop" in str(error.value)
    if path:
        assert path.read_bytes() == before
    db = connect(blank_db_url)
    assert migrate.status(db).current == "ffff_future"
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(ctx: AppContext) -> None:
    if not ctx.db.is_sqlite:
        with ctx.db.engine.connect() as connection:  # PostgreSQL always enforces foreign keys
            assert connection.execute(text("SHOW server_encoding")).scalar() == "UTF8"
        return
    with ctx.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_older_database_is_backed_up_then_upgraded_with_its_data(blank_db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = connect(blank_db_url)
    migrate.upgrade(db, "0001")
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (username, full_name, role, title, phone, email, caseworker_number, active,"
            " created_at, updated_at) VALUES ('kari', 'Kari Nordmann', 'veileder', '', '', '', '', true,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    db.dispose()
    context = open_context(blank_db_url, backup_dir=tmp_path / "kopier")
    assert migrate.status(context.db).up_to_date
    with context.db.engine.connect() as connection:
        assert connection.execute(text("SELECT full_name FROM users")).scalar() == "Kari Nordmann"
    if context.db.is_sqlite:
        assert context.backup_made is not None and context.backup_made.parent == tmp_path / "kopier"
        assert "før-oppgradering" in context.backup_made.name
        import sqlite3

        with sqlite3.connect(context.backup_made) as backup:
            assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert backup.execute("SELECT full_name FROM users").fetchone() == ("Kari Nordmann",)
    else:
        assert context.backup_made is None  # PostgreSQL: pg_dump is the office's backup
    context.close()
