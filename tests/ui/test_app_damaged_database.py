"""The app's start-up on a damaged database: a 0-byte file, a zeroed page (found by PRAGMA
quick_check on the start-up worker) and flipped bytes in the schema are all reported as a damaged
file, the newest backup is offered, and the damaged file is kept unchanged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from kvp_desktop.services.infrastructure.context import open_context
from tests.ui.test_app import _exec_until_ready
from ui import app


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _zeroed_page(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\0" * 4096)


def _flipped_schema(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"CREATE TABLE")
    for offset in (3, 30, 31):
        data[at + offset] = 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_empty, _zeroed_page, _flipped_schema], ids=["tom", "nullet-side", "skjema"])
def test_damage_is_reported_and_the_newest_backup_offered(damage: Callable[[Path], None], demo_url: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from kvp_desktop.services.office import backups

    path = Path(demo_url.removeprefix("sqlite:///"))
    ctx = open_context(demo_url)
    backups.make_backup(ctx)
    ctx.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)
    damaged = path.read_bytes()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: told.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]) or 0)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: told.append("KRITISK " + a[2]) or 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(_exec_until_ready(lambda window: 0)))
    assert app.main(["--database", demo_url]) == 0
    assert told and told[0].startswith("Databasefilen «"), told
    assert "UnicodeDecodeError" not in " ".join(told) and "Sjekk stien" not in " ".join(told)
    assert "sikkerhetskopi" in told[0] and "ny database" in told[1]
    assert path.read_bytes() == damaged  # never written to, never turned into a new office
    assert list(path.parent.glob("*-gjenopprettet-*.db"))
