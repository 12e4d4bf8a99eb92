"""Who may set up the office and administer users: every role against the service layer.

The window hides what a role may not do; these tests prove the services refuse it anyway.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import ROLES, AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ValidationError
from kvp_desktop.services.office import settings as office
from kvp_desktop.services.office import users
from kvp_desktop.store.models import AuditEvent, OfficeSettings, User

PASSWORD = "riktig-hest-batteri"
ORG = "974760673"  # a valid organisasjonsnummer (mod 11)


def _office_input(**changes: object) -> office.OfficeInput:
    values: dict[str, object] = {
        "office_name": "NAV Nyby", "municipality_number": "3905", "municipality_name": "Tønsberg",
        "county": "Vestfold", "address": "Storgata 1", "postcode": "3110", "postplace": "Tønsberg",
        "org_number": ORG, "written_standard": "nn", "department": "Kvalifiseringsprogrammet",
    }
    values.update(changes)
    return office.new_office_input(**values)


@pytest.fixture
def admin(ctx: AppContext) -> AppContext:
    users.create_first_admin(ctx, "admin", "Ada Admin", PASSWORD, PASSWORD)
    return users.login(ctx, "admin", PASSWORD)


@pytest.fixture
def staff(admin: AppContext) -> dict[str, AppContext]:
    """One logged-in context per role."""
    logged_in = {"admin": admin}
    for role in ROLES:
        if role == "admin":
            continue
        users.create_user(admin, f"{role}.x", f"{role.title()} Testesen", role, PASSWORD)
        logged_in[role] = users.login(admin, f"{role}.x", PASSWORD)
    return logged_in


def _offices(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count(OfficeSettings.id))) or 0)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_only_the_administrator_sets_up_the_office(staff: dict[str, AppContext], role: str) -> None:
    with pytest.raises(PermissionDeniedError, match="administrator"):
        office.create_office(staff[role], _office_input())
    assert _offices(staff["admin"]) == 0


def test_administrator_sets_up_the_office_once_and_it_is_audited(admin: AppContext) -> None:
    assert office.get_office(admin) is None
    created = office.create_office(admin, _office_input(org_number="974 760 673"))
    assert created.office_name == "NAV Nyby" and created.org_number == ORG and created.written_standard == "nn"
    assert not created.demo and created.district_number == "00" and created.payday == 12
    with admin.uow() as uow:
        event = uow.session.scalar(select(AuditEvent).where(AuditEvent.entity == "office_settings"))
        assert event is not None and event.username == "admin" and event.action == "create"
    with pytest.raises(ValidationError, match="allerede satt opp"):
        office.create_office(admin, _office_input(office_name="NAV Annet"))
    assert _offices(admin) == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("org_number", "974760674", "kontrollsiffer"),
    ("org_number", "12345", "ni siffer"),
    ("municipality_number", "39", "fire siffer"),
    ("office_name", " ", "navn"),
    ("county", "", "Fylket"),
    ("postcode", "31a0", "fire siffer"),
])
def test_bad_office_input_is_explained_and_nothing_is_written(admin: AppContext, field: str, value: str,
                                                             message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        office.create_office(admin, _office_input(**{field: value}))
    assert field in raised.value.problems and message in raised.value.problems[field]
    assert _offices(admin) == 0


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_no_other_role_administers_users(staff: dict[str, AppContext], role: str) -> None:
    ctx = staff[role]
    target = next(u for u in users.list_users(staff["admin"]) if u.username != f"{role}.x" and u.role != "admin")
    for attempt in (
        lambda: users.list_users(ctx),
        lambda: users.create_user(ctx, "ny.bruker", "Ny Bruker", "leder", PASSWORD),
        lambda: users.change_role(ctx, target.id, "leder"),
        lambda: users.reset_password(ctx, target.id, "nytt-passord-123"),
        lambda: users.set_active(ctx, target.id, False),
        lambda: users.delete_user(ctx, target.id),
    ):
        with pytest.raises(PermissionDeniedError, match="administrator"):
            attempt()
    after = {u.username: (u.role, u.active) for u in users.list_users(staff["admin"])}
    assert after[target.username] == (target.role, True) and "ny.bruker" not in after


def test_administrator_changes_role_resets_password_and_deactivates(staff: dict[str, AppContext]) -> None:
    admin = staff["admin"]
    kari = next(u for u in users.list_users(admin) if u.username == "veileder.x")
    changed = users.change_role(admin, kari.id, "saksbehandler")
    assert changed.role == "saksbehandler" and changed.role_label == "KVP-saksbehandler"
    assert users.login(admin, "veileder.x", PASSWORD).user.role == "saksbehandler"

    users.reset_password(admin, kari.id, "nytt-passord-123")
    with pytest.raises(PermissionDeniedError, match="Feil brukernavn eller passord"):
        users.login(admin, "veileder.x", PASSWORD)
    with pytest.raises(ValidationError, match="minst 10 tegn"):
        users.reset_password(admin, kari.id, "kort")

    users.set_active(admin, kari.id, False)
    with pytest.raises(PermissionDeniedError, match="deaktivert"):
        users.login(admin, "veileder.x", "nytt-passord-123")
    users.set_active(admin, kari.id, True)
    assert users.login(admin, "veileder.x", "nytt-passord-123").user.username == "veileder.x"
    with admin.uow() as uow:
        details = set(uow.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.entity == "user", AuditEvent.entity_id == kari.id, AuditEvent.username == "admin")))
    assert {"rolle veileder → saksbehandler", "passord tilbakestilt", "deaktivert", "aktivert"} <= details


def test_a_user_named_in_the_audit_trail_is_never_deleted(staff: dict[str, AppContext]) -> None:
    admin = staff["admin"]
    named = next(u for u in users.list_users(admin) if u.username == "leder.x")  # logged in: in the trail
    assert users.named_in_audit_trail(admin, named.id)
    with pytest.raises(ValidationError, match="Deaktiver brukeren i stedet"):
        users.delete_user(admin, named.id)
    assert any(u.id == named.id for u in users.list_users(admin))

    mistake = users.create_user(admin, "feil.bruker", "Feil Bruker", "veileder", PASSWORD)
    assert not users.named_in_audit_trail(admin, mistake.id)
    users.delete_user(admin, mistake.id)
    assert all(u.id != mistake.id for u in users.list_users(admin))


def test_the_office_keeps_an_active_administrator(staff: dict[str, AppContext]) -> None:
    admin = staff["admin"]
    me = next(u for u in users.list_users(admin) if u.username == "admin")
    with pytest.raises(ValidationError, match="deg selv"):
        users.set_active(admin, me.id, False)
    with pytest.raises(ValidationError, match="minst én aktiv administrator"):
        users.change_role(admin, me.id, "leder")
    with admin.uow() as uow:
        assert uow.session.scalar(select(User.role).where(User.id == me.id)) == "admin"


def test_a_deactivated_user_cannot_log_in_and_a_wrong_guess_does_not_tell(staff: dict[str, AppContext]) -> None:
    admin = staff["admin"]
    approver = next(u for u in users.list_users(admin) if u.username == "attestant.x")
    users.set_active(admin, approver.id, False)
    with pytest.raises(PermissionDeniedError, match="deaktivert"):
        users.login(admin, "attestant.x", PASSWORD)
    with pytest.raises(PermissionDeniedError, match="Feil brukernavn eller passord"):
        users.login(admin, "attestant.x", "feil-passord-123")
