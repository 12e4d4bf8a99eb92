"""Programbygger: blocks drawn, moved, resized, copied and deleted with the mouse and the keyboard;
the live header and the rule findings follow; a running phase is versioned, not overwritten."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kvp_desktop.rules import calendar
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.programmes import programmes
from tests.conftest import TODAY
from ui.app import pick_person
from ui.main_window import MainWindow
from ui.programme.grid import WeekGrid
from ui.programme.tab import ProgrammeTab


def open_tab(window: MainWindow, demo_ctx: AppContext, *, future_phase: bool) -> ProgrammeTab:
    person_id = pick_person(demo_ctx, "programbygger")
    assert person_id is not None
    tab = window.programme_tab
    tab._today = lambda: TODAY
    window.select_person(person_id)
    window.show_tab("programbygger")
    programme = tab.programme
    assert programme is not None
    if future_phase:  # a phase that has not begun: edits replace its pattern
        index = next(i for i, p in enumerate(programme.phases) if p.from_date > TODAY)
        tab.phases.select(index)
    return tab


def drag(grid: WeekGrid, start: QPoint, end: QPoint) -> None:
    """Press, move with the button held, release (events sent the way a real drag arrives)."""
    left, no = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, point, buttons in ((QMouseEvent.Type.MouseButtonPress, start, left),
                                 (QMouseEvent.Type.MouseMove, (start + end) / 2, left),
                                 (QMouseEvent.Type.MouseMove, end, left),
                                 (QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, QPointF(point), QPointF(grid.mapToGlobal(point)), left, buttons, no)
        QApplication.sendEvent(grid, event)


def saturday(tab: ProgrammeTab) -> list[programmes.BlockView]:
    return [b for b in tab.plan.blocks if b.weekday == 5]


def test_mouse_draws_moves_resizes_and_refuses_overlaps(qtbot: QtBot, window: MainWindow,
                                                        demo_ctx: AppContext) -> None:
    tab = open_tab(window, demo_ctx, future_phase=True)
    grid = tab.grid
    total = tab.plan.total_hours()
    tab.brush.setCurrentIndex(tab.brush.findText("Jobbklubb", Qt.MatchFlag.MatchStartsWith))

    # Draw on Saturday 09:00–11:00 (drag over empty space): a block with the brush's activity.
    drag(grid, grid.point_for(5, 9 * 60 + 5), grid.point_for(5, 10 * 60 + 40))
    [block] = saturday(tab)
    assert (block.start_minute, block.end_minute, block.activity, block.category) == (
        9 * 60, 11 * 60, "Jobbklubb", "job_seeking")
    assert tab.plan.total_hours() == total + 2
    assert "Jobbsøking" in tab.hours.text() and tab.plan.dirty and tab.save_button.isEnabled()

    # Move it one hour later and to Sunday (drag from its middle).
    drag(grid, grid.point_for(5, 10 * 60), grid.point_for(6, 11 * 60))
    assert saturday(tab) == []
    [moved] = [b for b in tab.plan.blocks if b.weekday == 6]
    assert (moved.start_minute, moved.end_minute) == (10 * 60, 12 * 60)

    # Resize it by dragging its lower edge 30 minutes down.
    bottom = grid.block_rect(moved).bottomLeft().toPoint() + QPoint(20, -2)
    drag(grid, bottom, bottom + QPoint(0, round(grid.y_of(12 * 60 + 30) - grid.y_of(12 * 60))))
    [resized] = [b for b in tab.plan.blocks if b.weekday == 6]
    assert (resized.start_minute, resized.end_minute) == (10 * 60, 12 * 60 + 30)
    assert tab.plan.total_hours() == total + Decimal("2.5")

    # Drawing across Monday's existing blocks is refused with a message; nothing changes.
    before = tab.plan.blocks
    drag(grid, grid.point_for(0, 11 * 60), grid.point_for(0, 13 * 60))
    assert tab.plan.blocks == before
    assert "overlapper" in tab.status_message.text()


def test_keyboard_creates_resizes_moves_copies_and_deletes(qtbot: QtBot, window: MainWindow,
                                                           demo_ctx: AppContext) -> None:
    tab = open_tab(window, demo_ctx, future_phase=True)
    grid = tab.grid
    grid.setFocus()
    count = len(tab.plan.blocks)
    grid.set_cursor(5, 18 * 60)
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # a one-hour block at the cursor
    [block] = saturday(tab)
    assert (block.start_minute, block.end_minute) == (18 * 60, 19 * 60)
    qtbot.keyClick(grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # 30 minutes longer
    assert saturday(tab)[0].end_minute == 19 * 60 + 30
    qtbot.keyClick(grid, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # 30 minutes earlier
    assert (saturday(tab)[0].start_minute, saturday(tab)[0].end_minute) == (17 * 60 + 30, 19 * 60)
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # cursor to Sunday
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    sunday = [b for b in tab.plan.blocks if b.weekday == 6]
    assert [(b.start_minute, b.end_minute) for b in sunday] == [(17 * 60 + 30, 19 * 60)]
    assert len(tab.plan.blocks) == count + 2
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert [b for b in tab.plan.blocks if b.weekday == 6] == []
    # Arrow keys choose the block under the cursor; Delete removes it.
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.selected_block() == saturday(tab)[0]
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert len(tab.plan.blocks) == count
    # Undo brings back the saved pattern.
    tab.revert()
    assert not tab.plan.dirty


def test_header_and_findings_follow_the_plan(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    tab = open_tab(window, demo_ctx, future_phase=True)
    assert tab.total_gauge.property("level") in ("ok", "warning")
    assert "37,5 av 37,5 timer" in tab.total_gauge.text()
    assert tab.paid_gauge.property("level") == "ok"
    assert "stl. §§ 30 og 37" in tab.paid_gauge.toolTip()
    codes = {f.code for f in tab.findings_shown}
    assert "week.not_full_time" not in codes and "paid_work.too_much" not in codes

    # Remove Friday: the week is short; the gauge turns red and the finding shows with its reference.
    for block in [b for b in tab.plan.blocks if b.weekday == 4]:
        tab.plan.remove_block(tab.plan.index_of(block))
    assert tab.total_gauge.property("level") == "error"
    assert "forskrift § 1 tredje ledd" in tab.total_gauge.toolTip()
    assert "week.not_full_time" in {f.code for f in tab.findings_shown}
    assert any("forskrift § 1 tredje ledd" in tab.findings.item(i).text() for i in range(tab.findings.count()))

    # Twenty hours of paid work on the weekend is more than half a position.
    for weekday in (5, 6):
        paid = programmes.BlockView(weekday, 8 * 60, 18 * 60, "Deltidsjobb", "paid_work", "")
        assert tab.plan.add_block(paid) is None
    assert tab.paid_gauge.property("level") == "error"
    assert "paid_work.too_much" in {f.code for f in tab.findings_shown}

    # Clicking a finding goes to its phase (after asking whether to drop the unsaved changes).
    asked: list[str] = []

    def refuse(text: str) -> bool:
        asked.append(text)
        return False

    tab.confirm = refuse
    item = next(tab.findings.item(i) for i in range(tab.findings.count())
                if "lønnet arbeid" in tab.findings.item(i).text())
    tab.findings.itemClicked.emit(item)
    assert "Funnet gjelder uken" in tab.status_message.text()
    assert tab.plan.dirty and (asked == [] or "forkaste" in asked[0])


def test_a_running_phase_is_versioned_not_overwritten(qtbot: QtBot, window: MainWindow,
                                                      demo_ctx: AppContext) -> None:
    tab = open_tab(window, demo_ctx, future_phase=False)
    programme = tab.programme
    phase = tab.plan.phase
    assert programme is not None and phase is not None
    monday = calendar.week_monday(TODAY)
    assert phase.from_date < monday <= phase.to_date, "the demo person has a running phase"
    past_day = next(d for d in calendar.weekdays(monday - dt.timedelta(days=14), monday - dt.timedelta(days=8))
                    if not calendar.is_public_holiday(d))
    before = programmes.planned_hours(demo_ctx, programme.id, past_day, past_day)[past_day]

    for block in [b for b in tab.plan.blocks if b.weekday == past_day.weekday()]:
        tab.plan.remove_block(tab.plan.index_of(block))
    asked: list[str] = []

    def agree(text: str) -> bool:
        asked.append(text)
        return True

    tab.confirm = agree
    assert tab.save()
    assert asked and "uke" in asked[0] and "deles i to" in asked[0]

    after = programmes.get_programme(demo_ctx, programme.id)
    old = next(p for p in after.phases if p.id == phase.id)
    new = next(p for p in after.phases if p.derived_from_id == phase.id)
    assert old.to_date == monday - dt.timedelta(days=1) and old.blocks == phase.blocks
    assert new.from_date == monday and new.to_date == phase.to_date
    # The passed week keeps what attendance was measured against; from this week the new plan applies.
    assert programmes.planned_hours(demo_ctx, programme.id, past_day, past_day)[past_day] == before
    this_week = past_day + dt.timedelta(days=14)
    assert programmes.planned_hours(demo_ctx, programme.id, this_week, this_week)[this_week] == 0
    assert tab.plan.phase is not None and tab.plan.phase.id == new.id
    assert "Ukene før beholder den gamle ukeplanen" in tab.status_message.text()


def test_saving_over_someone_elses_change_is_a_conflict(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tab = open_tab(window, demo_ctx, future_phase=True)
    phase = tab.plan.phase
    assert phase is not None
    # Another caseworker saves the same phase first.
    programmes.save_phase_pattern(demo_ctx, phase.id, phase.blocks[1:], expected_version=phase.version, today=TODAY)
    shown: list[str] = []
    monkeypatch.setattr("ui.errors.show_service_error", lambda parent, error: shown.append(error.message))
    tab.plan.remove_block(0)
    assert not tab.save()
    assert shown and "endret av en annen" in shown[0]
