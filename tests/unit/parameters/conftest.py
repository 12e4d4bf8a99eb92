"""Collects ``cases_parameters.yaml``: each (parameter, date) is one legislation case."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from kvp_desktop.parameters import ParameterError, load_parameters


def _load_legislation() -> Any:
    """The shared collector in tests/unit/rules/legislation.py, loaded once by path."""
    name = "kvp_legislation_cases"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent.parent / "rules" / "legislation.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


legislation = _load_legislation()


def expected_value(raw: Any) -> Any:
    """YAML → the Python value the loader should give (Decimal, int, Fraction, str, bool)."""
    if isinstance(raw, str) and "/" in raw:
        numerator, denominator = raw.split("/")
        return Fraction(int(numerator), int(denominator))
    if isinstance(raw, str) and "." in raw:
        return Decimal(raw)
    return raw


def _same(found: Any, want: Any) -> bool:
    numbers = (int, Decimal)
    if isinstance(want, numbers) and not isinstance(want, bool):
        return isinstance(found, numbers) and not isinstance(found, bool) and Decimal(found) == Decimal(want)
    return type(found) is type(want) and found == want


def _run(case: tuple[str, dt.date, Any]) -> None:
    name, on, expected = case
    params = load_parameters()
    if expected == "error":
        with pytest.raises(ParameterError, match="ingen verdi før"):
            params.value(name, on)
        return
    found = params.value(name, on).value
    assert _same(found, expected_value(expected)), f"{name} {on}: {found!r} != {expected!r}"


def _expand(cases: dict[str, dict[Any, Any]]) -> Iterator[tuple[str, Any, Any]]:
    for name, by_date in cases.items():
        for on, expected in by_date.items():
            day = legislation.as_date(on)
            yield f"{name} {day.isoformat()}", _run, (name, day, expected)


legislation.RUNNERS["parameter"] = _expand


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    return legislation.collect_file(file_path, parent)
