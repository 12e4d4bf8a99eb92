"""Qt's own texts (standard buttons, message boxes, file and print dialogs, context menus) in
bokmål or nynorsk.

Qt ships nynorsk (``qtbase_nn.qm``) but no bokmål; ``resources/qt/qtbase_nb.qm`` is ours, made by
``tools/qt_nb_catalog.py`` from ``resources/qt/qtbase_nb.ts``. English needs no translator.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

_installed: list[QTranslator] = []  # kept alive here: Qt does not own an installed translator


def _folders() -> list[Path]:
    ours = resources.files("resources") / "qt"
    # The resources package is a folder on disk (also in the PyInstaller build), so the path is real.
    return [Path(str(ours)), Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]


def install_qt_translator(lang: str) -> bool:
    """Use ``lang``'s catalog for Qt's texts from now on (replacing one installed before); ``False`` when
    there is none (English, or a catalog missing from the installation)."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
    if lang not in ("nb", "nn"):
        return False
    for folder in _folders():
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", str(folder)):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            return True
    return False
