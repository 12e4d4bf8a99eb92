"""What a letter draft holds, and how it becomes a letter DTO.

A draft (a ``decisions`` or ``certificates`` row) stores in ``content``:

* ``fields`` — the letter's own fields (everything of the DTO but office, recipient, case
  handler and case reference), as JSON: dates ISO, amounts as exact decimal text;
* ``source`` — what the draft was made from (application, programme, the screening's criteria),
  so the default texts can be written again in the other written standard;
* ``edited`` — the names of the fields the caseworker changed (kept when the standard changes);
* ``recipient`` — an address override (a guardian, a lawyer), or absent;
* when issued, ``letter`` — the complete DTO that was rendered, for the archive.

Office, recipient and case handler are read from the database when the letter is rendered, so a
draft always shows the current address; the issued PDF keeps what was true when it was issued.
Default texts come from ``resources/letters/case_texts/<nb|nn>.yaml``, not from Python strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from kvp_desktop.documents import model
from kvp_desktop.documents.model import LETTER_TYPES, Letter, ReasonLine
from kvp_desktop.i18n import N_, format_date_short
from kvp_desktop.money import parse_amount

BASE_FIELDS = frozenset({"office", "recipient", "caseworker", "case", "approver", "new_fvl_in_force"})

FieldKind = Literal["text", "multiline", "lines", "date", "optional_date", "amount", "reasons", "percent"]


# --- case texts ---------------------------------------------------------------------------------


@cache
def _case_texts(lang: str) -> dict[str, Any]:
    path = resources.files("resources") / "letters" / "case_texts" / f"{lang}.yaml"
    with path.open("r", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict)
    return data


def case_text(lang: str, key: str, **params: object) -> str:
    """A default case text (``facts.application``) in ``lang`` with ``${name}`` filled in."""
    node: Any = _case_texts(lang)
    for part in key.split("."):
        node = node[part]
    return string.Template(str(node)).substitute({k: str(v) for k, v in params.items()})


def has_case_text(lang: str, key: str) -> bool:
    node: Any = _case_texts(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def law_reference(reference: str, lang: str) -> str:
    """Spell out abbreviated law names (``stl.``) and use the written standard's names."""
    result = reference.strip()
    names: Mapping[str, str] = _case_texts(lang)["laws"]
    # longest first, so "sosialtjenesteloven" is not hit by a shorter key
    for short in sorted(names, key=len, reverse=True):
        if short in result and names[short] not in result:
            result = result.replace(short, names[short])
    return result


# --- JSON (de)serialisation of the DTO fields ----------------------------------------------------


def to_json(value: object) -> Any:
    """A DTO value as JSON-able data (dates ISO, Decimal as exact text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def from_json(tp: Any, raw: Any) -> Any:
    """The inverse of :func:`to_json` for the type ``tp`` of a DTO field."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if raw is None:
            return None
        inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return from_json(inner[0], raw)
    if tp is dt.date:
        return dt.date.fromisoformat(raw)
    if tp is Decimal:
        return Decimal(str(raw))
    if origin is tuple:
        element = typing.get_args(tp)[0]
        return tuple(from_json(element, item) for item in raw)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{name: from_json(hints[name], value) for name, value in raw.items() if name in hints})
    return raw


def letter_fields(letter_type: str) -> dict[str, Any]:
    """The letter's own fields and their types (the DTO without the base fields)."""
    cls: Any = LETTER_TYPES[letter_type]
    hints = _hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name not in BASE_FIELDS}


def fields_to_json(letter_type: str, values: Mapping[str, Any]) -> dict[str, Any]:
    known = letter_fields(letter_type)
    return {name: to_json(value) for name, value in values.items() if name in known}


