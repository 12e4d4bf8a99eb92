"""``kvp letter``: preview letters with sample data, list the letter types.

    kvp letter types
    kvp letter preview innvilgelse --lang nn --name "Máret Čuđe Ŋuolja" --out brev.pdf
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kvp_desktop.cli.common import CliError, os_error_text
from kvp_desktop.documents.letters import render_letter, sha256
from kvp_desktop.documents.model import WRITTEN_STANDARDS
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.i18n import _
from kvp_desktop.services.letters.kinds import letter_title, letter_types


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("letter", help=_("brev og vedtak (forhåndsvisning med eksempeldata)"))
    commands = parser.add_subparsers(dest="letter_command", metavar="KOMMANDO")

    types_parser = commands.add_parser("types", help=_("vis brevtypene"))
    types_parser.add_argument("--lang", choices=WRITTEN_STANDARDS, default="nb", help=_("målform for titlene"))
    types_parser.set_defaults(func=_types)

    preview = commands.add_parser("preview", help=_("lag et eksempelbrev som PDF"))
    preview.add_argument("letter_type", metavar="TYPE", help=_("brevtypen (se «kvp letter types»)"))
    preview.add_argument("--lang", choices=WRITTEN_STANDARDS, default="nb", help=_("målform: nb eller nn"))
    preview.add_argument("--name", help=_("mottakerens navn (standard: et eksempelnavn)"))
    preview.add_argument("--out", required=True, type=Path, metavar="FIL.pdf", help=_("hvor PDF-en skal lagres"))
    preview.set_defaults(func=_preview)

    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _types(args: argparse.Namespace) -> int:
    for letter_type in letter_types():
        print(f"{letter_type:<24} {letter_title(letter_type, args.lang)}")
    return 0


def _preview(args: argparse.Namespace) -> int:
    if args.letter_type not in letter_types():
        known = ", ".join(letter_types())
        raise CliError(_("Ukjent brevtype «{type}». Kjente typer: {known}.", type=args.letter_type, known=known),
                       exit_code=2)
    letter = sample_letter(args.letter_type, args.lang, args.name)
    data = render_letter(letter, args.lang)
    out: Path = args.out
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CliError(_("Kan ikke skrive {path}: {error}", path=out, error=os_error_text(exc))) from exc
    print(_("{path}  {size} byte  SHA-256 {digest}", path=out, size=len(data), digest=sha256(data)))
    return 0
