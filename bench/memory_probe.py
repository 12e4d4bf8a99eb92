"""Peak memory of one start, in a fresh process (run by bench_memory.py, not by hand).

    python bench/memory_probe.py bare
    python bench/memory_probe.py kvp DATABASE_URL [USER]

``bare`` is the reference: a plain PySide6 main window with four tabs (labels), shown and its first
events processed. ``kvp`` starts the real ``kvp-desktop`` entry point (``ui.app.main``) on the
database (logged in as USER, the login dialog skipped; the benchmark's database has no
passwords), waits until the Portefølje tab shows its rows, scrolls the table from top to bottom and
back (every row painted once), and lets the background warm-up finish. Prints one line of JSON:
the peak resident set size (``VmHWM``, counted from the probe's own start) in MiB, and for ``kvp``
the rows shown.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _reset_peak() -> bool:
    """Start the peak from here: a child process inherits its parent's peak RSS through fork (a
    benchmark run that had grown to 290 MiB made every probe report 290 MiB). Writing 5 to
    ``/proc/self/clear_refs`` resets it (Linux 4.0 and later)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def _peak_mib() -> float:
    """The peak resident set size since ``_reset_peak`` (``VmHWM``), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _settle(seconds: float = 0.3) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def bare() -> int:
    from bare_window import show_bare_window  # beside this script

    app, _window = show_bare_window()
    _settle()
    print(json.dumps({"peak_mib": _peak_mib()}), flush=True)
    del app
    return 0


def kvp(url: str, user: str | None) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui import app
    from ui.main_window import MainWindow
    from ui.runner import runner

    def measured_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        loop = QEventLoop()
        window.ready.connect(loop.quit)
        QTimer.singleShot(300_000, lambda: loop.exit(1))
        if not window.is_ready and loop.exec() != 0:
            return 1
        page = window.current_page()
        while page.is_stale() or not page.has_data():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        table = window.portfolio_tab.table
        bar = table.verticalScrollBar()
        for value in (bar.maximum() // 2, bar.maximum(), 0):
            bar.setValue(value)
            _settle(0.1)
        _settle(1.0)
        runner().wait(120_000)  # the warm-up and any refresh of stale flags
        _settle(0.3)
        rows = window.portfolio_tab.model.rowCount()
        print(json.dumps({"peak_mib": _peak_mib(), "rows": rows}), flush=True)
        return 0

    if user:
        app.log_in = lambda ctx, _headless: ctx.as_user(user)  # type: ignore[assignment]
    QApplication.exec = staticmethod(measured_exec)  # type: ignore[method-assign]
    return app.main(["--database", url])


if __name__ == "__main__":
    _reset_peak()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(bare() if sys.argv[1] == "bare" else kvp(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
