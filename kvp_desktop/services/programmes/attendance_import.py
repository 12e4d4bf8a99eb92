"""Import an attendance list from a provider (CSV or .xlsx) with per-row Norwegian errors.

Columns (header row, case-insensitive, in any order): ``fødselsnummer``, ``dato`` (dd.mm.åååå),
``oppmøte``, ``gyldig fravær``, ``fraværstype``, ``ugyldig fravær``, ``lønnet arbeid``,
``merknad`` (hours as 7,5 or 7:30; empty = 0). Every row is checked first; if any row has an
error nothing is saved, and each error names its row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.programmes.attendance import (
    ABSENCE_TYPES,
    DayInput,
    _check_day,
    _write_days,
    monday_of,
    parse_hours,
    planned_days,
)
from kvp_desktop.store.models import Person, Programme

COLUMNS = {
    "fødselsnummer": "fnr", "fodselsnummer": "fnr", "dato": "day", "oppmøte": "attended",
    "gyldig fravær": "valid", "fraværstype": "type", "ugyldig fravær": "invalid", "lønnet arbeid": "work",
    "merknad": "note",
}
TYPE_NAMES = {**{k: k for k in ABSENCE_TYPES}, **{_(v).lower(): k for k, v in ABSENCE_TYPES.items()},
              "legeerklæring": "legeerklaering", "velferd": "velferdspermisjon"}


@dataclass(frozen=True)
class ImportRow:
    row: int
    fodselsnummer: str
    entry: DayInput
    #: The programme the preview found for the person and day; the import saves on that one.
    programme_id: int


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]
    errors: tuple[str, ...]  # "Rad 3: …"


class _Unreadable(Exception):
    """The file cannot be read; the argument is the Norwegian reason."""


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:  # not a zip, not a workbook
        raise _Unreadable(_("Filen kunne ikke åpnes som et Excel-ark (.xlsx).")) from exc
    table = []
    try:
        sheet = book.active
        if sheet is None:
            raise _Unreadable(_("Regnearket er tomt."))
        for values in sheet.iter_rows(values_only=True):
            cells = []
            for value in values:
                if isinstance(value, dt.datetime):
                    value = value.date()
                cells.append(value.strftime("%d.%m.%Y") if isinstance(value, dt.date)
                             else "" if value is None else str(value))
            table.append(cells)
    except _Unreadable:
        raise
    except Exception as exc:  # the sheet is read lazily: a damaged part shows only now
        raise _Unreadable(_("Filen kunne ikke åpnes som et Excel-ark (.xlsx).")) from exc
    finally:
        book.close()
    return table


def _read_table(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    data = path.read_bytes()
    not_text = _("Filen er ikke en tekstfil (CSV). Lagre listen som CSV UTF-8 eller .xlsx.")
    # Excel on Windows saves CSV as Windows-1252, «Unicode-tekst» as UTF-16 with a BOM.
    codecs = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp1252")
    for codec in codecs:
        try:
            text = data.decode(codec, errors="strict")
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _Unreadable(not_text)
    if "\x00" in text:  # UTF-16 without a BOM, or a binary file, read as Windows-1252
        raise _Unreadable(not_text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows, and old Mac «CSV (Macintosh)»
    dialect = ";" if text.count(";") >= text.count(",") else ","
    table: list[list[str]] = []
    try:
        table.extend(csv.reader(io.StringIO(text), delimiter=dialect))
    except csv.Error as exc:  # the row is the record, not reader.line_num: a quoted cell may span lines
        raise _Unreadable(_(
            "Rad {rad} kunne ikke leses: en celle er for stor eller har anførselstegn som ikke er lukket.",
            rad=len(table) + 1)) from exc
    return table


def _date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(_("«{t}» er ikke en dato (dd.mm.åååå).", t=text))


def preview(ctx: AppContext, path: Path) -> ImportPreview:
    """Read and check the file without saving anything."""
    require(ctx, Permission.REGISTER_ATTENDANCE)
    try:
        table = _read_table(path)
    except _Unreadable as exc:
        raise ValidationError({"file": str(exc)}) from exc
    except OSError as exc:
        raise ValidationError({"file": _("Kan ikke lese filen {fil}.", fil=path.name)}) from exc
    if not table:
        raise ValidationError({"file": _("Filen er tom.")})
    header = [COLUMNS.get(cell.strip().lower(), "") for cell in table[0]]
    if "fnr" not in header or "day" not in header:
        raise ValidationError({"file": _("Første rad må ha kolonnene «fødselsnummer» og «dato».")})
    rows, errors = [], []
    seen: dict[tuple[int, dt.date], int] = {}
    plans: dict[tuple[int, dt.date], dict[dt.date, Decimal]] = {}  # (programme, Monday) → planned hours
    with ctx.uow() as uow:
        numbers = {r[header.index("fnr")].strip() for r in table[1:] if len(r) > header.index("fnr")}
        programmes: dict[str, list[Programme]] = defaultdict(list)
        for programme, number in uow.session.execute(
            select(Programme, Person.fodselsnummer).join(Person, Person.id == Programme.person_id)
            .where(Person.fodselsnummer.in_(list(numbers)), Programme.status != "planned")
        ).tuples():
            programmes[number].append(programme)
        for index, raw in enumerate(table[1:], start=2):
            if not any(cell.strip() for cell in raw):
                continue
            cells = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header) if name}
            try:
                day = _date(cells.get("day", ""))
                kind = cells.get("type", "").lower()
                entry = DayInput(day, parse_hours(cells.get("attended", "")), parse_hours(cells.get("valid", "")),
                                 TYPE_NAMES.get(kind, kind), parse_hours(cells.get("invalid", "")),
                                 parse_hours(cells.get("work", "")), cells.get("note", ""))
            except ValueError as exc:
                errors.append(_("Rad {rad}: {feil}", rad=index, feil=str(exc)))
                continue
            number = cells.get("fnr", "")
            match = [p for p in programmes.get(number, [])
                     if p.start_date <= day <= (p.end_date or p.planned_end_date)]
            if not match:
                errors.append(_("Rad {rad}: ingen deltaker med dette fødselsnummeret er i program {dato}.",
                                rad=index, dato=day.strftime("%d.%m.%Y")))
                continue
            week = (match[0].id, monday_of(day))
            if week not in plans:
                plans[week] = planned_days(ctx, match[0], [day])
            # The day's planned hours are the ceiling of its absence (rules.absence, stl. § 36).
            problems = _check_day(entry, match[0], None, "row", plans[week].get(day))
            if problems:
                errors.extend(_("Rad {rad}: {feil}", rad=index, feil=p) for p in problems.values())
                continue
            earlier = seen.setdefault((match[0].id, day), index)
            if earlier != index:  # two rows for one day: which one holds is not ours to guess
                errors.append(_("Rad {rad}: samme deltaker og dato som rad {annen}.", rad=index, annen=earlier))
                continue
            rows.append(ImportRow(index, number, entry, match[0].id))
    return ImportPreview(tuple(rows), tuple(errors))


def import_file(ctx: AppContext, path: Path) -> int:
    """Save the file's rows in one transaction; refused whole (per-row errors) if any row is bad."""
    result = preview(ctx, path)
    if result.errors:
        raise ValidationError({f"row{i}": error for i, error in enumerate(result.errors)})
    with ctx.uow() as uow:
        session = uow.session
        by_programme: dict[int, list[DayInput]] = defaultdict(list)
        programmes: dict[int, Programme] = {}
        for row in result.rows:
            # The preview's choice, not a new search: a planned programme overlapping the day is not it.
            programme = programmes.get(row.programme_id) or session.get(Programme, row.programme_id)
            if programme is None:  # removed between the preview and the saving
                raise ServiceError(_("Programmet for rad {rad} finnes ikke lenger. Prøv importen på nytt.",
                                     rad=row.row))
            programmes[programme.id] = programme
            by_programme[programme.id].append(row.entry)
        count = _write_days(session, programmes, by_programme)
        ctx.audit(session, "import", "attendance", None, None, f"{path.suffix.lstrip('.')}: {count} dager")
        uow.commit()
        return count


