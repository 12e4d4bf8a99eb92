"""The audit trail's hash chain: each row's ``chain_hash`` is SHA-256 over the previous row's hash
and the row's own content, so a later deletion, insertion, change or reordering of rows breaks the
chain (``services/infrastructure/audit.py`` writes and verifies it; the migration that added it chains old rows).

The content is canonical JSON of the row's columns except ``id`` (ids come from a sequence; the
chain's order is the ids' order). Times are naive UTC with microseconds, as stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first row

CHAINED_COLUMNS = ("at", "username", "machine", "action", "entity", "entity_id", "person_id", "detail")


def _canonical_time(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return "" if value is None else str(value)


def canonical(row: Any) -> str:
    """The row's content as canonical JSON (``row`` has the ``CHAINED_COLUMNS`` as attributes)."""
    values = {name: getattr(row, name) for name in CHAINED_COLUMNS}
    values["at"] = _canonical_time(values["at"])
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link(previous: str, row: Any) -> str:
    """The chain hash of ``row`` following a row whose hash is ``previous``."""
    return hashlib.sha256(f"{previous}\n{canonical(row)}".encode()).hexdigest()
