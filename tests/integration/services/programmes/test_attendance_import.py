"""An attendance list from a provider: saved whole, or refused with each bad row named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.programmes import attendance_import
from kvp_desktop.store.models import Attendance, Person, Programme

DAY = dt.date(2026, 11, 16)  # a Monday inside the demo's running programmes


def _participant(ctx: AppContext) -> tuple[str, int]:
    with ctx.uow() as uow:
        row = uow.session.execute(
            select(Person.fodselsnummer, Programme.id).join(Programme, Programme.person_id == Person.id)
            .where(Programme.status == "active", Programme.start_date <= DAY,
                   Programme.planned_end_date >= DAY + dt.timedelta(days=4))
            .order_by(Programme.id)).first()
    assert row is not None
    return row[0], row[1]


def _saved(ctx: AppContext, programme_id: int) -> dict[dt.date, tuple[Decimal, Decimal]]:
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(Attendance).where(Attendance.programme_id == programme_id,
                                                            Attendance.day >= DAY)).all()
        return {r.day: (r.attended_hours, r.invalid_absence_hours) for r in rows}


def test_a_good_csv_is_saved(demo_ctx: AppContext, tmp_path: Path) -> None:
    number, programme_id = _participant(demo_ctx)
    path = tmp_path / "oppmote.csv"
    path.write_text("fødselsnummer;dato;oppmøte;ugyldig fravær;merknad\n"
                    f"{number};16.11.2026;7,5;;\n{number};17.11.2026;4,5;3;Kom sent\n", encoding="utf-8-sig")
    ctx = demo_ctx.as_user("demo.veileder")
    assert attendance_import.import_file(ctx, path) == 2
    saved = _saved(demo_ctx, programme_id)
    assert saved[DAY] == (Decimal("7.50"), Decimal("0.00"))
    assert saved[DAY + dt.timedelta(days=1)] == (Decimal("4.50"), Decimal("3.00"))


def test_an_xlsx_with_a_bad_row_saves_nothing_and_names_the_row(demo_ctx: AppContext, tmp_path: Path) -> None:
    number, programme_id = _participant(demo_ctx)
    before = _saved(demo_ctx, programme_id)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Fødselsnummer", "Dato", "Oppmøte"])
    sheet.append([number, DAY, "7,5"])
    sheet.append([number, "31.02.2026", "7,5"])
    sheet.append(["01010112345", "18.11.2026", "7,5"])
    path = tmp_path / "oppmote.xlsx"
    book.save(path)
    with pytest.raises(ValidationError) as error:
        attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path)
    messages = list(error.value.problems.values())
    assert any(m.startswith("Rad 3:") and "dato" in m for m in messages)
    assert any(m.startswith("Rad 4:") and "ingen deltaker" in m for m in messages)
    assert _saved(demo_ctx, programme_id) == before


def test_a_file_without_the_needed_columns_is_refused(demo_ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("navn;timer\nKari;7,5\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="fødselsnummer"):
        attendance_import.preview(demo_ctx.as_user("demo.veileder"), path)


def test_a_windows_1252_csv_is_read(demo_ctx: AppContext, tmp_path: Path) -> None:
    number, programme_id = _participant(demo_ctx)
    path = tmp_path / "excel.csv"
    path.write_bytes(f"fødselsnummer;dato;oppmøte;merknad\n{number};16.11.2026;6;Lege på ettermiddagen – ære\n"
                     .encode("cp1252"))
    assert attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path) == 1
    assert _saved(demo_ctx, programme_id)[DAY][0] == Decimal("6.00")


# --- found by fuzzing (tests/unit/fuzz/test_fuzz_attendance_import.py) --------------------------


@pytest.mark.parametrize("day", ["16.11.2026", "01.12.2026"], ids=["registered-day", "new-day"])
def test_the_same_day_twice_is_a_row_error(demo_ctx: AppContext, tmp_path: Path, day: str) -> None:
    """Was: a registered day silently took the last row; a new day crashed with an IntegrityError."""
    number, programme_id = _participant(demo_ctx)
    before = _saved(demo_ctx, programme_id)
    path = tmp_path / "dobbel.csv"
    iso = dt.datetime.strptime(day, "%d.%m.%Y").date().isoformat()
    path.write_text(f"fødselsnummer;dato;oppmøte\n{number};{day};7,5\n{number};{iso};6\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path)
    assert list(error.value.problems.values()) == ["Rad 3: samme deltaker og dato som rad 2."]
    assert _saved(demo_ctx, programme_id) == before


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("binær.csv", b"\x81\x8d\x8f\x90\x9d", "ikke en tekstfil"),  # was «'charmap' codec can't decode…»
    ("ikke-ark.xlsx", b"PK\x03\x04 ikke et regneark", "Excel-ark"),  # was zipfile.BadZipFile
    ("stor.csv", b"f\xc3\xb8dselsnummer;dato\n" + b"1" * 200_000 + b";16.11.2026\n", "Rad 2 kunne ikke leses"),
], ids=["not-text", "not-a-workbook", "huge-cell"])
def test_unreadable_files_are_refused_in_norwegian(demo_ctx: AppContext, tmp_path: Path, name: str, data: bytes,
                                                   expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError) as error:
        attendance_import.preview(demo_ctx.as_user("demo.veileder"), path)
    assert expected in error.value.message and "codec" not in error.value.message


def test_a_csv_with_old_mac_line_ends_is_read(demo_ctx: AppContext, tmp_path: Path) -> None:
    number, programme_id = _participant(demo_ctx)
    path = tmp_path / "mac.csv"
    path.write_bytes(f"fødselsnummer;dato;oppmøte\r{number};16.11.2026;5\r".encode())  # was «new-line character…»
    assert attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path) == 1
    assert _saved(demo_ctx, programme_id)[DAY][0] == Decimal("5.00")


def test_hours_written_as_hours_and_minutes_are_saved(demo_ctx: AppContext, tmp_path: Path) -> None:
    number, programme_id = _participant(demo_ctx)
    path = tmp_path / "minutter.csv"
    path.write_text(f"fødselsnummer;dato;oppmøte\n{number};16.11.2026;7:20\n", encoding="utf-8")
    assert attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path) == 1
    with demo_ctx.uow() as uow:
        minutes = uow.session.execute(text(
            "SELECT attended_hours FROM attendance WHERE programme_id = :p AND day = :d"),
            {"p": programme_id, "d": DAY}).scalar_one()
    assert minutes == 440


def test_a_utf16_list_is_read_and_one_without_bom_refused(demo_ctx: AppContext, tmp_path: Path) -> None:
    """Found by the nightly fuzzing: UTF-16 was read as Windows-1252 with NULs between the letters."""
    number, programme_id = _participant(demo_ctx)
    text = f"fødselsnummer;dato;oppmøte\r\n{number};16.11.2026;6,5\r\n"
    path = tmp_path / "unicode.csv"
    path.write_bytes(text.encode("utf-16"))  # Excel's «Unicode-tekst» has a BOM
    assert attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path) == 1
    assert _saved(demo_ctx, programme_id)[DAY][0] == Decimal("6.50")
    path.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(ValidationError, match="ikke en tekstfil"):
        attendance_import.preview(demo_ctx.as_user("demo.veileder"), path)


def test_the_import_saves_on_the_programme_the_preview_found(demo_ctx: AppContext, tmp_path: Path) -> None:
    # A person whose earlier programme row is only planned (overlapping the day) and who now runs a newer
    # one: the preview chooses the running one, and the import must not search again and take the first.
    number, planned_id = _participant(demo_ctx)
    with demo_ctx.uow() as uow:
        planned = uow.session.get(Programme, planned_id)
        assert planned is not None
        running = Programme(person_id=planned.person_id, application_id=planned.application_id,
                            caseworker_id=planned.caseworker_id, start_date=planned.start_date,
                            planned_end_date=planned.planned_end_date, status="active")
        uow.session.add(running)
        planned.status = "planned"
        uow.session.flush()
        running_id = running.id
        uow.commit()
    assert planned_id < running_id
    before = _saved(demo_ctx, planned_id)
    path = tmp_path / "oppmote.csv"
    path.write_text(f"fødselsnummer;dato;oppmøte\n{number};16.11.2026;6\n", encoding="utf-8")
    ctx = demo_ctx.as_user("demo.veileder")
    assert [row.programme_id for row in attendance_import.preview(ctx, path).rows] == [running_id]
    assert attendance_import.import_file(ctx, path) == 1
    assert _saved(demo_ctx, running_id)[DAY][0] == Decimal("6")
    assert _saved(demo_ctx, planned_id) == before


def test_absence_over_the_planned_hours_is_refused_per_row(demo_ctx: AppContext, tmp_path: Path) -> None:
    """24 hours of unauthorised absence on a 7,5-hour day, or any on a Saturday with nothing
    planned, is impossible (stl. § 36): each row is named, nothing is saved."""
    number, programme_id = _participant(demo_ctx)
    before = _saved(demo_ctx, programme_id)
    path = tmp_path / "umulig.csv"
    path.write_text("fødselsnummer;dato;oppmøte;ugyldig fravær\n"
                    f"{number};16.11.2026;;24\n{number};21.11.2026;;7,5\n{number};17.11.2026;4,5;3\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        attendance_import.import_file(demo_ctx.as_user("demo.veileder"), path)
    errors = list(caught.value.problems.values())
    assert len(errors) == 2
    assert errors[0].startswith("Rad 2: 16.11.2026: fraværet (24 timer) kan ikke være mer enn dagens planlagte timer")
    assert errors[1].startswith("Rad 3: 21.11.2026: det var ingen planlagt aktivitet denne dagen")
    assert _saved(demo_ctx, programme_id) == before


def test_the_week_sheet_service_refuses_the_same(demo_ctx: AppContext) -> None:
    from kvp_desktop.services.programmes import attendance

    _number, programme_id = _participant(demo_ctx)
    clerk = demo_ctx.as_user("demo.veileder")
    shown = {d.day: d for d in attendance.week_sheet(demo_ctx, DAY, [programme_id])[0].days}
    monday, saturday = shown[DAY], shown[DAY + dt.timedelta(days=5)]
    with pytest.raises(ValidationError, match="kan ikke være mer enn dagens planlagte timer"):
        attendance.save_week(clerk, DAY, {programme_id: [attendance.DayInput(
            DAY, invalid_absence=Decimal(24), expected_version=monday.version)]})
    with pytest.raises(ValidationError, match="ingen planlagt aktivitet"):
        attendance.save_week(clerk, DAY, {programme_id: [attendance.DayInput(
            saturday.day, invalid_absence=Decimal(24), expected_version=saturday.version)]})
