"""Start-up: the main window on a 10 000-person office against a bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--persons 10000] [--runs 7]

Each start is a fresh process (imports count), measured from launch until the main window is shown,
and until the Portefølje tab shows its first rows. Targets: the main window is shown within 2× the time
of the bare window, and the first rows within 1,0 s of the process start.
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
#: Seconds from the process start until Portefølje shows its first rows.
FIRST_ROWS_LIMIT = 1.0


@dataclass(frozen=True)
class StartupResult:
    persons: int
    runs: int
    bare_median: float
    #: The main window shown (menus, tabs; the database opening in the background).
    shown_median: float
    #: The database open, the tabs built, Portefølje showing its first rows.
    ready_median: float
    #: Processor seconds (all threads) of the bare window, and of KVP Desktop when the first rows show.
    bare_cpu: float | None = None
    ready_cpu: float | None = None
    #: The machine's highest one-minute load average during the runs (on 2 cores, above 2 inflates times).
    load: float | None = None

    @property
    def kvp_median(self) -> float:
        return self.shown_median

    @property
    def ratio(self) -> float:
        return self.shown_median / self.bare_median

    @property
    def met(self) -> bool:
        return self.ratio <= 2

    @property
    def ready_met(self) -> bool:
        return self.ready_median <= FIRST_ROWS_LIMIT

    def targets(self) -> list[Target]:
        return [Target("Oppstart", f"Hovedvinduet vist, {num(self.persons, 0)} personer", self.shown_median,
                       self.bare_median, "s", 2.0, on_ratio=True, reference_label="bart PySide6-vindu"),
                Target("Oppstart", f"Portefølje viser de første radene, {num(self.persons, 0)} personer",
                       self.ready_median, self.bare_median, "s", FIRST_ROWS_LIMIT,
                       reference_label="bart PySide6-vindu")]

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
            f"Mål: hovedvinduet vises innen 2× det bare vinduet — {verdict} ({num(self.ratio, 2)}×). "
            f"De første radene innen {num(FIRST_ROWS_LIMIT, 1)} s fra prosessen startes — "
            f"{'nådd' if self.ready_met else 'IKKE nådd'} ({num(self.ready_median, 3)} s)."
            + self._cpu_note()
        )

    def _cpu_note(self) -> str:
        if self.bare_cpu is None or self.ready_cpu is None:
            return ""
        load = f" Høyeste belastning (1 min) under målingen: {num(self.load, 2)}." if self.load is not None else ""
        return (
            "\n\nProsessortid (alle trådene, medianer; påvirkes lite av andre prosesser på maskinen): bart vindu "
            f"{num(self.bare_cpu, 3)} s, KVP Desktop til de første radene {num(self.ready_cpu, 3)} s "
            f"({num(self.ready_cpu / self.bare_cpu, 2)}×).{load}"
        )


def demo_database(persons: int, folder: Path) -> str:
    path = folder / f"startup-{persons}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        from kvp_desktop.demo.office import create_demo
        from kvp_desktop.services.infrastructure.context import open_context

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


def _one(*args: str) -> list[tuple[float, float]]:
    """(seconds since launch, processor seconds) for each moment the probe reports."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KVP_T0": repr(time.time())}
    out = subprocess.run([sys.executable, str(HERE / "startup_probe.py"), *args], env=env, capture_output=True,
                         text=True, timeout=300, check=True)
    found = []
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and all(part.replace(".", "", 1).isdigit() for part in parts):
            found.append((float(parts[0]), float(parts[1])))
    return found


def measure(persons: int = 10_000, runs: int = 7, folder: Path | None = None) -> StartupResult:
    folder = folder or Path(tempfile.gettempdir()) / "kvp-bench"
    folder.mkdir(parents=True, exist_ok=True)
    url = demo_database(persons, folder)
    _one("bare"), _one("kvp", url)  # warm the file cache once
    bare, kvp = [], []
    loads = [os.getloadavg()[0]] if hasattr(os, "getloadavg") else []
    for _ in range(runs):  # in turn, so a change in the machine's load touches both alike
        bare.append(_one("bare")[0])
        kvp.append(_one("kvp", url))
    if hasattr(os, "getloadavg"):
        loads.append(os.getloadavg()[0])
    return StartupResult(
        persons, runs, statistics.median(wall for wall, _cpu in bare),
        statistics.median(shown[0] for shown, _ready in kvp), statistics.median(ready[0] for _shown, ready in kvp),
        bare_cpu=statistics.median(cpu for _wall, cpu in bare),
        ready_cpu=statistics.median(ready[1] for _shown, ready in kvp),
        load=max(loads) if loads else None,
    )


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
