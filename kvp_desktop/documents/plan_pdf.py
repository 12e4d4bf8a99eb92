"""The participant's plan as a PDF: one A4 page (landscape) per phase with the weekly timetable as
a grid, the programme's phase timeline, goals and contacts, in the office's written standard.

The labels come in bokmål and nynorsk from ``LABELS`` below; dates and numbers are formatted the
Norwegian way. Fonts are the letter engine's Noto Sans (``layout.register_fonts``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kvp_desktop.documents.layout import FONT, FONT_BOLD, register_fonts
from kvp_desktop.i18n import format_date_short, format_number

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 14 * mm

COLOURS = {
    "work_directed_measure": "#8ecae6", "job_seeking": "#a7d49b", "training_education": "#f6d186",
    "motivation_mastery": "#d7b9e8", "health_treatment": "#f4a7a7", "physical_training": "#9fd8cb",
    "own_activity": "#f2c4a0", "rest": "#cfd4da", "paid_work": "#b5c7f2", "other": "#e0e0c0",
}

LABELS: dict[str, dict[str, object]] = {
    "nb": {
        "title": "Plan for kvalifiseringsprogrammet",
        "participant": "Deltaker",
        "programme": "Programperiode",
        "phase": "Fase {nr} av {antall}: {navn}",
        "weekly": "Ukeplan {fra}–{til} · {timer} timer per uke",
        "timeline": "Tidslinje",
        "halfway": "Halvveis",
        "end": "Slutt",
        "evaluations": "Evalueringer",
        "goals": "Mål",
        "contacts": "Kontakter",
        "caseworker": "Veileder",
        "hours": "timer",
        "page": "Side {n} av {m}",
        "no_goals": "Ikke skrevet ennå.",
        "holiday_note": "Helligdager og planlagt ferie regnes som en del av et vanlig arbeidsår.",
        "weekdays": ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"),
        "categories": {
            "work_directed_measure": "Arbeidsrettet tiltak", "job_seeking": "Jobbsøking",
            "training_education": "Opplæring/utdanning", "motivation_mastery": "Motivasjons- og mestringstrening",
            "health_treatment": "Helsehjelp/behandling", "physical_training": "Fysisk trening",
            "own_activity": "Egenaktivitet", "rest": "Hvile", "paid_work": "Lønnet arbeid", "other": "Annet",
        },
    },
    "nn": {
        "title": "Plan for kvalifiseringsprogrammet",
        "participant": "Deltakar",
        "programme": "Programperiode",
        "phase": "Fase {nr} av {antall}: {navn}",
        "weekly": "Vekeplan {fra}–{til} · {timer} timar per veke",
        "timeline": "Tidslinje",
        "halfway": "Halvvegs",
        "end": "Slutt",
        "evaluations": "Evalueringar",
        "goals": "Mål",
        "contacts": "Kontaktar",
        "caseworker": "Rettleiar",
        "hours": "timar",
        "page": "Side {n} av {m}",
        "no_goals": "Ikkje skrive enno.",
        "holiday_note": "Heilagdagar og planlagd ferie blir rekna som ein del av eit vanleg arbeidsår.",
        "weekdays": ("Måndag", "Tysdag", "Onsdag", "Torsdag", "Fredag", "Laurdag", "Sundag"),
        "categories": {
            "work_directed_measure": "Arbeidsretta tiltak", "job_seeking": "Jobbsøking",
            "training_education": "Opplæring/utdanning", "motivation_mastery": "Motivasjons- og meistringstrening",
            "health_treatment": "Helsehjelp/behandling", "physical_training": "Fysisk trening",
            "own_activity": "Eigenaktivitet", "rest": "Kvile", "paid_work": "Lønt arbeid", "other": "Anna",
        },
    },
}


# --- what the plan is drawn from (the services fill these; documents import no service) -----------


@dataclass(frozen=True)
class PlanBlock:
    weekday: int  # 0 = Monday
    start_minute: int
    end_minute: int
    activity: str
    category: str
    provider: str = ""
    contact: str = ""

    @property
    def hours(self) -> Decimal:
        return Decimal(self.end_minute - self.start_minute) / 60


@dataclass(frozen=True)
class PlanPhase:
    name: str
    from_date: dt.date
    to_date: dt.date
    blocks: tuple[PlanBlock, ...]

    @property
    def weekly_hours(self) -> Decimal:
        return sum((b.hours for b in self.blocks), Decimal(0))


@dataclass(frozen=True)
class PlanPeriod:
    kind: str  # leave | holiday | …
    from_date: dt.date
    to_date: dt.date


@dataclass(frozen=True)
class PlanEvaluation:
    scheduled_date: dt.date


@dataclass(frozen=True)
class PlanProgramme:
    start_date: dt.date
    last_day: dt.date
    phases: tuple[PlanPhase, ...]
    periods: tuple[PlanPeriod, ...] = ()
    evaluations: tuple[PlanEvaluation, ...] = ()
    goals: str = ""

    @property
    def halfway(self) -> dt.date:
        return self.start_date + (self.last_day - self.start_date) / 2


def clock(minute: int) -> str:
    """``08:30`` for minute 510 of the day."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class PlanDocument:
    programme: PlanProgramme
    participant: str
    office: str
    caseworker: str = ""
    written_standard: str = "nb"
    created: dt.date = dt.date(2026, 1, 1)


