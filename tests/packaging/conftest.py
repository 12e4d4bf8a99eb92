"""The PyInstaller build (build.spec), made once per test session, and an 'office PC' folder to run it in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.bundle import Bundle, build, prebuilt


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    built = prebuilt() or build(tmp_path_factory.mktemp("pyinstaller"))
    for name in ("kvp-desktop", "kvp"):
        assert built.program(name).is_file(), f"{name} mangler i {built.folder}"
    return built


@pytest.fixture(scope="session")
def office_pc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Working folder and home folder of the built programs: nothing of the source tree in it."""
    return tmp_path_factory.mktemp("office-pc")
