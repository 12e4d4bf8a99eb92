"""Start-up: the main window on a 10 000-person office against a bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--persons 10000] [--runs 7]

Each start is a fresh process (imports count), measured from launch until the main window is shown,
and until the Portefølje tab shows its first rows. Target (issue «Ship it»): the main window is shown
within 2× the time of the bare window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchlib import Target, num  # bench/ is on the path when a script here runs

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class StartupResult:
    persons: int
    runs: int
    bare_median: float
    #: The main window shown (menus, tabs; the database opening in the background).
    shown_median: float
    #: The database open, the tabs built, Portefølje showing its first rows.
    ready_median: float

    @property
    def kvp_median(self) -> float:
        return self.shown_median

    @property
    def ratio(self) -> float:
        return self.shown_median / self.bare_median

    @property
    def met(self) -> bool:
        return self.ratio <= 2

    def targets(self) -> list[Target]:
        return [Target("Oppstart", f"Hovedvinduet vist, {num(self.persons, 0)} personer", self.shown_median,
                       self.bare_median, "s", 2.0, on_ratio=True, reference_label="bart PySide6-vindu")]

    def markdown(self) -> str:
        verdict = "nådd" if self.met else "IKKE nådd"
        return (
            f"Median av {self.runs} starter, hver i en ny prosess (importene teller med), målt fra prosessen "
            "startes.\n\n"
            "| måling | median | forhold til bart vindu |\n|---|---|---|\n"
            f"| bart PySide6-vindu med fire faner | {num(self.bare_median, 3)} s | 1,00× |\n"
            f"| KVP Desktop, {num(self.persons, 0)} personer: hovedvinduet vist | {num(self.shown_median, 3)} s | "
            f"{num(self.ratio, 2)}× |\n"
            f"| KVP Desktop: databasen åpnet, fanene bygd, Portefølje viser de første radene | "
            f"{num(self.ready_median, 3)} s | {num(self.ready_median / self.bare_median, 2)}× |\n\n"
            f"Mål: hovedvinduet vises innen 2× det bare vinduet — {verdict} ({num(self.ratio, 2)}×)."
        )


def demo_database(persons: int, folder: Path) -> str:
    path = folder / f"startup-{persons}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        from kvp_desktop.services.context import open_context
        from kvp_desktop.services.demo import create_demo

        # Made under another name and renamed when complete: a failed run never leaves half a database.
        building = path.with_name(path.name + ".building")
        for leftover in folder.glob(building.name + "*"):
            leftover.unlink()
        ctx = open_context(f"sqlite:///{building}")
        try:
            create_demo(ctx, persons=persons, seed=11, today=dt.date(2026, 11, 23))
        finally:
            ctx.close()
        os.replace(building, path)
    return url


def _one(*args: str) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KVP_T0": repr(time.time())}
    out = subprocess.run([sys.executable, str(HERE / "startup_probe.py"), *args], env=env, capture_output=True,
                         text=True, timeout=300, check=True)
    return [float(line) for line in out.stdout.split() if line.replace(".", "", 1).isdigit()]


def measure(persons: int = 10_000, runs: int = 7, folder: Path | None = None) -> StartupResult:
    folder = folder or Path(tempfile.gettempdir()) / "kvp-bench"
    folder.mkdir(parents=True, exist_ok=True)
    url = demo_database(persons, folder)
    _one("bare"), _one("kvp", url)  # warm the file cache once
    bare = [_one("bare")[0] for _ in range(runs)]
    kvp = [_one("kvp", url) for _ in range(runs)]
    return StartupResult(persons, runs, statistics.median(bare), statistics.median(shown for shown, _ready in kvp),
                         statistics.median(ready for _shown, ready in kvp))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    result = measure(args.persons, args.runs)
    print(result.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
