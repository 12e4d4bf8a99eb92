"""SSB's 11CF control rules: one test per rule id, each breaking that rule in a hand-made record.

Fødselsnummer here are synthetic (FREG test numbers: month + 80) with correct control digits, so
they can never be a real person's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from kvp_desktop.exports.kostra11cf import (
    RULE_IDS,
    SEVERITIES,
    Report,
    Severity,
    check_file,
    check_records,
    check_text,
    encode_records,
    format_record,
    load_layout,
)
from kvp_desktop.exports.kostra11cf import fodselsnummer as fnr_module

YEARS = (2025, 2026)
DATA = Path(__file__).parent / "data"
MUNICIPALITY = "3401"

# SSB's severities (rules_in_order.md, confirmed in the kontrollprogram source).
EXPECTED_SEVERITIES = {
    "Rule000HasAttachment": Severity.FATAL,
    "Rule001RecordLength": Severity.FATAL,
    "Rule003Kommunenummer": Severity.ERROR,
    "Rule003Bydelsnummer": Severity.ERROR,
    "Rule004OppgaveAar": Severity.ERROR,
    "Rule004AFodselsDato": Severity.ERROR,
    "Rule005Fodselsnummer": Severity.ERROR,
    "Rule005aFoedselsnummerDubletter": Severity.ERROR,
    "Rule005bJournalnummerDubletter": Severity.ERROR,
    "Rule006AlderUnder18Aar": Severity.ERROR,
    "Rule007AlderErOver68Aar": Severity.WARNING,
    "Rule008Kjonn": Severity.ERROR,
    "Rule009Sivilstand": Severity.ERROR,
    "Rule010HarBarnUnder18": Severity.ERROR,
    "Rule011HarBarnUnder18MotAntallBarnUnder18": Severity.ERROR,
    "Rule012AntallBarnUnder18MotHarBarnUnder18": Severity.ERROR,
    "Rule013AntallBarnUnder18": Severity.ERROR,
    "Rule014RegistreringsDato": Severity.ERROR,
    "Rule015VedtakDato": Severity.ERROR,
    "Rule016BegyntDato": Severity.ERROR,
    "Rule019KvalifiseringsprogramIAnnenKommune": Severity.ERROR,
    "Rule020KvalifiseringsprogramIAnnenKommuneKommunenummer": Severity.ERROR,
    "Rule021Ytelser": Severity.ERROR,
    "Rule026MottattStotte": Severity.ERROR,
    "Rule027MottattOkonomiskSosialhjelp": Severity.ERROR,
    "Rule028MaanederMedKvalifiseringsstonad": Severity.WARNING,
    "Rule029KvalifiseringssumMangler": Severity.WARNING,
    "Rule030HarVarighetMenManglerKvalifiseringssum": Severity.WARNING,
    "Rule031HarKvalifiseringssumMenManglerVarighet": Severity.WARNING,
    "Rule032KvalifiseringssumOverMaksimum": Severity.WARNING,
    "Rule036StatusForDeltakelseIKvalifiseringsprogram": Severity.ERROR,
    "Rule037DatoForAvsluttetProgram": Severity.ERROR,
    "Rule038FullforteAvsluttedeProgramSituasjon": Severity.ERROR,
    "Rule039FullforteAvsluttedeProgramInntektkilde": Severity.ERROR,
}


# ---------------------------------------------------------------------------------------------
# helpers


def synthetic_fnr(born: dt.date, start: int = 123) -> str:
    """A synthetic (FREG, month + 80) fødselsnummer with valid control digits."""
    low, high = (500, 999) if born.year >= 2000 else (0, 499)
    for individual in range(max(start, low), high + 1):
        nine = f"{born.day:02d}{born.month + 80:02d}{born.year % 100:02d}{individual:03d}"
        try:
            return nine + fnr_module.check_digits(nine)
        except ValueError:
            continue
    raise AssertionError("no synthetic number found")


BORN = dt.date(1985, 3, 15)
FNR = synthetic_fnr(BORN)


def valid_record(year: int, **overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "KOMMUNE_NR": MUNICIPALITY,
        "VERSION": f"{year % 100:02d}",
        "FODSELSDATO": BORN,
        "PERSON_JOURNALNR": "J0000001",
        "PERSON_FODSELSNR": FNR,
        "KJONN": "2",
        "EKTSTAT": "1",
        "BU18": "1",
        "ANTBU18": 2,
        "REG_DATO": dt.date(year - 1, 11, 4),
        "VEDTAK_DATO": dt.date(year - 1, 12, 2),
        "BEGYNT_DATO": dt.date(year, 1, 6),
        "KVP_KOMM": "2",
        "YTELSE_SOSHJELP": "1",
        "YTELSE_TYPE_SOSHJ": "2",
        "KVP_MED_ASTONAD": "1",
        "KVP_MED_KOMMBOS": "4",
        **{f"STMND_{month}": f"{month:02d}" for month in range(1, 13)},
        "KVP_STONAD": 289_000,
        "STATUS": "1",
        "SAKSBEHANDLER": "Åse Bø",
    }
    record.update(overrides)
    return record


def completed(year: int, **overrides: object) -> dict[str, object]:
    """A record for a programme completed in ``year`` (status 3), complete in every rule."""
    values: dict[str, object] = {
        "STATUS": "3",
        "AVSL_DATO": dt.date(year, 10, 31),
        "AVSL_ORDINAERTARB": "01",
        "AVSL_VIKTIGSTE_INNTEKT": "01",
        **{f"STMND_{month}": None for month in range(11, 13)},
    }
    values.update(overrides)
    return valid_record(year, **values)


def line_of(record: Mapping[str, object], year: int, **raw: str) -> str:
    """The record's fixed-width line, with some fields overwritten by raw text the writer refuses."""
    layout = load_layout(year)
    line = format_record(record, layout)  # type: ignore[arg-type]
    for name, text in raw.items():
        spec = layout.field(name)
        assert len(text) <= spec.size
        line = line[: spec.start - 1] + text.ljust(spec.size) + line[spec.end :]
    return line


