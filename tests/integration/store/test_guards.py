"""The database itself refuses to change approved payouts, issued decisions and the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DatabaseError

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store.models import AuditEvent, Decision, PayoutLine, PayoutRun, Person, Programme


def _programme(ctx: AppContext) -> tuple[int, int]:
    with ctx.uow() as uow:
        programme = uow.session.scalars(select(Programme)).first()
        assert programme is not None
        return programme.person_id, programme.id


def test_audit_rows_cannot_be_changed_or_deleted(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow, pytest.raises(DatabaseError, match="Revisjonsloggen"):
        uow.session.execute(update(AuditEvent).values(detail="endret"))
    with demo_ctx.uow() as uow, pytest.raises(DatabaseError, match="Revisjonsloggen"):
        uow.session.execute(delete(AuditEvent))


def test_approved_run_and_its_lines_are_frozen(demo_ctx: AppContext) -> None:
    person_id, programme_id = _programme(demo_ctx)
    day = dt.date(2026, 10, 1)
    with demo_ctx.uow() as uow:
        run = PayoutRun(label="2026-10", period_from=day, period_to=dt.date(2026, 10, 31), total=Decimal("100.00"))
        run.lines.append(PayoutLine(person_id=person_id, programme_id=programme_id, period_from=day,
                                    period_to=dt.date(2026, 10, 31), code="base", text="Stønad",
                                    reference="stl. § 35", amount=Decimal("100.00")))
        uow.session.add(run)
        uow.session.flush()
        run.state = "approved"
        uow.commit()
        run_id = run.id
    for statement in (
        update(PayoutRun).where(PayoutRun.id == run_id).values(total=Decimal("999.00")),
        update(PayoutRun).where(PayoutRun.id == run_id).values(state="draft"),
        update(PayoutLine).where(PayoutLine.run_id == run_id).values(amount=Decimal("1.00")),
        delete(PayoutLine).where(PayoutLine.run_id == run_id),
        delete(PayoutRun).where(PayoutRun.id == run_id),
    ):
        with demo_ctx.uow() as uow, pytest.raises(DatabaseError, match="godkjent utbetalingskjøring"):
            uow.session.execute(statement)
    with demo_ctx.uow() as uow, pytest.raises(DatabaseError):
        uow.session.add(PayoutLine(run_id=run_id, person_id=person_id, programme_id=programme_id,
                                   period_from=day, period_to=day, code="x", text="x", reference="x",
                                   amount=Decimal("5.00")))
        uow.session.flush()
    # Moving on in the life cycle is allowed: approved → exported.
    with demo_ctx.uow() as uow:
        uow.session.execute(update(PayoutRun).where(PayoutRun.id == run_id).values(state="exported"))
        uow.commit()


def test_issued_decision_is_frozen(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow:
        person = uow.session.scalars(select(Person)).first()
        assert person is not None
        decision = Decision(person_id=person.id, kind="avslag", state="issued", decision_date=dt.date(2026, 11, 1),
                            content={"a": 1}, pdf=b"%PDF-1.4", sha256="0" * 64)
        uow.session.add(decision)
        uow.commit()
        decision_id = decision.id
    for values in ({"content": {"a": 2}}, {"pdf": b"other"}, {"state": "draft"}):
        with demo_ctx.uow() as uow, pytest.raises(DatabaseError, match="vedtak"):
            uow.session.execute(update(Decision).where(Decision.id == decision_id).values(**values))
    with demo_ctx.uow() as uow, pytest.raises(DatabaseError):
        uow.session.execute(delete(Decision).where(Decision.id == decision_id))
    with demo_ctx.uow() as uow:
        uow.session.execute(update(Decision).where(Decision.id == decision_id).values(state="sent"))
        uow.commit()
