"""The restore's schema check ignores the order Alembic's batch mode writes constraints in, nothing else."""

from __future__ import annotations

import sqlite3

from kvp_desktop.store.schema_check import read_schema

A = ("CREATE TABLE t (id INTEGER NOT NULL, p INTEGER, CONSTRAINT pk PRIMARY KEY (id), "
     "CONSTRAINT fk_a FOREIGN KEY(p) REFERENCES a (id), CONSTRAINT fk_b FOREIGN KEY(p) REFERENCES b (id))")
B = ("CREATE TABLE t (id INTEGER NOT NULL, p INTEGER, CONSTRAINT pk PRIMARY KEY (id), "
     "CONSTRAINT fk_b FOREIGN KEY(p) REFERENCES b (id), CONSTRAINT fk_a FOREIGN KEY(p) REFERENCES a (id))")
C = ("CREATE TABLE t (id INTEGER NOT NULL, p INTEGER, CONSTRAINT pk PRIMARY KEY (id), "
     "CONSTRAINT fk_b FOREIGN KEY(p) REFERENCES b (id) ON DELETE CASCADE, "
     "CONSTRAINT fk_a FOREIGN KEY(p) REFERENCES a (id))")


def _schema(sql: str) -> dict[tuple[str, str], str]:
    connection = sqlite3.connect(":memory:")
    connection.execute(sql)
    return read_schema(connection)


def test_constraint_order_does_not_count_but_a_changed_clause_does() -> None:
    assert _schema(A) == _schema(B)
    assert _schema(A) != _schema(C)
