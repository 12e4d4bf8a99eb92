"""Import persons from a spreadsheet or CSV export (``kvp import persons`` and Fil → Importer).

Steps: :func:`read_table` reads the file (CSV: ``;``/``,``/tab sniffed; UTF-8 with or without
BOM, else Windows-1252/ISO-8859-1 when the text makes sense in it; .xlsx: the first sheet),
:func:`guess_mapping` maps the header row to our fields by Norwegian aliases,
:func:`preview_import` checks every row without writing anything, and :func:`import_persons`
writes.

Policy (docs/import-format.md): a row is all or nothing — it is checked completely before
anything is written, and written (person, stop-point facts, flags) in the same transaction as
the rest. If any row has errors, nothing is imported unless the caller asks for
``only_valid=True`` ("importer de gyldige radene"); then the valid rows are imported and the
bad ones reported with their row numbers. A person already in the register is reported and
skipped, never duplicated or overwritten. A fødselsnummer that appears twice in the file with
the same content is imported once (the repeat is reported); with different content, both rows
are errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kvp_desktop.i18n import N_, _, format_number
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.services.portfolio.persons import PersonInput, validate_person
from kvp_desktop.services.portfolio.portfolio import recompute_flags
from kvp_desktop.store.models import Person, User

MAX_ROWS = 200_000


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str  # the documented Norwegian header
    aliases: tuple[str, ...]
    required: bool = False


FIELDS: tuple[ImportField, ...] = (
    ImportField("fodselsnummer", N_("Fødselsnummer"),
                ("fødselsnummer", "fodselsnummer", "fnr", "fødselsnr", "f.nr", "personnummer", "dnummer",
                 "d-nummer", "ident", "identitetsnummer"), True),
    ImportField("first_name", N_("Fornavn"), ("fornavn", "first name", "firstname", "navn fornavn"), True),
    ImportField("last_name", N_("Etternavn"), ("etternavn", "last name", "lastname", "slektsnavn"), True),
    ImportField("address", N_("Adresse"), ("adresse", "gateadresse", "bostedsadresse", "address")),
    ImportField("postcode", N_("Postnummer"), ("postnummer", "postnr", "post nr")),
    ImportField("postplace", N_("Poststed"), ("poststed", "sted", "postnavn")),
    ImportField("municipality_number", N_("Kommunenummer"), ("kommunenummer", "kommunenr", "knr")),
    ImportField("phone", N_("Telefon"), ("telefon", "telefonnummer", "mobil", "tlf")),
    ImportField("email", N_("E-post"), ("e-post", "epost", "email", "e-postadresse")),
    ImportField("journal_number", N_("Journalnummer"), ("journalnummer", "journalnr", "saksnummer")),
    ImportField("caseworker", N_("Veileder"), ("veileder", "saksbehandler", "brukernavn veileder")),
    ImportField("first_social_assistance_application", N_("Første søknad sosialhjelp"),
                ("første søknad sosialhjelp", "første søknad", "forste soknad sosialhjelp",
                 "første søknad om økonomisk sosialhjelp")),
    ImportField("social_assistance_only_income_months", N_("Måneder sosialhjelp eneste inntekt"),
                ("måneder sosialhjelp eneste inntekt", "måneder sosialhjelp", "mnd sosialhjelp",
                 "sosialhjelp måneder")),
    ImportField("planned_20a_conditions", N_("Planlagt vilkår § 20a"),
                ("planlagt vilkår § 20a", "planlagt vilkår 20a", "vilkår 20a", "§ 20a", "20a")),
    ImportField("aap_end_date", N_("AAP avsluttet"), ("aap avsluttet", "aap slutt", "aap sluttdato")),
    ImportField("intro_programme_end_date", N_("Introduksjonsprogram avsluttet"),
                ("introduksjonsprogram avsluttet", "intro avsluttet", "introprogram avsluttet", "intro slutt")),
    ImportField("youth_without_apprenticeship", N_("Uten læreplass"),
                ("uten læreplass", "ung uten læreplass", "ikke læreplass")),
    ImportField("upper_secondary_dropout", N_("Avbrutt videregående"),
                ("avbrutt videregående", "avbrutt vgs", "droppet ut vgs", "frafall vgs")),
    ImportField("work_experience", N_("Arbeidserfaring"), ("arbeidserfaring", "arbeidserfaring nivå")),
    ImportField("needs_help_to_work", N_("Trenger hjelp til arbeid"),
                ("trenger hjelp til arbeid", "trenger hjelp", "behov for bistand til arbeid")),
    ImportField("other_nav_rights", N_("Andre rettigheter i NAV"),
                ("andre rettigheter i nav", "andre rettigheter", "andre ytelser")),
    ImportField("notes", N_("Notater"), ("notater", "merknad", "merknader", "notat")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)

_COLUMN_SIZES = {name: int(getattr(Person.__table__.c[name].type, "length", 0) or 0) for name in ("phone", "email")}
_YES = {"ja", "j", "x", "1", "sann", "true", "yes", "y"}
_NO = {"nei", "n", "0", "usann", "false", "no", ""}
_WORK = {"ingen": "none", "none": "none", "lite": "little", "litt": "little", "little": "little",
         "noe": "some", "some": "some", "god": "some", "mye": "some", "": "some"}


class ImportFileError(ServiceError):
    """The file cannot be read at all (Norwegian message)."""


@dataclass(frozen=True)
class RawTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # data rows; row 1 in messages is the header line
    encoding: str = ""
    delimiter: str = ""
    file_name: str = ""
    row_numbers: tuple[int, ...] = ()  # each data row's number in the file (blank rows are left out)


@dataclass(frozen=True)
class RowResult:
    row_number: int  # as in the spreadsheet: the header is row 1
    status: str  # ok | error | exists | repeat
    messages: tuple[str, ...] = ()
    name: str = ""
    masked_id: str = ""


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[RowResult, ...]
    mapping: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if r.status == "ok")

    @property
    def errors(self) -> tuple[RowResult, ...]:
        return tuple(r for r in self.rows if r.status == "error")

    @property
    def skipped(self) -> tuple[RowResult, ...]:
        return tuple(r for r in self.rows if r.status in ("exists", "repeat"))


@dataclass(frozen=True)
class ImportResult:
    imported: int
    preview: ImportPreview


# --- reading ----------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    # A BOM that the rest of the file does not live up to falls through to the refusal below.
    for bom, codec, label in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 med BOM"), (b"", "utf-8", "UTF-8"),
                              (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                pass
    text = data.decode("cp1252", errors="strict") if _fits_cp1252(data) else None
    if text is not None and _looks_like_text(text):
        return text, "Windows-1252"
    latin = data.decode("latin-1")
    if _looks_like_text(latin):
        return latin, "ISO-8859-1"
    raise ImportFileError(_(
        "Filen kunne ikke leses som tekst. Lagre den som CSV med tegnkoding UTF-8 "
        "(i Excel: «CSV UTF-8 (kommadelt)») og prøv igjen."
    ))


def _fits_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_text(text: str) -> bool:
    """No control characters other than line breaks and tabs (binary files fail here)."""
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text)


def _read_csv(data: bytes, name: str) -> RawTable:
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows, and old Mac «CSV (Macintosh)»
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.strip() else ""
        delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    numbered: list[tuple[int, tuple[str, ...]]] = []
    read = 0  # records, as the spreadsheet counts rows (not reader.line_num: a quoted cell may span lines)
    try:
        for row in reader:
            read += 1
            if any(cell.strip() for cell in row):
                numbered.append((read, tuple(cell.strip() for cell in row)))
    except csv.Error as exc:
        raise ImportFileError(_(
            "Rad {rad} i filen kunne ikke leses: en celle er for stor (over {antall} tegn) eller har "
            "anførselstegn som ikke er lukket. Rett raden og prøv igjen.",
            rad=read + 1, antall=format_number(csv.field_size_limit()))) from exc
    return _table(numbered, encoding, delimiter, name, _("Filen er tom."))


def _table(numbered: list[tuple[int, tuple[Any, ...]]], encoding: str, delimiter: str, name: str,
           empty: str) -> RawTable:
    """The first non-empty row is the header; the rows keep their numbers in the file."""
    if not numbered:
        raise ImportFileError(empty)
    header = tuple(str(cell).strip() for cell in numbered[0][1])
    return RawTable(header, tuple(row for _n, row in numbered[1:]), encoding, delimiter, name,
                    tuple(n for n, _row in numbered[1:]))


def _read_xlsx(data: bytes, name: str) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not a zip, not a workbook
        raise ImportFileError(_("Filen kunne ikke åpnes som et Excel-ark (.xlsx).")) from exc
    numbered: list[tuple[int, tuple[Any, ...]]] = []
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            row = tuple("" if c is None else c for c in values)
            if any(str(c).strip() for c in row):
                numbered.append((number, row))
    except Exception as exc:  # the sheet is read lazily: a damaged part shows only now
        raise ImportFileError(_("Filen kunne ikke åpnes som et Excel-ark (.xlsx).")) from exc
    finally:
        book.close()
    return _table(numbered, "xlsx", "", name, _("Regnearket er tomt."))


def read_table(source: Path | bytes, name: str = "") -> RawTable:
    """Read a .csv or .xlsx file (path or bytes; ``name`` decides the format for bytes)."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ImportFileError(_("Filen {fil} kunne ikke leses.", fil=source.name)) from exc
    else:
        data = source
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data, name)
    elif name.lower().endswith((".xls", ".ods")):
        raise ImportFileError(_("Bare .csv og .xlsx kan importeres. Lagre arket som .xlsx eller CSV."))
    else:
        table = _read_csv(data, name)
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(_("Filen har mer enn {antall} rader. Del den opp.", antall=MAX_ROWS))
    return table


