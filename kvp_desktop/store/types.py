"""Column types that keep the program's single representations intact in any database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from kvp_desktop.hours import hours_from_minutes, whole_minutes
from kvp_desktop.money import from_ore, to_ore


class Money(TypeDecorator[Decimal]):
    """Kroner as ``Decimal`` in Python, whole øre as an integer in the database (never float)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError("Beløp skal være Decimal")
        return to_ore(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_ore(int(value))


class Hours(TypeDecorator[Decimal]):
    """Hours as ``Decimal`` (e.g. 7.5) in Python, whole minutes as an integer in the database."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError("Timer skal være Decimal")
        minutes = whole_minutes(value)
        if minutes is None:
            raise ValueError("Timer må gå opp i hele minutter")
        return minutes

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return hours_from_minutes(int(value))
