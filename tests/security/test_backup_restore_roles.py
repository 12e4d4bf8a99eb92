"""Backup and restore obey roles, and a restore takes only an untouched copy.

Per role, through the service layer (``services/office/backups.py``): a copy of the whole database to a
chosen file, and a restore, are the administrator's; the automatic backups need no role. A copy
whose guard triggers or constraints differ from those its schema revision creates, or whose audit
trail is broken, is refused — the attack this answers: a caseworker's doctored copy that made them
administrator, multiplied an approved run's lines by ten and cut the audit trail.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ServiceError
from kvp_desktop.services.office import backups
from kvp_desktop.store.db import sqlite_path

USER_OF_ROLE = {"veileder": "demo.veileder", "saksbehandler": "demo.saksbehandler", "attestant": "demo.attestant",
                "leder": "demo.leder", "admin": "admin"}
NOT_ADMIN = [role for role in USER_OF_ROLE if role != "admin"]


def _audit_count(ctx: AppContext) -> int:
    with ctx.db.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM audit_events")).scalar_one())


@pytest.mark.parametrize("role", NOT_ADMIN)
def test_only_the_administrator_may_copy_the_database_to_a_chosen_file(
    demo_ctx: AppContext, tmp_path: Path, role: str
) -> None:
    before = _audit_count(demo_ctx)
    target = tmp_path / "ut" / "alt.db"
    with pytest.raises(PermissionDeniedError, match="Bare administrator"):
        backups.make_backup(demo_ctx.as_user(USER_OF_ROLE[role]), target)
    with pytest.raises(PermissionDeniedError, match="Bare administrator"):
        backups.make_backup(demo_ctx.as_user(USER_OF_ROLE[role]))  # the default folder too
    assert not target.exists() and not target.parent.exists()
    assert _audit_count(demo_ctx) == before  # nothing written


@pytest.mark.parametrize("role", NOT_ADMIN)
def test_only_the_administrator_may_restore(demo_ctx: AppContext, tmp_path: Path, role: str) -> None:
    copy = backups.make_backup(demo_ctx.as_user("admin"), tmp_path / "kopi.db")
    path = sqlite_path(demo_ctx.db.url)
    assert path is not None
    before = _audit_count(demo_ctx)
    with pytest.raises(PermissionDeniedError, match="Bare administrator"):
        backups.restore_backup(demo_ctx.as_user(USER_OF_ROLE[role]), copy)
    assert _audit_count(demo_ctx) == before
    assert not list(backups.default_backup_folder(demo_ctx).glob("*før-gjenoppretting*"))


def test_the_administrator_backs_up_and_restores_and_both_are_audited(demo_ctx: AppContext, tmp_path: Path) -> None:
    admin = demo_ctx.as_user("admin")
    copy = backups.make_backup(admin, tmp_path / "kopi.db")
    _check, safety = backups.restore_backup(admin, copy)
    with demo_ctx.db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT username, action, detail FROM audit_events "
                                          "WHERE action IN ('backup', 'restore') ORDER BY id")).all()
    assert rows[-1].username == "admin" and rows[-1].action == "restore"
    assert rows[-1].detail.startswith("gjenopprettet fra kopi.db (skjema ") and safety.name in rows[-1].detail
    # The database as it was (the safety copy) records the restore that replaced it.
    with sqlite3.connect(safety) as connection:
        last = connection.execute(
            "SELECT username, action, detail FROM audit_events ORDER BY id DESC LIMIT 2").fetchall()
    assert ("admin", "restore") in [(u, a) for u, a, _d in last]
    assert audit.verify(demo_ctx).ok


@pytest.mark.parametrize("role", [*NOT_ADMIN, "admin"])
def test_the_automatic_backups_need_no_role(demo_ctx: AppContext, role: str) -> None:
    made = backups.scheduled_backup(demo_ctx.as_user(USER_OF_ROLE[role]))
    assert made is not None and made.is_file()


def _doctored(demo_ctx: AppContext, tmp_path: Path, *statements: str) -> Path:
    copy = backups.make_backup(demo_ctx.as_user("admin"), tmp_path / "kopi.db")
    with sqlite3.connect(copy) as connection:
        for sql in statements:
            connection.execute(sql)
    return copy


# The attack, step by step: the guards dropped, the data changed (and, the careful forger, the
# guards put back as they were).
_DROP = ["DROP TRIGGER audit_no_delete", "DROP TRIGGER payout_line_update_frozen", "DROP TRIGGER audit_no_update"]
_FORGE = ["UPDATE users SET role = 'admin' WHERE username = 'demo.veileder'",
          "UPDATE payout_lines SET amount = amount * 10 WHERE run_id IN "
          "(SELECT id FROM payout_runs WHERE state <> 'draft')",
          "DELETE FROM audit_events WHERE id > 3"]


def test_a_copy_without_its_guard_triggers_is_refused(demo_ctx: AppContext, tmp_path: Path) -> None:
    copy = _doctored(demo_ctx, tmp_path, *_DROP, *_FORGE)
    admin = demo_ctx.as_user("admin")
    with pytest.raises(ServiceError, match="endret utenfor KVP Desktop") as error:
        backups.restore_backup(admin, copy)
    assert "mangler trigger audit_no_delete" in str(error.value)
    with demo_ctx.db.engine.connect() as connection:  # nothing replaced
        assert connection.execute(sa.text("SELECT role FROM users WHERE username = 'demo.veileder'")).scalar_one() \
            == "veileder"


def test_a_copy_with_its_guards_put_back_but_a_cut_audit_trail_is_refused(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    with sqlite3.connect(sqlite_path(demo_ctx.db.url)) as live:  # the triggers' own SQL, to put back
        sql = dict(live.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    copy = _doctored(demo_ctx, tmp_path, *_DROP, *_FORGE, *(sql[s.split()[-1]] for s in _DROP))
    with pytest.raises(ServiceError, match="revisjonsloggen i kopien er brutt på slutten"):
        backups.restore_backup(demo_ctx.as_user("admin"), copy)


def test_a_copy_with_a_changed_audit_row_is_refused(demo_ctx: AppContext, tmp_path: Path) -> None:
    copy = _doctored(demo_ctx, tmp_path, "DROP TRIGGER audit_no_update",
                     "UPDATE audit_events SET username = 'noen' WHERE id = 2",
                     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events "
                     "BEGIN SELECT RAISE(ABORT, 'Revisjonsloggen kan ikke endres'); END")
    with pytest.raises(ServiceError, match="brutt ved rad 2"):
        backups.verify_backup(copy)


@pytest.mark.parametrize("statement, what", [
    ("CREATE TRIGGER stille AFTER INSERT ON persons BEGIN SELECT 1; END", "ukjent trigger stille"),
    ("CREATE INDEX ix_ekstra ON persons (last_name)", "ukjent indeks ix_ekstra"),
    ("DROP INDEX ix_audit_events_at", "mangler indeks ix_audit_events_at"),
])
def test_a_copy_with_any_other_schema_change_is_refused(
    demo_ctx: AppContext, tmp_path: Path, statement: str, what: str
) -> None:
    copy = _doctored(demo_ctx, tmp_path, statement)
    with pytest.raises(ServiceError, match=what):
        backups.verify_backup(copy)


def test_a_copy_with_a_rewritten_table_is_refused(demo_ctx: AppContext, tmp_path: Path) -> None:
    # The CHECK and NOT NULL constraints live in the table's SQL: a table rebuilt without them differs.
    copy = _doctored(demo_ctx, tmp_path, "PRAGMA foreign_keys=OFF", "CREATE TABLE t_ny AS SELECT * FROM users",
                     "DROP TABLE users", "ALTER TABLE t_ny RENAME TO users")
    with pytest.raises(ServiceError, match="endret tabell users"):
        backups.verify_backup(copy)
