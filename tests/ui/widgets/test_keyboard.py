"""Keyboard like NAV's own tools: Tab moves on (tables, text boxes), Delete clears a week-sheet cell."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
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
    loaded = dialog.model.data(index, Qt.ItemDataRole.DisplayRole)
    dialog.model.setData(index, "7,5")
    assert dialog.model.data(index, Qt.ItemDataRole.DisplayRole)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert not dialog.model.data(index, Qt.ItemDataRole.DisplayRole)
    # Only a change from what was loaded is sent with «Lagre uken»: a cleared cell that held a value is.
    assert ((0, 0) in dialog.model.dirty) == bool(loaded)
    dialog.close()


def test_a_new_person_is_confirmed_and_chosen(qtbot: QtBot, window: MainWindow,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The person form itself is tested with the person services; here: what the window does after «Lagre»."""
    import ui.portfolio.person_form as person_form

    chosen = window.portfolio_tab.model.person_id(3)

    class Saved:
        saved_id = chosen

        def __init__(self, *_args: object, **_kwargs: object) -> None:
            pass

        def exec(self) -> int:
            return 1

    monkeypatch.setattr(person_form, "PersonFormDialog", Saved)
    window.portfolio_tab.new_person()
    assert window.person_id == chosen
    assert window.statusBar().currentMessage() == "Personen er registrert og valgt."


def test_the_activity_dialog_stays_open_with_what_was_typed_when_refused(qtbot: QtBot) -> None:
    from kvp_desktop.services.programmes.programmes import BlockView
    from ui.programme.dialogs import BlockDialog

    dialog = BlockDialog(BlockView(0, 9 * 60, 11 * 60, "Arbeidstrening", "work_directed_measure", "", "", ""), [])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activity.setEditText("")
    dialog.note.setPlainText("Avtalt med veileder")
    dialog.end.setTime(dialog.start.time().addSecs(-3600))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.summary.isVisible() and "Hver aktivitet må ha et navn." in dialog.summary.messages
    assert dialog.note.toPlainText() == "Avtalt med veileder"  # nothing typed is lost
    assert dialog.focusWidget() is dialog.activity or dialog.activity.isAncestorOf(dialog.focusWidget())
    dialog.activity.setEditText("Arbeidstrening")
    dialog.end.setTime(dialog.start.time().addSecs(3600))
    dialog.accept()
    assert dialog.result() == 1
