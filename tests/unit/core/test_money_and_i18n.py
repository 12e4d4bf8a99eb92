"""Money, formatting and the catalogs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kvp_desktop import i18n
from kvp_desktop.i18n_catalogs import catalog_file, extract
from kvp_desktop.money import MoneyError, from_ore, parse_amount, round_krone, round_ore, to_ore
from kvp_desktop.sort_key import norwegian_sort_key

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 234,50", "1234.50"), ("1234.5", "1234.50"), ("\u00a01\u00a0234,5 kr", "1234.50"), (12, "12.00"),
     (Decimal("0.1"), "0.10"), ("-3,00", "-3.00")],
)
def test_parse_amount(text: str | int | Decimal, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,234,5", "1.005", "NaN", "Infinity", True])
def test_parse_amount_refuses_in_norwegian(text: object) -> None:
    with pytest.raises(MoneyError) as error:
        parse_amount(text)  # type: ignore[arg-type]
    assert any(word in str(error.value) for word in ("Beløpet", "beløp"))


def test_rounding_is_half_up_in_one_place() -> None:
    assert round_ore(Decimal("0.005")) == Decimal("0.01")
    assert round_ore(Decimal("-0.005")) == Decimal("-0.01")
    assert round_krone(Decimal("253141.148")) == Decimal("253141.00")
    assert round_krone(Decimal("177104.5")) == Decimal("177105.00")
    assert to_ore(Decimal("1234.56")) == 123456 and from_ore(123456) == Decimal("1234.56")
    with pytest.raises(MoneyError):
        to_ore(Decimal("1.234"))


def test_norwegian_formats() -> None:
    assert i18n.format_money(Decimal("1234.5")) == "1\u00a0234,50\u00a0kr"
    assert i18n.format_date(dt.date(2026, 12, 1)) == "1. desember 2026"
    assert i18n.format_date(dt.date(2026, 11, 23), "nn") == "23. november 2026"
    assert i18n.format_date_short(dt.date(2026, 1, 5)) == "05.01.2026"
    assert i18n.format_number(Decimal("37.5"), decimals=1) == "37,5"
    assert i18n.parse_date("1.12.2026") == dt.date(2026, 12, 1)
    assert i18n.parse_date("2026-12-01") == dt.date(2026, 12, 1)
    with pytest.raises(ValueError, match="ikke en gyldig dato"):
        i18n.parse_date("31.11.2026")
    with pytest.raises(TypeError):
        i18n.format_money(1.5)  # type: ignore[arg-type]


def test_translation_and_language_switch() -> None:
    assert i18n.translate("Personer", "nb") == "Personer"
    i18n.set_language("en")
    try:
        assert i18n.current_language() == "en"
    finally:
        i18n.set_language("nb")
    with pytest.raises(ValueError):
        i18n.set_language("sv")


def test_bokmal_catalog_is_complete_and_others_present() -> None:
    """Every message in the source is in the nb catalog, translated (run ``make i18n`` if not)."""
    from babel.messages.pofile import read_po

    source = {m.id for m in extract(ROOT) if m.id}
    with catalog_file(ROOT, "nb").open("rb") as handle:
        nb = {m.id: m.string for m in read_po(handle) if m.id}
    missing = sorted(source - set(nb))
    assert missing == [], f"Kjør «make i18n»: {missing[:5]}"
    assert all(nb[m] for m in source)
    for lang in ("nn", "en"):
        with catalog_file(ROOT, lang).open("rb") as handle:
            assert len([m for m in read_po(handle) if m.id]) >= len(source)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_compiled_catalog_the_program_reads_matches_its_po_file(lang: str) -> None:
    """``kvp.mo`` is what start-up reads; it must say what ``kvp.po`` says (run ``make i18n`` if not).

    Compared by content — every message and its translation — not byte for byte: the header names the
    Babel version that compiled it, and a Babel release must not turn a fresh clone's CI red.
    """
    import gettext
    import io

    from kvp_desktop.i18n import compile_catalog

    def messages(mo: bytes) -> dict[object, object]:
        catalog = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
        header = str(catalog.pop("", ""))
        kept = [line for line in header.splitlines() if not line.startswith(("Generated-By:", "POT-Creation-Date:"))]
        return {**catalog, "": kept}

    po = catalog_file(ROOT, lang)
    assert messages(po.with_suffix(".mo").read_bytes()) == messages(compile_catalog(po.read_bytes(), lang)), (
        "Kjør «make i18n»")


def test_norwegian_sort_key_puts_aeoeaa_after_z() -> None:
    names = ["Åse", "Ødegård", "Zahl", "Ærlig", "Aasen", "Éric", "Berg", "Ås"]
    assert sorted(names, key=norwegian_sort_key) == ["Berg", "Éric", "Zahl", "Ærlig", "Ødegård", "Ås", "Åse", "Aasen"]


def test_translations_keep_every_placeholder() -> None:
    """A translated message must name the same {placeholders}, or formatting would fail at run time."""
    import re

    from babel.messages.pofile import read_po

    pattern = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)")
    for lang in ("nb", "nn", "en"):
        with catalog_file(ROOT, lang).open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    assert set(pattern.findall(str(message.id))) == set(pattern.findall(str(message.string))), (
                        lang, message.id)
