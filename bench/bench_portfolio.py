"""Benchmark the Portefølje tab on a big caseload.

    .venv/bin/python bench/bench_portfolio.py [--persons 100000] [--runs 7] [--keep FILE.db] [--cache DIR]

Generates N persons (valid synthetic fødselsnummer, random stop-point facts) in a SQLite file with a
fast bulk insert and computes their flags with the real service (``portfolio.refresh_stale_flags``);
the file is kept in a cache folder and reused while size, seed, generator and schema revision are the
same. Then measures — through the app's real table model and services, on a private copy — opening the
tab (ordered ids, the first screenful of rows, the counts per stop point), applying a stop-point filter
and searching by name; and runs the equivalent raw SQL with the ``sqlite3`` module on the same file.
``measure()`` returns a :class:`PortfolioResult` (medians, ratios app/raw, targets, query plans);
the command line prints its Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchlib import (
    Progress,
    Target,
    amount,
    cache_key,
    cached_database,
    default_cache,
    num,
    paired_median_seconds,
    quiet,
    ratio_text,
    remove_database,
    stderr_progress,
    verdict,
    working_copy,
)

from kvp_desktop.demo.office import FEMALE, LAST, MALE
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import portfolio
from kvp_desktop.services.portfolio.portfolio import PortfolioFilter
from kvp_desktop.sort_key import person_sort_key

TODAY = dt.date(2026, 11, 23)
SCREEN = 40  # rows visible when the tab opens
BATCH = 200  # the table model's batch size (one query fetches this many neighbouring rows)
# The target: open ≤ 300 ms, filter ≤ 150 ms, search ≤ 150 ms at 100 000 persons, each within 3× raw SQL.
TARGETS_MS = {"open": 300.0, "filter": 150.0, "search": 150.0}
MAX_RATIO = 3.0
RUNS = 7
SEED = 1
FILTER_STOP_POINT = "aap_ended"
SEARCH = "hans"


def generate(ctx: AppContext, count: int, seed: int = 1) -> float:
    """Bulk insert ``count`` persons with raw executemany; returns seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    path = ctx.db.url.removeprefix("sqlite:///")
    used: set[str] = set()
    rows = []
    now = dt.datetime(2026, 11, 1, 9, 0).isoformat(sep=" ")
    for index in range(count):
        sex = rng.choice("12")
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 48))
        number = synthetic_fodselsnummer(rng, birth, sex)
        while number in used:
            number = synthetic_fodselsnummer(rng, birth, sex)
        used.add(number)
        first = rng.choice(MALE if sex == "1" else FEMALE)
        last = rng.choice(LAST) + ("" if rng.random() < 0.5 else f"-{rng.choice(LAST)}")
        roll = rng.random()
        rows.append((
            number, first, last, person_sort_key(last, first), birth.isoformat(), sex, "1", "", "", "", "", "",
            "", "", f"{index:08d}"[-8:], rng.choice((1, 2)),
            (TODAY - dt.timedelta(days=rng.randint(0, 700))).isoformat() if roll < 0.15 else None,
            rng.choice((0, 0, 0, 2, 7, 14)), rng.random() < 0.05,
            (TODAY - dt.timedelta(days=rng.randint(0, 500))).isoformat() if rng.random() < 0.08 else None,
            (TODAY - dt.timedelta(days=rng.randint(0, 500))).isoformat() if rng.random() < 0.05 else None,
            rng.random() < 0.04, rng.random() < 0.04, rng.choice(("none", "little", "some", "some", "some")),
            rng.random() < 0.3, "", (TODAY - dt.timedelta(days=rng.randint(1, 300))).isoformat(), "", 1, now, now,
        ))
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO persons (fodselsnummer, first_name, last_name, sort_key, birth_date, sex, marital_status, "
            "address, postcode, postplace, municipality_number, phone, email, bank_account, journal_number, "
            "caseworker_id, first_social_assistance_application, social_assistance_only_income_months, "
            "planned_20a_conditions, aap_end_date, intro_programme_end_date, youth_without_apprenticeship, "
            "upper_secondary_dropout, work_experience, needs_help_to_work, other_nav_rights, facts_recorded_on, "
            "notes, version, created_at, updated_at"
            + _extra_columns(connection) + ") VALUES (" + ",".join("?" * 31) + _extra_values(connection) + ")",
            [row + _extra_row(connection, rng) for row in rows],
        )
    connection.close()
    return time.perf_counter() - started


def _extra_columns(connection: sqlite3.Connection) -> str:
    names = {row[1] for row in connection.execute("PRAGMA table_info(persons)")}
    return ", uuid" if "uuid" in names else ""


def _extra_values(connection: sqlite3.Connection) -> str:
    return ",?" if _extra_columns(connection) else ""


def _extra_row(connection: sqlite3.Connection, rng: random.Random) -> tuple[object, ...]:
    import uuid

    return (str(uuid.UUID(int=rng.getrandbits(128))),) if _extra_columns(connection) else ()


