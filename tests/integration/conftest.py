"""The integration suite runs every test on SQLite and on PostgreSQL (the shared office)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from tests.support.postgres import Databases

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'kvp.db'}"
    databases: Databases = request.getfixturevalue("pg_databases")
    template: str = request.getfixturevalue("pg_empty_template")
    return databases.create(template=template)


@pytest.fixture
def blank_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database with no tables at all (for migration tests)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'blank.db'}"
    databases: Databases = request.getfixturevalue("pg_databases")
    return databases.create()


@pytest.fixture
def demo_ctx(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[AppContext]:
    if backend == "sqlite":
        template_file: Path = request.getfixturevalue("demo_template")
        target = tmp_path / "demo.db"
        shutil.copyfile(template_file, target)
        url = f"sqlite:///{target}"
    else:
        databases: Databases = request.getfixturevalue("pg_databases")
        url = databases.create(template=request.getfixturevalue("pg_demo_template"))
    context = open_context(url)
    yield context
    context.close()
