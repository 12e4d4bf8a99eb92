"""The nynorsk and English catalogs are complete.

A message without a translation falls back to bokmål at run time, and ``make i18n`` blanks a translation
that is identical to its bokmål id. So an empty ``nn`` message is only right when the text is the same in
both written standards («Status», «Kommune», «&Lagre PDF…»). Which texts differ is told by
``BOKMAL_MARKERS``: words and word parts whose nynorsk form is another (ikke/ikkje, fra/frå, hva/kva,
-lig/-leg, uke/veke, navn/namn, -inger/-ingar, -ene/-ane, passive -es/-ast, …). A message that matches
and still is the same in nynorsk goes into ``NN_SAME_AS_BOKMAL``; an English text that is the same as the
Norwegian one (a name, a code, a file filter) goes into ``EN_SAME_AS_BOKMAL``.

Run ``make i18n`` after translating, so the compiled ``kvp.mo`` follows the ``kvp.po``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kvp_desktop.i18n_catalogs import catalog_file

ROOT = Path(__file__).resolve().parents[3]

BOKMAL_MARKERS = re.compile(
    r"(?i)\b(ikke|hv\w*|noen|noe|mye|fra|frem\w*|bare|hele|heltid|jeg|være|vært|mer|meget|ble|uten|samme|sammen|også"
    r"|dere|deres|dem|de|kommer|komme|gjør\w*|velg|åpne\w*|en|et|ett|gjelder|satt|tatt|tas|lager|lages|laget|nå|ennå"
    r"|allerede|dager|timer|minutter|nyeste|eneste|viktigste|søker\w*|leder\w*|skadet?|skadede|finnes|fylles|leses"
    r"|brukes|annen|annet|egen\w*|eget|egne|flere|høy\w*|syk\w*|hjem\w*|mottatt|skrevet|skrev|skriver|personer"
    r"|perioder|faser|aktiviteter|satser|frister|maler|poster|kolonner|konflikter|versjoner|detaljer|resultater"
    r"|dokumenter|notater|varsler|typer|advarsel|advarsler|valgt\w*|valg|antall|\w*tall|ukjent|kilde\w*|skole\w*"
    r"|mangler|ligge\w*|begynne\w*|mandag|tirsdag|lørdag|\w*sted|bopel|tilpasset|utenfor|innenfor|innen|bedre|fant"
    r"|forventet|holdt|avbrutt|godkjent|lagret|avsluttet|endret|slettet|startet|opprettet|fattet|innvilget|lukket"
    r"|trukket|starter|venter|krever|trenger|sier|mottar|deltar|følger|hører|eksempel|kjør|kjører|kjøre|økt|pågår"
    r"|funnet|brudd|sifre|sommer\w*|stanset|takket|logget|flyttet|uventet|utarbeidet|gjenopprettet|overskredet"
    r"|\w*(borger|byder|bygger|vansker|agte|givning|ende|ede|ene|ens|ets)|\w+heter)\b"
    r"|\w*(lig|lige|ligere|ligst)\b|\w{2,}(inger|ingen|heten|het|else|elsen|elser|taker\w*)\b|\w{3,}es\b"
    r"|uke|måned|filen|listen|sikkerhetskopi|veiled|saksbehandl|navn|forvalter|punkter|ganger|tegn|skudd|ytelse"
    r"|vindu|anførsel|behold|innstilling|fravær|forhånd|regne|beregn|hensyn|hoved|lønn|nødvendig|selv|innhold"
    r"|hendelse|husstand|mestring|penger|tjeneste|bost|videre|skole|gave|veis|foreslå|kobl|etterlatt|område"
)

# Bokmål words that never belong in a nynorsk text (ikkje, kva, kven, nokon, mykje, frå, berre, heile, eg, vere,
# vart, utan, òg, meir, noko, enno, kjem, gjer, brukar).
BOKMAL_ONLY_WORDS = re.compile(
    r"(?i)\b(ikke|hva|hvem|hvor|hvordan|hvorfor|hvilke|hvilken|hvilket|hvis|noen|mye|fra|bare|hele|jeg|være|ble"
    r"|uten|også|mer|noe|ennå|kommer|gjør|bruker)\b"
)

# Messages that match BOKMAL_MARKERS but read the same in nynorsk.
NN_SAME_AS_BOKMAL = frozenset({
    "Kontorets",  # as «Behald &kontorets»: the choice of the office's version in a conflict
    "Utekopiens",
    "Ta &utekopiens",
    "Lisens: {lisens}",
    "Oppgi --user BRUKERNAVN for å importere (eller bruk --dry-run).",  # BRUKERNAVN is the option's metavar
    "språk: nb (standard), nn eller en",  # «en» is the language code
    "Oppgi --user BRUKERNAVN.",  # BRUKERNAVN is the option's metavar
    "Neste steg i sakene dine (Ctrl+T)",  # «sakene» is nynorsk too
})

# Nynorsk texts that name a bokmål word on purpose (the values a file may hold).
NN_MAY_NAME_BOKMAL = frozenset({
    "Arbeidserfaring: «{verdi}» må være ingen, lite eller noe.",
})

# Messages whose English text is the same as the Norwegian one.
EN_SAME_AS_BOKMAL = frozenset({
    "&KOSTRA 11CF…", "&Person:", "&Start", "&Start:", "&Type", "(person {id})", "15 min", "30 min",
    "Administrator", "Bokmål", "Database: {navn}", "Database: {sted}", "Excel (*.xlsx);;CSV (*.csv)", "FATAL",
    "INFO", "KOSTRA 11CF", "KVP Desktop", "KVP Desktop {versjon}", "KVP Desktop – {kontor}", "Nynorsk", "OK",
    "PDF (*.pdf)", "Person", "Person:", "Status", "{dato}: {gruppe}", "{felt}: {feil}", "§ 20a",
    # Codes, example values and place names in the office setup, and the name of a database object.
    "3104", "3905", "55 55 33 33", "NAV Tønsberg", "Start", "Tønsberg", "Vestfold", "trigger",
})

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _words(text: str) -> str:
    """The text a reader sees: without {placeholders} and keyboard accelerators."""
    return _PLACEHOLDER.sub(" ", text).replace("&", "")


def looks_bokmal(text: str) -> bool:
    """Whether ``text`` has a word whose nynorsk form differs, so it must be translated."""
    return BOKMAL_MARKERS.search(_words(text)) is not None


def _messages(lang: str) -> dict[str, str]:
    with catalog_file(ROOT, lang).open("rb") as handle:
        return {str(m.id): str(m.string or "") for m in read_po(handle) if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize(
    ("text", "differs"),
    [("Gjennomganger", True), ("Kan ikke lese filen {fil}.", True), ("Ferieuker per år", True),
     ("Kontorets navn", True), ("Målformen må være bokmål eller nynorsk.", True), ("Månedlig, etterskuddsvis", True),
     ("&Brukerveiledning", True), ("Utbetalingen går månedlig.", True), ("Fylket må fylles ut.", True),
     ("Status", False), ("&Lagre PDF…", False), ("Kommune", False), ("Søknader", False), ("{felt}: {feil}", False),
     ("Fødselsnummeret må ha 11 siffer.", False), ("Vil du slette fasen «{navn}»?", False)],
)
def test_the_markers_tell_texts_that_differ_in_nynorsk(text: str, differs: bool) -> None:
    assert looks_bokmal(text) is differs


def test_every_nynorsk_message_that_differs_from_bokmal_is_translated() -> None:
    nn = _messages("nn")
    untranslated = sorted(
        msgid for msgid, text in nn.items()
        if (not text or text == msgid) and msgid not in NN_SAME_AS_BOKMAL and looks_bokmal(msgid)
    )
    assert untranslated == [], f"{len(untranslated)} nynorske meldingar manglar omsetjing: {untranslated[:10]}"


def test_the_nynorsk_same_as_bokmal_list_names_only_messages_left_untranslated() -> None:
    nn = _messages("nn")
    stale = sorted(msgid for msgid in NN_SAME_AS_BOKMAL if msgid not in nn or nn[msgid] not in ("", msgid))
    assert stale == []


def test_nynorsk_translations_have_no_bokmal_words() -> None:
    leftovers = sorted(
        (msgid, text) for msgid, text in _messages("nn").items()
        if text and msgid not in NN_MAY_NAME_BOKMAL and BOKMAL_ONLY_WORDS.search(_words(text))
    )
    assert leftovers == [], leftovers[:10]


def test_every_english_message_is_translated() -> None:
    en = _messages("en")
    untranslated = sorted(
        msgid for msgid, text in en.items() if (not text or text == msgid) and msgid not in EN_SAME_AS_BOKMAL)
    assert untranslated == [], f"{len(untranslated)} English messages lack a translation: {untranslated[:10]}"
    stale = sorted(msgid for msgid in EN_SAME_AS_BOKMAL if msgid not in en or en[msgid] not in ("", msgid))
    assert stale == []
