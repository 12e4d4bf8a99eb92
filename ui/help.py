"""Hjelp → Brukerveiledning: the Norwegian user guide, bundled and readable offline."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kvp_desktop.i18n import _


def guide_folder() -> str:
    return str(resources.files("resources") / "help")


class UserGuideDialog(QDialog):
    """The guide (Markdown with screenshots made by ``kvp-desktop --screenshot``) in a browser pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Brukerveiledning – KVP Desktop"))
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("userGuide")
        self.browser.setAccessibleName(_("Brukerveiledning"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([guide_folder()])
        self.browser.setSource(QUrl.fromLocalFile(f"{guide_folder()}/brukerveiledning.md"))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
