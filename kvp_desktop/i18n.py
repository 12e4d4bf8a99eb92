"""All user-facing text goes through here: gettext catalogs (Babel) and nb_NO formatting.

Message ids are the bokmål text itself, so the program reads naturally and a missing catalog
still shows correct bokmål. Catalogs live in ``resources/locale/<lang>/LC_MESSAGES/kvp.po``;
``nb`` is complete (checked by a test), ``nn`` and ``en`` translate what they have and fall back
to bokmål. Placeholders use ``str.format`` names: ``_("Søkt {dato}", dato=...)``.

Each ``kvp.po`` has a compiled ``kvp.mo`` beside it, written by ``make i18n`` (a test checks that
it matches the .po). Reading the .mo takes a millisecond where parsing the .po took a tenth of a
second at every start; without a .mo the .po is compiled in memory. Babel itself is imported on
first use for the same reason (start-up time).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal, cast

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")
DOMAIN = "kvp"
_BABEL_LOCALE: dict[str, str] = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}

_current: Language = "nb"


def catalog_path(lang: str, suffix: str = ".po") -> resources.abc.Traversable:
    """Where the catalog for ``lang`` (``.po``, or the compiled ``.mo``) lives inside the installed
    ``resources`` package."""
    return resources.files("resources") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_catalog(po: bytes, lang: str) -> bytes:
    """The .mo bytes for the .po catalog ``po`` of ``lang`` (what ``make i18n`` writes beside it)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=_BABEL_LOCALE.get(lang, lang), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    compiled = catalog_path(lang, ".mo")
    if compiled.is_file():
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    if not catalog_path(lang).is_file():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(catalog_path(lang).read_bytes(), lang)))


def set_language(lang: str) -> None:
    """Choose the language of the user interface (``nb`` by default)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"Ukjent språk: {lang}")
    _current = cast(Language, lang)


def current_language() -> Language:
    return _current


def translate(msgid: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``msgid`` (bokmål) into ``lang`` and fill in ``params``."""
    text = _translations(lang or _current).gettext(msgid)
    return text.format(**params) if params else text


def _(msgid: str, /, **params: object) -> str:
    """Translate into the current UI language."""
    return translate(msgid, None, **params)


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it now (constants, reason texts)."""
    return msgid


def babel_locale(lang: str | None = None) -> str:
    return _BABEL_LOCALE[lang or _current]


def format_money(amount: Decimal, lang: str | None = None) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50 kr"`` (with non-breaking spaces, as Babel gives)."""
    from babel.numbers import format_currency

    if not isinstance(amount, Decimal):
        raise TypeError("Beløp skal være Decimal")
    return format_currency(amount, "NOK", locale=babel_locale(lang))


def format_number(value: Decimal | int, lang: str | None = None, decimals: int | None = None) -> str:
    """Norwegian number format: ``1 234,5``; with ``decimals`` a fixed number of decimals."""
    from babel.numbers import format_decimal

    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=babel_locale(lang))
    return format_decimal(value, locale=babel_locale(lang))


def format_date(value: dt.date, lang: str | None = None) -> str:
    """Long date: ``23. november 2026``."""
    from babel.dates import format_date as _babel_format_date

    return _babel_format_date(value, format="long", locale=babel_locale(lang))


def format_date_short(value: dt.date) -> str:
    """Short Norwegian date ``23.11.2026`` (the same in bokmål and nynorsk)."""
    return value.strftime("%d.%m.%Y")


def parse_date(text: str) -> dt.date:
    """Parse ``dd.mm.åååå`` (also ``d.m.åååå``) or ISO ``åååå-mm-dd``; Norwegian message on error."""
    raw = text.strip()
    try:
        if "-" in raw:
            return dt.date.fromisoformat(raw)
        day, month, year = (int(part) for part in raw.split("."))
        if year < 1000:
            raise ValueError
        return dt.date(year, month, day)
    except (ValueError, TypeError) as exc:
        raise ValueError(_("«{tekst}» er ikke en gyldig dato (dd.mm.åååå).", tekst=text)) from exc
