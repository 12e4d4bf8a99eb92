"""Inngangsvilkår, Programbygger and Utbetalinger on the demo office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.payouts.views import LedgerLine
from kvp_desktop.services.portfolio import portfolio
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.programmes.programmes import BlockView, PhaseView
from kvp_desktop.services.screening import applications
from ui.app import pick_person
from ui.main_window import MainWindow
from ui.payouts.ledger import LINE_ID_ROLE, group_by_person, ledger_model
from ui.programme.tab import format_hours, hours_header_html
from ui.programme.weekplan import WeekPlanModel
from ui.screening.tab import work_ability_label
from ui.widgets.sort_proxy import SORT_ROLE


# --- Inngangsvilkår -------------------------------------------------------------------------
def test_screening_shows_the_criteria_with_state_in_text_and_colour(window: MainWindow, demo_ctx: AppContext) -> None:
    person_id = pick_person(demo_ctx, "inngangsvilkar")
    assert person_id is not None
    window.select_person(person_id)
    window.show_tab("Inngangsvilkår")
    tab = window.screening_tab
    apps = applications.applications_for_person(demo_ctx, person_id)
    assert tab.application_list.count() == len(apps)
    assert tab.application_list.item(0).text().startswith(f"Søknad {apps[0].registered_date:%d.%m.%Y} – ")
    model = tab.criteria_model
    assert model.rowCount() == len(apps[0].criteria) > 0
    states = {}
    for row in range(model.rowCount()):
        criterion = apps[0].criteria[row]
        assert model.data(model.index(row, 0)) == criterion.label
        assert model.data(model.index(row, 3)) == criterion.reference
        text = model.data(model.index(row, 1))
        brush = model.data(model.index(row, 1), Qt.ItemDataRole.BackgroundRole)
        assert isinstance(brush, QBrush)
        states[criterion.state] = (text, brush.color().name())
    assert states["needs_assessment"][0].endswith("Må vurderes")
    assert states["met"][0].endswith("Oppfylt")
    assert states["met"][1] != states["needs_assessment"][1]
    assert "må vurderes" in tab.summary.text()
    assert work_ability_label(apps[0].work_ability_outcome) in tab.details.text()
    assert work_ability_label("spesielt_tilpasset_innsats") == "Spesielt tilpasset innsats"


def test_screening_for_a_person_without_applications_says_so(window: MainWindow, demo_ctx: AppContext) -> None:
    without = next(
        pid for pid in portfolio.portfolio_ids(demo_ctx) if not applications.applications_for_person(demo_ctx, pid)
    )
    window.show_tab("inngangsvilkar")
    assert "Velg en person" in window.screening_tab.message.text()
    window.select_person(without)
    assert window.screening_tab.message.text() == "Personen har ingen registrerte søknader om kvalifiseringsprogram."
    assert window.screening_tab.criteria_model.rowCount() == 0


# --- Programbygger --------------------------------------------------------------------------
def test_programme_tab_draws_the_phase_and_its_hours(qtbot: QtBot, window: MainWindow, demo_ctx: AppContext) -> None:
    person_id = pick_person(demo_ctx, "programbygger")
    assert person_id is not None
    programme = programmes.programmes_for_person(demo_ctx, person_id)[0]
    window.select_person(person_id)
    window.show_tab("programbygger")
    tab = window.programme_tab
    assert tab.programme == programme
    assert tab.plan.phase in programme.phases
    assert tab.plan.blocks and tab.plan.total_hours() == tab.plan.phase.weekly_hours
    assert "37,5 t" in tab.hours.text()
    assert f"{programme.start_date:%d.%m.%Y}" in tab.title.text()

    # Phases by keyboard: End goes to the last phase, and the grid follows.
    tab.phases.setFocus()
    qtbot.keyClick(tab.phases, Qt.Key.Key_End)
    assert tab.plan.phase == programme.phases[-1]
    qtbot.keyClick(tab.phases, Qt.Key.Key_Home)
    assert tab.plan.phase == programme.phases[0]

    # Blocks by keyboard: the chosen block is described in words.
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_Right)
    block = tab.grid.selected_block()
    assert block is not None and block.activity in tab.block_info.text()
    assert tab.grid.accessibleDescription().startswith("Mandag " if block.weekday == 0 else "")

    # A block is drawn where its time is: a click in its middle chooses it.
    last = tab.plan.blocks[-1]
    qtbot.mouseClick(tab.grid, Qt.MouseButton.LeftButton, pos=tab.grid.block_rect(last).center().toPoint())
    assert tab.grid.selected_block() == last


def test_programme_tab_for_a_person_without_a_programme(window: MainWindow, demo_ctx: AppContext) -> None:
    without = next(pid for pid in portfolio.portfolio_ids(demo_ctx)
                   if not programmes.programmes_for_person(demo_ctx, pid))
    window.select_person(without)
    window.show_tab("programbygger")
    assert window.programme_tab.message.text().startswith("Personen har ikke noe kvalifiseringsprogram.")
    assert "når vedtaket om innvilgelse er fattet" in window.programme_tab.message.text()
    assert not window.programme_tab.create_button.isVisibleTo(window.programme_tab)  # no issued grant
    assert window.programme_tab.plan.blocks == ()


def test_week_plan_model_sums_hours_per_category_in_catalogue_order() -> None:
    blocks = (
        BlockView(1, 8 * 60 + 30, 12 * 60, "Arbeidstrening", "work_directed_measure", "Bygg AS"),
        BlockView(0, 8 * 60, 11 * 60, "Jobbklubb", "job_seeking", "NAV"),
        BlockView(0, 12 * 60, 13 * 60 + 20, "Trening", "physical_training", ""),
        BlockView(2, 9 * 60, 10 * 60, "Noe ukjent", "not_a_category", ""),
    )
    model = WeekPlanModel()
    changes: list[None] = []
    model.changed.connect(lambda: changes.append(None))
    model.set_phase(PhaseView(1, "Fase 1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), blocks))
    assert changes == [None]
    assert [b.activity for b in model.blocks] == ["Jobbklubb", "Trening", "Arbeidstrening", "Noe ukjent"]
    assert model.hours_by_category() == {
        "work_directed_measure": Decimal("3.5"),
        "job_seeking": Decimal("3"),
        "physical_training": Decimal(80) / 60,
        "other": Decimal("1"),
    }
    assert not model.is_full_time()
    header = hours_header_html(model)
    assert "Arbeidsrettet tiltak" in header and "<b>3,5 t</b>" in header and "1,33 t" in header
    assert "Sum uke: 8,83 t av 37,5 t" in header and "mangler 28,67 t" in header


def test_hours_use_the_norwegian_decimal_comma() -> None:
    assert format_hours(Decimal("37.5")) == "37,5 t"
    assert format_hours(Decimal("15.0")) == "15 t"
    assert format_hours(Decimal(100) / 60) == "1,67 t"


# --- Utbetalinger ---------------------------------------------------------------------------
def test_payouts_tab_lists_runs_and_the_chosen_runs_lines(window: MainWindow, demo_ctx: AppContext) -> None:
    runs = payouts.list_runs(demo_ctx)
    assert runs, "the demo office has payout runs"
    window.show_tab("Utbetalinger")
    tab = window.payouts_tab
    assert tab.runs_proxy.rowCount() == len(runs)
    newest = runs[0]
    assert tab.current_run == newest  # the newest period is chosen first
    first_row = [tab.runs_proxy.index(0, c).data() for c in range(5)]
    assert first_row[1] == newest.label
    assert first_row[4].replace("\xa0", " ").endswith(" kr") and "," in first_row[4]
    assert tab.runs_proxy.index(0, 4).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight

    lines = payouts.run_lines(demo_ctx, newest.id)
    groups = group_by_person(lines)
    model = tab.lines_model
    assert model.rowCount() == len(groups)
    assert model.item(0, 0).text().startswith(groups[0].name)
    assert sum(model.item(r, 0).rowCount() for r in range(model.rowCount())) == len(lines)
    total = sum((line.amount for line in lines), Decimal("0.00"))
    assert total == newest.total
    assert tab.total.text().replace("\xa0", " ").startswith("<b>Sum for kjøringen: ")
    assert f"{len(groups)} personer, {len(lines)} linjer" in tab.total.text()

    # Choosing an older run shows its lines.
    tab.runs.selectRow(len(runs) - 1)
    assert tab.current_run == runs[-1]

    # Only the chosen person.
    window.select_person(groups[0].person_id)
    tab.runs.selectRow(0)
    tab.only_person.setChecked(True)
    assert tab.lines_model.rowCount() == 1
    assert tab.total.text().startswith("<b>Sum for valgt person: ")


def test_runs_sort_by_period_and_amount_not_by_text(window: MainWindow, demo_ctx: AppContext) -> None:
    window.show_tab("Utbetalinger")
    tab = window.payouts_tab
    tab.runs.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    amounts = [tab.runs_proxy.index(r, 4).data(SORT_ROLE) for r in range(tab.runs_proxy.rowCount())]
    assert amounts == sorted(amounts)
    tab.runs.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    periods = [tab.runs_proxy.index(r, 0).data(SORT_ROLE) for r in range(tab.runs_proxy.rowCount())]
    assert periods == sorted(periods, reverse=True)


def _line(line_id: int, person_id: int, name: str, amount: str, text: str = "Kvalifiseringsstønad") -> LedgerLine:
    return LedgerLine(line_id, person_id, name, "01.01.90 *****", "allowance", text, "stl. § 35",
                      "22 ukedager × sats", Decimal(amount))


def test_ledger_groups_lines_per_person_with_subtotals() -> None:
    lines = [
        _line(1, 7, "Aas, Kari", "1000.00"),
        _line(2, 7, "Aas, Kari", "-250.50", "Trekk for ugyldig fravær"),
        _line(3, 9, "Ødegård, Per", "99.90"),
    ]
    groups = group_by_person(lines)
    assert [(g.person_id, g.subtotal) for g in groups] == [(7, Decimal("749.50")), (9, Decimal("99.90"))]
    model = ledger_model(groups)
    assert model.rowCount() == 2
    kari = model.item(0, 0)
    assert kari.text() == "Aas, Kari  (01.01.90 *****)" and kari.rowCount() == 2
    assert model.item(0, 3).text().replace("\xa0", " ") == "749,50 kr"
    assert kari.child(1, 0).text() == "Trekk for ugyldig fravær"
    assert kari.child(1, 3).text().replace("\xa0", " ").replace("\u2212", "-") == "-250,50 kr"
    assert kari.child(1, 0).data(LINE_ID_ROLE) == 2
    assert model.item(0, 3).textAlignment() & Qt.AlignmentFlag.AlignRight


def test_ledger_sorts_names_the_norwegian_way_and_amounts_by_value(window: MainWindow) -> None:
    window.show_tab("Utbetalinger")
    tab = window.payouts_tab
    lines = [
        _line(1, 1, "Ås, Per", "10.00"),
        _line(2, 2, "Zahl, Kari", "9.00"),
        _line(3, 3, "Ødegård, Ola", "1000.00"),
        _line(4, 4, "Ærø, Eva", "200.00"),
        _line(5, 5, "berg, Ida", "-5.00"),
        _line(6, 5, "berg, Ida", "3.00", "Barnetillegg"),
    ]
    tab._lines = lines
    tab._show_lines()
    proxy = tab.lines_proxy
    tab.lines.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, 0).data().split(",")[0] for r in range(proxy.rowCount())]
    assert names == ["berg", "Zahl", "Ærø", "Ødegård", "Ås"]  # æ, ø, å after z; case does not matter
    ida = proxy.index(0, 0)
    assert [proxy.index(r, 0, ida).data() for r in range(2)] == ["Kvalifiseringsstønad", "Barnetillegg"]
    tab.lines.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    names = [proxy.index(r, 0).data().split(",")[0] for r in range(proxy.rowCount())]
    assert names == ["Ødegård", "Ærø", "Ås", "Zahl", "berg"]  # 1 000 > 200 > 10 > 9 > −2, not text order



def test_the_run_total_counts_one_person_and_one_line_in_the_singular() -> None:
    from ui.payouts.tab import run_total_text

    assert run_total_text(Decimal("100.00"), 1, 1).endswith("(én person, én linje)")
    assert run_total_text(Decimal("100.00"), 2, 3).endswith("(2 personer, 3 linjer)")