def fields_from_json(letter_type: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    known = letter_fields(letter_type)
    return {name: from_json(known[name], value) for name, value in raw.items() if name in known}


def build_letter(letter_type: str, base: Mapping[str, Any], fields: Mapping[str, Any]) -> Letter:
    cls = LETTER_TYPES[letter_type]
    return cls(**base, **fields)


def letter_from_json(letter_type: str, raw: Mapping[str, Any]) -> Letter:
    """An archived letter (``content['letter']``) back as its DTO."""
    result = from_json(LETTER_TYPES[letter_type], raw)
    assert isinstance(result, LETTER_TYPES[letter_type])
    return result


# --- the editable fields of a draft ---------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """A field the caseworker may edit in a draft (label is a bokmål msgid)."""

    name: str
    label: str
    kind: FieldKind
    required: bool = False


_FACTS = FieldSpec("facts", N_("Faktum vedtaket bygger på (ett per linje)"), "lines")
_REASONS = FieldSpec("reasons", N_("Begrunnelse og hjemmel (én per linje: tekst | hjemmel)"), "reasons", True)
_CONSIDER = FieldSpec("considerations", N_("Hovedhensyn i skjønnet (ett avsnitt per linje)"), "lines")

EDITABLE: dict[str, tuple[FieldSpec, ...]] = {
    "innvilgelse": (
        FieldSpec("programme_summary", N_("Hovedinnholdet i programmet (ett punkt per linje)"), "lines"),
        _FACTS, _REASONS, _CONSIDER,
    ),
    "avslag": (_FACTS, _REASONS, _CONSIDER),
    "forlengelse": (FieldSpec("new_end_date", N_("Ny sluttdato"), "date", True), _FACTS, _REASONS, _CONSIDER),
    "saerskilt_forlengelse": (
        FieldSpec("new_end_date", N_("Ny sluttdato"), "date", True), _FACTS, _REASONS, _CONSIDER,
    ),
    "forhandsvarsel_stans": (
        FieldSpec("planned_stop_date", N_("Planlagt stans fra"), "date", True),
        FieldSpec("comment_deadline", N_("Frist for å uttale seg"), "date", True),
        FieldSpec("grounds", N_("Grunnlag (én per linje: tekst | hjemmel)"), "reasons", True),
        _FACTS,
    ),
    "forhandsvarsel": (
        FieldSpec("amount", N_("Beløp vi vurderer å kreve (per utbetaling ved trekk)"), "amount", True),
        FieldSpec("period_from", N_("Periode fra"), "date", True),
        FieldSpec("period_to", N_("Periode til"), "date", True),
        FieldSpec("comment_deadline", N_("Frist for å uttale seg"), "date", True),
        FieldSpec("grounds", N_("Grunnlag (én per linje: tekst | hjemmel)"), "reasons", True),
        _FACTS,
    ),
    "stans": (
        FieldSpec("stop_date", N_("Stans fra"), "date", True),
        FieldSpec("notice_date", N_("Dato for forhåndsvarselet (fra det fattede varselet)"), "optional_date"),
        FieldSpec("notice_exception", N_("Unntak fra forhåndsvarsel etter fvl. § 16 tredje ledd: grunnen"),
                  "multiline"),
        FieldSpec("participant_comments", N_("Deltakerens uttalelse (tomt = ingen uttalelse)"), "multiline"),
        FieldSpec("comments_assessment", N_("Vår vurdering av uttalelsen"), "multiline"),
        _FACTS, _REASONS, FieldSpec("considerations", N_("Hovedhensyn i skjønnet (ett avsnitt per linje)"),
                                    "lines", True),
    ),
    "permisjon": (
        FieldSpec("leave_kind", N_("Type permisjon"), "text", True),
        FieldSpec("leave_from", N_("Permisjon fra"), "date", True),
        FieldSpec("leave_to", N_("Permisjon til"), "date", True),
        FieldSpec("new_end_date", N_("Ny sluttdato for programmet"), "optional_date"),
        _FACTS, _REASONS, _CONSIDER,
    ),
    "refusjon": (
        FieldSpec("other_benefit", N_("Annen ytelse"), "text", True),
        FieldSpec("paying_body", N_("Hvem utbetaler ytelsen"), "text", True),
        FieldSpec("period_from", N_("Periode fra"), "date", True),
        FieldSpec("period_to", N_("Periode til"), "date", True),
        FieldSpec("allowance_paid", N_("Utbetalt kvalifiseringsstønad"), "amount", True),
        FieldSpec("refund_amount", N_("Krav om refusjon"), "amount", True),
        # Full or partial refusjon is discretion (stl. § 38 «kan»): the grounds must be given (fvl. § 25).
        _FACTS, _REASONS, FieldSpec("considerations", N_("Hvorfor vi krever hele eller deler av beløpet"),
                                    "lines", True),
    ),
    "ikke_individuell_plan": (
        FieldSpec("request_date", N_("Dato deltakeren ba om plan"), "optional_date"),
        _FACTS, _REASONS, _CONSIDER,
    ),
    "tilbakebetaling": (
        FieldSpec("period_from", N_("Periode fra"), "date", True),
        FieldSpec("period_to", N_("Periode til"), "date", True),
        FieldSpec("overpaid_amount", N_("Feilutbetalt beløp"), "amount", True),
        FieldSpec("repayment_amount", N_("Beløp som kreves tilbake"), "amount", True),
        FieldSpec("payment_deadline", N_("Betalingsfrist"), "date", True),
        FieldSpec("payment_account", N_("Kontonummer for innbetaling"), "text", True),
        FieldSpec("payment_reference", N_("Referanse ved innbetaling"), "text"),
        _FACTS, _REASONS, _CONSIDER,
    ),
    "deltakerbevis": (
        FieldSpec("goals_reached", N_("Mål som er nådd (ett per linje)"), "lines"),
        FieldSpec("progress", N_("Utvikling og framgang (avsnitt skilles med tom linje)"), "multiline"),
        FieldSpec("competence", N_("Kompetanse (ett punkt per linje)"), "lines"),
        FieldSpec("participant_statement", N_("Deltakerens egne ord"), "multiline"),
    ),
}


def field_as_text(spec: FieldSpec, value: Any) -> str:
    """The value of a field as the text shown in the editor."""
    if value is None:
        return ""
    if spec.kind in ("date", "optional_date"):
        return format_date_short(value)
    if spec.kind == "amount":
        return f"{value:.2f}".replace(".", ",")
    if spec.kind == "lines":
        return "\n".join(value)
    if spec.kind == "reasons":
        return "\n".join(f"{r.text} | {r.reference}" if r.reference else r.text for r in value)
    return str(value)


class FieldError(ValueError):
    """A field text that cannot be read (Norwegian message)."""


def field_from_text(spec: FieldSpec, text: str, previous: Any = None) -> Any:
    """Parse the editor text of a field; raises ``FieldError`` with a Norwegian message."""
    from kvp_desktop.i18n import _, parse_date

    raw = text.strip()
    if spec.kind in ("date", "optional_date"):
        if not raw:
            if spec.kind == "optional_date":
                return None
            raise FieldError(_("{felt} må fylles ut.", felt=_(spec.label)))
        try:
            return parse_date(raw)
        except ValueError as exc:
            raise FieldError(str(exc)) from exc
    if spec.kind == "amount":
        try:
            amount = parse_amount(raw)
        except (ValueError, InvalidOperation) as exc:
            raise FieldError(_("«{tekst}» er ikke et gyldig beløp.", tekst=raw)) from exc
        if amount < 0:
            raise FieldError(_("{felt} kan ikke være negativt.", felt=_(spec.label)))
        return amount
    if spec.kind == "lines":
        return tuple(line.strip() for line in raw.splitlines() if line.strip())
    if spec.kind == "reasons":
        old = {r.text: r for r in (previous or ())}
        lines = []
        for line in raw.splitlines():
            if not line.strip():
                continue
            text_part, _sep, reference = line.partition("|")
            text_part = text_part.strip()
            kept = old.get(text_part)
            lines.append(ReasonLine(text=text_part, reference=reference.strip(),
                                    rests_on_14a=kept.rests_on_14a if kept else False))
        if spec.required and not lines:
            raise FieldError(_("{felt} må fylles ut.", felt=_(spec.label)))
        for reason in lines:
            if not reason.reference:
                raise FieldError(_("Hver begrunnelse må ha en hjemmel etter «|»: {tekst}", tekst=reason.text))
        return tuple(lines)
    if spec.required and not raw:
        raise FieldError(_("{felt} må fylles ut.", felt=_(spec.label)))
    if spec.name == "payment_account":  # a kontonummer is checked wherever it is typed (mod 11)
        from kvp_desktop.services.infrastructure.validation import check_bank_account

        try:
            return kontonr_format(check_bank_account(raw))
        except ValueError as exc:
            raise FieldError(str(exc)) from exc
    return raw if spec.kind == "multiline" else " ".join(raw.split())


def kontonr_format(number: str) -> str:
    """``12345678903`` → ``1234.56.78903`` (how a kontonummer is written in letters)."""
    return f"{number[:4]}.{number[4:6]}.{number[6:]}" if len(number) == 11 else number


__all__ = [
    "EDITABLE",
    "FieldError",
    "FieldSpec",
    "build_letter",
    "case_text",
    "field_as_text",
    "field_from_text",
    "fields_from_json",
    "fields_to_json",
    "law_reference",
    "letter_fields",
    "letter_from_json",
    "to_json",
]
