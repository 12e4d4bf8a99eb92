"""The printable review list (gjennomgangsliste) for a portfolio-review meeting.

A4 landscape, Noto Sans (``layout.register_fonts``/``make_styles``), one table row per person:
name, masked fødselsnummer, age, caseworker, the stop points with the day each fired, the last
review, and empty boxes to tick the outcome by hand in the meeting. Built from a frozen
:class:`ReviewList` (no database here); all text arrives in the list's language.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kvp_desktop.documents.layout import FONT, GREY, INK, RULE, make_styles, register_fonts

PAGE = landscape(A4)
MARGIN_MM = 14.0


@dataclass(frozen=True)
class ReviewListRow:
    name: str
    masked_id: str
    age: str
    caseworker: str
    flags: tuple[str, ...]  # "AAP er avsluttet (13.06.2026)"
    last_review: str


@dataclass(frozen=True)
class ReviewList:
    title: str
    office: str
    subtitle: str  # "Flaggede personer som ikke er gjennomgått siden 1. september 2026"
    printed: dt.date
    headers: tuple[str, ...]  # name, fnr, age, caseworker, stop points, last review, outcome
    outcome_boxes: tuple[str, ...]  # the four outcomes, ticked by hand
    rows: tuple[ReviewListRow, ...]
    footer: str  # "Fortrolig – inneholder personopplysninger"
    page_label: str  # "Side {side} av {sider}"
    empty_text: str
    more_text: str = ""  # "… og 120 til (listen er avkortet)"


def _canvas_class(doc: ReviewList) -> type[Canvas]:
    class ListCanvas(Canvas):
        """Holds pages back so each can say "Side n av m"; fixed dates make the bytes repeatable."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.setAuthor(doc.office)
            self.setTitle(doc.title)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, number: int, total: int) -> None:
            width = PAGE[0]
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_MM * mm, 10 * mm, width - MARGIN_MM * mm, 10 * mm)
            self.setFont(FONT, 7.5)
            self.setFillColor(GREY)
            self.drawString(MARGIN_MM * mm, 6.5 * mm, f"{doc.office} – {doc.title} – {doc.footer}")
            self.drawRightString(width - MARGIN_MM * mm, 6.5 * mm,
                                 doc.page_label.format(side=number, sider=total))
            self.restoreState()

    return ListCanvas


class _Box(Flowable):
    """An empty square to tick by hand (Noto Sans has no ballot-box glyph)."""

    SIZE = 2.8 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.SIZE, self.SIZE

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.6)
        self.canv.rect(0, 0, self.SIZE, self.SIZE, stroke=1, fill=0)


def _boxes(labels: tuple[str, ...], style: ParagraphStyle) -> Table:
    """The outcomes two by two, each with a box to tick."""
    cells = [[_Box(), Paragraph(escape(label), style)] for label in labels]
    grid = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""]) for i in range(0, len(cells), 2)]
    table = Table(grid, colWidths=[4 * mm, 27 * mm, 4 * mm, 25 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def render_review_list(doc: ReviewList) -> bytes:
    """The list as PDF bytes."""
    register_fonts()
    styles = make_styles()
    target = io.BytesIO()
    template = SimpleDocTemplate(
        target, pagesize=PAGE, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm, topMargin=12 * mm,
        bottomMargin=15 * mm, title=doc.title, author=doc.office, creator="KVP Desktop", subject=doc.subtitle,
        lang="nb-NO", invariant=1, initialFontName=FONT,
    )
    cell = styles.table
    bold = styles.table_bold
    label_style = ParagraphStyle("outcome", parent=styles.small, fontSize=7.5, leading=9, textColor=INK)
    story: list = [
        Paragraph(escape(doc.title), styles.title),
        Paragraph(escape(f"{doc.office} · {doc.subtitle}"), styles.small),
        Spacer(1, 4 * mm),
    ]
    if not doc.rows:
        story.append(Paragraph(escape(doc.empty_text), styles.body))
    else:
        header = [Paragraph(escape(h), bold) for h in doc.headers]
        data = [header]
        for row in doc.rows:
            data.append([
                Paragraph(escape(row.name), bold),
                Paragraph(escape(row.masked_id), cell),
                Paragraph(escape(row.age), styles.table_right),
                Paragraph(escape(row.caseworker), cell),
                Paragraph("<br/>".join(escape(f) for f in row.flags) or "–", cell),
                Paragraph(escape(row.last_review), cell),
                _boxes(doc.outcome_boxes, label_style),
            ])
        widths = [44 * mm, 27 * mm, 12 * mm, 32 * mm, 64 * mm, 29 * mm, 61 * mm]
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E9ECEF")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        story.append(table)
        if doc.more_text:
            story.extend([Spacer(1, 3 * mm), Paragraph(escape(doc.more_text), styles.small)])
    story.extend([Spacer(1, 3 * mm), Paragraph(escape(doc.printed.strftime("%d.%m.%Y")), styles.small)])
    template.build(story, canvasmaker=_canvas_class(doc))
    return target.getvalue()
