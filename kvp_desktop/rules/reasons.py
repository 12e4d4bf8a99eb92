"""Reasons: every rule result says why, in Norwegian, with its legal reference.

``text`` is a bokmål message id (marked with :func:`kvp_desktop.i18n.N_`) with ``str.format``
placeholders filled from ``params``; :meth:`Reason.render` translates it (nynorsk letters quote
the same reason) and formats dates and amounts the Norwegian way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from kvp_desktop.i18n import format_date_short, format_number, translate


@dataclass(frozen=True)
class Reason:
    """Why a rule came out as it did.

    ``code`` is stable (for tests, audit and templates), ``text`` a bokmål msgid,
    ``reference`` the legal source (``stl. § 29 første ledd``), ``params`` the values that fill
    the placeholders in ``text``.
    """

    code: str
    text: str
    reference: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        return hash((self.code, self.text, self.reference, tuple(sorted(self.params.items(), key=str))))

    def render(self, lang: str = "nb") -> str:
        """The sentence in ``lang`` (``nb``, ``nn`` or ``en``), placeholders filled in."""
        return translate(self.text, lang, **{k: _format(v, lang) for k, v in self.params.items()})


def _format(value: object, lang: str) -> object:
    if isinstance(value, dt.date):
        return format_date_short(value)
    if isinstance(value, Decimal):
        return format_number(value, lang, decimals=0 if value == value.to_integral_value() else 2)
    return value
