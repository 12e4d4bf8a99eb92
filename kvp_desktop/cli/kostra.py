"""``kvp kostra11cf``: check an 11CF file as SSB does, or export one from the database.

    kvp kostra11cf --check FIL --year ÅÅÅÅ [--municipality NNNN] [--json]
    kvp kostra11cf --year ÅÅÅÅ --out FIL [--municipality NNNN]

Exit codes: 0 when nothing stops the submission, 1 when SSB would refuse the file (FATAL or ERROR
findings), 2 for usage errors (unknown year, missing file, export not available).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import Any

from kvp_desktop.cli.common import CliError, print_json
from kvp_desktop.exports.kostra11cf import (
    LayoutNotFoundError,
    RecordFormatError,
    Report,
    Severity,
    check_file,
    check_records,
    load_layout,
    write_file,
)
from kvp_desktop.i18n import N_, _

EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2

EXPORT_SERVICE = "kvp_desktop.services.kostra"

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


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "kostra11cf",
        help="kontrollere eller lage KOSTRA-skjema 11CF (kvalifiseringsstønad) til SSB",
        description=("Kontroller en 11CF-fil med SSBs kontroller (--check), eller lag filen fra databasen (--out)."),
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", metavar="FIL", help="kontroller denne filen slik SSB gjør")
    action.add_argument("--out", metavar="FIL", help="lag 11CF-filen fra databasen og skriv den hit")
    parser.add_argument("--year", metavar="ÅÅÅÅ", type=int, required=True, help="rapporteringsåret")
    parser.add_argument("--municipality", metavar="NNNN", help="kommunenummeret som rapporterer")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
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
    except IsADirectoryError as exc:
        raise CliError(_(MSG_CANNOT_READ, fil=args.check, feil=exc.strerror), EXIT_USAGE) from exc
    except ValueError as exc:  # a malformed --municipality
        raise CliError(str(exc), EXIT_USAGE) from exc
    _print_report(report, args.json, source=args.check)
    return EXIT_BLOCKED if report.blocks_submission else EXIT_OK


def _export_function() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module(EXPORT_SERVICE)
    except ModuleNotFoundError as exc:
        if exc.name not in (EXPORT_SERVICE, EXPORT_SERVICE.rsplit(".", 1)[0]):
            raise
        return None
    build = getattr(module, "build_records", None)
    return build if callable(build) else None


def _export(args: argparse.Namespace) -> int:
    build_records = _export_function()
    if build_records is None:
        raise CliError(_(MSG_EXPORT_UNAVAILABLE), EXIT_USAGE)
    records = list(build_records(args.database, args.year))
    try:
        path = write_file(records, args.year, args.out)
        report = check_records(records, args.year, args.municipality)
    except RecordFormatError as exc:
        raise CliError(str(exc), EXIT_BLOCKED) from exc
    if not args.json:
        print(_(MSG_WRITTEN, poster=len(records), fil=path))
    _print_report(report, args.json, source=str(path))
    return EXIT_BLOCKED if report.blocks_submission else EXIT_OK


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
