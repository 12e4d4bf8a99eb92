"""Optimistic locking: two caseworkers saving the same record never overwrite each other silently.

Every editable model has a ``version`` column that SQLAlchemy checks and bumps on UPDATE. A
service that updates a record takes the version the caseworker's form was loaded with and calls
:func:`check_version` before changing anything; a mismatch raises :class:`ConflictError` with the
fields the other person changed (their value now, the value this form started from), so the UI
can show what changed and offer to reload or re-apply. A race between the check and the commit is
still caught by the database (``StaleDataError``) and turned into the same error by the unit of
work in ``services.infrastructure.context``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import ConflictError


class RecordConflictError(ConflictError):
    """``changes`` maps a field label to (the value the form started from, the value saved now)."""

    def __init__(self, message: str, changes: Mapping[str, tuple[Any, Any]] | None = None) -> None:
        super().__init__(message)
        self.changes = dict(changes or {})


def check_version(
    row: Any,
    expected_version: int,
    what: str,
    loaded_values: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Raise :class:`RecordConflictError` unless ``row.version == expected_version``.

    ``loaded_values`` are the field values the caseworker's form was loaded with; the error lists
    those that differ in the database now (changed by someone else in the meantime).
    """
    if row.version == expected_version:
        return
    changes: dict[str, tuple[Any, Any]] = {}
    for field, before in (loaded_values or {}).items():
        now = getattr(row, field, None)
        if now != before:
            changes[(labels or {}).get(field, field)] = (before, now)
    listed = "; ".join(f"{name}: «{before}» → «{now}»" for name, (before, now) in changes.items())
    message = _("{hva} er endret av en annen bruker etter at du åpnet det.", hva=what)
    if listed:
        message += " " + _("Endret: {endringer}.", endringer=listed)
    message += " " + _("Last inn på nytt, eller bruk endringene dine på den nye versjonen.")
    raise RecordConflictError(message, changes)


def stale_message() -> str:
    return _("Noen andre lagret den samme opplysningen samtidig. Ingenting av det du gjorde er lagret; "
             "last inn på nytt og prøv igjen.")
