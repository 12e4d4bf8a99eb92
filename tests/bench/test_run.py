"""bench/run.py end to end in a small smoke run, and the cache of generated databases it relies on."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench import benchlib

ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"\d[\d ]*(?:,\d+)?"


def test_quick_run_writes_the_report_with_machine_and_summary(tmp_path: Path) -> None:
    out, cache = tmp_path / "performance.md", tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "portfolio,payout",
         "--out", str(out), "--cache", str(cache)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")

    assert report.startswith("# Ytelse\n")
    assert "Generert av `bench/run.py`" in report and "make bench" in report
    assert "**Røykprøve** (`--quick`)" in report
    assert "Ikke kjørt denne gangen (`--only`): Brev, Oppstart, Minne, Delt kontor, Bygget." in report
    # The machine it ran on.
    machine = report.split("## Maskinen", 1)[1].split("\n## ", 1)[0]
    for name in ("Prosessor", "Minne", "Operativsystem", "Python", "PySide6 / Qt", "SQLAlchemy", "ReportLab",
                 "SQLite", "LibreOffice", "Kjørt"):
        assert re.search(rf"^\| {re.escape(name)} \| \S", machine, re.MULTILINE), name
    assert re.search(rf"^\| Portefølje \| {NUMBER} / {NUMBER} / {NUMBER} \| {NUMBER} / ", machine, re.MULTILINE)
    # Summary: one row per target with measured time, reference, ratio, target and verdict.
    verdict = r"(nådd|\*\*IKKE nådd\*\*)"
    for measurement, target in (("Åpne fanen", "≤ 300 ms"), ("Åpne fanen", "≤ 3× rå SQL"),
                                ("Filter «AAP er avsluttet»", "≤ 150 ms"), ("Søk «hans»", "≤ 150 ms")):
        assert re.search(rf"^\| Portefølje \| {measurement} \| {NUMBER} ms \| {NUMBER} ms \(rå SQL\) \| "
                         rf"{NUMBER}× \| {target} \| {verdict} \|$", report, re.MULTILINE), (measurement, target)
    assert len(re.findall(r"^\| Utbetalinger \| .* \| " + NUMBER + r" s \| " + NUMBER + r" s \(rå SQL\) \| "
                          + NUMBER + r"× \| ≤ 10 s \| " + verdict + r" \|$", report, re.MULTILINE)) == 2
    # The sections: the measured figures between the fixed explanations.
    assert "## Portefølje (sak 4)" in report and "Hvordan:" in report
    assert "2 000 personer" in report and "SEARCH stop_point_flags USING COVERING INDEX" in report
    assert "## Utbetalinger (sak 7)" in report and "200 deltakere × oktober 2026, SQLite, 4 400 oppmøterader" in report
    # The generated databases are kept whole for the next run; nothing half-made or working copies left.
    kept = sorted(path.name for path in cache.glob("*.db"))
    assert [name.split("-")[0] for name in kept] == ["payout", "portfolio"]
    assert not list(cache.glob(".*")) and not list((cache / "work").glob("*"))
    assert "bruker lagret database" not in done.stderr


def _build_people(count: int) -> Callable[[Path], dict[str, object]]:
    def build(path: Path) -> dict[str, object]:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY)")
        connection.executemany("INSERT INTO people VALUES (?)", [(n,) for n in range(count)])
        connection.commit()
        connection.close()
        return {"rows": count}
    return build


def test_quick_memory_run_reports_peak_memory_beside_the_bare_window(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "memory",
         "--out", str(out), "--cache", str(tmp_path / "cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")
    assert re.search(rf"^\| Minne \| Høyeste minnebruk \(RSS\), Portefølje med 2 000 personer åpen \| {NUMBER} MiB \| "
                     rf"{NUMBER} MiB \(bart PySide6-vindu\) \| {NUMBER}× \| ≤ 3× bart PySide6-vindu \| ",
                     report, re.MULTILINE), report
    assert "## Minne (sak 15)" in report
    assert re.search(rf"Portefølje med 2 000 rader, rullet gjennom, oppvarmingen ferdig \| {NUMBER} MiB", report)


def test_a_failed_generation_leaves_nothing_to_reuse_and_a_finished_one_is_reused(tmp_path: Path) -> None:
    def crash(path: Path) -> dict[str, object]:
        _build_people(10)(path)
        raise RuntimeError("generation interrupted")

    with pytest.raises(RuntimeError):
        benchlib.cached_database(tmp_path, "people-10", crash)
    assert list(tmp_path.iterdir()) == []

    made = benchlib.cached_database(tmp_path, "people-10", _build_people(10))
    assert not made.reused and made.info["rows"] == 10 and made.path == tmp_path / "people-10.db"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["people-10.db", "people-10.json"]  # WAL folded in

    def must_not_run(path: Path) -> dict[str, object]:
        raise AssertionError("the cached database should have been reused")

    again = benchlib.cached_database(tmp_path, "people-10", must_not_run)
    assert again.reused and again.info["rows"] == 10 and "laget" in again.info
    copy = benchlib.working_copy(again.path, tmp_path / "work", "people-10")
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM people").fetchone() == (10,)
    connection.close()


def test_cache_key_follows_size_seed_schema_and_generator() -> None:
    key = benchlib.cache_key("portfolio", 100, 1, _build_people)
    assert key.startswith(f"portfolio-100-seed1-rev{benchlib.schema_revision()}-gen")
    assert benchlib.cache_key("portfolio", 100, 2, _build_people) != key
    assert benchlib.cache_key("portfolio", 100, 1, test_cache_key_follows_size_seed_schema_and_generator) != key


def test_the_window_benchmarks_run_after_the_portfolio_benchmark_in_one_process(tmp_path: Path) -> None:
    """``make bench`` runs every benchmark in one process: the shared-office benchmark opens the real
    window after the Portefølje benchmark has made the application object (a bare QCoreApplication
    there once made it abort with «Cannot create a QWidget without QApplication»)."""
    out, cache = tmp_path / "performance.md", tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "portfolio,network",
         "--out", str(out), "--cache", str(cache)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    assert re.search(r"^\| Delt kontor \| åpne appen → Portefølje", report, re.MULTILINE)
    assert "Cannot create a QWidget" not in done.stderr
