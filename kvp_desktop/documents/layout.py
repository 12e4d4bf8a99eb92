"""A4 page layout for letters: letterhead, window-envelope address, references, footer.

This module knows about millimetres and fonts, not about language: every visible string
(labels, the "Side 1 av 3" pattern, footer lines) comes in from :mod:`letters`, which
takes them from the templates.

Envelope window (first page). The recipient block follows DIN 5008 form B, the layout
Norwegian window envelopes with a *left* window are made for (C5 with the A4 sheet folded
once, and C5/6 / E65 with the sheet folded in three): window 90 × 45 mm whose left edge is
20 mm from the left edge of the envelope. On the sheet we use the zone 20–105 mm from the
left edge and 45–90 mm from the top edge:

* 47 mm from the top: the one-line return address (7 pt), so it shows in the window;
* 53–85 mm from the top, 24 mm from the left, 80 mm wide: the recipient (10 pt), at most
  six lines; a few millimetres of margin on every side let the folded sheet slide in the
  envelope without hiding a line.

Right of the window, from 53 mm: date, our and your reference, case number and case
handler. The text of the letter starts 100 mm from the top on page 1 and 25 mm on later
pages; the footer (office addresses, phone, e-mail, org.nr. and "Side n av m") sits in the
bottom 25 mm of every page.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from kvp_desktop.documents.fonts import LetterFont

PAGE_WIDTH, PAGE_HEIGHT = A4

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"
FONT_FILES: dict[str, str] = {
    FONT: "NotoSans-Regular.ttf",
    FONT_BOLD: "NotoSans-Bold.ttf",
    FONT_ITALIC: "NotoSans-Italic.ttf",
    FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
}

# Geometry in millimetres from the top-left corner of the sheet (see module docstring).
LEFT_MARGIN_MM = 25.0
RIGHT_MARGIN_MM = 20.0
WINDOW_LEFT_MM = 20.0
WINDOW_TOP_MM = 45.0
WINDOW_WIDTH_MM = 85.0
WINDOW_HEIGHT_MM = 45.0
RETURN_ADDRESS_TOP_MM = 47.0
ADDRESS_LEFT_MM = 24.0
ADDRESS_TOP_MM = 53.0
ADDRESS_WIDTH_MM = 80.0
ADDRESS_MAX_LINES = 6
INFO_LEFT_MM = 122.0
FIRST_PAGE_BODY_TOP_MM = 100.0
LATER_PAGE_BODY_TOP_MM = 25.0
BODY_BOTTOM_MM = 30.0
FOOTER_RULE_MM = 22.0

INK = colors.HexColor("#1A1A1A")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#8C8C8C")
ACCENT = colors.HexColor("#C30000")

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register Noto Sans (regular, bold, italic, bold italic) with ReportLab, once."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        folder = resources.files("resources") / "fonts"
        for name, filename in FONT_FILES.items():
            data = io.BytesIO((folder / filename).read_bytes())
            data.name = filename
            pdfmetrics.registerFont(LetterFont(name, data))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    small: ParagraphStyle
    bullet: ParagraphStyle
    reference: ParagraphStyle
    table: ParagraphStyle
    table_bold: ParagraphStyle
    table_right: ParagraphStyle
    table_right_bold: ParagraphStyle


def make_styles() -> Styles:
    """Paragraph styles for letters (registers the fonts first: paragraphs parse at creation)."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, alignment=TA_LEFT, spaceAfter=6,
        bulletFontName=FONT,
    )
    table = ParagraphStyle("table", parent=body, fontSize=9, leading=12, spaceAfter=0)
    return Styles(
        body=body,
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceAfter=10),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
            keepWithNext=True,
        ),
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=GREY),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=3),
        reference=ParagraphStyle("reference", parent=body, fontSize=8.5, leading=11, textColor=GREY, leftIndent=12),
        table=table,
        table_bold=ParagraphStyle("table_bold", parent=table, fontName=FONT_BOLD),
        table_right=ParagraphStyle("table_right", parent=table, alignment=2),
        table_right_bold=ParagraphStyle("table_right_bold", parent=table, fontName=FONT_BOLD, alignment=2),
    )


