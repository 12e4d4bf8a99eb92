"""argparse in Norwegian: its usage, help and error texts.

argparse builds its texts with ``gettext`` (module-level ``_`` and ``ngettext``); the ``kvp``
command ships no catalog for argparse's domain, so :func:`install` points those two names at the
table below (each msgid is argparse's English text, each value our bokmål through ``_()``).
Anything argparse adds in a later Python version falls back to a Norwegian general message
rather than English (see :class:`NorwegianArgumentParser.error`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from kvp_desktop.i18n import N_, _

_TEXTS: dict[str, str] = {
    "usage: ": N_("bruk: "),
    "positional arguments": N_("posisjonsargumenter"),
    "options": N_("valg"),
    "optional arguments": N_("valg"),
    "show this help message and exit": N_("vis denne hjelpeteksten og avslutt"),
    "show program's version number and exit": N_("vis programmets versjon og avslutt"),
    "argument %(argument_name)s: %(message)s": N_("argumentet %(argument_name)s: %(message)s"),
    "the following arguments are required: %s": N_("disse argumentene må oppgis: %s"),
    "one of the arguments %s is required": N_("ett av argumentene %s må oppgis"),
    "unrecognized arguments: %s": N_("ukjente argumenter: %s"),
    "expected one argument": N_("venter én verdi"),
    "expected at most one argument": N_("venter høyst én verdi"),
    "expected at least one argument": N_("venter minst én verdi"),
    "expected %s argument": N_("venter %s verdi"),
    "expected %s arguments": N_("venter %s verdier"),
    "not allowed with argument %s": N_("kan ikke brukes sammen med %s"),
    "ignored explicit argument %r": N_("verdien %r er ikke tillatt her"),
    "ambiguous option: %(option)s could match %(matches)s": N_("tvetydig valg: %(option)s kan bety %(matches)s"),
    "unexpected option string: %s": N_("uventet valg: %s"),
    "invalid %(type)s value: %(value)r": N_("ugyldig verdi: «%(value)s»"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("ugyldig valg: «%(value)s» (velg mellom %(choices)s)"),
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        N_("ukjent kommando %(parser_name)r (velg mellom %(choices)s)"),
    "can't open '%(filename)s': %(error)s": N_("kan ikke åpne «%(filename)s»: %(error)s"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: feil: %(message)s\n"),
    "subcommands": N_("underkommandoer"),
}


def _gettext(message: str) -> str:
    text = _TEXTS.get(message)
    return _(text) if text is not None else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Norwegian in this process (idempotent)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


class NorwegianArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are Norwegian and whose sub-parsers are the same kind."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install()
        kwargs.setdefault("add_help", True)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        if not _looks_norwegian(message):  # a text argparse added after this table was written
            message = _("ugyldige argumenter")
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: feil: {melding}", prog=self.prog, melding=message) + "\n"
                  + _("Skriv «{prog} --help» for hjelp.", prog=self.prog) + "\n")


def _looks_norwegian(message: str) -> bool:
    english = ("invalid", "expected", "argument ", "required", "unrecognized", "ambiguous", "not allowed",
               "ignored", "unknown", "can't", "error")
    lowered = message.lower()
    return not lowered.startswith(english)
