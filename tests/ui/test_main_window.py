"""The main window: tabs, menus, status bar, names for every interactive widget, the person bar."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLineEdit,
    QMenuBar,
    QMessageBox,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.errors import NotFoundError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import persons, portfolio
from tests.support.modals import ModalScript
from tests.support.office_steps import first_admin, office_setup
from ui.app import pick_person
from ui.main_window import GEOMETRY_KEY, MainWindow, app_settings


def test_title_tabs_menus_and_status_bar(window: MainWindow, demo_ctx: AppContext) -> None:
    assert window.windowTitle() == "KVP Desktop – NAV Færder (demo)"
    assert [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())] == [
        "Portefølje", "Inngangsvilkår", "Programbygger", "Utbetalinger"
    ]
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus == ["Fil", "Dokumenter", "Rapporter", "Innstillinger", "Hjelp"]
    file_actions = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()
                    if not a.isSeparator()]
    assert file_actions == [
        "Ny database…", "Åpne database…", "Sikkerhetskopi…", "Gjenopprett fra sikkerhetskopi…",
        "Ta med ut (utekopi)…", "Lever inn utekopi…", "Bytt bruker…", "Logg ut", "Avslutt"
    ]
    assert window.database_label.text() == "Database: demo.db"
    assert window.user_label.text() == "Bruker: KVP Desktop (system)"


def _part_of_a_qt_widget(widget: QWidget, stop: QWidget) -> bool:
    """Headers, scroll buttons, a line edit's clear button, a combo's popup: Qt's inner parts."""
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        if isinstance(parent, QT_COMPOSITES):
            return True
        parent = parent.parentWidget()
    return False


QT_COMPOSITES = (QLineEdit, QComboBox, QAbstractItemView, QTabBar, QMenuBar)


def test_every_interactive_widget_has_an_object_name_and_an_accessible_name(window: MainWindow) -> None:
    for index in range(window.tabs.count()):  # build every tab's widgets
        window.tabs.setCurrentIndex(index)
    missing = []
    checked = 0
    for widget in window.findChildren(QWidget):
        interactive = isinstance(widget, (QLineEdit, QComboBox, QAbstractItemView, QAbstractButton)) or (
            widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(widget, QAbstractScrollArea)
        )
        if not interactive or _part_of_a_qt_widget(widget, window) or isinstance(widget, (QTabBar, QMenuBar)):
            continue
        checked += 1
        if not widget.objectName() or not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []
    assert checked >= 18  # the search, 8 count buttons, filter, 5 views, check box, phase strip, week grid


def test_only_the_visible_tab_loads_and_others_load_when_shown(window: MainWindow) -> None:
    assert not window.portfolio_tab.is_stale()
    assert window.screening_tab.is_stale() and window.payouts_tab.is_stale()
    window.show_tab("Utbetalinger")
    assert not window.payouts_tab.is_stale()


