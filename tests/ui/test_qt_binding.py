"""The Qt binding keeps Python's reference counts right (PySide6 6.12.0 did not, and a long session aborted)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def test_calls_that_return_nothing_leave_none_alone(qtbot: QtBot) -> None:
    """Every call returning nothing took one reference to None away (6.12.0); on Python 3.11 None is not immortal,
    so after enough clicks the interpreter aborted with «none_dealloc»."""
    widget = QWidget()
    qtbot.addWidget(widget)
    app = QApplication.instance()
    assert app is not None
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setWindowTitle("KVP")
        app.processEvents()
    assert abs(sys.getrefcount(None) - before) < 100
