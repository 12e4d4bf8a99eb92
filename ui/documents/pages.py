"""PDF pages as images (pypdfium2; PySide6-Essentials has no QtPdf) and a scroll area showing them."""

from __future__ import annotations

import threading

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kvp_desktop.i18n import _

POINTS_PER_INCH = 72
# pdfium is not thread-safe: previews run on pool threads, printing on the GUI thread, so every
# use of it goes through this lock.
_PDFIUM = threading.Lock()


def render_pages(pdf: bytes, dpi: float = 96) -> list[QImage]:
    """Every page of ``pdf`` as an RGB image at ``dpi`` (callable from any thread; no widgets involved)."""
    with _PDFIUM:
        return _render(pdf, dpi)


def merge_pdfs(letters: list[bytes]) -> bytes:
    """The letters' own PDFs, page by page, as one PDF (text, fonts and metadata kept; no pictures)."""
    import io

    with _PDFIUM:
        merged = pypdfium2.PdfDocument.new()
        sources = [pypdfium2.PdfDocument(pdf) for pdf in letters]
        try:
            for source in sources:
                merged.import_pages(source)
            out = io.BytesIO()
            merged.save(out)
            return out.getvalue()
        finally:
            for source in sources:
                source.close()
            merged.close()


def page_count(pdf: bytes) -> int:
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def _render(pdf: bytes, dpi: float) -> list[QImage]:
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, may_draw_forms=False)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            data = bytes(bitmap.buffer)
            fmt = QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
            # copy() detaches the image from the buffer, which pdfium frees with the bitmap
            images.append(QImage(data, width, height, stride, fmt).copy())
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


class PagesView(QScrollArea):
    """The pages of a letter one under the other, on a grey desk, like a PDF viewer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPages")
        self.setAccessibleName(_("Forhåndsvisning av brevet"))
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys and Page Up/Down scroll
        self._inner = QWidget()
        self._inner.setObjectName("documentPagesInner")
        self._inner.setStyleSheet("#documentPagesInner { background: #8a8f96; }")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._layout.setSpacing(12)
        self.setWidget(self._inner)
        self.page_count = 0
        self.show_message(_("Velg et brev i listen for å se det."))

    def _clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()

    def show_message(self, text: str) -> None:
        self._clear()
        self.page_count = 0
        label = QLabel(text)
        label.setObjectName("documentPagesMessage")
        label.setWordWrap(True)
        label.setStyleSheet("color: white; padding: 24px;")
        self._layout.addWidget(label)
        label.show()

    def fitting_dpi(self) -> float:
        """The resolution at which an A4 page fills the visible width (8.27 inches)."""
        return max(60.0, min(120.0, (self.viewport().width() - 80) / 8.27))

    def show_pages(self, images: list[QImage]) -> None:
        self._clear()
        self.page_count = len(images)
        for number, image in enumerate(images, start=1):
            label = QLabel()
            label.setObjectName(f"documentPage{number}")
            label.setAccessibleName(_("Side {n} av {m}", n=number, m=len(images)))
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(image.width() + 2, image.height() + 2)  # never squeezed by the layout
            label.setStyleSheet("background: white; border: 1px solid #555;")
            self._layout.addWidget(label)
            label.show()
        self.verticalScrollBar().setValue(0)
