"""The scenario reader used by ``kvp payout simulate``."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from kvp_desktop.rules.allowance import OffsetBenefit
from kvp_desktop.rules.scenario import ScenarioError, parse_scenario

BRIEF: dict[str, Any] = {
    "participant": {"birth_date": "1999-03-14", "children": [{"birth_date": "2019-05-02"}]},
    "programme": {"start": "2026-01-05", "end": "2026-12-31"},
    "period": {"from": "2026-05-01", "to": "2026-05-31"},
    "invalid_absence": [{"date": "2026-05-12", "hours": "7.5"}],
    "paid_work": [{"date": "2026-05-20", "hours": 4}],
    "other_benefits": [{"type": "sykepenger", "from": "2026-05-18", "to": "2026-05-22", "amount": "3000.00"}],
    "unpaid_leave": [{"from": "2026-05-26", "to": "2026-05-27"}],
    "recovery_deduction": "500.00",
}


def test_the_brief_scenario_is_read() -> None:
    scenario = parse_scenario(BRIEF)
    assert scenario.period.days == 31
    assert scenario.facts.invalid_absence[0].hours == Decimal("7.5")
    assert scenario.facts.paid_work[0].hours == Decimal(4)
    assert scenario.facts.other_benefits[0].kind is OffsetBenefit.SYKEPENGER
    assert scenario.facts.recovery_deduction == Decimal("500.00")
    assert len(scenario.facts.unpaid_leave) == 1


def test_minimal_scenario_has_defaults() -> None:
    minimal = {key: BRIEF[key] for key in ("participant", "programme", "period")}
    minimal["participant"] = {"birth_date": "1999-03-14"}
    scenario = parse_scenario(minimal)
    assert scenario.facts.children == () and scenario.facts.recovery_deduction == Decimal("0.00")


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BRIEF)
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "«scenario» må være et JSON-objekt"),
        (_broken("extra", 1), "ukjent felt: extra"),
        (_broken("period", KeyError), "mangler feltet «period»"),
        (_broken("participant.birth_date", "14.03.1999"), "ikke en dato"),
        (_broken("participant.birth_date", 19990314), "ikke en dato"),
        (_broken("period.to", "2026-04-01"), "slutter"),
        (_broken("period.from", "i går"), "ikke en dato"),
        (_broken("invalid_absence", {"date": "2026-05-12"}), "må være en liste"),
        (_broken("invalid_absence.0.hours", 7.5), "timer"),
        (_broken("invalid_absence.0.hours", "mange"), "timer"),
        (_broken("invalid_absence.0.hours", "NaN"), "timer"),
        (_broken("invalid_absence.0.hours", True), "timer"),
        (_broken("other_benefits.0.type", "barnetrygd"), "samordnes ikke"),
        (_broken("other_benefits.0.amount", 3000.5), "skriv beløpet som tekst"),
        (_broken("other_benefits.0.amount", "tre tusen"), "ikke et gyldig beløp"),
        (_broken("recovery_deduction", "-5.00"), "negativt"),
        (_broken("participant.children.0", "2019-05-02"), "JSON-objekt"),
    ],
)
def test_bad_scenarios_get_a_norwegian_message(data: Any, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(data)
