"""Innstillinger → Kontor: a leader saves, a caseworker sees why she cannot, bad values are explained."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office import settings as office
from ui.main_window import MainWindow
from ui.settings.office_dialog import OfficeSettingsDialog


def test_leader_saves_the_office_settings(qtbot: QtBot, demo_ctx: AppContext) -> None:
    dialog = OfficeSettingsDialog(demo_ctx.as_user("demo.leder"))
    qtbot.addWidget(dialog)
    assert dialog.edits["office_name"].text() == "NAV Færder (demo)"
    dialog.edits["municipality_number"].setText("39")
    dialog.save()
    assert "fire siffer" in " ".join(dialog.summary.messages) and dialog.result() == 0
    assert dialog.errors.labels["municipality_number"].text().startswith("Kommunenummeret må ha fire siffer")
    assert dialog.edits["municipality_number"].text() == "39"  # kept, to be corrected
    dialog.edits["municipality_number"].setText("3911")
    dialog.written_standard.setCurrentIndex(dialog.written_standard.findData("nn"))
    dialog.numbers["idle_lock_minutes"].setValue(10)
    dialog.save()
    saved = office.get_office(demo_ctx)
    assert saved is not None and saved.written_standard == "nn" and saved.idle_lock_minutes == 10


def test_caseworker_cannot_save(qtbot: QtBot, demo_ctx: AppContext) -> None:
    dialog = OfficeSettingsDialog(demo_ctx.as_user("demo.saksbehandler"))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and "leder eller administrator" in dialog.message.text()


def test_menu_entry(window: MainWindow) -> None:
    names = [a.objectName() for a in window.findChildren(type(window.menuBar().actions()[0]))]
    assert "actionOffice" in names
