"""How the ``kvp`` command knows who is working.

Commands that change case data or export personal data (``payout run``, ``import persons``,
``kostra11cf --out``) work as a named, authenticated user, so the audit trail and the four-eyes
checks (no one approves their own payout run) name the right person:

* ``--user BRUKERNAVN`` names the user, and the password is checked against the stored argon2id
  hash (``services.office.users.login``, which audits the login). The password comes from
  ``--password-file FIL`` (a file only its owner can read: the command refuses a file others can
  read), else from the environment variable ``KVP_PASSWORD``, else — on a terminal — from a prompt
  that does not echo. A script with none of them is refused; nothing is asked on a pipe.
* A demo office (synthetic people, ``kvp demo``) has users without passwords and, as in the app,
  works as the named demo user without one.
* Without ``--user`` the command is the system identity: it may only do maintenance that changes
  no case (``check``, ``migrate``, ``demo`` on an empty database, ``rates``, ``payout simulate``,
  ``kostra11cf --check``, ``letter preview``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import stat
import sys
from pathlib import Path
from typing import Any

from kvp_desktop.cli.common import EXIT_USAGE, CliError, os_error_text
from kvp_desktop.i18n import _

PASSWORD_ENV = "KVP_PASSWORD"
EXIT_AUTH = 4


def add_user_arguments(parser: argparse.ArgumentParser, user_help: str) -> None:
    parser.add_argument("--user", metavar="BRUKERNAVN", help=user_help)
    parser.add_argument("--password-file", metavar="FIL",
                        help=_("fil med passordet til --user (bare eieren kan lese den, chmod 600); ellers "
                               "{env} eller et spørsmål i terminalen", env=PASSWORD_ENV))


def authenticate(ctx: Any, args: argparse.Namespace) -> Any:
    """``ctx`` working as ``args.user`` once the password is verified (``CliError`` otherwise)."""
    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.office import users
    from kvp_desktop.services.office.settings import get_office

    username = args.user or ""
    if not username.strip():
        raise CliError(_("Oppgi --user BRUKERNAVN."), EXIT_USAGE)
    given = _password_file(Path(args.password_file)) if getattr(args, "password_file", None) else None
    office = get_office(ctx)
    if office is not None and office.demo and not _has_password(ctx, username):
        try:
            return ctx.as_user(username)  # a demo office: synthetic people, users without passwords
        except ServiceError as exc:
            raise CliError(exc.message, EXIT_AUTH) from None
    password = given if given is not None else read_password(args, username)
    try:
        return users.login(ctx, username, password)
    except ServiceError as exc:
        raise CliError(exc.message, EXIT_AUTH) from None


def _has_password(ctx: Any, username: str) -> bool:
    from sqlalchemy import select

    from kvp_desktop.store.models import User

    with ctx.uow() as uow:
        stored = uow.session.scalar(select(User.password_hash).where(User.username == username.lower()))
    return bool(stored)


def read_password(args: argparse.Namespace, username: str) -> str:
    """The password from ``--password-file``, ``KVP_PASSWORD`` or a prompt on a terminal."""
    if getattr(args, "password_file", None):
        return _password_file(Path(args.password_file))
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return getpass.getpass(_("Passord for {bruker}: ", bruker=username))
        except (EOFError, KeyboardInterrupt):
            raise CliError(_("Avbrutt: passordet ble ikke oppgitt."), EXIT_AUTH) from None
    raise CliError(_("Passordet til {bruker} mangler. Kjør kommandoen i en terminal for å bli spurt, eller oppgi "
                     "det med --password-file FIL eller miljøvariabelen {env}.", bruker=username, env=PASSWORD_ENV),
                   EXIT_AUTH)


def _password_file(path: Path) -> str:
    try:
        info = path.stat()
        if os.name == "posix" and stat.S_ISREG(info.st_mode):
            if info.st_uid != os.getuid():
                raise CliError(_("Passordfilen {fil} tilhører en annen bruker.", fil=path), EXIT_AUTH)
            if info.st_mode & 0o077:
                raise CliError(_("Passordfilen {fil} kan leses av andre (rettigheter {modus}). Gjør den lesbar bare "
                                 "for deg: chmod 600 {fil}", fil=path, modus=oct(info.st_mode & 0o777)[2:]),
                               EXIT_AUTH)
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(_("Kan ikke lese passordfilen {fil}: {feil}.", fil=path, feil=os_error_text(exc)),
                       EXIT_AUTH) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(_("Passordfilen {fil} er ikke tekst i UTF-8.", fil=path), EXIT_AUTH) from None
    password = text.splitlines()[0] if text.splitlines() else ""
    if not password:
        raise CliError(_("Passordfilen {fil} er tom.", fil=path), EXIT_AUTH)
    return password
