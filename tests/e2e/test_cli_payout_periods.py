"""``kvp payout simulate`` with a 14-day scenario and ``kvp payout run`` for a 14-day period, as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BIWEEKLY: dict[str, Any] = {
    "participant": {"birth_date": "2001-05-13"},
    "programme": {"start": "2026-01-05", "end": "2026-12-31"},
    "period": {"from": "2026-05-11", "to": "2026-05-24"},
    "payout": {"schedule": "biweekly", "start": "2026-01-05", "policy": "day_rate"},
    "invalid_absence": [{"date": "2026-05-20", "hours": "7.5"}],
}


def _kvp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kvp_desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=120)


def _write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_simulate_a_14_day_period_with_the_day_rate(tmp_path: Path) -> None:
    done = _kvp("payout", "simulate", _write(tmp_path, BIWEEKLY), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["payout"] == {"schedule": "biweekly", "policy": "day_rate"}
    assert [(line["code"], line["amount"]) for line in out["lines"]] == [
        ("allowance", "1430.00"), ("allowance", "8576.00"), ("invalid_absence", "-1071.91")]
    assert out["total"] == "8934.09"
    text = _kvp("payout", "simulate", _write(tmp_path, BIWEEKLY))
    assert text.returncode == 0 and "dagsats" in text.stdout and "8 934,09 kr" in text.stdout.replace("\xa0", " ")


def test_simulate_refuses_a_period_that_is_not_one_of_the_14_day_periods(tmp_path: Path) -> None:
    wrong = dict(BIWEEKLY, period={"from": "2026-05-12", "to": "2026-05-25"})
    done = _kvp("payout", "simulate", _write(tmp_path, wrong))
    assert done.returncode == 1
    assert done.stderr.startswith("Feil: ") and "ikke en utbetalingsperiode" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_old_format_without_payout_is_unchanged(tmp_path: Path) -> None:
    old = {key: value for key, value in BIWEEKLY.items() if key != "payout"}
    done = _kvp("payout", "simulate", _write(tmp_path, old), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["payout"] == {"schedule": None, "policy": "monthly_share"}
    assert [line["amount"] for line in out["lines"]][:2] == ["1474.59", "8847.52"]