def check(records: list[dict[str, object]], year: int, municipality: str | None = MUNICIPALITY) -> Report:
    return check_records(records, year, municipality)  # type: ignore[arg-type]


def check_lines(lines: list[str], year: int, municipality: str | None = MUNICIPALITY) -> Report:
    return check_text("".join(line + "\r\n" for line in lines), year, municipality)


def rule_ids(report: Report) -> set[str]:
    return {finding.rule_id for finding in report.findings}


def only(report: Report, rule_id: str, count: int = 1) -> None:
    """The report has exactly ``count`` findings, all from ``rule_id``, with SSB's severity."""
    assert [f.rule_id for f in report.findings] == [rule_id] * count, [(f.rule_id, f.message) for f in report.findings]
    for finding in report.findings:
        assert finding.severity is EXPECTED_SEVERITIES[rule_id]


# ---------------------------------------------------------------------------------------------
# the whole file


def test_rule_table_is_ssbs_order_and_severities() -> None:
    assert list(RULE_IDS) == list(EXPECTED_SEVERITIES)
    for rule_id, severity in EXPECTED_SEVERITIES.items():
        assert SEVERITIES[rule_id] is severity


@pytest.mark.parametrize("year", YEARS)
def test_a_valid_record_has_no_findings(year: int) -> None:
    report = check(
        [valid_record(year), completed(year, PERSON_JOURNALNR="J0000002", PERSON_FODSELSNR=synthetic_fnr(BORN, 200))],
        year,
    )
    assert report.findings == ()
    assert report.record_count == 2
    assert report.blocks_submission is False
    assert report.counts == dict.fromkeys(Severity, 0)


@pytest.mark.parametrize("year", YEARS)
def test_ssbs_minimal_file_gives_one_fatal_length_finding_per_line(year: int) -> None:
    report = check_file(DATA / "ssb_kvalifisering_minimal.dat", year)
    assert [(f.rule_id, f.line, f.severity) for f in report.findings] == [
        ("Rule001RecordLength", 1, Severity.FATAL),
        ("Rule001RecordLength", 2, Severity.FATAL),
    ]
    assert "152 tegn" in report.findings[0].message and "136 tegn" in report.findings[0].message
    assert report.blocks_submission is True
    assert report.counts[Severity.FATAL] == 2


