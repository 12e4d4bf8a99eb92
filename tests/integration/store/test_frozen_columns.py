"""Every column of every frozen record is frozen, identically on SQLite and PostgreSQL.

The columns are read from the live schema, so a column added later is tried too: it must either be
frozen by the triggers (``store/guards.py``) or be put on that table's short allow-list there.
Each attempt is raw SQL on the application's connection (what anyone with the connection URL can
send), and must fail with the trigger's message — not with a constraint that happens to stop it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store import guards

TRIED: dict[str, int] = {}  # backend → columns tried (the report's figure)


@contextmanager
def _tx(ctx: AppContext) -> Iterator[sa.Connection]:
    with ctx.db.engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise


def _refused(ctx: AppContext, sql: str, params: dict[str, Any], message: str) -> None:
    with pytest.raises(DatabaseError, match=message), _tx(ctx) as connection:
        connection.execute(sa.text(sql), params)


def _allowed(ctx: AppContext, sql: str, params: dict[str, Any]) -> None:
    with _tx(ctx) as connection:
        connection.execute(sa.text(sql), params)


def _one(ctx: AppContext, sql: str, **params: Any) -> Any:
    with ctx.db.engine.connect() as connection:
        return connection.execute(sa.text(sql), params).one()


def _ids(ctx: AppContext, table: str) -> list[int]:
    with ctx.db.engine.connect() as connection:
        return [r[0] for r in connection.execute(sa.text(f"SELECT id FROM {table} ORDER BY id LIMIT 5"))]


def _other_value(ctx: AppContext, table: str, column: dict[str, Any], current: Any, fks: dict[str, str]) -> Any:
    """A value different from ``current`` that every constraint accepts (only the trigger may refuse)."""
    name, kind = column["name"], column["type"]
    if name in fks:
        choices = [i for i in _ids(ctx, fks[name]) if i != current]
        assert choices, f"{fks[name]} trenger minst to rader"
        return choices[0]
    if name == "id":
        return int(current) + 100_000
    if isinstance(kind, sa.Boolean):
        return not current
    if isinstance(kind, sa.Integer | sa.BigInteger | sa.Numeric):
        return (current or 0) + 1
    if isinstance(kind, sa.DateTime):
        return (current + dt.timedelta(hours=1)) if isinstance(current, dt.datetime) else dt.datetime(2026, 1, 2, 3, 4)
    if isinstance(kind, sa.Date):
        return (current + dt.timedelta(days=1)) if isinstance(current, dt.date) else dt.date(2026, 1, 2)
    if isinstance(kind, sa.LargeBinary):
        return (bytes(current) if current else b"") + b"!"
    if isinstance(kind, sa.JSON) or "JSON" in type(kind).__name__.upper():
        return json.dumps({"endret": True})
    if isinstance(kind, sa.String | sa.Text):
        length = getattr(kind, "length", None) or 200
        text = f"{current or ''}x"
        return text[-length:] if len(text) > length else text
    raise AssertionError(f"Ukjent kolonnetype {kind!r} i {table}.{name}")


def _try_every_column(ctx: AppContext, table: str, row_id: int, skip: tuple[str, ...], message: str) -> int:
    inspector = sa.inspect(ctx.db.engine)
    columns = inspector.get_columns(table)
    fks = {fk["constrained_columns"][0]: fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
    row = _one(ctx, f"SELECT * FROM {table} WHERE id = :id", id=row_id)._mapping
    tried = 0
    for column in columns:
        name = column["name"]
        if name in skip:
            continue
        value = _other_value(ctx, table, column, row[name], fks)
        cast = "CAST(:v AS json)" if ctx.db.engine.dialect.name == "postgresql" and "JSON" in str(column["type"]) \
            else ":v"
        _refused(ctx, f"UPDATE {table} SET {name} = {cast} WHERE id = :id", {"v": value, "id": row_id}, message)
        tried += 1
    assert tried == len(columns) - len(skip)
    return tried


def _fixture_rows(ctx: AppContext) -> dict[str, int]:
    """An approved run with a line, a draft run with a line, an issued decision and certificate."""
    with _tx(ctx) as c:
        users = [r[0] for r in c.execute(sa.text("SELECT id FROM users ORDER BY id"))]
        for n in range(len(users), 2):
            c.execute(sa.text("INSERT INTO users (username, full_name, role, password_hash, active, created_at, "
                              "updated_at) VALUES (:u, 'Test', 'leder', '', true, :t, :t)"),
                      {"u": f"frys{n}", "t": dt.datetime(2026, 1, 1)})
        person, programme = c.execute(sa.text("SELECT person_id, id FROM programmes ORDER BY id LIMIT 1")).one()
        ids: dict[str, int] = {}
        for state in ("approved", "draft"):
            ids[f"run_{state}"] = c.execute(sa.text(
                "INSERT INTO payout_runs (label, period_from, period_to, state, total, parameter_version, "
                "created_at, updated_at) VALUES ('2030-01', :f, :t, 'draft', 10000, 0, :n, :n) RETURNING id"),
                {"f": dt.date(2030, 1, 1), "t": dt.date(2030, 1, 31), "n": dt.datetime(2026, 1, 1)}).scalar_one()
            ids[f"line_{state}"] = c.execute(sa.text(
                "INSERT INTO payout_lines (run_id, person_id, programme_id, period_from, period_to, code, text, "
                "reference, basis, amount, correction_reason) VALUES (:r, :p, :g, :f, :t, 'base', 'Stønad', "
                "'stl. § 35', '', 10000, '') RETURNING id"),
                {"r": ids[f"run_{state}"], "p": person, "g": programme, "f": dt.date(2030, 1, 1),
                 "t": dt.date(2030, 1, 31)}).scalar_one()
        c.execute(sa.text("UPDATE payout_runs SET state = 'approved', approved_by_id = :u, approved_at = :n, "
                          "created_by_id = :u WHERE id = :id"),
                  {"u": users[0] if users else 1, "n": dt.datetime(2030, 2, 1), "id": ids["run_approved"]})
        json_value = "CAST(:c AS json)" if ctx.db.engine.dialect.name == "postgresql" else ":c"
        ids["decision"] = c.execute(sa.text(
            "INSERT INTO decisions (person_id, programme_id, kind, state, written_standard, decision_date, content, "
            f"issued_at, issued_by_id, pdf, sha256, created_by_id, created_at, updated_at) VALUES (:p, :g, 'avslag', "
            f"'draft', 'nb', :d, {json_value}, :n, :u, :pdf, :h, :u, :n, :n) RETURNING id"),
            {"p": person, "g": programme, "d": dt.date(2030, 1, 1), "c": json.dumps({"a": 1}),
             "n": dt.datetime(2030, 1, 1, 12), "u": None, "pdf": b"%PDF-1.4", "h": "0" * 64}).scalar_one()
        ids["certificate"] = c.execute(sa.text(
            f"INSERT INTO certificates (programme_id, state, content, issued_at, pdf, sha256, note, created_at, "
            f"updated_at) VALUES (:g, 'draft', {json_value}, :n, :pdf, :h, '', :n, :n) RETURNING id"),
            {"g": programme, "c": json.dumps({"a": 1}), "n": dt.datetime(2030, 1, 1, 12), "pdf": b"%PDF-1.4",
             "h": "0" * 64}).scalar_one()
        users = [r[0] for r in c.execute(sa.text("SELECT id FROM users ORDER BY id"))]
        c.execute(sa.text("UPDATE decisions SET state = 'issued', issued_by_id = :u WHERE id = :id"),
                  {"u": users[0], "id": ids["decision"]})
        c.execute(sa.text("UPDATE certificates SET state = 'issued' WHERE id = :id"), {"id": ids["certificate"]})
    return ids


def test_every_column_of_every_frozen_record_is_frozen(demo_ctx: AppContext, backend: str) -> None:
    ids = _fixture_rows(demo_ctx)
    tried = 0
    mutable = {spec.table: spec.mutable for spec in guards.FROZEN_TABLES}
    # An approved payout run: everything but its life cycle.
    tried += _try_every_column(demo_ctx, "payout_runs", ids["run_approved"], mutable["payout_runs"],
                               guards.RUN_FROZEN)
    # Its line, and a draft run's line: no column of the frozen one changes, none moves into it.
    tried += _try_every_column(demo_ctx, "payout_lines", ids["line_approved"], (), guards.RUN_FROZEN)
    tried += _try_every_column(demo_ctx, "decisions", ids["decision"], mutable["decisions"], guards.DECISION_FROZEN)
    tried += _try_every_column(demo_ctx, "certificates", ids["certificate"], mutable["certificates"],
                               guards.CERTIFICATE_FROZEN)
    audit_id = _ids(demo_ctx, "audit_events")[0]
    tried += _try_every_column(demo_ctx, "audit_events", audit_id, (), guards.AUDIT_NO_UPDATE)
    TRIED[backend] = tried
    print(f"\n{backend}: {tried} kolonner forsøkt endret på frosne rader")
    assert tried >= 55  # 55 at schema revision 0009; a new column raises it


def test_life_cycle_columns_move_forward_only(demo_ctx: AppContext) -> None:
    ids = _fixture_rows(demo_ctx)
    run = ids["run_approved"]
    for state in ("draft", "paid", "godkjent"):
        _refused(demo_ctx, "UPDATE payout_runs SET state = :s WHERE id = :id", {"s": state, "id": run},
                 guards.RUN_FROZEN)
    _allowed(demo_ctx, "UPDATE payout_runs SET state = 'exported', exported_at = :t, updated_at = :t WHERE id = :id",
             {"t": dt.datetime(2030, 2, 2), "id": run})
    _refused(demo_ctx, "UPDATE payout_runs SET exported_at = :t WHERE id = :id",
             {"t": dt.datetime(2030, 2, 3), "id": run}, guards.RUN_FROZEN)
    _refused(demo_ctx, "UPDATE payout_runs SET state = 'approved' WHERE id = :id", {"id": run}, guards.RUN_FROZEN)
    _allowed(demo_ctx, "UPDATE payout_runs SET state = 'paid', paid_at = :t WHERE id = :id",
             {"t": dt.datetime(2030, 2, 4), "id": run})
    _refused(demo_ctx, "UPDATE payout_runs SET paid_at = NULL WHERE id = :id", {"id": run}, guards.RUN_FROZEN)
    for table, message in (("decisions", guards.DECISION_FROZEN), ("certificates", guards.CERTIFICATE_FROZEN)):
        row = ids["decision" if table == "decisions" else "certificate"]
        _refused(demo_ctx, f"UPDATE {table} SET state = 'draft' WHERE id = :id", {"id": row}, message)
        _allowed(demo_ctx, f"UPDATE {table} SET state = 'sent', updated_at = :t WHERE id = :id",
                 {"t": dt.datetime(2030, 3, 1), "id": row})
        _refused(demo_ctx, f"UPDATE {table} SET state = 'issued' WHERE id = :id", {"id": row}, message)


def test_no_delete_no_insert_no_move_into_a_frozen_record(demo_ctx: AppContext) -> None:
    ids = _fixture_rows(demo_ctx)
    approved = ids["run_approved"]
    _refused(demo_ctx, "UPDATE payout_lines SET run_id = :r WHERE id = :id", {"r": approved, "id": ids["line_draft"]},
             guards.RUN_FROZEN)
    _refused(demo_ctx, "UPDATE payout_lines SET run_id = :r WHERE id = :id", {"r": ids["run_draft"],
             "id": ids["line_approved"]}, guards.RUN_FROZEN)
    line = _one(demo_ctx, "SELECT * FROM payout_lines WHERE id = :id", id=ids["line_draft"])._mapping
    _refused(demo_ctx, "INSERT INTO payout_lines (run_id, person_id, programme_id, period_from, period_to, code, text, "
             "reference, basis, amount, correction_reason) VALUES (:r, :p, :g, :f, :t, 'x', 'x', 'x', '', 5, '')",
             {"r": approved, "p": line["person_id"], "g": line["programme_id"], "f": line["period_from"],
              "t": line["period_to"]}, guards.RUN_FROZEN)
    for sql, message in (
        ("DELETE FROM payout_lines WHERE id = :id", guards.RUN_FROZEN),
        ("DELETE FROM payout_runs WHERE id = :id", guards.RUN_NO_DELETE),
    ):
        _refused(demo_ctx, sql, {"id": ids["line_approved"] if "lines" in sql else approved}, message)
    _refused(demo_ctx, "DELETE FROM decisions WHERE id = :id", {"id": ids["decision"]}, guards.DECISION_NO_DELETE)
    _refused(demo_ctx, "DELETE FROM certificates WHERE id = :id", {"id": ids["certificate"]},
             guards.CERTIFICATE_NO_DELETE)
    _refused(demo_ctx, "DELETE FROM audit_events", {}, "Revisjonsloggen kan ikke")
    _refused(demo_ctx, "INSERT INTO audit_events (at, username, machine, action, entity, detail) "
             "VALUES (:t, 'x', '', 'open', 'person', '')", {"t": dt.datetime(2030, 1, 1)}, guards.AUDIT_NO_HASH)
    # A draft is still a draft: its line may change, move between drafts and go.
    _allowed(demo_ctx, "UPDATE payout_lines SET amount = 1 WHERE id = :id", {"id": ids["line_draft"]})
    _allowed(demo_ctx, "DELETE FROM payout_lines WHERE id = :id", {"id": ids["line_draft"]})
    _allowed(demo_ctx, "DELETE FROM payout_runs WHERE id = :id", {"id": ids["run_draft"]})


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(demo_ctx: AppContext, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("TRUNCATE finnes bare i PostgreSQL")
    for table in ("audit_events", "payout_lines", "payout_runs", "decisions", "certificates"):
        _refused(demo_ctx, f"TRUNCATE {table} CASCADE", {}, "kan ikke")


def test_the_installed_triggers_are_exactly_the_guards(demo_ctx: AppContext, backend: str) -> None:
    with demo_ctx.db.engine.connect() as connection:
        if backend == "sqlite":
            found = sorted(r[0] for r in connection.execute(sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert found == sorted([*guards.sqlite_trigger_names(), *guards.SQLITE_CLAIM_TRIGGERS])
        else:
            found = sorted(r[0] for r in connection.execute(sa.text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
            assert found == guards.postgresql_trigger_names()
