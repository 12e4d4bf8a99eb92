"""Strict loader for the dated parameters (the law's numbers).

One YAML file per parameter, in OpenFisca's shape::

    description: Grunnbeløpet i folketrygden (G).
    unit: currency-NOK
    reference:
      - folketrygdloven § 1-4
    values:
      2025-05-01:
        value: 130160
        source: FOR-2025-05-23-837 § 1
        announced: 2025-05-23
      2026-05-01:
        value: 136549
        source: FOR-2026-05-22-869
        unconfirmed: true
        note: Kontroller mot gjeldende regelverk.

The loader refuses anything it does not understand: unknown keys, dates out of order or
repeated, a value without ``source``, an unknown unit, a value that does not fit its unit, an
``unconfirmed`` value without a ``note``. Numbers are read as ``Decimal`` straight from the YAML
text (never through float). Files are found with ``importlib.resources`` so a packaged build
works the same as a checkout.

A value applies from its effective date until the next one (the last one has no end). Office
overrides (values registered in Settings and stored in the database) are merged over the shipped
values with :meth:`ParameterSet.with_overrides`; where an office value and a shipped value have
the same effective date, the office value wins.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

Origin = Literal["shipped", "office"]
Scalar = Decimal | int | Fraction | str | bool

#: unit → kind of value. Integer units must hold whole numbers.
UNITS: Mapping[str, str] = MappingProxyType(
    {
        "currency-NOK": "decimal",
        "factor": "decimal",
        "percent": "decimal",
        "hour": "decimal",
        "fraction": "fraction",
        "day": "integer",
        "week": "integer",
        "month": "integer",
        "year": "integer",
        "count": "integer",
        "enum": "enum",
        "bool": "bool",
    }
)

_FILE_KEYS = frozenset({"description", "unit", "reference", "values", "allowed", "documentation"})
_REQUIRED_FILE_KEYS = ("description", "unit", "reference", "values")
_VALUE_KEYS = frozenset({"value", "source", "announced", "unconfirmed", "note"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")

PACKAGE = "kvp_desktop.parameters"


class ParameterError(ValueError):
    """A parameter file or a lookup that is not valid (Norwegian message)."""


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, and where it came from."""

    name: str
    value: Scalar
    effective_from: dt.date
    source: str
    origin: Origin = "shipped"
    unconfirmed: bool = False
    note: str | None = None
    announced: dt.date | None = None
    unit: str = ""

    def describe(self) -> str:
        """A short Norwegian line for Settings and explanations: value, date, source."""
        origin = "lokal verdi" if self.origin == "office" else "levert med programmet"
        text = f"{self.value} fra {self.effective_from.strftime('%d.%m.%Y')} ({origin}; {self.source})"
        if self.unconfirmed:
            text += " – ikke bekreftet, kontroller mot gjeldende regelverk"
        return text


@dataclass(frozen=True)
class Parameter:
    """A parameter and all its dated values, sorted by effective date (no duplicates)."""

    name: str
    description: str
    unit: str
    references: tuple[str, ...]
    values: tuple[ParameterValue, ...]
    allowed: tuple[str, ...] = ()
    documentation: str = ""
    _dates: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(v.effective_from for v in self.values))

    def value_on(self, on: dt.date) -> ParameterValue:
        """The value in force on ``on``: the latest one whose effective date is on or before it."""
        index = bisect.bisect_right(self._dates, on) - 1
        if index < 0:
            raise ParameterError(
                f"Parameteren «{self.name}» har ingen verdi før {self.values[0].effective_from:%d.%m.%Y} "
                f"(spurt om {on:%d.%m.%Y})."
            )
        return self.values[index]


@dataclass(frozen=True)
class Override:
    """An office value as stored in the database (Settings): it wins over a shipped value
    with the same effective date."""

    name: str
    effective_from: dt.date
    value: str | int | Decimal | bool
    source: str


