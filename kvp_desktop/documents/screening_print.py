"""«Utskrift til samtale»: the § 29 screening on paper, to go through with the applicant.

A plain A4 working paper (not a letter: no envelope window): the applicant's facts, every
criterion with the facts used, the rule's evaluation and reason, and the caseworker's
assessment and reasoning, then the special-case prompts and room for notes. Uses the letter
engine's fonts and paragraph styles (``documents.layout``) without changing them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kvp_desktop.documents.layout import FONT, GREY, INK, RULE, make_styles, register_fonts

STATE_COLOURS = {"met": "#DFF0D8", "not_met": "#F8D7DA", "needs_assessment": "#FFF3CD"}


@dataclass(frozen=True)
class PrintCriterion:
    label: str
    state_label: str
    state: str  # met | not_met | needs_assessment
    reference: str
    facts: tuple[str, ...]
    rule_text: str
    assessment_label: str  # the caseworker's assessment in words, "" when none
    reasoning: str


@dataclass(frozen=True)
class ScreeningPrint:
    """Everything on the paper, already in Norwegian."""

    title: str
    office: str
    printed: dt.date
    header_rows: tuple[tuple[str, str], ...]  # (label, value): applicant, application, version …
    applicant_facts: tuple[tuple[str, str], ...]
    criteria: tuple[PrintCriterion, ...]
    prompts: tuple[tuple[str, str], ...]  # (text, reference)
    summary: str
    labels: dict[str, str]  # section titles and column words
    footer: str


def _p(text: str, style: object) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def render_screening_print(data: ScreeningPrint) -> bytes:
    """The PDF bytes (A4, Noto Sans, page numbers)."""
    register_fonts()
    styles = make_styles()
    target = io.BytesIO()
    width = A4[0] - 40 * mm
    doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=data.title, author=data.office, creator="KVP Desktop",
                            lang="nb-NO", invariant=1, initialFontName=FONT)
    labels = data.labels
    story: list[object] = [_p(data.title, styles.title)]
    head = Table([[_p(k, styles.table_bold), _p(v, styles.table)] for k, v in data.header_rows],
                 colWidths=[45 * mm, width - 45 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    story += [head, Spacer(1, 4 * mm), _p(labels["facts"], styles.heading)]
    facts = Table([[_p(k, styles.table_bold), _p(v, styles.table)] for k, v in data.applicant_facts],
                  colWidths=[60 * mm, width - 60 * mm])
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    story += [facts, Spacer(1, 3 * mm), _p(labels["criteria"], styles.heading)]
    for number, item in enumerate(data.criteria, start=1):
        rows = [
            [_p(f"{number}. {item.label} — {item.state_label}", styles.table_bold), ""],
            [_p(labels["facts_used"], styles.small), _p("\n".join(item.facts) or "–", styles.table)],
            [_p(labels["why"], styles.small), _p(f"{item.rule_text}\n({item.reference})", styles.table)],
            [_p(labels["assessment"], styles.small),
             _p(" – ".join(x for x in (item.assessment_label, item.reasoning) if x) or labels["blank"], styles.table)],
        ]
        table = Table(rows, colWidths=[38 * mm, width - 38 * mm])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(STATE_COLOURS.get(item.state, "#FFFFFF"))),
            ("SPAN", (0, 0), (1, 0)),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story += [KeepTogether([table, Spacer(1, 2 * mm)])]
    if data.prompts:
        story.append(_p(labels["prompts"], styles.heading))
        for text, reference in data.prompts:
            story.append(_p(f"• {text} ({reference})", styles.bullet))
    story += [_p(labels["summary"], styles.heading), _p(data.summary, styles.body),
              _p(labels["notes"], styles.heading)]
    lines = Table([[""] for _ in range(6)], colWidths=[width], rowHeights=[8 * mm] * 6)
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    story.append(lines)

    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(20 * mm, 10 * mm, data.footer)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, labels["page"].format(side=document.page))
        canvas.setFillColor(INK)
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return target.getvalue()
