"""Users, passwords (argon2) and logging in.

The first start of a new office database creates the administrator; after that every start
asks for a user name and password. Passwords are stored only as argon2id hashes. Demo offices
log in a demo user without a password (their users have none, so they cannot log in otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import ROLES, AppContext, CurrentUser
from kvp_desktop.services.infrastructure.errors import (
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
    ValidationError,
)
from kvp_desktop.services.infrastructure.roles import ROLE_LABELS, Permission, require
from kvp_desktop.store.models import AuditEvent, User

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    role: str
    role_label: str
    active: bool
    has_password: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_new_password(password: str, repeated: str | None) -> None:
    problems: dict[str, str] = {}
    if len(password) < MIN_PASSWORD_LENGTH:
        problems["password"] = _("Passordet må ha minst {n} tegn.", n=MIN_PASSWORD_LENGTH)
    elif repeated is not None and password != repeated:
        problems["password"] = _("De to passordene er ikke like.")
    if problems:
        raise ValidationError(problems)


def _check_user_fields(username: str, full_name: str, role: str) -> tuple[str, str]:
    problems: dict[str, str] = {}
    name = username.strip().lower()
    if not name or len(name) > 50 or not all(ch.isalnum() or ch in "._-" for ch in name):
        problems["username"] = _("Brukernavnet kan bare ha bokstaver, tall, punktum, bindestrek og understrek.")
    if not full_name.strip():
        problems["full_name"] = _("Fullt navn må fylles ut.")
    if role not in ROLES:
        problems["role"] = _("Ukjent rolle.")
    if problems:
        raise ValidationError(problems)
    return name, full_name.strip()


def needs_first_admin(ctx: AppContext) -> bool:
    """True for a database where nobody can log in yet (no user with a password)."""
    with ctx.uow() as uow:
        count = uow.session.scalar(select(func.count(User.id)).where(User.password_hash.is_not(None)))
        return not count


def create_first_admin(ctx: AppContext, username: str, full_name: str, password: str, repeated: str) -> CurrentUser:
    """Create the administrator on the first start; refused once anyone can log in."""
    name, full = _check_user_fields(username, full_name, "admin")
    _check_new_password(password, repeated)
    with ctx.uow() as uow:
        session = uow.session
        if session.scalar(select(func.count(User.id)).where(User.password_hash.is_not(None))):
            raise PermissionDeniedError(_("Databasen har allerede brukere. Logg inn som administrator."))
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError({"username": _("Brukernavnet er i bruk.")})
        user = User(username=name, full_name=full, role="admin", title=_("Administrator"),
                    password_hash=hash_password(password))
        session.add(user)
        session.flush()
        ctx.audit(session, "create", "user", user.id, detail="første administrator")
        uow.commit()
        return CurrentUser(user.id, user.username, user.full_name, user.role)


def login(ctx: AppContext, username: str, password: str) -> AppContext:
    """Check the password and return a context working as that user (audited)."""
    wrong = _("Feil brukernavn eller passord.")
    with ctx.uow() as uow:
        session = uow.session
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None or not user.password_hash:
            _hasher.hash(password)  # the same work either way, so timing does not reveal user names
            raise PermissionDeniedError(wrong)
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError) as exc:
            raise PermissionDeniedError(wrong) from exc
        # Only after the password: a wrong guess must not tell whether a user name is deactivated.
        if not user.active:
            raise PermissionDeniedError(_("Brukeren er deaktivert. Kontakt administrator."))
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        logged_in = ctx.with_user(CurrentUser(user.id, user.username, user.full_name, user.role))
        logged_in.audit(session, "login", "user", user.id)
        uow.commit()
    return logged_in


def record_logout(ctx: AppContext) -> None:
    """The audit trail notes that the user logged out (Fil → Logg ut)."""
    if ctx.user.id is None:
        return
    with ctx.uow() as uow:
        ctx.audit(uow.session, "logout", "user", ctx.user.id)
        uow.commit()


def verify_password(ctx: AppContext, password: str) -> bool:
    """Re-check the logged-in user's password (unlocking an idle-locked window)."""
    with ctx.uow() as uow:
        user = uow.session.get(User, ctx.user.id) if ctx.user.id is not None else None
        if user is None or not user.password_hash:
            return False
        try:
            return bool(_hasher.verify(user.password_hash, password))
        except (VerificationError, InvalidHashError):
            return False


def can_lock(ctx: AppContext) -> bool:
    """Whether the window can be locked for this user (demo users have no password)."""
    with ctx.read() as uow:  # asked when the window opens: no transaction round trips on a server
        user = uow.session.get(User, ctx.user.id) if ctx.user.id is not None else None
        return bool(user and user.password_hash)


def create_user(ctx: AppContext, username: str, full_name: str, role: str, password: str,
                caseworker_number: str = "") -> UserView:
    require(ctx, Permission.MANAGE_USERS)
    name, full = _check_user_fields(username, full_name, role)
    _check_new_password(password, None)
    with ctx.uow() as uow:
        session = uow.session
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError({"username": _("Brukernavnet er i bruk.")})
        user = User(username=name, full_name=full, role=role, password_hash=hash_password(password),
                    caseworker_number=caseworker_number.strip()[:10])
        session.add(user)
        session.flush()
        ctx.audit(session, "create", "user", user.id, detail=role)
        view = _view(user)
        uow.commit()
    return view


