"""Input checks shared by the services, each with a Norwegian message.

Fødselsnummer and D-nummer are validated with python-stdnum (control digits and birth date);
birth date and legal sex are derived from the number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import fodselsnummer, kontonr

from kvp_desktop.i18n import _

# Dates a form or an import may hold: every real date in a case, and room for the rules' deadlines.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


@dataclass(frozen=True)
class IdentityNumber:
    number: str  # 11 digits
    birth_date: dt.date
    sex: str  # KOSTRA KJONN: "1" mann, "2" kvinne
    is_d_number: bool


def check_identity_number(text: str, today: dt.date | None = None) -> IdentityNumber:
    """Validate a fødselsnummer or D-nummer. Raises ``ValueError`` with a Norwegian message."""
    raw = (text or "").strip()
    compact = fodselsnummer.compact(raw)
    if not compact:
        raise ValueError(_("Fødselsnummer mangler."))
    if not compact.isdigit() or len(compact) != 11:
        raise ValueError(_("Fødselsnummeret må ha 11 siffer."))
    try:
        fodselsnummer.validate(compact)
    except StdnumValidationError as exc:
        if "birth" in str(exc).lower() or "born" in str(exc).lower() or "century" in str(exc).lower():
            raise ValueError(_("Fødselsnummeret inneholder ikke en gyldig fødselsdato.")) from exc
        raise ValueError(
            _("Fødselsnummeret er ikke gyldig (kontrollsifrene stemmer ikke). Sjekk at det er skrevet riktig.")
        ) from exc
    birth = fodselsnummer.get_birth_date(compact)
    if today is not None and birth > today:
        raise ValueError(_("Fødselsnummeret inneholder ikke en gyldig fødselsdato."))
    sex = "1" if fodselsnummer.get_gender(compact) == "M" else "2"
    return IdentityNumber(compact, birth, sex, int(compact[0]) >= 4)


def mask_identity_number(number: str) -> str:
    """Show a fødselsnummer in lists and logs as ``dd.mm.åå *****``."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) != 11:
        return "***********"
    try:  # D- and H-numbers: show the real birth date, not the shifted digits
        born = fodselsnummer.get_birth_date(digits)
    except StdnumValidationError:
        return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]} *****"
    return f"{born:%d.%m.%y} *****"


def required_text(value: str | None, field_label: str, max_length: int = 200) -> str:
    text = (value or "").strip()
    if not text:
        raise ValueError(_("{felt} må fylles ut.", felt=field_label))
    if len(text) > max_length:
        raise ValueError(_("{felt} kan ha høyst {antall} tegn.", felt=field_label, antall=max_length))
    return text


def optional_text(value: str | None, field_label: str, max_length: int = 200) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValueError(_("{felt} kan ha høyst {antall} tegn.", felt=field_label, antall=max_length))
    return text


def check_postcode(value: str | None) -> str:
    text = (value or "").strip()
    if text and (len(text) != 4 or not (text.isascii() and text.isdigit())):  # not "²²²²" or "٣١٤٠"
        raise ValueError(_("Postnummeret må ha fire siffer."))
    return text


def check_bank_account(value: str | None) -> str:
    """A Norwegian kontonummer (11 digits, mod-11 control digit, python-stdnum ``no.kontonr``);
    dots and spaces are allowed when typed and removed. Empty is allowed (not registered)."""
    raw = (value or "").strip()
    if not raw:
        return ""
    compact = kontonr.compact(raw)
    if not (compact.isascii() and compact.isdigit()) or len(compact) != 11:
        raise ValueError(_("Kontonummeret må ha 11 siffer (for eksempel 1234.56.78903)."))
    if not kontonr.is_valid(compact):
        raise ValueError(_("Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke). Sjekk at det er skrevet "
                           "riktig."))
    return compact


def check_date(value: dt.date | str | None, field_label: str, *, required: bool = True) -> dt.date | None:
    """Accept a ``date`` or text (``dd.mm.åååå`` / ISO); impossible dates get a Norwegian message."""
    if value is None or value == "":
        if required:
            raise ValueError(_("{felt} må fylles ut.", felt=field_label))
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        from kvp_desktop.i18n import parse_date

        try:
            value = parse_date(value)
        except ValueError as exc:
            raise ValueError(_("{felt}: {feil}", felt=field_label, feil=str(exc))) from exc
    if not EARLIEST_DATE <= value <= LATEST_DATE:  # 31.12.9999 + a deadline would overflow in the rules
        raise ValueError(_("{felt}: datoen må være mellom {fra} og {til}.", felt=field_label,
                           fra=EARLIEST_DATE.year, til=LATEST_DATE.year))
    return value


class Problems:
    """Collects field problems so a form gets every message at once, then raises."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def check(self, field: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return func(*args, **kwargs)
        except ValueError as exc:
            self.items[field] = str(exc)
            return None

    def add(self, field: str, message: str) -> None:
        self.items[field] = message

    def raise_if_any(self) -> None:
        if self.items:
            from kvp_desktop.services.infrastructure.errors import ValidationError

            raise ValidationError(self.items)
