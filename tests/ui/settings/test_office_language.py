"""An office whose målform is nynorsk works in nynorsk, unless the user chose a language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from kvp_desktop.i18n import current_language
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store.models import OfficeSettings
from ui import app
from ui.main_window import LANGUAGE_KEY, MainWindow, app_settings


@pytest.fixture
def nynorsk_office(demo_ctx: AppContext) -> Iterator[AppContext]:
    with demo_ctx.uow() as uow:  # as Innstillinger → Kontor… saves it
        uow.session.execute(update(OfficeSettings).values(written_standard="nn"))
        uow.commit()
    app_settings().remove(LANGUAGE_KEY)
    yield demo_ctx
    app.apply_language("nb")
    app_settings().remove(LANGUAGE_KEY)


def _start(qtbot: QtBot, ctx: AppContext, *argv: str) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    startup = app.Startup(app.build_parser().parse_args(["--database", ctx.db.url, *argv]), "portefolje", True, None)
    assert startup.finish(window, ctx) is None
    return window


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_the_window_follows_the_offices_nynorsk(qtbot: QtBot, nynorsk_office: AppContext) -> None:
    window = _start(qtbot, nynorsk_office)
    assert current_language() == "nn"
    assert "&Innstillingar" in _menu_titles(window)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own texts follow too
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Avbryt"


def test_a_language_the_user_chose_wins(qtbot: QtBot, nynorsk_office: AppContext) -> None:
    app_settings().setValue(LANGUAGE_KEY, "nb")
    window = _start(qtbot, nynorsk_office)
    assert current_language() == "nb" and "&Innstillinger" in _menu_titles(window)
