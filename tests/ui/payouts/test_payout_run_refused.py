"""Ny kjøring in the window: a month that has not ended is refused with a dialog, and the second
of two runs for the same month started at the same moment gets the Norwegian conflict dialog."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.store.db import sqlite_path
from ui.main_window import MainWindow


def test_a_month_not_ended_is_refused_in_a_dialog(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, message_boxes: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    tab = window.payouts_tab
    this_month = f"{dt.date.today():%Y-%m}"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (this_month, True))
    seen = message_boxes
    before = len(payouts.list_runs(demo_ctx))
    tab.buttons["newRun"].click()
    assert seen and seen[0][0] == "runRefusedBox"
    assert "er ikke over ennå" in seen[0][1] and "etterskuddsvis" in seen[0][1]
    assert len(payouts.list_runs(demo_ctx)) == before


def test_the_second_of_two_runs_at_once_gets_the_conflict_dialog(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, message_boxes: list[tuple[str, str]]
) -> None:
    path = sqlite_path(demo_ctx.db.url)
    assert path is not None  # the ui suite runs on SQLite
    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    tab = window.payouts_tab
    label = "2026-11"
    person = payout_runs.preview_run(demo_ctx, label).participants[0].person_id
    seen = message_boxes
    # Another client (its own connection) is saving a run for the same month right now: it holds
    # the write lock while the window's run is computed, and commits while the window waits.
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    cursor = other.execute("INSERT INTO payout_runs (label, period_from, period_to, state, total, parameter_version,"
                           " created_at, updated_at) VALUES (?, '2026-11-01', '2026-11-30', 'draft', 0, 0,"
                           " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", (label,))
    other.execute("INSERT INTO payout_claims (person_id, period_from, period_to, run_id)"
                  " VALUES (?, '2026-11-01', '2026-11-30', ?)", (person, cursor.lastrowid))
    worker = tab.start_run(label)
    time.sleep(1.0)
    other.execute("COMMIT")
    other.close()
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0][0] == "runRefusedBox"
    assert "ble laget samtidig" in seen[0][1] and "to ganger" in seen[0][1]
    runs = [r for r in payouts.list_runs(demo_ctx) if r.label == label]
    assert len(runs) == 1 and runs[0].line_count == 0  # only the other client's run; nothing of ours
