"""Damaged SQLite files: refused with a Norwegian message by every command and by the app's
start-up, diagnosed by ``kvp check`` — never a traceback, never turned into a new office."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kvp_desktop.services.infrastructure.context import DatabaseDamagedError, open_context


def run_kvp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kvp_desktop", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"X" * 16)


def _zeroed_page(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\0" * 4096)


def _not_a_database(path: Path) -> None:
    path.write_text("Dette er et brev, ikke en database.\n" * 200, encoding="utf-8")


def _flipped_schema(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"CREATE TABLE")
    for offset in (3, 30, 31):
        data[at + offset] = 0xFF
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "tom": _empty, "avkortet": _truncated, "overskrevet-hode": _header, "nullet-side": _zeroed_page,
    "ikke-database": _not_a_database, "skjema-bitfeil": _flipped_schema,
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_file_is_refused_everywhere_and_diagnosed_by_check(kind: str, tmp_path: Path,
                                                                  demo_template: Path) -> None:
    path = tmp_path / "kvp.db"
    shutil.copyfile(demo_template, path)
    DAMAGE[kind](path)
    before = _digest(path)

    with pytest.raises(DatabaseDamagedError) as raised:  # what the app's start-up worker calls
        open_context(f"sqlite:///{path}")
    assert "kvp.db" in str(raised.value) and ("skadet" in str(raised.value) or "tom" in str(raised.value))

    check = run_kvp("--database", str(path), "check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stderr + check.stdout
    assert "FEIL" in check.stdout and "Resultat: FEIL FUNNET" in check.stdout

    for command in (["payout", "run", "--period", "2026-10", "--dry-run"], ["demo"], ["migrate", "upgrade"]):
        result = run_kvp("--database", str(path), *command)
        assert result.returncode == 3, (command, result.stderr)
        assert result.stderr.startswith("Feil: Databasefilen «kvp.db» er ")
        assert "Traceback" not in result.stderr
    assert _digest(path) == before  # nothing wrote to the damaged file
    assert path.stat().st_size == 0 or kind != "tom"


def test_check_names_the_newest_good_backup(tmp_path: Path, demo_template: Path) -> None:
    path = tmp_path / "kvp.db"
    shutil.copyfile(demo_template, path)
    (tmp_path / "sikkerhetskopier").mkdir()
    shutil.copyfile(demo_template, tmp_path / "sikkerhetskopier" / "kvp-daglig-20261122.db")
    _zeroed_page(path)
    check = run_kvp("--database", str(path), "check")
    assert "Nyeste brukbare sikkerhetskopi:" in check.stdout and "kvp-daglig-20261122.db" in check.stdout


def test_only_a_missing_path_becomes_a_new_office(tmp_path: Path) -> None:
    missing = tmp_path / "ny" / "kvp.db"
    assert "finnes ikke ennå" in run_kvp("--database", str(missing), "check").stdout
    assert not missing.exists()  # kvp check creates nothing
    assert run_kvp("--database", str(missing), "demo", "--persons", "3").returncode == 0
    assert run_kvp("--database", str(missing), "check").returncode == 0


def test_a_sound_file_passes_quick_check_at_opening(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "kvp.db"
    shutil.copyfile(demo_template, path)
    open_context(f"sqlite:///{path}").close()
