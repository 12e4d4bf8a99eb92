"""Person import under fuzzing: any CSV or .xlsx either imports cleanly or is refused in Norwegian,
each bad row named by its row in the spreadsheet, and a refused file leaves the register untouched.

Random bytes and damaged workbooks go to :func:`read_table` alone; structured files (the right
headers, wrong cells, encodings, BOMs, delimiters, ragged rows, huge cells; real workbooks with
numbers, dates, formulas, very long text) go all the way through :func:`preview_import` and
:func:`import_persons` against one real SQLite database per module. Counts: see ``fuzz_support``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import String, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio.person_import import (
    FIELDS,
    ImportFileError,
    RawTable,
    import_persons,
    preview_import,
    read_table,
)
from kvp_desktop.store.models import Person
from tests.unit.fuzz.fuzz_support import FUZZ, FUZZ_DB, norwegian, office_copy, report, row_counts, run_nightly

TODAY = dt.date(2026, 11, 23)
TRIED: Counter[str] = Counter()
TABLES = ("persons", "children", "stop_point_flags", "portfolio_states", "audit_events")
REQUIRED = {f.key for f in FIELDS if f.required}


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    report(TRIED, "Fuzz-inndata prøvd (personimport)")


@pytest.fixture(scope="module")
def office(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    ctx = office_copy(demo_template, tmp_path_factory.mktemp("fuzz_person_import"), "demo.veileder")
    yield ctx
    ctx.db.dispose()


# --- cells ------------------------------------------------------------------------------------

def _fnr(seed: int, born: dt.date, sex: str) -> str:
    return synthetic_fodselsnummer(random.Random(seed), born, sex)


valid_fnr = st.builds(_fnr, st.integers(0, 2**32), st.dates(dt.date(1930, 1, 1), dt.date(2008, 12, 31)),
                      st.sampled_from("12"))
odd_text = st.sampled_from([
    "", " ", "=SUM(A1:A3)", '"sitat"', 'a;b,c\td', "linje\nskift", "vogn\rretur", "\x00", "\ufeff", "²", "١٢٣",
    "None", "nan", "-1", "1e9", "Åse Ødegård", "  ja  ", "æ" * 300, "\u3000",
])
short_text = st.one_of(st.text(max_size=30), odd_text)
huge_text = st.integers(1, 200_000).map(lambda n: "ø" * n)
fnr_cells = st.one_of(
    valid_fnr, valid_fnr.map(lambda f: f"{f[:6]} {f[6:]}"), valid_fnr.map(lambda f: f.lstrip("0")),
    valid_fnr.map(lambda f: f[:-1] + str((int(f[-1]) + 1) % 10)), st.text(alphabet="0123456789 .-", max_size=13),
    short_text,
)
date_cells = st.one_of(
    st.dates(dt.date(1000, 1, 1)).map(lambda d: d.strftime("%d.%m.%Y")), st.dates().map(dt.date.isoformat),
    st.sampled_from(["31.02.2026", "31.12.9999", "01.01.1000", "0001-01-01", "9999-12-31", "1.1.26", "i går",
                     "2026-13-01", "01.10.2026"]),
    short_text,
)
CELLS: dict[str, st.SearchStrategy[str]] = {
    "fodselsnummer": fnr_cells,
    "first_name": st.one_of(st.sampled_from(["Åse", "Ole", "Kari"]), short_text, huge_text),
    "last_name": st.one_of(st.sampled_from(["Ødegård", "Hansen", "Ærø"]), short_text),
    "address": st.one_of(short_text, huge_text),
    "postcode": st.one_of(st.sampled_from(["0314", "314", "31", "3140", "²²²²", "٣١٤٠", "03140"]), short_text),
    "postplace": short_text,
    "municipality_number": st.one_of(st.sampled_from(["3803", "301", "²²²²"]), short_text),
    "phone": st.one_of(st.sampled_from(["41234567", "+47 412 34 567"]), short_text, huge_text),
    "email": st.one_of(st.sampled_from(["a@b.no"]), short_text, huge_text),
    "journal_number": short_text,
    "caseworker": st.one_of(st.sampled_from(["demo.veileder", "DEMO.VEILEDER", "ukjent.bruker"]), short_text),
    "first_social_assistance_application": date_cells,
    "social_assistance_only_income_months": st.one_of(
        st.integers(-5, 700).map(str), st.sampled_from(["²", "١٢", "3,5", "1e3", " 7 "]), short_text),
    "planned_20a_conditions": st.one_of(st.sampled_from(["ja", "nei", "x", "", "kanskje", "TRUE", "1"]), short_text),
    "aap_end_date": date_cells,
    "intro_programme_end_date": date_cells,
    "youth_without_apprenticeship": st.sampled_from(["ja", "nei", "", "j", "n", "?"]),
    "upper_secondary_dropout": st.sampled_from(["ja", "nei", "", "yes", "no", "2"]),
    "work_experience": st.one_of(st.sampled_from(["ingen", "lite", "noe", "mye", "", "masse"]), short_text),
    "needs_help_to_work": st.sampled_from(["ja", "nei", "", "sann", "usann"]),
    "other_nav_rights": st.one_of(short_text, st.integers(90, 120).map(lambda n: "r" * n)),
    "notes": st.one_of(short_text, huge_text),
}


@st.composite
def sheets(draw: st.DrawFn, cells: dict[str, st.SearchStrategy[Any]]) -> tuple[list[str], list[str], list[list[Any]]]:
    """Keys, header texts and data rows of a plausible export: known headers, cells of any sort."""
    keys = [f.key for f in FIELDS if draw(st.integers(0, 19)) > (0 if f.required else 12)]
    keys = draw(st.permutations(keys))
    headers = []
    for key in keys:
        field = next(f for f in FIELDS if f.key == key)
        header = draw(st.sampled_from((field.label, *field.aliases)))
        headers.append(draw(st.sampled_from([header, header.upper(), header.title(), f" {header} "])))
    rows = [[draw(cells[key]) for key in keys] for _ in range(draw(st.integers(0, 6)))]
    return list(keys), headers, rows


def _blank(record: list[Any]) -> bool:
    return not any(str(cell).strip() for cell in record if cell is not None)


def _insert_blank_rows(draw: st.DrawFn, records: list[list[Any]], blank: list[Any]) -> list[list[Any]]:
    for _ in range(draw(st.integers(0, 2))):
        records.insert(draw(st.integers(0, len(records))), list(blank))
    return records


# --- the checks -------------------------------------------------------------------------------

def _check_import(office: AppContext, table: RawTable, expected_rows: list[int] | None, keys: list[str],
                  only_valid: bool) -> None:
    """Preview, then import; every refusal Norwegian and complete, nothing half-saved."""
    before = row_counts(office, TABLES)
    try:
        preview = preview_import(office, table, today=TODAY)
    except ValidationError as error:
        assert norwegian(error.message), error.message
        assert not set(keys) >= REQUIRED or expected_rows is None, error.message
        assert row_counts(office, TABLES) == before
        return
    numbers = [row.row_number for row in preview.rows]
    assert len(numbers) == len(set(numbers)) and all(n >= 2 for n in numbers)
    if expected_rows is not None:
        assert numbers == expected_rows, "radnumrene peker ikke på radene i filen"
    for row in preview.errors:
        assert row.messages and all(norwegian(m) for m in row.messages), row.messages
    newest = _newest_person(office)
    try:
        result = import_persons(office, table, only_valid=only_valid, today=TODAY)
    except ValidationError as error:
        assert preview.errors and not only_valid, error.message
        count = "Én rad har" if len(preview.errors) == 1 else f"{len(preview.errors)} rader har"
        assert norwegian(error.message) and f"{count} feil" in error.message
        assert row_counts(office, TABLES) == before
        return
    after = row_counts(office, TABLES)
    assert result.imported == preview.valid
    assert after["persons"] == before["persons"] + result.imported
    assert after["audit_events"] == before["audit_events"] + 1
    _check_column_lengths(office, newest)


def _newest_person(office: AppContext) -> int:
    with office.uow() as uow:
        return int(uow.session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1)) or 0)


def _check_column_lengths(office: AppContext, newest_before: int) -> None:
    """What was saved fits the declared column sizes (PostgreSQL enforces them; SQLite does not)."""
    sized = [c for c in Person.__table__.columns if isinstance(c.type, String) and c.type.length]
    with office.uow() as uow:
        for person in uow.session.scalars(select(Person).where(Person.id > newest_before)):
            for column in sized:
                value = getattr(person, column.key) or ""
                assert len(value) <= column.type.length, f"{column.name}: {len(value)} tegn"
                assert not column.name.endswith(("postcode", "fodselsnummer")) or value.isascii()


# --- CSV --------------------------------------------------------------------------------------

@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["personer.csv", "personer.txt", "", "personer.xlsx"]))
def test_random_bytes_are_read_or_refused_in_norwegian(data: bytes, name: str) -> None:
    TRIED["personimport: tilfeldige byte"] += 1
    try:
        table = read_table(data, name)
    except ImportFileError as error:
        assert norwegian(error.message), error.message
    else:
        assert isinstance(table.headers, tuple) and all(isinstance(row, tuple) for row in table.rows)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str, list[str], list[int] | None]:
    """A CSV export: bytes, delimiter, keys, and (when written faithfully) the rows the service must name."""
    keys, headers, rows = draw(sheets(CELLS))
    delimiter = draw(st.sampled_from(";,\t"))
    faithful = draw(st.booleans())
    records = _insert_blank_rows(draw, [headers, *rows], [""] * len(headers))
    if not faithful:  # ragged rows and junk lines
        records = [r[:draw(st.integers(0, len(r)))] + draw(st.lists(short_text, max_size=2)) for r in records]
        if draw(st.booleans()):
            records.insert(draw(st.integers(0, len(records))), [draw(short_text)])
    out = io.StringIO()
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    if faithful:  # csv quotes a lone "\r" only when it is in the line terminator: quote all, or drop it
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        if quoting == csv.QUOTE_MINIMAL:
            records = [[str(c).replace("\r", "") for c in r] for r in records]
        csv.writer(out, delimiter=delimiter, lineterminator=terminator, quoting=quoting).writerows(records)
    else:
        out.write(terminator.join(delimiter.join(str(c) for c in r) for r in records))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    data = out.getvalue().encode(encoding, errors="replace")
    if not faithful and draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    header_at = next((i for i, r in enumerate(records) if not _blank(r)), 0)
    expected = [i + 1 for i, r in enumerate(records) if i > header_at and not _blank(r)] if faithful else None
    return data, delimiter, keys, expected


@FUZZ_DB
@given(csv_files(), st.booleans())
def test_structured_csv_imports_cleanly_or_is_refused_whole(
        office: AppContext, file: tuple[bytes, str, list[str], list[int] | None], only_valid: bool) -> None:
    TRIED["personimport: CSV med kolonner"] += 1
    data, delimiter, keys, expected = file
    before = row_counts(office, TABLES)
    try:
        table = read_table(data, "personer.csv")
    except ImportFileError as error:
        assert norwegian(error.message), error.message
        assert row_counts(office, TABLES) == before
        return
    if expected is not None and table.delimiter != delimiter:
        expected = None  # the sniffer read the file another way: the rows are not ours to predict
    _check_import(office, table, expected, keys, only_valid)


# --- xlsx -------------------------------------------------------------------------------------

sheet_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
any_cell = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 3, 1)), st.datetimes(dt.datetime(1900, 3, 1)), st.times(),
    st.timedeltas(dt.timedelta(0), dt.timedelta(days=9000)), sheet_text,
    st.sampled_from(["=1+1", "=A1*2", "=SUM(A:A)", "=NOW()", "=1/0"]),
    st.integers(1, 40_000).map(lambda n: "å" * n),
)
XLSX_CELLS: dict[str, st.SearchStrategy[Any]] = {  # control characters cannot be stored in a worksheet
    key: st.one_of(strategy.map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)), any_cell)
    for key, strategy in CELLS.items()
}
XLSX_CELLS["fodselsnummer"] = st.one_of(XLSX_CELLS["fodselsnummer"], valid_fnr.map(int), valid_fnr.map(float))
for _key in ("first_social_assistance_application", "aap_end_date", "intro_programme_end_date"):
    XLSX_CELLS[_key] = st.one_of(XLSX_CELLS[_key], st.dates(dt.date(1900, 3, 1)), st.datetimes(dt.datetime(1900, 3, 1)))


def _xlsx_blank(value: Any) -> bool:
    """As the reader sees it: formulas have no cached value (None), whitespace is nothing."""
    if isinstance(value, str):
        return not value.strip() or (len(value) > 1 and value.startswith("="))
    return value is None


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[bytes, list[str], list[int]]:
    keys, headers, rows = draw(sheets(XLSX_CELLS))
    records = _insert_blank_rows(draw, [headers, *rows], [None] * len(headers))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for record in records:
        sheet.append(record)
    out = io.BytesIO()
    book.save(out)
    header_at = next((i for i, r in enumerate(records) if not all(_xlsx_blank(c) for c in r)), 0)
    expected = [i + 1 for i, r in enumerate(records) if i > header_at and not all(_xlsx_blank(c) for c in r)]
    return out.getvalue(), keys, expected


@FUZZ_DB
@given(workbooks(), st.booleans())
def test_real_workbooks_import_cleanly_or_are_refused_whole(
        office: AppContext, book: tuple[bytes, list[str], list[int]], only_valid: bool) -> None:
    TRIED["personimport: xlsx med kolonner"] += 1
    data, keys, expected = book
    try:
        table = read_table(data, "personer.xlsx")
    except ImportFileError as error:  # only a sheet with nothing in it
        assert error.message == "Regnearket er tomt." and not keys
        return
    _check_import(office, table, expected, keys, only_valid)


@FUZZ
@given(workbooks(), st.data())
def test_damaged_workbooks_are_refused_in_norwegian(book: tuple[bytes, list[str], list[int]],
                                                    data: st.DataObject) -> None:
    TRIED["personimport: skadet xlsx"] += 1
    content = bytearray(book[0])
    how = data.draw(st.sampled_from(["cut", "flip", "insert"]))
    # Positions as numbers taken modulo the size: a saved workbook's size varies with its time stamp.
    position = st.integers(0, 2**20).map(lambda n: n % len(content))
    at = data.draw(position)
    if how == "cut":
        content = content[:at]
    elif how == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            content[at] ^= 1 << data.draw(st.integers(0, 7))
            at = data.draw(position)
    else:
        content[at:at] = data.draw(st.binary(min_size=1, max_size=16))
    try:
        table = read_table(bytes(content), "personer.xlsx")
    except ImportFileError as error:
        assert norwegian(error.message), error.message
    else:
        assert all(isinstance(row, tuple) for row in table.rows)


@pytest.mark.slow
def test_nightly_person_import_fuzz_runs_2000_per_parser() -> None:
    """The long variant: every property above with 2 000 examples, in a fresh process."""
    output = run_nightly(__file__)
    assert "Fuzz-inndata prøvd (personimport)" in output and "sum" in output
