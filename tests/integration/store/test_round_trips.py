"""Round trips per unit of work on a server: reads send no BEGIN/ROLLBACK, and no ping while a connection is busy.

A shared office's server is across a network, so every request costs a round trip. The requests are
counted where they cross: a loopback TCP proxy between the program and PostgreSQL (bench/delay_proxy.py,
no delay added).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from bench.delay_proxy import DelayProxy
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.store import db as store_db
from kvp_desktop.store.models import Person
from tests.support.postgres import Databases


@pytest.fixture
def proxied(request: pytest.FixtureRequest) -> Iterator[tuple[AppContext, DelayProxy]]:
    databases: Databases = request.getfixturevalue("pg_databases")
    url = databases.create(template=request.getfixturevalue("pg_demo_template"))
    parsed = sa.engine.make_url(url)
    with DelayProxy("127.0.0.1", int(parsed.port or 5432), delay_ms=0) as proxy:
        via = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        ctx = open_context(via, prepare=False)
        yield ctx, proxy
        ctx.close()


def _requests(proxy: DelayProxy, action: object) -> int:
    before = proxy.requests
    action()  # type: ignore[operator]
    return proxy.requests - before


def _count_in(ctx: AppContext, read: bool) -> int:
    with (ctx.read() if read else ctx.uow()) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Person)) or 0)


@pytest.mark.postgres
def test_a_read_costs_one_round_trip_and_an_ordinary_unit_of_work_more(
        proxied: tuple[AppContext, DelayProxy]) -> None:
    ctx, proxy = proxied
    assert _count_in(ctx, read=True) == _count_in(ctx, read=False) > 0  # both connections made and warm
    reads = [_requests(proxy, lambda: _count_in(ctx, read=True)) for _ in range(5)]
    ordinary = [_requests(proxy, lambda: _count_in(ctx, read=False)) for _ in range(5)]
    assert reads == [1] * 5  # the SELECT alone: no ping, no BEGIN, no ROLLBACK
    assert min(ordinary) >= 2  # BEGIN (and ROLLBACK) around the same SELECT


@pytest.mark.postgres
def test_an_idle_connection_dropped_by_the_server_is_replaced_before_use(
        proxied: tuple[AppContext, DelayProxy], monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, _proxy = proxied
    assert _count_in(ctx, read=False) > 0
    # The server ends the program's pooled session (as a restart or a firewall's idle timeout would).
    admin = sa.create_engine(ctx.db.engine.url, poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        ended = connection.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert ended and ended >= 1
    monkeypatch.setattr(store_db, "IDLE_PING_SECONDS", 0.0)
    for read in (False, True, False):
        assert _count_in(ctx, read=read) > 0


def test_a_read_unit_of_work_refuses_to_write(demo_ctx: AppContext) -> None:
    with demo_ctx.read() as uow:
        person = uow.session.scalars(select(Person)).first()
        assert person is not None
        person_id, original = person.id, person.first_name
        person.first_name = "Endret"
        with pytest.raises(RuntimeError):
            uow.session.flush()
        with pytest.raises(RuntimeError):
            uow.commit()
    with demo_ctx.uow() as uow:
        assert uow.session.get(Person, person_id).first_name == original  # type: ignore[union-attr]