def _text(lang: str, key: str, **params: object) -> str:
    return str(LABELS[lang][key]).format(**params)


def _hours(value: Decimal, lang: str) -> str:
    return format_number(value, lang, decimals=0 if value == value.to_integral_value() else 1)


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _grid(canvas: Canvas, blocks: Sequence[PlanBlock], lang: str, x: float, top: float, width: float,
          height: float) -> None:
    """Monday–Sunday columns from the earliest to the latest hour used (07:00–17:00 at least)."""
    first = min([7 * 60, *(b.start_minute // 60 * 60 for b in blocks)])
    last = max([17 * 60, *(-(-b.end_minute // 60) * 60 for b in blocks)])
    time_col = 12 * mm
    head = 6 * mm
    day_w = (width - time_col) / 7
    per_minute = (height - head) / (last - first)
    weekdays = LABELS[lang]["weekdays"]
    assert isinstance(weekdays, tuple)
    canvas.setStrokeColor(colors.HexColor("#b0b0b0"))
    canvas.setLineWidth(0.4)
    for day in range(7):
        cx = x + time_col + day * day_w
        if day >= 5:
            canvas.setFillColor(colors.HexColor("#f2f2f2"))
            canvas.rect(cx, top - height, day_w, height - head, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_BOLD, 8.5)
        canvas.drawCentredString(cx + day_w / 2, top - head + 1.8 * mm, weekdays[day])
        canvas.line(cx, top, cx, top - height)
    canvas.line(x + width, top, x + width, top - height)
    canvas.setFont(FONT, 7)
    for minute in range(first, last + 1, 60):
        y = top - head - (minute - first) * per_minute
        canvas.line(x + time_col, y, x + width, y)
        if minute < last:
            canvas.drawRightString(x + time_col - 1.2 * mm, y - 2.6 * mm, clock(minute))
    for block in blocks:
        bx = x + time_col + block.weekday * day_w + 0.8
        by_top = top - head - (block.start_minute - first) * per_minute
        bh = (block.end_minute - block.start_minute) * per_minute
        canvas.setFillColor(colors.HexColor(COLOURS.get(block.category, COLOURS["other"])))
        canvas.setStrokeColor(colors.HexColor("#606060"))
        canvas.roundRect(bx, by_top - bh, day_w - 1.6, bh, 1.5, stroke=1, fill=1)
        canvas.setFillColor(colors.HexColor("#1b1b1b"))
        inner = day_w - 3.5 * mm
        lines = [(FONT, f"{clock(block.start_minute)}–{clock(block.end_minute)}")]
        lines += [(FONT_BOLD, line) for line in _wrap(canvas, block.activity, FONT_BOLD, 7, inner)]
        if block.provider:
            lines += [(FONT, line) for line in _wrap(canvas, block.provider, FONT, 7, inner)]
        y = by_top - 3 * mm
        for font, line in lines:
            if y < by_top - bh + 0.8 * mm:
                break
            canvas.setFont(font, 7)
            canvas.drawString(bx + 1.2 * mm, y, _fit(canvas, line, font, 7, inner))
            y -= 2.9 * mm


def _timeline(canvas: Canvas, doc: PlanDocument, current: int, x: float, y: float, width: float) -> None:
    programme, lang = doc.programme, doc.written_standard
    start, end = programme.start_date, programme.last_day
    total = max((end - start).days + 1, 1)

    def px(day: dt.date) -> float:
        return x + width * (day - start).days / total

    canvas.setFont(FONT_BOLD, 9)
    canvas.setFillColor(colors.black)
    canvas.drawString(x, y + 10 * mm, _text(lang, "timeline"))
    for index, phase in enumerate(programme.phases):
        x0, x1 = px(phase.from_date), px(phase.to_date + dt.timedelta(days=1))
        canvas.setFillColor(colors.HexColor("#2f6f9f" if index == current else "#e4ecf2"))
        canvas.setStrokeColor(colors.HexColor("#1f4e72"))
        canvas.rect(x0, y, max(x1 - x0 - 1, 2), 8 * mm, stroke=1, fill=1)
        canvas.setFillColor(colors.white if index == current else colors.black)
        canvas.setFont(FONT, 7)
        canvas.drawString(x0 + 1.2 * mm, y + 4.6 * mm, _fit(canvas, phase.name, FONT, 7, x1 - x0 - 3 * mm))
        canvas.drawString(x0 + 1.2 * mm, y + 1.4 * mm, _fit(
            canvas, f"{format_date_short(phase.from_date)}–{format_date_short(phase.to_date)}", FONT, 7,
            x1 - x0 - 3 * mm))
    for period in programme.periods:
        if period.kind in ("leave", "holiday"):
            canvas.setFillColor(colors.HexColor("#f0a35e" if period.kind == "leave" else "#f3d35b"))
            canvas.rect(px(period.from_date), y - 2.2 * mm, max(px(period.to_date) - px(period.from_date), 1.5),
                        1.6 * mm, stroke=0, fill=1)
    canvas.setStrokeColor(colors.black)
    canvas.setDash(2, 2)
    half = px(programme.halfway)
    canvas.line(half, y - 3 * mm, half, y + 9 * mm)
    canvas.setDash()
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 7)
    canvas.drawString(half + 1 * mm, y - 5.5 * mm,
                      f"{_text(lang, 'halfway')} {format_date_short(programme.halfway)}")
    canvas.drawRightString(x + width, y - 5.5 * mm, f"{_text(lang, 'end')} {format_date_short(end)}")
    canvas.setFillColor(colors.HexColor("#7b1fa2"))
    for evaluation in programme.evaluations:
        ex = px(evaluation.scheduled_date)
        path = canvas.beginPath()
        path.moveTo(ex, y + 9.6 * mm)
        path.lineTo(ex + 1.3 * mm, y + 8.3 * mm)
        path.lineTo(ex, y + 7 * mm)
        path.lineTo(ex - 1.3 * mm, y + 8.3 * mm)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if canvas.stringWidth(candidate, font, size) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _contacts(phase: PlanPhase) -> list[str]:
    seen: dict[str, None] = {}
    for block in phase.blocks:
        parts = [p for p in (block.activity, block.provider, block.contact) if p]
        if block.provider or block.contact:
            seen.setdefault(" · ".join(parts), None)
    return list(seen)


def render_plan(doc: PlanDocument) -> bytes:
    """The plan as PDF bytes: one landscape A4 page per phase."""
    register_fonts()
    lang = doc.written_standard if doc.written_standard in LABELS else "nb"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    canvas.setTitle(_text(lang, "title"))
    canvas.setAuthor(doc.office)
    programme = doc.programme
    phases = programme.phases or (PlanPhase("–", programme.start_date, programme.last_day, ()),)
    categories = LABELS[lang]["categories"]
    assert isinstance(categories, dict)
    for index, phase in enumerate(phases):
        top = PAGE_HEIGHT - MARGIN
        canvas.setFont(FONT_BOLD, 15)
        canvas.setFillColor(colors.black)
        canvas.drawString(MARGIN, top - 5 * mm, _text(lang, "title"))
        canvas.setFont(FONT, 9)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 5 * mm, f"{doc.office} · {format_date_short(doc.created)}")
        canvas.drawString(MARGIN, top - 11 * mm, f"{_text(lang, 'participant')}: {doc.participant}   ·   "
                          f"{_text(lang, 'programme')}: {format_date_short(programme.start_date)}–"
                          f"{format_date_short(programme.last_day)}")
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(MARGIN, top - 18 * mm, _text(lang, "phase", nr=index + 1, antall=len(phases),
                                                        navn=phase.name))
        canvas.setFont(FONT, 9)
        canvas.drawString(MARGIN, top - 23 * mm, _text(
            lang, "weekly", fra=format_date_short(phase.from_date), til=format_date_short(phase.to_date),
            timer=_hours(phase.weekly_hours, lang)))
        grid_width = PAGE_WIDTH - 2 * MARGIN - 78 * mm
        grid_top = top - 27 * mm
        grid_height = grid_top - (MARGIN + 28 * mm)
        _grid(canvas, phase.blocks, lang, MARGIN, grid_top, grid_width, grid_height)
        _timeline(canvas, doc, index, MARGIN, MARGIN + 8 * mm, PAGE_WIDTH - 2 * MARGIN)

        # The right column: hours per category, goals, evaluations and contacts.
        cx = MARGIN + grid_width + 6 * mm
        width = PAGE_WIDTH - MARGIN - cx
        y = grid_top - 2 * mm
        sums: dict[str, Decimal] = {}
        for block in phase.blocks:
            sums[block.category] = sums.get(block.category, Decimal(0)) + block.hours
        for code, hours in sorted(sums.items(), key=lambda item: -item[1]):
            canvas.setFillColor(colors.HexColor(COLOURS.get(code, COLOURS["other"])))
            canvas.rect(cx, y - 1, 3 * mm, 3 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.setFont(FONT, 8)
            canvas.drawString(cx + 4.5 * mm, y, str(categories.get(code, code)))
            canvas.drawRightString(cx + width, y, f"{_hours(hours, lang)} {_text(lang, 'hours')}")
            y -= 4.4 * mm
        y -= 2 * mm
        for heading, lines in (
            (_text(lang, "goals"), _wrap(canvas, programme.goals or _text(lang, "no_goals"), FONT, 8, width)),
            (_text(lang, "evaluations"), [format_date_short(e.scheduled_date) for e in programme.evaluations]),
            (_text(lang, "contacts"), [*([f"{_text(lang, 'caseworker')}: {doc.caseworker}"] if doc.caseworker
                                         else []), *_contacts(phase)]),
        ):
            canvas.setFont(FONT_BOLD, 9)
            canvas.drawString(cx, y, heading)
            y -= 4.2 * mm
            canvas.setFont(FONT, 8)
            if heading == _text(lang, "evaluations"):
                lines = [", ".join(lines[i:i + 4]) for i in range(0, len(lines), 4)]
            for line in lines:
                for part in _wrap(canvas, line, FONT, 8, width):
                    if y < MARGIN + 30 * mm:
                        break
                    canvas.drawString(cx, y, part)
                    y -= 3.6 * mm
            y -= 2.5 * mm
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN - 6 * mm, _text(lang, "holiday_note"))
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 6 * mm, _text(lang, "page", n=index + 1, m=len(phases)))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
