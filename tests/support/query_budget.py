"""Counting what an action costs on the database: statements, units of work, transactions, round trips.

A shared office's server is across a network, where every request is a round trip (a few milliseconds
in the building, 20–50 ms across a VPN). The query-budget tests (``tests/integration/test_query_budget.py``)
run each everyday action inside :func:`count_queries` and hold it to a budget, so that a change that
adds a round trip fails a test rather than an office. Counted with SQLAlchemy's events:

* ``statements`` — ``before_cursor_execute`` on the engine (every SQL statement sent);
* ``units`` — connection checkouts from the pool (one per unit of work that touches the database);
* ``transactions`` — ``begin`` on a connection that is not in autocommit (on a server: a ``BEGIN``
  before and a ``COMMIT``/``ROLLBACK`` after, two round trips);
* ``round_trips`` — with a :class:`bench.delay_proxy.DelayProxy` between the program and the server,
  the requests that crossed it (about one per round trip); ``None`` without one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class QueryCount:
    statements: int = 0
    units: int = 0
    transactions: int = 0
    round_trips: int | None = None
    sql: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        trips = "-" if self.round_trips is None else str(self.round_trips)
        listing = "\n  ".join(self.sql)
        return (f"{self.statements} statements, {self.units} units of work, {self.transactions} transactions, "
                f"{trips} round trips:\n  {listing}")


@contextmanager
def count_queries(engine: Engine, proxy: Any | None = None) -> Iterator[QueryCount]:
    """Count what runs on ``engine`` (and crosses ``proxy``) inside the block."""
    counted = QueryCount()

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counted.statements += 1
        counted.sql.append(" ".join(statement.split())[:120])

    def on_checkout(*_args: Any) -> None:
        counted.units += 1

    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            counted.transactions += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "checkout", on_checkout)
    event.listen(engine, "begin", on_begin)
    before = proxy.requests if proxy is not None else 0
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "checkout", on_checkout)
        event.remove(engine, "begin", on_begin)
        if proxy is not None:
            counted.round_trips = proxy.requests - before
