"""Menu entries for the outreach copy and the audit trail (the main window calls ``add_*``)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.roles import Permission, allowed
from kvp_desktop.services.outreach import copies as outreach


def _ctx(window: QMainWindow) -> AppContext:
    ctx = getattr(window, "ctx")  # noqa: B009  (MainWindow.ctx; the window is passed in, not imported)
    assert isinstance(ctx, AppContext)
    return ctx


def _preselected(window: QMainWindow) -> list[int]:
    chosen: list[int] = []
    portfolio = getattr(window, "portfolio_tab", None)
    selected = getattr(portfolio, "selected_person_id", None)
    for candidate in (selected() if callable(selected) else None, getattr(window, "person_id", None)):
        if isinstance(candidate, int) and candidate not in chosen:
            chosen.append(candidate)
    return chosen


def check_out(window: QMainWindow) -> None:
    from ui.outreach.checkout_dialog import CheckOutDialog

    dialog = CheckOutDialog(_ctx(window), _preselected(window), window)

    def done(result: outreach.CheckoutResult) -> None:
        saved = (_("Utekopien med én person er lagret kryptert i {fil}. Personen er merket som tatt med ut. "
                   "Husk passordet: uten det kan kopien ikke åpnes.", fil=str(result.path)) if result.persons == 1
                 else _("Utekopien med {n} personer er lagret kryptert i {fil}. Personene er merket som tatt med ut. "
                        "Husk passordet: uten det kan kopien ikke åpnes.", n=result.persons, fil=str(result.path)))
        QMessageBox.information(window, _("Ta med ut"), saved)

    dialog.checked_out.connect(done)
    dialog.open()


def check_in(window: QMainWindow) -> None:
    from ui.outreach.checkin_dialog import CheckInDialog

    CheckInDialog(_ctx(window), window).open()


def audit_log(window: QMainWindow) -> None:
    from ui.settings.audit_view import AuditDialog

    AuditDialog(_ctx(window), window).open()


def _entry(window: QMainWindow, menu: QMenu, name: str, text: str, slot: object, enabled: bool,
           why: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.triggered.connect(slot)
    action.setEnabled(enabled)
    if not enabled:
        action.setStatusTip(why)
        action.setToolTip(why)
    menu.addAction(action)
    return action


def add_file_actions(window: QMainWindow, menu: QMenu) -> None:
    """Fil → Ta med ut… / Lever inn… (at the office, for those who may export personal data)."""
    ctx = _ctx(window)
    may = allowed(ctx, Permission.EXPORT_PERSONAL_DATA) and not ctx.outreach
    why = _("Gjøres på kontoret av den som kan eksportere personopplysninger.")
    menu.addSeparator()
    _entry(window, menu, "actionCheckOut", _("&Ta med ut (utekopi)…"), lambda: check_out(window), may, why)
    _entry(window, menu, "actionCheckIn", _("&Lever inn utekopi…"), lambda: check_in(window), may, why)


def add_audit_action(window: QMainWindow, menu: QMenu) -> None:
    """Innstillinger → Revisjonslogg… (leader and administrator, at the office)."""
    ctx = _ctx(window)
    may = allowed(ctx, Permission.VIEW_AUDIT) and not ctx.outreach
    _entry(window, menu, "actionAuditLog", _("&Revisjonslogg…"), lambda: audit_log(window), may,
           _("Bare leder eller administrator kan se revisjonsloggen, og bare på kontoret."))
