"""PySide6 asks of every module imported after it whether it uses PySide6; the program answers from
the file's bytes (``ui/__init__.py``) so that no module's source stays in memory (``linecache``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kvp_desktop.money
import ui
import ui.main_window

ROOT = Path(__file__).resolve().parents[2]


def test_the_answer_is_the_one_pyside_would_give() -> None:
    assert ui._uses_pyside(ui.main_window) is True
    assert ui._uses_pyside(kvp_desktop.money) is False
    assert ui._uses_pyside(sys) is False  # built in: no file


def test_no_module_source_is_kept_after_the_window_modules_are_imported() -> None:
    code = ("import linecache, ui.app, sqlalchemy.orm, kvp_desktop.services.infrastructure.context; "
            "print(' '.join(name for name in linecache.cache if name.endswith('.py')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    kept = done.stdout.split()
    # Only what PySide6 read while it was being set up (shiboken6, enum, PySide6 itself), before the
    # program could step in; nothing of SQLAlchemy, the program or the standard library after that.
    assert len(kept) <= 5, kept
    assert not [name for name in kept if "sqlalchemy" in name or "kvp_desktop" in name or "/ui/" in name], kept
