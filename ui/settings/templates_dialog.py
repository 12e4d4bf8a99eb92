"""Innstillinger → Brevmaler: any letter type with the office's letterhead and a sample case."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.letters import decisions, kinds
from kvp_desktop.services.letters.decisions import WrittenStandard
from ui.documents.pages import PagesView, render_pages
from ui.errors import show_service_error
from ui.runner import LatestJob
from ui.widgets.controls import button, combo, line_edit

if TYPE_CHECKING:
    from kvp_desktop.documents.model import WrittenStandard  # an annotation only


class TemplatePreviewDialog(QDialog):
    """The same as ``kvp letter preview``: a sample case, the office's own settings."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templatePreviewDialog")
        self.setAccessibleName(_("Brevmaler"))
        self.setWindowTitle(_("Brevmaler – forhåndsvisning"))
        self.resize(950, 850)
        self._ctx = ctx
        self.last_pdf: bytes | None = None
        self.letter_type = combo("templateType", _("Brevtype"),
                                 [(title, key) for key, title in kinds.letter_choices("nb")])
        self.standard = combo("templateStandard", _("Målform"), [("Bokmål", "nb"), ("Nynorsk", "nn")])
        self.name = line_edit("templateName", _("Mottakerens navn"), _("Eksempelnavn"))
        show = button(_("&Vis"), "templateShow", self.refresh, accessible=_("Vis brevmalen"))
        self.save = button(_("Lagre som &PDF…"), "templateSave", self.save_pdf,
                           accessible=_("Lagre eksempelbrevet som PDF"))
        row = QHBoxLayout()
        label = QLabel(_("&Brevtype:"))
        label.setBuddy(self.letter_type)
        row.addWidget(label)
        row.addWidget(self.letter_type, 2)
        row.addWidget(self.standard)
        name_label = QLabel(_("&Navn:"))
        name_label.setBuddy(self.name)
        row.addWidget(name_label)
        row.addWidget(self.name, 1)
        row.addWidget(show)
        row.addWidget(self.save)
        note = QLabel(_("Eksempelbrev med kontorets navn og adresse og en oppdiktet sak. Tekstene kommer fra "
                        "brevmalene; se docs/letters.md om hvordan kontoret kan tilpasse dem."))
        note.setObjectName("templateNote")
        note.setWordWrap(True)
        self.pages = PagesView()
        close = QDialogButtonBox()
        close.setObjectName("templateClose")
        close_button = close.addButton(_("&Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close_button.setObjectName("templateCloseButton")
        close_button.setAccessibleName(_("Lukk"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(self.pages, 1)
        layout.addWidget(close)
        self.worker = LatestJob(self)
        self.worker.finished.connect(self._show)
        self.worker.failed.connect(self._failed)
        self.letter_type.currentIndexChanged.connect(self.refresh)
        self.standard.currentIndexChanged.connect(self.refresh)
        self.name.returnPressed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        ctx, letter_type = self._ctx, str(self.letter_type.currentData())
        lang: WrittenStandard = "nn" if self.standard.currentData() == "nn" else "nb"
        name = self.name.text().strip() or None
        self.pages.show_message(_("Lager forhåndsvisning …"))

        dpi = self.pages.fitting_dpi()

        def work() -> tuple[bytes, list[QImage]]:
            pdf = decisions.template_preview(ctx, letter_type, lang, name)
            return pdf, render_pages(pdf, dpi)

        self.worker.start(work)

    def _show(self, result: tuple[bytes, list[QImage]]) -> None:
        self.last_pdf, images = result
        self.pages.show_pages(images)

    def _failed(self, _error: object) -> None:
        self.pages.show_message(_("Brevmalen kunne ikke vises."))  # the router shows why

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if self.last_pdf is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Lagre som PDF"),
                                                          f"{self.letter_type.currentData()}.pdf", _("PDF (*.pdf)"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            path.write_bytes(self.last_pdf)
        except OSError as error:
            show_service_error(self, ServiceError(_("Kan ikke lagre {fil}: {feil}", fil=path.name,
                                                    feil=error.strerror or error)))
            return None
        return path
