# Kept whole (~1 190 lines): SSB's control rules for 11CF in SSB's order, one function per rule, so it reads against
# SSB's kontrollprogram rule by rule.
"""SSB's control rules for KOSTRA form 11CF, in SSB's order, one function per rule.

The behaviour follows SSB's public kontrollprogram (``KvalifiseringMain`` and the rules it runs):

- the file is read as ISO-8859-1 and split on ``\\n``; ``\\r`` is stripped and empty lines are
  dropped, and line numbers count the remaining (non-empty) lines, as SSB numbers them;
- the pre-checks Rule000 (attachment) and Rule001 (record length) are FATAL; when either finds
  anything, SSB stops there and runs none of the other rules for the whole file, and so do we;
- dates are read leniently (31.04 is read as 30.04) except in Rule037, which wants a real date;
- ages are the reporting year minus the birth year read from the fødselsnummer.

Every finding carries the rule id, SSB's severity, the line number, the journal number, the
fødselsnummer masked as ``ddmmåå*****`` (never the whole number) and a Norwegian message.
Messages are bokmål msgids (:func:`kvp_desktop.i18n.N_`); :attr:`Finding.message` is rendered in
the current language, :meth:`Finding.render` renders it in another.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import Enum
from pathlib import Path
from typing import Any, TypeAlias

from kvp_desktop.exports.kostra11cf import fodselsnummer
from kvp_desktop.exports.kostra11cf.layout import DataType, FieldSpec, Layout, load_layout
from kvp_desktop.exports.kostra11cf.record import ENCODING, Kostra11CFRecord, parse_date, parse_line
from kvp_desktop.exports.kostra11cf.writer import encode_records
from kvp_desktop.i18n import N_, _, translate

# --------------------------------------------------------------------------------------------
# Findings and the report


class Severity(Enum):
    """SSB's severities. FATAL and ERROR stop the submission; WARNING and INFO do not."""

    INFO = 1
    WARNING = 2
    ERROR = 3
    FATAL = 4

    @property
    def blocks_submission(self) -> bool:
        return self in (Severity.ERROR, Severity.FATAL)

    @property
    def label(self) -> str:
        """The Norwegian word for the severity, for printing."""
        return translate(_SEVERITY_LABELS[self])


_SEVERITY_LABELS: dict[Severity, str] = {
    Severity.FATAL: N_("FATAL"),
    Severity.ERROR: N_("FEIL"),
    Severity.WARNING: N_("ADVARSEL"),
    Severity.INFO: N_("INFO"),
}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    title: str
    severity: Severity
    line: int | None
    journal_number: str | None
    masked_fodselsnummer: str | None
    field: str | None
    message: str
    message_id: str = dc_field(repr=False, default="")
    params: Mapping[str, object] = dc_field(repr=False, default_factory=dict, compare=False)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``nb``/``nn``/``en``), from the same msgid and parameters."""
        return translate(self.message_id, lang, **self.params) if self.message_id else self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity.name,
            "line": self.line,
            "journal_number": self.journal_number,
            "masked_fodselsnummer": self.masked_fodselsnummer,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class Report:
    year: int
    municipality: str | None
    record_count: int
    findings: tuple[Finding, ...]
    rules_run: tuple[str, ...]

    @property
    def counts(self) -> dict[Severity, int]:
        """Number of findings per severity (every severity present, zero when none)."""
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    @property
    def blocks_submission(self) -> bool:
        """True when SSB would refuse the file: any FATAL or ERROR finding."""
        return any(finding.severity.blocks_submission for finding in self.findings)

    def by_rule(self, rule_id: str) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.rule_id == rule_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "municipality": self.municipality,
            "record_count": self.record_count,
            "blocks_submission": self.blocks_submission,
            "counts": {severity.name: count for severity, count in self.counts.items()},
            "rules_run": list(self.rules_run),
            "findings": [finding.to_dict() for finding in self.findings],
        }


# --------------------------------------------------------------------------------------------
# One record as the rules read it


_KOTLIN_INT = re.compile(r"^[+-]?[0-9]+$")
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _to_int(text: str) -> int | None:
    """Kotlin's ``trim().toInt()``: an optional sign and ASCII digits, within 32 bits; else None."""
    stripped = text.strip()
    if not _KOTLIN_INT.match(stripped):
        return None
    value = int(stripped)
    return value if _INT_MIN <= value <= _INT_MAX else None


def _lenient_date(text: str) -> dt.date | None:
    """``ddMMyyyy`` read like SSB's default (smart) Java parser."""
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    return fodselsnummer.lenient_date(int(text[:2]), int(text[2:4]), int(text[4:]))


@dataclass(frozen=True)
class ParsedRecord:
    line: int
    values: Mapping[str, str]

    def __getitem__(self, name: str) -> str:
        """The raw, untrimmed text of a field."""
        return self.values[name]

    def trimmed(self, name: str) -> str:
        return self.values[name].strip()

    def int_or_none(self, name: str) -> int | None:
        return _to_int(self.values[name])

    def int_or_zero(self, name: str) -> int:
        value = _to_int(self.values[name])
        return 0 if value is None else value

    def lenient_date(self, name: str) -> dt.date | None:
        return _lenient_date(self.values[name])

    def strict_date(self, name: str) -> dt.date | None:
        return parse_date(self.values[name])

    @property
    def journal_number(self) -> str | None:
        return self.trimmed(F_JOURNALNR) or None

    @property
    def masked_fodselsnummer(self) -> str | None:
        return fodselsnummer.mask(self.values[F_FNR])