def test_finding_carries_line_journal_masked_fnr_and_field_never_the_full_number() -> None:
    records = [
        valid_record(2025),
        valid_record(2025, PERSON_JOURNALNR="J0000002", PERSON_FODSELSNR=synthetic_fnr(BORN, 200), KJONN="3"),
    ]
    report = check(records, 2025)
    (finding,) = report.findings
    assert finding.rule_id == "Rule008Kjonn"
    assert finding.line == 2
    assert finding.journal_number == "J0000002"
    assert finding.masked_fodselsnummer == synthetic_fnr(BORN, 200)[:6] + "*****"
    assert finding.field == "KJONN"
    assert "Korrigér kjønn. Fant '3', forventet én av [1=Mann, 2=Kvinne]." in finding.message
    assert synthetic_fnr(BORN, 200) not in str(report.to_dict())


def test_mask_format() -> None:
    assert fnr_module.mask("15838512345") == "158385*****"
    assert fnr_module.mask("   ") is None
    assert fnr_module.mask("1234") == "****"


# ---------------------------------------------------------------------------------------------
# Rule000 and Rule001: FATAL, and nothing else is checked


@pytest.mark.parametrize("content", [b" ", b"", b"\r\n\r\n"])
def test_rule000_empty_file_when_there_are_participants(content: bytes) -> None:
    report = check_file(content, 2025)
    only(report, "Rule000HasAttachment")
    assert report.findings[0].line is None


def test_rule000_single_space_is_right_when_there_are_no_participants() -> None:
    assert check_file(b" ", 2026, has_participants=False).findings == ()
    report = check_file(encode_records([valid_record(2026)], 2026), 2026, has_participants=False)  # type: ignore[list-item]
    only(report, "Rule000HasAttachment")
    assert "2026" in report.findings[0].message


@pytest.mark.parametrize("year", YEARS)
def test_rule001_wrong_length_is_fatal_and_stops_every_other_rule(year: int) -> None:
    good = line_of(valid_record(year), year)
    broken_but_right_length = line_of(valid_record(year, PERSON_JOURNALNR="J2"), year, KJONN="9")
    report = check_lines([good, good[:-1], broken_but_right_length, good + " "], year)
    only(report, "Rule001RecordLength", count=2)
    assert [f.line for f in report.findings] == [2, 4]


def test_rule001_line_numbers_count_non_empty_lines_and_lf_is_read_like_crlf() -> None:
    good = line_of(valid_record(2025), 2025)
    content = f"{good}\n\n{good[:100]}\n".encode("iso-8859-1")
    report = check_file(content, 2025)
    only(report, "Rule001RecordLength")
    assert report.findings[0].line == 2


def test_rule001_tab_is_not_a_blank() -> None:
    good = line_of(valid_record(2025), 2025)
    report = check_lines([good[:150] + "\t "], 2025)
    only(report, "Rule001RecordLength")
    assert "tabulator" in report.findings[0].message


def test_rule001_utf8_file_has_the_wrong_length() -> None:
    text = line_of(valid_record(2025), 2025) + "\r\n"
    report = check_file(text.encode("utf-8"), 2025)  # "Åse Bø" is two bytes longer in UTF-8
    only(report, "Rule001RecordLength")


def test_rule002_file_description_only_when_asked() -> None:
    line = line_of(valid_record(2025), 2025, ANTBU18="x1")
    assert "Rule002FileDescription" not in rule_ids(check_lines([line], 2025))
    report = check_text(line + "\r\n", 2025, MUNICIPALITY, include_file_description=True)
    (finding,) = report.by_rule("Rule002FileDescription")
    assert finding.severity is Severity.ERROR
    assert finding.field == "ANTBU18"
    assert "er et tallfelt, men inneholder 'x1'" in finding.message


# ---------------------------------------------------------------------------------------------
# Rule003–Rule013


