"""The start-up check of the audit trail: a broken chain is named in Norwegian after the login."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kvp_desktop.store.db import sqlite_path
from tests.support.event_loop import real_event_loop
from ui import app
from ui.main_window import MainWindow


def _exec_until_ready() -> Callable[[], int]:
    def run() -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        window.ready.connect(lambda: QTimer.singleShot(0, lambda: QApplication.exit(0)))
        return real_event_loop(code_on_limit=99)

    return run


def _start(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text) or 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(_exec_until_ready()))
    assert app.main(["--database", demo_url]) == 0
    return warned


def test_a_changed_audit_row_is_reported_at_start_up(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_path(demo_url)
    assert path is not None
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER audit_no_update")
        connection.execute("UPDATE audit_events SET detail = 'endret' WHERE id = 4")
    warned = _start(demo_url, monkeypatch)
    assert len(warned) == 1 and warned[0].startswith("Revisjonsloggen er brutt ved rad 4 (")


def test_an_intact_trail_says_nothing(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _start(demo_url, monkeypatch) == []
