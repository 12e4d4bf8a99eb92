"""What the benchmarks share: a target row for the summary, Norwegian number format, timing, and the
cache of generated databases (built once per size, seed, generator and schema revision).

The bench scripts are run by path (``python bench/run.py``), so this module is imported as
``benchlib`` from the scripts beside it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Progress lines (to stderr) — run.py and the scripts' command lines pass this or ``None``.
Progress = Callable[[str], None]


def stderr_progress(prefix: str) -> Progress:
    started = time.perf_counter()

    def report(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {prefix}: {message}", file=sys.stderr, flush=True)

    return report


def quiet(_message: str) -> None:
    """A progress callback that says nothing."""


# --- figures ---------------------------------------------------------------------------------------

def num(value: float, decimals: int = 1) -> str:
    """``12345.67`` → ``"12 345,7"`` (Norwegian: space between thousands, decimal comma)."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


def amount(value: float, unit: str) -> str:
    """A duration in ``unit`` ("ms" or "s") with sensible precision."""
    if unit == "ms":
        return f"{num(value, 0 if value >= 100 else 1)} ms"
    return f"{num(value, 3 if value < 1 else 2)} s"


def ratio_text(value: float | None) -> str:
    return "—" if value is None else f"{num(value, 2)}×"


@dataclass(frozen=True)
class Target:
    """One target of one measurement, for the summary table at the top of docs/performance.md.

    ``limit`` applies to ``measured`` (in ``unit``) or, with ``on_ratio``, to ``measured / reference``.
    """

    benchmark: str
    measurement: str
    measured: float
    reference: float | None
    unit: str
    limit: float
    on_ratio: bool = False
    reference_label: str = "rå SQL"

    @property
    def ratio(self) -> float | None:
        if self.reference is None:
            return None
        return self.measured / self.reference if self.reference else float("inf")

    @property
    def met(self) -> bool:
        value = self.ratio if self.on_ratio else self.measured
        return value is not None and value <= self.limit

    @property
    def target_text(self) -> str:
        limit = num(self.limit, 0 if self.limit == int(self.limit) else 1)
        if self.on_ratio:
            return f"≤ {limit}× {self.reference_label}"
        return f"≤ {limit} {self.unit}"

    def cells(self) -> tuple[str, str, str, str, str, str, str]:
        """benchmark, measurement, measured, reference, ratio, target, verdict — ready for a table."""
        reference = "—" if self.reference is None else f"{amount(self.reference, self.unit)} ({self.reference_label})"
        return (self.benchmark, self.measurement, amount(self.measured, self.unit), reference,
                ratio_text(self.ratio), self.target_text, verdict(self.met))


def verdict(met: bool) -> str:
    return "nådd" if met else "**IKKE nådd**"


def median_seconds(func: Callable[[], object], runs: int, warm: bool = True) -> float:
    """Median wall time of ``runs`` calls (after one untimed warm-up call when ``warm``)."""
    if warm:
        func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_median_seconds(first: Callable[[], object], second: Callable[[], object],
                          runs: int) -> tuple[float, float]:
    """Medians of ``first`` and ``second``, timed in turns (after one untimed call of each), so that
    load from other processes falls on both alike and their ratio stays fair on a busy machine."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for func, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            func()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


# --- cached databases ------------------------------------------------------------------------------

def default_cache() -> Path:
    return Path(tempfile.gettempdir()) / "kvp-bench"


def schema_revision() -> str:
    from kvp_desktop.store.migrate import head_revision

    return head_revision()


def source_digest(*objects: Any) -> str:
    """A short hash of the source of the functions that generate a database: change the generator
    and the cached database is made again."""
    digest = hashlib.sha256()
    for item in objects:
        digest.update(inspect.getsource(item).encode())
    return digest.hexdigest()[:10]


def cache_key(kind: str, size: int, seed: int, *generators: Any) -> str:
    return f"{kind}-{size}-seed{seed}-rev{schema_revision()}-gen{source_digest(*generators)}"


@dataclass(frozen=True)
class CachedDatabase:
    path: Path
    info: dict[str, Any]  # what the builder returned when the file was made (timings, counts, date)
    reused: bool


def cached_database(folder: Path, key: str, build: Callable[[Path], dict[str, Any]],
                    progress: Progress = quiet) -> CachedDatabase:
    """``folder/key.db``, made by ``build(path)`` if it is not there yet.

    ``build`` writes a complete SQLite database at the path it is given (a temporary name in the same
    folder) and returns facts about it. Only a finished database is renamed to its real name (after a
    WAL checkpoint, with its facts written first), so a crashed or interrupted generation never leaves a
    half-made file that a later run would reuse.
    """
    folder.mkdir(parents=True, exist_ok=True)
    final, facts = folder / f"{key}.db", folder / f"{key}.json"
    if final.exists():
        info = json.loads(facts.read_text(encoding="utf-8")) if facts.exists() else {}
        progress(f"bruker lagret database {final.name}")
        return CachedDatabase(final, info, reused=True)
    _remove_abandoned(folder, key)
    temporary = folder / f".{key}.{os.getpid()}.tmp.db"
    _remove_database(temporary)
    try:
        info = build(temporary)
        _finish_sqlite_file(temporary)
        info["laget"] = time.strftime("%Y-%m-%d %H:%M")
        staged = folder / f".{key}.{os.getpid()}.tmp.json"
        staged.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(staged, facts)
        os.replace(temporary, final)  # the commit point: from here on the database is reused
    finally:
        _remove_database(temporary)
    return CachedDatabase(final, info, reused=False)


def working_copy(database: Path, folder: Path, name: str) -> Path:
    """A private copy of a cached (closed, checkpointed) database for one benchmark to open and write.

    The cached file itself is never opened by the app: opening sets WAL mode, and some benchmarks write.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{name}.{os.getpid()}.work.db"
    _remove_database(copy)
    shutil.copyfile(database, copy)
    return copy


def remove_database(path: Path) -> None:
    _remove_database(path)


def _finish_sqlite_file(path: Path) -> None:
    """Fold the WAL into the main file and leave it in rollback-journal mode, so the file alone is the
    whole database (it is renamed and copied as one file)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RuntimeError(f"den genererte databasen {path} består ikke quick_check")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm", "-journal"):
        if Path(f"{path}{suffix}").exists():
            raise RuntimeError(f"{path}{suffix} finnes fortsatt; en tilkobling er ikke lukket")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _remove_abandoned(folder: Path, key: str) -> None:
    """Temporary files of generations whose process is gone (killed, crashed)."""
    for leftover in folder.glob(f".{key}.*.tmp.*"):
        pid = leftover.name.removeprefix(f".{key}.").split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate the process on Windows; leave the file alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
