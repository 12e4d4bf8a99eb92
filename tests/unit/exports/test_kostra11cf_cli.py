"""``kvp kostra11cf``: check a file (text and JSON), exit codes, and the export path."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kvp_desktop.cli import kostra as kostra_cli
from kvp_desktop.cli.main import main
from kvp_desktop.exports.kostra11cf import encode_records
from kvp_desktop.exports.kostra11cf.fodselsnummer import check_digits

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "ssb_kvalifisering_minimal.dat"


def _fnr() -> str:
    nine = "158385123"  # synthetic (FREG, month + 80): never a real person
    return nine + check_digits(nine)


FNR = _fnr()


def _record(year: int, **overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "KOMMUNE_NR": "3401",
        "VERSION": f"{year % 100:02d}",
        "FODSELSDATO": dt.date(1985, 3, 15),
        "PERSON_JOURNALNR": "J0000001",
        "PERSON_FODSELSNR": FNR,
        "KJONN": "1",
        "EKTSTAT": "2",
        "BU18": "2",
        "REG_DATO": dt.date(year, 1, 4),
        "VEDTAK_DATO": dt.date(year, 2, 2),
        "BEGYNT_DATO": dt.date(year, 3, 1),
        "KVP_KOMM": "2",
        "KVP_MED_ASTONAD": "2",
        **{f"STMND_{month}": f"{month:02d}" for month in range(3, 13)},
        "KVP_STONAD": 250_000,
        "STATUS": "1",
    }
    record.update(overrides)
    return record


def _write(tmp_path: Path, records: list[dict[str, Any]], year: int = 2025) -> Path:
    path = tmp_path / f"11cf_{year}.dat"
    path.write_bytes(encode_records(records, year))
    return path


def test_valid_file_exits_0_with_a_norwegian_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [_record(2025)])
    assert main(["kostra11cf", "--check", str(path), "--year", "2025", "--municipality", "3401"]) == 0
    out = capsys.readouterr().out
    assert "Rapporteringsår 2025, antall poster: 1. Fatale feil: 0, feil: 0, advarsler: 0" in out
    assert "Filen kan sendes til SSB." in out


def test_errors_exit_1_and_are_printed_with_line_journal_and_masked_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, [_record(2025), _record(2025, PERSON_JOURNALNR="J0000002", KJONN="3")])
    assert main(["kostra11cf", "--check", str(path), "--year", "2025"]) == 1
    out = capsys.readouterr().out
    assert "Linje 2, journal J0000002, 158385*****: [FEIL] Rule008Kjonn (KJONN): Korrigér kjønn." in out
    assert "[FEIL] Rule005aFoedselsnummerDubletter" in out
    assert "Filen kan ikke sendes til SSB" in out
    assert "Kommunenummeret er ikke kontrollert" in out
    assert FNR not in out


def test_warnings_alone_do_not_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [_record(2025, KVP_STONAD=650_000)])
    assert main(["kostra11cf", "--check", str(path), "--year", "2025", "--municipality", "3401"]) == 0
    out = capsys.readouterr().out
    assert "[ADVARSEL] Rule032KvalifiseringssumOverMaksimum" in out
    assert "Filen kan sendes til SSB, men se gjennom advarslene." in out


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kostra11cf", "--check", str(MINIMAL), "--year", "2026", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["blocks_submission"] is True
    assert data["counts"]["FATAL"] == 2
    assert [(f["rule_id"], f["line"], f["severity"]) for f in data["findings"]] == [
        ("Rule001RecordLength", 1, "FATAL"),
        ("Rule001RecordLength", 2, "FATAL"),
    ]


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kostra11cf", "--check", str(MINIMAL), "--year", "2024"]) == 2
    assert "Feil: Det finnes ingen filbeskrivelse for KOSTRA-skjema 11CF for rapporteringsåret 2024" in (
        capsys.readouterr().err
    )
    assert main(["kostra11cf", "--check", str(tmp_path / "mangler.dat"), "--year", "2025"]) == 2
    assert "Finner ikke filen" in capsys.readouterr().err
    assert main(["kostra11cf", "--year", "2025"]) == 2
    assert "Velg enten --check FIL" in capsys.readouterr().err
    assert main(["kostra11cf", "--check", str(MINIMAL), "--year", "2025", "--municipality", "Oslo"]) == 2
    with pytest.raises(SystemExit) as excinfo:
        main(["kostra11cf", "--check", str(MINIMAL)])  # --year is required
    assert excinfo.value.code == 2


def test_export_without_the_database_service_says_so_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(kostra_cli, "EXPORT_SERVICE", "kvp_desktop.services.finnes_ikke_kostra")
    out = tmp_path / "11cf.dat"
    assert main(["kostra11cf", "--year", "2025", "--out", str(out)]) == 2
    assert "Eksport av KOSTRA 11CF fra databasen er ikke tilgjengelig ennå" in capsys.readouterr().err
    assert not out.exists()


def test_export_writes_the_file_from_the_database(
    demo_ctx: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out goes through services.reports.kostra (SSB's checks first, then the audited export)."""
    out = tmp_path / "11cf.dat"
    args = ["--database", demo_ctx.db.url, "kostra11cf", "--year", "2026", "--out", str(out)]
    assert main([*args, "--user", "demo.saksbehandler"]) == 0
    lines = out.read_bytes().split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) == 152 for line in lines[:-1])
    assert f"(antall poster: {len(lines) - 1})" in capsys.readouterr().out
    assert main([*args, "--user", "finnes.ikke"]) == 4
    assert "Fant ingen bruker" in capsys.readouterr().err


def test_real_subprocess_run(tmp_path: Path) -> None:
    path = _write(tmp_path, [_record(2025, KJONN="3")])
    result = subprocess.run(
        [sys.executable, "-m", "kvp_desktop.cli.main", "kostra11cf", "--check", str(path), "--year", "2025"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Rule008Kjonn" in result.stdout
    assert "Korrigér kjønn" in result.stdout
    assert FNR not in result.stdout
