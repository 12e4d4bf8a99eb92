"""Collects the legislation cases in ``cases_*.yaml`` next to this file (see legislation.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kvp_desktop.parameters import Override, load_parameters
from kvp_desktop.rules.allowance import compute_allowance
from kvp_desktop.rules.entry_conditions import Benefit, EntryFacts, Innsatsgruppe, assess_entry
from kvp_desktop.rules.rates import rates_on
from kvp_desktop.rules.scenario import parse_scenario


def _load_legislation() -> Any:
    """The shared collector in tests/unit/rules/legislation.py, loaded once by path."""
    name = "kvp_legislation_cases"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("legislation.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


legislation = _load_legislation()
RUNNERS, as_date, collect_file = legislation.RUNNERS, legislation.as_date, legislation.collect_file


def _iso(value: Any) -> Any:
    """YAML dates → ISO strings, as in a scenario JSON file."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    return value


def _params(case: dict[str, Any]) -> Any:
    params = load_parameters()
    overrides = [
        Override(o["name"], as_date(o["from"]), str(o["value"]), o.get("source", "test"))
        for o in case.get("overrides", [])
    ]
    return params.with_overrides(overrides)


def run_rates(case: dict[str, Any]) -> None:
    rates = rates_on(as_date(case["date"]), load_parameters())
    assert rates.g.value == Decimal(case["g"])
    assert rates.factor.value == Decimal(str(case["factor"]))
    assert rates.full_rate == Decimal(case["full_rate"])
    if "under_25_rate" in case:
        assert rates.under_25_rate == Decimal(case["under_25_rate"])
    if "child_supplement" in case:
        assert rates.child_supplement_rate == Decimal(case["child_supplement"])


def run_allowance(case: dict[str, Any]) -> None:
    scenario = parse_scenario(_iso(case["scenario"]))
    result = compute_allowance(scenario.facts, scenario.period, _params(case), scenario.policy)
    got = [[line.code, str(line.amount)] for line in result.lines]
    assert got == [[code, str(Decimal(amount))] for code, amount in case["lines"]]
    assert result.total == Decimal(str(case["total"]))
    assert result.total == sum((line.amount for line in result.lines), Decimal(0))
    for text in case.get("basis", []):
        assert any(text == line.basis.replace("\xa0", " ") for line in result.lines), (
            text,
            [line.basis for line in result.lines],
        )


def run_entry(case: dict[str, Any]) -> None:
    raw = dict(case["facts"])
    raw["benefits"] = frozenset(Benefit(b) for b in raw.get("benefits", []))
    if raw.get("innsatsgruppe"):
        raw["innsatsgruppe"] = Innsatsgruppe(raw["innsatsgruppe"])
    for key in ("birth_date", "work_ability_assessment_date"):
        if raw.get(key):
            raw[key] = as_date(raw[key])
    assessment = assess_entry(EntryFacts(**raw), as_date(case["today"]), load_parameters())
    statuses = {str(result.criterion): str(result.status) for result in assessment.criteria}
    for criterion, status in case["expect"].items():
        allowed = status if isinstance(status, list) else [status]
        assert statuses[criterion] in allowed, (criterion, statuses[criterion])
    codes = {reason.code for result in assessment.criteria for reason in result.reasons}
    for code in case.get("reasons", []):
        assert code in codes, (code, codes)
    prompts = {reason.code for reason in assessment.prompts}
    assert set(case.get("prompts", [])) <= prompts, prompts
    if "overall" in case:
        assert str(assessment.overall) == case["overall"]
    for field in case.get("missing", []):
        assert field in assessment.missing


def _each(run: Any) -> Any:
    def expand(cases: list[dict[str, Any]]) -> Iterator[tuple[str, Any, Any]]:
        for case in cases:
            yield case["name"], run, case

    return expand


RUNNERS["rates"] = _each(run_rates)
RUNNERS["allowance"] = _each(run_allowance)
RUNNERS["entry"] = _each(run_entry)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    return collect_file(file_path, parent)
