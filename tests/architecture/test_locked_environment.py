"""The test run uses exactly the locked packages (requirements/lock.txt), and the lock covers pyproject.toml."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _check_lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_lock", ROOT / "tools" / "check_lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_lock", module)
    spec.loader.exec_module(module)
    return module


def test_the_environment_is_exactly_the_lock() -> None:
    check = _check_lock()
    pins = check.locked()
    assert check.differences(pins, check.installed()) == []
    assert {"pyside6-essentials", "sqlalchemy", "babel", "reportlab", "pytest"} <= set(pins)


def test_every_dependency_in_pyproject_is_locked_within_its_range() -> None:
    check = _check_lock()
    pins = check.locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in ("test", "postgres", "build"):
        wanted += project["optional-dependencies"][extra]
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} mangler i låsefila"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])


def test_every_locked_file_has_a_hash() -> None:
    lines = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines()
    pinned = [line for line in lines if "==" in line and not line.startswith((" ", "#"))]
    assert pinned
    for number, line in enumerate(lines):
        if line in pinned:
            assert lines[number + 1].strip().startswith("--hash=sha256:"), line


def test_differences_name_missing_wrong_and_unlocked_packages() -> None:
    check = _check_lock()
    problems = check.differences({"a": "1.0", "b": "2.0"}, {"b": "2.1", "c": "3.0"})
    assert problems == ["mangler: a==1.0", "feil versjon: b==2.1 (låst: 2.0)", "ikke låst: c==3.0"]
