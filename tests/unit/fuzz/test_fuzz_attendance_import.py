"""Attendance import under fuzzing: a provider's list (CSV or .xlsx) is saved whole, or refused with
Norwegian messages that name their rows ("Rad 3: …"), and a refused list changes no attendance.

One real SQLite database (a copy of the demo office) per module; its running programmes give the
fødselsnumre and days the generated lists are made of. Counts: see ``fuzz_support``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select, text

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.programmes import attendance_import
from kvp_desktop.store.models import Attendance, Person, Programme
from tests.unit.fuzz.fuzz_support import FUZZ, FUZZ_DB, norwegian, office_copy, report, run_nightly

TRIED: Counter[str] = Counter()
DAY = dt.date(2026, 11, 16)
HEADERS = ["fødselsnummer", "dato", "oppmøte", "gyldig fravær", "fraværstype", "ugyldig fravær", "lønnet arbeid",
           "merknad"]


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    report(TRIED, "Fuzz-inndata prøvd (oppmøteimport)")


@pytest.fixture(scope="module")
def office(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    ctx = office_copy(demo_template, tmp_path_factory.mktemp("fuzz_attendance"), "demo.veileder")
    yield ctx
    ctx.db.dispose()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_attendance_files")


@pytest.fixture(scope="module")
def participants(office: AppContext) -> list[str]:
    """Fødselsnumre of persons in a running programme around DAY (the cells draw on these)."""
    with office.uow() as uow:
        numbers = uow.session.scalars(
            select(Person.fodselsnummer).join(Programme, Programme.person_id == Person.id)
            .where(Programme.status == "active", Programme.start_date <= DAY, Programme.planned_end_date >= DAY)
            .order_by(Person.id).limit(4)).all()
    assert len(numbers) >= 2
    return list(numbers)


def _state(ctx: AppContext) -> tuple[Any, ...]:
    """Every attendance row's content in one fingerprint (a refused list must leave it as it was)."""
    with ctx.uow() as uow:
        return tuple(uow.session.execute(text(
            "SELECT count(*), total(attended_hours), total(valid_absence_hours), total(invalid_absence_hours), "
            "total(paid_work_hours), total(length(note)), total(length(valid_absence_type)), "
            "(SELECT count(*) FROM audit_events) FROM attendance")).one())


# --- cells ------------------------------------------------------------------------------------

garbage = st.one_of(st.text(max_size=20), st.sampled_from(["", " ", "None", "=1+1", '"', "²", "\x00", "a\rb"]))
hours = st.one_of(
    st.sampled_from(["", "7,5", "7.5", "7:30", "8", "0", "24", "25", "-1", "7,25", "0,001", "1e9", "NaN", "sNaN",
                     "Infinity", "7:30:00", ":", "٧,٥", "1_0", "9" * 5000]),
    st.decimals(min_value=-2, max_value=30, places=2).map(lambda d: str(d).replace(".", ",")),
    garbage,
)
kinds = st.one_of(st.sampled_from(["", "sykdom", "Sykdom", "legeerklæring", "velferd", "ukjent"]), garbage)


def day_cells() -> st.SearchStrategy[str]:
    near = st.integers(-40, 40).map(lambda n: DAY + dt.timedelta(days=n))
    return st.one_of(near.map(lambda d: d.strftime("%d.%m.%Y")), near.map(dt.date.isoformat),
                     st.sampled_from(["31.02.2026", "16.11.26", "9999-12-31", "01.01.0001", "i dag"]), garbage)


@st.composite
def lists(draw: st.DrawFn, participants: list[str]) -> tuple[list[str], list[list[str]]]:
    """A header (the needed columns, maybe others, any case and order) and rows of cells."""
    columns = [c for c in HEADERS if c in ("fødselsnummer", "dato") or draw(st.booleans())]
    if draw(st.integers(0, 19)) == 0:
        columns = columns[1:]  # now and then the fødselsnummer column is missing
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from([c, c.upper(), c.title(), f" {c} "])) for c in columns]
    cell = {
        "fødselsnummer": st.one_of(st.sampled_from(participants), st.sampled_from(["01010112345", ""]), garbage),
        "dato": day_cells(), "oppmøte": hours, "gyldig fravær": hours, "fraværstype": kinds,
        "ugyldig fravær": hours, "lønnet arbeid": hours,
        "merknad": st.one_of(garbage, st.integers(1, 150_000).map(lambda n: "å" * n)),
    }
    rows = [[draw(cell[c]) for c in columns] for _ in range(draw(st.integers(0, 6)))]
    for _ in range(draw(st.integers(0, 2))):  # blank rows, and ragged ones
        rows.insert(draw(st.integers(0, len(rows))), [""] * draw(st.integers(0, len(columns))))
    return header, rows


