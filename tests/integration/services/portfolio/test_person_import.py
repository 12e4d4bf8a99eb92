"""Importing persons: encodings, delimiters, .xlsx, per-row Norwegian errors, duplicates, no half rows."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import person_import, portfolio
from kvp_desktop.services.portfolio.person_import import ImportFileError, import_persons, preview_import, read_table
from kvp_desktop.store.models import Person, StopPointFlag

TODAY = dt.date(2026, 11, 23)
HEADER = "Fødselsnummer;Fornavn;Etternavn;Adresse;Postnr;Poststed;AAP avsluttet;Arbeidserfaring;Trenger hjelp;Veileder"


def fnr(seed: int, born: dt.date = dt.date(1995, 3, 14)) -> str:
    return synthetic_fodselsnummer(random.Random(seed), born, "2")


def good_lines() -> list[str]:
    return [
        f"{fnr(1)};Åse;Ødegård;Storgata 1;3140;Nøtterøy;01.10.2026;ingen;ja;demo.veileder",
        f"{fnr(2, dt.date(2003, 6, 1))};Ole;Hansen;Storgata 2;3145;Tjøme;;lite;nei;",
        f"{fnr(3, dt.date(1980, 1, 2))};Kari;Ærø;;;;;noe;;",
    ]


def csv_bytes(lines: list[str], header: str = HEADER, encoding: str = "utf-8", sep: str = ";") -> bytes:
    return ("\n".join([header, *lines]) + "\n").replace(";", sep).encode(encoding)


def _persons(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count(Person.id))) or 0)


@pytest.fixture
def office(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.veileder")


@pytest.mark.parametrize(
    ("encoding", "sep", "label"),
    [("utf-8", ";", "UTF-8"), ("utf-8-sig", ",", "UTF-8 med BOM"), ("cp1252", ";", "Windows-1252"),
     ("utf-8", "\t", "UTF-8")],
)
def test_a_good_file_imports_every_row_with_flags(office: AppContext, encoding: str, sep: str, label: str) -> None:
    table = read_table(csv_bytes(good_lines(), encoding=encoding, sep=sep), "personer.csv")
    assert table.encoding == label and table.delimiter == sep
    assert table.rows[0][1:3] == ("Åse", "Ødegård")
    before = _persons(office)
    result = import_persons(office, table, today=TODAY)
    assert result.imported == 3 and result.preview.errors == () and _persons(office) == before + 3
    with office.uow() as uow:
        person = uow.session.scalars(select(Person).where(Person.fodselsnummer == fnr(1))).one()
        assert (person.postplace, person.needs_help_to_work, person.facts_recorded_on) == ("Nøtterøy", True, TODAY)
        assert person.caseworker_id == office.user.id
        kinds = set(uow.session.scalars(select(StopPointFlag.kind).where(StopPointFlag.person_id == person.id)))
    # AAP ended 01.10 (within 180 days), no work experience, needs help and no other right now.
    assert kinds == {"aap_ended", "little_work_experience", "rule_of_thumb"}


def test_headers_are_recognised_by_norwegian_aliases() -> None:
    mapping = person_import.guess_mapping(
        ["FNR", "fornavn", "ETTERNAVN", "Post nr.", "Sted", "Vilkår § 20a", "Mnd sosialhjelp", "Avbrutt VGS", "x"])
    assert mapping == {"fodselsnummer": 0, "first_name": 1, "last_name": 2, "postcode": 3, "postplace": 4,
                       "planned_20a_conditions": 5, "social_assistance_only_income_months": 6,
                       "upper_secondary_dropout": 7}
    assert person_import.missing_required({"first_name": 0}) == ["Fødselsnummer", "Etternavn"]


def test_a_file_that_cannot_be_decoded_gets_a_clear_message() -> None:
    with pytest.raises(ImportFileError) as error:
        read_table(b"\x00\x81\x8d\x8f\x90\x9d" * 20, "personer.csv")
    assert "UTF-8" in error.value.message and "CSV" in error.value.message
    with pytest.raises(ImportFileError):
        read_table(b"PK\x03\x04 not a workbook", "personer.xlsx")
    with pytest.raises(ImportFileError):
        read_table(b"", "tom.csv")


def test_mixed_good_and_bad_rows_nothing_or_only_the_valid_ones(office: AppContext) -> None:
    lines = [
        *good_lines(),
        f"{fnr(4)[:-1]}0;Feil;Kontrollsiffer;;;;;;;",  # wrong control digit
        f"{fnr(5)};;Utennavn;;31;;31.02.2026;mye og lite;kanskje;ukjent.bruker",
    ]
    table = read_table(csv_bytes(lines), "blandet.csv")
    preview = preview_import(office, table, today=TODAY)
    assert preview.valid == 3
    errors = {row.row_number: row.messages for row in preview.errors}
    assert set(errors) == {5, 6}  # the header is row 1
    assert any("kontrollsifrene" in m for m in errors[5])
    six = " ".join(errors[6])
    for expected in ("Fornavn må fylles ut", "fire siffer", "ikke en gyldig dato", "ingen, lite eller noe",
                     "ikke ja eller nei", "ukjent.bruker"):
        assert expected in six, expected
    before = _persons(office)
    with pytest.raises(ValidationError) as error:
        import_persons(office, table, today=TODAY)
    assert "2 rader har feil, så ingenting er importert" in error.value.message
    assert _persons(office) == before
    result = import_persons(office, table, only_valid=True, today=TODAY)
    assert result.imported == 3 and _persons(office) == before + 3
    with office.uow() as uow:  # no half row: the bad ones left nothing behind
        assert uow.session.scalar(select(Person.id).where(Person.last_name == "Utennavn")) is None


def test_duplicates_are_reported_not_duplicated(office: AppContext) -> None:
    first = read_table(csv_bytes(good_lines()), "a.csv")
    import_persons(office, first, today=TODAY)
    again = [
        good_lines()[0],  # already registered
        f"{fnr(7)};Nora;Berg;;;;;;;",
        f"{fnr(7)};Nora;Berg;;;;;;;",  # the same row twice: imported once
        f"{fnr(8)};Tor;Dahl;;;;;;;",
        f"{fnr(8)};Tor;Dahl;Annen vei 2;;;;;;",  # twice, different: both rows are errors
    ]
    preview = preview_import(office, read_table(csv_bytes(again), "b.csv"), today=TODAY)
    status = {row.row_number: (row.status, " ".join(row.messages)) for row in preview.rows}
    assert status[2][0] == "exists" and "finnes allerede" in status[2][1]
    assert status[3][0] == "ok"
    assert status[4] == ("repeat", "Samme person som på rad 3; importeres bare én gang.")
    assert status[5][0] == "error" and "rad 6" in status[5][1]
    assert status[6][0] == "error" and "rad 5" in status[6][1]
    before = _persons(office)
    result = import_persons(office, read_table(csv_bytes(again), "b.csv"), only_valid=True, today=TODAY)
    assert result.imported == 1 and _persons(office) == before + 1


def test_xlsx_with_date_cells_numbers_and_a_lost_leading_zero(office: AppContext) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Fødselsnummer", "Fornavn", "Etternavn", "Postnummer", "Første søknad sosialhjelp",
                  "Måneder sosialhjelp eneste inntekt", "Planlagt vilkår § 20a", "Uten læreplass"])
    zero = next(n for n in (fnr(s, dt.date(2004, 1, 5)) for s in range(50)) if n.startswith("0"))
    sheet.append([int(zero), "Ali", "Abdi", 314, dt.datetime(2026, 11, 1), 8, "Ja", "x"])
    data = io.BytesIO()
    book.save(data)
    table = read_table(data.getvalue(), "personer.xlsx")
    assert table.encoding == "xlsx"
    result = import_persons(office, table, today=TODAY)
    assert result.imported == 1
    ids = portfolio.portfolio_ids(office, filters=portfolio.PortfolioFilter(search=zero), today=TODAY)
    row = portfolio.portfolio_rows(office, ids)[0]
    assert row.name == "Abdi, Ali"
    assert set(row.stop_points) == {"first_social_assistance", "long_term_social_assistance", "conditions_20a",
                                    "no_apprenticeship"}
    assert dict(row.fired)["first_social_assistance"] == dt.date(2026, 11, 1)


def test_missing_required_columns_are_named(office: AppContext) -> None:
    table = read_table(b"Navn;Adresse\nOla;Vei 1\n", "x.csv")
    with pytest.raises(ValidationError) as error:
        preview_import(office, table, today=TODAY)
    assert "Fødselsnummer, Fornavn, Etternavn" in error.value.message


# --- found by fuzzing (tests/unit/fuzz/test_fuzz_person_import.py) ------------------------------


def _damaged_sheet_workbook() -> bytes:
    """A workbook whose zip is sound but whose sheet XML is cut off: openpyxl reads it lazily."""
    import zipfile

    book = Workbook()
    book.active.append(["Fødselsnummer", "Fornavn", "Etternavn"])
    book.active.append([fnr(1), "Åse", "Ødegård"])
    whole = io.BytesIO()
    book.save(whole)
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(whole.getvalue())) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, content[:len(content) // 2] if item.filename.endswith("sheet1.xml") else content)
    return damaged.getvalue()


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"\xef\xbb\xbf\x80\x81", "p.csv", "kunne ikke leses som tekst"),  # a UTF-8 BOM, then no UTF-8
    (b"\xff\xfe\x00", "p.csv", "kunne ikke leses som tekst"),  # a UTF-16 BOM and half a character
    (b"Fornavn;Etternavn\n" + b"x" * 200_000 + b";y\n", "p.csv", "Rad 2 i filen kunne ikke leses"),
    (_damaged_sheet_workbook(), "p.xlsx", "Excel-ark"),
    (b'Fornavn;Etternavn\n"to\nlinjer";x\n' + b"y" * 200_000 + b";z\n", "p.csv", "Rad 3 i filen"),  # rows, not lines
], ids=["utf8-bom", "utf16-bom", "huge-cell", "damaged-sheet", "huge-cell-after-a-quoted-line-break"])
def test_unreadable_files_are_refused_in_norwegian_not_with_a_crash(data: bytes, name: str, expected: str) -> None:
    with pytest.raises(ImportFileError) as error:
        read_table(data, name)
    assert expected in error.value.message


def test_row_numbers_are_the_rows_of_the_file_with_blank_rows_and_mac_line_ends(office: AppContext) -> None:
    lines = ["Fødselsnummer;Fornavn;Etternavn", "", f"{fnr(1)};Åse;Ødegård", ";;", f"{fnr(2)};;Hansen"]
    table = read_table("\r".join(lines).encode("utf-8"), "mac.csv")  # «CSV (Macintosh)» ends lines with \r
    preview = preview_import(office, table, today=TODAY)
    assert [(r.row_number, r.status) for r in preview.rows] == [(3, "ok"), (5, "error")]
    book = Workbook()
    for row in (["Fødselsnummer", "Fornavn", "Etternavn"], [None], [fnr(3), None, "Ærø"]):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    preview = preview_import(office, read_table(data.getvalue(), "p.xlsx"), today=TODAY)
    assert [(r.row_number, r.status) for r in preview.rows] == [(3, "error")]


def test_odd_digits_far_dates_and_long_phone_numbers_are_row_errors(office: AppContext) -> None:
    header = "Fødselsnummer;Fornavn;Etternavn;Måneder sosialhjelp;AAP avsluttet;Postnummer;Telefon"
    lines = [f"{fnr(1)};Åse;Ødegård;²;;;", f"{fnr(2)};Ole;Hansen;;31.12.9999;;",
             f"{fnr(3)};Kari;Ærø;;;²²²²;", f"{fnr(4)};Per;Li;;;;{'4' * 41}"]
    table = read_table(csv_bytes(lines, header=header), "rare.csv")
    before = _persons(office)
    preview = preview_import(office, table, today=TODAY)  # used to raise ValueError and OverflowError
    messages = {r.row_number: " ".join(r.messages) for r in preview.errors}
    assert "«²» er ikke et helt tall" in messages[2]
    assert "mellom 1900 og 2199" in messages[3]
    assert "fire siffer" in messages[4]
    assert "Telefon kan ha høyst 40 tegn" in messages[5]  # PostgreSQL refused the row with a DataError
    with pytest.raises(ValidationError, match="4 rader har feil"):
        import_persons(office, table, today=TODAY)
    assert _persons(office) == before
