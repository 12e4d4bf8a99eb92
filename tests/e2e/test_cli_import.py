"""``kvp import persons``: dry run, errors with row numbers, --only-valid, duplicates; one real subprocess."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kvp_desktop.cli.main import main
from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio.persons import count_persons

HEADER = "Fødselsnummer;Fornavn;Etternavn;Adresse;Postnummer;Poststed;Arbeidserfaring"


def _number(seed: int) -> str:
    return synthetic_fodselsnummer(random.Random(seed), dt.date(1996, 4, 2), "1")


@pytest.fixture
def office(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'kvp.db'}"
    assert main(["--database", url, "demo", "--persons", "5", "--today", "2026-11-23"]) == 0
    return url


def _count(url: str) -> int:
    ctx = open_context(url)
    try:
        return count_persons(ctx)
    finally:
        ctx.close()


def test_dry_run_then_errors_then_only_valid(office: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, f"{_number(1)};Øyvind;Ås;Vei 1;3140;Nøtterøy;ingen"]) + "\n",
                    encoding="cp1252")
    capsys.readouterr()
    assert main(["--database", office, "import", "persons", str(good), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Windows-1252" in out and "1 kan importeres" in out and "Ingenting er lagret" in out
    assert _count(office) == 5

    mixed = tmp_path / "mixed.csv"
    mixed.write_text("\n".join([HEADER, f"{_number(2)};Kari;Berg;;3140;;lite", f"{_number(3)[:-1]}9;;Feil;;;;"])
                     + "\n", encoding="utf-8")
    assert main(["--database", office, "import", "persons", str(mixed), "--user", "demo.veileder"]) == 1
    captured = capsys.readouterr()
    assert "Rad 3" in captured.out and "Fornavn må fylles ut" in captured.out
    assert "ingenting er importert" in captured.err
    assert _count(office) == 5
    assert main(["--database", office, "import", "persons", str(mixed), "--user", "demo.veileder",
                 "--only-valid"]) == 0
    assert "Importert: 1 personer" in capsys.readouterr().out
    assert _count(office) == 6
    # The same file again: the person is reported, not duplicated.
    assert main(["--database", office, "import", "persons", str(mixed), "--user", "demo.veileder",
                 "--only-valid"]) == 0
    out = capsys.readouterr().out
    assert "finnes allerede" in out and "Importert: 0 personer" in out
    assert _count(office) == 6


def test_saving_needs_a_user_and_a_readable_file(office: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\n", encoding="utf-8")
    assert main(["--database", office, "import", "persons", str(good)]) == 1
    assert "--user" in capsys.readouterr().err
    assert main(["--database", office, "import", "persons", str(tmp_path / "missing.csv"), "--dry-run"]) == 2
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x81\x8d" * 50)
    assert main(["--database", office, "import", "persons", str(broken), "--dry-run"]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_real_subprocess_imports_a_file(office: str, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, f"{_number(4)};Ali;Abdi;Vei 2;3145;Tjøme;noe"]) + "\n", encoding="utf-8-sig")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "kvp_desktop", "--database", office, "import", "persons", str(good),
         "--user", "demo.saksbehandler"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "UTF-8 med BOM" in result.stdout and "Importert: 1 personer" in result.stdout
    assert _count(office) == 6