def _check(office: AppContext, path: Path, rows: int | None) -> None:
    """Preview, then import: saved whole with what the rows said, or refused and nothing changed."""
    before = _state(office)
    try:
        result = attendance_import.import_file(office, path)
    except ValidationError as error:
        messages = list(error.problems.values())
        assert messages and all(norwegian(m) for m in messages), messages
        row_errors = [m for m in messages if m.startswith("Rad ")]
        if rows is not None:
            for message in row_errors:
                number = re.match(r"Rad (\d+)", message)
                assert number and 2 <= int(number.group(1)) <= rows + 1, message
        assert _state(office) == before
        return
    found = attendance_import.preview(office, path)
    assert result == len(found.rows) and not found.errors
    with office.uow() as uow:
        for row in found.rows:
            saved = uow.session.scalars(select(Attendance).join(Programme).join(Person).where(
                Person.fodselsnummer == row.fodselsnummer, Attendance.day == row.entry.day)).one()
            assert (saved.attended_hours, saved.invalid_absence_hours, saved.note) == (
                row.entry.attended, row.entry.invalid_absence, row.entry.note)
            assert saved.attended_hours == saved.attended_hours.quantize(Decimal("0.01"))


@FUZZ
@given(st.binary(max_size=500), st.sampled_from(["oppmote.csv", "oppmote.xlsx", "oppmote.txt"]))
def test_random_bytes_are_refused_in_norwegian(office: AppContext, folder: Path, data: bytes, name: str) -> None:
    TRIED["oppmøteimport: tilfeldige byte"] += 1
    path = folder / name
    path.write_bytes(data)
    _check(office, path, None)


@FUZZ_DB
@given(st.data())
def test_csv_lists_are_saved_whole_or_refused_with_rows_named(
        office: AppContext, folder: Path, participants: list[str], data: st.DataObject) -> None:
    TRIED["oppmøteimport: CSV"] += 1
    header, rows = data.draw(lists(participants))
    delimiter = data.draw(st.sampled_from(";,"))
    out = io.StringIO()
    quoting = data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    if quoting == csv.QUOTE_MINIMAL:  # csv leaves a lone "\r" unquoted, and a lone "\r" ends a line
        rows = [[c.replace("\r", "") for c in row] for row in rows]
    csv.writer(out, delimiter=delimiter, quoting=quoting,
               lineterminator=data.draw(st.sampled_from(["\n", "\r\n"]))).writerows([header, *rows])
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    path = folder / "oppmote.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    _check(office, path, len(rows))


@FUZZ_DB
@given(st.data())
def test_workbooks_are_saved_whole_or_refused_with_rows_named(
        office: AppContext, folder: Path, participants: list[str], data: st.DataObject) -> None:
    TRIED["oppmøteimport: xlsx"] += 1
    header, rows = data.draw(lists(participants))
    other = st.one_of(st.none(), st.integers(-100, 100), st.floats(-100, 100), st.booleans(),
                      st.dates(dt.date(1900, 3, 1)), st.times(), st.just("=A1+1"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:  # text as a provider types it, or a cell of another kind (a real date, a number)
        sheet.append([data.draw(st.one_of(st.just(ILLEGAL_CHARACTERS_RE.sub("", c)), other)) for c in row])
    if data.draw(st.booleans()):
        number, day = data.draw(st.sampled_from(participants)), data.draw(st.integers(-3, 3))
        sheet.append([number, DAY + dt.timedelta(days=day), 7.5])
    path = folder / "oppmote.xlsx"
    book.save(path)
    _check(office, path, sheet.max_row - 1)


@functools.cache
def _small_workbook(number: str) -> bytes:
    """Saved once: hypothesis needs the same bytes every time (a workbook holds its time of saving)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [["fødselsnummer", "dato", "oppmøte"], [number, DAY, "7,5"]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(st.data())
def test_damaged_workbooks_are_refused_in_norwegian(office: AppContext, folder: Path, participants: list[str],
                                                    data: st.DataObject) -> None:
    TRIED["oppmøteimport: skadet xlsx"] += 1
    content = bytearray(_small_workbook(participants[0]))
    at = data.draw(st.integers(0, len(content) - 1))
    if data.draw(st.booleans()):
        content = content[:at]
    else:
        content[at] ^= 1 << data.draw(st.integers(0, 7))
    path = folder / "skadet.xlsx"
    path.write_bytes(bytes(content))
    _check(office, path, 1)


@pytest.mark.slow
def test_nightly_attendance_import_fuzz_runs_2000_per_parser() -> None:
    """The long variant: every property above with 2 000 examples, in a fresh process."""
    output = run_nightly(__file__)
    assert "Fuzz-inndata prøvd (oppmøteimport)" in output and "sum" in output
