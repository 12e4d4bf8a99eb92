"""The Portefølje tab: lazy model (qtmodeltester), filters, search, selection, recording an outcome,
new person, import, export and the review list — driven with pytest-qt on the demo office."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import portfolio, reviews
from kvp_desktop.services.portfolio.portfolio import PortfolioFilter
from ui.main_window import MainWindow
from ui.portfolio.import_persons import ImportPersonsDialog
from ui.portfolio.model import PERSON_ID_ROLE, PortfolioModel, age_on
from ui.portfolio.person_form import PersonFormDialog
from ui.portfolio.review import ReviewDialog, ReviewListDialog
from ui.portfolio.tab import PortfolioTab

TODAY = dt.date(2026, 11, 23)


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, demo_ctx: AppContext) -> None:
    model = PortfolioModel(demo_ctx, batch_size=7, today=lambda: TODAY)
    model.reload()
    assert model.rowCount() == 60
    qtmodeltester.check(model, force_py=True)
    model.reload(PortfolioFilter(stop_point="aap_ended"))
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_in_batches_only_when_asked_for(demo_ctx: AppContext) -> None:
    model = PortfolioModel(demo_ctx, batch_size=10, max_cached_batches=2, today=lambda: TODAY)
    model.reload()
    assert model.rowCount() == 60
    assert model.cached_batches() == [] and model.batch_loads == 0  # ids only, no row data yet

    name = model.data(model.index(25, 0))
    assert model.cached_batches() == [2] and model.batch_loads == 1
    model.data(model.index(29, 3))
    model.data(model.index(20, 1))
    assert model.batch_loads == 1  # the same batch, served from the cache

    expected = portfolio.portfolio_rows(demo_ctx, [portfolio.portfolio_ids(demo_ctx, today=TODAY)[25]])[0]
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


def test_columns_show_masked_id_age_caseworker_flags_and_review(demo_ctx: AppContext) -> None:
    model = PortfolioModel(demo_ctx, today=lambda: TODAY)
    model.reload()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Navn", "Fødselsnr.", "Alder", "Veileder", "Stoppunkter", "Siste gjennomgang"]
    rows = portfolio.portfolio_rows(demo_ctx, portfolio.portfolio_ids(demo_ctx, today=TODAY))
    with_points = next(i for i, r in enumerate(rows) if len(r.stop_points) > 1)
    text = model.data(model.index(with_points, 4))
    assert text == "; ".join(portfolio.FLAG_SHORT[c] for c in rows[with_points].stop_points)
    tooltip = model.data(model.index(with_points, 4), Qt.ItemDataRole.ToolTipRole)
    code, day = rows[with_points].fired[0]
    assert f"{portfolio.FLAGS[code]} ({day:%d.%m.%Y})" in tooltip
    masked = model.data(model.index(0, 1))
    assert masked.endswith(" *****") and masked[2] == "." and len(masked) == 14
    assert model.data(model.index(0, 2)) == str(age_on(rows[0].birth_date, TODAY))
    assert model.data(model.index(0, 3)) in ("Sigrid Haugen", "Jonas Bergersen")
    reviewed = next(i for i, r in enumerate(rows) if r.last_reviewed is not None)
    assert model.data(model.index(reviewed, 5)).startswith(rows[reviewed].last_reviewed.strftime("%d.%m.%Y"))
    never = next(i for i, r in enumerate(rows) if r.last_reviewed is None)
    assert model.data(model.index(never, 5)) == "Ikke gjennomgått"


def test_age_counts_the_birthday_itself() -> None:
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 3, 1)) == 26
    assert age_on(dt.date(2000, 5, 1), dt.date(2026, 5, 1)) == 26


def _tab(qtbot: QtBot, ctx: AppContext) -> PortfolioTab:
    tab = PortfolioTab(ctx, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    qtbot.waitUntil(lambda: not tab.is_stale())
    return tab


def test_summary_counts_and_filters_apply_in_sql(qtbot: QtBot, demo_ctx: AppContext) -> None:
    tab = _tab(qtbot, demo_ctx.as_user("demo.veileder"))
    counts = portfolio.stop_point_counts(demo_ctx)
    assert tab.model.rowCount() == 60 and tab.count_label.text() == "Viser 60 personer"
    code = max(portfolio.STOP_POINTS, key=lambda c: counts[c])
    button = tab.count_buttons[code]
    assert button.text() == f"{counts[code]}  {portfolio.FLAGS[code]}"
    assert tab.count_buttons["any"].text().startswith(f"{counts['any']}  ")

    button.click()
    assert tab.filter.currentData() == code
    assert tab.model.rowCount() == counts[code]
    assert tab.count_label.text() == f"Viser {counts[code]} personer"

    tab.filter_to(None)
    tab.age_filter.setCurrentIndex(tab.age_filter.findData("under_25"))
    under_25 = set(portfolio.portfolio_ids(demo_ctx, filters=PortfolioFilter(age_group="under_25"), today=TODAY))
    assert set(tab.model.ids()) == under_25 and 0 < len(under_25) < 60
    tab.outcome_filter.setCurrentIndex(tab.outcome_filter.findData("none"))
    tab.caseworker_filter.setCurrentIndex(tab.caseworker_filter.findText("Sigrid Haugen"))
    expected = PortfolioFilter(outcome="none", age_group="under_25", caseworker_id=tab.caseworker_filter.currentData())
    assert tab.current_filters() == expected
    assert tab.model.ids() == portfolio.portfolio_ids(demo_ctx, filters=expected, today=TODAY)
    tab.since_date.setText("01.09.2026")
    tab.since_check.setChecked(True)
    assert tab.current_filters().not_reviewed_since == dt.date(2026, 9, 1)
    assert tab.model.ids() == portfolio.portfolio_ids(demo_ctx, filters=tab.current_filters(), today=TODAY)


def test_search_by_name_and_fodselsnummer_from_the_keyboard(qtbot: QtBot, demo_ctx: AppContext) -> None:
    tab = _tab(qtbot, demo_ctx)
    first = portfolio.portfolio_rows(demo_ctx, portfolio.portfolio_ids(demo_ctx, today=TODAY)[:1])[0]
    last_name = first.name.split(",")[0]
    qtbot.keyClicks(tab.search, last_name.lower())
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    names = [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())]
    assert names and all(last_name in name for name in names)
    tab.search.clear()
    qtbot.keyClicks(tab.search, first.masked_id[:8])  # "dd.mm.åå": the birth date as the list shows it
    qtbot.waitUntil(lambda: tab.model.rowCount() < 60, timeout=3000)  # the debounced search ran
    assert first.id in tab.model.ids()


def test_select_shows_reasons_and_record_an_outcome(qtbot: QtBot, demo_ctx: AppContext,
                                                    monkeypatch: object) -> None:
    ctx = demo_ctx.as_user("demo.veileder")
    tab = _tab(qtbot, ctx)
    tab.filter_to("aap_ended")
    tab.outcome_filter.setCurrentIndex(tab.outcome_filter.findData("none"))
    assert tab.model.rowCount() > 0
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    person = tab.selected_person_id()
    assert person is not None
    qtbot.waitUntil(lambda: "Ikke gjennomgått." in tab.details.toPlainText(), timeout=10_000)  # read off the GUI thread
    details = tab.details.toPlainText()
    assert "AAP er avsluttet" in details and "folketrygdloven kap. 11" in details and "Ikke gjennomgått." in details

    dialog = ReviewDialog(ctx, person, "x", tab, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.choose("ikke_aktuelt")
    dialog.save()
    assert dialog.saved is None and "Skriv hvorfor KVP ikke er aktuelt nå." in dialog.errors.text()
    dialog.choose("vurder_kvp")
    assert dialog.meeting_by.isEnabled() and not dialog.other_right.isEnabled()
    dialog.meeting_by.setText("10.12.2026")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.task_due == dt.date(2026, 12, 10)
    tab.mark_stale()
    assert person not in tab.model.ids()  # no longer "ikke gjennomgått"
    tab.outcome_filter.setCurrentIndex(tab.outcome_filter.findData("vurder_kvp"))
    tab.table.setCurrentIndex(tab.model.index(tab.model.row_of(person) or 0, 0))
    qtbot.waitUntil(lambda: "Vurder KVP – Sigrid Haugen" in tab.details.toPlainText(), timeout=10_000)
    assert [t.due_date for t in reviews.open_tasks(ctx, person)] == [dt.date(2026, 12, 10)]


def test_new_person_form_validates_and_detects_duplicates(qtbot: QtBot, demo_ctx: AppContext) -> None:
    ctx = demo_ctx.as_user("demo.veileder")
    dialog = PersonFormDialog(ctx, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fnr, "14039912345")
    assert "kontrollsifrene" in dialog.fnr_status.text()
    existing = portfolio.portfolio_ids(demo_ctx, today=TODAY)[0]
    from kvp_desktop.services.portfolio.persons import get_person

    number = get_person(demo_ctx, existing, audit=False).fodselsnummer
    dialog.fnr.setText(number)
    assert dialog.fnr_status.text().startswith("Finnes allerede i registeret:")
    assert number not in dialog.fnr_status.text()  # masked
    fresh = synthetic_fodselsnummer(random.Random(99), dt.date(2005, 6, 7), "2")
    dialog.fnr.setText(fresh)
    assert dialog.fnr_status.text() == "Gyldig fødselsnummer."
    dialog.save()
    assert dialog.saved_id is None and "Fornavn må fylles ut" in dialog.errors.text()
    dialog.first_name.setText("Tuva")
    dialog.last_name.setText("Ødegård")
    dialog.dropout.setChecked(True)
    dialog.save()
    assert dialog.saved_id is not None
    row = portfolio.portfolio_rows(ctx, [dialog.saved_id])[0]
    assert row.stop_points == ("upper_secondary_dropout",) and row.caseworker == "Sigrid Haugen"


def test_import_dialog_previews_errors_and_imports_the_valid_rows(qtbot: QtBot, demo_ctx: AppContext,
                                                                  tmp_path: Path) -> None:
    ctx = demo_ctx.as_user("demo.veileder")
    good = synthetic_fodselsnummer(random.Random(1), dt.date(2001, 1, 1), "1")
    path = tmp_path / "personer.csv"
    path.write_text(f"Fnr;Fornavn;Etternavn\n{good};Emil;Zahl\n{good[:-1]}0;;Feil\n", encoding="utf-8")
    dialog = ImportPersonsDialog(ctx, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    assert dialog.load_file(path)
    assert dialog.column_boxes["fodselsnummer"].currentText() == "Fnr"
    assert dialog.summary.text() == "1 rader kan importeres, 1 har feil, 0 hoppes over."
    assert dialog.rows.rowCount() == 1 and dialog.rows.item(0, 0).text() == "3"
    assert "Fornavn må fylles ut" in dialog.rows.item(0, 3).text()
    assert not dialog.import_button.isEnabled() and dialog.valid_button.isEnabled()
    dialog.valid_button.click()
    assert dialog.imported == 1
    assert portfolio.duplicate_of(ctx, good) is not None


def test_export_and_review_list(qtbot: QtBot, demo_ctx: AppContext, tmp_path: Path) -> None:
    ctx = demo_ctx.as_user("demo.saksbehandler")
    tab = _tab(qtbot, ctx)
    tab.filter_to("any")
    target = tmp_path / "utvalg.xlsx"
    with qtbot.waitSignal(tab.work_finished, timeout=10000):
        tab.export_to(str(target))
    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 + tab.model.rowCount()
    assert values[2][0] == tab.model.data(tab.model.index(0, 0))
    assert "Eksporterte" in tab.work_label.text()
    listing = ReviewListDialog(ctx, tab.current_filters(), tab, today=lambda: TODAY)
    qtbot.addWidget(listing)
    listing.save_to(tmp_path / "liste.pdf")
    assert listing.saved_path is not None and (tmp_path / "liste.pdf").read_bytes().startswith(b"%PDF")


def test_buttons_follow_the_role(qtbot: QtBot, demo_ctx: AppContext) -> None:
    tab = _tab(qtbot, demo_ctx.as_user("demo.attestant"))
    assert not tab.new_button.isEnabled() and not tab.review_button.isEnabled()
    assert tab.export_button.isEnabled()


def test_stale_flags_of_a_big_register_are_refreshed_off_the_gui_thread(
    qtbot: QtBot, demo_ctx: AppContext, monkeypatch: object
) -> None:
    import ui.portfolio.tab as module

    monkeypatch.setattr(module, "SYNC_REFRESH_LIMIT", 5)  # type: ignore[attr-defined]
    later = TODAY + dt.timedelta(days=200)
    stale = portfolio.stale_count(demo_ctx, later)
    assert stale > 5
    tab = PortfolioTab(demo_ctx, today=lambda: later)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.work_finished, timeout=20000):
        tab.show()
        assert tab.is_busy() and tab.progress.isVisible()
    qtbot.waitUntil(lambda: not tab.is_stale())
    assert portfolio.stale_count(demo_ctx, later) == 0 and not tab.progress.isVisible()


def test_double_click_chooses_the_person_in_the_person_bar(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.portfolio_tab
    view = tab.table
    index = tab.model.index(3, 0)
    rect = view.visualRect(index)
    with qtbot.waitSignal(window.person_changed, timeout=2000) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    person_id = tab.model.person_id(3)
    assert signal.args == [person_id]
    assert window.person_id == person_id


def test_enter_on_a_row_chooses_the_person(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.portfolio_tab
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(5, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert window.person_id == tab.model.person_id(5)
