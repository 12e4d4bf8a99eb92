"""Login at start, the first administrator, and the idle lock."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.office import users
from tests.support.event_loop import real_event_loop
from ui import app
from ui.main_window import MainWindow
from ui.settings.login import FirstAdminDialog, IdleLock, LoginDialog, UnlockDialog

PASSWORD = "riktig-hest-batteri"


@pytest.fixture
def office(tmp_path: Path) -> AppContext:
    ctx = open_context(f"sqlite:///{tmp_path / 'kontor.db'}")
    return ctx


def test_first_admin_dialog_then_login(qtbot: QtBot, office: AppContext) -> None:
    first = FirstAdminDialog(office)
    qtbot.addWidget(first)
    first.full_name.setText("Ada Admin")
    first.password.setText(PASSWORD)
    first.repeated.setText("noe annet")
    first.buttons.accepted.emit()
    assert "ikke like" in first.error.text() and first.result() != QDialog.DialogCode.Accepted
    first.repeated.setText(PASSWORD)
    first.buttons.accepted.emit()
    assert first.result() == QDialog.DialogCode.Accepted
    assert not users.needs_first_admin(office)

    login = LoginDialog(office, "NAV Test")
    qtbot.addWidget(login)
    login.username.setText("admin")
    login.password.setText("feil-passord-1")
    login.buttons.accepted.emit()
    assert login.error.text() == "Feil brukernavn eller passord." and login.result_ctx is None
    login.password.setText(PASSWORD)
    login.buttons.accepted.emit()
    assert login.result_ctx is not None and login.result_ctx.user.username == "admin"


def test_interactive_start_asks_for_login_and_cancel_quits(
    office: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.create_first_admin(office, "admin", "Ada Admin", PASSWORD, PASSWORD)
    asked: list[str] = []
    monkeypatch.setattr(LoginDialog, "exec", lambda self: asked.append("login") or 0)

    # The real loop: the login comes once the database is open.
    event_loop = partial(real_event_loop, code_on_limit=5)
    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    assert app.main(["--database", office.db.url]) == 0  # cancelled at login: the program ends
    assert asked == ["login"]


def test_idle_lock_hides_the_window_and_unlocks_with_the_password(
    qtbot: QtBot, office: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.create_first_admin(office, "admin", "Ada Admin", PASSWORD, PASSWORD)
    ctx = users.login(office, "admin", PASSWORD)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, ctx, minutes=1)
    seen: list[bool] = []

    def answer(dialog: UnlockDialog) -> int:
        central = window.centralWidget()
        assert isinstance(central, QWidget)
        seen.append(central.isVisible())
        dialog.password.setText("feil")
        dialog.buttons.accepted.emit()
        assert dialog.error.text() == "Feil passord."
        dialog.findChild(QLineEdit, "unlockPassword").setText(PASSWORD)  # type: ignore[union-attr]
        dialog.buttons.accepted.emit()
        return int(dialog.result())

    monkeypatch.setattr(UnlockDialog, "exec", answer)
    lock.lock()
    assert seen == [False]  # personal data hidden while locked
    assert window.centralWidget().isVisible() and not lock.locked
