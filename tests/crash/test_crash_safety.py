"""Crash safety: a process doing imports, plan edits and payout runs is killed (SIGKILL) at a random
moment; afterwards the database is intact, nothing is half-written, and every change the process
had committed is there. A handful of trials in the default run; 200 behind ``-m slow``."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.crash_worker import BATCH

ROOT = Path(__file__).resolve().parents[2]


def _trial(db: Path, seed: int, rng: random.Random) -> tuple[bool, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.crash_worker", f"sqlite:///{db}", str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    time.sleep(rng.uniform(0.8, 4.0))
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert killed, f"the worker stopped by itself: {err[-2000:]}"
    return killed, out.splitlines()


def _check(db: Path, journal: list[str]) -> None:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # Imports (one transaction each): every journaled batch is there with exactly the rows it
        # imported (a rare synthetic number already in the register is skipped, by design).
        counts = dict(connection.execute(
            "SELECT substr(last_name, 1, instr(last_name, 'x') - 1), count(*) FROM persons "
            "WHERE last_name LIKE 'B%x%' GROUP BY 1").fetchall())
        assert all(0 < n <= BATCH for n in counts.values()), counts
        for line in journal:
            kind, *rest = line.split()
            if kind == "import":
                assert counts.get(rest[0]) == int(rest[1]), line
        # Plan edits: the programme holds the last journaled goal, or one committed just after it.
        plans = [line.split() for line in journal if line.startswith("plan ")]
        if plans:
            programme_id, last = plans[-1][1], plans[-1][2]
            goals = connection.execute("SELECT goals FROM programmes WHERE id = ?", (programme_id,)).fetchone()[0]
            stored = goals.removeprefix("mål ").split("-")
            journaled = last.split("-")
            assert stored[0] == journaled[0] and int(stored[1]) >= int(journaled[1]), (goals, last)
        # Payout runs: never a run without all its lines.
        for run_id, total in connection.execute("SELECT id, total FROM payout_runs WHERE label = '2026-10'"):
            lines = connection.execute("SELECT coalesce(sum(amount), 0) FROM payout_lines WHERE run_id = ?",
                                       (run_id,)).fetchone()[0]
            assert lines == total, (run_id, lines, total)


def _trials(demo_template: Path, tmp_path: Path, count: int) -> int:
    db = tmp_path / "crash.db"
    shutil.copyfile(demo_template, db)
    rng = random.Random()
    journal_lines = 0
    for trial in range(count):
        _killed, journal = _trial(db, trial + 1, rng)
        _check(db, journal)
        journal_lines += len(journal)
    return journal_lines


def test_killed_at_random_moments_loses_nothing_committed(demo_template: Path, tmp_path: Path) -> None:
    committed = _trials(demo_template, tmp_path, 4)
    print(f"\nKrasjforsøk: 4, bekreftede transaksjoner før drap: {committed}")


@pytest.mark.slow
def test_two_hundred_crash_trials(demo_template: Path, tmp_path: Path) -> None:
    committed = _trials(demo_template, tmp_path, 200)
    print(f"\nKrasjforsøk: 200, bekreftede transaksjoner før drap: {committed}")
    assert committed > 0
