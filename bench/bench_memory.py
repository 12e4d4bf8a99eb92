"""Memory: peak resident memory of KVP Desktop with the 100 000-person Portefølje open, against a bare
PySide6 window with four tabs.

    .venv/bin/python bench/bench_memory.py [--persons 100000] [--runs 3]

Each measurement is a fresh process (``bench/memory_probe.py``): the real ``kvp-desktop`` entry point
on the Portefølje benchmark's database (made once and cached, see ``bench_portfolio.py``), the table
scrolled from top to bottom and back, the background warm-up finished; the peak RSS (``ru_maxrss``)
is read at the end. Target: at most 3× the bare window's peak.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchlib import Progress, default_cache, num, quiet, remove_database, stderr_progress, working_copy  # noqa: E402

MAX_RATIO = 3.0
USER = "v1"  # a caseworker of the portfolio benchmark's database (it has no passwords)


@dataclass(frozen=True)
class MemoryResult:
    persons: int
    runs: int
    bare_mib: float
    kvp_mib: float
    rows: int

    @property
    def ratio(self) -> float:
        return self.kvp_mib / self.bare_mib

    @property
    def met(self) -> bool:
        return self.ratio <= MAX_RATIO

    def targets(self) -> list[tuple[str, str, str, float, str, bool]]:
        return [(f"Høyeste minnebruk (RSS), Portefølje med {num(self.persons, 0)} personer åpen",
                 f"{num(self.kvp_mib, 1)} MiB", f"{num(self.bare_mib, 1)} MiB (bart PySide6-vindu)",
                 self.ratio, f"≤ {num(MAX_RATIO, 0)}× bart PySide6-vindu", self.met)]

    def markdown(self) -> str:
        return (
            f"Median av {self.runs} starter av hver, i en ny prosess hver og etter tur.\n\n"
            "| måling | høyeste RSS | forhold til bart vindu |\n|---|---|---|\n"
            f"| bart PySide6-vindu med fire faner | {num(self.bare_mib, 1)} MiB | 1,00× |\n"
            f"| KVP Desktop, Portefølje med {num(self.rows, 0)} rader, rullet gjennom, oppvarmingen ferdig | "
            f"{num(self.kvp_mib, 1)} MiB | {num(self.ratio, 2)}× |\n\n"
            f"Mål: høyst {num(MAX_RATIO, 0)}× det bare vinduet — {'nådd' if self.met else 'IKKE nådd'} "
            f"({num(self.ratio, 2)}×)."
        )


def _probe(*args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, str(HERE / "memory_probe.py"), *args], env=env, capture_output=True,
                         text=True, timeout=600, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(persons: int = 100_000, runs: int = 3, cache: Path | None = None,
            progress: Progress = quiet) -> MemoryResult:
    import bench_portfolio
    from benchlib import cache_key, cached_database

    cache = cache or default_cache()
    key = cache_key("portfolio", persons, bench_portfolio.SEED, bench_portfolio.generate,
                    bench_portfolio.build_database, bench_portfolio._extra_row)
    database = cached_database(cache, key, lambda path: bench_portfolio.build_database(path, persons,
                                                                                       bench_portfolio.SEED, progress),
                               progress)
    path = working_copy(database.path, cache / "work", key + "-memory")
    try:
        bare, kvp = [], []
        for run in range(runs):
            bare.append(_probe("bare")["peak_mib"])
            found = _probe("kvp", f"sqlite:///{path}", USER)
            kvp.append(found)
            progress(f"kjøring {run + 1}/{runs}: bart {bare[-1]:.1f} MiB, KVP Desktop {found['peak_mib']:.1f} MiB")
    finally:
        remove_database(path)
    return MemoryResult(persons, runs, statistics.median(bare), statistics.median(k["peak_mib"] for k in kvp),
                        int(kvp[-1].get("rows", 0)))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    print(measure(args.persons, args.runs, args.cache, stderr_progress("minne")).markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