# Field names used by the rules (SSB's names; identical in the 2025 and 2026 layouts).
F_KOMMUNE_NR = "KOMMUNE_NR"
F_VERSION = "VERSION"
F_BYDELSNR = "BYDELSNR"
F_FODSELSDATO = "FODSELSDATO"
F_JOURNALNR = "PERSON_JOURNALNR"
F_FNR = "PERSON_FODSELSNR"
F_KJONN = "KJONN"
F_EKTSTAT = "EKTSTAT"
F_BU18 = "BU18"
F_ANTBU18 = "ANTBU18"
F_REG_DATO = "REG_DATO"
F_VEDTAK_DATO = "VEDTAK_DATO"
F_BEGYNT_DATO = "BEGYNT_DATO"
F_KVP_KOMM = "KVP_KOMM"
F_KOMMNR_KVP_KOMM = "KOMMNR_KVP_KOMM"
F_YTELSE_SOSHJELP = "YTELSE_SOSHJELP"
F_YTELSE_TYPE_SOSHJ = "YTELSE_TYPE_SOSHJ"
F_KVP_MED_ASTONAD = "KVP_MED_ASTONAD"
KVP_MED_SUB_FIELDS = (
    "KVP_MED_KOMMBOS",
    "KVP_MED_HUSBANKBOS",
    "KVP_MED_SOSHJ_ENGANG",
    "KVP_MED_SOSHJ_PGM",
    "KVP_MED_SOSHJ_SUP",
)
MONTH_FIELDS = tuple(f"STMND_{month}" for month in range(1, 13))
F_KVP_STONAD = "KVP_STONAD"
F_STATUS = "STATUS"
F_AVSL_DATO = "AVSL_DATO"
SITUATION_FIELDS = (
    "AVSL_ORDINAERTARB",
    "AVSL_ARBLONNSTILS",
    "AVSL_ARBMARK",
    "AVSL_SKOLE",
    "AVSL_UFORE",
    "AVSL_AAP",
    "AVSL_OK_AVKLAR",
    "AVSL_UTEN_OK_AVKLAR",
    "AVSL_ANNET",
    "AVSL_UKJENT",
)
F_VIKTIGSTE_INNTEKT = "AVSL_VIKTIGSTE_INNTEKT"

JA = "1"
NEI = "2"
STATUS_ACTIVE = "1"
STATUS_LEAVE = "2"  # permisjon
STATUS_COMPLETED = "3"
STATUS_ENDED_AFTER_BREAK = "7"
STATUSES_REQUIRING_END_DATE = ("3", "4", "5", "7")
OSLO = "0301"
OSLO_DISTRICTS = tuple(f"{number:02d}" for number in range(1, 16))
MIN_AGE = 18
MAX_AGE = 68
CHILD_COUNT_THRESHOLD = 14
STONAD_SUM_MAX = 600_000
MAX_DATE_AGE_YEARS = 4


@dataclass(frozen=True)
class _Context:
    year: int
    municipality: str | None
    layout: Layout

    def spec(self, name: str) -> FieldSpec:
        return self.layout.field(name)

    def has_code(self, record: ParsedRecord, name: str) -> bool:
        return self.spec(name).has_code(record[name])


@dataclass(frozen=True)
class _Hit:
    """What a rule found in one record; the runner adds the rule's id, title and severity."""

    record: ParsedRecord
    template: str
    params: Mapping[str, object]
    field: str | None


def _hit(record: ParsedRecord, template: str, field: str | None, **params: object) -> _Hit:
    return _Hit(record, template, params, field)


RuleFunction: TypeAlias = Callable[[Sequence[ParsedRecord], _Context], Iterable[_Hit]]


@dataclass(frozen=True)
class RuleInfo:
    rule_id: str
    title: str
    severity: Severity
    function: RuleFunction = dc_field(repr=False, compare=False)


RULES: list[RuleInfo] = []
"""The record rules in SSB's order (after the pre-checks Rule000 and Rule001)."""


def _rule(rule_id: str, title: str, severity: Severity) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(RuleInfo(rule_id, title, severity, function))
        return function

    return register


# --------------------------------------------------------------------------------------------
# Pre-checks on the whole file (FATAL)

RULE000 = "Rule000HasAttachment"
RULE000_TITLE = "Kontroll 000 : Skal levere filuttrekk"
RULE001 = "Rule001RecordLength"
RULE001_TITLE = "Kontroll 001 : Recordlengde"
RULE002 = "Rule002FileDescription"
RULE002_TITLE = "Kontroll 002 : Filbeskrivelse"

MSG_000_EMPTY = N_(
    "Det er krysset av i skjemaet at det finnes deltakere, men filen er tom eller inneholder bare et mellomrom."
)
MSG_000_NOT_EMPTY = N_(
    "Det er krysset av i skjemaet at det ikke finnes deltakere, men filen som er levert, har annet "
    "innhold enn ett mellomrom. Lever en fil som bare inneholder ett mellomrom når det ikke har vært "
    "noen mottakere av kvalifiseringsstønad i {aar}."
)
MSG_001 = N_(
    "Korrigér filen slik at alle records er på {lengde} tegn. Mellomrom brukes for alle blanke "
    "posisjoner, og hver record avsluttes med linjeskift. Denne linjen har {faktisk} tegn{tab}. "
    "Feilen hindrer de andre kontrollene i å bli kjørt."
)
MSG_001_TAB = N_(" og inneholder tabulator")


def _pre_finding(rule_id: str, title: str, line: int | None, template: str, **params: object) -> Finding:
    return Finding(
        rule_id=rule_id,
        title=title,
        severity=Severity.FATAL,
        line=line,
        journal_number=None,
        masked_fodselsnummer=None,
        field=None,
        message=translate(template, None, **params),
        message_id=template,
        params=params,
    )


def rule_000_has_attachment(content: str, has_participants: bool, year: int) -> list[Finding]:
    """FATAL when the file does not match the form's "has participants" answer. SSB's empty file is
    a single space; we also treat a file with no records at all as empty."""
    is_empty = content.strip(" \r\n") == ""
    if has_participants and is_empty:
        return [_pre_finding(RULE000, RULE000_TITLE, None, MSG_000_EMPTY)]
    if not has_participants and content != " ":
        return [_pre_finding(RULE000, RULE000_TITLE, None, MSG_000_NOT_EMPTY, aar=year)]
    return []


