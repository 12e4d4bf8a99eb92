"""Named controls: every button, field and list the tests and screen readers find has an objectName and
an accessible name, set in one call instead of three lines at every place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPushButton, QTableWidget


def button(text: str, name: str, slot: Callable[[], object] | None = None, *, accessible: str = "",
           tip: str = "") -> QPushButton:
    """A push button called ``name``; the accessible name is ``accessible`` or the text without its ``&``."""
    made = QPushButton(text)
    made.setObjectName(name)
    made.setAccessibleName(accessible or text.replace("&", ""))
    if tip:
        made.setToolTip(tip)
    if slot is not None:
        made.clicked.connect(lambda _checked=False: slot())
    return made


def line_edit(name: str, accessible: str, placeholder: str = "", *, password: bool = False) -> QLineEdit:
    """A text field called ``name`` with its accessible name (and the hint shown while it is empty)."""
    made = QLineEdit()
    made.setObjectName(name)
    made.setAccessibleName(accessible)
    if placeholder:
        made.setPlaceholderText(placeholder)
    if password:
        made.setEchoMode(QLineEdit.EchoMode.Password)
    return made


def combo(name: str, accessible: str, items: list[tuple[str, object]] | None = None) -> QComboBox:
    """A drop-down called ``name`` with its accessible name and ``(text, data)`` items."""
    made = QComboBox()
    made.setObjectName(name)
    made.setAccessibleName(accessible)
    for text, data in items or []:
        made.addItem(text, data)
    return made


def read_only_table(name: str, accessible: str, headers: list[str]) -> QTableWidget:
    """A table of results the user reads and selects rows in (no editing, no row numbers)."""
    made = QTableWidget(0, len(headers))
    made.setObjectName(name)
    made.setAccessibleName(accessible)
    made.setHorizontalHeaderLabels(headers)
    made.verticalHeader().setVisible(False)
    made.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    made.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return made
