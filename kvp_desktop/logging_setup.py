"""Application logs without personal data.

Logs go to ``kvp.log`` in the platform's log folder (platformdirs), rotated. Whatever a log line
contains — a message, its arguments, a traceback — passes through :class:`MaskingFormatter`,
which masks anything shaped like a fødselsnummer or D-nummer (11 digits, optionally split
6 + 5) to ``ddmmåå*****`` before it is written. Code should not log names or numbers in the
first place; this is the safety net.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from platformdirs import user_log_path

from kvp_desktop import APP_AUTHOR, APP_NAME

_IDENTITY_NUMBER = re.compile(r"(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)")


def mask_personal_data(text: str) -> str:
    """``"15108695088"`` → ``"151086*****"`` anywhere in ``text``."""
    return _IDENTITY_NUMBER.sub(lambda m: f"{m.group(1)}*****", text)


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_data(super().format(record))


def restrict_new_files() -> None:
    """Files and folders this process creates are readable by the owner only (umask 077, POSIX).

    Called first by the ``kvp`` command and the app: the database, its -wal and -shm files,
    backups, exports and this log hold personal data. (Windows: the per-user folders under
    ``%LOCALAPPDATA%`` are private to the user by default.)
    """
    if os.name == "posix":
        os.umask(0o077)


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only the owner can read (0600 on POSIX, also after a rotation)."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        _owner_only(Path(self.baseFilename))
        return stream


def _owner_only(path: Path) -> None:
    if os.name != "posix":
        return  # Windows: the per-user log folder under %LOCALAPPDATA% is private to the user
    try:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass


def log_folder() -> Path:
    """``KVP_LOG_DIR`` if set, otherwise the platform's log folder for the program."""
    configured = os.environ.get("KVP_LOG_DIR")
    return Path(configured) if configured else user_log_path(APP_NAME, APP_AUTHOR)


def configure_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the program's logs to ``kvp.log`` in ``folder`` (default: the platform log folder)."""
    root = logging.getLogger()
    if not any(getattr(h, "kvp_silent", False) for h in root.handlers):
        # Where the log file cannot be made, a record goes nowhere rather than to the terminal: Python's
        # last-resort handler would print the traceback, and a traceback can quote personal data.
        silent = logging.NullHandler()
        silent.kvp_silent = True  # type: ignore[attr-defined]
        root.addHandler(silent)
    folder = folder or log_folder()
    # exist_ok: two programs started at once (the window and a kvp command) both find no folder yet.
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)  # the log can name what was done to whom: the owner's
    path = folder / "kvp.log"
    handler = _PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for old in [h for h in root.handlers if getattr(h, "kvp_handler", False)]:
        root.removeHandler(old)
        old.close()
    handler.kvp_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
