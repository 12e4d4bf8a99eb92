"""The letters' frozen records as the UI and the command line see them: a reference to a letter
(a row of ``decisions`` or of ``certificates``), its list view, the draft form and the changes to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from kvp_desktop.i18n import N_

Table = Literal["decision", "certificate"]

STATES: dict[str, str] = {"draft": N_("Utkast"), "issued": N_("Fattet"), "sent": N_("Sendt")}
CERTIFICATE_STATES: dict[str, str] = {"draft": N_("Utkast"), "issued": N_("Utstedt"), "sent": N_("Utlevert")}


@dataclass(frozen=True, order=True)
class DocumentRef:
    """A letter: a row in ``decisions`` or in ``certificates``."""

    table: Table
    id: int


@dataclass(frozen=True)
class DocumentView:
    ref: DocumentRef
    letter_type: str
    title: str
    state: str  # draft | issued | sent
    state_label: str
    written_standard: str
    date: dt.date | None  # the letter date once issued; None for a draft
    created: dt.date
    issued_at: dt.datetime | None
    sha256: str | None
    recipient_overridden: bool
    has_pdf: bool = False


@dataclass(frozen=True)
class RecipientView:
    name: str
    address_lines: tuple[str, ...]
    postal_code: str
    postal_place: str
    overridden: bool


@dataclass(frozen=True)
class DraftField:
    name: str
    label: str
    kind: str
    required: bool
    value: str


@dataclass(frozen=True)
class DraftForm:
    ref: DocumentRef
    letter_type: str
    title: str
    state: str
    written_standard: str
    recipient: RecipientView
    fields: tuple[DraftField, ...]


@dataclass(frozen=True)
class RecipientOverride:
    """Send the letter to someone else than the register address (guardian, lawyer)."""

    name: str
    address_lines: tuple[str, ...]
    postal_code: str
    postal_place: str


@dataclass(frozen=True)
class DraftChanges:
    """What the caseworker changed in a draft. ``fields`` maps a field name to its editor text."""

    fields: Mapping[str, str] = field(default_factory=dict)
    written_standard: str | None = None
    recipient: RecipientOverride | None = None
    clear_recipient: bool = False


@dataclass(frozen=True)
class IssuedDocument:
    ref: DocumentRef
    letter_type: str
    sha256: str
    issued_at: dt.datetime
    decision_date: dt.date
    pdf: bytes = field(repr=False)
