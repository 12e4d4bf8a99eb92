"""What ``kvp-desktop`` prints when it has no console to print to.

The Windows build of ``kvp-desktop.exe`` is a window program (PyInstaller ``console=False``): Windows
gives it no console, and Python sets ``sys.stdout`` and ``sys.stderr`` to ``None``, so whatever it
prints — ``--help``, a wrong option, an error in screenshot mode — would be lost without a trace.
Here the help and option errors are shown in a message box, and everything else printed goes to the
program's log (``kvp.log``, see ``kvp_desktop.logging_setup``; fødselsnumre are masked there too).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import sys
from pathlib import Path

from kvp_desktop.i18n import _

_log = logging.getLogger("kvp-desktop")


def has_console() -> bool:
    return sys.stdout is not None and sys.stderr is not None


def log_file() -> Path:
    from kvp_desktop.logging_setup import log_folder

    return log_folder() / "kvp.log"


class _LogStream(io.TextIOBase):
    """A text stream whose lines go to the log (``print(..., file=sys.stderr)`` without a console)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self._level = level
        self._pending = ""
        self._writing = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._writing:  # logging itself printing (no handler yet): nothing to do with it
            return len(text)
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        self._writing = True
        try:
            for line in lines:
                if line.strip():
                    _log.log(self._level, "%s", line)
        finally:
            self._writing = False
        return len(text)

    def flush(self) -> None:
        if self._pending.strip():
            self.write("\n")


def send_output_to_the_log() -> None:
    """Without a console, make ``sys.stdout``/``sys.stderr`` write into the log (started here)."""
    if has_console():
        return
    from kvp_desktop.logging_setup import configure_logging

    with contextlib.suppress(OSError):  # a read-only profile: the text is lost, as it was before
        configure_logging()
    if sys.stdout is None:
        sys.stdout = _LogStream(logging.INFO)
    if sys.stderr is None:
        sys.stderr = _LogStream(logging.ERROR)


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """``parser.parse_args(argv)``; without a console, ``--help`` and option errors are shown in a
    message box (and logged) and their exit code is returned instead of the program exiting."""
    if has_console():
        return parser.parse_args(argv)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        try:
            return parser.parse_args(argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    show_without_console(captured.getvalue().strip(), error=code != 0)
    return code


def show_without_console(text: str, error: bool) -> None:
    """A message box with ``text`` (and where later messages go), and the same text in the log."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    send_output_to_the_log()
    _log.log(logging.ERROR if error else logging.INFO, "%s", text)
    if QApplication.instance() is None:
        QApplication([sys.argv[0] if sys.argv else "kvp-desktop"])
    note = _("Meldinger programmet ikke kan vise i et vindu (for eksempel feil med --screenshot), skrives til "
             "loggen: {fil}", fil=str(log_file()))
    box = QMessageBox(QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information,
                      _("KVP Desktop"), text + "\n\n" + note)
    box.exec()
