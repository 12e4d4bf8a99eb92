"""Collector for legislation test cases written as YAML data (``cases_*.yaml``).

Each file has a ``kind`` and ``cases``; every case becomes its own pytest item named after the
file and the case, so a failing case reads like ``cases_rates.yaml::2025-05-01 nav.no``.
Kinds are run by functions registered in ``RUNNERS`` (see the conftest next to the files).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml

Runner = Callable[[dict[str, Any]], None]
RUNNERS: dict[str, Callable[[Any], Iterator[tuple[str, Runner, Any]]]] = {}


class LegislationFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        expand = RUNNERS[data["kind"]]
        for name, run, case in expand(data["cases"]):
            yield LegislationCase.from_parent(self, name=name, run=run, case=case)


class LegislationCase(pytest.Item):
    def __init__(self, *, run: Runner, case: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run = run
        self.case = case

    def runtest(self) -> None:
        self.run(self.case)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, f"legislation case: {self.name}"


def collect_file(file_path: Any, parent: pytest.Collector) -> LegislationFile | None:
    if file_path.suffix == ".yaml" and file_path.name.startswith("cases_"):
        return LegislationFile.from_parent(parent, path=file_path)
    return None


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
