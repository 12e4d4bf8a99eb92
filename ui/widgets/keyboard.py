"""Keyboard conventions for every widget of the program (as in NAV's own tools):

- Tab and Shift+Tab move to the next field from a multi-line text box (a tab character is never
  typed in a case note; Ctrl+Tab still inserts one where it is really wanted);
- Tab leaves a read-only table (Portefølje, lists) instead of walking its cells (the arrow keys move
  within it); a sheet one types into, like the week sheet, keeps Tab from cell to cell.

Installed once on the application; applies to widgets made later too (they are set when polished).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit, QTextEdit

_filter: _Conventions | None = None


class _Conventions(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish:
            if isinstance(watched, (QPlainTextEdit, QTextEdit)):
                watched.setTabChangesFocus(True)
            elif (isinstance(watched, QAbstractItemView)
                  and watched.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers):
                watched.setTabKeyNavigation(False)  # a sheet one types into (the week sheet) keeps Tab
        return False


def install_keyboard_conventions() -> None:
    """Idempotent; call when the application exists (the main window does)."""
    global _filter
    app = QApplication.instance()
    if app is None or _filter is not None:
        return
    _filter = _Conventions(app)
    app.installEventFilter(_filter)
