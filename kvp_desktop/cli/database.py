"""``kvp demo``, ``kvp check`` and ``kvp migrate``: the database itself."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from kvp_desktop.cli.common import CliError, integer_type
from kvp_desktop.i18n import _


def _open(args: argparse.Namespace, *, prepare: bool = True) -> Any:
    from kvp_desktop.services.infrastructure.context import DatabaseTooNewError, open_context

    try:
        return open_context(args.database, prepare=prepare)
    except DatabaseTooNewError as exc:
        raise CliError(str(exc), exit_code=3) from exc


def _demo(args: argparse.Namespace) -> int:
    from kvp_desktop.demo.office import create_demo
    from kvp_desktop.services.infrastructure.errors import ServiceError

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise CliError(_("«{dato}» er ikke en dato på formen ÅÅÅÅ-MM-DD.", dato=args.today[:40]), 2) from None
    ctx = _open(args)
    try:
        summary = create_demo(ctx, persons=args.persons, seed=args.seed, today=today)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        ctx.close()
    print(_("Demokontoret er opprettet: {p} personer, {a} søknader, {g} program, {u} utbetalingskjøringer, "
            "{v} vedtak.", p=summary.persons, a=summary.applications, g=summary.programmes,
            u=summary.payout_runs, v=summary.decisions))
    return 0


def _check(args: argparse.Namespace) -> int:
    from kvp_desktop.services.office.check import check_url

    report = check_url(args.database)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _migrate(args: argparse.Namespace) -> int:
    from kvp_desktop.store import migrate
    from kvp_desktop.store.db import default_database_url, normalise_url, sqlite_path

    path = sqlite_path(normalise_url(args.database or default_database_url()))
    if args.action == "status" and path is not None and not path.exists():
        print(_("Databasen finnes ikke ennå ({fil}). Skjemaversjon: - (nyeste: {head})", fil=path,
                head=migrate.head_revision()))
        return 0
    ctx = _open(args, prepare=False)
    try:
        state = migrate.status(ctx.db)
        if state.too_new:
            raise CliError(_("Databasen er laget av en nyere versjon av KVP Desktop ({rev}).", rev=state.current), 3)
        if args.action == "status":
            print(_("Skjemaversjon: {cur} (nyeste: {head})", cur=state.current or "-", head=state.head))
            return 0
        if args.action == "grants":
            return _grants(ctx, args.grant_to, apply=args.apply)
        try:
            backup = migrate.prepare(ctx.db)
        except migrate.DatabaseTooNewError as exc:  # also: the application's role may not migrate
            raise CliError(str(exc), exit_code=3) from exc
        if backup:
            print(_("Sikkerhetskopi før oppgradering: {fil}", fil=backup))
        print(_("Databasen er på nyeste skjemaversjon ({head}).", head=state.head))
        if args.grant_to:
            return _grants(ctx, args.grant_to, apply=True)
        return 0
    finally:
        ctx.close()


def _grants(ctx: Any, role: str | None, *, apply: bool) -> int:
    """PostgreSQL: the application role's rights (store/pg_roles.py), printed, or applied as the owner."""
    from kvp_desktop.store import pg_roles

    if ctx.db.is_sqlite:
        raise CliError(_("Roller og rettigheter gjelder PostgreSQL. En SQLite-fil vernes av filrettighetene."))
    if not role or not pg_roles.valid_role_name(role):
        raise CliError(_("Oppgi programmets rolle med --grant-to ROLLE (små bokstaver, tall og _)."), 2)
    with ctx.db.engine.begin() as connection:
        statements = (pg_roles.apply_grants if apply else pg_roles.grant_statements)(connection, role)
    for sql in statements:
        print(f"{sql};")
    if apply:
        print(_("Rettighetene til rollen {rolle} er satt.", rolle=role))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.office.backups import make_backup

    ctx = _open(args)
    try:
        target = make_backup(ctx, Path(args.target) if args.target else None)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        ctx.close()
    print(_("Sikkerhetskopi skrevet og kontrollert: {fil}", fil=target))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.office.backups import restore_backup, verify_backup

    try:
        check = verify_backup(Path(args.backup))
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    for table, count in check.counts.items():
        print(f"  {table}: {count}")
    if not args.yes:
        raise CliError(_("Gjenoppretting erstatter alt i databasen. Kjør igjen med --yes for å bekrefte."), 2)
    ctx = _open(args)
    try:
        _check, safety = restore_backup(ctx, Path(args.backup))
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        ctx.close()
    print(_("Databasen er gjenopprettet fra {fil}. Den gamle databasen ble lagret som {kopi}.",
            fil=args.backup, kopi=safety))
    return 0


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help=_("fyll en tom database med et demokontor"))
    demo.add_argument("--persons", type=integer_type(1, 10_000), default=60, help=_("antall personer (standard 60)"))
    demo.add_argument("--seed", type=integer_type(0, 2**31 - 1), default=1,
                      help=_("frø for tilfeldige data (standard 1)"))
    demo.add_argument("--today", help=_("dato dataene regnes fra (åååå-mm-dd, standard i dag)"))
    demo.set_defaults(func=_demo)

    check = subparsers.add_parser("check", help=_("kontroller databasens integritet og skjemaversjon"))
    check.set_defaults(func=_check)

    mig = subparsers.add_parser("migrate", help=_("vis eller oppgrader databasens skjemaversjon"))
    mig.add_argument("action", choices=["status", "upgrade", "grants"], nargs="?", default="status")
    mig.add_argument("--grant-to", metavar="ROLLE",
                     help=_("PostgreSQL: programmets rolle; upgrade gir den rettighetene etterpå, "
                            "grants skriver dem ut"))
    mig.add_argument("--apply", action="store_true", help=_("grants: sett rettighetene, ikke bare skriv dem ut"))
    mig.set_defaults(func=_migrate)

    backup = subparsers.add_parser("backup", help=_("ta en kontrollert sikkerhetskopi av databasen (SQLite)"))
    backup.add_argument("target", nargs="?", help=_("fil å skrive (standard: mappen sikkerhetskopier)"))
    backup.set_defaults(func=_backup)

    restore = subparsers.add_parser("restore", help=_("gjenopprett databasen fra en sikkerhetskopi"))
    restore.add_argument("backup", help=_("sikkerhetskopien"))
    restore.add_argument("--yes", action="store_true", help=_("bekreft at alt i databasen skal erstattes"))
    restore.set_defaults(func=_restore)
