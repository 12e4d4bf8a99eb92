"""``kvp audit verify``: walk the audit trail's hash chain and name the first broken link."""

from __future__ import annotations

import argparse
from typing import Any

from kvp_desktop.cli.common import CliError
from kvp_desktop.i18n import _


def _verify(args: argparse.Namespace) -> int:
    from kvp_desktop.services.infrastructure import audit
    from kvp_desktop.services.infrastructure.context import DatabaseTooNewError, open_context
    from kvp_desktop.services.infrastructure.errors import ServiceError

    try:
        ctx = open_context(args.database, prepare=False)
    except DatabaseTooNewError as exc:
        raise CliError(str(exc), exit_code=3) from exc
    try:
        report = audit.verify(ctx)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        ctx.close()
    if not report.ok:
        raise CliError(report.message, exit_code=1)
    print(report.message)
    # Noted down outside the database (or compared with an earlier note), the newest hash also shows a
    # chain that someone with the whole file has cut and recomputed.
    print(_("Siste sjekksum i kjeden: {hash}", hash=report.head_hash))
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit", help=_("revisjonsloggen: kontroller at ingen rader er endret eller slettet"))
    actions = parser.add_subparsers(dest="audit_action", metavar="HANDLING", required=True)
    verify = actions.add_parser("verify", help=_("kontroller hele sjekksumkjeden i revisjonsloggen"))
    verify.set_defaults(func=_verify)
