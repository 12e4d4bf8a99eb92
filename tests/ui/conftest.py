"""UI tests run offscreen with pytest-qt, on real SQLite databases (the demo office)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kvp_desktop.i18n import set_language
from kvp_desktop.services.infrastructure.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the user's real KVP Desktop settings (language) out of the tests and vice versa."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture(autouse=True)
def bokmal() -> Iterator[None]:
    set_language("nb")
    yield
    set_language("nb")


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: AppContext) -> MainWindow:
    main = MainWindow(demo_ctx)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    return main


@pytest.fixture
def demo_url(demo_ctx: AppContext) -> str:
    return demo_ctx.db.url


@pytest.fixture
def png(tmp_path: Path) -> Path:
    return tmp_path / "shot.png"


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message box the code opens, as (objectName, text), answered at once instead of waiting."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []

    def show(box: QMessageBox) -> int:
        seen.append((box.objectName(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    return seen
