"""Fil → Sikkerhetskopi… and Gjenopprett… are the administrator's: greyed out, with the reason, for the others."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from ui.main_window import MainWindow

USERS = {"veileder": "demo.veileder", "saksbehandler": "demo.saksbehandler", "attestant": "demo.attestant",
         "leder": "demo.leder", "admin": "admin"}


@pytest.mark.parametrize("role", list(USERS))
def test_backup_and_restore_menu_entries_follow_the_role(qtbot: QtBot, demo_ctx: AppContext, role: str) -> None:
    window = MainWindow(demo_ctx.as_user(USERS[role]))
    qtbot.addWidget(window)
    for name in ("actionBackup", "actionRestore"):
        action = window.findChild(QAction, name)
        assert action is not None
        assert action.isEnabled() == (role == "admin")
        if role != "admin":
            assert action.statusTip().startswith("Bare administrator")
