"""Payout specification (per participant per run) and run summary as PDF.

Reuses the letter engine's page layout and fonts (:mod:`documents.layout`): the specification
goes in a window envelope like a letter, in the office's written standard (bokmål or nynorsk).
Each line shows what was paid and why: the component, its basis (the arithmetic) and the legal
reference; back-pay and corrections name the period they concern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kvp_desktop.documents.layout import (
    CONTENT_WIDTH,
    FONT_BOLD,
    PageDecor,
    PdfMeta,
    Styles,
    build_pdf,
    make_styles,
)
from kvp_desktop.i18n import N_, format_date, format_date_short, format_money, format_number, translate

# --- what the specification is made from: the documents layer's own types ------------------------
# The payout service's read records (``services/payouts/views.py``) have these attributes, so they are
# passed as they are; this module imports no service.


class Office(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def postcode(self) -> str: ...
    @property
    def postplace(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def org_number(self) -> str: ...


class RunView(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def period_from(self) -> dt.date: ...
    @property
    def period_to(self) -> dt.date: ...
    @property
    def state(self) -> str: ...  # draft | approved | exported | paid
    @property
    def created_by(self) -> str: ...
    @property
    def approved_by(self) -> str: ...
    @property
    def approved_at(self) -> dt.datetime | None: ...


class LedgerLine(Protocol):
    @property
    def person_id(self) -> int: ...
    @property
    def person_name(self) -> str: ...
    @property
    def masked_id(self) -> str: ...
    @property
    def text(self) -> str: ...  # a bokmål msgid, translated here
    @property
    def reference(self) -> str: ...
    @property
    def basis(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def period_from(self) -> dt.date | None: ...
    @property
    def period_to(self) -> dt.date | None: ...
    @property
    def correction_reason(self) -> str: ...


class Specification(Protocol):
    """Everything the payout specification PDF shows for one participant in one run."""

    @property
    def office(self) -> Office: ...
    @property
    def run(self) -> RunView: ...
    @property
    def person_name(self) -> str: ...
    @property
    def address_lines(self) -> tuple[str, ...]: ...
    @property
    def bank_account(self) -> str: ...
    @property
    def lines(self) -> Sequence[LedgerLine]: ...
    @property
    def lang(self) -> str: ...
    @property
    def absence_days(self) -> Sequence[tuple[dt.date, Decimal]]: ...  # invalid absence deducted, per day


#: The run's state as the summary names it (the same message ids as the Utbetalinger tab).
RUN_STATES: dict[str, str] = {
    "draft": N_("Utkast"),
    "approved": N_("Godkjent"),
    "exported": N_("Eksportert"),
    "paid": N_("Utbetalt"),
}

LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Utbetaling av kvalifiseringsstønad for {periode}",
        "intro": "Her er en oversikt over hva du får utbetalt for {periode}, og hvordan beløpet er beregnet. "
                 "Stønaden utbetales etterskuddsvis på grunnlag av registrert oppmøte (sosialtjenesteloven § 39).",
        "component": "Hva", "basis": "Grunnlag", "reference": "Hjemmel", "amount": "Beløp",
        "total": "Til utbetaling (brutto)",
        "tax": "Stønaden er skattepliktig. Skattetrekk gjøres av kommunens lønnsavdeling.",
        "account": "Beløpet betales til konto {konto}.",
        "no_account": "Vi har ikke registrert et kontonummer for deg. Kontakt oss.",
        "questions": "Har du spørsmål om utbetalingen, kan du kontakte oss. Du kan klage på beregningen til "
                     "NAV-kontoret.",
        "date": "Dato", "run": "Kjøring", "period": "Periode", "page": "Side {n} av {m}",
        "earlier": "gjelder {periode}", "reason": "Årsak: {grunn}",
        "summary_title": "Utbetalingskjøring {kjoring}", "participants": "Deltakere", "lines": "Linjer",
        "state": "Status", "made_by": "Laget av", "approved_by": "Godkjent av", "person": "Deltaker",
        "summary_total": "Sum for kjøringen",
        "draft": "UTKAST",
        "draft_title": "UTKAST – ",
        "draft_note": "UTKAST: Kjøringen er ikke godkjent. Beløpene kan endre seg, og ingenting er utbetalt ennå.",
        "absence_title": "Ugyldig fravær som er trukket", "absence_day": "Dag", "absence_hours": "Timer",
        "absence_total": "Sum timer",
    },
    "nn": {
        "title": "Utbetaling av kvalifiseringsstønad for {periode}",
        "intro": "Her er ei oversikt over kva du får utbetalt for {periode}, og korleis beløpet er rekna ut. "
                 "Stønaden blir utbetalt etterskotsvis på grunnlag av registrert oppmøte (sosialtenestelova § 39).",
        "component": "Kva", "basis": "Grunnlag", "reference": "Heimel", "amount": "Beløp",
        "total": "Til utbetaling (brutto)",
        "tax": "Stønaden er skattepliktig. Skattetrekk blir gjort av lønsavdelinga i kommunen.",
        "account": "Beløpet blir betalt til konto {konto}.",
        "no_account": "Vi har ikkje registrert eit kontonummer for deg. Kontakt oss.",
        "questions": "Har du spørsmål om utbetalinga, kan du kontakte oss. Du kan klage på utrekninga til "
                     "NAV-kontoret.",
        "date": "Dato", "run": "Køyring", "period": "Periode", "page": "Side {n} av {m}",
        "earlier": "gjeld {periode}", "reason": "Årsak: {grunn}",
        "summary_title": "Utbetalingskøyring {kjoring}", "participants": "Deltakarar", "lines": "Linjer",
        "state": "Status", "made_by": "Laga av", "approved_by": "Godkjend av", "person": "Deltakar",
        "summary_total": "Sum for køyringa",
        "draft": "UTKAST",
        "draft_title": "UTKAST – ",
        "draft_note": "UTKAST: Køyringa er ikkje godkjend. Beløpa kan endre seg, og ingenting er utbetalt enno.",
        "absence_title": "Ugyldig fråvær som er trekt", "absence_day": "Dag", "absence_hours": "Timar",
        "absence_total": "Sum timar",
    },
}


def _period(start: dt.date, end: dt.date, lang: str) -> str:
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and start.month == end.month:
        return format_date(start, lang).split(" ", 1)[1]  # "mai 2026"
    return f"{format_date_short(start)}–{format_date_short(end)}"


def _decor(office: Office, recipient: Sequence[str], info: Sequence[tuple[str, str]], lang: str) -> PageDecor:
    labels = LABELS[lang]
    footer = (
        " · ".join(x for x in (office.name, office.department, office.address,
                              f"{office.postcode} {office.postplace}".strip()) if x),
        " · ".join(x for x in (office.phone and f"Telefon {office.phone}", office.email,
                              office.org_number and f"Org.nr. {office.org_number}") if x),
    )
    return PageDecor(
        office_name=office.name, department=office.department, letterhead_text="",
        return_address=", ".join(x for x in (office.name, office.address,
                                             f"{office.postcode} {office.postplace}".strip()) if x),
        recipient_lines=tuple(recipient), info_rows=tuple(info), running_head=office.name,
        footer_lines=footer, page_label=lambda n, m: labels["page"].format(n=n, m=m),
    )


def _line_table(lines: Sequence[LedgerLine], run: RunView, lang: str, styles: Styles) -> Table:
    labels = LABELS[lang]
    data: list[list[Flowable | str]] = [[
        Paragraph(labels["component"], styles.table_bold), Paragraph(labels["basis"], styles.table_bold),
        Paragraph(labels["reference"], styles.table_bold), Paragraph(labels["amount"], styles.table_right_bold),
    ]]
    for line in lines:
        basis = escape(line.basis)
        if line.period_from and (line.period_from, line.period_to) != (run.period_from, run.period_to):
            assert line.period_to is not None
            basis += "<br/>" + escape(labels["earlier"].format(periode=_period(line.period_from, line.period_to,
                                                                               lang)))
        if line.correction_reason:
            basis += "<br/>" + escape(labels["reason"].format(grunn=line.correction_reason))
        data.append([
            Paragraph(escape(translate(line.text, lang)), styles.table), Paragraph(basis, styles.table),
            Paragraph(escape(line.reference), styles.table),
            Paragraph(format_money(line.amount, lang), styles.table_right),
        ])
    total = sum((line.amount for line in lines), Decimal("0.00"))
    data.append([Paragraph(labels["total"], styles.table_bold), "", "",
                 Paragraph(format_money(total, lang), styles.table_right_bold)])
    table = Table(data, colWidths=[40 * mm, CONTENT_WIDTH - 40 * mm - 42 * mm - 26 * mm, 42 * mm, 26 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("SPAN", (0, -1), (2, -1)),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


class _DraftMark(Flowable):
    """«UTKAST» across the page (drawn in page coordinates), for a run not yet approved."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        x0, y0 = canvas.absolutePosition(0, 0)
        canvas.saveState()
        canvas.translate(-x0, -y0)
        canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
        canvas.setFont(FONT_BOLD, 110)
        canvas.translate(105 * mm, 140 * mm)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, self.text)
        canvas.restoreState()