@pytest.mark.parametrize("year", YEARS)
def test_rule003_kommunenummer(year: int) -> None:
    record = valid_record(year, KOMMUNE_NR="3403")
    report = check([record], year, municipality="3401")
    only(report, "Rule003Kommunenummer")
    assert report.findings[0].message == "Korrigér kommunenummeret. Fant 3403, forventet 3401."
    assert check([record], year, municipality=None).findings == ()
    assert check([record], year, municipality="340101").findings  # a six-digit region: first four


def test_rule003_municipality_argument_must_be_digits() -> None:
    with pytest.raises(ValueError, match="fire sifre"):
        check([valid_record(2025)], 2025, municipality="Hamar")


@pytest.mark.parametrize("year", YEARS)
def test_rule003_bydelsnummer(year: int) -> None:
    only(check([valid_record(year, BYDELSNR="01")], year), "Rule003Bydelsnummer")
    oslo = valid_record(year, KOMMUNE_NR="0301", BYDELSNR="16")
    report = check([oslo], year, municipality="0301")
    only(report, "Rule003Bydelsnummer")
    assert "forventet én av [01, 02," in report.findings[0].message
    assert check([valid_record(year, KOMMUNE_NR="0301", BYDELSNR="05")], year, "0301").findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule004_oppgave_aar(year: int) -> None:
    report = check([valid_record(year, VERSION=f"{(year - 1) % 100:02d}")], year)
    only(report, "Rule004OppgaveAar")
    assert report.findings[0].message.endswith(f"forventet {year % 100}.")


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("text", ["32131985", "        ", "15.03.85"])
def test_rule004a_fodselsdato(year: int, text: str) -> None:
    report = check_lines([line_of(valid_record(year), year, FODSELSDATO=text)], year)
    only(report, "Rule004AFodselsDato")
    assert f"Fant ({text})" in report.findings[0].message


def test_rule004a_reads_dates_leniently_like_ssb() -> None:
    # Java's default parser reads 31.04 as 30.04, so SSB does not complain here.
    line = line_of(valid_record(2025), 2025, FODSELSDATO="31041985")
    assert check_lines([line], 2025).findings == ()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("value", ["wrong_check", "", "12345"])
def test_rule005_fodselsnummer(year: int, value: str) -> None:
    if value == "wrong_check":
        value = FNR[:10] + str((int(FNR[10]) + 1) % 10)
    report = check([valid_record(year, PERSON_FODSELSNR=value)], year)
    only(report, "Rule005Fodselsnummer")
    assert "Det er ikke oppgitt fødselsnummer/d-nummer på deltakeren" in report.findings[0].message
    assert value == "" or value not in report.findings[0].message


@pytest.mark.parametrize("ending", ["00100", "00200", "99999"])
def test_rule005_accepts_ssbs_adapted_numbers(ending: str) -> None:
    assert check([valid_record(2025, PERSON_FODSELSNR="150385" + ending)], 2025).findings == ()


def test_rule005_accepts_d_numbers() -> None:
    nine = f"{15 + 40}0385123"
    d_number = nine + fnr_module.check_digits(nine)
    assert check([valid_record(2025, PERSON_FODSELSNR=d_number)], 2025).findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule005a_fodselsnummer_dubletter(year: int) -> None:
    report = check([valid_record(year), valid_record(year, PERSON_JOURNALNR="J0000002")], year)
    only(report, "Rule005aFoedselsnummerDubletter", count=2)
    assert report.findings[0].message == ("Fødselsnummeret i journalnummer J0000001 finnes også i journalene J0000002.")
    assert report.findings[1].line == 2


@pytest.mark.parametrize("year", YEARS)
def test_rule005b_journalnummer_dubletter(year: int) -> None:
    other = valid_record(year, PERSON_FODSELSNR=synthetic_fnr(BORN, 200))
    report = check([valid_record(year), other], year)
    only(report, "Rule005bJournalnummerDubletter", count=2)
    assert report.findings[0].message == "Journalnummer J0000001 forekommer 2 ganger."


