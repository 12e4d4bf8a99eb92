"""Security tests: the two-backend fixtures of the integration suite for role tests of the services, and a real
(not demo) office where every user has a password, for the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.office.users import hash_password
from kvp_desktop.store.models import OfficeSettings, User
from tests.integration.conftest import backend, db_url  # noqa: F401  (the two-backend fixtures)

#: user name → (role, password); the demo office's users, each given a password.
USERS = {
    "demo.veileder": ("veileder", "veileder-passord-1"),
    "demo.saksbehandler": ("saksbehandler", "saksbehandler-passord-1"),
    "demo.attestant": ("attestant", "attestant-passord-1"),
    "demo.leder": ("leder", "leder-passord-1"),
    "admin": ("admin", "admin-passord-12"),
}


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("office") / "kontor.db"
    shutil.copyfile(demo_template, path)
    ctx = open_context(f"sqlite:///{path}")
    with ctx.uow() as uow:
        uow.session.execute(update(OfficeSettings).values(demo=False))
        for name, (_role, password) in USERS.items():
            uow.session.execute(update(User).where(User.username == name).values(password_hash=hash_password(password)))
        uow.commit()
    ctx.close()
    return path


@pytest.fixture
def office(tmp_path: Path, office_template: Path) -> Path:
    target = tmp_path / "kontor.db"
    shutil.copyfile(office_template, target)
    return target


def run_kvp(*args: str, password: str | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, with stdin not a terminal (as in a script)."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    environment.pop("KVP_PASSWORD", None)
    if password is not None:
        environment["KVP_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "kvp_desktop", *args], capture_output=True, text=True,
                          input=stdin if stdin is not None else "", timeout=180, env=environment, check=False)
