"""When someone else saved the same record first: show what changed and let the caseworker choose."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import ConflictError
from kvp_desktop.services.infrastructure.locking import RecordConflictError


class Choice(Enum):
    RELOAD = "reload"
    REAPPLY = "reapply"
    CANCEL = "cancel"


def ask_about_conflict(parent: QWidget | None, error: ConflictError) -> Choice:
    """A message box with the changes and three ways on: reload, re-apply my changes, or cancel."""
    box = QMessageBox(parent)
    box.setObjectName("conflictBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Endret av en annen"))
    box.setText(error.message)
    if isinstance(error, RecordConflictError) and error.changes:
        box.setDetailedText("\n".join(f"{field}: «{before}» → «{now}»"
                                      for field, (before, now) in error.changes.items()))
    reload_button = box.addButton(_("Last inn på nytt"), QMessageBox.ButtonRole.AcceptRole)
    reapply_button = box.addButton(_("Bruk mine endringer på den nye versjonen"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Avbryt"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload_button:
        return Choice.RELOAD
    if clicked is reapply_button:
        return Choice.REAPPLY
    return Choice.CANCEL