@pytest.mark.parametrize("year", YEARS)
def test_rule006_alder_under_18(year: int) -> None:
    born = dt.date(year - 15, 6, 1)
    report = check([valid_record(year, PERSON_FODSELSNR=synthetic_fnr(born), FODSELSDATO=born)], year)
    only(report, "Rule006AlderUnder18Aar")
    assert report.findings[0].message == "Deltakeren (15 år) er under 18 år."


def test_rule006_falls_back_to_fodselsdato_without_a_usable_number() -> None:
    # a foreign participant without Norwegian number: SSB warns about the number (Rule005) and we
    # still find the age from FODSELSDATO
    born = dt.date(2010, 6, 1)
    report = check([valid_record(2025, PERSON_FODSELSNR=None, FODSELSDATO=born)], 2025)
    assert rule_ids(report) == {"Rule005Fodselsnummer", "Rule006AlderUnder18Aar"}


@pytest.mark.parametrize("year", YEARS)
def test_rule007_alder_over_68(year: int) -> None:
    born = dt.date(year - 70, 6, 1)
    report = check([valid_record(year, PERSON_FODSELSNR=synthetic_fnr(born), FODSELSDATO=born)], year)
    only(report, "Rule007AlderErOver68Aar")
    assert report.findings[0].message == "Deltakeren (70 år) er over 68 år."
    assert report.blocks_submission is False
    born68 = dt.date(year - 68, 6, 1)
    assert check([valid_record(year, PERSON_FODSELSNR=synthetic_fnr(born68), FODSELSDATO=born68)], year).findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule008_kjonn(year: int) -> None:
    only(check([valid_record(year, KJONN="3")], year), "Rule008Kjonn")
    only(check([valid_record(year, KJONN=None)], year), "Rule008Kjonn")


@pytest.mark.parametrize("year", YEARS)
def test_rule009_sivilstand(year: int) -> None:
    report = check([valid_record(year, EKTSTAT="6")], year)
    only(report, "Rule009Sivilstand")
    assert "[1=Ugift, 2=Gift, 3=Samboer, 4=Skilt/separert, 5=Enke/enkemann]" in report.findings[0].message


@pytest.mark.parametrize("year", YEARS)
def test_rule010_har_barn_under_18(year: int) -> None:
    report = check([valid_record(year, BU18=None, ANTBU18=None)], year)
    only(report, "Rule010HarBarnUnder18")
    assert report.findings[0].field == "BU18"


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("count", [None, 0])
def test_rule011_bu18_without_antbu18(year: int, count: int | None) -> None:
    only(check([valid_record(year, BU18="1", ANTBU18=count)], year), "Rule011HarBarnUnder18MotAntallBarnUnder18")


@pytest.mark.parametrize("year", YEARS)
def test_rule012_antbu18_without_bu18(year: int) -> None:
    report = check([valid_record(year, BU18="2", ANTBU18=3)], year)
    only(report, "Rule012AntallBarnUnder18MotHarBarnUnder18")
    assert report.findings[0].message.startswith("Det er oppgitt 3 barn under 18 år")


@pytest.mark.parametrize("year", YEARS)
def test_rule013_many_children(year: int) -> None:
    report = check([valid_record(year, ANTBU18=14)], year)
    only(report, "Rule013AntallBarnUnder18")
    assert check([valid_record(year, ANTBU18=13)], year).findings == ()


# ---------------------------------------------------------------------------------------------
# Rule014–Rule027


@pytest.mark.parametrize("year", YEARS)
def test_rule014_registreringsdato(year: int) -> None:
    report = check([valid_record(year, REG_DATO=dt.date(year - 5, 1, 1))], year)
    only(report, "Rule014RegistreringsDato")
    assert f"eldre enn 4 år fra rapporteringsåret ({year})" in report.findings[0].message
    assert check([valid_record(year, REG_DATO=dt.date(year - 4, 1, 1))], year).findings == ()
    oslo = valid_record(year, KOMMUNE_NR="0301", BYDELSNR="01", REG_DATO=None)
    assert check([oslo], year, "0301").findings == ()  # SSB does not check Oslo's dates


