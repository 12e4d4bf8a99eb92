"""The PySide6 window of KVP Desktop (``kvp-desktop``).

PySide6 looks at every module imported after it to learn whether the module uses PySide6 (for its
optional ``__feature__`` switches, which this program does not use), with ``inspect.getsource``: every
module's whole source is read and then kept in ``linecache`` for the life of the process — some
25 MiB for SQLAlchemy, ReportLab and the rest. The same question is answered here from the file's
bytes, which are not kept (``docs/performance.md``, memory).
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (sets up shibokensupport.feature)


def _uses_pyside(module: ModuleType) -> bool:
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built in, compiled only or an extension: PySide6's own check finds no source either
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _check_imports_without_keeping_sources() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 (a private name of PySide6)


_check_imports_without_keeping_sources()
