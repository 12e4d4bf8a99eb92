"""One start-up measured in a fresh process (run by bench_startup.py, not by hand).

    python bench/startup_probe.py bare
    python bench/startup_probe.py kvp DATABASE_URL

Prints the seconds from the parent's launch time (``KVP_T0`` = ``time.time()`` just before the
process was started) until the window has been shown and its first events processed. ``bare``
is the reference: a plain PySide6 main window with four empty tabs. ``kvp`` goes through the real
``kvp-desktop`` entry point (``ui.app.main``), and stops where the program would start its event
loop — the Portefølje tab has loaded by then, because tabs load when shown.
"""

from __future__ import annotations

import os
import sys
import time


def _report() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    for _round in range(5):
        app.processEvents()
    print(f"{time.time() - float(os.environ['KVP_T0']):.4f}", flush=True)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for name in ("Portefølje", "Inngangsvilkår", "Programbygger", "Utbetalinger"):
        tabs.addTab(QLabel(name), name)
    window.setCentralWidget(tabs)
    window.resize(1400, 900)
    window.show()
    _report()
    del app
    return 0


def kvp(url: str) -> int:
    from PySide6.QtWidgets import QApplication

    from ui import app

    def measured_exec() -> int:
        _report()
        return 0

    QApplication.exec = staticmethod(measured_exec)  # type: ignore[method-assign]
    return app.main(["--database", url])


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(bare() if sys.argv[1] == "bare" else kvp(sys.argv[2]))