@pytest.mark.parametrize("year", YEARS)
def test_rule015_vedtak_dato(year: int) -> None:
    report = check([valid_record(year, VEDTAK_DATO=None)], year)
    only(report, "Rule015VedtakDato")
    assert report.findings[0].field == "VEDTAK_DATO"


@pytest.mark.parametrize("year", YEARS)
def test_rule016_begynt_dato(year: int) -> None:
    only(check([valid_record(year, BEGYNT_DATO=dt.date(year + 1, 1, 2))], year), "Rule016BegyntDato")
    only(check_lines([line_of(valid_record(year), year, BEGYNT_DATO="aaaaaaaa")], year), "Rule016BegyntDato")


@pytest.mark.parametrize("year", YEARS)
def test_rule019_kvp_i_annen_kommune(year: int) -> None:
    only(check([valid_record(year, KVP_KOMM=None)], year), "Rule019KvalifiseringsprogramIAnnenKommune")


@pytest.mark.parametrize("year", YEARS)
def test_rule020_kvp_i_annen_kommune_kommunenummer(year: int) -> None:
    report = check([valid_record(year, KVP_KOMM="1", KOMMNR_KVP_KOMM="0000")], year)
    only(report, "Rule020KvalifiseringsprogramIAnnenKommuneKommunenummer")
    assert "svart '1=Ja'" in report.findings[0].message
    assert check([valid_record(year, KVP_KOMM="1", KOMMNR_KVP_KOMM="3403")], year).findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule021_ytelser(year: int) -> None:
    only(check([valid_record(year, YTELSE_TYPE_SOSHJ=None)], year), "Rule021Ytelser")
    assert check([valid_record(year, YTELSE_SOSHJELP=None, YTELSE_TYPE_SOSHJ=None)], year).findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule026_mottatt_stotte(year: int) -> None:
    report = check([valid_record(year, KVP_MED_ASTONAD="3")], year)
    only(report, "Rule026MottattStotte")
    assert f"Har deltakeren i {year}" in report.findings[0].message


@pytest.mark.parametrize("year", YEARS)
def test_rule027_mottatt_okonomisk_sosialhjelp(year: int) -> None:
    report = check([valid_record(year, KVP_MED_ASTONAD="1", KVP_MED_KOMMBOS=None)], year)
    only(report, "Rule027MottattOkonomiskSosialhjelp")
    report = check([valid_record(year, KVP_MED_ASTONAD="2")], year)  # says no, but KOMMBOS = 4
    only(report, "Rule027MottattOkonomiskSosialhjelp")
    assert "IKKE" in report.findings[0].message and "KVP_MED_KOMMBOS=4" in report.findings[0].message
    assert check([valid_record(year, KVP_MED_ASTONAD="2", KVP_MED_KOMMBOS=None)], year).findings == ()


# ---------------------------------------------------------------------------------------------
# Rule028–Rule039


NO_MONTHS = {f"STMND_{month}": None for month in range(1, 13)}


@pytest.mark.parametrize("year", YEARS)
def test_rule028_no_months(year: int) -> None:
    only(check([completed(year, **NO_MONTHS)], year), "Rule028MaanederMedKvalifiseringsstonad")
    assert check([valid_record(year, STATUS="2", **NO_MONTHS)], year).findings == ()  # on leave


@pytest.mark.parametrize("year", YEARS)
def test_rule029_no_amount(year: int) -> None:
    report = check([valid_record(year, KVP_STONAD=0)], year)
    only(report, "Rule029KvalifiseringssumMangler")
    assert report.blocks_submission is False
    only(check_lines([line_of(valid_record(year), year, KVP_STONAD="12,50")], year), "Rule029KvalifiseringssumMangler")


