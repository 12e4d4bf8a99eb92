"""``kvp import persons FIL.csv|FIL.xlsx [--dry-run] [--only-valid] [--user BRUKERNAVN]``.

The same import as Fil → Importer personer in the app (``services/portfolio/person_import``): every row is
checked first; rows with errors are listed with their row numbers in Norwegian. With errors,
nothing is imported unless ``--only-valid`` is given. ``--dry-run`` only checks. Exit codes:
0 imported (or the check found no errors), 1 errors (nothing imported), 2 a file that cannot be
read.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kvp_desktop.cli.auth import add_user_arguments, authenticate
from kvp_desktop.cli.common import CliError
from kvp_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help="importer data fra fil", description="Importer data fra fil.")
    kinds = parser.add_subparsers(dest="import_kind", metavar="HVA")
    persons = kinds.add_parser(
        "persons",
        help="importer personer fra CSV eller Excel (.xlsx)",
        description="Importerer personer med stoppunktopplysninger fra en CSV- eller .xlsx-fil. "
        "Kolonnene er beskrevet i docs/import-format.md.",
    )
    persons.add_argument("file", metavar="FIL", help="CSV- eller .xlsx-fil")
    persons.add_argument("--dry-run", action="store_true", help="bare kontroller filen, importer ingenting")
    persons.add_argument("--only-valid", action="store_true",
                         help="importer de gyldige radene selv om andre rader har feil")
    add_user_arguments(persons, _("brukeren som importerer (kreves for å lagre; passordet kontrolleres)"))
    persons.set_defaults(func=run)
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)


def run(args: argparse.Namespace) -> int:
    from kvp_desktop.cli.database import _open
    from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
    from kvp_desktop.services.portfolio import person_import

    path = Path(args.file)
    if not path.is_file():
        raise CliError(_("Fant ikke filen {fil}.", fil=args.file), exit_code=2)
    if not args.dry_run and not args.user:
        raise CliError(_("Oppgi --user BRUKERNAVN for å importere (eller bruk --dry-run)."))
    try:
        table = person_import.read_table(path)
    except ServiceError as exc:
        raise CliError(exc.message, exit_code=2) from exc
    ctx = _open(args)
    try:
        if args.user:
            ctx = authenticate(ctx, args)
        mapping = person_import.guess_mapping(table.headers)
        missing = person_import.missing_required(mapping)
        if missing:
            raise CliError(_("Fant ikke kolonnene: {felter}. Se docs/import-format.md.", felter=", ".join(missing)))
        print(_("Fil: {fil} ({rader} rader, {koding})", fil=path.name, rader=len(table.rows),
                koding=table.encoding + (f", skilletegn «{table.delimiter}»" if table.delimiter else "")))
        preview = person_import.preview_import(ctx, table, mapping)
        _print_rows(preview)
        if args.dry_run:
            print(_("Kontroll: {ok} kan importeres, {feil} med feil, {hopp} hoppes over. Ingenting er lagret.",
                    ok=preview.valid, feil=len(preview.errors), hopp=len(preview.skipped)))
            return 1 if preview.errors else 0
        try:
            result = person_import.import_persons(ctx, table, mapping, only_valid=args.only_valid)
        except ValidationError as exc:
            raise CliError(exc.message) from exc
        print(_("Importert: {antall} personer. Med feil: {feil}. Hoppet over: {hopp}.", antall=result.imported,
                feil=len(result.preview.errors), hopp=len(result.preview.skipped)))
        return 0
    except ServiceError as exc:
        raise CliError(exc.message) from exc
    finally:
        ctx.close()


def _print_rows(preview: Any) -> None:
    for row in preview.rows:
        if row.status == "ok":
            continue
        kind = _("Feil") if row.status == "error" else _("Hoppes over")
        for message in row.messages:
            print(_("Rad {rad} ({ident}): {art}: {melding}", rad=row.row_number, ident=row.masked_id or "-",
                    art=kind, melding=message))
