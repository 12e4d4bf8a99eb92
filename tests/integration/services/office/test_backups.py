"""Backups with SQLite's online API, verified; restore replaces the data only after checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.office import backups
from kvp_desktop.store.models import PortfolioEvent


def test_backup_and_restore_round_trip(demo_ctx: AppContext, tmp_path: Path) -> None:
    if not demo_ctx.db.is_sqlite:
        with pytest.raises(ServiceError, match="pg_dump"):
            backups.make_backup(demo_ctx, tmp_path / "x.db")
        return
    target = backups.make_backup(demo_ctx, tmp_path / "kopi.db")
    check = backups.verify_backup(target)
    assert check.counts["persons"] == 60
    with demo_ctx.uow() as uow:  # a careless change after the backup
        uow.session.execute(delete(PortfolioEvent))
        uow.commit()
    with demo_ctx.uow() as uow:
        assert uow.session.scalar(select(func.count(PortfolioEvent.id))) == 0
    _check, safety = backups.restore_backup(demo_ctx, target)
    assert safety.exists() and backups.verify_backup(safety).counts["persons"] == 60
    with demo_ctx.uow() as uow:
        assert (uow.session.scalar(select(func.count(PortfolioEvent.id))) or 0) > 0


def test_damaged_or_foreign_files_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"dette er ikke en database" * 100)
    with pytest.raises(ServiceError, match="ikke en gyldig database"):
        backups.verify_backup(junk)
    with pytest.raises(ServiceError, match="Finner ikke"):
        backups.verify_backup(tmp_path / "mangler.db")
    import sqlite3

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ServiceError, match="ikke en database fra KVP Desktop"):
        backups.verify_backup(other)


def test_daily_backup_is_taken_once_a_day_and_keeps_the_newest(demo_ctx: AppContext) -> None:
    import datetime as dt

    if not demo_ctx.db.is_sqlite:
        assert backups.scheduled_backup(demo_ctx) is None  # PostgreSQL: pg_dump, documented
        return
    start = dt.datetime(2026, 11, 1, 8, 0)
    taken = [backups.scheduled_backup(demo_ctx, keep=3, now=start + dt.timedelta(days=day, hours=hour))
             for day in range(5) for hour in (0, 6)]
    assert [t is not None for t in taken] == [True, False] * 5  # once a day, not at every start
    kept = sorted(p.name for p in backups.default_backup_folder(demo_ctx).glob("*-daglig-*.db"))
    assert len(kept) == 3 and kept[-1].endswith("20261105-080000.db")
    assert all(backups.verify_backup(p).counts["persons"] == 60 for p in backups.list_backups(demo_ctx))


def test_a_damaged_file_is_refused_untouched_and_the_latest_backup_recovered(demo_ctx: AppContext) -> None:
    import sqlite3

    from kvp_desktop.services.infrastructure.context import DatabaseDamagedError, open_context
    from kvp_desktop.store.db import sqlite_path

    path = sqlite_path(demo_ctx.db.url)
    if path is None:
        return  # PostgreSQL guards its own files
    backups.make_backup(demo_ctx)
    demo_ctx.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # a power cut in the middle of a copy
    damaged = path.read_bytes()
    with pytest.raises(DatabaseDamagedError) as error:
        open_context(f"sqlite:///{path}")
    assert "er skadet" in str(error.value) and error.value.path == path
    assert path.read_bytes() == damaged  # never written to
    recovered, used = backups.recover_latest(path)
    assert recovered != path and used.parent.name == "sikkerhetskopier"
    reopened = open_context(f"sqlite:///{recovered}")
    try:
        assert backups.verify_backup(recovered).counts["persons"] == 60
    finally:
        reopened.close()
    assert path.read_bytes() == damaged
