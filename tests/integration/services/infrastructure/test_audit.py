"""The audit trail: the manager's filtered view, its own audit row, and rows nobody can change."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DatabaseError

import kvp_desktop
from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ValidationError
from kvp_desktop.services.portfolio import persons
from kvp_desktop.store.models import AuditEvent, Decision, Person


def _count(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _two_persons(ctx: AppContext) -> tuple[int, int]:
    with ctx.uow() as uow:
        first, second = uow.session.scalars(select(Person.id).order_by(Person.id).limit(2)).all()
    return first, second


def test_opening_a_person_is_recorded_with_user_time_and_person(demo_ctx: AppContext) -> None:
    worker = demo_ctx.as_user("demo.veileder")
    person_id, _other = _two_persons(demo_ctx)
    before = dt.datetime.now().astimezone().replace(tzinfo=None) - dt.timedelta(seconds=2)
    persons.get_person(worker, person_id)
    leader = demo_ctx.as_user("demo.leder")
    flt = audit.AuditFilter(person_id=person_id, action="open")
    assert audit.search(leader, flt) == 1
    (row,) = audit.page(leader, flt, 0)
    assert (row.username, row.action_label, row.person_id) == ("demo.veileder", "Åpnet", person_id)
    assert row.entity == "person"
    assert before <= row.at <= before + dt.timedelta(minutes=1)
    assert row.machine
    assert "*****" in row.person_label and row.person_label.count(",") == 1


def test_printing_a_decision_is_recorded(demo_ctx: AppContext) -> None:
    from kvp_desktop.services.letters import decisions, dto

    with demo_ctx.uow() as uow:
        found = uow.session.execute(
            select(Decision.id, Decision.person_id).where(Decision.state != "draft", Decision.pdf.is_not(None))
            .order_by(Decision.id)
        ).first()
    assert found is not None, "the demo office has issued decisions with their PDF"
    caseworker = demo_ctx.as_user("demo.saksbehandler")
    pdf = decisions.reprint(caseworker, dto.DocumentRef("decision", found.id), "print")
    assert pdf.startswith(b"%PDF")
    leader = demo_ctx.as_user("demo.leder")
    flt = audit.AuditFilter(person_id=found.person_id, action="print", username="demo.saksbehandler")
    assert audit.search(leader, flt) == 1
    (row,) = audit.page(leader, flt, 0)
    assert (row.entity_id, row.person_id, row.action_label) == (found.id, found.person_id, "Skrevet ut")


def test_filters_paging_and_the_view_is_itself_audited(demo_ctx: AppContext, today: dt.date) -> None:
    first, second = _two_persons(demo_ctx)
    worker = demo_ctx.as_user("demo.veileder")
    for _n in range(3):
        persons.get_person(worker, first)
    persons.get_person(demo_ctx.as_user("demo.saksbehandler"), second)
    leader = demo_ctx.as_user("demo.leder")
    today_local = dt.date.today()
    assert audit.search(leader, audit.AuditFilter(person_id=first, action="open")) == 3
    assert audit.search(leader, audit.AuditFilter(action="open", username="demo.saksbehandler")) == 1
    assert audit.search(leader, audit.AuditFilter(action="open", date_from=today_local, date_to=today_local)) == 4
    assert audit.search(leader, audit.AuditFilter(action="open", date_to=today_local - dt.timedelta(days=1))) == 0
    everything = audit.AuditFilter()
    total = audit.search(leader, everything)
    total += 1  # the search's own row, written after counting
    pages = [audit.page(leader, everything, offset, 7) for offset in range(0, total, 7)]
    rows = [row for chunk in pages for row in chunk]
    assert len(rows) == total and len({r.id for r in rows}) == total
    assert audit.page(leader, everything, total, 7) == []
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)  # newest first
    views = [r for r in rows if r.action == "view"]
    assert views and views[0].username == "demo.leder" and views[0].action_label == "Så revisjonsloggen"
    with leader.uow() as uow:
        viewed = uow.session.scalars(select(AuditEvent.person_id).where(
            AuditEvent.action == "view", AuditEvent.entity == "audit_log")).all()
    assert first in viewed  # looking at one person's trail is recorded against that person
    users, actions = audit.choices(leader)
    assert {"demo.veileder", "demo.leder"} <= set(users) and "open" in actions
    with pytest.raises(ValidationError, match="Til-datoen kan ikke være før fra-datoen"):
        audit.search(leader, audit.AuditFilter(date_from=today, date_to=today - dt.timedelta(days=1)))


@pytest.mark.parametrize("username", ["demo.veileder", "demo.saksbehandler", "demo.attestant"])
def test_only_leader_and_admin_may_view(demo_ctx: AppContext, username: str) -> None:
    before = _count(demo_ctx)
    someone = demo_ctx.as_user(username)
    with pytest.raises(PermissionDeniedError, match="Bare leder eller administrator kan se revisjonsloggen"):
        audit.search(someone, audit.AuditFilter())
    with pytest.raises(PermissionDeniedError):
        audit.page(someone, audit.AuditFilter(), 0)
    assert _count(demo_ctx) == before  # nothing written
    assert audit.search(demo_ctx.as_user("admin"), audit.AuditFilter()) >= before


def test_the_database_refuses_to_change_or_delete_audit_rows(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow:
        row = uow.session.scalars(select(AuditEvent)).first()
        assert row is not None
        row.detail = "endret i ettertid"
        with pytest.raises(DatabaseError, match="Revisjonsloggen"):
            uow.session.flush()
    with demo_ctx.uow() as uow:
        row = uow.session.scalars(select(AuditEvent)).first()
        uow.session.delete(row)
        with pytest.raises(DatabaseError, match="Revisjonsloggen"):
            uow.session.flush()
    for statement in (update(AuditEvent).values(username="x"), delete(AuditEvent)):
        with demo_ctx.uow() as uow, pytest.raises(DatabaseError, match="Revisjonsloggen"):
            uow.session.execute(statement)


def test_no_service_changes_or_deletes_audit_rows() -> None:
    """No code in the program updates or deletes ``AuditEvent`` rows (the only writer is ``audit.append``,
    through ``ctx.audit``). The triggers that refuse it (``store/guards.py``) name those statements."""
    root = Path(kvp_desktop.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path == root / "store" / "guards.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("update", "delete")
                    and any(isinstance(a, ast.Name) and a.id == "AuditEvent" for a in node.args)):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.lower()
                if "audit_events" in text and ("update " in text or "delete " in text):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
    assert not [name for name in dir(audit) if name.startswith(("delete", "update", "edit", "remove"))]
