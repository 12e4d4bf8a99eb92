"""Programbygger «Ny periode…»: approved leave with or without kvalifiseringsstønad (stl. § 36)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store.models import ProgrammePeriod
from tests.conftest import TODAY
from ui.app import pick_person
from ui.main_window import MainWindow
from ui.programme.dialogs import PeriodDialog


def _leave_through_the_dialog(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext,
                              monkeypatch: pytest.MonkeyPatch, png: Path | None, *, untick: bool) -> bool:
    """Fill «Ny periode…» for a week of leave (ticking off the stønad when asked); return what was stored."""
    person_id = pick_person(demo_ctx, "programbygger")
    assert person_id is not None
    tab = window.programme_tab
    tab._today = lambda: TODAY
    window.select_person(person_id)
    window.show_tab("programbygger")
    assert tab.programme is not None
    programme_id = tab.programme.id
    start = TODAY + dt.timedelta(days=7 - TODAY.weekday())  # next Monday

    def fill(dialog: PeriodDialog) -> int:
        box = dialog.findChild(QCheckBox, "periodWithAllowance")
        assert box is dialog.with_allowance
        assert box.text().replace("&", "") == "Med kvalifiseringsstønad i permisjonen"
        assert box.isHidden()  # the dialog opens on holiday: the stønad choice is for leave only
        dialog.kind.setCurrentIndex(dialog.kind.findData("leave"))
        assert not box.isHidden() and box.isChecked()  # default: leave with stønad
        dialog.from_date.setDate(QDate(start))
        dialog.to_date.setDate(QDate(start + dt.timedelta(days=4)))
        dialog.reason.setText("Omsorg for barn")
        if untick:
            box.setFocus()
            qtbot.keyClick(box, Qt.Key.Key_Space)
            assert not box.isChecked()
        if png is not None:
            dialog.grab().save(str(png))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(PeriodDialog, "exec", fill)
    button = tab.findChild(QPushButton, "addPeriod")
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with demo_ctx.uow() as uow:
        leave = uow.session.scalars(select(ProgrammePeriod).where(
            ProgrammePeriod.programme_id == programme_id, ProgrammePeriod.kind == "leave",
            ProgrammePeriod.from_date == start)).one()
        assert leave.to_date == start + dt.timedelta(days=4) and leave.reason == "Omsorg for barn"
        return bool(leave.with_allowance)


def test_leave_without_stonad_is_stored_from_the_checkbox(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, png: Path
) -> None:
    assert _leave_through_the_dialog(qtbot, window, demo_ctx, monkeypatch, png, untick=True) is False


def test_leave_keeps_stonad_by_default(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _leave_through_the_dialog(qtbot, window, demo_ctx, monkeypatch, None, untick=False) is True