def _account(number: str) -> str:
    return f"{number[:4]}.{number[4:6]}.{number[6:]}" if len(number) == 11 and number.isdigit() else number


def payout_specification_pdf(spec: Specification, created: dt.date) -> bytes:
    """The participant's specification of one run: every line with its basis and reference."""
    lang = spec.lang if spec.lang in LABELS else "nb"
    labels = LABELS[lang]
    styles = make_styles()
    period = _period(spec.run.period_from, spec.run.period_to, lang)
    draft = spec.run.state == "draft"  # a run not yet approved (four eyes) is never a payout
    title = (labels["draft_title"] if draft else "") + labels["title"].format(periode=period)
    story: list[Flowable] = [
        *([_DraftMark(labels["draft"])] if draft else []),
        Paragraph(escape(title), styles.title),
        *([Paragraph(f"<b>{escape(labels['draft_note'])}</b>", styles.body)] if draft else []),
        Paragraph(escape(labels["intro"].format(periode=period)), styles.body),
        Spacer(1, 3 * mm),
        _line_table(spec.lines, spec.run, lang, styles),
        *_absence_table(spec, lang, styles),
        Spacer(1, 5 * mm),
        Paragraph(escape(labels["account"].format(konto=_account(spec.bank_account)) if spec.bank_account
                         else labels["no_account"]), styles.body),
        Paragraph(escape(labels["tax"]), styles.body),
        Paragraph(escape(labels["questions"]), styles.body),
    ]
    decor = _decor(spec.office, (spec.person_name, *spec.address_lines),
                   ((labels["date"], format_date_short(created)), (labels["run"], spec.run.label),
                    (labels["period"], period)), lang)
    meta = PdfMeta(title=title, author=spec.office.name,
                   subject="Kvalifiseringsstønad", keywords=("kvalifiseringsstønad", spec.run.label),
                   lang="nn-NO" if lang == "nn" else "nb-NO", created=created)
    return build_pdf(story, decor, meta)