def build_database(path: Path, persons: int, seed: int = SEED, progress: Progress = quiet) -> dict[str, Any]:
    """A new database at ``path`` with two caseworkers, ``persons`` persons and their flags on TODAY."""
    from kvp_desktop.store.models import User

    ctx = open_context(f"sqlite:///{path}")
    try:
        with ctx.uow() as uow:
            uow.session.add_all([User(username="v1", full_name="Veileder En", role="veileder"),
                                 User(username="v2", full_name="Veileder To", role="veileder")])
            uow.commit()
        progress(f"genererer {num(persons, 0)} personer")
        generated = generate(ctx, persons, seed)
        progress(f"genererte personene på {generated:.1f} s; beregner stoppunktene med tjenesten")
        started = time.perf_counter()
        refreshed = portfolio.refresh_stale_flags(ctx.as_user("v1"), TODAY)
        flags = time.perf_counter() - started
        progress(f"stoppunkter for {num(refreshed, 0)} personer på {flags:.1f} s")
    finally:
        ctx.close()
    return {"generate_seconds": generated, "flags_seconds": flags, "flags_persons": refreshed}


@dataclass(frozen=True)
class Measurement:
    key: str  # "open", "filter", "search"
    label: str
    app_ms: float
    raw_ms: float
    rows: int  # rows the table shows after the step

    @property
    def detail(self) -> str:
        if self.key == "open":
            return (f"tellinger per stoppunkt, alle {num(self.rows, 0)} id-er i norsk rekkefølge, "
                    f"første bolk på {BATCH} rader")
        if self.key == "search":
            return f"navn, {num(self.rows, 0)} treff, første bolk"
        return f"{num(self.rows, 0)} personer, første bolk"

    @property
    def ratio(self) -> float:
        return self.app_ms / self.raw_ms if self.raw_ms else float("inf")


@dataclass(frozen=True)
class PortfolioResult:
    persons: int
    runs: int
    measurements: tuple[Measurement, ...]
    plans: tuple[tuple[str, str], ...]  # (what, EXPLAIN QUERY PLAN on one line)
    flagged: int  # persons with at least one stop point
    generate_seconds: float | None  # when the database was made (it may be a cached one)
    flags_seconds: float | None
    database_made: str  # "YYYY-MM-DD HH:MM" of the generation, or ""
    reused: bool

    def targets(self) -> tuple[Target, ...]:
        rows: list[Target] = []
        for item in self.measurements:
            rows.append(Target("Portefølje", item.label, item.app_ms, item.raw_ms, "ms", TARGETS_MS[item.key]))
            rows.append(Target("Portefølje", item.label, item.app_ms, item.raw_ms, "ms", MAX_RATIO, on_ratio=True))
        return tuple(rows)

    @property
    def targets_met(self) -> bool:
        return all(target.met for target in self.targets())

    def markdown(self) -> str:
        made = ""
        if self.generate_seconds is not None and self.flags_seconds is not None:
            when = f" ({'lagret database, laget ' + self.database_made if self.reused else 'laget i denne kjøringen'})"
            made = (f" Databasen ble generert på {num(self.generate_seconds)} s, og første beregning av "
                    f"stoppunktene for alle {num(self.persons, 0)} personene tok {num(self.flags_seconds)} s"
                    f"{when}.")
        lines = [
            f"{num(self.persons, 0)} personer, {num(self.flagged, 0)} av dem med minst ett stoppunkt; median av "
            f"{self.runs} kjøringer med varm cache, app og rå SQL etter tur.{made}",
            "",
            "| Måling | app | rå SQL | app/rå | mål | resultat |",
            "|---|---|---|---|---|---|",
        ]
        for item in self.measurements:
            met = item.app_ms <= TARGETS_MS[item.key] and item.ratio <= MAX_RATIO
            lines.append(f"| {item.label} ({item.detail}) | {amount(item.app_ms, 'ms')} | "
                         f"{amount(item.raw_ms, 'ms')} | {ratio_text(item.ratio)} | "
                         f"≤ {amount(TARGETS_MS[item.key], 'ms')} og ≤ {num(MAX_RATIO, 0)}× rå SQL | {verdict(met)} |")
        lines += ["", "Spørringsplaner (`EXPLAIN QUERY PLAN` på appens spørringer, samme fil):", ""]
        lines += [f"- {label}: `{plan}`" for label, plan in self.plans]
        return "\n".join(lines)