@dataclass(frozen=True)
class PageDecor:
    """What is drawn around the text: everything already in the letter's language."""

    office_name: str
    department: str
    letterhead_text: str
    return_address: str
    recipient_lines: tuple[str, ...]
    info_rows: tuple[tuple[str, str], ...]  # (label, value) right of the window
    running_head: str  # top of pages 2.. (office and reference)
    footer_lines: tuple[str, ...]
    page_label: Callable[[int, int], str]  # (page, pages) -> "Side 1 av 3"


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str  # BCP 47, "nb-NO" / "nn-NO"
    created: dt.date
    creator: str = "KVP Desktop"


class _FixedTimeStamp:
    """Stands in for ReportLab's TimeStamp: the PDF dates are the letter date, 00:00 UTC."""

    def __init__(self, day: dt.date) -> None:
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        self.t = moment.timestamp()
        self.lt = moment.timetuple()
        self.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
        self.dhh = 0
        self.dmm = 0
        self.tzname = "UTC"

    @property
    def datetime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.t, dt.UTC)


def _canvas_class(decor: PageDecor, created: dt.date) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "Side n av m"."""

    class LetterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # ReportLab seeds the PDF /ID with its own clock (or SOURCE_DATE_EPOCH); reseed it
            # and the info dates from the letter date so the bytes depend on the letter only.
            stamp = _FixedTimeStamp(created)
            self._doc._timeStamp = stamp
            self._doc.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
            self._doc.signature.update(ascii(stamp.t).encode("ascii"))
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                self._draw_page_number(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_page_number(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(PAGE_WIDTH - RIGHT_MARGIN_MM * mm, (FOOTER_RULE_MM + 2.5) * mm,
                                 decor.page_label(number, total))
            self.restoreState()

    return LetterCanvas


def _y(top_mm: float) -> float:
    """Convert "mm from the top of the sheet" to ReportLab's points from the bottom."""
    return PAGE_HEIGHT - top_mm * mm


