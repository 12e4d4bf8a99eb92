"""The headless ``kvp`` command: the same services as the app, no Qt.

Each sub-command lives in its own module in this package with a ``register(subparsers)``
function that adds its parser and sets ``func`` (a callable taking the parsed arguments and
returning the exit code). Add a module to ``COMMAND_MODULES`` to make it available.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

from kvp_desktop import __version__
from kvp_desktop.cli.common import CliError
from kvp_desktop.logging_setup import configure_logging

COMMAND_MODULES: tuple[str, ...] = (
    "kvp_desktop.cli.database",
    "kvp_desktop.cli.rates",
    "kvp_desktop.cli.payout",
    "kvp_desktop.cli.kostra",
    "kvp_desktop.cli.letter",
    "kvp_desktop.cli.persons",
    "kvp_desktop.cli.programme",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kvp",
        description="KVP Desktop på kommandolinjen (uten vindu).",
    )
    parser.add_argument("--version", action="version", version=f"kvp {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="databasens adresse (standard: KVP_DATABASE_URL eller en SQLite-fil i brukerens datamappe)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO")
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
    with contextlib.suppress(OSError):  # a read-only profile must not stop the command
        configure_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
