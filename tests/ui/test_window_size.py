"""The main window fits the most common office laptop screen (1366×768) on every tab, with the Noto
Sans the program ships and uses for its window (``ui/fonts.py``), whatever fonts the machine has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.i18n import LANGUAGES, set_language
from kvp_desktop.services.infrastructure.context import AppContext
from ui.fonts import FAMILY, use_shipped_font
from ui.main_window import MainWindow

SCREEN = (1366, 768)
# What Windows leaves of that screen for a window's inside: the task bar (48 px at most), the title
# bar (31 px) and the resize borders (8 px on each side).
TASK_BAR, TITLE_BAR, BORDER = 48, 31, 8
FITS = (SCREEN[0] - 2 * BORDER, SCREEN[1] - TASK_BAR - TITLE_BAR - BORDER)


@pytest.fixture
def shipped_font(qapp: QApplication) -> Iterator[QFont]:
    before = qapp.font()
    assert use_shipped_font(qapp)
    yield qapp.font()
    qapp.setFont(before)


@pytest.fixture(params=LANGUAGES)
def laptop_window(
    request: pytest.FixtureRequest, qtbot: QtBot, demo_ctx: AppContext, shipped_font: QFont
) -> MainWindow:
    set_language(request.param)  # nynorsk and English labels are longer in places
    main = MainWindow(demo_ctx)  # made after the font is set, as the program does
    main.remember_geometry = False
    qtbot.addWidget(main)
    main.show()
    return main


def test_the_window_font_is_the_shipped_noto_sans(shipped_font: QFont) -> None:
    """The family Qt resolves to is Noto Sans itself, not a look-alike the machine has."""
    assert QFontInfo(shipped_font).family() == FAMILY
    assert QFontInfo(QFont(shipped_font.family(), shipped_font.pointSize(), QFont.Weight.Bold)).family() == FAMILY


def _assert_fits(window: MainWindow, page: QWidget, title: str) -> None:
    # What Qt's layouts ask for, with this tab's data shown.
    needed = window.minimumSizeHint()
    assert needed.width() <= FITS[0] and needed.height() <= FITS[1], (title, needed)

    # Laid out at that size: the window keeps it (a layout that needs more would make it larger,
    # as the 1431-pixel-wide screenshot once was) ...
    window.resize(*FITS)
    QApplication.processEvents()
    assert (window.width(), window.height()) == FITS, title
    assert page.width() <= FITS[0]
    for widget in _visible_descendants(page):
        # ... every widget whose height follows its width (the portfolio's wrapping counts) got it ...
        if widget.hasHeightForWidth() and widget.layout() is not None:
            assert widget.height() >= widget.heightForWidth(widget.width()), (title, widget.objectName())
        # ... and nothing needs scrolling sideways to be read.
        if isinstance(widget, QAbstractScrollArea) and widget.horizontalScrollBarPolicy() != (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        ):
            assert not widget.horizontalScrollBar().isVisible(), (title, widget.objectName())


def _visible_descendants(page: QWidget) -> list[QWidget]:
    return [child for child in page.findChildren(QWidget) if child.isVisibleTo(page)]


@pytest.mark.parametrize("index", range(4))
def test_every_tab_fits_a_1366x768_laptop_screen(qtbot: QtBot, laptop_window: MainWindow, index: int) -> None:
    window = laptop_window
    window.tabs.setCurrentIndex(index)
    page = window.pages()[index]
    qtbot.waitUntil(lambda: not page.is_stale(), timeout=5000)
    QApplication.processEvents()
    title = window.tabs.tabText(index)

    _assert_fits(window, page, title)


def test_the_portfolio_counts_wrap_instead_of_widening_the_window(laptop_window: MainWindow) -> None:
    window = laptop_window
    window.resize(*FITS)
    QApplication.processEvents()
    summary = window.portfolio_tab.summary
    buttons = list(window.portfolio_tab.count_buttons.values())
    rows = {button.y() for button in buttons}
    assert len(rows) >= 2  # ten long labels do not fit on one line at this width
    assert all(button.geometry().right() <= summary.contentsRect().right() for button in buttons)
    assert all(button.text() for button in buttons)


def test_the_portfolio_fits_while_work_runs_in_the_background(laptop_window: MainWindow) -> None:
    """A long refresh of stale stop points shows its text, a progress bar and «Avbryt» (as on the
    first start after an upgrade of a large office); the window must still fit."""
    tab = laptop_window.portfolio_tab
    tab.work_label.setText("Oppdaterer stoppunkter for 100 000 personer … og litt til for sikkerhets skyld")
    tab.progress.show()
    tab.cancel_button.show()
    _assert_fits(laptop_window, tab, "Portefølje")
