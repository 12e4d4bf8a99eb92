"""A throw-away PostgreSQL cluster for the test session.

``KVP_TEST_POSTGRES_URL`` (e.g. ``postgresql+psycopg://user:pw@host:5432/postgres``) points the
suite at an existing server. Otherwise, when PostgreSQL's server programs are installed
(Debian: package ``postgresql``), a cluster is created in a temporary folder, started on a free
loopback port and removed at the end. PostgreSQL refuses to run as root, so under root the
server runs as the ``postgres`` system user (``runuser``).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ENV_URL = "KVP_TEST_POSTGRES_URL"


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def available() -> bool:
    return bool(os.environ.get(ENV_URL)) or _bin_dir() is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root on Linux (no geteuid on Windows)
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def server() -> Iterator[str]:
    """Yield an admin URL to a running PostgreSQL server (our own, or the configured one)."""
    configured = os.environ.get(ENV_URL)
    if configured:
        yield configured
        return
    bindir = _bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL er ikke installert")
    workdir = Path(tempfile.mkdtemp(prefix="kvp-pg-"))
    data = workdir / "data"
    data.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root on Linux (no geteuid on Windows)
        shutil.chown(workdir, "postgres")
        shutil.chown(data, "postgres")
    port = _free_port()
    subprocess.run(
        _as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "kvp", "-E", "UTF8",
                         "--locale=C.UTF-8"]),
        check=True, capture_output=True,
    )
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {workdir} -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"),
                         "-w", "start"]),
        check=True, capture_output=True,
    )
    url = f"postgresql+psycopg://kvp@127.0.0.1:{port}/postgres"
    try:
        yield url
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


class Databases:
    """Creates fresh databases on the server, optionally copied from a template database."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)

    def url_for(self, name: str) -> str:
        return str(sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False))

    def create(self, template: str | None = None, name: str | None = None) -> str:
        name = name or f"kvp_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        for attempt in range(20):
            try:
                with self.engine.connect() as connection:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"{clause}'))
                break
            except sa.exc.OperationalError:  # template still in use by a closing connection
                if attempt == 19:
                    raise
                time.sleep(0.1)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