class ParameterSnapshot(Mapping[str, ParameterValue]):
    """All parameters as they stand on one date (``ParameterSet.at(date)``)."""

    def __init__(self, params: ParameterSet, on: dt.date) -> None:
        self._params = params
        self.on = on

    def __getitem__(self, name: str) -> ParameterValue:
        return self._params.value(name, on=self.on)

    def __iter__(self) -> Iterator[str]:
        return iter(self._params.names())

    def __len__(self) -> int:
        return len(self._params.names())


@dataclass(frozen=True)
class ParameterSet:
    """Every parameter, immutable. Look values up with :meth:`value` or the typed helpers."""

    parameters: Mapping[str, Parameter]

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self.parameters))

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(f"Ukjent parameter «{name}».") from None

    def value(self, name: str, on: dt.date) -> ParameterValue:
        """The value of ``name`` in force on ``on``, with its source and origin."""
        return self.parameter(name).value_on(on)

    def at(self, on: dt.date) -> ParameterSnapshot:
        return ParameterSnapshot(self, on)

    # Typed helpers: they check the kind so the rules can rely on it.
    def decimal(self, name: str, on: dt.date) -> Decimal:
        found = self.value(name, on).value
        if isinstance(found, bool) or not isinstance(found, Decimal | int):
            raise ParameterError(f"Parameteren «{name}» er ikke et tall.")
        return Decimal(found)

    def integer(self, name: str, on: dt.date) -> int:
        found = self.value(name, on).value
        if isinstance(found, bool) or not isinstance(found, int):
            raise ParameterError(f"Parameteren «{name}» er ikke et heltall.")
        return found

    def fraction(self, name: str, on: dt.date) -> Fraction:
        found = self.value(name, on).value
        if not isinstance(found, Fraction):
            raise ParameterError(f"Parameteren «{name}» er ikke en brøk.")
        return found

    def text(self, name: str, on: dt.date) -> str:
        found = self.value(name, on).value
        if not isinstance(found, str):
            raise ParameterError(f"Parameteren «{name}» er ikke en tekstverdi.")
        return found

    def flag(self, name: str, on: dt.date) -> bool:
        found = self.value(name, on).value
        if not isinstance(found, bool):
            raise ParameterError(f"Parameteren «{name}» er ikke ja/nei.")
        return found

    def with_overrides(self, overrides: Iterable[Override]) -> ParameterSet:
        """Merge office values over the shipped ones (see :func:`apply_overrides`)."""
        return apply_overrides(self, overrides)


def apply_overrides(params: ParameterSet, overrides: Iterable[Override]) -> ParameterSet:
    """A new set where each office value is added to its parameter's timeline.

    Where an office value and an existing value share an effective date, the office value
    replaces it; otherwise it applies from its date until the next dated value (shipped or
    office). Values are checked against the parameter's unit exactly as the YAML files are.
    """
    by_name: dict[str, dict[dt.date, ParameterValue]] = {}
    for override in overrides:
        parameter = params.parameter(override.name)
        if not override.source or not override.source.strip():
            raise ParameterError(f"Den lokale verdien for «{override.name}» mangler kilde.")
        where = f"lokal verdi for «{override.name}» fra {override.effective_from:%d.%m.%Y}"
        value = _coerce(override.value, parameter.unit, parameter.allowed, where)
        timeline = by_name.setdefault(override.name, {v.effective_from: v for v in parameter.values})
        timeline[override.effective_from] = ParameterValue(
            name=override.name,
            value=value,
            effective_from=override.effective_from,
            source=override.source.strip(),
            origin="office",
            unit=parameter.unit,
        )
    merged = dict(params.parameters)
    for name, timeline in by_name.items():
        old = merged[name]
        merged[name] = Parameter(
            name=old.name,
            description=old.description,
            unit=old.unit,
            references=old.references,
            values=tuple(timeline[d] for d in sorted(timeline)),
            allowed=old.allowed,
            documentation=old.documentation,
        )
    return ParameterSet(merged)


