"""The week sheet never undoes another user's attendance: it sends only the changed days with
the version it showed, and a day saved by someone else meanwhile brings up the conflict box."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QTableView, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.programmes import attendance
from ui.main_window import MainWindow

MONDAY = dt.date(2026, 11, 16)


def _open(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> tuple[object, int]:
    window.switch_context(ctx.as_user("demo.saksbehandler"))
    dialog = window.payouts_tab.open_week_sheet(MONDAY)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # not QApplication.setActiveWindow: deprecated
    qtbot.waitActive(dialog)
    return dialog, dialog.model.rows[0].programme_id


def _target(table: QTableView) -> QWidget:
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editors[0] if editors else table


def _type(qtbot: QtBot, dialog: object, column: int, text: str) -> None:
    """Type into row 0's cell and press Enter, as a caseworker does."""
    table = dialog.table  # type: ignore[attr-defined]
    table.setCurrentIndex(dialog.model.index(0, column))  # type: ignore[attr-defined]
    table.setFocus()
    for char in text:
        qtbot.keyClick(_target(table), char)
    qtbot.keyClick(_target(table), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _target(table) is table)  # the cell is committed


def _other_user_saves(ctx: AppContext, programme_id: int, weekday: int, note: str) -> None:
    """User B, whose sheet was loaded at the same time, saves one day with a note."""
    other = ctx.as_user("demo.veileder") if _has(ctx, "demo.veileder") else ctx.as_user("demo.attestant")
    shown = attendance.week_sheet(ctx, MONDAY, [programme_id])[0].days[weekday]
    attendance.save_week(other, MONDAY, {programme_id: [attendance.DayInput(
        shown.day, attended=shown.planned, note=note, expected_version=shown.version)]})


def _has(ctx: AppContext, username: str) -> bool:
    try:
        ctx.as_user(username)
    except Exception:
        return False
    return True


def _day(ctx: AppContext, programme_id: int, weekday: int) -> attendance.DayEntry:
    return attendance.week_sheet(ctx, MONDAY, [programme_id])[0].days[weekday]


@pytest.mark.parametrize("answer", ["Last inn på nytt", "Bruk mine endringer på den nye versjonen", "Avbryt"])
def test_a_day_saved_by_another_user_shows_the_conflict(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    answer: str,
) -> None:
    dialog, programme_id = _open(qtbot, window, demo_ctx)
    before_wednesday = _day(demo_ctx, programme_id, 2)
    _type(qtbot, dialog, 1, "u")  # A: Monday unauthorised absence (the whole planned day)
    assert dialog.model.dirty == {(0, 0)}  # type: ignore[attr-defined]
    _other_user_saves(demo_ctx, programme_id, 0, "B var her")

    seen: list[str] = []

    def click(box: QMessageBox) -> int:
        seen.append(f"{box.objectName()}|{box.text()}|{box.detailedText()}")
        if os.environ.get("KVP_SCREENSHOTS"):
            box.show()
            box.adjustSize()
            box.grab().save(str(Path(os.environ["KVP_SCREENSHOTS"]) / "week-sheet-conflict.png"))
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert len(seen) == 1
    name, text, details = seen[0].split("|")
    assert name == "conflictBox"
    assert "endret av en annen bruker" in text and "Ingenting av det du gjorde er lagret" in text
    assert "merknad" in details and "B var her" in details
    monday = _day(demo_ctx, programme_id, 0)
    assert monday.note == "B var her"  # B's save is never undone
    if answer == "Bruk mine endringer på den nye versjonen":
        assert monday.invalid_absence == monday.planned > 0  # A's change, on B's version
        assert "Lagret 1 dager" in dialog.status.text()  # type: ignore[attr-defined]
    else:
        assert monday.invalid_absence == Decimal(0)
    assert _day(demo_ctx, programme_id, 2) == before_wednesday  # a day nobody changed is not sent


def test_changes_on_other_days_are_both_kept(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    dialog, programme_id = _open(qtbot, window, demo_ctx)
    _type(qtbot, dialog, 3, "u2")  # A: Wednesday two hours of unauthorised absence
    _other_user_saves(demo_ctx, programme_id, 0, "B på mandag")
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert "Lagret 1 dager" in dialog.status.text()  # type: ignore[attr-defined]
    assert _day(demo_ctx, programme_id, 0).note == "B på mandag"
    assert _day(demo_ctx, programme_id, 2).invalid_absence == Decimal(2)


def test_absence_over_the_planned_hours_is_refused_in_the_sheet(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog, programme_id = _open(qtbot, window, demo_ctx)
    _type(qtbot, dialog, 6, "u5")  # Saturday: nothing planned
    messages: list[str] = []

    def show(box: QMessageBox) -> int:
        messages.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert messages and "ingen planlagt aktivitet" in messages[0]
    assert not _day(demo_ctx, programme_id, 5).registered


def test_delete_clears_a_day_and_only_that_day_is_saved(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext
) -> None:
    dialog, programme_id = _open(qtbot, window, demo_ctx)
    assert _day(demo_ctx, programme_id, 1).registered
    table = dialog.table  # type: ignore[attr-defined]
    table.setCurrentIndex(dialog.model.index(0, 2))  # type: ignore[attr-defined]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert dialog.model.cells[0][1] == ""  # type: ignore[attr-defined]
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Lagret 1 dager" in dialog.status.text()  # type: ignore[attr-defined]
    cleared = _day(demo_ctx, programme_id, 1)
    assert cleared.attended == 0 and cleared.invalid_absence == 0 and cleared.valid_absence == 0
