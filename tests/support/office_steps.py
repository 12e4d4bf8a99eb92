"""What a person types in the first-start, office set-up, login and user dialogs (for ``ModalScript``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from tests.support.modals import later

PASSWORD = "riktig-hest-batteri"
ORG_NUMBER = "974760673"  # valid mod 11


def type_into(dialog: QWidget, name: str, text: str) -> None:
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.setFocus()
    edit.clear()
    edit.insert(text)


def choose(dialog: QWidget, name: str, data: str) -> None:
    combo = dialog.findChild(QComboBox, name)
    assert combo is not None, name
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def click(dialog: QWidget, name: str) -> None:
    later(dialog.findChild(QPushButton, name))


def first_admin(full_name: str = "Ada Administrator", username: str = "admin") -> Callable[[QWidget], None]:
    def step(dialog: QWidget) -> None:
        type_into(dialog, "adminUsername", username)
        type_into(dialog, "adminFullName", full_name)
        type_into(dialog, "adminPassword", PASSWORD)
        type_into(dialog, "adminPasswordAgain", PASSWORD)
        click(dialog, "loginOk")
    return step


OFFICE = {
    "office_name": "NAV Nyby", "municipality_name": "Tønsberg", "municipality_number": "3905",
    "county": "Vestfold", "address": "Postboks 2400", "postcode": "3104", "postplace": "Tønsberg",
    "phone": "55 55 33 33", "email": "kvp.nyby@example.no", "org_number": ORG_NUMBER,
}


def office_setup(written_standard: str = "nb", **changes: str) -> Callable[[QWidget], None]:
    values = {**OFFICE, **changes}

    def step(dialog: QWidget) -> None:
        for field, value in values.items():
            type_into(dialog, f"setup_{field}", value)
        choose(dialog, "setup_written_standard", written_standard)
        click(dialog, "setupSave")
    return step


def login(username: str, password: str = PASSWORD) -> Callable[[QWidget], None]:
    def step(dialog: QWidget) -> None:
        type_into(dialog, "loginUsername", username)
        type_into(dialog, "loginPassword", password)
        click(dialog, "loginOk")
    return step


def new_user(full_name: str, username: str, role: str, password: str = PASSWORD) -> Callable[[QWidget], None]:
    def step(dialog: QWidget) -> None:
        type_into(dialog, "newUserFullName", full_name)
        type_into(dialog, "newUserUsername", username)
        choose(dialog, "newUserRole", role)
        type_into(dialog, "newUserPassword", password)
        type_into(dialog, "newUserPasswordAgain", password)
        click(dialog, "userFormSave")
    return step
