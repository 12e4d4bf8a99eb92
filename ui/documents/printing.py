"""Print letters through the system print dialog: the PDF pages are rasterised and painted.

QtPdf is not in PySide6-Essentials, so each page is rendered with pypdfium2 at the printer's
resolution (at most 300 dpi, plenty for text) and drawn to fill the printable page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from kvp_desktop.i18n import _
from ui.documents.pages import merge_pdfs, page_count, render_pages

MAX_PRINT_DPI = 300


def make_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(_("KVP-brev"))
    printer.setFullPage(True)  # the letter has its own margins; the envelope window must stay in place
    return printer


def ask_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setWindowTitle(_("Skriv ut brev"))
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def paint_letters(printer: QPrinter, letters: Sequence[bytes], parent: QWidget | None = None) -> int:
    """Paint every page of ``letters`` on ``printer``; returns the pages printed (stops on cancel)."""
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    progress = QProgressDialog(_("Skriver ut …"), _("Avbryt"), 0, len(letters), parent)
    progress.setObjectName("printProgress")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        for index, pdf in enumerate(letters):
            progress.setValue(index)
            QApplication.processEvents()
            if progress.wasCanceled():
                break
            for image in render_pages(pdf, dpi):
                if printed:
                    printer.newPage()
                target: QRect = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
                printed += 1
        progress.setValue(len(letters))
    finally:
        painter.end()
    return printed


def write_letters_as_pdf(path: Path, letters: Sequence[bytes]) -> int:
    """«Skriv til fil» in the print dialog: the letters' own PDFs (searchable text), not pictures of them."""
    data = letters[0] if len(letters) == 1 else merge_pdfs(list(letters))
    path.write_bytes(data)
    return page_count(data)


def print_letters(parent: QWidget | None, letters: Sequence[bytes]) -> int:
    """Ask for a printer and print; returns the pages printed (0 when the user cancelled)."""
    printer = make_printer()
    if not ask_printer(parent, printer):
        return 0
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        try:
            return write_letters_as_pdf(Path(printer.outputFileName()), letters)
        except OSError as error:
            QMessageBox.warning(parent, _("Skriv ut brev"), _("Kan ikke lagre {fil}: {feil}",
                                fil=Path(printer.outputFileName()).name, feil=error.strerror or error))
            return 0
    return paint_letters(printer, letters, parent)
