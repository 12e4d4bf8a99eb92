"""Logging in at start, creating the first administrator, and locking the window when idle."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.office import users


def _field(name: str, label: str, password: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(label)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _FormDialog(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        # The message goes at the top, over the fields (as NAV's own forms), and the focus goes to the
        # field to correct; what was typed stays.
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #a4000f; font-weight: 600;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("loginOk")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        try:
            self.submit()
        except ServiceError as error:
            self.error.setText(error.message)
            self.error.setAccessibleDescription(error.message)
            self._focus_field(error)
            return
        self.accept()

    def _focus_field(self, error: ServiceError) -> None:
        """The field the message is about (a validation problem), else the last password field."""
        problems = getattr(error, "problems", {}) or {}
        by_field = {"username": "username", "full_name": "full_name", "password": "password"}
        for key in problems:
            edit = getattr(self, by_field.get(key, ""), None)
            if isinstance(edit, QLineEdit):
                edit.setFocus()
                edit.selectAll()
                return
        password = getattr(self, "password", None)
        if isinstance(password, QLineEdit):
            password.setFocus()
            password.selectAll()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise RuntimeError


class LoginDialog(_FormDialog):
    """User name and password; on success ``result_ctx`` works as that user."""

    def __init__(self, ctx: AppContext, office_name: str, parent: QWidget | None = None, *,
                 switching: bool = False) -> None:
        super().__init__(_("Logg inn – KVP Desktop"),
                         _("Logg inn som en annen bruker for å arbeide i {kontor}.", kontor=office_name) if switching
                         else _("Logg inn for å arbeide i {kontor}.", kontor=office_name), parent)
        self.setObjectName("loginDialog")
        self._ctx = ctx
        self.result_ctx: AppContext | None = None
        self.username = _field("loginUsername", _("Brukernavn"))
        self.password = _field("loginPassword", _("Passord"), password=True)
        self.form.addRow(_("&Brukernavn:"), self.username)
        self.form.addRow(_("&Passord:"), self.password)

    def submit(self) -> None:
        self.result_ctx = users.login(self._ctx, self.username.text(), self.password.text())


class FirstAdminDialog(_FormDialog):
    """The very first start of an office database: create the administrator."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Første oppstart – opprett administrator"),
            _("Databasen har ingen brukere ennå. Opprett administratoren, som så kan legge til "
              "veiledere, saksbehandlere, attestanter og ledere under Innstillinger → Brukere. Deretter "
              "setter administratoren opp kontoret."),
            parent,
        )
        self.setObjectName("firstAdminDialog")
        self._ctx = ctx
        self.username = _field("adminUsername", _("Brukernavn"))
        self.username.setText("admin")
        self.full_name = _field("adminFullName", _("Fullt navn"))
        self.password = _field("adminPassword", _("Passord"), password=True)
        self.repeated = _field("adminPasswordAgain", _("Gjenta passord"), password=True)
        self.form.addRow(_("&Brukernavn:"), self.username)
        self.form.addRow(_("&Fullt navn:"), self.full_name)
        self.form.addRow(_("&Passord (minst {n} tegn):", n=users.MIN_PASSWORD_LENGTH), self.password)
        self.form.addRow(_("&Gjenta passord:"), self.repeated)

        self.result_ctx: AppContext | None = None

    def submit(self) -> None:
        created = users.create_first_admin(self._ctx, self.username.text(), self.full_name.text(),
                                           self.password.text(), self.repeated.text())
        # The administrator has just chosen the password: log in at once (audited like any login).
        self.result_ctx = users.login(self._ctx, created.username, self.password.text())


DEMO_USER = "demo.saksbehandler"


def sign_in(ctx: AppContext, parent: QWidget | None = None, *, switching: bool = False) -> AppContext | None:
    """Who works in ``ctx`` from now on, or ``None`` when the user cancelled (the database is not used).

    Every way of opening a database comes here (the start, Fil → Åpne/Ny database, Bytt bruker):
    a new database creates its first administrator, who then sets up the office; any other
    database asks for user name and password. A demo office logs in its demo user (its users
    have no passwords). An office that is not set up yet can only be used by an administrator.
    """
    from kvp_desktop.services.infrastructure.roles import Permission, allowed
    from kvp_desktop.services.office.settings import get_office
    from ui.settings.office_setup import OfficeSetupDialog

    office = get_office(ctx)
    if office is not None and office.demo:
        return ctx.as_user(DEMO_USER) if ctx.user.username != DEMO_USER else ctx
    logged_in: AppContext | None
    if users.needs_first_admin(ctx):
        first = FirstAdminDialog(ctx, parent)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        logged_in = first.result_ctx
    else:
        name = office.office_name if office else _("nytt kontor")
        dialog = LoginDialog(ctx, name, parent, switching=switching)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        logged_in = dialog.result_ctx
    if logged_in is None:
        return None
    if get_office(logged_in) is None:
        if not allowed(logged_in, Permission.SET_UP_OFFICE):
            box = QMessageBox(QMessageBox.Icon.Information, _("Kontoret er ikke satt opp"),
                              _("Kontoret er ikke satt opp i denne databasen ennå. Administratoren må logge inn og "
                                "sette opp kontoret før andre kan arbeide her."), QMessageBox.StandardButton.Ok,
                              parent)
            box.setObjectName("officeNotSetUp")
            box.exec()
            return None
        setup = OfficeSetupDialog(logged_in, parent)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None
    return logged_in


class UnlockDialog(_FormDialog):
    """The window was locked after inactivity: the same user's password opens it again."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Låst – KVP Desktop"),
                         _("Vinduet ble låst etter en periode uten aktivitet. Skriv passordet til {navn} for å "
                           "fortsette.", navn=ctx.user.full_name), parent)
        self._ctx = ctx
        self.password = _field("unlockPassword", _("Passord"), password=True)
        self.form.addRow(_("&Passord:"), self.password)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avslutt programmet"))

    def submit(self) -> None:
        if not users.verify_password(self._ctx, self.password.text()):
            self.password.clear()
            raise ServiceError(_("Feil passord."))


class IdleLock(QObject):
    """Hides the window's content after ``minutes`` without keyboard or mouse input."""

    def __init__(self, window: QWidget, ctx: AppContext, minutes: int) -> None:
        super().__init__(window)
        self.enabled = True
        self._window = window
        self._ctx = ctx
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, minutes) * 60_000)
        self._timer.timeout.connect(self.lock)
        self.locked = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def set_context(self, ctx: AppContext) -> None:
        """Follow the window to another user or database: that office's idle time, that user's password.
        A user without a password (a demo office) is never locked."""
        from kvp_desktop.services.office.settings import get_office

        self._ctx = ctx
        office = get_office(ctx)
        self._timer.setInterval(max(1, office.idle_lock_minutes if office else 15) * 60_000)
        self.enabled = users.can_lock(ctx)
        if self.enabled:
            self._timer.start()
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.enabled and not self.locked and event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                                                QEvent.Type.MouseMove, QEvent.Type.Wheel):
            self._timer.start()
        return False

    def lock(self) -> None:
        # Hide everything that shows personal data (the person bar and the tabs) while locked.
        central = self._window.centralWidget() if isinstance(self._window, QMainWindow) else None
        self.locked = True
        if central is not None:
            central.setVisible(False)
        dialog = UnlockDialog(self._ctx, self._window)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        self.locked = False
        if not ok:
            self._window.close()
            return
        if central is not None:
            central.setVisible(True)
        self._timer.start()