def run_summary_pdf(
    office: Office, run: RunView, lines: Sequence[LedgerLine], created: dt.date, lang: str = "nb"
) -> bytes:
    """The run for the office's records: totals per participant, the run total, who made and approved it."""
    labels = LABELS[lang if lang in LABELS else "nb"]
    styles = make_styles()
    per_person: dict[int, tuple[str, str, Decimal, int]] = {}
    for line in lines:
        name, masked, total, count = per_person.get(line.person_id, (line.person_name, line.masked_id,
                                                                      Decimal("0.00"), 0))
        per_person[line.person_id] = (name, masked, total + line.amount, count + 1)
    data: list[list[Flowable | str]] = [[
        Paragraph(labels["person"], styles.table_bold), Paragraph(labels["lines"], styles.table_right_bold),
        Paragraph(labels["amount"], styles.table_right_bold)]]
    for name, masked, total, count in per_person.values():
        data.append([Paragraph(escape(f"{name} ({masked})"), styles.table), Paragraph(str(count), styles.table_right),
                     Paragraph(format_money(total, lang), styles.table_right)])
    run_total = sum((x[2] for x in per_person.values()), Decimal("0.00"))
    data.append([Paragraph(labels["summary_total"], styles.table_bold), Paragraph(str(len(lines)),
                 styles.table_right_bold), Paragraph(format_money(run_total, lang), styles.table_right_bold)])
    table = Table(data, colWidths=[CONTENT_WIDTH - 50 * mm, 18 * mm, 32 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black), ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    facts = [
        f"{labels['period']}: {_period(run.period_from, run.period_to, lang)}",
        f"{labels['state']}: {translate(RUN_STATES.get(run.state, run.state), lang)}",
        f"{labels['participants']}: {len(per_person)}",
        f"{labels['made_by']}: {run.created_by or '–'}",
        f"{labels['approved_by']}: {run.approved_by or '–'}"
        + (f" ({format_date_short(run.approved_at.date())})" if run.approved_at else ""),
    ]
    story: list[Flowable] = [
        Paragraph(escape(labels["summary_title"].format(kjoring=run.label)), styles.title),
        *[Paragraph(escape(fact), styles.body) for fact in facts],
        Spacer(1, 3 * mm), table,
    ]
    decor = _decor(office, (office.name, office.department), ((labels["date"], format_date_short(created)),
                                                              (labels["run"], run.label)), lang)
    meta = PdfMeta(title=labels["summary_title"].format(kjoring=run.label), author=office.name,
                   subject="Utbetalingskjøring", keywords=("kvalifiseringsstønad", run.label),
                   lang="nn-NO" if lang == "nn" else "nb-NO", created=created)
    return build_pdf(story, decor, meta)


def _absence_table(spec: Specification, lang: str, styles: Styles) -> list[Flowable]:
    """The days and hours of invalid absence deducted (stl. § 36), line by line."""
    if not spec.absence_days:
        return []
    labels = LABELS[lang]
    data: list[list[Flowable | str]] = [[Paragraph(labels["absence_day"], styles.table_bold),
                                         Paragraph(labels["absence_hours"], styles.table_right_bold)]]
    for day, hours in spec.absence_days:
        data.append([Paragraph(escape(format_date(day, lang)), styles.table),
                     Paragraph(format_number(hours, lang), styles.table_right)])
    total = sum((hours for _day, hours in spec.absence_days), Decimal(0))
    data.append([Paragraph(labels["absence_total"], styles.table_bold),
                 Paragraph(format_number(total, lang), styles.table_right_bold)])
    table = Table(data, colWidths=[60 * mm, 26 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black), ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return [Spacer(1, 4 * mm), Paragraph(f"<b>{escape(labels['absence_title'])}</b>", styles.body), table]
