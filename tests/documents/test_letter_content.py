"""Every letter type in bokmål and nynorsk: the text in the PDF carries what the law asks for."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from kvp_desktop.documents.letters import kroner, letter_types
from kvp_desktop.documents.model import LETTER_TYPES
from kvp_desktop.documents.samples import SAMPLE_NAME
from kvp_desktop.i18n import format_money

LANGS = ("nb", "nn")
DECISIONS = tuple(t for t in LETTER_TYPES if LETTER_TYPES[t].is_decision)
NOT_DECISIONS = tuple(t for t in LETTER_TYPES if not LETTER_TYPES[t].is_decision)

# What the sample of each type must show, the same in both written standards.
EXPECTED: dict[str, tuple[str, ...]] = {
    "innvilgelse": ("278 697 kr", "23 224,75 kr", "38 kr", "1 646,67 kr", "136 549,00 kr",
                    "3. november 2026", "4. januar 2027", "3. januar 2028", "12. februar 2027", "37,5",
                    "time for time", "krone for krone", "§ 33", "§ 36", "§ 37", "§ 38", "§ 29"),
    "avslag": ("3. november 2026", "§ 29 første ledd", "§ 14 a", "NAV klageinstans"),
    "forlengelse": ("5. januar 2027", "3. januar 2028", "4. januar 2027", "278 697 kr", "23 224,75 kr", "§ 32"),
    "saerskilt_forlengelse": ("4. januar 2027", "3. juli 2027", "3. januar 2027", "§ 32"),
    "forhandsvarsel_stans": ("4. januar 2027", "15. desember 2026", "§ 34", "§ 16"),
    "forhandsvarsel": ("18 293,76 kr", "1. juni 2026", "31. august 2026", "15. desember 2026", "§ 23", "§ 16"),
    "stans": ("14. desember 2026", "10. november 2026", "§ 34"),
    "permisjon": ("velferdspermisjon", "14. desember 2026", "18. desember 2026", "11. juni 2027", "§ 36"),
    "refusjon": ("46 449,50 kr", "38 400,18 kr", "1. august 2026", "30. september 2026", "§ 38"),
    "ikke_individuell_plan": ("15. november 2026", "§ 33"),
    "tilbakebetaling": ("18 293,76 kr", "18 293,76 kr", "4. januar 2027", "1234.56.78903", "§ 40 andre ledd", "§ 23"),
    "deltakerbevis": ("92,5 prosent", "14. mars 1992", "6. januar 2025", "27. november 2026",
                      "60 %", "Truckf"),
}

PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "law": "sosialtjenesteloven",
        "deadline": "Klagefristen er tre uker fra den dagen du mottok dette brevet (forvaltningsloven § 29)",
        "complaint": "Du har rett til å klage",
        "send": "Send klagen til NAV Fjordvik, Postboks 123, 5999 Fjordvik",
        "appeal": "Statsforvalteren i Vestland",
        "access": "Du har rett til å se dokumentene i saken",
        "access_ref": "forvaltningsloven §§ 18 og 19",
        "postpone": "forvaltningsloven § 42",
        "reasons_ref": "forvaltningsloven §§ 24 og 25",
        "not_decision": "Det er ikke et vedtak",
        "closing": "Med vennlig hilsen",
    },
    "nn": {
        "law": "sosialtenestelova",
        "deadline": "Klagefristen er tre veker frå den dagen du fekk dette brevet (forvaltningslova § 29)",
        "complaint": "Du har rett til å klage",
        "send": "Send klaga til NAV Fjordvik, Postboks 123, 5999 Fjordvik",
        "appeal": "Statsforvaltaren i Vestland",
        "access": "Du har rett til å sjå dokumenta i saka",
        "access_ref": "forvaltningslova §§ 18 og 19",
        "postpone": "forvaltningslova § 42",
        "reasons_ref": "forvaltningslova §§ 24 og 25",
        "not_decision": "Det er ikkje eit vedtak",
        "closing": "Med venleg helsing",
    },
}

# Words that belong to one written standard only: a nynorsk letter must not contain the
# bokmål forms, and the other way round.
BOKMAL_ONLY = ("ikke", "fra", "hva", "hvis", "disse", "mottok", "uker", "dokumentene", "saken", "hvordan",
               "ytelser", "kontakte oss hvis", "vennlig", "hilsen", "vurderingen")
NYNORSK_ONLY = ("ikkje", "frå", "kva", "viss", "desse", "fekk", "veker", "sjå", "dokumenta", "korleis",
                "ytingar", "venleg", "helsing", "vurderinga", "eit")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\wæøåÆØÅ]+", text.lower()))


def test_every_letter_type_has_expectations() -> None:
    assert set(EXPECTED) == set(letter_types())
    assert DECISIONS and NOT_DECISIONS == ("forhandsvarsel_stans", "forhandsvarsel", "deltakerbevis")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("letter_type", letter_types())
def test_letter_has_recipient_date_and_case_facts(
    letter_type: str, lang: str, sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]
) -> None:
    text = text_of(sample_pdf(letter_type, lang))
    assert SAMPLE_NAME in text
    assert "c/o Åse Løvås" in text
    assert "Kjærlighetsstien 7 B" in text
    assert "5999 Fjordvik" in text
    assert "1. desember 2026" in text  # the letter date
    assert "2026/1234-7" in text and "KVP-2026-0042" in text
    assert re.search(r"Side 1 av (\d)", text)
    assert "Org.nr. 999 999 999" in text
    for expected in EXPECTED[letter_type]:
        assert expected in text, f"{letter_type}/{lang}: mangler «{expected}»"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("letter_type", DECISIONS)
def test_decision_has_the_forvaltningsloven_blocks(
    letter_type: str, lang: str, sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]
) -> None:
    text = text_of(sample_pdf(letter_type, lang))
    p = PHRASES[lang]
    for key in ("deadline", "complaint", "send", "appeal", "access", "access_ref", "postpone", "reasons_ref",
                "closing", "law"):
        assert p[key] in text, f"{letter_type}/{lang}: mangler {key}: «{p[key]}»"
    # the case handler by name, with contact
    assert "Ingrid Ødegård Haugen" in text
    assert "55 00 00 17" in text and "ingrid.haugen@fjordvik.kommune.example" in text
    assert "Per Åsheim" in text  # the person responsible


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("letter_type", NOT_DECISIONS)
def test_notice_and_certificate_have_no_complaint_block(
    letter_type: str, lang: str, sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]
) -> None:
    text = text_of(sample_pdf(letter_type, lang))
    p = PHRASES[lang]
    assert p["complaint"] not in text
    assert "Klagefristen" not in text
    assert p["appeal"] not in text
    if letter_type in ("forhandsvarsel_stans", "forhandsvarsel"):
        assert p["not_decision"] in text
        assert ("forvaltningsloven § 16" if lang == "nb" else "forvaltningslova § 16") in text
        assert p["access"] in text
    else:
        together = ("skrevet i samarbeid med deltakeren" if lang == "nb"
                    else "skrive i samarbeid med deltakaren")
        assert together in text


@pytest.mark.parametrize("letter_type", letter_types())
def test_nynorsk_letters_use_no_bokmal_forms(
    letter_type: str, sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]
) -> None:
    words = _words(text_of(sample_pdf(letter_type, "nn")))
    phrases = text_of(sample_pdf(letter_type, "nn")).lower()
    found = sorted(w for w in BOKMAL_ONLY if (w in words if " " not in w else w in phrases))
    assert not found, f"bokmålsord i nynorskbrevet {letter_type}: {found}"


@pytest.mark.parametrize("letter_type", letter_types())
def test_bokmal_letters_use_no_nynorsk_forms(
    letter_type: str, sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]
) -> None:
    words = _words(text_of(sample_pdf(letter_type, "nb")))
    found = sorted(w for w in NYNORSK_ONLY if w in words)
    assert not found, f"nynorskord i bokmålsbrevet {letter_type}: {found}"


def test_grant_letter_states_the_standing_information(
    sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]
) -> None:
    nb = text_of(sample_pdf("innvilgelse", "nb"))
    assert "ugyldig fravær" in nb and "Barnetillegget blir ikke redusert ved ugyldig fravær" in nb
    assert "dagpenger, sykepenger eller foreldrepenger" in nb
    assert "etterskuddsvis" in nb and "den 12. i måneden etter" in nb
    assert "rett til en individuell plan" in nb
    nn = text_of(sample_pdf("innvilgelse", "nn"))
    assert "ugyldig fråvær" in nn and "Barnetillegget blir ikkje redusert ved ugyldig fråvær" in nn
    assert "dagpengar, sjukepengar eller foreldrepengar" in nn
    assert "etterskotsvis" in nn and "den 12. i månaden etter" in nn
    assert "rett til ein individuell plan" in nn
    assert "søknaden din" in nn and "Vedtaket gjeld for 12 månader" in nn


def test_whole_kroner_drop_the_ore_and_other_amounts_match_format_money() -> None:
    assert kroner(Decimal("265657.00"), "nb").replace("\u00a0", " ") == "265 657 kr"
    assert kroner(Decimal("265657"), "nn").replace("\u00a0", " ") == "265 657 kr"
    assert kroner(Decimal("23224.75"), "nb") == format_money(Decimal("23224.75"), "nb")
    assert kroner(Decimal("1000.50"), "nb").replace("\u00a0", " ") == "1 000,50 kr"
    assert kroner(Decimal("0.00"), "nb").replace("\u00a0", " ") == "0 kr"
