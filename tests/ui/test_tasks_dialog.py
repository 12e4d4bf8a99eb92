"""«Mine oppgaver»: reachable from the menu and the person bar; each task opens the right tab on the
right person (demo office, as the KVP caseworker and as the approver)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.portfolio import tasks
from ui.main_window import MainWindow


def test_tasks_open_the_right_tab_on_the_right_person(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    action = window.findChild(QAction, "actionMyTasks")
    assert action is not None and action.shortcut().toString() == "Ctrl+T"
    action.trigger()
    dialog = window.tasks_dialog
    assert dialog.isVisible() and dialog.list.topLevelItemCount() == len(dialog.tasks) > 0
    assert dialog.heading.text().startswith(f"{len(dialog.tasks)} oppgaver for Jonas Bergersen")
    task = dialog.select_kind("application")
    assert task is not None and task.person_id is not None
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert window.person_id == task.person_id and window.tabs.currentWidget() is window.screening_tab
    assert any(a.id == task.item_id for a in window.screening_tab._applications)
    dialog.close()

    # The person bar's button opens the same list; an approver sees the runs waiting for approval.
    window.switch_context(demo_ctx.as_user("demo.attestant"))
    qtbot.mouseClick(window.person_bar.tasks_button, Qt.MouseButton.LeftButton)
    dialog = window.tasks_dialog
    assert {t.kind for t in dialog.tasks} <= {"approve_run"}
    expected = [t for t in tasks.my_tasks(demo_ctx.as_user("demo.attestant")) if t.kind == "approve_run"]
    assert len(dialog.tasks) == len(expected)
    if dialog.tasks:
        dialog.open_current()
        assert window.tabs.currentWidget() is window.payouts_tab


def test_the_person_form_changes_a_person_children_account_and_maalform(qtbot: QtBot, demo_ctx: AppContext) -> None:
    import datetime as dt
    import random

    from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
    from kvp_desktop.services.portfolio import persons
    from ui.portfolio.person_form import PersonFormDialog

    worker = demo_ctx.as_user("demo.saksbehandler")
    number = synthetic_fodselsnummer(random.Random(3), dt.date(1985, 1, 9), "1")
    saved = persons.create_person(worker, persons.PersonInput(
        number, "Ali", "Endre", children=(persons.ChildInput("01.01.2012", "Eldst"),
                                          persons.ChildInput("01.01.2020", "Yngst"))), dt.date(2026, 11, 23))
    dialog = PersonFormDialog(worker, today=lambda: dt.date(2026, 11, 23), person=saved)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Endre person" and dialog.fnr.isReadOnly()
    assert "Nå: 2 barn" in dialog.children_info.text()
    dialog.children_table.setCurrentCell(0, 0)
    qtbot.mouseClick(dialog.remove_child_button, Qt.MouseButton.LeftButton)
    assert dialog.children_table.rowCount() == 1 and "Nå: 1 barn" in dialog.children_info.text()
    qtbot.keyClicks(dialog.bank_account, "1234 56 78903")
    assert dialog.bank_status.text() == "Gyldig kontonummer."
    dialog.written_standard.setCurrentIndex(dialog.written_standard.findData("nn"))
    dialog.save()
    assert dialog.saved_id == saved.id and not dialog.errors.text()
    changed = persons.get_person(worker, saved.id, audit=False)
    assert [c.first_name for c in changed.children] == ["Yngst"]
    assert (changed.bank_account, changed.written_standard) == ("12345678903", "nn")
