"""Utbetalinger with the keyboard: a week of attendance for several participants in the week
sheet, then a run made in the background, approved by another user and exported to payroll."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.programmes import attendance
from ui.main_window import MainWindow

MONDAY = dt.date(2026, 11, 16)
# What is typed per participant for Monday–Friday.
WEEK = [
    ["7,5", "7,5", "u3", "e", "7,5"],
    ["4,5+u3", "7,5", "7,5", "b", "f"],
    ["7,5", "3+ar4,5", "7,5", "7,5", "u"],
]


_TABLE: list[QTableView] = []


def _target() -> QWidget:
    """Where the keyboard is: the open cell editor, else the focused widget of the sheet."""
    table = _TABLE[0]
    # As between a user's keys: Qt first handles what the last key queued (Return commits the cell
    # editor with a queued call; a key sent before it runs would find an editor the view has closed).
    QApplication.processEvents()
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    if editors:
        return editors[0]
    focus = QApplication.focusWidget()
    return focus if focus is not None and table.window().isAncestorOf(focus) else table


def _type(qtbot: QtBot, text: str) -> None:
    for char in text:
        qtbot.keyClick(_target(), char)


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_target(), key, modifier)


def test_week_sheet_run_approve_and_export_with_the_keyboard(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, tmp_path: Path
) -> None:
    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    tab = window.payouts_tab
    dialog = tab.open_week_sheet(MONDAY)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    table = dialog.table
    _TABLE[:] = [table]
    assert dialog.model.rowCount() >= 3
    # The first three participants with a full planned week (a programme stopped mid-week is skipped).
    sheet = attendance.week_sheet(demo_ctx, MONDAY)
    rows = [i for i, row in enumerate(sheet) if all(d.planned > 0 for d in row.days[:5])][:3]
    assert len(rows) == 3
    shown = {i: [attendance.format_cell(d) for d in dialog.model.rows[i].days[:5]] for i in rows}
    changed = sum(  # only the days that differ from what the sheet showed are sent
        attendance.format_cell(attendance.parse_cell(text, d.day, d.planned)) != before  # type: ignore[arg-type]
        for i, days in zip(rows, WEEK, strict=True)
        for text, d, before in zip(days, dialog.model.rows[i].days, shown[i], strict=False))
    table.setFocus()
    assert table.currentIndex().row() == 0 and table.currentIndex().column() == 1
    for _n in range(rows[0]):
        _key(qtbot, Qt.Key.Key_Down)
    for index, (row, days) in enumerate(zip(rows, WEEK, strict=True)):
        for column, text in enumerate(days):
            _type(qtbot, text)
            _key(qtbot, Qt.Key.Key_Tab if column < 4 else Qt.Key.Key_Return)
        if index < len(WEEK) - 1:
            for _n in range(rows[index + 1] - row):
                _key(qtbot, Qt.Key.Key_Down)
            for _n in range(4):
                _key(qtbot, Qt.Key.Key_Left)
    assert not dialog.model.errors
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert f"Lagret {changed} dager" in dialog.status.text()
    saved = [attendance.week_sheet(demo_ctx, MONDAY)[i] for i in rows]
    for row, days in zip(saved, WEEK, strict=True):
        typed = [attendance.parse_cell(t, d.day, d.planned) for t, d in zip(days, row.days, strict=False)]
        assert [attendance.format_cell(d) for d in row.days[:5]] == [attendance.format_cell(t) for t in typed if t]
    assert saved[0].days[2].invalid_absence == Decimal(3)
    assert saved[1].days[3].valid_absence_type == "sykt_barn"
    assert saved[2].days[1].paid_work == Decimal("4.5")
    dialog.close()

    # A run in the background (progress, no blocking), saved as a draft.
    worker = tab.start_run("2026-11")
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: tab.current_run is not None and tab.current_run.label == "2026-11", timeout=10_000)
    run = tab.current_run
    assert run is not None and run.state == "draft"
    assert not tab.buttons["approveRun"].isEnabled()  # the maker may not approve (four eyes)
    assert tab.buttons["approveRun"].toolTip() == tab.buttons["approveRun"].statusTip() == (
        "Bare en attestant eller leder kan godkjenne en utbetalingskjøring.")  # and is told why

    # Another user (the attestant) approves with the keyboard-reachable button.
    window.switch_context(demo_ctx.as_user("demo.attestant"))
    tab.reload()
    qtbot.waitUntil(lambda: tab.current_run is not None, timeout=5_000)
    if tab.current_run and tab.current_run.id != run.id:
        tab.select_run(next(r for r in payouts.list_runs(demo_ctx) if r.id == run.id))
    assert tab.buttons["approveRun"].isEnabled()
    qtbot.mouseClick(tab.buttons["approveRun"], Qt.MouseButton.LeftButton)
    assert payouts.get_run(demo_ctx, run.id).state == "approved"
    assert tab.buttons["exportRun"].isEnabled()

    target = tmp_path / "lonn-2026-11.xlsx"
    job = tab.export_current(target)  # written on the worker thread
    assert job is not None
    qtbot.waitUntil(job.is_finished, timeout=30_000)
    count = tab.last_export_count
    assert count and count == payouts.get_run(demo_ctx, run.id).person_count
    sheet = load_workbook(target).active
    assert sheet is not None
    exported = sum(Decimal(str(r[4])).quantize(Decimal("0.01")) for r in list(sheet.iter_rows(values_only=True))[1:])
    assert exported == payouts.get_run(demo_ctx, run.id).total
    assert payouts.get_run(demo_ctx, run.id).state == "exported"
    assert "Eksportert" in tab.message.text()
    html = tab.explanation(payouts.run_lines(demo_ctx, run.id)[0].person_id)
    assert "stl. § 35" in html and "Til utbetaling" in html