def rule_001_record_length(lines: Sequence[str], layout: Layout) -> list[Finding]:
    """FATAL for every (non-empty) line whose length is not the layout's record length, or which
    contains a tab (the spec allows no blank characters other than the space)."""
    findings = []
    for number, line in enumerate(lines, start=1):
        if len(line) != layout.record_length or "\t" in line:
            tab = translate(MSG_001_TAB) if "\t" in line else ""
            findings.append(
                _pre_finding(
                    RULE001, RULE001_TITLE, number, MSG_001, lengde=layout.record_length, faktisk=len(line), tab=tab
                )
            )
    return findings


# --------------------------------------------------------------------------------------------
# Rule002: the file description itself (not part of SSB's 11CF run; opt-in)

MSG_002_MANDATORY = N_(
    "Korrigér felt {nummer} / '{felt}', posisjon fra og med {fra} til og med {til}, mangler obligatorisk verdi."
)
MSG_002_INTEGER = N_(
    "Korrigér felt {nummer} / '{felt}', posisjon fra og med {fra} til og med {til}, er et tallfelt, "
    "men inneholder '{verdi}'."
)
MSG_002_DATE = N_(
    "Korrigér felt {nummer} / '{felt}', posisjon fra og med {fra} til og med {til}, er et datofelt med "
    "datomønster '{monster}', men inneholder '{verdi}'."
)
MSG_002_CODE = N_(
    "Korrigér felt {nummer} / '{felt}', posisjon fra og med {fra} til og med {til}, sin kode '{verdi}' "
    "finnes ikke i {koder}."
)


