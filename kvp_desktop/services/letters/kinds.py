"""The letter kinds as the services use them: for every kind of letter (documents/letters.py,
``KINDS``: key, document class, template, title in bokmål and nynorsk, the composer of its body)
the default content of a new draft, the table it is stored in and who may issue it.

Every place that lists or dispatches on a letter kind asks here: drafting (the defaults), issuing
(the permission), the letter lists of the Dokumenter window and Innstillinger → Brevmaler, the
command line's ``kvp letter types``. A new kind is one row in ``documents/letters.py`` (how it is
written) and one row here (what it starts with); ``tests/documents/test_letter_kinds.py`` checks
that the two tables name the same kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kvp_desktop.documents import letters as documents
from kvp_desktop.documents.model import WrittenStandard
from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.letters import default_content as defaults
from kvp_desktop.services.letters.certificates import certificate_fields
from kvp_desktop.services.letters.default_content import Gen
from kvp_desktop.services.letters.dto import Table


@dataclass(frozen=True)
class LetterKind:
    key: str
    #: The texts and values a new draft starts with, from the data.
    defaults: Callable[[Gen], dict[str, Any]]
    #: Who may issue (fatte) it.
    permission: Permission = Permission.ISSUE_DECISION
    #: Where its rows live: ``decisions`` or (deltakerbevis) ``certificates``.
    table: Table = "decision"

    @property
    def document(self) -> documents.LetterKind:
        """How it is written: document class, template, title, body (the documents layer)."""
        return documents.KINDS[self.key]

    def title(self, lang: WrittenStandard = "nb") -> str:
        return self.document.title(lang)


def _certificate(g: Gen) -> dict[str, Any]:
    return certificate_fields(g.session, g.person, g.lang, g.today, g.source)


_KINDS = (
    LetterKind("innvilgelse", defaults.grant_fields),
    LetterKind("avslag", defaults.refusal_fields),
    LetterKind("forlengelse", lambda g: defaults.extension_fields(g, special=False)),
    LetterKind("saerskilt_forlengelse", lambda g: defaults.extension_fields(g, special=True)),
    LetterKind("forhandsvarsel_stans", defaults.stop_notice_fields),
    LetterKind("stans", defaults.stop_fields),
    LetterKind("permisjon", defaults.leave_fields),
    LetterKind("refusjon", defaults.refund_fields),
    LetterKind("ikke_individuell_plan", defaults.no_plan_fields),
    LetterKind("tilbakebetaling", defaults.repayment_fields),
    LetterKind("forhandsvarsel", defaults.advance_notice_fields),
    LetterKind("deltakerbevis", _certificate, table="certificate"),
)

#: The kinds in the order caseworkers meet them (the documents layer's order).
KINDS: dict[str, LetterKind] = {key: kind for key in documents.KINDS for kind in _KINDS if kind.key == key}


def kind(key: str) -> LetterKind:
    """The kind ``key``; a Norwegian ``ValidationError`` for a key that names no letter."""
    found = KINDS.get(key)
    if found is None:
        raise ValidationError({"letter_type": _("Ukjent brevtype: {type}", type=key)})
    return found


def letter_types() -> tuple[str, ...]:
    """The keys of every letter kind, in the order caseworkers meet them (for menus and lists)."""
    return tuple(KINDS)


def letter_title(key: str, lang: WrittenStandard = "nb") -> str:
    """The title of a letter kind in ``lang`` (for menus and lists)."""
    return kind(key).title(lang)


def letter_choices(lang: WrittenStandard = "nb") -> list[tuple[str, str]]:
    """``(letter type, title)`` for every letter kind, in the order caseworkers meet them (menus, lists)."""
    return [(key, letter_title(key, lang)) for key in letter_types()]
