"""How the UI shows problems: a Norwegian message, never a traceback in the user's face."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import ServiceError

log = logging.getLogger(__name__)

T = TypeVar("T")


def show_service_error(parent: QWidget | None, error: ServiceError) -> None:
    """A known problem: the service's Norwegian message says what to do."""
    box = QMessageBox(parent)
    box.setObjectName("errorMessageBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("KVP Desktop"))
    box.setText(error.message or _("Handlingen kunne ikke fullføres."))
    box.setAccessibleName(_("Feilmelding"))
    box.exec()


def show_unexpected_error(parent: QWidget | None, error: BaseException) -> None:
    """An unknown problem: logged, and shown with a copyable report without personal data."""
    log.error("Uventet feil", exc_info=error)
    # The report names only the error type and where it happened: no message text, which may
    # contain names or fødselsnummer from the database.
    frames = traceback.extract_tb(error.__traceback__)
    where = "\n".join(f"  {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in frames)
    report = f"{type(error).__module__}.{type(error).__name__}\n{where}"
    box = QMessageBox(parent)
    box.setObjectName("unexpectedErrorMessageBox")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("KVP Desktop"))
    box.setText(
        _(
            "Det oppstod en uventet feil. Arbeidet ditt er ikke lagret hvis handlingen ikke ble fullført. "
            "Kopier rapporten under og send den til den som har ansvar for KVP Desktop på kontoret."
        )
    )
    box.setDetailedText(report)
    box.setAccessibleName(_("Uventet feil"))
    box.exec()


def call_service(parent: QWidget | None, func: Callable[[], T]) -> T | None:
    """Run a service call; show a ``ServiceError`` (or an unexpected error) and return ``None``."""
    try:
        return func()
    except ServiceError as error:
        show_service_error(parent, error)
    except Exception as error:  # the user gets a dialog, the log gets the traceback
        if QApplication.instance() is None:
            raise
        show_unexpected_error(parent, error)
    return None
