"""``kvp-desktop --outreach FILE``: ask for the passphrase and open the copy in memory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.outreach import copies as outreach

# For screenshots and scripted tests only; an interactive start always asks.
PASSPHRASE_ENV = "KVP_UTEKOPI_PASSORD"
ATTEMPTS = 3


def open_outreach_copy(path: Path, headless: bool) -> outreach.OutreachSession | None:
    """The open copy, or ``None`` when the user gave up (the reason has been shown)."""
    if headless:
        try:
            return outreach.open_copy(path, os.environ.get(PASSPHRASE_ENV, ""))
        except ServiceError as error:
            print(error.message, file=sys.stderr)
            return None
    for _attempt in range(ATTEMPTS):
        phrase, ok = QInputDialog.getText(
            None, _("Åpne utekopi"), _("Passord for utekopien {fil}:", fil=path.name), QLineEdit.EchoMode.Password)
        if not ok:
            return None
        try:
            return outreach.open_copy(path, phrase)
        except ServiceError as error:
            QMessageBox.warning(None, _("Åpne utekopi"), error.message)
    return None
