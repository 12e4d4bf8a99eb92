"""Benchmark: a payout run for N participants × one month, next to the raw SQL read of the same
attendance rows.

    .venv/bin/python bench/bench_payout.py [--participants 5000] [--runs 3] [--database URL] [--cache DIR]

The SQLite database (N participants with a programme and a weekday of attendance for every day of
October 2026) is generated once and kept in a cache folder while size, seed, generator and schema
revision are the same; each measurement works on a private copy. ``--database`` measures on a
database you give instead (for example PostgreSQL), filled here. ``measure()`` returns a
:class:`PayoutResult`; the command line prints its Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (
    Progress,
    Target,
    amount,
    cache_key,
    cached_database,
    default_cache,
    median_seconds,
    num,
    quiet,
    ratio_text,
    remove_database,
    stderr_progress,
    verdict,
    working_copy,
)
from sqlalchemy import text

from kvp_desktop.demo.payouts import add_volume
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.store.models import User

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
PERIOD = "2026-10"
SEED = 7  # add_volume's default
RUNS = 3
# The target: "a run for 5 000 participants × one month computes in well under 10 s".
TARGET_SECONDS = 10.0
RAW_SQL = ("SELECT programme_id, day, invalid_absence_hours, paid_work_hours FROM attendance "
           "WHERE day >= :a AND day <= :b")


def fill(ctx: AppContext, participants: int, seed: int = SEED, progress: Progress = quiet) -> float:
    """The bench user and ``participants`` participants with a month of attendance; returns seconds."""
    with ctx.uow() as uow:
        uow.session.add(User(username="bench", full_name="Bench", role="saksbehandler"))
        uow.commit()
    progress(f"legger inn {num(participants, 0)} deltakere med oppmøte for oktober 2026")
    started = time.perf_counter()
    add_volume(ctx, participants, START, END, seed=seed)
    return time.perf_counter() - started


def build_database(path: Path, participants: int, seed: int = SEED, progress: Progress = quiet) -> dict[str, Any]:
    ctx = open_context(f"sqlite:///{path}")
    try:
        seconds = fill(ctx, participants, seed, progress)
    finally:
        ctx.close()
    progress(f"databasen laget på {seconds:.1f} s")
    return {"generate_seconds": seconds}


@dataclass(frozen=True)
class PayoutResult:
    participants: int
    runs: int
    database: str  # "SQLite" or the dialect name
    attendance_rows: int  # rows the raw SQL read
    computed: int  # participants in the computed run
    raw_seconds: float  # median, raw SQL read of the month's attendance rows
    preview_seconds: float  # median, payout_runs.preview_run (compute all lines, nothing saved)
    draft_seconds: float  # one payout_runs.create_draft_run (compute and save the draft, one transaction)
    generate_seconds: float | None
    reused: bool

    def targets(self) -> tuple[Target, ...]:
        return (
            Target("Utbetalinger", f"Beregne kjøringen, {num(self.participants, 0)} deltakere × én måned",
                   self.preview_seconds, self.raw_seconds, "s", TARGET_SECONDS),
            Target("Utbetalinger", "Beregne og lagre utkastet (én transaksjon)",
                   self.draft_seconds, self.raw_seconds, "s", TARGET_SECONDS),
        )

    @property
    def targets_met(self) -> bool:
        return all(target.met for target in self.targets())

    def markdown(self) -> str:
        made = ""
        if self.generate_seconds is not None:
            made = (f" Dataene ble lagt inn på {num(self.generate_seconds)} s"
                    f"{' (lagret database fra en tidligere kjøring)' if self.reused else ''}.")
        rows = [
            f"{num(self.participants, 0)} deltakere × oktober 2026, {self.database}, "
            f"{num(self.attendance_rows, 0)} oppmøterader; median av {self.runs} kjøringer for lesingen og "
            f"beregningen, én lagring.{made}",
            "",
            "| Måling | Tid | / rå SQL | mål | resultat |",
            "|---|---|---|---|---|",
            f"| Rå SQL-lesing av de samme oppmøteradene (`SELECT … FROM attendance WHERE day …`) | "
            f"{amount(self.raw_seconds, 's')} | 1× | — | referanse |",
        ]
        for target, label in zip(self.targets(), (
            f"Beregning av kjøringen uten lagring (`preview_run`, alle regler, alle linjer, "
            f"{num(self.computed, 0)} deltakere)",
            "Beregning og lagring av utkastet i én transaksjon (`create_draft_run`)",
        ), strict=True):
            rows.append(f"| {label} | {amount(target.measured, 's')} | {ratio_text(target.ratio)} | "
                        f"{target.target_text} | {verdict(target.met)} |")
        return "\n".join(rows)


def measure(participants: int = 5000, runs: int = RUNS, seed: int = SEED, cache: Path | None = None,
            database: str | None = None, progress: Progress = quiet) -> PayoutResult:
    """Generate (or reuse) the volume and time the raw read, the computation and saving the draft."""
    if database is not None:  # a database the caller gave: fill it here, no cache
        ctx = open_context(database)
        try:
            generated = fill(ctx, participants, seed, progress)
            return _measure(ctx, participants, runs, generated, False, progress)
        finally:
            ctx.close()
    cache = cache or default_cache()
    key = cache_key("payout", participants, seed, add_volume, fill)
    cached = cached_database(cache, key, lambda path: build_database(path, participants, seed, progress), progress)
    path = working_copy(cached.path, cache / "work", key)
    try:
        ctx = open_context(f"sqlite:///{path}")
        try:
            return _measure(ctx, participants, runs, cached.info.get("generate_seconds"), cached.reused, progress)
        finally:
            ctx.close()
    finally:
        remove_database(path)


def _measure(ctx: AppContext, participants: int, runs: int, generated: float | None, reused: bool,
             progress: Progress) -> PayoutResult:
    read: list[Any] = []

    def raw_read() -> None:
        with ctx.db.engine.connect() as connection:
            read[:] = connection.execute(text(RAW_SQL), {"a": START, "b": END}).fetchall()

    progress(f"rå SQL-lesing, {runs} kjøringer")
    raw = median_seconds(raw_read, runs)
    computed: list[int] = []

    def preview() -> None:
        computed[:] = [len(payout_runs.preview_run(ctx, PERIOD).participants)]

    progress(f"beregning uten lagring (preview_run), {runs} kjøringer")
    preview_seconds = median_seconds(preview, runs, warm=False)
    progress("beregning og lagring av utkastet (create_draft_run)")
    started = time.perf_counter()
    payout_runs.create_draft_run(ctx.as_user("bench"), PERIOD)
    draft = time.perf_counter() - started
    name = "SQLite" if ctx.db.is_sqlite else ctx.db.engine.dialect.name
    return PayoutResult(participants, runs, name, len(read), computed[0], raw, preview_seconds, draft,
                        generated, reused)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--database", help="database-URL å fylle og måle på (standard: en lagret SQLite-fil)")
    parser.add_argument("--cache", metavar="MAPPE", type=Path,
                        help=f"mappe for genererte databaser (standard {default_cache()})")
    args = parser.parse_args(argv)
    result = measure(args.participants, args.runs, cache=args.cache, database=args.database,
                     progress=stderr_progress("utbetalinger"))
    print(result.markdown())
    return 0 if result.targets_met else 1


if __name__ == "__main__":
    sys.exit(main())
