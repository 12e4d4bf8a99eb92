"""Users: the first administrator, argon2 passwords, login, and who may manage users."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ValidationError
from kvp_desktop.services.office import users
from kvp_desktop.store.models import AuditEvent, User

PASSWORD = "riktig-hest-batteri"


def test_first_start_creates_the_administrator_once(ctx: AppContext) -> None:
    assert users.needs_first_admin(ctx)
    with pytest.raises(ValidationError, match="minst 10 tegn"):
        users.create_first_admin(ctx, "admin", "Ada Admin", "kort", "kort")
    with pytest.raises(ValidationError, match="ikke like"):
        users.create_first_admin(ctx, "admin", "Ada Admin", PASSWORD, PASSWORD + "x")
    assert users.needs_first_admin(ctx)
    admin = users.create_first_admin(ctx, "Admin", "Ada Admin", PASSWORD, PASSWORD)
    assert admin.username == "admin" and admin.role == "admin"
    assert not users.needs_first_admin(ctx)
    with pytest.raises(PermissionDeniedError, match="allerede brukere"):
        users.create_first_admin(ctx, "admin2", "Bob", PASSWORD, PASSWORD)
    with ctx.uow() as uow:
        stored = uow.session.scalar(select(User.password_hash).where(User.username == "admin"))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored


def test_login_and_wrong_password(ctx: AppContext) -> None:
    users.create_first_admin(ctx, "admin", "Ada Admin", PASSWORD, PASSWORD)
    with pytest.raises(PermissionDeniedError, match="Feil brukernavn eller passord"):
        users.login(ctx, "admin", "feil-passord-123")
    with pytest.raises(PermissionDeniedError, match="Feil brukernavn eller passord"):
        users.login(ctx, "finnes.ikke", PASSWORD)
    session_ctx = users.login(ctx, " ADMIN ", PASSWORD)
    assert session_ctx.user.username == "admin" and session_ctx.user.role == "admin"
    assert users.verify_password(session_ctx, PASSWORD) and not users.verify_password(session_ctx, "x")
    with ctx.uow() as uow:
        assert uow.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "login")) == "login"


def test_only_the_administrator_manages_users(ctx: AppContext) -> None:
    users.create_first_admin(ctx, "admin", "Ada Admin", PASSWORD, PASSWORD)
    admin = users.login(ctx, "admin", PASSWORD)
    created = users.create_user(admin, "kari.v", "Kari Veileder", "veileder", PASSWORD, "1234")
    assert created.role_label == "Veileder" and created.has_password
    kari = users.login(ctx, "kari.v", PASSWORD)
    with pytest.raises(PermissionDeniedError, match="administrator"):
        users.create_user(kari, "ola", "Ola", "leder", PASSWORD)
    with pytest.raises(PermissionDeniedError):
        users.set_password(kari, "admin", "nytt-passord-123", "nytt-passord-123")
    users.set_password(kari, "kari.v", "nytt-passord-123", "nytt-passord-123")  # her own
    assert users.login(ctx, "kari.v", "nytt-passord-123").user.username == "kari.v"
    with pytest.raises(ValidationError, match="i bruk"):
        users.create_user(admin, "kari.v", "Kari Igjen", "veileder", PASSWORD)
    assert [u.username for u in users.list_users(admin)] == ["admin", "kari.v"]


def test_demo_users_cannot_log_in_with_a_password(demo_ctx: AppContext) -> None:
    with pytest.raises(PermissionDeniedError):
        users.login(demo_ctx, "demo.saksbehandler", "")
    assert not users.can_lock(demo_ctx.as_user("demo.saksbehandler"))