# --- mapping ----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = text.casefold().strip().replace("§", " ")
    text = re.sub(r"[^0-9a-zæøåäö]+", " ", text)
    return " ".join(text.split())


def guess_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Field key → column index for the headers we recognise (first match wins)."""
    mapping: dict[str, int] = {}
    normalised = [_norm(h) for h in headers]
    for f in FIELDS:
        wanted = {_norm(a) for a in (*f.aliases, f.label)}
        for index, header in enumerate(normalised):
            if header in wanted and index not in mapping.values():
                mapping[f.key] = index
                break
    return mapping


def missing_required(mapping: dict[str, int]) -> list[str]:
    return [_(f.label) for f in FIELDS if f.required and f.key not in mapping]


# --- checking ---------------------------------------------------------------------------------


def _cell(row: tuple[Any, ...], mapping: dict[str, int], key: str) -> Any:
    index = mapping.get(key)
    if index is None or index >= len(row):
        return ""
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else str(value).strip()


def _yes_no(value: Any, label: str, problems: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in _YES:
        return True
    if text not in _NO:
        problems.append(_("{felt}: «{verdi}» er ikke ja eller nei.", felt=label, verdi=_text(value)))
    return False


def _date(value: Any) -> dt.date | str | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    return text or None


def _fnr(value: Any) -> str:
    text = _text(value).replace(" ", "").replace(".", "")
    if text.isdigit() and len(text) == 10:  # a spreadsheet ate the leading zero
        text = "0" + text
    return text


def _postcode(value: Any) -> str:
    text = _text(value)
    # A spreadsheet turns 0314 into 314: put the zero back (only then: "31" stays wrong).
    return "0" + text if text.isdigit() and len(text) == 3 else text


@dataclass
class _Checked:
    result: RowResult
    person: PersonInput | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    content: tuple[Any, ...] = ()


def _check_row(number: int, row: tuple[Any, ...], mapping: dict[str, int], usernames: dict[str, int],
               today: dt.date) -> _Checked:
    problems: list[str] = []
    get: Callable[[str], Any] = lambda key: _cell(row, mapping, key)  # noqa: E731
    months_text = _text(get("social_assistance_only_income_months")) or "0"
    months = 0
    if months_text.isascii() and months_text.isdigit():  # "²".isdigit() is true, int("²") fails
        months = int(months_text)
    else:
        problems.append(_("Måneder sosialhjelp: «{verdi}» er ikke et helt tall.", verdi=months_text))
    work = _WORK.get(_text(get("work_experience")).casefold())
    if work is None:
        problems.append(_("Arbeidserfaring: «{verdi}» må være ingen, lite eller noe.",
                          verdi=_text(get("work_experience"))))
        work = "some"
    caseworker_id = None
    caseworker = _text(get("caseworker"))
    if caseworker:
        caseworker_id = usernames.get(caseworker.casefold())
        if caseworker_id is None:
            problems.append(_("Veileder: fant ingen bruker med brukernavnet «{navn}».", navn=caseworker))
    flags = {
        key: _yes_no(get(key), _(label), problems)
        for key, label in (
            ("planned_20a_conditions", N_("Planlagt vilkår § 20a")),
            ("youth_without_apprenticeship", N_("Uten læreplass")),
            ("upper_secondary_dropout", N_("Avbrutt videregående")),
            ("needs_help_to_work", N_("Trenger hjelp til arbeid")),
        )
    }
    other_rights = _text(get("other_nav_rights"))
    if len(other_rights) > 100:
        problems.append(_("Andre rettigheter i NAV kan ha høyst 100 tegn."))
    for key, label in (("phone", N_("Telefon")), ("email", N_("E-post"))):
        limit = _COLUMN_SIZES[key]  # PostgreSQL refuses a longer value; say so before, in Norwegian
        if len(_text(get(key))) > limit:
            problems.append(_("{felt} kan ha høyst {antall} tegn.", felt=_(label), antall=limit))
    data = PersonInput(
        fodselsnummer=_fnr(get("fodselsnummer")),
        first_name=_text(get("first_name")),
        last_name=_text(get("last_name")),
        address=_text(get("address")),
        postcode=_postcode(get("postcode")),
        postplace=_text(get("postplace")),
        municipality_number=_text(get("municipality_number")),
        phone=_text(get("phone")),
        email=_text(get("email")),
        journal_number=_text(get("journal_number")),
        caseworker_id=caseworker_id,
        first_social_assistance_application=_date(get("first_social_assistance_application")),
        social_assistance_only_income_months=months,
        planned_20a_conditions=flags["planned_20a_conditions"],
        aap_end_date=_date(get("aap_end_date")),
        intro_programme_end_date=_date(get("intro_programme_end_date")),
        youth_without_apprenticeship=flags["youth_without_apprenticeship"],
        upper_secondary_dropout=flags["upper_secondary_dropout"],
        work_experience=work,
        notes=_text(get("notes")),
    )
    try:
        validate_person(data, today)
    except ValidationError as exc:
        problems.extend(exc.problems.values())
    name = f"{data.last_name}, {data.first_name}".strip(", ")
    masked = mask_identity_number(data.fodselsnummer)
    if problems:
        return _Checked(RowResult(number, "error", tuple(problems), name, masked))
    extra = {"needs_help_to_work": flags["needs_help_to_work"], "other_nav_rights": other_rights}
    return _Checked(RowResult(number, "ok", (), name, masked), data, extra, (data, tuple(sorted(extra.items()))))


def _check_all(ctx: AppContext, table: RawTable, mapping: dict[str, int], today: dt.date) -> list[_Checked]:
    missing = missing_required(mapping)
    if missing:
        raise ValidationError({"mapping": _("Velg kolonne for: {felter}.", felter=", ".join(missing))})
    with ctx.uow() as uow:
        usernames = {u.casefold(): i for i, u in uow.session.execute(select(User.id, User.username)).all()}
    row_numbers = table.row_numbers or tuple(range(2, len(table.rows) + 2))
    checked = [_check_row(number, row, mapping, usernames, today)
               for number, row in zip(row_numbers, table.rows, strict=True)]
    # Twice in the file: identical rows are imported once, different rows are both errors.
    first_seen: dict[str, _Checked] = {}
    for item in checked:
        if item.person is None:
            continue
        number = item.person.fodselsnummer
        earlier = first_seen.get(number)
        if earlier is None:
            first_seen[number] = item
            continue
        if earlier.content == item.content and earlier.result.status == "ok":
            item.result = RowResult(item.result.row_number, "repeat", (
                _("Samme person som på rad {rad}; importeres bare én gang.", rad=earlier.result.row_number),),
                item.result.name, item.result.masked_id)
        else:
            text = _("Fødselsnummeret står også på rad {rad} med andre opplysninger. Rett filen.",
                     rad=earlier.result.row_number)
            item.result = RowResult(item.result.row_number, "error", (text,), item.result.name, item.result.masked_id)
            earlier.result = RowResult(earlier.result.row_number, "error", (
                _("Fødselsnummeret står også på rad {rad} med andre opplysninger. Rett filen.",
                  rad=item.result.row_number),), earlier.result.name, earlier.result.masked_id)
        item.person = None
    # Already in the register.
    numbers = [item.person.fodselsnummer for item in checked if item.person is not None and item.result.status == "ok"]
    existing: set[str] = set()
    with ctx.uow() as uow:
        for start in range(0, len(numbers), 900):
            existing.update(uow.session.scalars(
                select(Person.fodselsnummer).where(Person.fodselsnummer.in_(numbers[start:start + 900]))
            ))
    for item in checked:
        if item.person is not None and item.result.status == "ok" and item.person.fodselsnummer in existing:
            item.result = RowResult(item.result.row_number, "exists", (
                _("Personen finnes allerede i registeret og hoppes over."),), item.result.name, item.result.masked_id)
            item.person = None
    return checked


def preview_import(ctx: AppContext, table: RawTable, mapping: dict[str, int] | None = None,
                   today: dt.date | None = None) -> ImportPreview:
    """Check every row; nothing is written (no role needed: it reveals nothing the file does not hold
    beyond "already registered")."""
    mapping = guess_mapping(table.headers) if mapping is None else mapping
    checked = _check_all(ctx, table, mapping, today or dt.date.today())
    return ImportPreview(tuple(item.result for item in checked), dict(mapping))


def import_persons(
    ctx: AppContext,
    table: RawTable,
    mapping: dict[str, int] | None = None,
    *,
    only_valid: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Import the rows (see the module docstring for the policy). One transaction."""
    roles.require(ctx, Permission.REGISTER_PERSONS)
    today = today or dt.date.today()
    mapping = guess_mapping(table.headers) if mapping is None else mapping
    checked = _check_all(ctx, table, mapping, today)
    preview = ImportPreview(tuple(item.result for item in checked), dict(mapping))
    if preview.errors and not only_valid:
        message = _("Én rad har feil, så ingenting er importert. Rett feilen, eller velg å importere bare de "
                    "gyldige radene.") if len(preview.errors) == 1 else _(
            "{antall} rader har feil, så ingenting er importert. Rett feilene, eller velg å importere bare "
            "de gyldige radene.", antall=len(preview.errors))
        raise ValidationError({"rows": message})
    with ctx.uow() as uow:
        session = uow.session
        new_ids = []
        for item in checked:
            if item.person is None or item.result.status != "ok":
                continue
            person, children = validate_person(item.person, today)
            person.children = children
            person.needs_help_to_work = item.extra["needs_help_to_work"]
            person.other_nav_rights = item.extra["other_nav_rights"]
            person.facts_recorded_on = today
            session.add(person)
            new_ids.append(person)
        session.flush()
        recompute_flags(session, [p.id for p in new_ids], today)
        ctx.audit(session, "import", "person", None, None,
                  f"{len(new_ids)} importert, {len(preview.errors)} med feil, {len(preview.skipped)} hoppet over")
        uow.commit()
    return ImportResult(len(new_ids), preview)