def test_choosing_a_person_reaches_every_tab(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    person_id = pick_person(demo_ctx, "inngangsvilkar")
    assert person_id is not None
    person = persons.get_person(demo_ctx, person_id, audit=False)
    with qtbot.waitSignal(window.person_changed) as signal:
        assert window.select_person(person_id)
    assert signal.args == [person_id]
    info = window.person_bar.info.text()
    assert f"{person.last_name}, {person.first_name}" in info
    assert person.masked_id in info and " år" in info
    assert all(page.person_id == person_id for page in window.pages())

    window.show_tab("inngangsvilkar")
    assert window.screening_tab.application_list.count() > 0
    assert window.screening_tab.criteria_model.rowCount() > 0

    # The choice is kept across tabs: back to the portfolio, the person's row is the current one.
    window.show_tab("portefolje")
    current = window.portfolio_tab.table.currentIndex()
    assert window.portfolio_tab.model.person_id(current.row()) == person_id

    other = pick_person(demo_ctx, "programbygger")
    assert other is not None and other != person_id
    window.select_person(other)
    window.show_tab("Programbygger")
    assert window.programme_tab.person_id == other
    assert window.programme_tab.plan.blocks
    window.show_tab("inngangsvilkar")
    assert window.screening_tab.person_id == other


def test_person_search_suggests_and_enter_chooses(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    first = portfolio.portfolio_rows(demo_ctx, portfolio.portfolio_ids(demo_ctx)[:1])[0]
    prefix = first.name.split(",")[0][:3]
    bar = window.person_bar
    bar.search.setFocus()
    qtbot.keyClicks(bar.search, prefix)
    qtbot.waitUntil(lambda: bar.suggestion_count() > 0 and bar.popup.isVisible(), timeout=2000)
    labels = [bar.suggestions.item(row).text() for row in range(bar.suggestion_count())]
    assert all(label.casefold().startswith(prefix.casefold()) for label in labels)
    assert labels[0].startswith(first.name)  # Norwegian name order, from the database

    # The popup has the keyboard while it is open: Down, Enter chooses the highlighted person.
    qtbot.keyClick(bar.popup, Qt.Key.Key_Down)
    chosen = bar.popup.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
    with qtbot.waitSignal(bar.person_changed, timeout=2000) as signal:
        qtbot.keyClick(bar.popup, Qt.Key.Key_Return)
    assert signal.args == [chosen]
    qtbot.waitUntil(lambda: bar.search.text() == "", timeout=1000)  # cleared, ready for the next search


def test_enter_in_the_search_field_chooses_the_first_match(qtbot: QtBot, window: MainWindow,
                                                           demo_ctx: AppContext) -> None:
    first = portfolio.portfolio_rows(demo_ctx, portfolio.portfolio_ids(demo_ctx)[:1])[0]
    bar = window.person_bar
    bar.search.setText(first.name.split(",")[0])  # typed, popup not shown yet
    with qtbot.waitSignal(bar.person_changed, timeout=2000) as signal:
        qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert signal.args == [first.id]


def test_search_by_first_digits_of_the_fodselsnummer(window: MainWindow, demo_ctx: AppContext) -> None:
    person = persons.get_person(demo_ctx, portfolio.portfolio_ids(demo_ctx)[0], audit=False)
    window.person_bar.search_now(person.fodselsnummer[:6])
    ids = [window.person_bar.suggestions.item(r).data(Qt.ItemDataRole.UserRole + 1)
           for r in range(window.person_bar.suggestion_count())]
    assert person.id in ids


def test_a_service_error_is_shown_as_its_norwegian_message(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def missing(_ctx: AppContext, _person_id: int, *_args: object, **_kw: object) -> persons.PersonDTO:
        raise NotFoundError("Personen finnes ikke (lenger) i registeret.")

    monkeypatch.setattr(persons, "choose_person", missing)  # what the person bar calls
    assert not window.select_person(999_999)
    assert shown == ["Personen finnes ikke (lenger) i registeret."]
    assert window.person_id is None


def test_an_unexpected_error_gets_a_report_without_personal_data(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)

    def broken(_ctx: AppContext, _person_id: int, *_args: object, **_kw: object) -> persons.PersonDTO:
        raise RuntimeError("Kari Nordmann 01019912345")

    monkeypatch.setattr(persons, "choose_person", broken)  # what the person bar calls
    assert not window.select_person(1)
    assert len(boxes) == 1
    assert "uventet feil" in boxes[0].text()
    report = boxes[0].detailedText()
    assert "RuntimeError" in report and "Kari" not in report and "0101" not in report


def test_open_database_switches_the_whole_window(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "tomt.db"
    monkeypatch.setattr(
        "ui.main_window.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(empty), "")
    )
    open_context(f"sqlite:///{empty}").close()
    window.select_person(window.portfolio_tab.model.person_id(0))
    # A new database is never used without a login: its first administrator, then the office.
    script = ModalScript().expect("firstAdminDialog", first_admin()).expect("officeSetupDialog", office_setup())
    window.open_database()
    script.done()
    assert window.windowTitle() == "KVP Desktop – NAV Nyby"
    assert window.database_label.text() == "Database: tomt.db"
    assert window.user_label.text() == "Bruker: Ada Administrator (admin)"
    assert window.person_id is None
    assert window.portfolio_tab.model.rowCount() == 0
    window.ctx.close()


def test_open_database_cancelled_at_the_login_keeps_the_database_and_user(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "tomt.db"
    monkeypatch.setattr("ui.main_window.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(empty), ""))
    open_context(f"sqlite:///{empty}").close()
    before = window.user_label.text()
    script = ModalScript().expect("firstAdminDialog", lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    window.open_database()
    script.done()
    assert window.database_label.text() == "Database: demo.db" and window.user_label.text() == before


def test_new_database_refuses_an_existing_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "finnes.db"
    existing.write_bytes(b"")
    shown: list[str] = []
    monkeypatch.setattr("ui.main_window.QFileDialog.getSaveFileName", lambda *_a, **_k: (str(existing), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text) or 0)
    window.new_database()
    assert shown and "finnes fra før" in shown[0]
    assert window.database_label.text() == "Database: demo.db"


def test_a_too_new_database_is_refused_with_the_norwegian_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    path = tmp_path / "ny.db"
    open_context(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_fra_framtiden'")
    shown: list[str] = []
    monkeypatch.setattr("ui.main_window.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text) or 0)
    window.open_database()
    assert shown and "nyere versjon av KVP Desktop" in shown[0]
    assert window.database_label.text() == "Database: demo.db"


def test_about_names_version_licence_and_offline_use(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: texts.append(text))
    window.findChild(QAction, "actionAbout").trigger()
    assert "KVP Desktop 0.1.0" in texts[0] and "uten internett" in texts[0] and "Lisens:" in texts[0]


def test_backup_then_restore_through_the_file_menu(
    window: MainWindow, demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "kopier" / "kopi.db"
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: texts.append(text) or 0)
    monkeypatch.setattr("ui.main_window.QFileDialog.getSaveFileName", lambda *_a, **_k: (str(copy), ""))
    window.findChild(QAction, "actionBackup").trigger()
    assert copy.is_file()
    assert texts == [f"Sikkerhetskopien er lagret og kontrollert: {copy}"]

    number = synthetic_fodselsnummer(random.Random(7), dt.date(1990, 5, 17), "2")
    added = persons.create_person(demo_ctx, persons.PersonInput(number, "Åse", "Etter Kopien"))
    window.portfolio_tab.reload()
    assert window.portfolio_tab.model.rowCount() == 61
    window.select_person(added.id)
    monkeypatch.setattr("ui.main_window.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window.findChild(QAction, "actionRestore").trigger()
    assert texts[-1].startswith("Databasen er gjenopprettet.")
    assert window.person_id is None  # everything is read again after a restore
    assert window.portfolio_tab.model.rowCount() == 60


def test_keyboard_ctrl_number_chooses_a_tab_and_ctrl_f_finds_a_person(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.portfolio_tab.table.setFocus()
    qtbot.keyClick(window.portfolio_tab.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.programme_tab
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.payouts_tab
    qtbot.keyClick(window.payouts_tab.runs, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.person_bar.search.hasFocus()


def test_the_window_opens_large_and_then_where_it_was_closed(qtbot: QtBot, demo_ctx: AppContext) -> None:
    # The frame is shown before the database opens, so its size cannot come from the tabs' content.
    first = MainWindow()
    qtbot.addWidget(first)
    screen = first.screen().availableGeometry()
    assert first.width() >= min(1400, screen.width() * 9 // 10) - 1
    assert first.height() >= min(900, screen.height() * 9 // 10) - 1
    first.resize(700, 500)
    first.show()
    first.close()
    try:
        again = MainWindow(demo_ctx)
        qtbot.addWidget(again)
        assert (again.width(), again.height()) == (700, 500)
    finally:
        app_settings().remove(GEOMETRY_KEY)  # the other tests' windows open at the default size
