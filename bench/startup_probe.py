"""One start-up measured in a fresh process (run by bench_startup.py, not by hand).

    python bench/startup_probe.py bare
    python bench/startup_probe.py kvp DATABASE_URL

Prints, per line, seconds from the parent's launch time (``KVP_T0`` = ``time.time()`` just before the
process was started) and the processor seconds the process has used so far. ``bare`` is the
reference: a plain PySide6 main window with four empty tabs, shown and its first events processed
(one line). ``kvp`` goes through the real ``kvp-desktop`` entry
point (``ui.app.main``) and prints two lines: when the main window is shown (menus, person bar
area and the four tabs, the database still opening in the background), and when the database is
open, the tabs are built and the Portefølje tab shows its first rows.
"""

from __future__ import annotations

import os
import sys
import time


def _elapsed() -> str:
    """Seconds since launch, and the processor seconds the process has used (all its threads; the
    interpreter's own start included), which other processes on a busy machine do not inflate."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return f"{time.time() - float(os.environ['KVP_T0']):.4f} {usage.ru_utime + usage.ru_stime:.4f}"


def _report() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    for _round in range(5):
        app.processEvents()
    print(_elapsed(), flush=True)


def bare() -> int:
    from bare_window import show_bare_window  # beside this script

    app, _window = show_bare_window()
    _report()
    del app
    return 0


def kvp(url: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui import app
    from ui.main_window import MainWindow

    def measured_exec() -> int:
        _report()  # the window is shown
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        loop = QEventLoop()
        window.ready.connect(loop.quit)
        QTimer.singleShot(120_000, lambda: loop.exit(1))
        if not window.is_ready and loop.exec() != 0:
            return 1
        page = window.current_page()
        while page.is_stale() or not page.has_data():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        _report()  # the tabs are built and Portefølje shows its rows
        return 0

    QApplication.exec = staticmethod(measured_exec)  # type: ignore[method-assign]
    return app.main(["--database", url])


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(bare() if sys.argv[1] == "bare" else kvp(sys.argv[2]))
