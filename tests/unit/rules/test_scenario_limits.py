"""The scenario reader refuses what cannot be true: the same day twice, a birth in the future,
more than 24 hours or more than two decimals in a day, absurd amounts and periods."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

import pytest

from kvp_desktop.rules.scenario import ScenarioError, parse_scenario

BASE: dict[str, Any] = {
    "participant": {"birth_date": "1999-03-14"},
    "programme": {"start": "2026-01-05", "end": "2026-12-31"},
    "period": {"from": "2026-05-01", "to": "2026-05-31"},
}


def _with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


@pytest.mark.parametrize(("data", "message"), [
    (_with(invalid_absence=[{"date": "2026-05-12", "hours": "7.5"}, {"date": "2026-05-12", "hours": "7.5"}]),
     "står allerede i «invalid_absence[0]»"),
    (_with(paid_work=[{"date": "2026-05-12", "hours": "3"}, {"date": "2026-05-12", "hours": "1"}]),
     "står allerede i"),
    (_with(participant={"birth_date": "2100-01-01"}), "er etter starten av programmet"),
    (_with(participant={"birth_date": "1850-01-01"}), "alder over 120"),
    (_with(invalid_absence=[{"date": "2026-05-12", "hours": "7,123"}]), "mer enn to desimaler"),
    (_with(invalid_absence=[{"date": "2026-05-12", "hours": "7123"}]), "ikke mulig på én dag"),
    (_with(invalid_absence=[{"date": "2026-05-12", "hours": Decimal("1E+999999999")}]), "ikke mulig på én dag"),
    (_with(recovery_deduction=Decimal("1E+999999999")), "urimelig stort"),
    (_with(recovery_deduction="9" * 5000), "ikke et gyldig beløp"),
    (_with(period={"from": "2026-01-01", "to": "2099-12-31"}), "for lang"),
    (_with(participant={"birth_date": "1999-03-14", "children": [{"birth_date": "1990-01-01"}]}),
     "ikke etter deltakerens egen fødselsdato"),
])
def test_impossible_scenarios_are_refused(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(message)):
        parse_scenario(data)


def test_quarter_hours_and_a_child_born_later_are_fine() -> None:
    child = {"birth_date": "2027-01-01"}
    scenario = parse_scenario(_with(invalid_absence=[{"date": "2026-05-12", "hours": "7.25"}],
                                    participant={"birth_date": "1999-03-14", "children": [child]}))
    assert scenario.facts.invalid_absence[0].hours == Decimal("7.25")
