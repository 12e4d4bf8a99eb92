"""``kvp check`` also reports the guard triggers and the audit chain, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office.check import check_database


def test_check_reports_guards_and_chain(demo_ctx: AppContext) -> None:
    report = check_database(demo_ctx)
    assert report.ok, report.lines
    assert "Vern mot endringer (triggere og skranker): ok" in report.lines
    assert "Revisjonsloggens sjekksumkjede: ok" in report.lines


def test_check_finds_a_dropped_trigger_and_a_changed_audit_row(demo_ctx: AppContext) -> None:
    with demo_ctx.db.engine.begin() as c:
        if demo_ctx.db.is_sqlite:
            c.execute(sa.text("DROP TRIGGER payout_runs_frozen"))
            c.execute(sa.text("DROP TRIGGER audit_no_update"))
        else:
            c.execute(sa.text("DROP TRIGGER payout_runs_frozen ON payout_runs"))
            c.execute(sa.text("ALTER TABLE audit_events DISABLE TRIGGER audit_no_update"))
        c.execute(sa.text("UPDATE audit_events SET detail = 'endret' WHERE id = 2"))
    report = check_database(demo_ctx)
    assert not report.ok
    assert any(line.startswith("FEIL: Skjemaet eller vernet") and "payout_runs_frozen" in line
               and "audit_no_update" in line
               for line in report.lines), report.lines
    assert any(line.startswith("FEIL: Revisjonsloggen er brutt ved rad 2") for line in report.lines), report.lines
