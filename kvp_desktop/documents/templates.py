"""Letter text: YAML templates per written standard, with ``${name}`` placeholders.

The shipped templates live in the ``resources`` package::

    resources/letters/nb/common.yaml       labels, headings and the forvaltningsloven blocks
    resources/letters/nb/<letter_type>.yaml one file per letter type
    resources/letters/nn/...               the same keys in nynorsk

A template value is a string, a list of strings, or a mapping of further keys. Strings use
:class:`string.Template` placeholders (``${start_date}``); a literal dollar sign is ``$$``.
Placeholders are filled with text the letter engine has already formatted (dates as
``1. desember 2026``, amounts as ``265 657 kr``).

An office adapts a letter by putting a file with the same name in its own folder
(``<folder>/<nb|nn>/<file>.yaml``) and passing that folder as ``override_dir``. The file
only needs the keys it changes; they are laid over the shipped text. An override may not
add keys the program does not know, and may only use placeholders the shipped text offers
for that key, so a typo shows up when the template is loaded, not in a letter.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kvp_desktop.documents.model import WRITTEN_STANDARDS
from kvp_desktop.rules.administrative_act import ACT_1967, ACT_2025, act_for  # noqa: F401  (re-exported; rules is the one home)

COMMON = "common"


class TemplateError(ValueError):
    """A template file is missing, malformed or does not fit the program (Norwegian message)."""


def shipped_root() -> resources.abc.Traversable:
    """The folder with the shipped templates (``resources/letters``)."""
    return resources.files("resources") / "letters"


def placeholders(text: str) -> frozenset[str]:
    """The placeholder names used in ``text`` (``${a}`` and ``$a``)."""
    names: set[str] = set()
    for match in string.Template.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if name:
            names.add(name)
        elif match.group("invalid") is not None:
            raise TemplateError(f"Ugyldig plassholder i malteksten: «{text[:60]}…»")
    return frozenset(names)


def _read_yaml(source: resources.abc.Traversable | Path, label: str) -> dict[str, Any]:
    try:
        with source.open("r", encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise TemplateError(f"Brevmalen {label} finnes ikke.") from exc
    except yaml.YAMLError as exc:
        raise TemplateError(f"Brevmalen {label} kan ikke leses: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TemplateError(f"Brevmalen {label} må være en samling nøkler og tekster.")
    _check_values(data, label, "")
    return data


def _check_values(data: Mapping[str, Any], label: str, prefix: str) -> None:
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            _check_values(value, label, path + ".")
        elif isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise TemplateError(f"{label}: «{path}» skal være en liste med tekster.")
            for item in value:
                placeholders(item)
        elif isinstance(value, str):
            placeholders(value)
        else:
            raise TemplateError(f"{label}: «{path}» skal være tekst, liste eller samling.")


def _overlay(base: dict[str, Any], extra: Mapping[str, Any], label: str, prefix: str = "") -> dict[str, Any]:
    """Lay ``extra`` over ``base``; refuse unknown keys and new placeholders."""
    merged = dict(base)
    for key, value in extra.items():
        path = f"{prefix}{key}"
        if key not in base:
            raise TemplateError(f"{label}: ukjent nøkkel «{path}».")
        original = base[key]
        if isinstance(original, dict):
            if not isinstance(value, dict):
                raise TemplateError(f"{label}: «{path}» skal være en samling nøkler.")
            merged[key] = _overlay(original, value, label, path + ".")
            continue
        if isinstance(original, list) != isinstance(value, list):
            raise TemplateError(f"{label}: «{path}» skal ha samme form som i standardmalen.")
        allowed = _names_in(original)
        used = _names_in(value)
        if not used <= allowed:
            unknown = ", ".join(sorted(used - allowed))
            raise TemplateError(f"{label}: «{path}» bruker ukjente plassholdere: {unknown}.")
        merged[key] = value
    return merged


def _names_in(value: str | list[str]) -> frozenset[str]:
    if isinstance(value, list):
        result: frozenset[str] = frozenset()
        for item in value:
            result |= placeholders(item)
        return result
    return placeholders(value)


@cache
def _shipped(lang: str, name: str) -> dict[str, Any]:
    if lang not in WRITTEN_STANDARDS:
        raise TemplateError(f"Ukjent målform: {lang}")
    return _read_yaml(shipped_root() / lang / f"{name}.yaml", f"{lang}/{name}.yaml")


def _with_override(lang: str, name: str, override_dir: Path | None) -> dict[str, Any]:
    data = _shipped(lang, name)
    if override_dir is None:
        return data
    path = Path(override_dir) / lang / f"{name}.yaml"
    if not path.is_file():
        return data
    return _overlay(data, _read_yaml(path, str(path)), str(path))


@dataclass(frozen=True)
class LetterTemplates:
    """The texts for one letter type in one written standard (letter file over common)."""

    lang: str
    letter_type: str
    letter: Mapping[str, Any]
    common: Mapping[str, Any]

    def _lookup(self, key: str) -> Any:
        for source in (self.letter, self.common):
            node: Any = source
            for part in key.split("."):
                if not isinstance(node, Mapping) or part not in node:
                    break
                node = node[part]
            else:
                return node
        raise TemplateError(f"{self.lang}/{self.letter_type}.yaml mangler teksten «{key}».")

    def has(self, key: str) -> bool:
        try:
            self._lookup(key)
        except TemplateError:
            return False
        return True

    def text(self, key: str, /, **params: object) -> str:
        """The string at ``key`` with its placeholders filled in."""
        value = self._lookup(key)
        if not isinstance(value, str):
            raise TemplateError(f"«{key}» i {self.lang}/{self.letter_type}.yaml er ikke en tekst.")
        return self._fill(key, value, params)

    def items(self, key: str, /, **params: object) -> tuple[str, ...]:
        """The list at ``key`` (each item filled in); a single string gives one item."""
        value = self._lookup(key)
        if isinstance(value, str):
            return (self._fill(key, value, params),)
        if not isinstance(value, list):
            raise TemplateError(f"«{key}» i {self.lang}/{self.letter_type}.yaml er ikke en liste.")
        return tuple(self._fill(key, item, params) for item in value)

    def mapping(self, key: str) -> Mapping[str, str]:
        value = self._lookup(key)
        if not isinstance(value, Mapping):
            raise TemplateError(f"«{key}» i {self.lang}/{self.letter_type}.yaml er ikke en samling.")
        return value

    def _fill(self, key: str, text: str, params: Mapping[str, object]) -> str:
        try:
            return string.Template(text).substitute({k: str(v) for k, v in params.items()})
        except KeyError as exc:
            raise TemplateError(
                f"«{key}» i {self.lang}/{self.letter_type}.yaml bruker plassholderen {exc.args[0]}, "
                "som brevet ikke har."
            ) from exc


def load_templates(letter_type: str, lang: str, override_dir: Path | None = None) -> LetterTemplates:
    """Load the templates for ``letter_type`` in ``lang`` (``nb`` or ``nn``)."""
    if override_dir is None:
        return _cached_templates(letter_type, lang)
    return LetterTemplates(
        lang=lang,
        letter_type=letter_type,
        letter=_with_override(lang, letter_type, override_dir),
        common=_with_override(lang, COMMON, override_dir),
    )


@cache
def _cached_templates(letter_type: str, lang: str) -> LetterTemplates:
    return LetterTemplates(
        lang=lang, letter_type=letter_type, letter=_shipped(lang, letter_type), common=_shipped(lang, COMMON)
    )


def template_names(lang: str) -> tuple[str, ...]:
    """The template files shipped for ``lang`` (without ``.yaml``), sorted."""
    folder = shipped_root() / lang
    return tuple(
        sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    )


def key_shape(data: Mapping[str, Any], prefix: str = "") -> dict[str, frozenset[str]]:
    """Every leaf key of a template with the placeholders it uses (to compare nb and nn)."""
    shape: dict[str, frozenset[str]] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            shape.update(key_shape(value, path + "."))
        else:
            shape[path] = _names_in(value)
    return shape


def shipped_template(lang: str, name: str) -> Mapping[str, Any]:
    """The raw shipped template ``name`` for ``lang`` (for checks and tools)."""
    return _shipped(lang, name)

