"""The outcomes dashboard as a PDF for the council (A4 portrait): numbers, a bar chart, the years.

Reuses the letter engine's fonts (Noto Sans, :func:`layout.register_fonts`) and colours, with its
own simple page: no letterhead, a running footer with the office, the date and "Side n av m".
Input is the same :class:`~kvp_desktop.exports.outcomes_xlsx.OutcomesTable` the workbook uses.
"""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kvp_desktop.documents.layout import FONT, FONT_BOLD, GREY, INK, RULE, register_fonts
from kvp_desktop.exports.outcomes_xlsx import OutcomeRow, OutcomesTable
from kvp_desktop.i18n import _, format_date, format_number

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
BAR = colors.HexColor("#3E6E9E")
BAR_SOFT = colors.HexColor("#DDE6F0")


def _percent(share: float | None) -> str:
    """``0.125`` → ``"12,5 %"`` (one decimal, half up)."""
    if share is None:
        return ""
    value = Decimal(str(share * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_number(value, decimals=1)} %"


class _BarChart(Flowable):
    """Horizontal bars: one per situation after ending, the count at the end of each bar.

    Drawn straight on the canvas (not with reportlab.graphics, whose renderer sets a non-embedded
    Times font), so the PDF holds only the embedded Noto Sans."""

    STEP = 16

    def __init__(self, rows: tuple[OutcomeRow, ...]) -> None:
        super().__init__()
        self.rows = rows
        self.width = WIDTH
        self.height = self.STEP * len(rows) + 8

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        label_width = max((stringWidth(row.label, FONT, 9) for row in self.rows), default=0) + 8
        bar_area = self.width - label_width - 40
        top = max((row.count for row in self.rows), default=0) or 1
        for index, row in enumerate(self.rows):
            y = self.height - (index + 1) * self.STEP
            canvas.setFillColor(INK)
            canvas.setFont(FONT, 9)
            canvas.drawRightString(label_width - 6, y + 4, row.label)
            canvas.setFillColor(BAR_SOFT)
            canvas.rect(label_width, y + 1, bar_area, self.STEP - 5, stroke=0, fill=1)
            width = bar_area * row.count / top
            if width > 0:
                canvas.setFillColor(BAR)
                canvas.rect(label_width, y + 1, width, self.STEP - 5, stroke=0, fill=1)
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD, 9)
            canvas.drawString(label_width + width + 4, y + 4, format_number(row.count))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(label_width, 2, label_width, self.height)


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=INK, spaceAfter=4),
        "heading": ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=11.5, leading=15, textColor=INK,
                                  spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=11, textColor=GREY),
    }


def _table(data: list[list[Any]], widths: list[float], bold_rows: tuple[int, ...] = ()) -> Table:
    table = Table(data, colWidths=widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 9.5),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9.5),
        ("BACKGROUND", (0, 0), (-1, 0), BAR_SOFT),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for row in bold_rows:
        commands.append(("FONT", (0, row), (-1, row), FONT_BOLD, 9.5))
    table.setStyle(TableStyle(commands))
    return table


def build_outcomes_pdf(table: OutcomesTable) -> bytes:
    """The PDF bytes (deterministic for the same table)."""
    styles = _styles()
    story: list[Any] = [
        Paragraph(table.title, styles["title"]),
        Paragraph(table.office_name, styles["body"]),
        Paragraph(table.filter_text, styles["small"]),
        Spacer(1, 6),
    ]
    head = [row for row in table.rows if not row.is_situation]
    story.append(_table(
        [[_("Måltall"), _("Antall")], *[[row.label, format_number(row.count)] for row in head]],
        [WIDTH * 0.6, WIDTH * 0.2],
    ))
    story.append(Paragraph(_("Situasjon etter avslutning"), styles["heading"]))
    story.append(_BarChart(table.situation_rows))
    story.append(Spacer(1, 6))
    story.append(_table(
        [[_("Situasjon"), _("Antall"), _("Andel av avsluttede")],
         *[[row.label, format_number(row.count), _percent(row.share)] for row in table.situation_rows]],
        [WIDTH * 0.6, WIDTH * 0.15, WIDTH * 0.25],
    ))
    if table.note:
        story.append(Spacer(1, 4))
        story.append(Paragraph(table.note, styles["small"]))
    story.append(Paragraph(_("Per år"), styles["heading"]))
    year_width = min(22 * mm, (WIDTH * 0.55) / max(len(table.years), 1))
    story.append(_table(
        [[_("Måltall"), *(str(year) for year in table.years)],
         *[[label, *(format_number(count) for count in counts)] for label, counts in table.by_year]],
        [WIDTH - year_width * len(table.years), *([year_width] * len(table.years))],
        bold_rows=(1, 2, 3),
    ))

    footer = f"{table.office_name} – {format_date(table.made)}"

    class _NumberedCanvas(Canvas):
        """Writes "Side n av m" once the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                self.drawString(MARGIN, 12 * mm, footer)
                self.drawRightString(A4[0] - MARGIN, 12 * mm, _("Side {n} av {m}", n=number, m=total))
                super().showPage()
            super().save()

    target = io.BytesIO()
    document = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=18 * mm, bottomMargin=20 * mm,
        title=table.title, author=table.office_name, subject=_("Resultater i kvalifiseringsprogrammet"),
        creator="KVP Desktop", lang="nb-NO", invariant=1, displayDocTitle=1, initialFontName=FONT,
    )
    document.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, **k))
    return target.getvalue()
