"""Errors the rules raise for facts that cannot be computed (Norwegian messages)."""

from __future__ import annotations


class RulesInputError(ValueError):
    """The facts handed to a rule are inconsistent (a date outside the period, negative hours…).

    ``args[0]`` is a Norwegian message for the user; ``field`` names the input it concerns.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
