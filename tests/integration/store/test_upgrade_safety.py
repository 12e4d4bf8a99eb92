"""Upgrade safety: a database filled with data at every earlier schema revision upgrades to the
newest one with every row and every value it had kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from kvp_desktop.store import migrate
from kvp_desktop.store.db import connect

ROWS = 3
_REVISIONS = [rev.revision for rev in reversed(list(migrate.script_directory().walk_revisions()))]
EARLIER = _REVISIONS[:-1]


def _value(table: sa.Table, column: sa.Column[Any], row: int, ids: dict[str, list[int]]) -> Any:
    """A deterministic, type-correct value for ``column`` in the ``row``-th row of ``table``."""
    if column.primary_key and isinstance(column.type, sa.Integer):
        return row
    for fk in column.foreign_keys:
        target = fk.column.table.name
        if target == table.name:
            return None  # a row pointing at another row of its own table: leave empty
        return ids[target][(row - 1) % len(ids[target])]
    if column.name == "chain_hash":
        return f"{row:064x}"  # the audit guard takes only a full SHA-256 (64 hex digits)
    if column.name == "state":
        return "draft"  # the frozen-state triggers allow changes to drafts only
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        return row * 7 + 1
    if isinstance(kind, sa.DateTime):
        return dt.datetime(2026, 1, row, 9, 30)
    if isinstance(kind, sa.Date):
        return dt.date(2026, 1, row)
    if isinstance(kind, sa.JSON):
        return {"nøkkel": f"verdi {row}"}
    if isinstance(kind, sa.LargeBinary):
        return b"%PDF-1.4 " + bytes([row])
    if isinstance(kind, sa.String | sa.Text):
        length = getattr(kind, "length", None) or 40
        text = f"{column.name[:3]}{row}æ"
        return text[:length]
    raise AssertionError(f"Ukjent kolonnetype {kind!r} i {table.name}.{column.name}")


def _fill(engine: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    inserted: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, list[int]] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            existing = [row[0] for row in connection.execute(sa.select(*table.primary_key.columns))]
            if existing:  # bookkeeping the migration itself made (the audit chain's head row): left as it is
                ids[table.name] = existing
                continue
            rows = []
            for row in range(1, ROWS + 1):
                values = {c.name: _value(table, c, row, ids) for c in table.columns}
                connection.execute(table.insert().values(**values))
                rows.append(values)
            inserted[table.name] = rows
            ids[table.name] = list(range(1, ROWS + 1))
        if engine.dialect.name == "postgresql":  # keep sequences ahead of the explicit ids
            for table in metadata.sorted_tables:
                if "id" in table.columns and table.name in inserted:
                    connection.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {ROWS})"))
    return inserted


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_every_earlier_revision_keeps_rows_and_values(blank_db_url: str, revision: str) -> None:
    db = connect(blank_db_url)
    migrate.upgrade(db, revision)
    before = _fill(db.engine)
    migrate.upgrade(db)
    assert migrate.status(db).up_to_date
    metadata = sa.MetaData()
    metadata.reflect(db.engine)
    with db.engine.connect() as connection:
        for name, rows in before.items():
            table = metadata.tables[name]
            stored = [dict(r._mapping) for r in connection.execute(sa.select(table).order_by(*table.primary_key))]
            assert len(stored) == len(rows), name
            for old, new in zip(rows, stored, strict=True):
                for column, value in old.items():
                    assert new[column] == value, f"{name}.{column}"
    db.dispose()


def test_every_revision_is_covered() -> None:
    assert _REVISIONS[0] == "0001" and _REVISIONS[-1] == migrate.head_revision()
    assert len(EARLIER) == len(_REVISIONS) - 1
