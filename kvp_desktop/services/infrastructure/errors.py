"""Errors a service raises for the user: always with a Norwegian message that says what to do."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: ``str(error)`` is the Norwegian message shown to the user."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ValidationError(ServiceError):
    """Bad input. Raised before anything is written. ``problems`` maps field → message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


class NotFoundError(ServiceError):
    """The record asked for does not exist (any more)."""


class PermissionDeniedError(ServiceError):
    """The logged-in user's role may not do this."""


class ConflictError(ServiceError):
    """Someone else saved the same record first (optimistic locking)."""


class DatabaseUnavailable(ServiceError):
    """The database cannot be reached or is busy (a PostgreSQL server down, a network share gone,
    SQLite locked by another writer for too long). Nothing was saved; trying again later may work."""
