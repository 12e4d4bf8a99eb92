"""The real ``kvp`` command, as an office script would run it: demo → kostra11cf --out → --check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run_kvp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kvp_desktop.cli.main", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=180, env={**os.environ}, check=False,
    )


def test_export_2026_then_check_the_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kvp.db'}"
    demo = run_kvp("--database", url, "demo", "--today", "2026-11-23")
    assert demo.returncode == 0, demo.stderr
    out = tmp_path / "11cf_2026.dat"
    export = run_kvp("--database", url, "kostra11cf", "--year", "2026", "--out", str(out), "--user",
                     "demo.saksbehandler")
    assert export.returncode == 0, export.stdout + export.stderr
    assert "Fatale feil: 0, feil: 0" in export.stdout
    assert f"Skrev filen {out}" in export.stdout

    data = out.read_bytes()
    assert data.endswith(b"\r\n") and b"\r\n\r\n" not in data
    lines = data.split(b"\r\n")[:-1]
    assert len(lines) > 10 and all(len(line) == 152 for line in lines)
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    text = data.decode("iso-8859-1")
    assert all(line[:4] == "3911" and line[4:6] == "26" for line in text.split("\r\n")[:-1])
    # No fødselsnummer is printed: only masked ones (dd.mm.åå *****) appear in the output.
    for line in text.split("\r\n")[:-1]:
        assert line[24:35] not in export.stdout

    check = run_kvp("kostra11cf", "--check", str(out), "--year", "2026", "--municipality", "3911", "--json")
    assert check.returncode == 0, check.stdout
    report = json.loads(check.stdout)
    assert report["record_count"] == len(lines) and not report["blocks_submission"]
    assert report["counts"]["FATAL"] == report["counts"]["ERROR"] == 0

    as_json = run_kvp("--database", url, "kostra11cf", "--year", "2026", "--out", str(tmp_path / "b.dat"),
                      "--json", "--user", "demo.saksbehandler")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["record_count"] == len(lines)
    assert (tmp_path / "b.dat").read_bytes() == data
