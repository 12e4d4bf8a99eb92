"""Run every benchmark beside its reference and write docs/performance.md (``make bench``).

    .venv/bin/python bench/run.py [--only portfolio,payout,letters,startup,memory,network,bundle] [--quick]
                                  [--out FIL]
                                  [--cache MAPPE]

Benchmarks (each from its feature issue, each against a reference on the same machine and data):
Portefølje (raw SQL), Utbetalinger (raw SQL read), Brev (LibreOffice
converting the same number of letters), start-up (a bare PySide6 window; and the first
rows), peak memory with the 100 000-person portfolio open (a bare PySide6 window), the window's
everyday actions on a shared office's PostgreSQL across a slow network (beside SQLite) and
the size of the PyInstaller build (a bare PySide6 window built the same way). The report
has a summary (one row per target: measured, reference, ratio, target, met or not), the machine
(CPU, RAM, OS, library versions, load before and after each benchmark) and a section per benchmark:
static explanation from ``report_text.py`` around the figures the benchmark's result writes.

Without ``--out`` the report goes to docs/performance.md only for a full run of every benchmark; a
``--quick`` smoke run (small sizes) or an ``--only`` selection writes beside the cached databases
instead, so a partial or toy run never replaces the real report. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import report_text  # noqa: E402
from benchlib import Progress, Target, default_cache, num, ratio_text, stderr_progress, verdict  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
COMMAND = "make bench"  # = .venv/bin/python bench/run.py
BENCHMARKS = ("portfolio", "payout", "letters", "startup", "memory", "network", "bundle")


@dataclass(frozen=True)
class Sizes:
    persons: int  # Portefølje
    portfolio_runs: int
    participants: int  # Utbetalinger
    payout_runs: int
    letters: int
    startup_persons: int
    startup_runs: int
    memory_persons: int
    memory_runs: int
    network_persons: int = 1600  # a shared office across a slow network
    network_runs: int = 3


FULL = Sizes(persons=100_000, portfolio_runs=7, participants=5000, payout_runs=3, letters=1000,
             startup_persons=10_000, startup_runs=7, memory_persons=100_000, memory_runs=3,
             network_persons=1600, network_runs=3)
QUICK = Sizes(persons=2000, portfolio_runs=3, participants=200, payout_runs=3, letters=50,
              startup_persons=2000, startup_runs=3, memory_persons=2000, memory_runs=1,
              network_persons=60, network_runs=1)


# --- running the benchmarks -----------------------------------------------------------------------

def _call(func: Callable[..., Any], required: dict[str, Any], optional: dict[str, Any]) -> Any:
    """Call ``func`` with ``required`` and those ``optional`` keywords its signature accepts (the
    letters and start-up benchmarks belong to others and may not take a cache folder or progress)."""
    parameters = inspect.signature(func).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    extra = {name: value for name, value in optional.items() if takes_any or name in parameters}
    return func(**required, **extra)


def run_portfolio(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_portfolio

    return bench_portfolio.measure(persons=sizes.persons, runs=sizes.portfolio_runs, cache=cache, progress=progress)


def run_payout(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_payout

    return bench_payout.measure(participants=sizes.participants, runs=sizes.payout_runs, cache=cache,
                                progress=progress)


def run_letters(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_letters

    return _call(bench_letters.measure, {"count": sizes.letters, "lang": "nb", "libreoffice": True, "service": True},
                 {"progress": progress})


def run_startup(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_startup
    from benchlib import schema_revision

    # Its demo database is made by the current schema: a database from an older revision would be
    # backed up and upgraded during the measured start.
    folder = cache / f"startup-rev{schema_revision()}"
    return _call(bench_startup.measure, {"persons": sizes.startup_persons, "runs": sizes.startup_runs},
                 {"folder": folder, "progress": progress})


def run_memory(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_memory

    return bench_memory.measure(persons=sizes.memory_persons, runs=sizes.memory_runs, cache=cache, progress=progress)


def run_bundle(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_bundle

    return bench_bundle.measure(cache=cache, progress=progress)


def run_network(sizes: Sizes, cache: Path, progress: Progress) -> Any:
    import bench_network

    return bench_network.measure(persons=sizes.network_persons, delays=(0, 5, 20), runs=sizes.network_runs,
                                 progress=progress)


@dataclass(frozen=True)
class Benchmark:
    key: str
    title: str
    run: Callable[[Sizes, Path, Progress], Any]
    describe: Callable[[Sizes], str]  # the sizes, in words, for the smoke-run note


REGISTRY = {
    "portfolio": Benchmark("portfolio", "Portefølje", run_portfolio, lambda s: f"{num(s.persons, 0)} personer"),
    "payout": Benchmark("payout", "Utbetalinger", run_payout, lambda s: f"{num(s.participants, 0)} deltakere"),
    "letters": Benchmark("letters", "Brev", run_letters, lambda s: f"{num(s.letters, 0)} brev"),
    "startup": Benchmark("startup", "Oppstart", run_startup,
                         lambda s: f"oppstart med {num(s.startup_persons, 0)} personer, {s.startup_runs} starter"),
    "memory": Benchmark("memory", "Minne", run_memory,
                        lambda s: f"minne med {num(s.memory_persons, 0)} personer, {s.memory_runs} starter"),
    "network": Benchmark("network", "Delt kontor", run_network,
                         lambda s: f"delt kontor med {num(s.network_persons, 0)} personer, {s.network_runs} gjentak"),
    "bundle": Benchmark("bundle", "Bygget", run_bundle, lambda s: "PyInstaller-bygget"),
}


@dataclass
class Outcome:
    benchmark: Benchmark
    result: Any = None
    error: str = ""
    seconds: float = 0.0
    load_before: tuple[float, float, float] | None = None
    load_after: tuple[float, float, float] | None = None
    rows: list[tuple[str, ...]] = field(default_factory=list)  # summary rows, the last cell the verdict
    met: list[bool | None] = field(default_factory=list)  # per row: met, not met, or not judged


def load() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except (AttributeError, OSError):  # Windows
        return None


def run_one(benchmark: Benchmark, sizes: Sizes, cache: Path) -> Outcome:
    outcome = Outcome(benchmark, load_before=load())
    progress = stderr_progress(benchmark.title.lower())
    started = time.perf_counter()
    try:
        outcome.result = benchmark.run(sizes, cache, progress)
    except Exception as exc:  # one failing benchmark must not lose the others' figures
        traceback.print_exc()
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    outcome.load_after = load()
    if outcome.error:
        outcome.rows = [(benchmark.title, "—", "—", "—", "—", "—", "**FEILET**")]
        outcome.met = [False]
    else:
        for cells, met in summary_rows(benchmark, outcome.result):
            outcome.rows.append(cells)
            outcome.met.append(met)
    progress(f"ferdig på {outcome.seconds:.1f} s" + (f" — FEILET: {outcome.error}" if outcome.error else ""))
    return outcome


# --- the summary rows a result gives ----------------------------------------------------------------

def summary_rows(benchmark: Benchmark, result: Any) -> list[tuple[tuple[str, ...], bool | None]]:
    """One row per target. A result offers ``targets`` (method or attribute): ``benchlib.Target``s, or
    tuples ``(name, value, target, met)`` / ``(name, measured, reference, ratio, target, met)``, or
    objects with such attributes. A start-up result without targets is judged by its ``ratio`` (≤ 2×)."""
    targets = getattr(result, "targets", None)
    if callable(targets):
        targets = targets()
    if targets is None and benchmark.key == "startup" and hasattr(result, "ratio"):
        targets = [_startup_target(result)]
    if targets is None:
        note = "resultatet oppgir ingen mål (se avsnittet)"
        return [((benchmark.title, note, "—", "—", "—", "—", "ikke vurdert"), None)]
    return [_row(benchmark.title, item) for item in targets]


def _startup_target(result: Any) -> Target | tuple[str, float, str, bool]:
    persons = getattr(result, "persons", None)
    label = "Hovedvinduet vist" + (f", {num(persons, 0)} personer" if persons else "")
    measured, reference = getattr(result, "kvp_median", None), getattr(result, "bare_median", None)
    if measured is not None and reference is not None:
        return Target("Oppstart", label, measured, reference, "s", 2.0, on_ratio=True,
                      reference_label="bart PySide6-vindu")
    return (label, result.ratio, "≤ 2× bart PySide6-vindu", result.ratio <= 2)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float):
        return num(value, 3 if abs(value) < 1 else 2)
    if isinstance(value, int):
        return num(value, 0)
    return str(value)


def _row(title: str, item: Any) -> tuple[tuple[str, ...], bool | None]:
    if hasattr(item, "cells") and hasattr(item, "met"):
        cells = tuple(item.cells())
        return (title, *cells[1:]), bool(item.met)
    if isinstance(item, tuple) and len(item) in (4, 6):
        if len(item) == 4:
            name, value, target, met = item
            reference, ratio = None, None
        else:
            name, value, reference, ratio, target, met = item
        ratio_cell = ratio_text(ratio) if isinstance(ratio, int | float) else _cell(ratio)
        return (title, _cell(name), _cell(value), _cell(reference), ratio_cell, _cell(target), verdict(bool(met))), \
            bool(met)
    names = ("name", "value", "reference", "ratio", "target", "met")
    if all(hasattr(item, name) for name in ("name", "value", "target", "met")):
        return _row(title, tuple(getattr(item, name, None) for name in names))
    return (title, _cell(item), "—", "—", "—", "—", "ikke vurdert"), None


# --- the machine -----------------------------------------------------------------------------------

def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _cpu() -> str:
    info = _read("/proc/cpuinfo")
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "")
    model = model or platform.processor() or platform.machine()
    logical = os.cpu_count() or 0
    cores = {line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("core id")}
    sockets = {line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("physical id")}
    physical = len(cores) * max(len(sockets), 1) if cores else None
    text = f"{model}, {logical} logiske kjerner"
    if physical and physical != logical:
        text += f" ({physical} fysiske)"
    if hasattr(os, "sched_getaffinity"):
        usable = len(os.sched_getaffinity(0))
        if usable != logical:
            text += f", {usable} tilgjengelige for prosessen"
    return text


def _ram() -> str:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return f"{num(int(line.split()[1]) / 1024 ** 2, 1)} GiB"
    try:
        return f"{num(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024 ** 3, 1)} GiB"
    except (AttributeError, ValueError, OSError):
        return "ukjent"


def _os() -> str:
    pretty = next((line.split("=", 1)[1].strip().strip('"') for line in _read("/etc/os-release").splitlines()
                   if line.startswith("PRETTY_NAME=")), "")
    kernel = f"{platform.system()} {platform.release()}"
    return f"{pretty} ({kernel})" if pretty else platform.platform()


def _run_text(command: list[str], timeout: float = 60) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _libreoffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "ikke installert (brevene måles uten sammenligning)"
    return _run_text([soffice, "--version"]) or f"{soffice} (versjonen kunne ikke leses)"


def _git() -> str:
    commit = _run_text(["git", "rev-parse", "--short", "HEAD"])
    if not commit:
        return "ukjent"
    dirty = _run_text(["git", "status", "--porcelain", "--untracked-files=no"])
    return f"`{commit}`" + (" med endringer som ikke er lagret i git" if dirty else "")


def machine() -> list[tuple[str, str]]:
    import PySide6
    import reportlab
    import sqlalchemy
    from PySide6 import QtCore

    return [
        ("Prosessor", _cpu()),
        ("Minne", _ram()),
        ("Operativsystem", _os()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("PySide6 / Qt", f"{PySide6.__version__} / {QtCore.qVersion()}"),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("ReportLab", reportlab.Version),
        ("SQLite", sqlite3.sqlite_version),
        ("LibreOffice", _libreoffice()),
        ("Programversjon (git)", _git()),
    ]


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{num(seconds, 0)} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _load_text(value: tuple[float, float, float] | None) -> str:
    return "—" if value is None else " / ".join(num(part, 2) for part in value)


# --- the report ------------------------------------------------------------------------------------

def render(outcomes: list[Outcome], sizes: Sizes, quick: bool, selected: Iterable[str], started: dt.datetime,
           seconds: float, computer: list[tuple[str, str]]) -> str:
    selected = list(selected)
    lines = [
        "# Ytelse",
        "",
        f"> Generert av `bench/run.py` {started:%d.%m.%Y kl. %H.%M} — ikke rediger for hånd; endringer blir "
        f"overskrevet. Lag den på nytt med `{COMMAND}` (`.venv/bin/python bench/run.py`), helst på en rolig "
        "maskin. Forklaringene står i `bench/report_text.py`, tallene kommer fra benchmarkene i `bench/`.",
        "",
    ]
    if quick:
        lines += [
            "> **Røykprøve** (`--quick`): små datamengder ("
            + ", ".join(REGISTRY[key].describe(sizes) for key in selected)
            + "). Tallene viser bare at benchmarkene virker; målene gjelder full størrelse og er ikke vurdert "
            "her, selv om tabellen sier nådd eller ikke nådd.",
            "",
        ]
    left_out = [REGISTRY[key].title for key in BENCHMARKS if key not in selected]
    if left_out:
        lines += [f"> Ikke kjørt denne gangen (`--only`): {', '.join(left_out)}.", ""]
    lines += _summary(outcomes, quick)
    lines += _machine_section(outcomes, computer, started, seconds)
    for outcome in outcomes:
        lines += _section(outcome, sizes)
    return "\n".join(lines).rstrip() + "\n"


def _summary(outcomes: list[Outcome], quick: bool) -> list[str]:
    lines = [
        "## Sammendrag" + (" (røykprøve: små datamengder, ikke gyldig for målene)" if quick else ""),
        "",
        "| Benchmark | Måling | Målt | Referanse | Forhold | Mål | Resultat |",
        "|---|---|---|---|---|---|---|",
    ]
    missed, unjudged, total = [], [], 0
    failed = [outcome.benchmark.title for outcome in outcomes if outcome.error]
    for outcome in outcomes:
        for cells, met in zip(outcome.rows, outcome.met, strict=True):
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
            if outcome.error:
                continue
            total += 1
            if met is False:
                missed.append(f"{cells[0]}: {cells[1]}" + (f" ({cells[5]})" if cells[5] != "—" else ""))
            elif met is None:
                unjudged.append(f"{cells[0]}: {cells[1]}")
    verdicts = []
    if failed:
        verdicts.append(f"**Feilet, ingen tall:** {', '.join(failed)} (se avsnittet).")
    if total and not missed and not unjudged:
        which = " i benchmarkene som virket" if failed else ""
        verdicts.append(f"**Målet{which} er nådd.**" if total == 1 else f"**Alle {total} målene{which} er nådd.**")
    if missed:
        verdicts.append(f"**{len(missed)} av {total} mål er IKKE nådd:** " + "; ".join(missed) + ".")
    if unjudged:
        verdicts.append(f"Ikke vurdert: {'; '.join(unjudged)}.")
    for line in verdicts:
        lines += ["", line]
    lines += ["", "Forhold = målt tid / referansens tid på samme maskin og samme data.", ""]
    return lines


def _machine_section(outcomes: list[Outcome], computer: list[tuple[str, str]], started: dt.datetime,
                     seconds: float) -> list[str]:
    lines = ["## Maskinen", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in computer]
    lines += [
        f"| Kjørt | {started:%d.%m.%Y kl. %H.%M}, {duration(seconds)} i alt |",
        "",
        "Belastning (load average, 1 / 5 / 15 minutter) før og etter hver benchmark — over antall kjerner "
        "betyr at andre prosesser konkurrerte om maskinen og at tidene er for høye:",
        "",
        "| Benchmark | før | etter | tid |",
        "|---|---|---|---|",
    ]
    lines += [f"| {o.benchmark.title} | {_load_text(o.load_before)} | {_load_text(o.load_after)} | "
              f"{duration(o.seconds)} |" for o in outcomes]
    return [*lines, ""]


def _section(outcome: Outcome, sizes: Sizes) -> list[str]:
    text = report_text.SECTIONS[outcome.benchmark.key]
    values = {"persons": num(sizes.persons, 0), "participants": num(sizes.participants, 0),
              "letters": num(sizes.letters, 0), "startup_persons": num(sizes.startup_persons, 0),
              "memory_persons": num(sizes.memory_persons, 0), "network_persons": num(sizes.network_persons, 0)}
    lines = [f"## {text.heading}", "", text.intro.format(**values).strip(), ""]
    if outcome.error:
        lines += [f"**Benchmarken feilet:** `{outcome.error}` (se stderr fra kjøringen for hele feilen).", ""]
    else:
        lines += [outcome.result.markdown().strip(), ""]
    lines.append(f"Belastning før → etter: {_load_text(outcome.load_before)} → {_load_text(outcome.load_after)}; "
                 f"tid {duration(outcome.seconds)}.")
    if text.notes:
        lines += ["", text.notes.format(**values).strip()]
    return [*lines, ""]


# --- command line ----------------------------------------------------------------------------------

def parse_only(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in BENCHMARKS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"ukjent benchmark {', '.join(unknown) or '(ingen)'}; "
                                         f"velg blant {','.join(BENCHMARKS)}")
    return [key for key in BENCHMARKS if key in chosen]  # always in report order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", type=parse_only, default=list(BENCHMARKS),
                        help=f"kommaseparert utvalg av {','.join(BENCHMARKS)} (standard: alle)")
    parser.add_argument("--quick", action="store_true",
                        help="røykprøve med små datamengder (skriver ikke docs/performance.md uten --out)")
    parser.add_argument("--out", type=Path, help="rapportfil (standard: docs/performance.md ved full kjøring)")
    parser.add_argument("--cache", type=Path, default=None,
                        help=f"mappe for genererte databaser (standard {default_cache()})")
    args = parser.parse_args(argv)

    sizes = QUICK if args.quick else FULL
    cache: Path = args.cache or default_cache()
    complete = not args.quick and args.only == list(BENCHMARKS)
    out: Path = args.out or (DOC if complete else cache / ("performance-smoke.md" if args.quick
                                                            else "performance-partial.md"))
    started = dt.datetime.now()
    clock = time.perf_counter()
    print(f"bench: {', '.join(REGISTRY[key].title for key in args.only)}"
          f"{' (røykprøve)' if args.quick else ''}; databaser i {cache}; rapport til {out}", file=sys.stderr)
    computer = machine()
    outcomes = []
    for number, key in enumerate(args.only, 1):
        print(f"== {REGISTRY[key].title} ({number}/{len(args.only)}) ==", file=sys.stderr, flush=True)
        outcomes.append(run_one(REGISTRY[key], sizes, cache))
    report = render(outcomes, sizes, args.quick, args.only, started, time.perf_counter() - clock, computer)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    staged.write_text(report, encoding="utf-8")
    os.replace(staged, out)
    missed = sum(met is False for outcome in outcomes if not outcome.error for met in outcome.met)
    failed = [outcome.benchmark.title for outcome in outcomes if outcome.error]
    print(f"bench: skrev {out} på {num(time.perf_counter() - clock, 0)} s; "
          f"{missed} mål ikke nådd" + (f"; feilet: {', '.join(failed)}" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
