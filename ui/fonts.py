"""The window's typeface: the Noto Sans the program ships for its letters (``resources/fonts``).

Registered with Qt at start-up and made the application font, so the window looks and measures the
same on a Windows office PC (Segoe UI), a Linux machine with only DejaVu and the test machines: every
layout width in the program is decided by this font, not by what the machine happens to have.
Registering a font only maps the file; the three faces take a few milliseconds together.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FAMILY = "Noto Sans"
#: The point size of the window's text: Windows' own default for dialogs (Segoe UI 9 pt), and what
#: Qt uses on Linux; at 96 dpi 9 pt is 12 pixels.
POINT_SIZE = 9
#: The faces the window uses: text, bold (headings, counts, ``<b>``) and italic (``<i>`` in the
#: portfolio's details). Bold italic is never used in the window; letters load it themselves.
FACES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")

_registered: bool = False


def register_shipped_fonts() -> bool:
    """Register the shipped faces with Qt (once per process); whether Noto Sans is available.

    Needs a ``QGuiApplication``. A missing or unreadable file leaves the platform's font in use.
    """
    global _registered
    if _registered:
        return True
    folder = resources.files("resources") / "fonts"
    loaded = False
    for name in FACES:
        face = folder / name
        # The resources package is a folder on disk (also in the PyInstaller build).
        if face.is_file() and QFontDatabase.addApplicationFont(str(face)) >= 0:
            loaded = True
    _registered = loaded
    return loaded


def shipped_font() -> QFont:
    font = QFont(FAMILY, POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def use_shipped_font(app: QApplication) -> bool:
    """Make the shipped Noto Sans the application font; call before any widget is made (sizes are
    computed from the font when a widget is first laid out). Whether it is in use."""
    if not register_shipped_fonts():
        return False
    app.setFont(shipped_font())
    return True
