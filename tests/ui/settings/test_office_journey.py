"""A new office's first day, through the real main window only, from an EMPTY database.

Start on a new file (the program's own start-up: ``Startup.finish``), create the first administrator,
set up the office, add a caseworker, an approver and a leader in Innstillinger → Brukere, log out and
in as each, show that a caseworker sees no user administration and cannot approve, deactivate a user
and show that she cannot log in, and open another database with Fil → Åpne database and show that the
login is asked. Nothing is arranged through the services: menus, buttons, keys and objectNames only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import open_context
from tests.support.modals import ModalScript, later
from tests.support.office_steps import (
    PASSWORD,
    click,
    first_admin,
    login,
    new_user,
    office_setup,
    type_into,
)
from ui import app
from ui.main_window import MainWindow


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _trigger(window: MainWindow, name: str, script: ModalScript) -> None:
    action = _action(window, name)
    assert action.isEnabled() and action.isVisible(), name
    action.trigger()
    script.done()


def _users_dialog_step(*steps: object) -> object:
    """The Brukere dialog: run ``steps`` (each gets the dialog) then close it."""
    def step(dialog: QWidget) -> None:
        for inner in steps:
            inner(dialog)  # type: ignore[operator]
    return step


def _select(username: str) -> object:
    def step(dialog: QWidget) -> None:
        table = dialog.findChild(QTableWidget, "usersTable")
        assert table is not None
        row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == username)
        table.selectRow(row)
    return step


def _close(dialog: QWidget) -> None:
    assert isinstance(dialog, QDialog)
    later(dialog.findChild(QPushButton, "usersClose"))


def test_a_new_office_is_set_up_and_staffed_through_the_window(qtbot: QtBot, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'ny.db'}"
    ctx = open_context(url)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    shots = tmp_path / "skjermbilder"
    shots.mkdir()

    # --- the first start: first administrator, then the office (errors shown at the top and by the field)
    seen_errors: list[tuple[list[str], str, str]] = []

    def office_with_mistakes(dialog: QWidget) -> None:
        dialog.findChild(QPushButton, "setupSave").click()  # nothing filled in: refused, stays open
        summary = dialog.findChild(QWidget, "errorSummary")
        assert summary is not None and summary.isVisible()
        focused = dialog.focusWidget()
        seen_errors.append((list(summary.messages), focused.objectName() if focused else "",  # type: ignore[attr-defined]
                            dialog.findChild(QLabel, "setup_office_nameError").text()))
        dialog.grab().save(str(shots / "kontor-feil.png"))
        office_setup(org_number="974760674")(dialog)  # one digit wrong …

    def fix_org_number(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit, "setup_org_number")
        assert edit is not None and edit.text() == "974760674"  # what was typed is kept
        assert dialog.focusWidget() is edit  # the focus is on the first error
        message = dialog.findChild(QLabel, "setup_org_numberError")
        assert message is not None and "kontrollsiffer" in message.text()
        assert dialog.findChild(QLineEdit, "setup_office_name").text() == "NAV Nyby"  # type: ignore[union-attr]
        type_into(dialog, "setup_org_number", "974 760 673")
        dialog.grab().save(str(shots / "kontor.png"))
        click(dialog, "setupSave")

    script = (ModalScript().expect("firstAdminDialog", first_admin())
              .expect("officeSetupDialog", office_with_mistakes)
              .expect("officeSetupDialog", fix_org_number, again=True))  # refused: the same dialog, still open
    startup = app.Startup(app.build_parser().parse_args(["--database", url]), "portefolje", False, None)
    assert startup.finish(window, ctx) is None
    script.done()
    assert seen_errors and seen_errors[0][1] == "setup_office_name"
    assert "Kontorets navn må fylles ut." in seen_errors[0][0] and seen_errors[0][2] == "Kontorets navn må fylles ut."
    assert window.is_ready and window.windowTitle() == "KVP Desktop – NAV Nyby"
    assert window.user_label.text() == "Bruker: Ada Administrator (admin)"

    # --- Innstillinger → Kontor… works now (it said «Kontoret er ikke satt opp» before)
    def office_settings(dialog: QWidget) -> None:
        assert dialog.findChild(QLineEdit, "office_office_name").text() == "NAV Nyby"  # type: ignore[union-attr]
        assert dialog.findChild(QLineEdit, "office_org_number").text() == "974760673"  # type: ignore[union-attr]
        dialog.reject()  # type: ignore[attr-defined]

    _trigger(window, "actionOffice", ModalScript().expect("officeSettingsDialog", office_settings))

    # --- Innstillinger → Brukere…: a caseworker, an approver, a leader and a veileder
    def shoot_users(dialog: QWidget) -> None:
        dialog.grab().save(str(shots / "brukere.png"))

    def shoot_new_user(dialog: QWidget) -> None:
        new_user("Lise Leder", "lise", "leder")(dialog)
        dialog.grab().save(str(shots / "ny-bruker.png"))

    added = (ModalScript()
             .expect("usersDialog", lambda d: click(d, "usersAdd"))
             .expect("newUserDialog", new_user("Siri Saksbehandler", "siri", "saksbehandler"))
             .expect("usersDialog", lambda d: click(d, "usersAdd"))
             .expect("newUserDialog", new_user("Arne Attestant", "arne", "attestant"))
             .expect("usersDialog", lambda d: click(d, "usersAdd"))
             .expect("newUserDialog", shoot_new_user)
             .expect("usersDialog", lambda d: click(d, "usersAdd"))
             .expect("newUserDialog", new_user("Vera Veileder", "vera", "veileder", password="kort")))

    def short_password_refused(dialog: QWidget) -> None:
        message = dialog.findChild(QLabel, "newUserPasswordError")
        assert message is not None and "minst 10 tegn" in message.text()
        assert dialog.findChild(QLineEdit, "newUserFullName").text() == "Vera Veileder"  # type: ignore[union-attr]
        assert dialog.focusWidget() is dialog.findChild(QLineEdit, "newUserPassword")
        type_into(dialog, "newUserPassword", PASSWORD)
        type_into(dialog, "newUserPasswordAgain", PASSWORD)
        click(dialog, "userFormSave")

    added.expect("newUserDialog", short_password_refused, again=True)
    added.expect("usersDialog", _users_dialog_step(shoot_users, _close))
    _trigger(window, "actionUsers", added)

    # --- log out, log in as each: the caseworker sees no user administration and cannot approve
    def as_user(name: str) -> None:
        _trigger(window, "actionLogOut", ModalScript().expect("loginDialog", login(name)))
        assert window.user_label.text().endswith(f"({name})")
        assert window.centralWidget().isVisible()

    as_user("siri")
    assert not _action(window, "actionUsers").isVisible()
    window.show_tab("utbetalinger")
    approve = window.payouts_tab.buttons["approveRun"]
    assert not approve.isEnabled()
    assert approve.toolTip() == "Bare en attestant eller leder kan godkjenne en utbetalingskjøring."

    _trigger(window, "actionSwitchUser", ModalScript().expect("loginDialog", login("arne")))
    assert window.user_label.text() == "Bruker: Arne Attestant (arne)"
    assert not _action(window, "actionUsers").isVisible()
    assert approve.toolTip() == "Velg en kjøring som er et utkast."  # the role may; there is no run yet

    as_user("lise")
    assert not _action(window, "actionUsers").isVisible()
    assert approve.toolTip() != "Bare en attestant eller leder kan godkjenne en utbetalingskjøring."

    # --- the administrator deactivates the approver; deleting the caseworker is refused (audit trail)
    as_user("admin")
    assert _action(window, "actionUsers").isVisible()

    def deactivate_arne(dialog: QWidget) -> None:
        _select("arne")(dialog)
        button = dialog.findChild(QPushButton, "usersToggleActive")
        assert button is not None and button.text() == "&Deaktiver"
        later(button)

    def yes(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        later(box.button(QMessageBox.StandardButton.Yes))

    def delete_siri(dialog: QWidget) -> None:
        table = dialog.findChild(QTableWidget, "usersTable")
        assert table is not None
        arne = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "arne")
        assert table.item(arne, 3).text() == "Deaktivert"
        _select("siri")(dialog)
        click(dialog, "usersDelete")

    def refused(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "står i revisjonsloggen" in box.text()
        box.grab().save(str(shots / "slett-nektet.png"))
        cancel = next(b for b in box.buttons() if b.text() == "&Avbryt")
        later(cancel)

    _trigger(window, "actionUsers", ModalScript()
             .expect("usersDialog", deactivate_arne)
             .expect("confirmDeactivate", yes)
             .expect("usersDialog", delete_siri)
             .expect("deleteRefused", refused)
             .expect("usersDialog", _close))

    def deactivated_refused(dialog: QWidget) -> None:
        error = dialog.findChild(QLabel, "loginError")
        assert error is not None and error.text() == "Brukeren er deaktivert. Kontakt administrator."
        login("siri")(dialog)

    _trigger(window, "actionLogOut", ModalScript()
             .expect("loginDialog", login("arne"))
             .expect("loginDialog", deactivated_refused, again=True))
    assert window.user_label.text() == "Bruker: Siri Saksbehandler (siri)"

    # --- another database: Fil → Ny database makes one (its own administrator and office), and
    # Fil → Åpne database back to the first asks for the login there
    second = tmp_path / "andre.db"
    monkeypatch.setattr("ui.main_window.QFileDialog.getSaveFileName", lambda *_a, **_k: (str(second), ""))
    _trigger(window, "actionNewDatabase", ModalScript()
             .expect("firstAdminDialog", first_admin("Per Admin", "per"))
             .expect("officeSetupDialog", office_setup("nn", office_name="NAV Andre")))
    assert window.windowTitle() == "KVP Desktop – NAV Andre"
    assert window.user_label.text() == "Bruker: Per Admin (per)"

    monkeypatch.setattr("ui.main_window.QFileDialog.getOpenFileName",
                        lambda *_a, **_k: (str(tmp_path / "ny.db"), ""))
    asked: list[str] = []

    def login_asked(dialog: QWidget) -> None:
        asked.append(dialog.windowTitle())
        login("lise")(dialog)

    _trigger(window, "actionOpenDatabase", ModalScript().expect("loginDialog", login_asked))
    assert asked == ["Logg inn – KVP Desktop"]
    assert window.windowTitle() == "KVP Desktop – NAV Nyby"
    assert window.user_label.text() == "Bruker: Lise Leder (lise)"
    assert "system" not in window.user_label.text()

    for name in ("kontor-feil", "kontor", "brukere", "ny-bruker", "slett-nektet"):
        assert (shots / f"{name}.png").stat().st_size > 5_000, name
    window.ctx.close()
    startup.ctx = None
    ctx.close()


def test_keyboard_moves_through_the_office_set_up(qtbot: QtBot, tmp_path: Path) -> None:
    """Tab goes from field to field in the set-up form; Enter saves; the error summary takes the focus to the field."""
    from ui.settings.office_setup import OfficeSetupDialog

    ctx = open_context(f"sqlite:///{tmp_path / 'k.db'}")
    script = ModalScript().expect("firstAdminDialog", first_admin())
    from ui.settings.login import FirstAdminDialog

    first = FirstAdminDialog(ctx)
    first.exec()
    script.done()
    assert first.result_ctx is not None
    dialog = OfficeSetupDialog(first.result_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.edits["office_name"]
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.edits["department"]
    qtbot.keyClick(dialog.edits["department"], Qt.Key.Key_Return)  # Enter = «Lagre og fortsett»: refused
    assert dialog.result() == 0 and dialog.isVisible()
    assert dialog.focusWidget() is name
    ctx.close()