# --- YAML reading -------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads decimals as ``Decimal``."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise ParameterError(f"nøkkelen «{key}» står to ganger (linje {key_node.start_mark.line + 1})")
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_decimal(loader: _StrictLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ParameterError(f"«{text}» er ikke et gyldig tall") from None
    if not value.is_finite():
        raise ParameterError(f"«{text}» er ikke et endelig tall")
    return value


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _coerce(raw: object, unit: str, allowed: tuple[str, ...], where: str) -> Scalar:
    """Check ``raw`` against ``unit`` and return it in the unit's Python type."""
    kind = UNITS[unit]
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise ParameterError(f"{where}: verdien må være true eller false (enhet {unit}).")
    if kind == "enum":
        if isinstance(raw, str) and raw in allowed:
            return raw
        raise ParameterError(f"{where}: «{raw}» er ikke en av de tillatte verdiene ({', '.join(allowed)}).")
    if isinstance(raw, bool):
        raise ParameterError(f"{where}: verdien må være et tall (enhet {unit}).")
    if kind == "fraction":
        if isinstance(raw, str) and (match := _FRACTION.match(raw)):
            numerator, denominator = int(match.group(1)), int(match.group(2))
            if denominator == 0:
                raise ParameterError(f"{where}: nevneren kan ikke være 0.")
            return Fraction(numerator, denominator)
        if isinstance(raw, int | Decimal):
            return Fraction(raw)
        raise ParameterError(f"{where}: «{raw}» er ikke en brøk (skriv for eksempel 2/3).")
    number = _number(raw, unit, where)
    if number < 0:
        raise ParameterError(f"{where}: verdien kan ikke være negativ.")
    if kind == "integer":
        if number != number.to_integral_value():
            raise ParameterError(f"{where}: verdien må være et heltall (enhet {unit}).")
        return int(number)
    return number


def _number(raw: object, unit: str, where: str) -> Decimal:
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, str):
        try:
            number = Decimal(raw.strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ParameterError(f"{where}: «{raw}» er ikke et tall (enhet {unit}).") from None
    else:
        raise ParameterError(f"{where}: verdien må være et tall (enhet {unit}).")
    if not number.is_finite():
        raise ParameterError(f"{where}: «{raw}» er ikke et endelig tall.")
    return number


def _as_date(raw: object, where: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    raise ParameterError(f"{where}: «{raw}» er ikke en dato på formen ÅÅÅÅ-MM-DD.")


def parse_parameter(name: str, text: str) -> Parameter:
    """Parse the YAML text of one parameter file named ``name`` (the file name without .yaml)."""
    where = f"{name}.yaml"
    if not _NAME.match(name):
        raise ParameterError(f"{where}: ugyldig parameternavn (bruk a–z, 0–9 og _).")
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except ParameterError as exc:
        raise ParameterError(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{where}: ikke gyldig YAML ({exc}).") from None
    if not isinstance(data, dict):
        raise ParameterError(
            f"{where}: filen må være en YAML-tabell med description, unit, reference og values."
        )
    unknown = sorted(str(k) for k in set(data) - _FILE_KEYS)
    if unknown:
        raise ParameterError(f"{where}: ukjent nøkkel {', '.join(unknown)}.")
    for key in _REQUIRED_FILE_KEYS:
        if key not in data:
            raise ParameterError(f"{where}: mangler «{key}».")
    description = data["description"]
    if not isinstance(description, str) or not description.strip():
        raise ParameterError(f"{where}: «description» må være en tekst.")
    unit = data["unit"]
    if unit not in UNITS:
        raise ParameterError(f"{where}: ukjent enhet «{unit}» (kjente: {', '.join(UNITS)}).")
    references = _references(data["reference"], where)
    allowed = _allowed(data.get("allowed"), unit, where)
    documentation = data.get("documentation", "")
    if not isinstance(documentation, str):
        raise ParameterError(f"{where}: «documentation» må være en tekst.")
    raw_values = data["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise ParameterError(f"{where}: «values» må ha minst én datert verdi.")
    values: list[ParameterValue] = []
    for key, entry in raw_values.items():
        effective = _as_date(key, f"{where}: values")
        if values and effective <= values[-1].effective_from:
            raise ParameterError(
                f"{where}: datoene i «values» må stå i stigende rekkefølge "
                f"({effective.isoformat()} kommer etter {values[-1].effective_from.isoformat()})."
            )
        values.append(_value(name, effective, entry, unit, allowed, where))
    return Parameter(
        name=name,
        description=description.strip(),
        unit=unit,
        references=references,
        values=tuple(values),
        allowed=allowed,
        documentation=documentation,
    )


def _references(raw: object, where: str) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(item, str) and item.strip() for item in items)
    ):
        raise ParameterError(f"{where}: «reference» må være en tekst eller en liste med tekster.")
    return tuple(item.strip() for item in items)


def _allowed(raw: object, unit: str, where: str) -> tuple[str, ...]:
    if unit != "enum":
        if raw is not None:
            raise ParameterError(f"{where}: «allowed» brukes bare med enheten enum.")
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(item, str) for item in raw):
        raise ParameterError(f"{where}: enheten enum krever «allowed» med en liste av tekster.")
    return tuple(raw)


def _value(
    name: str, effective: dt.date, entry: object, unit: str, allowed: tuple[str, ...], where: str
) -> ParameterValue:
    here = f"{where}: verdien fra {effective.isoformat()}"
    if not isinstance(entry, dict):
        raise ParameterError(f"{here} må være en tabell med value og source.")
    unknown = sorted(str(k) for k in set(entry) - _VALUE_KEYS)
    if unknown:
        raise ParameterError(f"{here} har ukjent nøkkel {', '.join(unknown)}.")
    if "value" not in entry:
        raise ParameterError(f"{here} mangler «value».")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"{here} mangler «source» (hvor verdien kommer fra).")
    unconfirmed = entry.get("unconfirmed", False)
    if not isinstance(unconfirmed, bool):
        raise ParameterError(f"{here}: «unconfirmed» må være true eller false.")
    note = entry.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise ParameterError(f"{here}: «note» må være en tekst.")
    if unconfirmed and note is None:
        raise ParameterError(f"{here} er merket unconfirmed og må ha en «note» som forklarer hvorfor.")
    announced = entry.get("announced")
    announced_date = None if announced is None else _as_date(announced, f"{here}: announced")
    return ParameterValue(
        name=name,
        value=_coerce(entry["value"], unit, allowed, here),
        effective_from=effective,
        source=source.strip(),
        unconfirmed=unconfirmed,
        note=None if note is None else note.strip(),
        announced=announced_date,
        unit=unit,
    )


