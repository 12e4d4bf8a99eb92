"""Query budgets: what each everyday action of the window costs on the database, on SQLite and PostgreSQL.

A shared office's server is often across a VPN, where each round trip costs 20–50 ms; at 20 ms each way
an action must stay under half a second (``bench/bench_network.py`` measures it through the real window,
``docs/performance.md`` shows the figures). Each test here runs the service calls one action of the
window makes and holds it to a budget of statements and units of work, and on PostgreSQL — through a
loopback proxy (``bench/delay_proxy.py``, no delay) — of round trips. A change that adds a statement, a
unit of work or a transaction to an action fails here. If an action must do more, raise its budget
here deliberately, and check the 20 ms figure with the benchmark.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from bench.delay_proxy import DelayProxy
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.letters import decisions, drafting
from kvp_desktop.services.office import users, view_cache
from kvp_desktop.services.portfolio import persons, portfolio, reviews
from kvp_desktop.services.portfolio.portfolio import PortfolioFilter
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.screening import deadlines, screening
from kvp_desktop.store.models import Application, Programme, User
from tests.conftest import TODAY
from tests.support.postgres import Databases
from tests.support.query_budget import QueryCount, count_queries


@dataclass
class Office:
    ctx: AppContext
    proxy: DelayProxy | None  # on PostgreSQL: every request to the server crosses it
    person_id: int  # a person in an active programme, with an application and a screening

    def count(self) -> Any:
        return count_queries(self.ctx.db.engine, self.proxy)


@pytest.fixture
def office(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Office]:
    proxy_cm: DelayProxy | None = None
    if backend == "sqlite":
        target = tmp_path / "demo.db"
        shutil.copyfile(request.getfixturevalue("demo_template"), target)
        url = f"sqlite:///{target}"
    else:
        databases: Databases = request.getfixturevalue("pg_databases")
        direct = sa.engine.make_url(databases.create(template=request.getfixturevalue("pg_demo_template")))
        proxy_cm = DelayProxy("127.0.0.1", int(direct.port or 5432), delay_ms=0).__enter__()
        url = direct.set(host="127.0.0.1", port=proxy_cm.port).render_as_string(hide_password=False)
    base = open_context(url, prepare=False)
    with base.read() as uow:
        username = uow.session.scalars(select(User.username).where(User.role == "saksbehandler")).first()
        person_id = uow.session.scalars(
            select(Programme.person_id).join(Application, Application.person_id == Programme.person_id)
            .where(Programme.status == "active").order_by(Programme.person_id)).first()
    assert username is not None and person_id is not None
    ctx = base.as_user(username)
    # What the app's start-up reads once (and keeps on the context): the office and its rates.
    view_cache.office(ctx)
    view_cache.parameters(ctx)
    try:
        yield Office(ctx, proxy_cm, person_id)
    finally:
        ctx.close()
        if proxy_cm is not None:
            proxy_cm.__exit__(None, None, None)


def _within(office: Office, action: Callable[[], object], *, statements: int, units: int,
            transactions: int, sqlite_statements: int | None = None) -> QueryCount:
    """Run ``action`` within its budget. ``sqlite_statements``: SQLite's driver inserts several rows one
    statement each (no round trips there: the file is local); on a server they go in one statement."""
    action()  # once to warm the pool's connection (a new connection costs a handshake, not the action)
    with office.count() as counted:
        action()
    limit = sqlite_statements if sqlite_statements is not None and office.proxy is None else statements
    assert counted.statements <= limit, str(counted)
    assert counted.units <= units, str(counted)
    if office.proxy is not None:  # on a server; SQLite's driver begins transactions on its own terms
        assert counted.transactions <= transactions, str(counted)
        assert counted.round_trips is not None
        # A statement is a round trip; a transaction adds BEGIN and COMMIT/ROLLBACK.
        assert counted.round_trips <= statements + 2 * transactions, str(counted)
    return counted


def test_open_app_reads_the_portfolio_in_one_unit_of_work(office: Office) -> None:
    # Caseworkers, the counts (with the stale persons), the ids, the first screenful (persons with their
    # flags); and whether the user has a password (the menus).
    def action() -> None:
        view = portfolio.portfolio_view(office.ctx, PortfolioFilter(), TODAY, counts=True, caseworkers=True)
        assert view.ids and view.rows and view.counts is not None and view.caseworkers
        view_cache.office(office.ctx)  # the window's title (kept on the context)
        users.can_lock(office.ctx)  # the menus

    _within(office, action, statements=5, units=2, transactions=0)


def test_a_stop_point_filter_reads_ids_and_rows_but_not_the_counts_again(office: Office) -> None:
    def action() -> None:
        view = portfolio.portfolio_view(office.ctx, PortfolioFilter(stop_point="long_term_social_assistance"),
                                        TODAY, counts=False)
        assert view.counts is None and view.stale is None

    _within(office, action, statements=2, units=1, transactions=0)


def test_scrolling_the_portfolio_reads_a_batch_of_rows_in_one_statement(office: Office) -> None:
    ids = portfolio.portfolio_ids(office.ctx)

    def action() -> None:
        assert len(portfolio.portfolio_rows(office.ctx, ids[:200])) == min(200, len(ids))

    _within(office, action, statements=1, units=1, transactions=0)


def test_choosing_a_person_opens_them_with_the_deadlines_in_one_transaction(office: Office) -> None:
    # The person bar: the person (with children), the deadlines (applications with their screenings, the
    # programme with its evaluations) and the audit row (head locked and read; row and head in one statement
    # on PostgreSQL, two on SQLite) in one transaction; the Portefølje tab's detail pane: the flags' facts
    # with the reviews, one statement.
    def action() -> None:
        chosen = persons.choose_person(office.ctx, office.person_id, TODAY)
        assert chosen.person.id == office.person_id and chosen.deadlines.person_id == office.person_id
        reviews.person_details(office.ctx, office.person_id, TODAY)

    _within(office, action, statements=6, units=2, transactions=1, sqlite_statements=7)


def test_the_screening_tab_reads_in_one_unit_of_work(office: Office) -> None:
    # Person, applications, screenings (with decision state and concluding user), earlier programmes and the
    # mapping for the rule's facts, and the programme offer (decisions, programmes) when the grant is issued.
    def action() -> None:
        view = screening.screening_view(office.ctx, office.person_id, TODAY, deadlines=False)
        assert view.applications and view.deadlines is None

    _within(office, action, statements=7, units=1, transactions=0)


def test_the_screening_tab_reads_the_deadlines_when_the_person_bar_has_none(office: Office) -> None:
    def action() -> None:
        assert screening.screening_view(office.ctx, office.person_id, TODAY).deadlines is not None

    _within(office, action, statements=9, units=1, transactions=0)


def test_the_programme_tab_reads_in_one_unit_of_work_whatever_the_number_of_phases(office: Office) -> None:
    # Programmes (with application date and birth date), periods, phases, blocks, evaluations, activities.
    def action() -> None:
        view = programmes.programme_view(office.ctx, office.person_id)
        assert view.programmes and view.programmes[0].phases and view.catalogue

    counted = _within(office, action, statements=6, units=1, transactions=0)
    assert not any("plan_blocks" in sql and "WHERE plan_blocks.phase_id =" in sql for sql in counted.sql), counted


def test_saving_a_week_plan_returns_the_phases_from_its_own_transaction(office: Office) -> None:
    view = programmes.programme_view(office.ctx, office.person_id).programmes[0]
    future = [p for p in view.phases if p.from_date > dt.date.today() and p.blocks]
    # The demo office dates its programmes from today: a future phase with blocks is always there, and
    # a missing one is a failure, not a skip (the save's budget would quietly stop being checked).
    assert future, "the demo office has no future phase with blocks"
    phase = future[0]
    versions = iter(range(phase.version, phase.version + 10))

    def action() -> None:
        result = programmes.save_phase_pattern(office.ctx, phase.id, phase.blocks[1:], expected_version=next(versions),
                                               today=dt.date.today())
        assert result.phases is not None and any(p.id == phase.id for p in result.phases)

    # Phase with programme, DELETE blocks, UPDATE phase, INSERT blocks, the phases with their blocks, and the
    # audit row (2; 3 on SQLite): one transaction. (SQLite's driver inserts the blocks one statement each.)
    _within(office, action, statements=7, units=1, transactions=1, sqlite_statements=7 + len(phase.blocks) - 1)


def test_opening_the_documents_window_reads_in_one_unit_of_work(office: Office) -> None:
    drafting.create_draft(office.ctx, office.person_id, "forlengelse")  # a letter to list

    def action() -> None:
        assert decisions.documents_for_person(office.ctx, office.person_id)

    # The decisions, the certificates with their programmes.
    _within(office, action, statements=2, units=1, transactions=0)


def test_a_letter_draft_is_made_and_shown_in_one_transaction(office: Office) -> None:
    def action() -> None:
        shown = drafting.create_draft_shown(office.ctx, office.person_id, "forlengelse")
        assert shown.form.ref == shown.ref and shown.ref in [view.ref for view in shown.documents]

    # The person with the office's written standard and the programme with its periods (one statement), the
    # rates, the decision,
    # the audit row (2; 3 on SQLite), and what the Dokumenter window shows next: the person's decisions and certificates
    # (the form is in the session). No application: an extension is written from the programme.
    counted = _within(office, action, statements=7, units=1, transactions=1, sqlite_statements=8)
    assert not any(sql.startswith("SELECT applications.") for sql in counted.sql), counted


def test_the_deadlines_read_in_two_statements_are_those_read_one_by_one(office: Office) -> None:
    with office.ctx.read() as uow:
        ids = list(uow.session.scalars(select(Programme.person_id).union(select(Application.person_id))))
    assert len(ids) > 10
    for person_id in ids:
        assert deadlines.person_deadlines(office.ctx, person_id, TODAY) == \
            deadlines._person_deadlines_one_by_one(office.ctx, person_id, TODAY)
