"""The application's real event loop for tests that go through ``ui.app.main``, with a time limit."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

# Taken when this module is imported, before a test replaces ``QApplication.exec``.
_REAL_EXEC = QApplication.exec


def real_event_loop(code_on_limit: int, limit_ms: int = 60_000) -> int:
    """Run ``QApplication.exec`` (the real loop: ``QApplication.exit`` outside it would end every later
    loop in the test session); end it with ``code_on_limit`` if nothing else has after ``limit_ms``."""
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(lambda: QApplication.exit(code_on_limit))
    limit.start(limit_ms)
    try:
        return _REAL_EXEC()
    finally:
        limit.stop()
