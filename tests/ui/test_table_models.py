"""Every item model of the UI under Qt's model tester (``qtmodeltester``), with real data: an office
built from an empty database through the services, and the demo office; each model is checked
empty, filled, and after the changes the views make (reload, filter, fetchMore, an edit).

The tester stays connected for the rest of the test and checks every reset, insert and change
signal the model emits; ``check`` walks all rows, columns and roles at that moment. A Qt warning
fails the test too (``qt_log_level_fail`` in pyproject.toml)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.letters import decisions
from kvp_desktop.services.letters.dto import DocumentRef
from kvp_desktop.services.office import settings as office
from kvp_desktop.services.office import users
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.portfolio import persons
from kvp_desktop.services.portfolio.portfolio import ANY_FLAG, PortfolioFilter
from kvp_desktop.services.programmes import attendance, plan_templates
from kvp_desktop.services.screening import applications, screening
from kvp_desktop.services.screening.applications import ApplicationInput
from kvp_desktop.services.screening.screening import ConclusionInput, Judgement, ScreeningFacts
from ui.payouts.ledger import RunsModel, group_by_person, ledger_model
from ui.payouts.week_sheet import WeekSheetModel
from ui.person_bar import PersonBar
from ui.portfolio.model import PERSON_ID_ROLE, PortfolioModel
from ui.screening.tab import CriteriaModel
from ui.settings.audit_view import AuditTableModel
from ui.table_model import LEFT, RIGHT, Column, PagedTableModel, TableModel
from ui.widgets.sort_proxy import SORT_ROLE, NorwegianSortProxy

TODAY = dt.date(2026, 11, 23)
START = dt.date(2026, 12, 7)
PASSWORD = "modell-passord-1"
SETTLED = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=False)
ALL_MET = (
    Judgement("reduced_capacity", "met", "Lite skolegang og helseplager over lang tid."),
    Judgement("close_coordinated_help", "met", "Trenger oppfølging fra NAV og fastlege."),
    Judgement("suitable_programme", "met", "Arbeidspraksis og norskopplæring kan tilbys."),
)


@dataclass(frozen=True)
class Office:
    """A small office made through the services, as the window would make it."""

    worker: AppContext  # the saksbehandler
    leader: AppContext
    participant: int  # person id: granted, with a programme and attendance in December
    applicant: int  # person id: an application with a screening under way


@pytest.fixture
def empty(db_url: str) -> Iterator[AppContext]:
    context = open_context(db_url)
    yield context
    context.close()


def _person(ctx: AppContext, seed: int, first: str, last: str) -> int:
    number = synthetic_fodselsnummer(random.Random(seed), dt.date(1988, 5, seed), "2")
    return persons.create_person(ctx, persons.PersonInput(number, first, last, address="Storgata 1",
                                                          postcode="3140", postplace="Nøtterøy"), TODAY).id


def _apply(ctx: AppContext, person_id: int) -> screening.ScreeningView:
    app = applications.register_application(ctx, ApplicationInput(
        person_id=person_id, registered_date=TODAY - dt.timedelta(days=10),
        work_ability_assessment_date=TODAY - dt.timedelta(days=20), work_ability_outcome="spesielt_tilpasset"), TODAY)
    return screening.start_screening(ctx, app.id, TODAY)


def build_office(empty: AppContext) -> Office:
    users.create_first_admin(empty, "admin", "Ada Administrator", PASSWORD, PASSWORD)
    admin = empty.as_user("admin")
    office.create_office(admin, office.new_office_input(
        office_name="NAV Færder", municipality_number="3911", municipality_name="Færder", county="Vestfold",
        address="Storgata 1", postcode="3140", postplace="Nøtterøy", org_number="974760673"))
    users.create_user(admin, "kari", "Kari Saksbehandler", "saksbehandler", PASSWORD)
    users.create_user(admin, "lene", "Lene Leder", "leder", PASSWORD)
    worker = empty.as_user("kari")
    participant = _person(worker, 1, "Åse", "Ødegård")
    applicant = _person(worker, 2, "Ola", "Aas")
    _person(worker, 3, "Zara", "Berg")
    view = _apply(worker, participant)
    result = screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET,
                                          ConclusionInput(START, dt.date(2027, 6, 6)),
                                          now=dt.datetime(2026, 11, 23, 10, 0))
    decisions.issue(worker, DocumentRef("decision", result.decision_id), today=TODAY)
    plan_templates.create_from_grant(worker, participant, today=TODAY)
    _apply(worker, applicant)
    return Office(worker, empty.as_user("lene"), participant, applicant)


@pytest.fixture
def made(empty: AppContext) -> Office:
    return build_office(empty)


def _register_week(ctx: AppContext, monday: dt.date) -> int:
    """Every planned day of the week attended as planned, one day with invalid absence."""
    rows = attendance.week_sheet(ctx, monday)
    entries = {}
    for row in rows:
        days = [attendance.DayInput(day.day, attended=day.planned, expected_version=day.version)
                for day in row.days if day.planned]
        if days:
            days[0] = attendance.DayInput(days[0].day, invalid_absence=Decimal(2),
                                          attended=days[0].attended - 2, expected_version=days[0].expected_version)
        entries[row.programme_id] = days
    return attendance.save_week(ctx, monday, entries)


# --- the base -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    amount: int


class ThingModel(TableModel[Thing]):
    missing = "(mangler)"
    columns = (
        Column("name", "Navn", lambda t: t.name, tooltip=True),
        Column("amount", "Beløp", lambda t: f"{t.amount} kr", align=RIGHT, header_align=RIGHT,
               sort=lambda t: t.amount, roles={Qt.ItemDataRole.AccessibleTextRole: lambda t: f"{t.amount} kroner"}),
    )
    row_roles: Mapping[int, Callable[[Thing], Any]] = {Qt.ItemDataRole.UserRole: lambda t: t.id}


def test_the_base_answers_from_the_declared_columns(qtmodeltester: ModelTester) -> None:
    model = ThingModel()
    qtmodeltester.check(model)
    model.set_items([Thing(1, "Ås", 10), Thing(2, "Berg", 9)])
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Navn", "Beløp"]
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.headerData(1, Qt.Orientation.Vertical) == 2
    first, amount = model.index(0, 0), model.index(0, 1)
    assert first.data() == first.data(Qt.ItemDataRole.ToolTipRole) == "Ås"
    assert amount.data() == "10 kr" and amount.data(Qt.ItemDataRole.ToolTipRole) is None
    assert amount.data(SORT_ROLE) == 10 and first.data(SORT_ROLE) is None
    assert amount.data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert amount.data(Qt.ItemDataRole.AccessibleTextRole) == "10 kroner"
    assert first.data(Qt.ItemDataRole.UserRole) == amount.data(Qt.ItemDataRole.UserRole) == 1
    assert model.flags(first) & Qt.ItemFlag.ItemIsSelectable and not model.flags(first) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags and model.data(QModelIndex()) is None
    assert model.column_of("amount") == 1
    qtmodeltester.check(model)

    # Sorted by the proxy: names with the Norwegian collator (å after z), amounts by value.
    proxy = NorwegianSortProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(0)
    assert [proxy.index(r, 0).data() for r in range(2)] == ["Berg", "Ås"]
    proxy.sort(1)
    assert [proxy.index(r, 1).data() for r in range(2)] == ["9 kr", "10 kr"]


def test_a_row_that_could_not_be_loaded_shows_the_missing_text(qtmodeltester: ModelTester) -> None:
    class Gappy(ThingModel):
        def item(self, row: int) -> Thing | None:
            return None if row == 1 else super().item(row)

    model = Gappy()
    model.set_items([Thing(1, "Ås", 10), Thing(2, "Berg", 9)])
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "(mangler)"
    assert model.index(1, 1).data(SORT_ROLE) is None and model.index(1, 0).data(Qt.ItemDataRole.UserRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)  # the column's, not the row's


def test_a_paged_model_fetches_more_as_asked_and_stops_at_a_short_page(qtmodeltester: ModelTester) -> None:
    things = [Thing(n, f"Ting {n}", n) for n in range(7)]
    asked: list[tuple[int, int]] = []

    class Paged(PagedTableModel[Thing]):
        page_size = 3
        columns = ThingModel.columns

        def load_page(self, offset: int, limit: int) -> list[Thing]:
            asked.append((offset, limit))
            return things[offset:offset + limit]

    model = Paged()
    qtmodeltester.check(model)
    assert not model.canFetchMore(QModelIndex())  # nothing listed yet
    model.restart()
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert asked == [(0, 3), (3, 3), (6, 3)] and model.rowCount() == 7
    assert model.index(6, 0).data() == "Ting 6"
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    assert len(asked) == 3  # a short page was the end
    assert not model.canFetchMore(model.index(0, 0))  # a table has no children to fetch


# --- the models of the tabs and dialogs: an office made through the services -----------------------


def test_portfolio_model_on_an_office_made_through_the_services(qtmodeltester: ModelTester, empty: AppContext) -> None:
    model = PortfolioModel(empty, batch_size=2, today=lambda: TODAY)
    qtmodeltester.check(model)
    model.reload()
    assert model.rowCount() == 0
    made = build_office(empty)
    model.set_context(made.worker)
    model.reload()
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    names = [model.index(r, 0).data() for r in range(3)]
    assert sorted(names) == ["Aas, Ola", "Berg, Zara", "Ødegård, Åse"]
    row = model.row_of(made.participant)
    assert row is not None and model.index(row, 5).data(PERSON_ID_ROLE) == made.participant
    assert model.index(row, 2).data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert model.index(row, 0).data(Qt.ItemDataRole.TextAlignmentRole) == int(LEFT)
    model.reload(PortfolioFilter(search="Ødegård"))
    assert model.rowCount() == 1
    model.reload(PortfolioFilter(stop_point=ANY_FLAG))
    model.invalidate()
    qtmodeltester.check(model)


def test_criteria_model_through_a_screening(qtmodeltester: ModelTester, made: Office) -> None:
    model = CriteriaModel()
    qtmodeltester.check(model)
    app = applications.applications_for_person(made.worker, made.applicant)[0]
    model.set_criteria(app.criteria, {"reduced_capacity": "Vurderes av veileder."})
    assert model.rowCount() == len(app.criteria) > 0
    qtmodeltester.check(model)
    states = {model.criterion(r).state for r in range(model.rowCount())}
    assert "needs_assessment" in states
    granted = applications.applications_for_person(made.worker, made.participant)[0]
    model.set_criteria(granted.criteria)
    qtmodeltester.check(model)
    model.set_criteria(())
    assert model.rowCount() == 0


def test_week_sheet_model_through_registered_attendance(qtmodeltester: ModelTester, made: Office) -> None:
    model = WeekSheetModel()
    qtmodeltester.check(model)
    model.set_week(START, attendance.week_sheet(made.worker, START))
    assert model.rowCount() == 1 and model.columnCount() == 10
    qtmodeltester.check(model)
    assert _register_week(made.worker, START) > 0
    model.set_week(START, attendance.week_sheet(made.worker, START))
    qtmodeltester.check(model)
    day = model.index(0, 1)
    assert model.flags(day) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(day, "7,5")
    assert model.setData(model.index(0, 2), "x9")  # not a cell: marked, not saved
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == model.errors[(0, 2)]
    qtmodeltester.check(model)
    assert not model.setData(model.index(0, 0), "Navn")
    model.set_week(START + dt.timedelta(days=7), attendance.week_sheet(made.worker, START + dt.timedelta(days=7)))
    qtmodeltester.check(model)


def test_runs_and_ledger_models_through_a_payout_run(qtmodeltester: ModelTester, made: Office) -> None:
    runs = RunsModel()
    proxy = NorwegianSortProxy()
    proxy.setSourceModel(runs)
    qtmodeltester.check(runs)
    qtmodeltester.check(proxy)
    runs.set_runs(payouts.list_runs(made.worker))
    assert runs.rowCount() == 0
    for monday in (START, START + dt.timedelta(days=7)):
        _register_week(made.worker, monday)
    payout_runs.create_draft_run(made.worker, "2026-12", today=dt.date(2027, 1, 4))
    listed = payouts.list_runs(made.worker)
    runs.set_runs(listed)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert runs.rowCount() == 1 and runs.index(0, 0).data(Qt.ItemDataRole.UserRole) == listed[0].id
    qtmodeltester.check(runs)
    qtmodeltester.check(proxy)

    lines = payouts.run_lines(made.worker, listed[0].id)
    assert lines
    ledger = ledger_model(group_by_person(lines))
    qtmodeltester.check(ledger)
    tree = NorwegianSortProxy()
    tree.setSourceModel(ledger)
    tree.sort(3, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(tree)


def test_audit_model_through_the_trail_of_the_office(qtmodeltester: ModelTester, made: Office) -> None:
    model = AuditTableModel(made.leader)
    model.page_size = 4
    qtmodeltester.check(model)
    total = model.search(audit.AuditFilter())
    assert total > 8 and model.rowCount() == 4 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 8
    qtmodeltester.check(model)
    model.search(audit.AuditFilter(username="kari", action="create"))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total > 0
    assert {model.row(r).username for r in range(model.rowCount())} == {"kari"}
    qtmodeltester.check(model)


def test_person_bar_suggestions_model(qtbot: QtBot, qtmodeltester: ModelTester, made: Office) -> None:
    bar = PersonBar(made.worker)
    qtbot.addWidget(bar)
    qtmodeltester.check(bar.suggestions)
    bar.search_now("Ødeg")
    assert bar.suggestion_count() == 1
    qtmodeltester.check(bar.suggestions)
    bar.search_now("Berg")
    assert bar.suggestion_count() == 1
    qtmodeltester.check(bar.suggestions)
    bar.search_now("")
    assert bar.suggestion_count() == 3  # everyone


# --- the same models on the demo office -----------------------------------------------------------


def test_every_model_on_the_demo_office(qtmodeltester: ModelTester, demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")
    portfolio_model = PortfolioModel(demo_ctx, batch_size=13, today=lambda: TODAY)
    portfolio_model.reload()
    qtmodeltester.check(portfolio_model)
    portfolio_model.reload(PortfolioFilter(stop_point=ANY_FLAG))
    qtmodeltester.check(portfolio_model)

    runs = RunsModel()
    runs.set_runs(payouts.list_runs(demo_ctx))
    assert runs.rowCount() > 1
    qtmodeltester.check(runs)
    newest = runs.run(0)
    qtmodeltester.check(ledger_model(group_by_person(payouts.run_lines(demo_ctx, newest.id))))

    criteria = CriteriaModel()
    with_apps = [pid for pid in portfolio_model.ids() if applications.applications_for_person(demo_ctx, pid)]
    criteria.set_criteria(applications.applications_for_person(demo_ctx, with_apps[0])[0].criteria)
    assert criteria.rowCount() > 0
    qtmodeltester.check(criteria)

    sheet = WeekSheetModel()
    sheet.set_week(dt.date(2026, 11, 16), attendance.week_sheet(demo_ctx, dt.date(2026, 11, 16)))
    assert sheet.rowCount() > 3
    qtmodeltester.check(sheet)

    trail = AuditTableModel(leader)
    trail.search(audit.AuditFilter())
    while trail.canFetchMore(QModelIndex()):
        trail.fetchMore(QModelIndex())
    assert trail.rowCount() >= trail.total  # the count was made before the search recorded itself
    qtmodeltester.check(trail)
