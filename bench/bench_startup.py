"""Start-up: the main window on a 10 000-person office against a bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--persons 10000] [--runs 7]

Each start is a fresh process (imports count), measured from launch until the window is shown
and the Portefølje tab has its first rows. Target (issue «Ship it»): at most 2× the bare window.
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

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class StartupResult:
    persons: int
    bare_median: float
    kvp_median: float

    @property
    def ratio(self) -> float:
        return self.kvp_median / self.bare_median

    def markdown(self) -> str:
        verdict = "nådd" if self.ratio <= 2 else "IKKE nådd"
        return (
            "| måling | median (s) |\n|---|---|\n"
            f"| bart PySide6-vindu med fire faner | {self.bare_median:.3f} |\n"
            f"| KVP Desktop, {self.persons} personer, Portefølje vist | {self.kvp_median:.3f} |\n\n"
            f"Forhold: {self.ratio:.2f}× (mål ≤ 2×: {verdict})."
        )


def demo_database(persons: int, folder: Path) -> str:
    path = folder / f"startup-{persons}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        from kvp_desktop.services.context import open_context
        from kvp_desktop.services.demo import create_demo

        ctx = open_context(url)
        create_demo(ctx, persons=persons, seed=11, today=dt.date(2026, 11, 23))
        ctx.close()
    return url


def _one(*args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KVP_T0": repr(time.time())}
    out = subprocess.run([sys.executable, str(HERE / "startup_probe.py"), *args], env=env, capture_output=True,
                         text=True, timeout=300, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure(persons: int = 10_000, runs: int = 7, folder: Path | None = None) -> StartupResult:
    folder = folder or Path(tempfile.gettempdir()) / "kvp-bench"
    folder.mkdir(parents=True, exist_ok=True)
    url = demo_database(persons, folder)
    _one("bare"), _one("kvp", url)  # warm the file cache once
    bare = [_one("bare") for _ in range(runs)]
    kvp = [_one("kvp", url) for _ in range(runs)]
    return StartupResult(persons, statistics.median(bare), statistics.median(kvp))


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