def set_password(ctx: AppContext, username: str, password: str, repeated: str) -> None:
    """An administrator sets anyone's password; a user may set their own."""
    _check_new_password(password, repeated)
    with ctx.uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise ServiceError(_("Fant ingen bruker med brukernavnet {navn}.", navn=username))
        if user.id != ctx.user.id:
            require(ctx, Permission.MANAGE_USERS)
        user.password_hash = hash_password(password)
        ctx.audit(uow.session, "change", "user", user.id, detail="passord")
        uow.commit()


def list_users(ctx: AppContext) -> list[UserView]:
    """Everyone who can or could log in (administrator only: the list is the office's staff)."""
    require(ctx, Permission.MANAGE_USERS)
    with ctx.uow() as uow:
        return [_view(u) for u in uow.session.scalars(select(User).order_by(User.username))]


def _managed_user(ctx: AppContext, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("Fant ikke brukeren. Den kan være endret av en annen; last listen på nytt."))
    return user


def _active_admins(session: Session, except_id: int) -> int:
    return int(session.scalar(select(func.count(User.id)).where(
        User.role == "admin", User.active.is_(True), User.password_hash.is_not(None), User.id != except_id)) or 0)


def change_role(ctx: AppContext, user_id: int, role: str) -> UserView:
    """Give a user another role (administrator only; the last administrator keeps the role)."""
    require(ctx, Permission.MANAGE_USERS)
    if role not in ROLES:
        raise ValidationError({"role": _("Ukjent rolle.")})
    with ctx.uow() as uow:
        session = uow.session
        user = _managed_user(ctx, session, user_id)
        if user.role == role:
            return _view(user)
        if user.role == "admin" and not _active_admins(session, user.id):
            raise ValidationError({"role": _("Kontoret må ha minst én aktiv administrator. Gi en annen bruker "
                                             "rollen administrator først.")})
        old = user.role
        user.role = role
        ctx.audit(session, "change", "user", user.id, detail=f"rolle {old} → {role}")
        view = _view(user)
        uow.commit()
    return view


def reset_password(ctx: AppContext, user_id: int, password: str) -> None:
    """The administrator gives a user a new starting password (the user should change it)."""
    require(ctx, Permission.MANAGE_USERS)
    _check_new_password(password, None)
    with ctx.uow() as uow:
        user = _managed_user(ctx, uow.session, user_id)
        user.password_hash = hash_password(password)
        ctx.audit(uow.session, "change", "user", user.id, detail="passord tilbakestilt")
        uow.commit()


def set_active(ctx: AppContext, user_id: int, active: bool) -> UserView:
    """Deactivate (cannot log in any more; kept in the audit trail) or reactivate a user."""
    require(ctx, Permission.MANAGE_USERS)
    with ctx.uow() as uow:
        session = uow.session
        user = _managed_user(ctx, session, user_id)
        if not active and user.id == ctx.user.id:
            raise ValidationError({"active": _("Du kan ikke deaktivere deg selv.")})
        if not active and user.role == "admin" and not _active_admins(session, user.id):
            raise ValidationError({"active": _("Kontoret må ha minst én aktiv administrator.")})
        if user.active != active:
            user.active = active
            ctx.audit(session, "change", "user", user.id, detail="aktivert" if active else "deaktivert")
        view = _view(user)
        uow.commit()
    return view


def named_in_audit_trail(ctx: AppContext, user_id: int) -> bool:
    """Whether the audit trail names the user (as the one who did something, or as what was changed)."""
    with ctx.uow() as uow:
        session = uow.session
        user = _managed_user(ctx, session, user_id)
        found = session.scalar(select(AuditEvent.id).where(AuditEvent.username == user.username).limit(1))
        return found is not None


def delete_user(ctx: AppContext, user_id: int) -> None:
    """Delete a user added by mistake. Refused when the audit trail names them (their actions must
    stay traceable to a person): deactivate them instead."""
    require(ctx, Permission.MANAGE_USERS)
    with ctx.uow() as uow:
        session = uow.session
        user = _managed_user(ctx, session, user_id)
        if user.id == ctx.user.id:
            raise ValidationError({"user": _("Du kan ikke slette deg selv.")})
        named = session.scalar(select(AuditEvent.id).where(AuditEvent.username == user.username).limit(1))
        if named is not None:
            raise ValidationError({"user": _(
                "{navn} står i revisjonsloggen og kan ikke slettes, for det som er gjort må kunne spores til en "
                "person. Deaktiver brukeren i stedet.", navn=user.full_name)})
        if user.role == "admin" and not _active_admins(session, user.id):
            raise ValidationError({"user": _("Kontoret må ha minst én aktiv administrator.")})
        username = user.username
        try:
            session.delete(user)
            session.flush()
        except IntegrityError as exc:  # referred to by case data (a rate registered, a run made)
            raise ValidationError({"user": _(
                "{navn} er knyttet til saker eller utbetalinger og kan ikke slettes. Deaktiver brukeren i stedet.",
                navn=username)}) from exc
        ctx.audit(session, "delete", "user", user_id, detail=username)
        uow.commit()


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.full_name, user.role, _(ROLE_LABELS.get(user.role, user.role)),
                    user.active, bool(user.password_hash))
