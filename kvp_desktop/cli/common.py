"""Shared helpers for ``kvp`` sub-commands."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any


class CliError(Exception):
    """A problem the user can fix; printed as ``Feil: <Norwegian message>`` with an exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Kan ikke skrive {type(value).__name__} som JSON")


def print_json(data: Any) -> None:
    """Write ``data`` as JSON: Decimal as decimal strings, dates as ISO dates."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")