def _draw_footer(canvas: Canvas, decor: PageDecor) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT_MARGIN_MM * mm, FOOTER_RULE_MM * mm, PAGE_WIDTH - RIGHT_MARGIN_MM * mm, FOOTER_RULE_MM * mm)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    y = (FOOTER_RULE_MM - 4.5) * mm
    for line in decor.footer_lines:
        canvas.drawString(LEFT_MARGIN_MM * mm, y, line)
        y -= 3.6 * mm


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` (never overflow the window)."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_first_page(canvas: Canvas, decor: PageDecor) -> None:
    canvas.saveState()
    # Letterhead
    canvas.setFillColor(ACCENT)
    canvas.rect(LEFT_MARGIN_MM * mm, _y(24.5), 1.2 * mm, 12 * mm, stroke=0, fill=1)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawString((LEFT_MARGIN_MM + 4) * mm, _y(18), decor.office_name)
    canvas.setFont(FONT, 9)
    canvas.setFillColor(GREY)
    canvas.drawString((LEFT_MARGIN_MM + 4) * mm, _y(23.5), decor.department)
    if decor.letterhead_text:
        canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN_MM * mm, _y(18), decor.letterhead_text)
    # Return address and recipient (window)
    width = ADDRESS_WIDTH_MM * mm
    canvas.setFont(FONT, 7)
    canvas.drawString(ADDRESS_LEFT_MM * mm, _y(RETURN_ADDRESS_TOP_MM + 2),
                      _fit(canvas, decor.return_address, FONT, 7, width))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.3)
    canvas.line(ADDRESS_LEFT_MM * mm, _y(RETURN_ADDRESS_TOP_MM + 3), ADDRESS_LEFT_MM * mm + width,
                _y(RETURN_ADDRESS_TOP_MM + 3))
    canvas.setFillColor(INK)
    lines = decor.recipient_lines[:ADDRESS_MAX_LINES]
    y = _y(ADDRESS_TOP_MM + 3.5)
    for line in lines:
        canvas.setFont(FONT, 10)
        canvas.drawString(ADDRESS_LEFT_MM * mm, y, _fit(canvas, line, FONT, 10, width))
        y -= 4.6 * mm
    # Date and references, right of the window
    label_width = 30 * mm
    y = _y(ADDRESS_TOP_MM + 3.5)
    for label, value in decor.info_rows:
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(INFO_LEFT_MM * mm, y, label)
        canvas.setFont(FONT, 9)
        canvas.setFillColor(INK)
        canvas.drawString(INFO_LEFT_MM * mm + label_width, y,
                          _fit(canvas, value, FONT, 9, PAGE_WIDTH - RIGHT_MARGIN_MM * mm - INFO_LEFT_MM * mm
                               - label_width))
        y -= 4.6 * mm
    _draw_footer(canvas, decor)
    canvas.restoreState()


def _draw_later_page(canvas: Canvas, decor: PageDecor) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(GREY)
    canvas.drawString(LEFT_MARGIN_MM * mm, _y(14), decor.running_head)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT_MARGIN_MM * mm, _y(16), PAGE_WIDTH - RIGHT_MARGIN_MM * mm, _y(16))
    _draw_footer(canvas, decor)
    canvas.restoreState()


_SCALARS = (int, float, str, bool, type(None))


class _LetterFrame(Frame):
    """A Frame that copies itself quickly.

    ReportLab's KeepTogether (every heading is kept with the paragraph after it) deep-copies the
    current frame each time it measures its content. A frame holds numbers and a few flags, so
    copying the object and deep-copying only values that are not plain scalars gives the same
    copy at a fraction of the cost.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _LetterFrame:
        twin = copy.copy(self)
        for name, value in vars(self).items():
            if not isinstance(value, _SCALARS):
                setattr(twin, name, copy.deepcopy(value, memo))
        return twin


class _LetterDocument(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, decor: PageDecor, meta: PdfMeta) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=LEFT_MARGIN_MM * mm,
            rightMargin=RIGHT_MARGIN_MM * mm,
            topMargin=LATER_PAGE_BODY_TOP_MM * mm,
            bottomMargin=BODY_BOTTOM_MM * mm,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            creator=meta.creator,
            keywords=list(meta.keywords),
            lang=meta.lang,
            invariant=1,
            displayDocTitle=1,
            initialFontName=FONT,
        )
        width = PAGE_WIDTH - (LEFT_MARGIN_MM + RIGHT_MARGIN_MM) * mm
        first = _LetterFrame(
            LEFT_MARGIN_MM * mm, BODY_BOTTOM_MM * mm, width,
            PAGE_HEIGHT - (FIRST_PAGE_BODY_TOP_MM + BODY_BOTTOM_MM) * mm,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first",
        )
        later = _LetterFrame(
            LEFT_MARGIN_MM * mm, BODY_BOTTOM_MM * mm, width,
            PAGE_HEIGHT - (LATER_PAGE_BODY_TOP_MM + BODY_BOTTOM_MM) * mm,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later",
        )
        self.addPageTemplates([
            PageTemplate(id="First", frames=[first], onPage=lambda c, d: _draw_first_page(c, decor),
                         autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[later], onPage=lambda c, d: _draw_later_page(c, decor)),
        ])


CONTENT_WIDTH = PAGE_WIDTH - (LEFT_MARGIN_MM + RIGHT_MARGIN_MM) * mm


def build_pdf(story: Sequence[Flowable], decor: PageDecor, meta: PdfMeta) -> bytes:
    """Lay out ``story`` on A4 letter pages and return the PDF bytes (deterministic)."""
    register_fonts()
    target = io.BytesIO()
    document = _LetterDocument(target, decor, meta)
    document.build(list(story), canvasmaker=_canvas_class(decor, meta.created))
    return target.getvalue()
