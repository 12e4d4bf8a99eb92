"""``kvp rates`` and ``kvp payout simulate`` end to end (in-process and as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kvp_desktop.cli.main import main

SCENARIO: dict[str, Any] = {
    "participant": {"birth_date": "1999-03-14", "children": [{"birth_date": "2019-05-02"}]},
    "programme": {"start": "2026-01-05", "end": "2026-12-31"},
    "period": {"from": "2026-05-01", "to": "2026-05-31"},
    "invalid_absence": [{"date": "2026-05-12", "hours": "7.5"}],
    "paid_work": [{"date": "2026-05-20", "hours": "4"}],
    "other_benefits": [{"type": "sykepenger", "from": "2026-05-18", "to": "2026-05-22", "amount": "3000.00"}],
    "recovery_deduction": "500.00",
}


def write(tmp_path: Path, data: Any, name: str = "scenario.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_rates_json_reproduces_the_published_2025_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rates", "--date", "2025-06-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["g"], out["full_rate"], out["under_25_rate"], out["child_supplement_rate"]) == (
        130160,
        265657,
        177104,
        37,
    )
    assert out["factor"] == "2.041" and out["date"] == "2025-06-01"
    assert out["sources"]["g"]["source"] == "FOR-2025-05-23-837 § 1"
    assert set(out["sources"]) == {"g", "factor", "under_25_share", "child_supplement_rate"}


def test_rates_text_marks_unconfirmed_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rates", "--date", "2026-06-01"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "Grunnbeløp (G): 136 549 kr" in out
    assert "Full sats per år: 278 697 kr" in out
    assert "kontroller mot gjeldende regelverk" in out


@pytest.mark.parametrize(("date", "message"), [("01.06.2025", "ÅÅÅÅ-MM-DD"), ("2001-01-01", "ingen verdi før")])
def test_rates_bad_date(date: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rates", "--date", date]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and message in err and "Traceback" not in err


def test_payout_simulate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payout", "simulate", write(tmp_path, SCENARIO), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == "18858.88"
    assert [line["code"] for line in out["lines"]] == [
        "allowance",
        "child_supplement",
        "invalid_absence",
        "paid_work",
        "paid_work_child_supplement",
        "other_benefit",
        "recovery_deduction",
    ]
    assert out["lines"][0] == {
        "code": "allowance",
        "text": "Kvalifiseringsstønad, full sats",
        "reference": "stl. § 35",
        "basis": "mai 2026: 21 ukedager × 278\xa0697 kr / 12 / 21",
        "amount": "23224.75",
    }


def test_payout_simulate_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payout", "simulate", write(tmp_path, SCENARIO)]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "Trekk for ugyldig fravær" in out and "Til utbetaling" in out and "18 858,88 kr" in out


def test_payout_without_subcommand_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payout"]) == 2
    assert "simulate" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "ikke gyldig JSON"),
        ({**SCENARIO, "period": {"from": "2026-05-01"}}, "mangler feltet «to»"),
        ({**SCENARIO, "paid_work": [{"date": "2026-07-01", "hours": "4"}]}, "utenfor perioden"),
        (
            {
                **SCENARIO,
                "period": {"from": "2001-01-01", "to": "2001-01-31"},
                "programme": {"start": "2001-01-01", "end": "2001-12-31"},
                "invalid_absence": [],
                "paid_work": [],
                "other_benefits": [],
            },
            "ingen verdi før",
        ),
    ],
)
def test_payout_bad_scenario_gives_a_norwegian_error(
    tmp_path: Path, content: Any, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["payout", "simulate", write(tmp_path, content)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and message in err


def test_payout_missing_or_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payout", "simulate", str(tmp_path / "finnes-ikke.json")]) == 1
    assert "Finner ikke filen" in capsys.readouterr().err
    (tmp_path / "latin1.json").write_bytes('{"a": "æøå"}'.encode("latin-1"))
    assert main(["payout", "simulate", str(tmp_path / "latin1.json")]) == 1
    assert "Kan ikke lese" in capsys.readouterr().err


def test_real_process(tmp_path: Path) -> None:
    rates = subprocess.run(
        [sys.executable, "-m", "kvp_desktop.cli.main", "rates", "--date", "2025-06-01", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(rates.stdout)["under_25_rate"] == 177104
    bad = subprocess.run(
        [sys.executable, "-m", "kvp_desktop.cli.main", "payout", "simulate", write(tmp_path, {"period": 1})],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("Feil: ") and "Traceback" not in bad.stderr
