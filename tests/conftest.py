"""Shared fixtures: real databases (SQLite files in tmp_path), a demo office, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from tests.support import postgres
from tests.support.postgres import Databases

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session", autouse=True)
def session_log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole test run logs (at DEBUG) to one file, as the program would; at the end the file
    must hold no unmasked fødselsnummer."""
    import logging
    import re

    from kvp_desktop.logging_setup import configure_logging

    folder = tmp_path_factory.mktemp("logs")
    os.environ["KVP_LOG_DIR"] = str(folder)
    path = configure_logging(folder, logging.DEBUG)
    yield path
    logging.shutdown()
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("kvp.log*"))
    unmasked = re.findall(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)", text)
    assert not unmasked, f"{len(unmasked)} umaskerte fødselsnumre i loggen {path}"


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kvp.db'}"


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    context = open_context(db_url)
    yield context
    context.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database per test session; tests get their own copy."""
    from kvp_desktop.demo.office import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    context = open_context(f"sqlite:///{path}")
    create_demo(context, persons=60, seed=1, today=TODAY)
    context.close()
    # Fold the WAL into the main file so a plain copy of the closed file is complete.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_ctx(tmp_path: Path, demo_template: Path) -> Iterator[AppContext]:
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    context = open_context(f"sqlite:///{target}")
    yield context
    context.close()


# --- PostgreSQL (shared office): a throw-away server for the whole session -------------------


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Databases]:
    if not postgres.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL mangler i CI: .ci/run skal installere pakken postgresql")
        pytest.skip("PostgreSQL er ikke installert (apt-get install postgresql) og KVP_TEST_POSTGRES_URL er ikke satt")
    with postgres.server() as admin_url:
        databases = Databases(admin_url)
        yield databases
        databases.engine.dispose()


@pytest.fixture(scope="session")
def pg_empty_template(pg_databases: Databases) -> str:
    url = pg_databases.create(name="kvp_template_empty")
    open_context(url).close()
    return "kvp_template_empty"


@pytest.fixture(scope="session")
def pg_demo_template(pg_databases: Databases) -> str:
    from kvp_desktop.demo.office import create_demo

    url = pg_databases.create(name="kvp_template_demo")
    context = open_context(url)
    create_demo(context, persons=60, seed=1, today=TODAY)
    context.close()
    return "kvp_template_demo"
