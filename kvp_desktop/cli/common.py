"""Shared helpers for ``kvp`` sub-commands."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from decimal import Decimal
from typing import Any

from kvp_desktop.i18n import _

#: Exit codes: 1 the job was refused or failed, 2 bad usage or input, 3 the database cannot be used
#: (too new, damaged, unreachable), 70 an unexpected error (details in the masked log only).
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3
EXIT_UNEXPECTED = 70


class CliError(Exception):
    """A problem the user can fix; printed as ``Feil: <Norwegian message>`` with an exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Kan ikke skrive {type(value).__name__} som JSON")


def print_json(data: Any) -> None:
    """Write ``data`` as JSON: Decimal as decimal strings, dates as ISO dates."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def os_error_text(exc: OSError) -> str:
    """The operating system's complaint in Norwegian (``strerror`` is English on most systems)."""
    texts = {
        errno.ENOENT: _("filen eller mappen finnes ikke"),
        errno.EISDIR: _("det er en mappe, ikke en fil"),
        errno.ENOTDIR: _("en del av stien er ikke en mappe"),
        errno.EACCES: _("du har ikke tilgang"),
        errno.EPERM: _("du har ikke tilgang"),
        errno.ENOSPC: _("disken er full"),
        errno.EROFS: _("stedet er skrivebeskyttet"),
        errno.EEXIST: _("filen finnes allerede"),
        errno.ENAMETOOLONG: _("navnet er for langt"),
        errno.ELOOP: _("stien har for mange symbolske lenker"),
        errno.EINVAL: _("ugyldig filnavn"),
    }
    found = texts.get(exc.errno or 0)
    if found:
        return found
    return _("operativsystemet meldte feil nummer {nr}", nr=exc.errno) if exc.errno else _("ukjent filfeil")


def read_text_file(path: str, what: str | None = None, exit_code: int = EXIT_USAGE) -> str:
    """A UTF-8 text file (a byte-order mark, as Notepad writes it, is allowed), or a Norwegian ``CliError``."""
    from pathlib import Path

    name = what or path
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CliError(_("Finner ikke filen {fil}.", fil=name), exit_code) from None
    except OSError as exc:
        raise CliError(_("Kan ikke lese {fil}: {feil}.", fil=name, feil=os_error_text(exc)), exit_code) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(_("Kan ikke lese {fil}: filen er ikke tekst i UTF-8 (ugyldig tegn ved byte {pos}).", fil=name,
                         pos=exc.start), exit_code) from None


def integer_type(minimum: int, maximum: int) -> Any:
    """An argparse ``type`` for a whole number in ``minimum..maximum`` with a Norwegian message."""

    def parse(text: str) -> int:
        stripped = text.strip()
        body = stripped[1:] if stripped[:1] in "+-" else stripped
        if not body.isascii() or not body.isdigit() or len(body) > 12:
            raise argparse.ArgumentTypeError(_("«{verdi}» er ikke et heltall.", verdi=_short(text)))
        value = int(stripped)
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                _("{verdi} er utenfor det tillatte området {fra}–{til}.", verdi=value, fra=minimum, til=maximum))
        return value

    parse.__name__ = "heltall"
    return parse


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
