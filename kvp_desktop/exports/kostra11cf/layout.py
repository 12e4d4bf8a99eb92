"""The fixed-width layout of KOSTRA form 11CF for one reporting year, read from SSB's YAML.

``load_layout(2025)`` finds ``layouts/2025.yaml`` through :mod:`importlib.resources`; a year with
no file is refused with a Norwegian message (:class:`LayoutNotFoundError`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kvp_desktop.i18n import N_, _

LAYOUT_PACKAGE = "kvp_desktop.exports.kostra11cf.layouts"
_YEAR_FILE = re.compile(r"^(\d{4})\.yaml$")


class LayoutNotFoundError(ValueError):
    """There is no 11CF file description for the requested reporting year."""


class LayoutError(ValueError):
    """A layout file is present but does not describe a usable fixed-width record."""


class DataType(Enum):
    STRING = "STRING_TYPE"
    INTEGER = "INTEGER_TYPE"
    DATE = "DATE_TYPE"


@dataclass(frozen=True)
class Code:
    code: str
    value: str

    def __str__(self) -> str:
        return f"{self.code}={self.value}"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the record. Positions are 1-based and inclusive, as SSB writes them."""

    number: int
    name: str
    description: str
    start: int
    size: int
    data_type: DataType
    mandatory: bool
    date_pattern: str
    codes: tuple[Code, ...]

    @property
    def end(self) -> int:
        return self.start + self.size - 1

    @property
    def slice(self) -> slice:
        return slice(self.start - 1, self.end)

    @property
    def code_values(self) -> frozenset[str]:
        return frozenset(code.code for code in self.codes)

    def has_code(self, value: str) -> bool:
        """True when ``value`` (as it stands in the file, untrimmed) is one of the field's codes."""
        return any(code.code == value for code in self.codes)

    def code_list_text(self) -> str:
        """The code list as SSB prints it: ``[1=Mann, 2=Kvinne]``."""
        return "[" + ", ".join(str(code) for code in self.codes) + "]"


@dataclass(frozen=True)
class Layout:
    year: int
    form: str
    title: str
    fields: tuple[FieldSpec, ...]

    @property
    def record_length(self) -> int:
        return max(field.end for field in self.fields)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(spec.name == name for spec in self.fields)

    def __iter__(self) -> Iterator[FieldSpec]:
        return iter(self.fields)


def available_years() -> tuple[int, ...]:
    """The reporting years that have a layout file, oldest first."""
    years = []
    for entry in resources.files(LAYOUT_PACKAGE).iterdir():
        match = _YEAR_FILE.match(entry.name)
        if match and entry.is_file():
            years.append(int(match.group(1)))
    return tuple(sorted(years))


MSG_NO_LAYOUT = N_(
    "Det finnes ingen filbeskrivelse for KOSTRA-skjema 11CF for rapporteringsåret {aar}. Tilgjengelige år: {aar_liste}."
)


@cache
def load_layout(year: int) -> Layout:
    """The 11CF layout for reporting ``year``; :class:`LayoutNotFoundError` if there is none."""
    entry = resources.files(LAYOUT_PACKAGE) / f"{int(year):04d}.yaml"
    if not entry.is_file():
        years = ", ".join(str(y) for y in available_years()) or "-"
        raise LayoutNotFoundError(_(MSG_NO_LAYOUT, aar=year, aar_liste=years))
    with entry.open("r", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return _parse_layout(data, year)


def _parse_layout(data: Any, year: int) -> Layout:
    if not isinstance(data, Mapping) or not isinstance(data.get("fields"), list):
        raise LayoutError(f"Filbeskrivelsen for {year} mangler feltlisten «fields».")
    declared = data.get("reportingYear")
    if declared is not None and int(declared) != year:
        raise LayoutError(f"Filbeskrivelsen for {year} oppgir rapporteringsåret {declared}.")
    fields = tuple(_parse_field(number, raw) for number, raw in enumerate(data["fields"], start=1))
    _check_contiguous(fields, year)
    return Layout(
        year=year,
        form=str(data.get("id", "11CF")),
        title=str(data.get("title", "")),
        fields=fields,
    )


def _parse_field(number: int, raw: Any) -> FieldSpec:
    if not isinstance(raw, Mapping):
        raise LayoutError(f"Felt nummer {number} i filbeskrivelsen er ikke en tabell.")
    try:
        data_type = DataType(raw["dataType"])
        codes = tuple(Code(str(item["code"]), str(item["value"])) for item in raw.get("codeList") or [])
        spec = FieldSpec(
            number=number,
            name=str(raw["name"]),
            description=str(raw.get("description") or ""),
            start=int(raw["from"]),
            size=int(raw["size"]),
            data_type=data_type,
            mandatory=bool(raw.get("mandatory", False)),
            date_pattern=str(raw.get("datePattern") or ""),
            codes=codes,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise LayoutError(f"Felt nummer {number} i filbeskrivelsen er ufullstendig: {exc}") from exc
    if spec.data_type is DataType.DATE and len(spec.date_pattern) != spec.size:
        raise LayoutError(f"Datomønsteret for {spec.name} passer ikke med feltlengden {spec.size}.")
    return spec


def _check_contiguous(fields: tuple[FieldSpec, ...], year: int) -> None:
    position = 1
    for spec in fields:
        if spec.start != position or spec.size < 1:
            raise LayoutError(
                f"Filbeskrivelsen for {year}: feltet {spec.name} starter i posisjon {spec.start}, forventet {position}."
            )
        position = spec.end + 1
