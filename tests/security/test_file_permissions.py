"""Personal data files are the owner's alone (POSIX): database, -wal/-shm, backups, the log."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.security.conftest import run_kvp

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the per-user data folder is private")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_backups_and_log_are_created_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "KVP Desktop"
    logs = tmp_path / "logs" / "kvp"
    database = folder / "kvp.db"
    env = {"KVP_LOG_DIR": str(logs)}
    old = os.umask(0o022)  # as a normal login shell has it
    try:
        made = run_kvp("--database", str(database), "demo", "--persons", "5", env=env)
        assert made.returncode == 0, made.stderr
        backup = run_kvp("--database", str(database), "backup", env=env)
        assert backup.returncode == 0, backup.stderr
    finally:
        os.umask(old)
    files = [database, *folder.glob("kvp.db-*"), *(folder / "sikkerhetskopier").glob("*"), *logs.glob("kvp.log*")]
    assert any(p.parent.name == "sikkerhetskopier" for p in files) and (logs / "kvp.log").exists()
    for path in files:
        assert _mode(path) == 0o600, (path, oct(_mode(path)))
    for path in (folder, folder / "sikkerhetskopier", logs):
        assert _mode(path) == 0o700, (path, oct(_mode(path)))


def test_an_existing_database_readable_by_others_is_tightened_when_opened(tmp_path: Path) -> None:
    database = tmp_path / "kvp.db"
    assert run_kvp("--database", str(database), "demo", "--persons", "3").returncode == 0
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.chmod(0o644)
    assert run_kvp("--database", str(database), "payout", "run", "--period", "2026-10", "--dry-run").returncode == 0
    assert _mode(database) == 0o600
