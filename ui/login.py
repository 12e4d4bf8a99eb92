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
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services import users
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import ServiceError


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
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #a4000f;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("loginOk")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        try:
            self.submit()
        except ServiceError as error:
            self.error.setText(error.message)
            return
        self.accept()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise RuntimeError


class LoginDialog(_FormDialog):
    """User name and password; on success ``result_ctx`` works as that user."""

    def __init__(self, ctx: AppContext, office_name: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Logg inn – KVP Desktop"), _("Logg inn for å arbeide i {kontor}.", kontor=office_name),
                         parent)
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
              "veiledere, saksbehandlere, attestanter og ledere."),
            parent,
        )
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

    def submit(self) -> None:
        users.create_first_admin(self._ctx, self.username.text(), self.full_name.text(), self.password.text(),
                                 self.repeated.text())


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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
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
