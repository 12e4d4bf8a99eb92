"""Innstillinger → Brukere (administrator only): add users, change role, reset password, deactivate.

Users named in the audit trail are never deleted: what they did must stay traceable to a person.
The service layer decides (``services.office.users``); this dialog only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.context import ROLES, AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import ROLE_LABELS
from kvp_desktop.services.office import users
from ui.errors import call_service, show_service_error
from ui.widgets.form_errors import ErrorSummary, FormErrors

ROLE_HELP = {
    "veileder": N_("registrerer personer og oppmøte, gjennomgår porteføljen"),
    "saksbehandler": N_("behandler søknader, konkluderer, fatter vedtak, bygger program, lager utbetalinger"),
    "attestant": N_("godkjenner utbetalingskjøringer (aldri sin egen)"),
    "leder": N_("alt saksbehandleren gjør, og godkjenner, endrer satser og innstillinger"),
    "admin": N_("brukere, kontorets innstillinger og satser; ingen saksbehandling"),
}


def _role_combo(name: str, current: str = "saksbehandler") -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(_("Rolle"))
    for role in ROLES:
        combo.addItem(f"{_(ROLE_LABELS[role])} – {_(ROLE_HELP[role])}", role)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the role's help is read in full
    return combo


def _password(name: str, label: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(label)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _Form(QDialog):
    """A small form with the error summary on top; stays open with what was typed when refused."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(760)  # the role list says what each role may do
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.summary = ErrorSummary()
        layout.addWidget(self.summary)
        self.errors = FormErrors(self.summary)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("&Lagre"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("userFormSave")
        self.ok.setDefault(True)
        cancel = self.buttons.addButton(_("&Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("userFormCancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        if self.errors.attempt(self.submit):
            self.accept()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class NewUserDialog(_Form):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Ny bruker"), _("Brukeren logger inn med brukernavnet og startpassordet, og bør bytte "
                                           "passord etter første innlogging. Passordet må ha minst {n} tegn.",
                                           n=users.MIN_PASSWORD_LENGTH), parent)
        self.setObjectName("newUserDialog")
        self._ctx = ctx
        self.created: users.UserView | None = None
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newUserFullName")
        self.full_name.setAccessibleName(_("Fullt navn"))
        self.username = QLineEdit()
        self.username.setObjectName("newUserUsername")
        self.username.setAccessibleName(_("Brukernavn"))
        self.username.setPlaceholderText(_("for eksempel kari.nordmann"))
        self.role = _role_combo("newUserRole")
        self.password = _password("newUserPassword", _("Startpassord"))
        self.repeated = _password("newUserPasswordAgain", _("Gjenta startpassord"))
        self.caseworker_number = QLineEdit()
        self.caseworker_number.setObjectName("newUserCaseworkerNumber")
        self.caseworker_number.setAccessibleName(_("Saksbehandlernummer i KOSTRA"))
        self.caseworker_number.setMaxLength(10)
        self.errors.add_row(self.form, "full_name", _("&Fullt navn:"), self.full_name)
        self.errors.add_row(self.form, "username", _("&Brukernavn:"), self.username)
        self.errors.add_row(self.form, "role", _("&Rolle:"), self.role)
        self.errors.add_row(self.form, "password", _("&Startpassord:"), self.password)
        self.errors.add_row(self.form, "repeated", _("&Gjenta startpassord:"), self.repeated)
        self.errors.add_row(self.form, "caseworker_number", _("Saksbehandlernummer (&KOSTRA):"),
                            self.caseworker_number)

    def submit(self) -> None:
        if self.password.text() != self.repeated.text():
            raise ValidationError({"repeated": _("De to passordene er ikke like.")})
        self.created = users.create_user(self._ctx, self.username.text(), self.full_name.text(),
                                         str(self.role.currentData()), self.password.text(),
                                         self.caseworker_number.text())


class ChangeRoleDialog(_Form):
    def __init__(self, ctx: AppContext, user: users.UserView, parent: QWidget | None = None) -> None:
        super().__init__(_("Endre rolle"), _("Ny rolle for {navn} ({brukernavn}). Rollen gjelder fra neste "
                                             "innlogging.", navn=user.full_name, brukernavn=user.username), parent)
        self.setObjectName("changeRoleDialog")
        self._ctx, self._user = ctx, user
        self.role = _role_combo("changeRoleRole", user.role)
        self.errors.add_row(self.form, "role", _("&Rolle:"), self.role)

    def submit(self) -> None:
        users.change_role(self._ctx, self._user.id, str(self.role.currentData()))


class ResetPasswordDialog(_Form):
    def __init__(self, ctx: AppContext, user: users.UserView, parent: QWidget | None = None) -> None:
        super().__init__(_("Nytt passord"), _("Gi {navn} et nytt startpassord. Si det til brukeren på en trygg måte; "
                                              "brukeren bør bytte det etter innlogging.", navn=user.full_name),
                         parent)
        self.setObjectName("resetPasswordDialog")
        self._ctx, self._user = ctx, user
        self.password = _password("resetPassword", _("Nytt passord"))
        self.repeated = _password("resetPasswordAgain", _("Gjenta nytt passord"))
        self.errors.add_row(self.form, "password", _("&Nytt passord (minst {n} tegn):", n=users.MIN_PASSWORD_LENGTH),
                            self.password)
        self.errors.add_row(self.form, "repeated", _("&Gjenta nytt passord:"), self.repeated)

    def submit(self) -> None:
        if self.password.text() != self.repeated.text():
            raise ValidationError({"repeated": _("De to passordene er ikke like.")})
        users.reset_password(self._ctx, self._user.id, self.password.text())


class UsersDialog(QDialog):
    """The office's users, for the administrator."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.views: list[users.UserView] = []
        self.setObjectName("usersDialog")
        self.setWindowTitle(_("Brukere"))
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Alle som arbeider i KVP Desktop på kontoret. Rollen avgjør hva brukeren kan gjøre; "
                         "programmet sjekker det ved hver handling. En bruker som står i revisjonsloggen, kan "
                         "ikke slettes, men kan deaktiveres."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("usersTable")
        self.table.setAccessibleName(_("Brukere"))
        self.table.setHorizontalHeaderLabels([_("Navn"), _("Brukernavn"), _("Rolle"), _("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = self._button("usersAdd", _("&Ny bruker…"), self.add_user)
        self.role_button = self._button("usersChangeRole", _("Endre &rolle…"), self.change_role)
        self.password_button = self._button("usersResetPassword", _("Nytt &passord…"), self.reset_password)
        self.active_button = self._button("usersToggleActive", _("&Deaktiver"), self.toggle_active)
        self.delete_button = self._button("usersDelete", _("&Slett…"), self.delete_user)
        for button in (self.add_button, self.role_button, self.password_button, self.active_button,
                       self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("usersStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QDialogButtonBox()
        close_button = close.addButton(_("&Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close_button.setObjectName("usersClose")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def reload(self, select_id: int | None = None) -> None:
        views = call_service(self, lambda: users.list_users(self._ctx))
        self.views = views or []
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            status = _("Aktiv") if view.active else _("Deaktivert")
            for column, text in enumerate((view.full_name, view.username, view.role_label, status)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        target = next((i for i, v in enumerate(self.views) if v.id == select_id), None)
        if target is not None:
            self.table.selectRow(target)
        self._update_buttons()

    def current(self) -> users.UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows and rows[0].row() < len(self.views) else None

    def select_username(self, username: str) -> bool:
        for row, view in enumerate(self.views):
            if view.username == username:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        user = self.current()
        me = user is not None and user.id == self._ctx.user.id
        for button in (self.role_button, self.password_button, self.delete_button):
            button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None and not me)
        self.active_button.setToolTip(_("Du kan ikke deaktivere deg selv.") if me else "")
        self.active_button.setText(_("&Aktiver") if user is not None and not user.active else _("&Deaktiver"))
        self.delete_button.setEnabled(user is not None and not me)

    def add_user(self) -> None:
        dialog = NewUserDialog(self._ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.reload(dialog.created.id)
            self.status.setText(_("{navn} er lagt til som {rolle}.", navn=dialog.created.full_name,
                                  rolle=dialog.created.role_label.lower()))

    def change_role(self) -> None:
        user = self.current()
        if user is None:
            return
        if ChangeRoleDialog(self._ctx, user, self).exec() == QDialog.DialogCode.Accepted:
            self.reload(user.id)
            changed = self.current()
            self.status.setText(_("{navn} har nå rollen {rolle}.", navn=user.full_name,
                                  rolle=changed.role_label.lower() if changed else ""))

    def reset_password(self) -> None:
        user = self.current()
        if user is None:
            return
        if ResetPasswordDialog(self._ctx, user, self).exec() == QDialog.DialogCode.Accepted:
            self.status.setText(_("{navn} har fått nytt passord.", navn=user.full_name))

    def toggle_active(self) -> None:
        user = self.current()
        if user is None:
            return
        if user.active:
            box = QMessageBox(QMessageBox.Icon.Question, _("Deaktiver bruker"),
                              _("{navn} kan ikke logge inn etter dette. Det brukeren har gjort, står fortsatt i "
                                "revisjonsloggen. Vil du deaktivere brukeren?", navn=user.full_name),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setObjectName("confirmDeactivate")
            box.button(QMessageBox.StandardButton.Yes).setText(_("&Deaktiver"))
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        done = call_service(self, lambda: users.set_active(self._ctx, user.id, not user.active))
        if done is not None:
            self.reload(user.id)
            self.status.setText(_("{navn} er deaktivert og kan ikke logge inn.", navn=user.full_name)
                                if user.active else _("{navn} er aktivert igjen.", navn=user.full_name))

    def delete_user(self) -> None:
        user = self.current()
        if user is None:
            return
        named = call_service(self, lambda: users.named_in_audit_trail(self._ctx, user.id))
        if named is None:
            return
        if named:
            box = QMessageBox(QMessageBox.Icon.Information, _("Slett bruker"),
                              _("{navn} står i revisjonsloggen og kan ikke slettes, for det som er gjort må kunne "
                                "spores til en person. Vil du deaktivere brukeren i stedet?", navn=user.full_name),
                              QMessageBox.StandardButton.NoButton, self)
            box.setObjectName("deleteRefused")
            deactivate = box.addButton(_("&Deaktiver i stedet"), QMessageBox.ButtonRole.AcceptRole)
            deactivate.setObjectName("deleteRefusedDeactivate")
            box.addButton(_("&Avbryt"), QMessageBox.ButtonRole.RejectRole)
            deactivate.setEnabled(user.active)
            box.exec()
            if (box.clickedButton() is deactivate
                    and call_service(self, lambda: users.set_active(self._ctx, user.id, False)) is not None):
                self.reload(user.id)
                self.status.setText(_("{navn} er deaktivert og kan ikke logge inn.", navn=user.full_name))
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Slett bruker"),
                          _("Vil du slette {navn}? Brukeren har ikke gjort noe i programmet ennå.",
                            navn=user.full_name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmDelete")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            users.delete_user(self._ctx, user.id)
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.reload()
        self.status.setText(_("{navn} er slettet.", navn=user.full_name))
