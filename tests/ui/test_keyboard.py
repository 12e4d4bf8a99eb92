"""Keyboard like NAV's own tools: Tab moves on (tables, text boxes), Delete clears a week-sheet cell."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services.context import AppContext
from ui.main_window import MainWindow

MONDAY = dt.date(2026, 11, 16)


def test_tab_leaves_the_portfolio_table(qtbot: QtBot, window: MainWindow) -> None:
    table = window.portfolio_tab.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert window.focusWidget() is not table


def test_tab_moves_on_from_a_text_box_without_typing_a_tab(qtbot: QtBot, window: MainWindow) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    note = QPlainTextEdit()
    after = QLineEdit()
    layout = QVBoxLayout(form)
    layout.addWidget(note)
    layout.addWidget(after)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    note.setFocus()
    qtbot.keyClicks(note, "Notat")
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert "\t" not in note.toPlainText() and note.toPlainText() == "Notat"
    assert form.focusWidget() is after


def test_delete_clears_a_week_sheet_cell(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    dialog = window.payouts_tab.open_week_sheet(MONDAY)
    qtbot.waitExposed(dialog)
    table = dialog.table
    index = dialog.model.index(0, 1)
    dialog.model.setData(index, "7,5")
    assert dialog.model.data(index, Qt.ItemDataRole.DisplayRole)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert not dialog.model.data(index, Qt.ItemDataRole.DisplayRole)
    assert 0 in dialog.model.dirty  # saved as cleared with «Lagre uken»
    dialog.close()
