"""Revision 0008 claims the runs of a database that already has duplicates (made by the race it
closes): the earliest approved run of a period keeps it, a duplicate draft can never be approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.orm import Session

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.store import migrate
from kvp_desktop.store.db import connect
from kvp_desktop.store.models import PayoutLine, Programme, User


def _add_person_as_at_0007(session: Session) -> None:
    """A person row in the persons table as revision 0007 has it (the model has columns added later)."""
    persons = sa.Table("persons", sa.MetaData(), autoload_with=session.connection())
    values: dict[str, object] = {"id": 1, "fodselsnummer": "01018012345", "first_name": "A", "last_name": "B",
                                 "sort_key": "b", "birth_date": dt.date(1980, 1, 1), "sex": "1"}
    for column in persons.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        kind = column.type
        values[column.name] = (
            dt.datetime(2026, 1, 1) if isinstance(kind, sa.DateTime) else dt.date(2026, 1, 1)
            if isinstance(kind, sa.Date) else False if isinstance(kind, sa.Boolean) else 1
            if isinstance(kind, sa.Integer) else "")
    session.execute(persons.insert().values(**values))


def test_upgrade_claims_the_approved_run_and_the_duplicate_stays_unapprovable(blank_db_url: str) -> None:
    db = connect(blank_db_url)
    migrate.upgrade(db, "0007")
    with db.sessions() as s:  # the models of these tables (but persons) are the same at 0007 and 0008
        s.add_all([User(id=1, username="maker", full_name="Maker", role="saksbehandler"),
                   User(id=2, username="checker", full_name="Checker", role="attestant")])
        _add_person_as_at_0007(s)
        s.add(Programme(id=1, person_id=1, start_date=dt.date(2026, 1, 5), planned_end_date=dt.date(2026, 12, 31)))
        s.flush()
        for run_id in (1, 2, 3):  # three drafts for October, as the race left them
            s.execute(text(  # as revision 0007 has the table (the model has amount_policy from 0012)
                "INSERT INTO payout_runs (id, label, period_from, period_to, state, created_by_id, total, "
                "parameter_version, created_at, updated_at) VALUES (:id, '2026-10', '2026-10-01', '2026-10-31', "
                "'draft', 1, 10000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"id": run_id})
            s.add(PayoutLine(run_id=run_id, person_id=1, programme_id=1, period_from=dt.date(2026, 10, 1),
                             period_to=dt.date(2026, 10, 31), code="allowance", text="K", reference="stl. § 35",
                             basis="", amount=Decimal(100), correction_reason=""))
        s.flush()
        s.execute(text("UPDATE payout_runs SET state = 'approved', approved_by_id = 2 WHERE id = 2"))
        s.commit()
    migrate.upgrade(db)
    with db.engine.connect() as c:
        claims = c.execute(text("SELECT person_id, run_id FROM payout_claims")).all()
    db.dispose()
    assert [tuple(row) for row in claims] == [(1, 2)]  # the approved run, not the newer draft
    ctx = open_context(blank_db_url)
    try:
        with pytest.raises(ServiceError, match="allerede en godkjent kjøring"):
            payout_runs.approve_run(ctx.as_user("checker"), 3)
    finally:
        ctx.close()