@pytest.mark.parametrize("year", YEARS)
def test_rule030_months_without_amount(year: int) -> None:
    # a blank amount is also "no amount" (Rule029), as in SSB's program
    report = check([valid_record(year, KVP_STONAD=None)], year)
    assert rule_ids(report) == {"Rule029KvalifiseringssumMangler", "Rule030HarVarighetMenManglerKvalifiseringssum"}
    (finding,) = report.by_rule("Rule030HarVarighetMenManglerKvalifiseringssum")
    assert finding.severity is Severity.WARNING
    assert "Rule030HarVarighetMenManglerKvalifiseringssum" not in rule_ids(
        check([valid_record(year, KVP_STONAD=None, STATUS="2")], year)
    )


@pytest.mark.parametrize("year", YEARS)
def test_rule031_amount_without_months(year: int) -> None:
    # no months ticked is also Rule028, as in SSB's program
    report = check([valid_record(year, **NO_MONTHS)], year)
    assert rule_ids(report) == {
        "Rule028MaanederMedKvalifiseringsstonad",
        "Rule031HarKvalifiseringssumMenManglerVarighet",
    }
    (finding,) = report.by_rule("Rule031HarKvalifiseringssumMenManglerVarighet")
    assert finding.severity is Severity.WARNING
    assert "(289000)" in finding.message


@pytest.mark.parametrize("year", YEARS)
def test_rule032_amount_over_maximum(year: int) -> None:
    report = check([valid_record(year, KVP_STONAD=600_001)], year)
    only(report, "Rule032KvalifiseringssumOverMaksimum")
    assert "600000 kroner" in report.findings[0].message
    assert check([valid_record(year, KVP_STONAD=600_000)], year).findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule036_status(year: int) -> None:
    only(check([valid_record(year, STATUS="8")], year), "Rule036StatusForDeltakelseIKvalifiseringsprogram")


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("end", ["none", "previous_year", "next_year", "31 June"])
def test_rule037_end_date(year: int, end: str) -> None:
    if end == "31 June":  # SSB reads this rule's date strictly
        report = check_lines([line_of(completed(year), year, AVSL_DATO=f"3106{year}")], year)
    else:
        date = {"none": None, "previous_year": dt.date(year - 1, 12, 31), "next_year": dt.date(year + 1, 1, 1)}[end]
        report = check([completed(year, AVSL_DATO=date)], year)
    only(report, "Rule037DatoForAvsluttetProgram")
    assert "3=Fullført program eller avsluttet etter avtale" in report.findings[0].message


@pytest.mark.parametrize("status", ["4", "5", "7"])
def test_rule037_other_statuses_needing_a_date(status: str) -> None:
    record = completed(2026, STATUS=status, AVSL_DATO=None)
    assert "Rule037DatoForAvsluttetProgram" in rule_ids(check([record], 2026))


@pytest.mark.parametrize("year", YEARS)
def test_rule038_situation_after_ending(year: int) -> None:
    only(
        check([completed(year, STATUS="7", AVSL_ORDINAERTARB=None)], year), "Rule038FullforteAvsluttedeProgramSituasjon"
    )
    assert check([completed(year, AVSL_ORDINAERTARB=None, AVSL_UKJENT="17")], year).findings == ()


@pytest.mark.parametrize("year", YEARS)
def test_rule039_main_income_after_ending(year: int) -> None:
    report = check([completed(year, AVSL_VIKTIGSTE_INNTEKT="02")], year)
    only(report, "Rule039FullforteAvsluttedeProgramInntektkilde")
    assert report.findings[0].field == "AVSL_VIKTIGSTE_INNTEKT"


def test_blocks_submission_and_counts() -> None:
    report = check([valid_record(2025, KJONN="3", KVP_STONAD=700_000)], 2025)
    assert report.counts[Severity.ERROR] == 1 and report.counts[Severity.WARNING] == 1
    assert report.blocks_submission is True
    data = report.to_dict()
    assert data["blocks_submission"] is True
    assert data["counts"] == {"INFO": 0, "WARNING": 1, "ERROR": 1, "FATAL": 0}


def test_message_can_be_rendered_again_from_msgid_and_params() -> None:
    (finding,) = check([valid_record(2025, KJONN="3")], 2025).findings
    assert finding.render("nb") == finding.message
    assert finding.message_id.startswith("Korrigér kjønn. Fant '{funnet}'")
