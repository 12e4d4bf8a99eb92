"""PostgreSQL with two roles, against the real server: the owner migrates, the application's role
does the caseworkers' work and cannot empty, change or unguard the audit trail or the frozen records."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from kvp_desktop.demo.office import create_demo
from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.store import guards
from tests.support.postgres import Databases

pytestmark = pytest.mark.postgres


def _url(databases: Databases, user: str, database: str) -> str:
    url = sa.engine.make_url(databases.admin_url).set(username=user, password=None, database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def two_roles(pg_databases: Databases) -> Iterator[tuple[str, str, str]]:
    """(owner URL, application URL, application role) on a new database the owner owns."""
    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"kvp_eier_{tag}", f"kvp_app_{tag}", f"kvp_roller_{tag}"
    with pg_databases.engine.connect() as c:
        c.execute(sa.text(f"CREATE ROLE {owner} LOGIN"))
        c.execute(sa.text(f"CREATE ROLE {app} LOGIN"))
        c.execute(sa.text(f'CREATE DATABASE "{name}" OWNER {owner}'))
    try:
        yield _url(pg_databases, owner, name), _url(pg_databases, app, name), app
    finally:
        pg_databases.drop(name)
        with pg_databases.engine.connect() as c:
            c.execute(sa.text(f"DROP ROLE IF EXISTS {app}"))
            c.execute(sa.text(f"DROP ROLE IF EXISTS {owner}"))


def _kvp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kvp_desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=180, env=dict(os.environ))


def test_owner_migrates_application_works_and_cannot_touch_the_guards(two_roles: tuple[str, str, str]) -> None:
    owner_url, app_url, app_role = two_roles
    # The application's role cannot create the schema …
    refused = _kvp("--database", app_url, "migrate", "upgrade")
    assert refused.returncode == 3 and "Traceback" not in refused.stderr, refused.stderr
    assert "har ikke lov til å endre skjemaet" in refused.stderr
    # … the owner does, and gives the application its rights.
    done = _kvp("--database", owner_url, "migrate", "upgrade", "--grant-to", app_role)
    assert done.returncode == 0, done.stderr
    assert f'GRANT SELECT, INSERT ON public."audit_events" TO "{app_role}";' in done.stdout
    printed = _kvp("--database", owner_url, "migrate", "grants", "--grant-to", app_role)
    assert printed.returncode == 0 and "REVOKE ALL ON ALL TABLES IN SCHEMA public" in printed.stdout

    # Normal work as the application: a whole demo office (persons, programmes, runs, decisions, audit).
    ctx = open_context(app_url)
    try:
        create_demo(ctx, persons=8, seed=3)
        report = audit.verify(ctx)
        assert report.ok and report.total > 0, report.message
    finally:
        ctx.close()

    engine = sa.create_engine(app_url, poolclass=sa.pool.NullPool)
    attempts = {
        "TRUNCATE audit_events": "permission denied",
        "DELETE FROM audit_events": "permission denied",
        "UPDATE audit_events SET detail = 'x'": "permission denied",
        "ALTER TABLE audit_events DISABLE TRIGGER USER": "must be owner",
        "ALTER TABLE payout_runs DISABLE TRIGGER payout_runs_frozen": "must be owner",
        "DROP TRIGGER audit_no_update ON audit_events": "must be owner",
        "DROP TRIGGER payout_lines_frozen ON payout_lines": "must be owner",
        "DROP TABLE audit_events": "must be owner",
        "ALTER TABLE audit_events DROP COLUMN chain_hash": "must be owner",
        "CREATE TABLE snarvei (x int)": "permission denied",
        "TRUNCATE payout_lines CASCADE": "permission denied",
        "UPDATE alembic_version SET version_num = '0001'": "permission denied",
        "SELECT setval(pg_get_serial_sequence('audit_events', 'id'), 1)": "permission denied",
        "UPDATE payout_runs SET total = total * 10 WHERE state <> 'draft'": "kan ikke endres",
    }
    try:
        for sql, message in attempts.items():
            with pytest.raises(DatabaseError, match=message), engine.begin() as c:
                c.execute(sa.text(sql))
        with engine.connect() as c:  # nothing was changed
            found = sorted(c.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
            assert found == guards.postgresql_trigger_names()
    finally:
        engine.dispose()
    ctx = open_context(app_url)
    try:
        assert audit.verify(ctx).ok
    finally:
        ctx.close()
