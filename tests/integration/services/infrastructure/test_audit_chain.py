"""The audit trail's hash chain: a deleted, inserted, changed or reordered row, or a cut-off tail, is
found and named in Norwegian — on SQLite and PostgreSQL — and concurrent writers keep it whole.

The tampering is done as someone with the database itself would: the guard triggers switched off
(SQLite: dropped; PostgreSQL: disabled by the owner), then raw SQL.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.store import audit_chain, migrate
from kvp_desktop.store.db import connect


@contextmanager
def _as_attacker(ctx: AppContext) -> Iterator[sa.Connection]:
    with ctx.db.engine.begin() as connection:
        if ctx.db.is_sqlite:
            for name in ("audit_no_update", "audit_no_delete", "audit_needs_hash"):
                connection.execute(sa.text(f"DROP TRIGGER {name}"))
        else:
            connection.execute(sa.text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        yield connection


def _rows(ctx: AppContext) -> list[sa.Row]:
    with ctx.db.engine.connect() as connection:
        return list(connection.execute(sa.text("SELECT * FROM audit_events ORDER BY id")))


def _columns(row: sa.Row) -> dict[str, object]:
    return {k: v for k, v in row._mapping.items() if k != "id"}


def test_an_untouched_trail_verifies(demo_ctx: AppContext) -> None:
    report = audit.verify(demo_ctx)
    assert report.ok, report.message
    assert report.checked == report.total == len(_rows(demo_ctx)) >= 10
    assert "Revisjonsloggen er hel" in report.message
    assert audit.verify_recent(demo_ctx, rows=5).ok


def test_a_changed_row_is_found(demo_ctx: AppContext) -> None:
    target = _rows(demo_ctx)[5]
    with _as_attacker(demo_ctx) as c:
        c.execute(sa.text("UPDATE audit_events SET username = 'noen.andre' WHERE id = :id"), {"id": target.id})
    report = audit.verify(demo_ctx)
    assert not report.ok and report.broken_id == target.id
    assert f"Revisjonsloggen er brutt ved rad {target.id}" in report.message
    assert not audit.verify_recent(demo_ctx).ok


def test_a_deleted_row_is_found(demo_ctx: AppContext) -> None:
    rows = _rows(demo_ctx)
    with _as_attacker(demo_ctx) as c:
        c.execute(sa.text("DELETE FROM audit_events WHERE id = :id"), {"id": rows[3].id})
    report = audit.verify(demo_ctx)
    assert not report.ok and report.broken_id == rows[4].id  # the next row's link points at the deleted one


def test_an_inserted_row_is_found_even_with_a_well_made_hash(demo_ctx: AppContext) -> None:
    rows = _rows(demo_ctx)
    fake = dict(_columns(rows[0]))
    fake.update(detail="satt inn", username="inntrenger")
    fake["chain_hash"] = audit_chain.link(audit_chain.GENESIS, _Obj(fake))
    with _as_attacker(demo_ctx) as c:  # before the first row: a smaller id
        c.execute(sa.text("INSERT INTO audit_events (id, at, username, machine, action, entity, entity_id, person_id, "
                          "detail, chain_hash) VALUES (-1, :at, :username, :machine, :action, :entity, :entity_id, "
                          ":person_id, :detail, :chain_hash)"), fake)
    report = audit.verify(demo_ctx)
    assert not report.ok and report.broken_id == rows[0].id


def test_reordered_rows_are_found(demo_ctx: AppContext) -> None:
    rows = _rows(demo_ctx)
    first, second = rows[6], rows[7]
    with _as_attacker(demo_ctx) as c:  # the two rows swap places, each with its own hash
        for row, other in ((first, second), (second, first)):
            values = _columns(other)
            sets = ", ".join(f"{k} = :{k}" for k in values)
            c.execute(sa.text(f"UPDATE audit_events SET {sets} WHERE id = :id"), {**values, "id": row.id})
    report = audit.verify(demo_ctx)
    assert not report.ok and report.broken_id == first.id


def test_a_cut_off_tail_is_found(demo_ctx: AppContext) -> None:
    rows = _rows(demo_ctx)
    with _as_attacker(demo_ctx) as c:
        c.execute(sa.text("DELETE FROM audit_events WHERE id >= :id"), {"id": rows[-2].id})
    for report in (audit.verify(demo_ctx), audit.verify_recent(demo_ctx)):
        assert not report.ok and report.broken_id is None
        assert "brutt på slutten" in report.message and f"skal ha {len(rows)} rader" in report.message


class _Obj:
    def __init__(self, values: dict[str, object]) -> None:
        self.__dict__.update(values)


@pytest.mark.parametrize("threads, per_thread", [
    (6, 15), pytest.param(8, 125, marks=pytest.mark.slow),  # slow: 1 000 transactions, 2 000 rows
])
def test_concurrent_writers_keep_the_chain_whole(demo_ctx: AppContext, threads: int, per_thread: int) -> None:
    before = len(_rows(demo_ctx))
    errors: list[str] = []
    start = threading.Barrier(threads)

    def write(n: int) -> None:
        ctx = open_context(demo_ctx.db.url, prepare=False)
        try:
            start.wait(timeout=30)
            for i in range(per_thread):
                with ctx.uow() as uow:
                    ctx.audit(uow.session, "open", "person", None, None, f"tråd {n} nr {i}")
                    ctx.audit(uow.session, "print", "person", None, None, f"tråd {n} nr {i} b")
                    uow.commit()
        except Exception as exc:  # collected: the assertion below names it
            errors.append(repr(exc))
        finally:
            ctx.close()

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    report = audit.verify(demo_ctx)
    assert report.ok, report.message
    assert report.total == before + threads * per_thread * 2


def test_a_rolled_back_transaction_leaves_no_row_and_no_link(demo_ctx: AppContext) -> None:
    before = len(_rows(demo_ctx))
    with demo_ctx.uow() as uow:
        demo_ctx.audit(uow.session, "open", "person", None, None, "rulles tilbake")
    with demo_ctx.uow() as uow:
        demo_ctx.audit(uow.session, "open", "person", None, None, "skrives")
        uow.commit()
    assert len(_rows(demo_ctx)) == before + 1
    assert audit.verify(demo_ctx).ok


def test_the_migration_chains_the_rows_written_before_it(blank_db_url: str) -> None:
    db = connect(blank_db_url)
    migrate.upgrade(db, "0007")
    with db.engine.begin() as c:
        for i in range(30):
            c.execute(sa.text("INSERT INTO audit_events (at, username, machine, action, entity, entity_id, person_id, "
                              "detail) VALUES (:at, 'kari', 'pc', 'open', 'person', :i, :i, :d)"),
                      {"at": dt.datetime(2026, 1, 1, 9, 0, i), "i": i, "d": f"rad {i} æøå"})
    migrate.upgrade(db)
    db.dispose()
    ctx = open_context(blank_db_url)
    try:
        report = audit.verify(ctx)
        assert report.ok and report.total == 30, report.message
        with ctx.uow() as uow:
            ctx.audit(uow.session, "open", "person", 1, 1, "etter oppgraderingen")
            uow.commit()
        assert audit.verify(ctx).total == 31
    finally:
        ctx.close()


@pytest.mark.parametrize("column", ["at", "machine", "action", "entity", "entity_id", "person_id", "detail"])
def test_every_chained_column_counts(demo_ctx: AppContext, column: str) -> None:
    target = _rows(demo_ctx)[2]
    value = {"at": dt.datetime(2001, 1, 1), "entity_id": 987654, "person_id": 987654}.get(column, "endret")
    with _as_attacker(demo_ctx) as c:
        c.execute(sa.text(f"UPDATE audit_events SET {column} = :v WHERE id = :id"), {"v": value, "id": target.id})
    assert audit.verify(demo_ctx).broken_id == target.id


def _write_in_process(url: str, n: int, count: int) -> None:
    ctx = open_context(url, prepare=False)
    try:
        for i in range(count):
            with ctx.uow() as uow:
                ctx.audit(uow.session, "open", "person", None, None, f"prosess {n} nr {i}")
                uow.commit()
    finally:
        ctx.close()


def test_concurrent_processes_keep_the_chain_whole(demo_ctx: AppContext) -> None:
    import multiprocessing

    before = len(_rows(demo_ctx))
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_write_in_process, args=(demo_ctx.db.url, n, 15)) for n in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0]
    report = audit.verify(demo_ctx)
    assert report.ok and report.total == before + 30, report.message
