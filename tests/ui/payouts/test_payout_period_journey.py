"""The office pays in 14-day periods: Innstillinger → Kontor… sets the schedule, the first Monday and
the day-rate policy; then «Ny kjøring …» in Utbetalinger offers the last ended 14-day period and runs
it (menus, buttons and objectNames only)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDateEdit, QInputDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.rules.payout_period import PayoutCalendar, Schedule
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office import settings as office
from kvp_desktop.services.payouts import views as payouts
from tests.support.modals import ModalScript, later
from ui.main_window import MainWindow

START = dt.date(2026, 11, 2)  # a Monday


def test_set_14_day_periods_and_run_the_last_ended_period(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext,
                                                          tmp_path: Path) -> None:
    shots = Path(os.environ.get("KVP_SCREENSHOTS") or tmp_path / "skjermbilder")
    shots.mkdir(parents=True, exist_ok=True)
    window.switch_context(demo_ctx.as_user("demo.leder"))

    def settings(dialog: QWidget) -> None:
        schedule = dialog.findChild(QComboBox, "office_payout_schedule")
        start = dialog.findChild(QDateEdit, "office_payout_period_start")
        policy = dialog.findChild(QComboBox, "office_amount_policy")
        assert schedule is not None and start is not None and policy is not None
        assert not start.isEnabled()  # monthly: no start date
        schedule.setCurrentIndex(schedule.findData("biweekly"))
        assert start.isEnabled()
        start.setDate(QDate(START.year, START.month, START.day))
        policy.setCurrentIndex(policy.findData("day_rate"))
        dialog.grab().save(str(shots / "kontor-14-dager.png"))
        later(dialog.findChild(QPushButton, "officeSave"))

    action = window.findChild(QAction, "actionOffice")
    assert action is not None and action.isEnabled()
    script = ModalScript().expect("officeSettingsDialog", settings)
    action.trigger()
    script.done()
    view = office.get_office(demo_ctx)
    assert view is not None
    assert (view.payout_schedule, view.payout_period_start, view.amount_policy) == ("biweekly", START, "day_rate")

    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    tab = window.payouts_tab
    window.tabs.setCurrentWidget(tab)
    calendar = PayoutCalendar(Schedule.BIWEEKLY, START)
    expected = calendar.last_ended(dt.date.today())
    asked: list[str] = []

    def period(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        assert "14-dagersperiode" in dialog.labelText()
        asked.append(dialog.textValue())
        QTimer.singleShot(0, dialog.accept)

    script = ModalScript().expect("", period)
    qtbot.mouseClick(tab.buttons["newRun"], Qt.MouseButton.LeftButton)
    script.done()
    assert asked == [calendar.label(expected)]
    qtbot.waitUntil(lambda: tab.current_run is not None and tab.current_run.label == asked[0], timeout=60_000)
    worker = tab.worker
    assert worker is not None
    qtbot.waitUntil(worker.is_finished, timeout=10_000)
    run = tab.current_run
    assert run is not None and (run.period_from, run.period_to) == (expected.start, expected.end)
    lines = payouts.run_lines(demo_ctx, run.id)
    assert any("dagsats" in line.basis for line in lines)
    from kvp_desktop.services.payouts.unconfirmed import unconfirmed_for_run

    assert "days_per_year" in {value.name for value in unconfirmed_for_run(demo_ctx, run.id)}  # 260, unconfirmed
    tab.grab().save(str(shots / "utbetalinger-14-dager.png"))
