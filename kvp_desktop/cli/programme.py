"""``kvp programme create --person FØDSELSNUMMER --user BRUKERNAVN [--template MAL] [--start DATO --end DATO]``.

«Opprett program» on the command line: the same job as the button in Programbygger
(``services.programmes.plan_templates.create_from_grant``). The programme gets the dates of the person's issued
grant (vedtak om innvilgelse) unless ``--start``/``--end`` are given, and is empty or laid out from
a plan template (``--template`` with the template's name or key; ``kvp programme templates``
lists them). Exit codes: 0 created, 1 refused (a Norwegian message says why).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from kvp_desktop.cli.common import CliError
from kvp_desktop.i18n import _, format_date_short, parse_date


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("programme", help="kvalifiseringsprogram: opprett program etter innvilgelse",
                                   description="Kvalifiseringsprogram.")
    jobs = parser.add_subparsers(dest="programme_job", metavar="JOBB")
    create = jobs.add_parser(
        "create", help="opprett program etter et fattet vedtak om innvilgelse",
        description="Oppretter programmet med datoene fra vedtaket om innvilgelse (eller --start/--end), tomt "
                    "eller fra en mal.")
    create.add_argument("--person", required=True, metavar="FØDSELSNUMMER", help="personens fødselsnummer")
    create.add_argument("--user", required=True, metavar="BRUKERNAVN", help="saksbehandleren som oppretter")
    create.add_argument("--template", metavar="MAL", help="navnet eller nøkkelen til en programmal")
    create.add_argument("--start", metavar="DATO", help="startdato (standard: vedtakets)")
    create.add_argument("--end", metavar="DATO", help="planlagt slutt (standard: vedtakets)")
    create.add_argument("--today", metavar="DATO", help=argparse.SUPPRESS)  # tests: the day it is done
    create.set_defaults(func=run_create)
    listing = jobs.add_parser("templates", help="list programmalene", description="Lister programmalene.")
    listing.set_defaults(func=run_templates)
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)


def _date(text: str | None, label: str) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(_("{felt}: {feil}", felt=label, feil=str(exc))) from exc


def run_create(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from kvp_desktop.cli.database import _open
    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.infrastructure.validation import check_identity_number
    from kvp_desktop.services.programmes import plan_templates, programmes
    from kvp_desktop.store.models import Person

    try:
        number = check_identity_number(args.person).number
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    start, end = _date(args.start, _("Start")), _date(args.end, _("Planlagt slutt"))
    today = _date(args.today, "--today") or dt.date.today()
    ctx = _open(args)
    try:
        ctx = ctx.as_user(args.user)
        with ctx.uow() as uow:
            person_id = uow.session.scalar(select(Person.id).where(Person.fodselsnummer == number))
        if person_id is None:
            raise CliError(_("Fant ingen person med dette fødselsnummeret."))
        key = None
        if args.template:
            wanted = args.template.strip().casefold()
            found = [t for t in plan_templates.list_templates(ctx)
                     if t.key.casefold() == wanted or t.name.casefold() == wanted]
            if not found:
                raise CliError(_("Fant ikke malen «{mal}». «kvp programme templates» viser malene.", mal=args.template))
            key = found[0].key
        programme_id = plan_templates.create_from_grant(ctx, person_id, today=today, template_key=key,
                                                    start_date=start, end_date=end)
        view = next(p for p in programmes.programmes_for_person(ctx, person_id) if p.id == programme_id)
        print(_("Programmet er opprettet (nr. {nr}): {fra}–{til}, {faser} faser.", nr=programme_id,
                fra=format_date_short(view.start_date), til=format_date_short(view.planned_end_date),
                faser=len(view.phases)))
        return 0
    except ServiceError as exc:
        raise CliError(exc.message) from exc
    finally:
        ctx.close()


def run_templates(args: argparse.Namespace) -> int:
    from kvp_desktop.cli.database import _open
    from kvp_desktop.services.programmes import plan_templates

    ctx = _open(args)
    try:
        for template in plan_templates.list_templates(ctx):
            print(f"{template.key}\t{template.name}\t" + ", ".join(p.name for p in template.phases))
        return 0
    finally:
        ctx.close()
