"""The reference both probes measure against: a bare PySide6 window with the four tabs' names, the size
the program opens at (imported by ``startup_probe.py`` and ``memory_probe.py``, which run as scripts)."""

from __future__ import annotations

import sys
from typing import Any


def show_bare_window() -> tuple[Any, Any]:
    """Make the application and show the bare window; returns both so the caller keeps them alive."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for name in ("Portefølje", "Inngangsvilkår", "Programbygger", "Utbetalinger"):
        tabs.addTab(QLabel(name), name)
    window.setCentralWidget(tabs)
    window.resize(1400, 900)
    window.show()
    return app, window
