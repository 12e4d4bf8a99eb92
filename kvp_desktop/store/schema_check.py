"""Does a SQLite file have exactly the schema its revision creates — every table, index, trigger and
constraint, nothing missing, nothing added or changed?

The reference is made, not stored: a new database in a temporary folder is migrated to the same
revision with this program's migrations, and the two ``sqlite_master`` tables are compared (each
object's type, name and SQL text, whitespace folded). A restore uses it (``services/office/backups.py``):
a copy whose guard triggers were dropped, or whose constraints were changed, was edited outside the
program, and is refused.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kvp_desktop.store import migrate
from kvp_desktop.store.db import connect

Schema = dict[tuple[str, str], str]  # (type, name) → SQL


@dataclass(frozen=True)
class SchemaDifference:
    missing: list[tuple[str, str]]  # in the revision's schema, not in the file
    extra: list[tuple[str, str]]  # in the file only
    changed: list[tuple[str, str]]  # both, with different SQL

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed)


def _fold(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def _canonical_table(sql: str) -> str:
    """A CREATE TABLE with its column and constraint clauses in sorted order.

    Alembic's batch mode on SQLite rebuilds a table and writes its constraints in an order that varies
    between processes (it collects them in a set), so two databases made by the same migrations can
    differ only in that order; the clauses themselves must still be identical.
    """
    start, end = sql.find("("), sql.rfind(")")
    if start < 0 or end < start:
        return sql
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in sql[start + 1:end]:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return f"{sql[:start].strip()} ({', '.join(sorted(parts))}) {sql[end + 1:].strip()}".strip()


def read_schema(connection: sqlite3.Connection) -> Schema:
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(kind, name): _canonical_table(_fold(sql)) if kind == "table" else _fold(sql) for kind, name, sql in rows}


@functools.lru_cache(maxsize=4)
def expected_schema(revision: str) -> Schema:
    """The schema a new database has at ``revision`` (made once per process and revision)."""
    with tempfile.TemporaryDirectory(prefix="kvp-skjema-") as folder:
        db = connect(f"sqlite:///{Path(folder) / 'referanse.db'}")
        try:
            migrate.upgrade(db, revision)
        finally:
            db.dispose()
        connection = sqlite3.connect(Path(folder) / "referanse.db")
        try:
            return read_schema(connection)
        finally:
            connection.close()


def compare(connection: sqlite3.Connection, revision: str) -> SchemaDifference:
    found, expected = read_schema(connection), expected_schema(revision)
    return SchemaDifference(
        missing=sorted(set(expected) - set(found)),
        extra=sorted(set(found) - set(expected)),
        changed=sorted(k for k in set(found) & set(expected) if found[k] != expected[k]),
    )