#: Parameters the rules need; the shipped set must have all of them.
REQUIRED_PARAMETERS: frozenset[str] = frozenset(
    {
        "g",
        "allowance_factor",
        "under_25_share",
        "full_rate_age",
        "full_rate_start",
        "child_supplement_rate",
        "days_per_year",
        "hours_per_year",
        "months_per_year",
        "hours_per_day",
        "weekly_hours",
        "min_age",
        "min_age_counting",
        "max_age",
        "programme_max_months",
        "exceptional_extension_max_months",
        "decision_period_max_months",
        "unlimited_readmission",
        "start_deadline_months",
        "paid_work_max_percent",
        "job_seeking_final_part_percent",
        "eea_abode_exception",
        "ordinary_education_allowed",
        "public_administration_act",
        "required_innsatsgruppe",
    }
)


def load_directory(
    directory: Traversable | Path, required: Iterable[str] = REQUIRED_PARAMETERS
) -> ParameterSet:
    """Load every ``*.yaml`` file in ``directory`` (a package folder or a plain path)."""
    parameters: dict[str, Parameter] = {}
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or not entry.is_file():
            continue
        name = entry.name.removesuffix(".yaml")
        parameters[name] = parse_parameter(name, entry.read_text(encoding="utf-8"))
    missing = sorted(set(required) - set(parameters))
    if missing:
        raise ParameterError(f"Mangler parameterfil for: {', '.join(missing)}.")
    return ParameterSet(parameters)


@cache
def load_parameters() -> ParameterSet:
    """The parameters shipped with the program (read once, then cached)."""
    return load_directory(resources.files(PACKAGE))
