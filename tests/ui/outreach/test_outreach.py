"""The outreach dialogs with real widgets (offscreen) on a real demo office."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.outreach import copies as outreach
from kvp_desktop.services.outreach import crypto as outreach_crypto
from kvp_desktop.services.portfolio import persons, portfolio
from ui.main_window import MainWindow
from ui.outreach.checkin_dialog import CheckInDialog
from ui.outreach.checkout_dialog import CheckOutDialog

PASS = "tre blå hester på isen"
SHOTS = Path(os.environ.get("KVP_UI_SHOTS", "/tmp/kvp-ui-shots"))


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outreach_crypto, "SCRYPT_LOG2_N", 14)


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A message box would wait for a click: record the message and fail the test instead."""
    shown: list[str] = []

    def fail(_parent: object, error: BaseException) -> None:
        shown.append(str(error))
        raise AssertionError(f"melding vist: {error}")

    import ui.errors
    import ui.outreach.checkin_dialog
    import ui.outreach.checkout_dialog

    for module in (ui.errors, ui.outreach.checkin_dialog, ui.outreach.checkout_dialog):
        for name in ("show_service_error", "show_unexpected_error"):
            if hasattr(module, name):  # the dialogs' own imports, and the router's
                monkeypatch.setattr(module, name, fail)
    return shown


@pytest.fixture
def office(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.saksbehandler")


def _save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_check_out_dialog_builds_the_copy(qtbot: QtBot, office: AppContext, tmp_path: Path) -> None:
    ids = portfolio.portfolio_ids(office)[:3]
    dialog = CheckOutDialog(office, ids[:2], folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen_ids() == ids[:2]
    assert not dialog.ok.isEnabled()  # no passphrase yet
    dialog.search.setText(persons.get_person(office, ids[2], audit=False).last_name)
    match = next(i for i in range(dialog.found.count())
                 if dialog.found.item(i).data(Qt.ItemDataRole.UserRole) == ids[2])
    dialog.found.setCurrentRow(match)
    dialog.findChild(type(dialog.ok), "checkOutAdd").click()
    assert dialog.chosen_ids() == ids
    dialog.passphrase.setText("kort")
    assert "For kort" in dialog.strength.text() and not dialog.ok.isEnabled()
    dialog.passphrase.setText(PASS)
    dialog.repeat.setText(PASS + "x")
    assert "ikke like" in dialog.strength.text() and not dialog.ok.isEnabled()
    dialog.repeat.setText(PASS)
    assert dialog.ok.isEnabled()
    dialog.path.setText(str(tmp_path / "ute"))
    _save(dialog, "checkout-dialog.png")
    with qtbot.waitSignal(dialog.checked_out, timeout=30000) as signal:
        dialog.ok.click()
    result = signal.args[0]
    assert result.path == tmp_path / "ute.kvpute" and result.path.is_file() and result.persons == 3
    assert set(outreach.checked_out_persons(office)) == set(ids)
    # Someone already taken out cannot be chosen again.
    again = CheckOutDialog(office, ids[:1], folder=tmp_path)
    qtbot.addWidget(again)
    assert again.chosen_ids() == []


def test_check_in_dialog_shows_both_versions_and_resolves(qtbot: QtBot, office: AppContext,
                                                          tmp_path: Path) -> None:
    ids = portfolio.portfolio_ids(office)[:2]
    result = outreach.check_out(office, ids, PASS, tmp_path / "ute")
    laptop = outreach.open_copy(result.path, PASS)
    loaded = persons.get_person(laptop.ctx, ids[0])
    persons.update_person(laptop.ctx, ids[0], persons.input_from(loaded, phone="41234567", notes="Sett ute"),
                          loaded.version, loaded)
    laptop.close()
    loaded = persons.get_person(office, ids[0])
    persons.update_person(office, ids[0], persons.input_from(loaded, notes="Sett på kontoret"), loaded.version,
                          loaded)

    dialog = CheckInDialog(office)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 620)
    dialog.show()
    assert dialog.list.rowCount() == 0
    dialog.path.setText(str(result.path))
    dialog.passphrase.setText(PASS)
    with qtbot.waitSignal(dialog.checked_in, timeout=30000):
        dialog.start_button.click()
    assert "1 konflikter" in dialog.summary.text()
    assert dialog.list.rowCount() == 1
    shown = {dialog.fields.item(r, 0).text(): (dialog.fields.item(r, 2).text(), dialog.fields.item(r, 3).text())
             for r in range(dialog.fields.rowCount())}
    assert shown["Notater"] == ("Sett på kontoret", "Sett ute")
    assert shown["Telefon"][1] == "41234567"
    notes_choice = dialog.fields.findChild(QComboBox, "conflictChoice_notes")
    phone_choice = dialog.fields.findChild(QComboBox, "conflictChoice_phone")
    assert notes_choice.currentData() == "" and phone_choice.currentData() == "laptop"  # notes: the user decides
    _save(dialog, "checkin-dialog.png")
    notes_choice.setCurrentIndex(notes_choice.findData("office"))
    dialog.merge.click()
    assert dialog.list.rowCount() == 0
    person = persons.get_person(office, ids[0], audit=False)
    assert (person.notes, person.phone) == ("Sett på kontoret", "41234567")


def test_outreach_window_has_the_banner_and_no_office_jobs(qtbot: QtBot, office: AppContext,
                                                           tmp_path: Path) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel

    at_office = MainWindow(office)
    qtbot.addWidget(at_office)
    assert at_office.findChild(QLabel, "outreachBanner") is None
    assert at_office.findChild(QAction, "actionCheckOut").isEnabled()
    assert at_office.findChild(QAction, "actionCheckIn").isEnabled()
    assert not at_office.findChild(QAction, "actionAuditLog").isEnabled()  # saksbehandler: not the audit log

    ids = portfolio.portfolio_ids(office)[:1]
    copy = outreach.check_out(office, ids, PASS, tmp_path / "ute")
    laptop = outreach.open_copy(copy.path, PASS)
    try:
        window = MainWindow(laptop.ctx)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        banner = window.findChild(QLabel, "outreachBanner")
        assert banner is not None and "Utekopi – endringer leveres inn på kontoret" in banner.text()
        for name in ("actionCheckOut", "actionCheckIn", "actionAuditLog"):
            assert not window.findChild(QAction, name).isEnabled(), name
        _save(window, "outreach-window.png")
        window.close()
    finally:
        laptop.close(save=False)


def test_kvp_desktop_opens_a_copy_with_the_passphrase(tmp_path: Path, office: AppContext,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app
    from ui.outreach.open_copy import PASSPHRASE_ENV

    copy = outreach.check_out(office, portfolio.portfolio_ids(office)[:2], PASS, tmp_path / "ute")
    png = tmp_path / "ute.png"
    monkeypatch.setenv(PASSPHRASE_ENV, "feil passord her")
    assert app.main(["--outreach", str(copy.path), "--screenshot", str(png)]) == 1
    assert not png.exists()
    monkeypatch.setenv(PASSPHRASE_ENV, PASS)
    assert app.main(["--outreach", str(copy.path), "--screenshot", str(png)]) == 0
    assert png.is_file()
