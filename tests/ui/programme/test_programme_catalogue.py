"""Innstillinger → Aktivitetskatalog: the office's measures, edited by a leader."""

from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.programmes import activities
from ui.main_window import MainWindow
from ui.programme.catalogue import ActivityCatalogueDialog


def test_the_catalogue_is_in_the_settings_menu(window: MainWindow) -> None:
    action = window.findChild(QAction, "actionActivityCatalogue")
    assert action is not None and action.text() == "&Aktivitetskatalog…"


def test_a_leader_adds_and_retires_an_activity(qtbot: QtBot, demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")
    dialog = ActivityCatalogueDialog(leader)
    qtbot.addWidget(dialog)
    count = dialog.list.topLevelItemCount()
    assert count == len(activities.list_activities(leader, include_inactive=True))
    dialog.new()
    qtbot.keyClicks(dialog.name, "Jobbverksted")
    dialog.category.setCurrentIndex(dialog.category.findData("job_seeking"))
    qtbot.keyClicks(dialog.provider, "NAV Færder")
    assert dialog.save()
    assert dialog.list.topLevelItemCount() == count + 1
    dialog.active.setChecked(False)
    assert dialog.save()
    saved = next(a for a in activities.list_activities(leader, include_inactive=True) if a.name == "Jobbverksted")
    assert (saved.category, saved.provider, saved.active) == ("job_seeking", "NAV Færder", False)
    dialog.add_starting()
    assert dialog.list.topLevelItemCount() > count + 1
