"""One 11CF record: a mapping of SSB field name → value, formatted to its fixed width.

Formatting follows SSB's kontrollprogram (``KostraRecord.toRecordString`` and the readers):

- strings are left-aligned and padded with spaces; codes are written exactly as given;
- integers are right-aligned and padded with **spaces** (SSB reads them with ``trim().toInt()``,
  so space padding is what its own record writer produces); ``None`` gives a blank field;
- dates are ``ddMMyyyy``;
- a blank (``None`` or ``""``) field is all spaces.

A value that does not fit is refused with :class:`RecordFormatError` (Norwegian message), never
silently cut.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeAlias

from kvp_desktop.exports.kostra11cf.layout import DataType, FieldSpec, Layout
from kvp_desktop.i18n import N_, _

FieldValue: TypeAlias = str | int | dt.date | None
Kostra11CFRecord: TypeAlias = Mapping[str, FieldValue]
"""A record as the exporter builds it: SSB field name (``"KJONN"``) → value. Missing names are blank."""

ENCODING = "iso-8859-1"

MSG_UNKNOWN_FIELD = N_("Post {post}: feltet «{felt}» finnes ikke i filbeskrivelsen for {aar}.")
MSG_TOO_LONG = N_(
    "Post {post}: verdien «{verdi}» i feltet {felt} er {lengde} tegn, men feltet har bare plass til {plass}."
)
MSG_NOT_INTEGER = N_("Post {post}: feltet {felt} skal være et heltall, men fikk «{verdi}».")
MSG_NEGATIVE = N_("Post {post}: feltet {felt} kan ikke være negativt ({verdi}).")
MSG_NOT_DATE = N_("Post {post}: feltet {felt} skal være en dato, men fikk «{verdi}».")
MSG_NOT_TEXT = N_(
    "Post {post}: feltet {felt} er et tekstfelt (kode) og må få verdien som tekst med {plass} tegn, "
    "ikke som tallet {verdi}."
)
MSG_DATE_IN_TEXT = N_("Post {post}: feltet {felt} er ikke et datofelt og kan ikke få datoen {verdi}.")
MSG_BAD_CHARACTER = N_(
    "Post {post}: feltet {felt} inneholder tegnet «{tegn}», som ikke kan skrives i ISO-8859-1 (tegnsettet SSB krever)."
)
MSG_CONTROL_CHARACTER = N_(
    "Post {post}: feltet {felt} inneholder et linjeskift, en tabulator eller et annet kontrolltegn."
)
MSG_BAD_TYPE = N_("Post {post}: feltet {felt} har en verdi av typen {type}, som ikke kan skrives i filen.")


class RecordFormatError(ValueError):
    """A value cannot be written to its 11CF field. The message is Norwegian and names the field."""

    def __init__(self, message: str, field: str | None = None, record_number: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.record_number = record_number


def format_date(value: dt.date) -> str:
    """``date(2025, 3, 1)`` → ``"01032025"`` (SSB's ``ddMMyyyy``)."""
    return f"{value.day:02d}{value.month:02d}{value.year:04d}"


def format_field(spec: FieldSpec, value: FieldValue, record_number: int = 1) -> str:
    """``value`` written into exactly ``spec.size`` characters."""
    if value is None or value == "":
        return " " * spec.size
    if isinstance(value, bool):
        raise _error(MSG_BAD_TYPE, spec, record_number, type="bool")
    if isinstance(value, dt.datetime):
        raise _error(MSG_BAD_TYPE, spec, record_number, type="datetime")
    if isinstance(value, dt.date):
        if spec.data_type is not DataType.DATE:
            raise _error(MSG_DATE_IN_TEXT, spec, record_number, verdi=value.isoformat())
        text = format_date(value)
    elif isinstance(value, int):
        if spec.data_type is DataType.DATE:
            raise _error(MSG_NOT_DATE, spec, record_number, verdi=value)
        if spec.data_type is DataType.STRING:
            raise _error(MSG_NOT_TEXT, spec, record_number, verdi=value, plass=spec.size)
        if value < 0:
            raise _error(MSG_NEGATIVE, spec, record_number, verdi=value)
        text = str(value).rjust(spec.size)
    elif isinstance(value, str):
        text = _checked_text(spec, value, record_number)
        if spec.data_type is DataType.INTEGER:
            stripped = text.strip()
            if not stripped.isdigit() or not stripped.isascii():
                raise _error(MSG_NOT_INTEGER, spec, record_number, verdi=value)
            text = stripped.rjust(spec.size)
    else:
        raise _error(MSG_BAD_TYPE, spec, record_number, type=type(value).__name__)
    if len(text) > spec.size:
        raise _error(MSG_TOO_LONG, spec, record_number, verdi=text, lengde=len(text), plass=spec.size)
    return text.ljust(spec.size)


def _checked_text(spec: FieldSpec, value: str, record_number: int) -> str:
    for char in value:
        if ord(char) < 32 or 127 <= ord(char) < 160:
            raise _error(MSG_CONTROL_CHARACTER, spec, record_number)
        try:
            char.encode(ENCODING)
        except UnicodeEncodeError:
            raise _error(MSG_BAD_CHARACTER, spec, record_number, tegn=char) from None
    return value


def format_record(record: Kostra11CFRecord, layout: Layout, record_number: int = 1) -> str:
    """The record as one line of exactly ``layout.record_length`` characters (no line ending)."""
    for name in record:
        if name not in layout:
            raise RecordFormatError(
                _(MSG_UNKNOWN_FIELD, post=record_number, felt=name, aar=layout.year),
                field=name,
                record_number=record_number,
            )
    line = "".join(format_field(spec, record.get(spec.name), record_number) for spec in layout.fields)
    if len(line) != layout.record_length:  # pragma: no cover - guarded by the layout check
        raise AssertionError(f"record length {len(line)} != {layout.record_length}")
    return line


def parse_line(line: str, layout: Layout) -> dict[str, str]:
    """Split one record line into its raw field texts (untrimmed), as SSB's reader does."""
    return {spec.name: line[spec.slice].ljust(spec.size) for spec in layout.fields}


def parse_date(text: str) -> dt.date | None:
    """A strict ``ddMMyyyy`` date, or ``None`` when the text is not a real date."""
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        return None
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def parse_value(spec: FieldSpec, text: str) -> FieldValue:
    """The typed value of one raw field: ``None`` for blank, ``int`` / ``date`` by type, else the text
    with trailing spaces removed. Raises :class:`ValueError` for a malformed integer or date."""
    if not text.strip():
        return None
    if spec.data_type is DataType.INTEGER:
        return int(text.strip())
    if spec.data_type is DataType.DATE:
        value = parse_date(text)
        if value is None:
            raise ValueError(f"{spec.name}: «{text}» er ikke en gyldig dato (ddMMyyyy)")
        return value
    return text.rstrip(" ")


def _error(template: str, spec: FieldSpec, record_number: int, **params: object) -> RecordFormatError:
    return RecordFormatError(
        _(template, post=record_number, felt=spec.name, **params),
        field=spec.name,
        record_number=record_number,
    )