def measure(persons: int = 100_000, runs: int = RUNS, seed: int = SEED, cache: Path | None = None,
            progress: Progress = quiet, keep: Path | None = None) -> PortfolioResult:
    """Generate (or reuse) the database for ``persons`` and measure the tab against raw SQL."""
    cache = cache or default_cache()
    key = cache_key("portfolio", persons, seed, generate, build_database, _extra_row)
    database = cached_database(cache, key, lambda path: build_database(path, persons, seed, progress), progress)
    path = working_copy(database.path, cache / "work", key)
    ctx = open_context(f"sqlite:///{path}").as_user("v1")
    raw = sqlite3.connect(path)
    try:
        measurements, flagged = _measure(ctx, raw, runs, progress)
        plans = _plans(raw)
    finally:
        raw.close()
        ctx.close()
        if keep is not None:
            shutil.copyfile(path, keep)
        remove_database(path)
    info = database.info
    return PortfolioResult(persons, runs, measurements, plans, flagged, info.get("generate_seconds"),
                           info.get("flags_seconds"), info.get("laget", ""), database.reused)


def _measure(ctx: AppContext, raw: sqlite3.Connection, runs: int,
             progress: Progress) -> tuple[tuple[Measurement, ...], int]:
    from PySide6.QtWidgets import QApplication

    from ui.portfolio.model import PortfolioModel

    # A QApplication (not a bare QCoreApplication): ``make bench`` runs the window benchmarks in this process after.
    _app = QApplication.instance() or QApplication([])
    model = PortfolioModel(ctx, today=lambda: TODAY)

    def screen() -> None:
        for row in range(min(SCREEN, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))

    def app_step(filters: PortfolioFilter, counts: bool = False) -> Callable[[], None]:
        def step() -> None:
            if counts:
                portfolio.stop_point_counts(ctx)
            model.reload(filters)
            screen()
        return step

    def raw_rows(ids: list[int]) -> None:
        marks = ",".join("?" * len(ids))
        raw.execute(
            "SELECT p.id, p.first_name, p.last_name, p.sort_key, p.fodselsnummer, p.birth_date, s.last_outcome, "
            "s.last_reviewed_at, u.full_name FROM persons p LEFT JOIN portfolio_states s ON s.person_id = p.id "
            f"LEFT JOIN users u ON u.id = p.caseworker_id WHERE p.id IN ({marks})", ids).fetchall()
        raw.execute(f"SELECT person_id, kind, fired_on FROM stop_point_flags WHERE person_id IN ({marks})",
                    ids).fetchall()

    def raw_step(filters: PortfolioFilter, counts: bool = False) -> Callable[[], None]:
        sql = portfolio.filter_sql(filters, TODAY)

        def step() -> None:
            if counts:
                raw.execute("SELECT kind, count(*) FROM stop_point_flags GROUP BY kind").fetchall()
                raw.execute("SELECT count(*) FROM (SELECT DISTINCT person_id FROM stop_point_flags)").fetchall()
            ids = [row[0] for row in raw.execute(sql)]
            raw_rows(ids[:BATCH])  # the model fetches its first batch of neighbouring rows
        return step

    steps = (
        ("open", "Åpne fanen", PortfolioFilter(), True),
        ("filter", "Filter «AAP er avsluttet»", PortfolioFilter(stop_point=FILTER_STOP_POINT), False),
        ("search", f"Søk «{SEARCH}»", PortfolioFilter(search=SEARCH), False),
    )
    results = []
    for key, label, filters, counts in steps:
        progress(f"måler {key}: app og rå SQL etter tur, {runs} kjøringer hver")
        app_seconds, raw_seconds = paired_median_seconds(app_step(filters, counts), raw_step(filters, counts), runs)
        results.append(Measurement(key, label, app_seconds * 1000, raw_seconds * 1000, model.rowCount()))
    return tuple(results), portfolio.stop_point_counts(ctx)["any"]


def _plans(raw: sqlite3.Connection) -> tuple[tuple[str, str], ...]:
    plans = []
    for label, filters in (
        ("alle", PortfolioFilter()),
        ("stoppunkt", PortfolioFilter(stop_point=FILTER_STOP_POINT)),
        ("søk", PortfolioFilter(search=SEARCH)),
        ("utfall", PortfolioFilter(outcome="vurder_kvp")),
        ("ikke gjennomgått siden", PortfolioFilter(not_reviewed_since=TODAY)),
        ("veileder", PortfolioFilter(caseworker_id=1)),
        ("under 25", PortfolioFilter(age_group="under_25")),
    ):
        plan = raw.execute("EXPLAIN QUERY PLAN " + portfolio.filter_sql(filters, TODAY))
        plans.append((label, " | ".join(row[-1] for row in plan)))
    plan = raw.execute("EXPLAIN QUERY PLAN SELECT kind, count(*) FROM stop_point_flags GROUP BY kind")
    plans.append(("tellinger", " | ".join(row[-1] for row in plan)))
    return tuple(plans)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--keep", metavar="FIL", type=Path, help="lagre en kopi av databasen her")
    parser.add_argument("--cache", metavar="MAPPE", type=Path,
                        help=f"mappe for genererte databaser (standard {default_cache()})")
    args = parser.parse_args(argv)
    result = measure(args.persons, args.runs, cache=args.cache, progress=stderr_progress("portefølje"),
                     keep=args.keep)
    print(result.markdown())
    return 0 if result.targets_met else 1


if __name__ == "__main__":
    sys.exit(main())
