"""What every main tab has in common: the context, the chosen person, and loading when shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the services are imported after the window is shown (start-up time)
    from kvp_desktop.services.infrastructure.context import AppContext


class TabPage(QWidget):
    """A tab that loads its data when it is shown and is marked stale when the person changes.

    Only the visible tab talks to the database; the others reload the next time they are shown.
    """

    #: Whether the tab shows something about the chosen person (and reloads when it changes).
    follows_person = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person_id: int | None = None
        self._stale = True

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    @property
    def person_id(self) -> int | None:
        return self._person_id

    def set_context(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self._person_id = None
        self.mark_stale()

    def set_person(self, person_id: int | None) -> None:
        if person_id == self._person_id:
            return
        self._person_id = person_id
        if self.follows_person:
            self.mark_stale()
        else:
            self.person_changed_quietly()

    def person_changed_quietly(self) -> None:
        """Hook for tabs that do not reload on a new person but may mark it."""

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def is_stale(self) -> bool:
        return self._stale

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def reload(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError

    def has_data(self) -> bool:
        """True when the tab shows data from the database (used before taking a screenshot)."""
        raise NotImplementedError  # pragma: no cover
