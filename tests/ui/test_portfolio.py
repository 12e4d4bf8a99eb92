"""The portfolio table model: lazy batches over ordered ids, checked with qtmodeltester."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kvp_desktop.services import portfolio
from kvp_desktop.services.context import AppContext
from ui.main_window import MainWindow
from ui.tabs.portfolio import PERSON_ID_ROLE, PortfolioModel, age_on


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, demo_ctx: AppContext) -> None:
    model = PortfolioModel(demo_ctx, batch_size=7)
    model.reload()
    assert model.rowCount() == 60
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_in_batches_only_when_asked_for(demo_ctx: AppContext) -> None:
    model = PortfolioModel(demo_ctx, batch_size=10, max_cached_batches=2)
    model.reload()
    assert model.rowCount() == 60
    assert model.cached_batches() == [] and model.batch_loads == 0  # ids only, no row data yet

    name = model.data(model.index(25, 0))
    assert model.cached_batches() == [2] and model.batch_loads == 1
    model.data(model.index(29, 3))
    model.data(model.index(20, 1))
    assert model.batch_loads == 1  # the same batch, served from the cache

    expected = portfolio.portfolio_rows(demo_ctx, [portfolio.portfolio_ids(demo_ctx)[25]])[0]
    assert name == expected.name
    assert model.data(model.index(25, 1)) == expected.masked_id
    assert model.data(model.index(25, 0), PERSON_ID_ROLE) == expected.id

    model.data(model.index(0, 0))
    model.data(model.index(59, 0))
    assert model.cached_batches() == [0, 5]  # at most two batches kept, the oldest dropped
    assert model.batch_loads == 3

    model.invalidate()
    assert model.cached_batches() == []
    model.data(model.index(25, 0))
    assert model.batch_loads == 4


def test_columns_show_masked_id_age_translated_stop_points_and_review(demo_ctx: AppContext) -> None:
    model = PortfolioModel(demo_ctx, today=lambda: dt.date(2026, 11, 23))
    model.reload()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Navn", "Fødselsnr.", "Alder", "Stoppunkter", "Siste gjennomgang"]
    rows = portfolio.portfolio_rows(demo_ctx, portfolio.portfolio_ids(demo_ctx))
    with_points = next(i for i, r in enumerate(rows) if r.stop_points)
    text = model.data(model.index(with_points, 3))
    assert portfolio.STOP_POINTS[rows[with_points].stop_points[0]] in text
    masked = model.data(model.index(0, 1))
    assert masked.endswith(" *****") and masked[2] == "." and len(masked) == 14
    assert model.data(model.index(0, 2)) == str(age_on(rows[0].birth_date, dt.date(2026, 11, 23)))
    reviewed = next(i for i, r in enumerate(rows) if r.last_reviewed is not None)
    assert model.data(model.index(reviewed, 4)).startswith(rows[reviewed].last_reviewed.strftime("%d.%m.%Y"))
    never = next(i for i, r in enumerate(rows) if r.last_reviewed is None)
    assert model.data(model.index(never, 4)) == "Ikke gjennomgått"


def test_age_counts_the_birthday_itself() -> None:
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 3, 1)) == 26
    assert age_on(dt.date(2000, 5, 1), dt.date(2026, 5, 1)) == 26


def test_stop_point_filter_and_summary(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    tab = window.portfolio_tab
    counts = portfolio.stop_point_counts(demo_ctx)
    assert tab.model.rowCount() == 60
    assert tab.count_label.text() == "Viser 60 personer"
    code = max(counts, key=lambda c: counts[c])
    button = tab.count_buttons[code]
    assert button.text().startswith(f"{counts[code]}  ")
    assert portfolio.STOP_POINTS[code] in button.text()

    button.click()
    assert tab.filter.currentData() == code
    assert tab.model.rowCount() == counts[code]
    assert tab.count_label.text() == f"Viser {counts[code]} personer"

    tab.filter_to(None)
    assert tab.model.rowCount() == 60


def test_double_click_chooses_the_person_in_the_person_bar(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.portfolio_tab
    view = tab.table
    index = tab.model.index(3, 0)
    rect = view.visualRect(index)
    with qtbot.waitSignal(window.person_changed, timeout=2000) as signal:
        # A real double click: press and release, then the double-click event.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    person_id = tab.model.person_id(3)
    assert signal.args == [person_id]
    assert window.person_id == person_id
    last, first = tab.model.data(index).split(", ")
    assert f"{last}, {first}" in window.person_bar.info.text()


def test_enter_on_a_row_chooses_the_person(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.portfolio_tab
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(5, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert window.person_id == tab.model.person_id(5)
