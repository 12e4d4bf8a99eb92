"""Writing 11CF files: fixed width, ISO-8859-1, one record per line (CRLF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kvp_desktop.exports.kostra11cf import (
    LINE_ENDING,
    DataType,
    RecordFormatError,
    encode_records,
    format_record,
    load_layout,
    parse_line,
    parse_value,
    write_file,
)
from kvp_desktop.exports.kostra11cf.record import format_field

YEARS = (2025, 2026)


def _record(year: int) -> dict[str, object]:
    return {
        "KOMMUNE_NR": "3401",
        "VERSION": f"{year % 100:02d}",
        "FODSELSDATO": dt.date(1985, 3, 15),
        "PERSON_JOURNALNR": "J-17",
        "PERSON_FODSELSNR": "15838512345",
        "KJONN": "2",
        "EKTSTAT": "1",
        "BU18": "1",
        "ANTBU18": 2,
        "REG_DATO": dt.date(year - 1, 11, 4),
        "VEDTAK_DATO": dt.date(year - 1, 12, 2),
        "BEGYNT_DATO": dt.date(year, 1, 6),
        "KVP_KOMM": "2",
        "KVP_MED_ASTONAD": "1",
        "KVP_MED_KOMMBOS": "4",
        "STMND_1": "01",
        "STMND_12": "12",
        "KVP_STONAD": 289_000,
        "STATUS": "3",
        "AVSL_DATO": dt.date(year, 12, 31),
        "AVSL_ORDINAERTARB": "01",
        "AVSL_VIKTIGSTE_INNTEKT": "01",
        "SAKSBEHANDLER": "Åse Bø",
    }


@pytest.mark.parametrize("year", YEARS)
def test_round_trip_field_by_field_and_position_by_position(year: int) -> None:
    layout = load_layout(year)
    record = _record(year)
    line = format_record(record, layout)  # type: ignore[arg-type]
    assert len(line) == layout.record_length == 152

    raw = parse_line(line, layout)
    for spec in layout.fields:
        text = line[spec.start - 1 : spec.end]
        assert raw[spec.name] == text
        expected = record.get(spec.name)
        assert parse_value(spec, text) == (None if expected in (None, "") else expected), spec.name

    # positions exactly as SSB's file description says
    assert line[0:4] == "3401"
    assert line[4:6] == f"{year % 100:02d}"
    assert line[6:8] == "  "
    assert line[8:16] == "15031985"
    assert line[16:24] == "J-17    "
    assert line[38:40] == " 2"  # ANTBU18: right-aligned, space padded
    assert line[104:111] == " 289000"  # KVP_STONAD
    assert line[80:82] == "01" and line[102:104] == "12"
    assert line[82:102] == " " * 20
    assert line[112:120] == f"3112{year}"
    assert line[142:152] == "Åse Bø    "


def test_integers_are_right_aligned_with_spaces_and_blank_when_none() -> None:
    spec = load_layout(2025).field("KVP_STONAD")
    assert format_field(spec, 0) == "      0"
    assert format_field(spec, 1234) == "   1234"
    assert format_field(spec, "0042") == "   0042"
    assert format_field(spec, None) == " " * 7
    assert spec.data_type is DataType.INTEGER


def test_file_is_iso_8859_1_with_crlf_after_every_record() -> None:
    records = [_record(2025), {**_record(2025), "PERSON_JOURNALNR": "J-18", "SAKSBEHANDLER": "Øyvind Æ"}]
    data = encode_records(records, 2025)  # type: ignore[arg-type]
    assert LINE_ENDING == "\r\n"
    lines = data.split(b"\r\n")
    assert lines[-1] == b""  # the last record ends with a line break too
    assert [len(line) for line in lines[:-1]] == [152, 152]
    assert "Åse Bø".encode("iso-8859-1") in lines[0]
    assert b"\xc5se B\xf8" in lines[0]  # Å = 0xC5, ø = 0xF8 — one byte each, not UTF-8
    assert b"\xd8yvind \xc6" in lines[1]
    assert "Å".encode() not in data


def test_characters_outside_iso_8859_1_are_refused_with_a_clear_message() -> None:
    record = {**_record(2025), "SAKSBEHANDLER": "Áŋŋel"}
    with pytest.raises(RecordFormatError) as excinfo:
        encode_records([record], 2025)  # type: ignore[list-item]
    assert excinfo.value.field == "SAKSBEHANDLER"
    assert "«ŋ»" in str(excinfo.value) and "ISO-8859-1" in str(excinfo.value)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("SAKSBEHANDLER", "Saksbehandler1", "er 14 tegn, men feltet har bare plass til 10"),
        ("KVP_STONAD", 12_345_678, "har bare plass til 7"),
        ("KVP_STONAD", -5, "kan ikke være negativt"),
        ("KVP_STONAD", "12 kr", "skal være et heltall"),
        ("KJONN", 2, r"tekstfelt \(kode\)"),
        ("FODSELSDATO", 15031985, "skal være en dato"),
        ("KJONN", dt.date(2025, 1, 1), "ikke et datofelt"),
        ("SAKSBEHANDLER", "Ola\tN", "kontrolltegn"),
        ("FINNES_IKKE", "x", "finnes ikke i filbeskrivelsen for 2025"),
    ],
)
def test_values_that_do_not_fit_are_refused(field: str, value: object, expected: str) -> None:
    with pytest.raises(RecordFormatError, match=expected):
        encode_records([{**_record(2025), field: value}], 2025)  # type: ignore[list-item]


def test_no_records_gives_ssbs_single_space_file() -> None:
    assert encode_records([], 2026) == b" "


def test_write_file_writes_the_bytes_and_leaves_nothing_on_error(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "11cf_2025.dat"
    written = write_file([_record(2025)], 2025, target)  # type: ignore[list-item]
    assert written == target
    assert target.read_bytes() == encode_records([_record(2025)], 2025)  # type: ignore[list-item]

    other = tmp_path / "feil.dat"
    with pytest.raises(RecordFormatError):
        write_file([{**_record(2025), "SAKSBEHANDLER": "€"}], 2025, other)  # type: ignore[list-item]
    assert not other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut"]
