"""Benchmark: a payout run for N participants × one month, next to the raw SQL read of the same
attendance rows. ``python bench/bench_payout.py [--participants 5000] [--database URL]``.

Prints the figures docs/performance.md (## Utbetalinger) quotes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from kvp_desktop.services import payout_runs
from kvp_desktop.services.context import open_context
from kvp_desktop.services.demo_payouts import add_volume
from kvp_desktop.store.models import User

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    ctx = open_context(url)
    with ctx.uow() as uow:
        uow.session.add(User(username="bench", full_name="Bench", role="saksbehandler"))
        uow.commit()
    started = time.perf_counter()
    add_volume(ctx, args.participants, START, END)
    print(f"data: {args.participants} deltakere lagt inn på {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    with ctx.db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT programme_id, day, invalid_absence_hours, paid_work_hours FROM attendance "
            "WHERE day >= :a AND day <= :b"), {"a": START, "b": END}).fetchall()
    raw = time.perf_counter() - started
    print(f"rå SQL-lesing av {len(rows)} oppmøterader: {raw:.3f} s")

    started = time.perf_counter()
    computation = payout_runs.preview_run(ctx, "2026-10")
    compute = time.perf_counter() - started
    print(f"beregning (uten lagring) for {len(computation.participants)} deltakere: {compute:.2f} s")

    started = time.perf_counter()
    payout_runs.create_draft_run(ctx.as_user("bench"), "2026-10")
    saved = time.perf_counter() - started
    print(f"beregning og lagring av utkastet (én transaksjon): {saved:.2f} s")
    ctx.close()


if __name__ == "__main__":
    main()
