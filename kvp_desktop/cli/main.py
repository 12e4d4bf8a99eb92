"""The headless ``kvp`` command: the same services as the app, no Qt.

Each sub-command lives in its own module in this package with a ``register(subparsers)``
function that adds its parser and sets ``func`` (a callable taking the parsed arguments and
returning the exit code). Add a module to ``COMMAND_MODULES`` to make it available.

Every command ends with a Norwegian message and an exit code, never a Python traceback: errors
the user can fix are ``CliError``; anything else is explained by :func:`explain` and its
traceback goes only to the masked log (``logging_setup``), never to the terminal, because a
database error can quote the row it refused (names, fødselsnumre).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from kvp_desktop import __version__
from kvp_desktop.cli.argparse_nb import NorwegianArgumentParser
from kvp_desktop.cli.common import EXIT_DATABASE, EXIT_FAILED, EXIT_UNEXPECTED, EXIT_USAGE, CliError, os_error_text
from kvp_desktop.i18n import _
from kvp_desktop.logging_setup import configure_logging, restrict_new_files

log = logging.getLogger("kvp_desktop.cli")

COMMAND_MODULES: tuple[str, ...] = (
    "kvp_desktop.cli.database",
    "kvp_desktop.cli.rates",
    "kvp_desktop.cli.payout",
    "kvp_desktop.cli.kostra",
    "kvp_desktop.cli.letter",
    "kvp_desktop.cli.persons",
    "kvp_desktop.cli.audit",
    "kvp_desktop.cli.programme",
)


def build_parser() -> NorwegianArgumentParser:
    parser = NorwegianArgumentParser(
        prog="kvp",
        description=_("KVP Desktop på kommandolinjen (uten vindu)."),
    )
    parser.add_argument("--version", action="version", version=f"kvp {__version__}",
                        help=_("vis programmets versjon og avslutt"))
    parser.add_argument(
        "--database",
        metavar="URL",
        help=_("databasens adresse (standard: KVP_DATABASE_URL eller en SQLite-fil i brukerens datamappe)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO", title=_("kommandoer"))
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command whose module is not written yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    restrict_new_files()  # databases, backups and logs this process writes: owner only (POSIX)
    with contextlib.suppress(OSError):  # a read-only profile must not stop the command
        configure_logging()
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors: argparse prints them (in Norwegian) and exits with 2
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if args.database is not None and not args.database.strip():
        _say(_("Databaseadressen er tom. Oppgi en SQLite-fil eller en PostgreSQL-adresse med --database."))
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except CliError as exc:
        _say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _say(_("Avbrutt. Det som ikke var lagret, er ikke lagret."))
        return 130
    except BrokenPipeError:  # `kvp … | head`: the reader left; nothing to tell
        with contextlib.suppress(OSError, ValueError):  # no "Exception ignored" when Python flushes at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:  # the catch-all: a Norwegian message, the traceback to the log
        log.error("kvp %s stoppet med %s", getattr(args, "command", "?"), type(exc).__name__, exc_info=exc)
        message, code = explain(exc)
        _say(message)
        return code


def _say(message: str) -> None:
    with contextlib.suppress(OSError):
        print(_("Feil: {melding}", melding=message), file=sys.stderr)


def explain(exc: BaseException) -> tuple[str, int]:
    """A Norwegian message and exit code for an error no command turned into a ``CliError``.

    The message never quotes the error's own text (a database error quotes the row it refused).
    """
    from sqlalchemy import exc as sa_exc

    from kvp_desktop.services.infrastructure.context import DatabaseDamagedError, DatabaseTooNewError
    from kvp_desktop.services.infrastructure.errors import ConflictError, DatabaseUnavailable, ServiceError
    from kvp_desktop.store.db import DatabaseUrlError

    if isinstance(exc, DatabaseTooNewError | DatabaseDamagedError | DatabaseUrlError):
        return str(exc), EXIT_DATABASE
    if isinstance(exc, DatabaseUnavailable) and isinstance(exc.__cause__, sa_exc.DBAPIError):
        return _database_unavailable(exc.__cause__), EXIT_DATABASE  # the services' translation of a lost database
    if isinstance(exc, ConflictError):
        return exc.message, EXIT_FAILED
    if isinstance(exc, ServiceError):
        return exc.message, EXIT_FAILED
    if isinstance(exc, sa_exc.IntegrityError):
        return _("Databasen avviste endringen fordi den ville gitt dobbelt eller ugyldig innhold, for eksempel "
                 "fordi en annen bruker lagret det samme i samme øyeblikk. Ingenting er lagret. Prøv igjen."), \
            EXIT_FAILED
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return _database_unavailable(exc), EXIT_DATABASE
    if isinstance(exc, sa_exc.DatabaseError):
        return _("Databasen avviste forespørselen. Ingenting er lagret. Kjør «kvp check» for å kontrollere "
                 "databasen."), EXIT_DATABASE
    if isinstance(exc, sa_exc.ArgumentError | sa_exc.NoSuchModuleError):
        return _("Databaseadressen kan ikke brukes. Oppgi en SQLite-fil eller en adresse på formen "
                 "postgresql+psycopg://bruker@server/database."), EXIT_DATABASE
    if isinstance(exc, UnicodeError):
        return _("Filen er ikke tekst i UTF-8 og kan ikke leses."), EXIT_USAGE
    if isinstance(exc, OSError):
        name = getattr(exc, "filename", None)
        if name:
            return _("Kan ikke bruke {fil}: {feil}.", fil=name, feil=os_error_text(exc)), EXIT_USAGE
        return _("Filfeil: {feil}.", feil=os_error_text(exc)), EXIT_USAGE
    if isinstance(exc, RecursionError):
        return _("Inndataene er nestet for dypt til å kunne leses."), EXIT_USAGE
    if isinstance(exc, MemoryError):
        return _("Inndataene er for store til å kunne behandles."), EXIT_USAGE
    return _("Det oppstod en uventet feil ({type}). Ingenting mer er gjort; detaljene er skrevet i loggfilen "
             "kvp.log.", type=type(exc).__name__), EXIT_UNEXPECTED


def _database_unavailable(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return _("Databasen er opptatt: en annen bruker eller et annet program skriver til den. Ingenting er "
                 "lagret. Prøv igjen om litt.")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return _("Databasefilen kan ikke åpnes eller skrives. Sjekk stien og at du har tilgang til mappen.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return _("Databasefilen er skadet. Kjør «kvp check», og gjenopprett den nyeste sikkerhetskopien.")
    if "password" in text or "authentication" in text:
        return _("Databaseserveren godtok ikke brukernavnet eller passordet i adressen.")
    return _("Får ikke kontakt med databasen. Sjekk adressen, at serveren kjører og at nettverket virker.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
