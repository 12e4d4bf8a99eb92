"""Role checks in the service layer: every protected job is refused, in Norwegian and with nothing
written, for each role that must not do it — whatever the buttons show."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from kvp_desktop.services.infrastructure import audit
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError
from kvp_desktop.services.infrastructure.roles import GRANTS, Permission
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.letters import decisions, dto
from kvp_desktop.services.office import backups, parameters, users
from kvp_desktop.services.office import settings as office
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.portfolio import persons, reviews
from kvp_desktop.services.programmes import activities, attendance, programmes
from kvp_desktop.services.reports import kostra
from kvp_desktop.services.screening import applications
from kvp_desktop.store.models import Base, Decision, Programme

TODAY = dt.date(2026, 11, 23)
USER_OF_ROLE = {"veileder": "demo.veileder", "saksbehandler": "demo.saksbehandler", "attestant": "demo.attestant",
                "leder": "demo.leder", "admin": "admin"}


def _ids(ctx: AppContext) -> tuple[int, int, int, int]:
    with ctx.uow() as uow:
        programme = uow.session.scalars(sa.select(Programme).order_by(Programme.id)).first()
        draft = uow.session.scalars(sa.select(Decision.id).where(Decision.state == "draft")).first()
        run = uow.session.execute(sa.text("SELECT id FROM payout_runs WHERE state = 'draft'")).scalar()
        assert programme is not None and draft is not None and run is not None
        return programme.person_id, programme.id, int(draft), int(run)


def _jobs(ctx: AppContext, tmp: Path) -> dict[Permission, Callable[[AppContext], object]]:
    person_id, programme_id, draft_id, run_id = _ids(ctx)
    number = synthetic_fodselsnummer(random.Random(77), dt.date(1995, 4, 4), "2")
    monday = dt.date(2026, 11, 16)
    return {
        Permission.REGISTER_PERSONS: lambda c: persons.create_person(
            c, persons.PersonInput(number, "Kari", "Nordmann"), today=TODAY),
        Permission.REVIEW_PORTFOLIO: lambda c: reviews.record_review(
            c, reviews.ReviewInput(person_id, "ikke_aktuelt", reason="Er i jobb."), today=TODAY),
        Permission.HANDLE_APPLICATIONS: lambda c: applications.register_application(
            c, applications.ApplicationInput(person_id, TODAY), today=TODAY),
        Permission.EDIT_PROGRAMME: lambda c: programmes.update_programme(
            c, programme_id, goals="Nytt mål", individual_plan="made", expected_version=1),
        Permission.REGISTER_ATTENDANCE: lambda c: attendance.save_week(
            c, monday, {programme_id: [attendance.DayInput(monday, attended=Decimal("7.5"))]}),
        Permission.CREATE_PAYOUT_RUN: lambda c: payout_runs.create_draft_run(c, "2026-11"),
        Permission.APPROVE_PAYOUT_RUN: lambda c: payout_runs.approve_run(c, run_id),
        Permission.ISSUE_DECISION: lambda c: decisions.issue(c, dto.DocumentRef("decisions", draft_id),
                                                              today=TODAY),
        Permission.CHANGE_SETTINGS: lambda c: activities.create_activity(
            c, activities.ActivityInput("Arbeidstrening på lager", "work_directed_measure")),
        Permission.CHANGE_RATES: lambda c: parameters.register_local_value(
            c, "g", dt.date(2027, 5, 1), "140000", "FOR-2027 (prøve)"),
        Permission.EXPORT_PERSONAL_DATA: lambda c: kostra.export_file(c, 2026, tmp / "kostra.dat"),
        Permission.VIEW_AUDIT: lambda c: audit.search(c, audit.AuditFilter()),
        Permission.MANAGE_USERS: lambda c: users.create_user(c, "ny.bruker", "Ny Bruker", "veileder",
                                                             "langt-passord-123"),
        Permission.BACKUP_RESTORE: lambda c: backups.make_backup(c, tmp / "kopi.db"),
        Permission.SET_UP_OFFICE: lambda c: office.create_office(c, office.new_office_input(
            office_name="NAV Nyby", municipality_number="3905", municipality_name="Tønsberg", county="Vestfold")),
    }


def _snapshot(ctx: AppContext) -> dict[str, int]:
    with ctx.db.engine.connect() as connection:
        return {name: int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)
                for name, table in Base.metadata.tables.items()}


def test_every_protected_job_is_refused_for_every_role_without_it(demo_ctx: AppContext, tmp_path: Path) -> None:
    jobs = _jobs(demo_ctx, tmp_path)
    assert set(jobs) >= set(Permission) - {Permission.CONCLUDE_SCREENING}  # conclusion: see test_screening
    before = _snapshot(demo_ctx)
    refused = 0
    for permission, job in jobs.items():
        for role, username in USER_OF_ROLE.items():
            if permission in GRANTS[role]:
                continue
            with pytest.raises(PermissionDeniedError) as error:
                job(demo_ctx.as_user(username))
            message = str(error.value)
            assert message and any(word in message for word in ("Bare", "tilgang", "kan ikke")), message
            refused += 1
    assert _snapshot(demo_ctx) == before  # nothing written, not even an audit row
    assert refused >= 30


def test_the_maker_of_a_run_cannot_approve_it(demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")  # may both create and approve runs …
    run_id = payout_runs.create_draft_run(leader, "2026-11")
    with pytest.raises(PermissionDeniedError, match="laget selv"):  # … but never the same run
        payout_runs.approve_run(leader, run_id)
