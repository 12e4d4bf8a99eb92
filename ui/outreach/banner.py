"""The banner at the top of the window while working in an outreach copy."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from kvp_desktop.i18n import _


class OutreachBanner(QLabel):
    def __init__(self, detail: str = "") -> None:
        text = _("Utekopi – endringer leveres inn på kontoret")
        super().__init__(f"<b>{text}</b>" + (f" &nbsp;·&nbsp; {detail}" if detail else ""))
        self.setObjectName("outreachBanner")
        self.setAccessibleName(text)
        self.setWordWrap(True)
        self.setStyleSheet(
            "QLabel#outreachBanner { background: #fff3cd; color: #5c4400; border: 1px solid #e0c36a;"
            " border-radius: 4px; padding: 6px 10px; }"
        )
