"""Errors in a form the way NAV's own tools show them (the Aksel design system's pattern):

- an error summary at the top of the form («Du må rette opp dette før du kan gå videre») that lists
  every problem, each a link that moves the focus to its field;
- the message again right under the field it is about;
- the keyboard focus moved to the first field with an error (the summary is read out first by a
  screen reader through its accessible description).

The dialog stays open with what was typed; nothing is cleared when a service refuses.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import DatabaseUnavailable, ServiceError, ValidationError
from ui.errors import show_error

ERROR_COLOUR = "#a4000f"  # Aksel's «danger» red, readable on white (contrast 8:1)


class ErrorSummary(QFrame):
    """The summary box at the top; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorSummary")
        self.setAccessibleName(_("Feil i skjemaet"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#errorSummary {{ border: 2px solid {ERROR_COLOUR}; border-radius: 4px; "
                           "background: #fff4f4; }")
        layout = QVBoxLayout(self)
        self.heading = QLabel(_("Du må rette opp dette før du kan gå videre:"))
        self.heading.setObjectName("errorSummaryHeading")
        self.heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.heading)
        self.items = QLabel()
        self.items.setObjectName("errorSummaryItems")
        self.items.setWordWrap(True)
        self.items.setTextFormat(Qt.TextFormat.RichText)
        self.items.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.items.linkActivated.connect(self._focus)
        layout.addWidget(self.items)
        self._targets: dict[str, QWidget] = {}
        self.messages: list[str] = []
        self.hide()

    def show_problems(self, problems: list[tuple[str, str]], targets: Mapping[str, QWidget]) -> None:
        self._targets = dict(targets)
        self.messages = [message for _field, message in problems]
        rows = []
        for field, message in problems:
            text = html.escape(message)
            rows.append(f'<li><a href="{html.escape(field)}" style="color:{ERROR_COLOUR}">{text}</a></li>'
                        if field in targets else f"<li>{text}</li>")
        self.items.setText("<ul style='margin:0'>" + "".join(rows) + "</ul>")
        self.setAccessibleDescription(" ".join(self.messages))
        self.setVisible(bool(problems))

    def clear(self) -> None:
        self.messages = []
        self.items.clear()
        self.hide()

    def _focus(self, field: str) -> None:
        target = self._targets.get(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)


class FormErrors:
    """The summary plus a message under each field; ``show`` takes a service's ``problems``."""

    def __init__(self, summary: ErrorSummary) -> None:
        self.summary = summary
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> QLabel:
        """Add ``widget`` to ``form`` with room for its error message right under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = QLabel()
        message.setObjectName(f"{widget.objectName() or field}Error")
        message.setWordWrap(True)
        message.setStyleSheet(f"color: {ERROR_COLOUR};")
        message.hide()
        column.addWidget(message)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, box)
        self.fields[field] = widget
        self.labels[field] = message
        return message

    def show(self, problems: Mapping[str, str], general: str = "") -> None:
        """Show ``problems`` (field → message) in form order; ``general`` for what no field owns."""
        ordered = [(f, problems[f]) for f in self.fields if f in problems]
        ordered += [(f, m) for f, m in problems.items() if f not in self.fields]
        if general:
            ordered.append(("", general))
        for field, label in self.labels.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)
            widget = self.fields[field]
            widget.setAccessibleDescription(problems.get(field, ""))
        self.summary.show_problems(ordered, self.fields)
        first = next((self.fields[f] for f, _m in ordered if f in self.fields), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        for field, label in self.labels.items():
            label.clear()
            label.hide()
            self.fields[field].setAccessibleDescription("")
        self.summary.clear()

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run the form's service call. ``True`` when it went through; a refusal is shown in the form
        (each problem by its field, a general one in the summary) and the dialog stays open; a lost
        database and the unknown go to the error router."""
        try:
            action()
        except ValidationError as error:
            self.show(error.problems)
            return False
        except DatabaseUnavailable as error:
            show_error(self.summary.window(), error)
            return False
        except ServiceError as error:
            self.show({}, general=error.message)
            return False
        return True
