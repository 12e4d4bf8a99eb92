"""``kvp kostra11cf``: check an 11CF file as SSB does, or export one from the database.

    kvp kostra11cf --check FIL --year ÅÅÅÅ [--municipality NNNN] [--json]
    kvp kostra11cf --year ÅÅÅÅ --out FIL [--user BRUKERNAVN] [--json]

Exit codes: 0 when nothing stops the submission, 1 when SSB would refuse the file (FATAL or ERROR
findings), 2 for usage errors (unknown year, missing file, export not available).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

from kvp_desktop.cli.auth import add_user_arguments, authenticate
from kvp_desktop.cli.common import CliError, integer_type, os_error_text, print_json
from kvp_desktop.exports.kostra11cf import (
    LayoutNotFoundError,
    Report,
    Severity,
    check_file,
    load_layout,
)
from kvp_desktop.i18n import N_, _

EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2

EXPORT_SERVICE = "kvp_desktop.services.reports.kostra"

MSG_EXPORT_UNAVAILABLE = N_(
    "Eksport av KOSTRA 11CF fra databasen er ikke tilgjengelig ennå. Du kan likevel kontrollere en fil "
    "med --check FIL --year ÅÅÅÅ."
)
MSG_CHOOSE_ONE = N_("Velg enten --check FIL (kontrollere en fil) eller --out FIL (eksportere fra databasen).")
MSG_NO_FILE = N_("Finner ikke filen {fil}.")
MSG_CANNOT_READ = N_("Kan ikke lese filen {fil}: {feil}")
MSG_SUMMARY = N_(
    "Rapporteringsår {aar}, antall poster: {poster}. Fatale feil: {fatal}, feil: {feil}, "
    "advarsler: {advarsler}, til informasjon: {info}."
)
MSG_BLOCKED = N_("Filen kan ikke sendes til SSB før de fatale feilene og feilene er rettet.")
MSG_OK = N_("Filen kan sendes til SSB.")
MSG_OK_WITH_WARNINGS = N_("Filen kan sendes til SSB, men se gjennom advarslene.")
MSG_NO_MUNICIPALITY = N_("Kommunenummeret er ikke kontrollert (oppgi --municipality NNNN).")
MSG_LINE = N_("Linje {linje}")
MSG_JOURNAL = N_("journal {journal}")
MSG_WRITTEN = N_("Skrev filen {fil} (antall poster: {poster}).")
MSG_NOT_WRITTEN = N_("Filen {fil} er ikke skrevet.")
MSG_OTHER_MUNICIPALITY = N_(
    "Kommunenummeret {oppgitt} er ikke kontorets ({kontor}). Filen lages alltid for kontorets kommune "
    "(Innstillinger)."
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "kostra11cf",
        help="kontrollere eller lage KOSTRA-skjema 11CF (kvalifiseringsstønad) til SSB",
        description=("Kontroller en 11CF-fil med SSBs kontroller (--check), eller lag filen fra databasen (--out)."),
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", metavar="FIL", help="kontroller denne filen slik SSB gjør")
    action.add_argument("--out", metavar="FIL", help="lag 11CF-filen fra databasen og skriv den hit")
    parser.add_argument("--year", metavar="ÅÅÅÅ", type=integer_type(1900, 2200), required=True,
                        help="rapporteringsåret")
    parser.add_argument("--municipality", metavar="NNNN", help="kommunenummeret som rapporterer")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    add_user_arguments(parser, _("eksporter som denne brukeren (kreves for --out; passordet kontrolleres)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        load_layout(args.year)
    except LayoutNotFoundError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.check:
        return _check(args)
    if args.out:
        return _export(args)
    raise CliError(_(MSG_CHOOSE_ONE), EXIT_USAGE)


def _check(args: argparse.Namespace) -> int:
    try:
        report = check_file(args.check, args.year, args.municipality)
    except FileNotFoundError as exc:
        raise CliError(_(MSG_NO_FILE, fil=args.check), EXIT_USAGE) from exc
    except OSError as exc:
        raise CliError(_(MSG_CANNOT_READ, fil=args.check, feil=os_error_text(exc)), EXIT_USAGE) from exc
    except ValueError as exc:  # a malformed --municipality
        raise CliError(str(exc), EXIT_USAGE) from exc
    _print_report(report, args.json, source=args.check)
    return EXIT_BLOCKED if report.blocks_submission else EXIT_OK


def _export_service() -> Any | None:
    """The database export service, or ``None`` when this build has none."""
    try:
        return importlib.import_module(EXPORT_SERVICE)
    except ModuleNotFoundError as exc:
        if exc.name not in (EXPORT_SERVICE, EXPORT_SERVICE.rsplit(".", 1)[0]):
            raise
        return None


def _open_context(args: argparse.Namespace) -> Any:
    from kvp_desktop.services.infrastructure.context import DatabaseTooNewError, open_context

    if not args.user:
        raise CliError(_("Oppgi --user BRUKERNAVN for å eksportere personopplysninger til SSB."), EXIT_USAGE)
    try:
        ctx = open_context(args.database)
    except DatabaseTooNewError as exc:
        raise CliError(str(exc), 3) from exc
    try:
        return authenticate(ctx, args)
    except BaseException:
        ctx.close()
        raise


def _export(args: argparse.Namespace) -> int:
    """Build the year's records from the database, print SSB's findings, and write the file
    (through ``services.reports.kostra.export_file``: audited, refused while anything blocks it)."""
    service = _export_service()
    if service is None or not callable(getattr(service, "export_file", None)):
        raise CliError(_(MSG_EXPORT_UNAVAILABLE), EXIT_USAGE)
    from kvp_desktop.services.infrastructure.errors import ServiceError

    ctx = _open_context(args)
    try:
        check = service.check_year(ctx, args.year)
        if args.municipality and args.municipality.strip() != check.municipality:
            raise CliError(_(MSG_OTHER_MUNICIPALITY, oppgitt=args.municipality, kontor=check.municipality), EXIT_USAGE)
        result = None if check.blocks_export else service.export_file(ctx, args.year, args.out)
    except ServiceError as exc:
        raise CliError(str(exc), EXIT_BLOCKED) from exc
    finally:
        ctx.close()
    if args.json:
        print_json({"file": str(result.path) if result else None, **_check_dict(check)})
    else:
        _print_check(check)
        if result is not None:
            print(_(MSG_WRITTEN, poster=result.record_count, fil=result.path))
        else:
            print(_(MSG_NOT_WRITTEN, fil=args.out))
    return EXIT_BLOCKED if check.blocks_export else EXIT_OK


def _check_dict(check: Any) -> dict[str, Any]:
    return {
        "year": check.year,
        "municipality": check.municipality,
        "record_count": check.record_count,
        "blocks_submission": check.blocks_export,
        "counts": check.counts,
        "findings": [
            {
                "rule_id": f.rule_id,
                "severity": f.severity,
                "line": f.line,
                "masked_person": f.masked_person,
                "field": f.field,
                "fix_in": f.target.area,
                "message": f.message,
            }
            for f in check.findings
        ],
    }


def _print_check(check: Any) -> None:
    """The findings as the caseworker fixes them: person (masked), field, where in the app."""
    for f in check.findings:
        where = [_(MSG_LINE, linje=f.line) if f.line is not None else _("Filen")]
        if f.masked_person:
            where.append(f.masked_person)
        field = f" ({f.field})" if f.field else ""
        print(f"{', '.join(where)}: [{f.severity_label}] {f.rule_id}{field}: {f.message} "
              + _("Rettes i: {sted}.", sted=f.target.label))
    if check.findings:
        print()
    counts = check.counts
    print(_(MSG_SUMMARY, poster=check.record_count, aar=check.year, fatal=counts["FATAL"], feil=counts["ERROR"],
            advarsler=counts["WARNING"], info=counts["INFO"]))
    if check.blocks_export:
        print(_(MSG_BLOCKED))
    elif counts["WARNING"] or counts["INFO"]:
        print(_(MSG_OK_WITH_WARNINGS))
    else:
        print(_(MSG_OK))


def _print_report(report: Report, as_json: bool, source: str) -> None:
    if as_json:
        print_json({"file": source, **report.to_dict()})
        return
    for finding in report.findings:
        where = [_(MSG_LINE, linje=finding.line) if finding.line is not None else _("Filen")]
        if finding.journal_number:
            where.append(_(MSG_JOURNAL, journal=finding.journal_number))
        if finding.masked_fodselsnummer:
            where.append(finding.masked_fodselsnummer)
        field = f" ({finding.field})" if finding.field else ""
        print(f"{', '.join(where)}: [{finding.severity.label}] {finding.rule_id}{field}: {finding.message}")
    counts = report.counts
    if report.findings:
        print()
    print(
        _(
            MSG_SUMMARY,
            poster=report.record_count,
            aar=report.year,
            fatal=counts[Severity.FATAL],
            feil=counts[Severity.ERROR],
            advarsler=counts[Severity.WARNING],
            info=counts[Severity.INFO],
        )
    )
    if report.municipality is None:
        print(_(MSG_NO_MUNICIPALITY))
    if report.blocks_submission:
        print(_(MSG_BLOCKED))
    elif counts[Severity.WARNING] or counts[Severity.INFO]:
        print(_(MSG_OK_WITH_WARNINGS))
    else:
        print(_(MSG_OK))
    sys.stdout.flush()