def rule_002_file_description(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Every field against the file description: mandatory values, integers, dates, code lists.

    SSB publishes this rule but does not run it for 11CF (its specific rules cover the same fields),
    so :func:`check_file` runs it only with ``include_file_description=True``."""
    for record in records:
        for spec in ctx.layout.fields:
            raw = record[spec.name]
            where: dict[str, object] = {"nummer": spec.number, "felt": spec.name, "fra": spec.start, "til": spec.end}
            if not raw.strip():
                if spec.mandatory:
                    yield _hit(record, MSG_002_MANDATORY, spec.name, **where)
            elif spec.data_type is DataType.INTEGER:
                if record.int_or_none(spec.name) is None:
                    yield _hit(record, MSG_002_INTEGER, spec.name, verdi=raw, **where)
            elif spec.data_type is DataType.DATE:
                if record.lenient_date(spec.name) is None:
                    yield _hit(record, MSG_002_DATE, spec.name, verdi=raw, monster=spec.date_pattern.upper(), **where)
            elif spec.codes and not spec.has_code(raw):
                yield _hit(record, MSG_002_CODE, spec.name, verdi=raw, koder=spec.code_list_text(), **where)


# --------------------------------------------------------------------------------------------
# The record rules, in SSB's order


@_rule("Rule003Kommunenummer", "Kontroll 03 : Kommunenummer", Severity.ERROR)
def rule_003_kommunenummer(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """KOMMUNE_NR must be the reporting municipality (only checked when that is given)."""
    if ctx.municipality is None:
        return
    for record in records:
        if record[F_KOMMUNE_NR] != ctx.municipality:
            yield _hit(
                record,
                N_("Korrigér kommunenummeret. Fant {funnet}, forventet {forventet}."),
                F_KOMMUNE_NR,
                funnet=record[F_KOMMUNE_NR],
                forventet=ctx.municipality,
            )


@_rule("Rule003Bydelsnummer", "Kontroll 03 : Bydelsnummer", Severity.ERROR)
def rule_003_bydelsnummer(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Oslo (0301) must give one of its districts 01–15; every other municipality a blank BYDELSNR."""
    for record in records:
        district = record[F_BYDELSNR]
        if record[F_KOMMUNE_NR] == OSLO:
            if district not in OSLO_DISTRICTS:
                yield _hit(
                    record,
                    N_("Korrigér bydel. Fant {funnet}, forventet én av {bydeler}."),
                    F_BYDELSNR,
                    funnet=district,
                    bydeler="[" + ", ".join(OSLO_DISTRICTS) + "]",
                )
        elif district.strip():
            yield _hit(
                record,
                N_("Korrigér bydel. Fant {funnet}, forventet blank / '  '."),
                F_BYDELSNR,
                funnet=district,
            )


def _year_with_century(value: int) -> int:
    return 2000 + value if 1 <= value <= 99 else value


@_rule("Rule004OppgaveAar", "Kontroll 04 : Oppgaveår", Severity.ERROR)
def rule_004_oppgave_aar(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """VERSION (two digits) must be the reporting year."""
    for record in records:
        if _year_with_century(record.int_or_zero(F_VERSION)) != ctx.year:
            yield _hit(
                record,
                N_("Korrigér årgang. Fant {funnet}, forventet {forventet}."),
                F_VERSION,
                funnet=record[F_VERSION],
                forventet=f"{ctx.year % 100:02d}",
            )


@_rule("Rule004AFodselsDato", "Kontroll 04A : Fødselsdato", Severity.ERROR)
def rule_004a_fodselsdato(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """FODSELSDATO must be a date (DDMMÅÅÅÅ)."""
    for record in records:
        if record.lenient_date(F_FODSELSDATO) is None:
            yield _hit(
                record,
                N_(
                    "Det er ikke oppgitt fødselsdato, eller fødselsdatoen er ugyldig. Korrigér fødselsdatoen "
                    "til en gyldig dato. Fant ({funnet}), forventet (DDMMÅÅÅÅ)."
                ),
                F_FODSELSDATO,
                funnet=record[F_FODSELSDATO],
            )


@_rule("Rule005Fodselsnummer", "Kontroll 05 : Fødselsnummer", Severity.ERROR)
def rule_005_fodselsnummer(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """PERSON_FODSELSNR must be valid by the control digits, or a birth date with an adapted ending
    (00100, 00200, 99999). The value itself is never put in the message."""
    for record in records:
        if not fodselsnummer.is_valid(record[F_FNR], ctx.year):
            yield _hit(
                record,
                N_(
                    "Det er ikke oppgitt fødselsnummer/d-nummer på deltakeren, eller fødselsnummeret/d-nummeret "
                    "inneholder feil. Med mindre det er snakk om en utenlandsk statsborger som ikke er tildelt "
                    "norsk personnummer eller d-nummer, skal feltet inneholde deltakerens "
                    "fødselsnummer/d-nummer (11 siffer)."
                ),
                F_FNR,
            )


DUPLICATES_NAMED = 10


@_rule("Rule005aFoedselsnummerDubletter", "Kontroll 05A : Fødselsnummer, dubletter", Severity.ERROR)
def rule_005a_fodselsnummer_dubletter(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """The same valid fødselsnummer in more than one record."""
    groups: dict[str, list[ParsedRecord]] = defaultdict(list)
    for record in records:
        if fodselsnummer.is_valid(record[F_FNR], ctx.year):
            groups[record[F_FNR]].append(record)
    for group in groups.values():
        if len(group) < 2:
            continue
        # Linear in the group: each finding names at most DUPLICATES_NAMED other journals (taken from the
        # first records with another journal number) and counts the rest. Listing them all made a file
        # with thousands of copies of one person quadratic in time and in the size of the report.
        journals = [other[F_JOURNALNR] for other in group]
        per_journal = Counter(journals)
        first_distinct = list(dict.fromkeys(journals))[: DUPLICATES_NAMED + 1]
        for record in group:
            own = record[F_JOURNALNR]
            total = len(group) - per_journal[own]
            named: list[str] = []
            for journal in first_distinct:
                if journal != own:
                    named.extend([journal.strip()] * min(per_journal[journal], DUPLICATES_NAMED - len(named)))
                if len(named) >= DUPLICATES_NAMED:
                    break
            shown = ", ".join(named)
            if total > len(named):
                shown = _("{liste} og {antall} til", liste=shown, antall=total - len(named))
            yield _hit(
                record,
                N_("Fødselsnummeret i journalnummer {journal} finnes også i journalene {andre}."),
                F_FNR,
                journal=record.trimmed(F_JOURNALNR),
                andre=shown,
            )


@_rule("Rule005bJournalnummerDubletter", "Kontroll 05B : Journalnummer, dubletter", Severity.ERROR)
def rule_005b_journalnummer_dubletter(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """The same journal number in more than one record."""
    groups: dict[str, list[ParsedRecord]] = defaultdict(list)
    for record in records:
        groups[record[F_JOURNALNR]].append(record)
    for journal, group in groups.items():
        if len(group) < 2:
            continue
        for record in group:
            yield _hit(
                record,
                N_("Journalnummer {journal} forekommer {antall} ganger."),
                F_JOURNALNR,
                journal=journal.strip(),
                antall=len(group),
            )


def _age(record: ParsedRecord, year: int) -> int | None:
    """SSB's age (from the fødselsnummer); when the number gives no birth date, from FODSELSDATO."""
    age = fodselsnummer.age_in_years(record[F_FNR], year)
    if age is None:
        born = record.lenient_date(F_FODSELSDATO)
        age = None if born is None else year - born.year
    return age


@_rule("Rule006AlderUnder18Aar", "Kontroll 06 : Alder under 18 år", Severity.ERROR)
def rule_006_alder_under_18(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        age = _age(record, ctx.year)
        if age is not None and age < MIN_AGE:
            yield _hit(record, N_("Deltakeren ({alder} år) er under 18 år."), F_FNR, alder=age)


@_rule("Rule007AlderErOver68Aar", "Kontroll 07 : Alder er 68 år eller over", Severity.WARNING)
def rule_007_alder_over_68(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Age above 68 in the reporting year (SSB's current limit; 68 itself passes)."""
    for record in records:
        age = _age(record, ctx.year)
        if age is not None and age > MAX_AGE:
            yield _hit(record, N_("Deltakeren ({alder} år) er over {grense} år."), F_FNR, alder=age, grense=MAX_AGE)


@_rule("Rule008Kjonn", "Kontroll 08 : Kjønn", Severity.ERROR)
def rule_008_kjonn(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if not ctx.has_code(record, F_KJONN):
            yield _hit(
                record,
                N_(
                    "Korrigér kjønn. Fant '{funnet}', forventet én av {koder}. Deltakerens kjønn er ikke fylt ut, "
                    "eller feil kode er benyttet. Feltet er obligatorisk å fylle ut."
                ),
                F_KJONN,
                funnet=record[F_KJONN],
                koder=ctx.spec(F_KJONN).code_list_text(),
            )


@_rule("Rule009Sivilstand", "Kontroll 09 : Sivilstand", Severity.ERROR)
def rule_009_sivilstand(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if not ctx.has_code(record, F_EKTSTAT):
            yield _hit(
                record,
                N_(
                    "Korrigér sivilstand. Fant '{funnet}', forventet én av {koder}. Deltakerens "
                    "sivilstand/sivilstatus ved siste kontakt med sosial-/NAV-kontoret er ikke fylt ut, eller "
                    "feil kode er benyttet. Feltet er obligatorisk å fylle ut."
                ),
                F_EKTSTAT,
                funnet=record[F_EKTSTAT],
                koder=ctx.spec(F_EKTSTAT).code_list_text(),
            )


@_rule(
    "Rule010HarBarnUnder18",
    "Kontroll 10 : Forsørgerplikt for barn under 18 år i husholdningen. Gyldige verdier",
    Severity.ERROR,
)
def rule_010_har_barn_under_18(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if not ctx.has_code(record, F_BU18):
            yield _hit(
                record,
                N_(
                    "Korrigér forsørgerplikt. Fant '{funnet}', forventet én av {koder}. Det er ikke krysset av "
                    "for om deltakeren har barn under 18 år som deltakeren (eventuelt ektefelle/samboer) har "
                    "forsørgerplikt for, og som bor i husholdningen ved siste kontakt. Feltet er obligatorisk "
                    "å fylle ut."
                ),
                F_BU18,
                funnet=record[F_BU18],
                koder=ctx.spec(F_BU18).code_list_text(),
            )


@_rule(
    "Rule011HarBarnUnder18MotAntallBarnUnder18",
    "Kontroll 11 : Det bor barn under 18 år i husholdningen. Mangler antall barn.",
    Severity.ERROR,
)
def rule_011_bu18_mot_antbu18(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """BU18 = 1 (ja) needs ANTBU18 above 0."""
    for record in records:
        if record[F_BU18] == JA and record.int_or_zero(F_ANTBU18) <= 0:
            yield _hit(
                record,
                N_(
                    "Det er krysset av for at det bor barn under 18 år i husholdningen som deltakeren eller "
                    "ektefelle/samboer har forsørgerplikt for, men det er ikke oppgitt hvor mange barn "
                    "('{antall}') som bor i husholdningen. Feltet er obligatorisk å fylle ut når det er "
                    "oppgitt at det bor barn under 18 år i husholdningen."
                ),
                F_ANTBU18,
                antall=record[F_ANTBU18],
            )


@_rule(
    "Rule012AntallBarnUnder18MotHarBarnUnder18",
    "Kontroll 12 : Det bor barn under 18 år i husholdningen.",
    Severity.ERROR,
)
def rule_012_antbu18_mot_bu18(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """ANTBU18 above 0 needs BU18 = 1 (ja)."""
    for record in records:
        if record.int_or_zero(F_ANTBU18) > 0 and record[F_BU18] != JA:
            yield _hit(
                record,
                N_(
                    "Det er oppgitt {antall} barn under 18 år som bor i husholdningen som deltakeren eller "
                    "ektefelle/samboer har forsørgerplikt for, men det er ikke oppgitt at det bor barn i "
                    "husholdningen. Feltet er obligatorisk å fylle ut når det er oppgitt antall barn under "
                    "18 år som bor i husholdningen."
                ),
                F_BU18,
                antall=record.int_or_zero(F_ANTBU18),
            )


@_rule("Rule013AntallBarnUnder18", "Kontroll 13 : Mange barn under 18 år i husholdningen.", Severity.ERROR)
def rule_013_antall_barn_under_18(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if record.int_or_zero(F_ANTBU18) >= CHILD_COUNT_THRESHOLD:
            yield _hit(
                record,
                N_("Antall barn ({antall}) under 18 år i husholdningen er {grense} eller flere. Er dette riktig?"),
                F_ANTBU18,
                antall=record.int_or_zero(F_ANTBU18),
                grense=CHILD_COUNT_THRESHOLD,
            )


_MSG_DATE_14_16 = N_(
    "Feltet for '{sporsmal}' med verdien ({funnet}) mangler utfylling, har ugyldig dato eller har en dato "
    "som er eldre enn 4 år fra rapporteringsåret ({aar}){fremtid}. Feltet er obligatorisk å fylle ut."
)
_MSG_FUTURE = N_(" eller etter rapporteringsåret")


def _programme_date_rule(
    records: Sequence[ParsedRecord], ctx: _Context, name: str, question: str, *, refuse_future: bool
) -> Iterator[_Hit]:
    """Rules 14–16: a valid date no more than four years before the reporting year. SSB skips Oslo,
    whose districts report these dates differently."""
    for record in records:
        if record[F_KOMMUNE_NR] == OSLO:
            continue
        date = record.lenient_date(name)
        if date is None or ctx.year - date.year > MAX_DATE_AGE_YEARS or (refuse_future and date.year > ctx.year):
            yield _hit(
                record,
                _MSG_DATE_14_16,
                name,
                sporsmal=question,
                funnet=record[name],
                aar=ctx.year,
                fremtid=translate(_MSG_FUTURE) if refuse_future else "",
            )


@_rule(
    "Rule014RegistreringsDato",
    "Kontroll 14 : Dato for registrert søknad ved NAV-kontoret",
    Severity.ERROR,
)
def rule_014_registreringsdato(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    question = translate(N_("Hvilken dato ble søknaden registrert ved NAV-kontoret?"))
    return _programme_date_rule(records, ctx, F_REG_DATO, question, refuse_future=False)


@_rule(
    "Rule015VedtakDato",
    "Kontroll 15 : Dato for fattet vedtak om program (søknad innvilget)",
    Severity.ERROR,
)
def rule_015_vedtak_dato(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    question = translate(N_("Hvilken dato ble det fattet vedtak om program? (søknad innvilget)"))
    return _programme_date_rule(records, ctx, F_VEDTAK_DATO, question, refuse_future=False)


@_rule(
    "Rule016BegyntDato",
    "Kontroll 16 : Dato for når deltakeren begynte i program (iverksettelse)",
    Severity.ERROR,
)
def rule_016_begynt_dato(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    question = translate(N_("Hvilken dato begynte deltakeren i program? (iverksettelse)"))
    return _programme_date_rule(records, ctx, F_BEGYNT_DATO, question, refuse_future=True)


@_rule(
    "Rule019KvalifiseringsprogramIAnnenKommune",
    "Kontroll 19 : Kvalifiseringsprogram i annen kommune",
    Severity.ERROR,
)
def rule_019_kvp_i_annen_kommune(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if not ctx.has_code(record, F_KVP_KOMM):
            yield _hit(
                record,
                N_(
                    "Feltet for 'Kommer deltakeren fra kvalifiseringsprogram i annen kommune?' er ikke fylt ut, "
                    "eller feil kode er benyttet ({funnet}). Feltet er obligatorisk å fylle ut."
                ),
                F_KVP_KOMM,
                funnet=record[F_KVP_KOMM],
            )


@_rule(
    "Rule020KvalifiseringsprogramIAnnenKommuneKommunenummer",
    "Kontroll 20 : Kvalifiseringsprogram i annen kommune. Kommunenummer",
    Severity.ERROR,
)
def rule_020_kvp_i_annen_kommune_kommunenummer(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """KVP_KOMM = 1 (ja) needs a municipality number from the code list in KOMMNR_KVP_KOMM."""
    yes = next((str(code) for code in ctx.spec(F_KVP_KOMM).codes if code.code == JA), JA)
    for record in records:
        if record[F_KVP_KOMM] == JA and not ctx.has_code(record, F_KOMMNR_KVP_KOMM):
            yield _hit(
                record,
                N_(
                    "Det er svart '{ja}' på om deltakeren kommer fra kvalifiseringsprogram i annen kommune, "
                    "men kommunenummeret ('{funnet}') mangler eller er ugyldig. Feltet er obligatorisk å fylle ut."
                ),
                F_KOMMNR_KVP_KOMM,
                ja=yes,
                funnet=record[F_KOMMNR_KVP_KOMM],
            )


@_rule(
    "Rule021Ytelser",
    "Kontroll 21 : Ytelser de to siste månedene før registrert søknad ved NAV-kontoret",
    Severity.ERROR,
)
def rule_021_ytelser(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """YTELSE_SOSHJELP = 1 needs the kind of social assistance in YTELSE_TYPE_SOSHJ."""
    for record in records:
        if record[F_YTELSE_SOSHJELP] == JA and not ctx.has_code(record, F_YTELSE_TYPE_SOSHJ):
            yield _hit(
                record,
                N_(
                    "Feltet for 'Hadde deltakeren i løpet av de siste to månedene før registrert søknad ved "
                    "NAV-kontoret en eller flere av følgende ytelser?' inneholder ugyldige verdier: det er "
                    "krysset av for sosialhjelp, men typen sosialhjelp ('{funnet}') mangler eller er ugyldig."
                ),
                F_YTELSE_TYPE_SOSHJ,
                funnet=record[F_YTELSE_TYPE_SOSHJ],
            )


@_rule(
    "Rule026MottattStotte",
    "Kontroll 26 : Mottatt økonomisk sosialhjelp, kommunal bostøtte eller Husbankens bostøtte i tillegg "
    "til kvalifiseringsstønad i løpet av ÅÅÅÅ",
    Severity.ERROR,
)
def rule_026_mottatt_stotte(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if not ctx.has_code(record, F_KVP_MED_ASTONAD):
            yield _hit(
                record,
                N_(
                    "Feltet for 'Har deltakeren i {aar} i løpet av perioden med kvalifiseringsstønad også mottatt "
                    "økonomisk sosialhjelp, kommunal bostøtte eller Husbankens bostøtte?' er ikke fylt ut, eller "
                    "feil kode ({funnet}) er benyttet. Feltet er obligatorisk å fylle ut."
                ),
                F_KVP_MED_ASTONAD,
                aar=ctx.year,
                funnet=record[F_KVP_MED_ASTONAD],
            )


@_rule(
    "Rule027MottattOkonomiskSosialhjelp",
    "Kontroll 27 : Mottatt økonomisk sosialhjelp, kommunal bostøtte eller Husbankens bostøtte i tillegg "
    "til kvalifiseringsstønad i løpet av ÅÅÅÅ. Svaralternativer",
    Severity.ERROR,
)
def rule_027_mottatt_okonomisk_sosialhjelp(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """KVP_MED_ASTONAD = 1 needs at least one of the five kinds; = 2 allows none of them."""
    for record in records:
        present = [name for name in KVP_MED_SUB_FIELDS if ctx.has_code(record, name)]
        answer = record[F_KVP_MED_ASTONAD]
        values = "{" + ", ".join(f"{name}={record[name]}" for name in KVP_MED_SUB_FIELDS) + "}"
        if answer == JA and not present:
            template = N_(
                "Svaralternativene for feltet 'Har deltakeren i {aar} i løpet av perioden med "
                "kvalifiseringsstønad mottatt økonomisk sosialhjelp, kommunal bostøtte eller Husbankens "
                "bostøtte?' har ugyldige koder. Det er svart at deltakeren har mottatt støtte, men ikke "
                "hvilken. {verdier}"
            )
        elif answer == NEI and present:
            template = N_(
                "Svaralternativene for feltet 'Har deltakeren i {aar} i løpet av perioden med "
                "kvalifiseringsstønad mottatt økonomisk sosialhjelp, kommunal bostøtte eller Husbankens "
                "bostøtte?' har ugyldige koder. Det er svart at deltakeren IKKE har mottatt støtte, men "
                "det er krysset av for støtte. {verdier}"
            )
        else:
            continue
        yield _hit(record, template, F_KVP_MED_ASTONAD, aar=ctx.year, verdier=values)


def _has_months(record: ParsedRecord, ctx: _Context) -> bool:
    return any(ctx.has_code(record, name) for name in MONTH_FIELDS)


@_rule(
    "Rule028MaanederMedKvalifiseringsstonad",
    "Kontroll 28 : Måneder med kvalifiseringsstønad. Gyldige koder",
    Severity.WARNING,
)
def rule_028_maaneder_med_stonad(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Unless on leave (status 2), at least one month STMND_1…12 must be ticked."""
    for record in records:
        if record[F_STATUS] != STATUS_LEAVE and not _has_months(record, ctx):
            yield _hit(
                record,
                N_(
                    "Det er ikke krysset av for hvilke måneder deltakeren har fått utbetalt "
                    "kvalifiseringsstønad ({belop}) i løpet av rapporteringsåret. Feltet er obligatorisk å "
                    "fylle ut."
                ),
                MONTH_FIELDS[0],
                belop=record.trimmed(F_KVP_STONAD),
            )


_MSG_STONAD_MISSING = N_(
    "Det er ikke oppgitt hvor mye deltakeren har fått i kvalifiseringsstønad ({belop}) i løpet av året, "
    "eller feltet inneholder andre tegn enn tall. Feltet er obligatorisk å fylle ut."
)


@_rule(
    "Rule029KvalifiseringssumMangler",
    "Kontroll 29 : Kvalifiseringssum mangler eller har ugyldige tegn",
    Severity.WARNING,
)
def rule_029_kvalifiseringssum_mangler(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if record.int_or_zero(F_KVP_STONAD) <= 0:
            yield _hit(record, _MSG_STONAD_MISSING, F_KVP_STONAD, belop=record.trimmed(F_KVP_STONAD))


@_rule(
    "Rule030HarVarighetMenManglerKvalifiseringssum",
    "Kontroll 30 : Har varighet, men mangler kvalifiseringssum",
    Severity.WARNING,
)
def rule_030_varighet_uten_sum(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Months ticked but KVP_STONAD blank (not on leave)."""
    for record in records:
        if record[F_STATUS] != STATUS_LEAVE and _has_months(record, ctx) and not record.trimmed(F_KVP_STONAD):
            yield _hit(record, _MSG_STONAD_MISSING, F_KVP_STONAD, belop=record.trimmed(F_KVP_STONAD))


@_rule(
    "Rule031HarKvalifiseringssumMenManglerVarighet",
    "Kontroll 31 : Har kvalifiseringssum, men mangler varighet",
    Severity.WARNING,
)
def rule_031_sum_uten_varighet(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Still in programme (status 1) with an amount, but no month ticked."""
    for record in records:
        if record[F_STATUS] == STATUS_ACTIVE and record.int_or_zero(F_KVP_STONAD) > 0 and not _has_months(record, ctx):
            yield _hit(
                record,
                N_(
                    "Deltakeren har fått kvalifiseringsstønad ({belop}) i løpet av året, men det mangler "
                    "utfylling for hvilke måneder stønaden gjelder. Feltet er obligatorisk å fylle ut."
                ),
                MONTH_FIELDS[0],
                belop=record.int_or_zero(F_KVP_STONAD),
            )


@_rule(
    "Rule032KvalifiseringssumOverMaksimum",
    "Kontroll 32 : Kvalifiseringssum på kr 600000,- eller mer",
    Severity.WARNING,
)
def rule_032_kvalifiseringssum_over_maksimum(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        amount = record.int_or_zero(F_KVP_STONAD)
        if amount > STONAD_SUM_MAX:
            yield _hit(
                record,
                N_(
                    "Kvalifiseringsstønaden ({belop}) som deltakeren har fått i løpet av rapporteringsåret, "
                    "overstiger Statistisk sentralbyrås kontrollgrense på {grense} kroner."
                ),
                F_KVP_STONAD,
                belop=amount,
                grense=STONAD_SUM_MAX,
            )


@_rule(
    "Rule036StatusForDeltakelseIKvalifiseringsprogram",
    "Kontroll 36 : Status for deltakelse i kvalifiseringsprogram per 31.12.ÅÅÅÅ. Gyldige verdier",
    Severity.ERROR,
)
def rule_036_status(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    for record in records:
        if not ctx.has_code(record, F_STATUS):
            yield _hit(
                record,
                N_("Korrigér status. Fant '{funnet}', forventet én av {koder}. Feltet er obligatorisk å fylle ut."),
                F_STATUS,
                funnet=record[F_STATUS],
                koder=ctx.spec(F_STATUS).code_list_text(),
            )


@_rule(
    "Rule037DatoForAvsluttetProgram",
    "Kontroll 37 : Dato for avsluttet program (gjelder fullførte, avsluttede etter avtale og varig avbrutte "
    "program, ikke for permisjoner) (DDMMÅÅ)",
    Severity.ERROR,
)
def rule_037_dato_for_avsluttet_program(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Status 3, 4, 5 or 7 needs AVSL_DATO: a real date (strictly read) in the reporting year."""
    codes = (
        "["
        + ", ".join(str(code) for code in ctx.spec(F_STATUS).codes if code.code in STATUSES_REQUIRING_END_DATE)
        + "]"
    )
    for record in records:
        if record[F_STATUS] not in STATUSES_REQUIRING_END_DATE:
            continue
        date = record.strict_date(F_AVSL_DATO)
        if date is None or date.year != ctx.year:
            yield _hit(
                record,
                N_(
                    "Feltet for 'Hvilken dato avsluttet deltakeren programmet?' må fylles ut med en gyldig dato "
                    "i {aar} dersom det er krysset av for svaralternativ {koder} under feltet for 'Hva er "
                    "status for deltakelsen i kvalifiseringsprogrammet per 31.12.{aar}?'. Fant '{funnet}'."
                ),
                F_AVSL_DATO,
                aar=ctx.year,
                koder=codes,
                funnet=record[F_AVSL_DATO],
            )


@_rule(
    "Rule038FullforteAvsluttedeProgramSituasjon",
    "Kontroll 38 : Fullførte/avsluttede program – til hvilken situasjon gikk deltakeren? Gyldige verdier",
    Severity.ERROR,
)
def rule_038_situasjon(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Status 3 or 7 needs at least one situation after the programme (AVSL_ORDINAERTARB … AVSL_UKJENT)."""
    for record in records:
        if record[F_STATUS] not in (STATUS_COMPLETED, STATUS_ENDED_AFTER_BREAK):
            continue
        if not any(ctx.has_code(record, name) for name in SITUATION_FIELDS):
            yield _hit(
                record,
                N_(
                    "Feltet 'Ved fullført program eller program avsluttet etter avtale (gjelder ikke flytting) "
                    "– hva var deltakerens situasjon umiddelbart etter avslutningen?' må fylles ut dersom det "
                    "er krysset av for svaralternativ 3 = Fullført program eller avsluttet etter avtale eller "
                    "7 = Deltakerens program er avsluttet etter avbrudd under feltet for 'Hva er status for "
                    "deltakelsen i kvalifiseringsprogrammet per 31.12.{aar}?'."
                ),
                SITUATION_FIELDS[0],
                aar=ctx.year,
            )


@_rule(
    "Rule039FullforteAvsluttedeProgramInntektkilde",
    "Kontroll 39 : Fullførte/avsluttede program – til hvilken inntektskilde gikk deltakeren? Gyldige verdier",
    Severity.ERROR,
)
def rule_039_inntektskilde(records: Sequence[ParsedRecord], ctx: _Context) -> Iterator[_Hit]:
    """Status 3 needs the main source of income after the programme (AVSL_VIKTIGSTE_INNTEKT)."""
    for record in records:
        if record[F_STATUS] == STATUS_COMPLETED and not ctx.has_code(record, F_VIKTIGSTE_INNTEKT):
            yield _hit(
                record,
                N_(
                    "Feltet 'Hva var deltakerens viktigste inntektskilde umiddelbart etter avslutningen?' må "
                    "fylles ut dersom det er krysset av for svaralternativ 3 = Fullført program eller avsluttet "
                    "etter avtale under feltet for 'Hva er status for deltakelsen i kvalifiseringsprogrammet "
                    "per 31.12.{aar}?'. Fant '{funnet}'."
                ),
                F_VIKTIGSTE_INNTEKT,
                aar=ctx.year,
                funnet=record[F_VIKTIGSTE_INNTEKT],
            )


RULE_IDS: tuple[str, ...] = (RULE000, RULE001, *(rule.rule_id for rule in RULES))
"""Every rule SSB runs on 11CF, in SSB's order (Rule002 is separate and opt-in)."""

SEVERITIES: dict[str, Severity] = {
    RULE000: Severity.FATAL,
    RULE001: Severity.FATAL,
    RULE002: Severity.ERROR,
    **{rule.rule_id: rule.severity for rule in RULES},
}


# --------------------------------------------------------------------------------------------
# Running the rules

MSG_BAD_MUNICIPALITY = N_("Kommunenummeret skal være fire sifre (eller seks med bydel), men fikk «{verdi}».")


def split_lines(content: str) -> list[str]:
    """SSB's reading of the file: split on LF, strip CR at both ends, drop empty lines."""
    return [line.strip("\r") for line in content.split("\n") if line.strip("\r")]


def _normalise_municipality(municipality: str | None) -> str | None:
    if municipality is None:
        return None
    text = municipality.strip()
    if not (text.isascii() and text.isdigit() and len(text) in (4, 6)):
        raise ValueError(translate(MSG_BAD_MUNICIPALITY, None, verdi=municipality))
    return text[:4]


def _read(source: str | os.PathLike[str] | bytes) -> str:
    data = bytes(source) if isinstance(source, bytes | bytearray) else Path(source).read_bytes()
    return data.decode(ENCODING)


def _finding(rule: RuleInfo, hit: _Hit) -> Finding:
    params = dict(hit.params)
    return Finding(
        rule_id=rule.rule_id,
        title=rule.title,
        severity=rule.severity,
        line=hit.record.line,
        journal_number=hit.record.journal_number,
        masked_fodselsnummer=hit.record.masked_fodselsnummer,
        field=hit.field,
        message=translate(hit.template, None, **params),
        message_id=hit.template,
        params=params,
    )


def check_text(
    content: str,
    year: int,
    municipality: str | None = None,
    *,
    has_participants: bool = True,
    include_file_description: bool = False,
) -> Report:
    """Run SSB's 11CF rules on the decoded file content. See :func:`check_file`."""
    layout = load_layout(year)
    region = _normalise_municipality(municipality)
    lines = split_lines(content)
    pre = rule_000_has_attachment(content, has_participants, year)
    if not pre and has_participants:
        pre = rule_001_record_length(lines, layout)
    if pre or not has_participants:
        return Report(year, region, len(lines), tuple(pre), (RULE000, RULE001))
    records = [ParsedRecord(number, parse_line(line, layout)) for number, line in enumerate(lines, start=1)]
    ctx = _Context(year, region, layout)
    rules = list(RULES)
    if include_file_description:
        rules.insert(0, RuleInfo(RULE002, RULE002_TITLE, SEVERITIES[RULE002], rule_002_file_description))
    findings = [_finding(rule, hit) for rule in rules for hit in rule.function(records, ctx)]
    return Report(year, region, len(records), tuple(findings), (RULE000, RULE001, *(r.rule_id for r in rules)))


def check_file(
    path_or_bytes: str | os.PathLike[str] | bytes,
    year: int,
    municipality: str | None = None,
    *,
    has_participants: bool = True,
    include_file_description: bool = False,
) -> Report:
    """Check an 11CF file (a path, or the file's bytes) as SSB's kontrollprogram would.

    ``year`` is the reporting year (its layout must exist: :class:`LayoutNotFoundError`).
    ``municipality`` is the reporting municipality (``"3401"``; a six-digit region is cut to four);
    without it Rule003Kommunenummer is skipped. ``has_participants`` is the form's answer to
    "finnes det deltakere"; with ``False`` the file must be a single space. The report's
    ``blocks_submission`` is true when any FATAL or ERROR finding was made.
    """
    return check_text(
        _read(path_or_bytes),
        year,
        municipality,
        has_participants=has_participants,
        include_file_description=include_file_description,
    )


def check_records(
    records: Iterable[Kostra11CFRecord],
    year: int,
    municipality: str | None = None,
    *,
    include_file_description: bool = False,
) -> Report:
    """Format ``records`` as the writer would and check the result (for checking before export)."""
    data = encode_records(records, year)
    return check_file(
        data,
        year,
        municipality,
        has_participants=data.strip() != b"",
        include_file_description=include_file_description,
    )
