"""How the UI shows problems: a Norwegian message, never a traceback in the user's face."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import DatabaseUnavailable, ServiceError

log = logging.getLogger(__name__)

T = TypeVar("T")


def show_service_error(parent: QWidget | None, error: ServiceError) -> None:
    """A known problem: the service's Norwegian message says what to do."""
    if isinstance(error, DatabaseUnavailable):
        show_database_unavailable(parent, error)
        return
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
        show_error(parent, error)
    return None


def known_error(error: BaseException) -> ServiceError | None:
    """The Norwegian service error for ``error``: itself for a ``ServiceError``; for a database error
    no service translated (the window may not import SQLAlchemy) the services' own translation."""
    if isinstance(error, ServiceError):
        return error
    # The services' context is loaded whenever a database error can occur.
    module = sys.modules.get("kvp_desktop.services.infrastructure.context")
    translate = getattr(module, "as_service_error", None)
    found = translate(error) if translate is not None else None
    return found if isinstance(found, ServiceError) else None


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """The one error router: validation, permission, not found, conflicts and a busy or lost
    database get their Norwegian message; anything else the crash report (``show_unexpected_error``)."""
    known = known_error(error)
    if isinstance(known, DatabaseUnavailable):
        log.warning("Databasen svarer ikke: %s", type(error.__cause__ or error).__name__)
        show_database_unavailable(parent, known)
    elif known is not None:
        show_service_error(parent, known)
    else:
        show_unexpected_error(parent, error)


def show_database_unavailable(parent: QWidget | None, error: DatabaseUnavailable) -> None:
    """A busy or lost database: what happened and what to do, never the crash report.

    Once per user action: a view that loads several things fails on each of them, and the further
    calls of the same action (until the event loop runs again) are not shown a second time."""
    global _database_box_shown
    if _database_box_shown:
        return
    box = QMessageBox(parent)
    box.setObjectName("databaseUnavailableBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Ingen kontakt med databasen"))
    box.setText(error.message)
    box.setAccessibleName(_("Ingen kontakt med databasen"))
    box.exec()
    _database_box_shown = True
    QTimer.singleShot(0, _database_box_closed)


_database_box_shown = False


def _database_box_closed() -> None:
    global _database_box_shown
    _database_box_shown = False
