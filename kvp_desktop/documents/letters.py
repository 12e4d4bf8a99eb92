# Kept whole (~680 lines): the letter writer, one body composer per letter kind and the KINDS table; the composers use
# the writer's private helpers.
"""Render letters: a frozen DTO from :mod:`model` + the YAML templates → PDF bytes.

Public API::

    render_letter(letter, lang=None, *, template_dir=None) -> bytes
    sha256(data) -> str
    letter_types() -> tuple[str, ...]
    letter_title(letter_type, lang) -> str

The structure of each letter (which blocks, in which order, under which conditions) is
here; every sentence is in ``resources/letters/<lang>/``. Rendering is deterministic: the
same DTO, language and templates give byte-identical PDFs (fixed timestamps, invariant
mode, no randomness), so the SHA-256 of an issued letter can be checked on a reprint.

Decision letters (vedtak) always end with the blocks forvaltningsloven asks for: the rules
applied, the facts, the main considerations, the right to complain with the three-week
deadline, where to send the complaint and who decides it, the right to see the documents,
utsatt iverksetting, and the case handler's name and contact. The law references come from
``acts.fvl1967`` or ``acts.fvl2025`` in ``common.yaml``, chosen by the decision date and the
in-force date of the 2025 act carried by the DTO.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from kvp_desktop.documents.layout import (
    CONTENT_WIDTH,
    FONT,
    GREY,
    RULE,
    PageDecor,
    PdfMeta,
    Styles,
    build_pdf,
    make_styles,
)
from kvp_desktop.documents.model import (
    WRITTEN_STANDARDS,
    AdvanceNoticeLetter,
    CalculationLine,
    CertificateLetter,
    ExceptionalExtensionLetter,
    ExtensionLetter,
    GrantLetter,
    LeaveLetter,
    Letter,
    NoIndividualPlanLetter,
    PeriodLine,
    ReasonLine,
    RefundLetter,
    RefusalLetter,
    RepaymentLetter,
    StopLetter,
    StopNoticeLetter,
    WrittenStandard,
)
from kvp_desktop.documents.paragraphs import LetterParagraph as Paragraph
from kvp_desktop.documents.templates import LetterTemplates, act_for, load_templates
from kvp_desktop.i18n import format_date as _babel_date
from kvp_desktop.i18n import format_money as _babel_money
from kvp_desktop.i18n import format_number


# Babel's formatting is a noticeable share of a letter's time; a batch repeats the same dates and
# amounts, and the text depends only on the value and the language.
@lru_cache(maxsize=4096)
def format_date(value: dt.date, lang: str) -> str:
    return _babel_date(value, lang)


@lru_cache(maxsize=4096)
def _money_text(amount: str, lang: str) -> str:
    return _babel_money(Decimal(amount), lang)


def format_money(amount: Decimal, lang: str) -> str:
    """``1 234,50 kr`` (keyed by the exact decimal text, so 100 and 100.00 are never confused)."""
    if not isinstance(amount, Decimal):
        return _babel_money(amount, lang)  # refuses it with its own message
    return _money_text(str(amount), lang)


@cache
def _letter_styles() -> Styles:
    """The letter styles, made once: the paragraph caches recognise a style by identity."""
    return make_styles()


def sha256(data: bytes) -> str:
    """Hex SHA-256 of the PDF bytes (stored with an issued letter)."""
    return hashlib.sha256(data).hexdigest()


def letter_types() -> tuple[str, ...]:
    """The letter types, in the order caseworkers meet them."""
    return tuple(KINDS)


def letter_title(letter_type: str, lang: WrittenStandard = "nb") -> str:
    """The title of a letter type in ``lang`` (for menus and lists)."""
    if letter_type not in KINDS:
        raise ValueError(f"Ukjent brevtype: {letter_type}")
    return KINDS[letter_type].title(lang)


def kroner(amount: Decimal, lang: str) -> str:
    """``265 657 kr`` for whole kroner, ``23 224,75 kr`` otherwise (Babel's format_money)."""
    text = format_money(amount, lang)
    if amount == amount.to_integral_value():
        text = text.replace(",00", "", 1)
    return text


@dataclass
class _Writer:
    """Collects flowables for one letter; all text passes through the templates."""

    letter: Letter
    lang: str
    t: LetterTemplates
    styles: Styles
    story: list[Flowable] = field(default_factory=list)

    # --- formatting -------------------------------------------------------------------
    def date(self, value: dt.date) -> str:
        return format_date(value, self.lang)

    def money(self, amount: Decimal) -> str:
        return kroner(amount, self.lang)

    def period(self, start: dt.date, end: dt.date) -> str:
        return self.t.text("labels.period_range", from_date=self.date(start), to_date=self.date(end))

    @property
    def refs(self) -> Mapping[str, str]:
        act = act_for(self.letter.case.decision_date, self.letter.new_fvl_in_force)
        return self.t.mapping(f"acts.{act}")

    def common_params(self) -> dict[str, str]:
        office = self.letter.office
        worker = self.letter.caseworker
        return {
            "office_name": office.name,
            "office_address": ", ".join((*office.address_lines, office.postal_line)),
            "office_phone": office.phone,
            "statsforvalter": (self.t.text("text.statsforvalter", region=office.county) if office.county
                               else self.t.text("text.statsforvalter_unknown")),
            "caseworker_name": worker.name,
            "caseworker_phone": worker.phone or office.phone,
            "caseworker_email": worker.email or office.email,
        }

    # --- blocks -----------------------------------------------------------------------
    def title(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.styles.title))

    def heading(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.styles.heading))

    def para(self, text: str) -> None:
        if text.strip():
            self.story.append(Paragraph(escape(text), self.styles.body))

    def paras(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.para(text)

    def bullets(self, items: Iterable[str]) -> None:
        added = False
        for item in items:
            if item.strip():
                self.story.append(Paragraph(escape(item), self.styles.bullet, bulletText="•"))
                added = True
        if added:
            self.story.append(Spacer(1, 2 * mm))

    def reasons(self, reasons: Sequence[ReasonLine]) -> None:
        for reason in reasons:
            reference = self.t.text("labels.reference", reference=reason.reference)
            markup = f'{escape(reason.text)}<br/><font size="8.5" color="#555555">{escape(reference)}</font>'
            self.story.append(Paragraph(markup, self.styles.bullet, bulletText="•"))
        if reasons:
            self.story.append(Spacer(1, 2 * mm))

    def calculation(self, lines: Sequence[CalculationLine]) -> None:
        if not lines:
            return
        s = self.styles
        rows: list[list[Flowable]] = [[
            Paragraph(escape(self.t.text("labels.description")), s.table_bold),
            Paragraph(escape(self.t.text("labels.basis")), s.table_bold),
            Paragraph(escape(self.t.text("labels.amount")), s.table_right_bold),
        ]]
        for line in lines:
            rows.append([
                Paragraph(escape(line.text), s.table),
                Paragraph(escape(line.basis), s.table),
                Paragraph(escape(format_money(line.amount, self.lang)), s.table_right),
            ])
        self._table(rows, (0.42, 0.36, 0.22))

    def period_table(self, lines: Sequence[PeriodLine]) -> None:
        if not lines:
            return
        s = self.styles
        rows: list[list[Flowable]] = [[
            Paragraph(escape(self.t.text("labels.period")), s.table_bold),
            Paragraph(escape(self.t.text("labels.description")), s.table_bold),
        ]]
        for line in lines:
            rows.append([
                Paragraph(escape(self.period(line.from_date, line.to_date)), s.table),
                Paragraph(escape(line.text), s.table),
            ])
        self._table(rows, (0.36, 0.64))

    def _table(self, rows: list[list[Flowable]], fractions: Sequence[float]) -> None:
        table = Table(rows, colWidths=[CONTENT_WIDTH * f for f in fractions], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, GREY),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]))
        self.story.append(table)
        self.story.append(Spacer(1, 3 * mm))

    # --- the forvaltningsloven parts ------------------------------------------------------
    def justification(self, reasons_intro_key: str, reasons: Sequence[ReasonLine], facts: Sequence[str],
                      considerations: Sequence[str]) -> None:
        """Begrunnelse: reasons with references, facts, main considerations, rules applied."""
        self.heading(self.t.text("headings.reasons"))
        if reasons:
            self.para(self.t.text(reasons_intro_key))
            self.reasons(reasons)
        if facts:
            self.para(self.t.text("text.facts_intro"))
            self.bullets(facts)
        if considerations:
            # A letter type may say what the discretion is about (refusjon: how much is claimed).
            own = self.t.has("considerations_intro")
            self.para(self.t.text("considerations_intro" if own else "text.considerations_intro"))
            self.bullets(considerations)
        self.para(self.t.text("text.rules_intro"))
        self.bullets((*self.t.items("rules"), self.refs["reasons"]))

    def complaint(self, route: str = "statsforvalteren") -> None:
        refs = self.refs
        params = self.common_params()
        self.heading(self.t.text("headings.complaint"))
        self.para(self.t.text("text.complaint", deadline_reference=refs["deadline"]))
        self.para(self.t.text("text.complaint_send", **params))
        self.para(self.t.text(f"text.appeal_{route}", complaint_reference=refs["complaint"], **params))
        self.access()
        self.heading(self.t.text("headings.postponement"))
        self.para(self.t.text("text.postponement", postponement_reference=refs["postponement"]))

    def access(self) -> None:
        self.heading(self.t.text("headings.access"))
        self.para(self.t.text("text.access", access_reference=self.refs["access"]))

    def questions(self) -> None:
        self.heading(self.t.text("headings.questions"))
        self.para(self.t.text("text.questions", **self.common_params()))

    def closing(self, signed_key: str) -> None:
        letter = self.letter
        s = self.styles
        block: list[Flowable] = [
            Spacer(1, 4 * mm),
            Paragraph(escape(self.t.text("text.closing")), s.body),
            Paragraph(escape(letter.office.name), s.body),
            Spacer(1, 2 * mm),
            Paragraph(f"{escape(letter.caseworker.name)}<br/>{escape(letter.caseworker.title)}", s.body),
        ]
        if letter.approver is not None:
            block.append(Paragraph(f"{escape(letter.approver.name)}<br/>{escape(letter.approver.title)}", s.body))
        block.append(Paragraph(escape(self.t.text(signed_key)), s.small))
        self.story.append(KeepTogether(block))


# --- one composer per letter type ---------------------------------------------------------------


def _grant(w: _Writer, letter: GrantLetter) -> None:
    t = w.t
    w.para(t.text("intro", application_date=w.date(letter.application_date)))
    w.heading(t.text("headings.decision"))
    months = t.text("labels.months_one" if letter.duration_months == 1 else "labels.months_many",
                    count=letter.duration_months)
    w.para(t.text("decision", start_date=w.date(letter.start_date), end_date=w.date(letter.end_date),
                  duration=months))
    w.para(t.text("programme", hours=format_number(letter.hours_per_week, w.lang)))
    if letter.programme_summary:
        w.para(t.text("programme_summary_intro"))
        w.bullets(letter.programme_summary)
    w.para(t.text("programme_not_decision"))

    w.heading(t.text("headings.allowance"))
    w.para(t.text("allowance", annual_amount=w.money(letter.annual_amount),
                  monthly_amount=w.money(letter.monthly_amount)))
    if letter.under_25_rate:
        w.para(t.text("allowance_under_25"))
    if letter.children > 0:
        w.para(t.text("child_supplement", children=letter.children,
                      child_rate=w.money(letter.child_supplement_per_day),
                      child_monthly=w.money(letter.child_supplement_monthly)))
    if letter.calculation:
        w.heading(t.text("headings.calculation"))
        w.calculation(letter.calculation)

    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)

    w.heading(t.text("headings.payment"))
    w.para(t.text("payment", payday=letter.payday))
    w.para(t.text("first_payment", first_from=w.date(letter.first_payout_period_from),
                  first_to=w.date(letter.first_payout_period_to),
                  first_payout_date=w.date(letter.first_payout_date)))
    w.para(t.text("tax"))

    w.heading(t.text("headings.reductions"))
    w.bullets(t.items("reductions"))
    w.heading(t.text("headings.duties"))
    w.para(t.text("duties"))
    w.heading(t.text("headings.individual_plan"))
    w.para(t.text("individual_plan"))
    w.complaint()


def _refusal(w: _Writer, letter: RefusalLetter) -> None:
    t = w.t
    w.para(t.text("intro", application_date=w.date(letter.application_date)))
    w.heading(t.text("headings.decision"))
    w.para(t.text("decision"))
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.heading(t.text("headings.other_help"))
    w.para(t.text("other_help"))
    w.complaint(letter.appeal_route)


def _extension(w: _Writer, letter: ExtensionLetter) -> None:
    t = w.t
    w.heading(t.text("headings.decision"))
    w.para(t.text("decision", from_date=w.date(letter.previous_end_date + dt.timedelta(days=1)),
                  new_end_date=w.date(letter.new_end_date),
                  previous_end_date=w.date(letter.previous_end_date)))
    if isinstance(letter, ExceptionalExtensionLetter):
        w.para(t.text("special", new_end_date=w.date(letter.new_end_date)))
    if letter.annual_amount is not None and letter.monthly_amount is not None:
        w.para(t.text("allowance", annual_amount=w.money(letter.annual_amount),
                      monthly_amount=w.money(letter.monthly_amount),
                      from_date=w.date(letter.previous_end_date + dt.timedelta(days=1))))
    else:
        w.para(t.text("allowance_unchanged"))
    w.para(t.text("standing_information"))
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.complaint()


def _stop_notice(w: _Writer, letter: StopNoticeLetter) -> None:
    t = w.t
    w.para(t.text("intro", planned_stop_date=w.date(letter.planned_stop_date)))
    w.heading(t.text("headings.grounds"))
    w.para(t.text("grounds_intro"))
    w.reasons(letter.grounds)
    if letter.facts:
        w.para(t.text("text.facts_intro"))
        w.bullets(letter.facts)
    w.para(t.text("rules_intro"))
    w.bullets((*t.items("rules"), w.refs["notice"]))
    w.heading(t.text("headings.comment"))
    w.para(t.text("comment", comment_deadline=w.date(letter.comment_deadline), **w.common_params()))
    w.para(t.text("no_reply"))
    w.heading(t.text("headings.not_decision"))
    w.para(t.text("not_decision", notice_reference=w.refs["notice"]))
    w.access()


def _advance_notice(w: _Writer, letter: AdvanceNoticeLetter) -> None:
    t = w.t
    w.para(t.text(f"intro.{letter.matter}", amount=w.money(letter.amount),
                  period=w.period(letter.period_from, letter.period_to)))
    w.heading(t.text("headings.grounds"))
    w.para(t.text("grounds_intro"))
    w.reasons(letter.grounds)
    if letter.facts:
        w.para(t.text("text.facts_intro"))
        w.bullets(letter.facts)
    w.para(t.text("rules_intro"))
    w.bullets((*t.items(f"rules.{letter.matter}"), w.refs["notice"]))
    w.heading(t.text("headings.comment"))
    w.para(t.text("comment", comment_deadline=w.date(letter.comment_deadline), **w.common_params()))
    w.para(t.text("no_reply"))
    w.heading(t.text("headings.not_decision"))
    w.para(t.text("not_decision", notice_reference=w.refs["notice"]))
    w.access()


def _stop(w: _Writer, letter: StopLetter) -> None:
    t = w.t
    w.heading(t.text("headings.decision"))
    w.para(t.text("decision", stop_date=w.date(letter.stop_date)))
    if letter.notice_date is not None:
        w.para(t.text("notice", notice_date=w.date(letter.notice_date)))
        if letter.participant_comments.strip():
            w.para(t.text("comments", comments=letter.participant_comments.strip()))
            if letter.comments_assessment.strip():
                w.para(t.text("comments_assessment", assessment=letter.comments_assessment.strip()))
        else:
            w.para(t.text("no_comments"))
    elif letter.notice_exception.strip():
        w.para(t.text("notice_exception", reason=letter.notice_exception.strip(),
                      notice_reference=w.refs["notice"]))
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.heading(t.text("headings.after"))
    w.para(t.text("payment"))
    w.para(t.text("certificate"))
    w.complaint()


def _leave(w: _Writer, letter: LeaveLetter) -> None:
    t = w.t
    params = {"leave_kind": letter.leave_kind, "leave_from": w.date(letter.leave_from),
              "leave_to": w.date(letter.leave_to)}
    w.heading(t.text("headings.decision"))
    if letter.granted:
        w.para(t.text("decision", **params))
        w.para(t.text("with_allowance" if letter.with_allowance else "without_allowance"))
        if letter.new_end_date is not None:
            w.para(t.text("new_end_date", new_end_date=w.date(letter.new_end_date)))
    else:
        w.para(t.text("decision_refused", **params))
        w.para(t.text("refused_absence"))
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.complaint()


def _refund(w: _Writer, letter: RefundLetter) -> None:
    t = w.t
    w.heading(t.text("headings.decision"))
    w.para(t.text("decision", other_benefit=letter.other_benefit, period_from=w.date(letter.period_from),
                  period_to=w.date(letter.period_to), allowance_paid=w.money(letter.allowance_paid),
                  refund_amount=w.money(letter.refund_amount)))
    w.para(t.text("how", paying_body=letter.paying_body))
    if letter.calculation:
        w.heading(t.text("headings.calculation"))
        w.calculation(letter.calculation)
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.complaint()


def _no_plan(w: _Writer, letter: NoIndividualPlanLetter) -> None:
    t = w.t
    if letter.request_date is not None:
        w.para(t.text("intro_request", request_date=w.date(letter.request_date)))
    w.heading(t.text("headings.decision"))
    w.para(t.text("decision"))
    w.para(t.text("meaning"))
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.complaint()


def _repayment(w: _Writer, letter: RepaymentLetter) -> None:
    t = w.t
    w.heading(t.text("headings.decision"))
    w.para(t.text("decision", repayment_amount=w.money(letter.repayment_amount),
                  period_from=w.date(letter.period_from), period_to=w.date(letter.period_to)))
    w.para(t.text("overpaid", overpaid_amount=w.money(letter.overpaid_amount)))
    if letter.calculation:
        w.heading(t.text("headings.calculation"))
        w.calculation(letter.calculation)
    w.heading(t.text("headings.payment"))
    w.para(t.text("payment", payment_deadline=w.date(letter.payment_deadline),
                  payment_account=letter.payment_account))
    if letter.payment_reference:
        w.para(t.text("payment_reference", payment_reference=letter.payment_reference))
    w.para(t.text("payment_questions"))
    w.justification("reasons_intro", letter.reasons, letter.facts, letter.considerations)
    w.complaint()


def _certificate(w: _Writer, letter: CertificateLetter) -> None:
    t = w.t
    s = w.styles
    w.story.append(Paragraph(escape(t.text("subtitle")), s.heading))
    w.para(t.text("intro", participant_name=letter.participant_name,
                  birth_date=w.date(letter.participant_birth_date), office_name=letter.office.name,
                  programme_from=w.date(letter.programme_from), programme_to=w.date(letter.programme_to)))
    w.para(t.text(f"ending.{letter.ending}"))
    if letter.periods:
        w.heading(t.text("headings.periods"))
        w.period_table(letter.periods)
    if letter.content:
        w.heading(t.text("headings.content"))
        w.period_table(letter.content)
    w.heading(t.text("headings.attendance"))
    w.para(t.text("attendance", percent=format_number(letter.attendance_percent, w.lang)))
    if letter.goals_reached:
        w.heading(t.text("headings.goals"))
        w.bullets(letter.goals_reached)
    if letter.progress.strip():
        w.heading(t.text("headings.progress"))
        w.paras(part for part in letter.progress.split("\n\n"))
    if letter.competence:
        w.heading(t.text("headings.competence"))
        w.bullets(letter.competence)
    if letter.participant_statement.strip():
        w.heading(t.text("headings.statement"))
        w.paras(part for part in letter.participant_statement.split("\n\n"))
    w.para(t.text("together"))
    _signatures(w, letter)


def _signatures(w: _Writer, letter: CertificateLetter) -> None:
    s = w.styles
    t = w.t
    labels = (
        t.text("signature_place_date"),
        t.text("signature_participant"),
        t.text("signature_adviser", office_name=letter.office.name),
    )
    names = ("", letter.participant_name, letter.caseworker.name)
    # Three signature columns with empty gap columns between them, so the lines do not touch.
    gap = 8 * mm
    column = (CONTENT_WIDTH - 2 * gap) / 3
    signed: list[Flowable] = [Paragraph(f"{escape(label)}<br/>{escape(name)}", s.table)
                              for label, name in zip(labels, names, strict=True)]
    cells: list[list[Flowable | str]] = [
        ["", "", "", "", ""],
        [signed[0], "", signed[1], "", signed[2]],
    ]
    table = Table(cells, colWidths=[column, gap, column, gap, column], rowHeights=[14 * mm, None],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        *[("LINEABOVE", (col, 1), (col, 1), 0.6, GREY) for col in (0, 2, 4)],
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    w.story.append(KeepTogether([Spacer(1, 6 * mm), table]))


# --- assembling the document ---------------------------------------------------------------------


# --- the letter kinds: one row per kind ---------------------------------------------------------


@dataclass(frozen=True)
class LetterKind:
    """How a kind of letter is written: its document class (``model.py``), its template
    (``resources/letters/<lang>/<key>.yaml``, which also gives the title in bokmål and nynorsk) and
    the composer of its own sections. What a new draft starts with and who may issue it are the
    services' columns of the same table (``services/letters/kinds.py``)."""

    key: str
    document: type[Letter]
    body: Callable[[_Writer, Any], None]

    @property
    def template(self) -> str:
        return self.key

    def title(self, lang: WrittenStandard = "nb") -> str:
        return load_templates(self.template, lang).text("title")


#: Every kind, in the order caseworkers meet them.
KINDS: dict[str, LetterKind] = {kind.key: kind for kind in (
    LetterKind("innvilgelse", GrantLetter, _grant),
    LetterKind("avslag", RefusalLetter, _refusal),
    LetterKind("forlengelse", ExtensionLetter, _extension),
    LetterKind("saerskilt_forlengelse", ExceptionalExtensionLetter, _extension),
    LetterKind("forhandsvarsel_stans", StopNoticeLetter, _stop_notice),
    LetterKind("stans", StopLetter, _stop),
    LetterKind("permisjon", LeaveLetter, _leave),
    LetterKind("refusjon", RefundLetter, _refund),
    LetterKind("ikke_individuell_plan", NoIndividualPlanLetter, _no_plan),
    LetterKind("tilbakebetaling", RepaymentLetter, _repayment),
    LetterKind("forhandsvarsel", AdvanceNoticeLetter, _advance_notice),
    LetterKind("deltakerbevis", CertificateLetter, _certificate),
)}


def _decor(letter: Letter, t: LetterTemplates, lang: str) -> PageDecor:
    office = letter.office
    case = letter.case
    address = ", ".join((*office.address_lines, office.postal_line))
    info: list[tuple[str, str]] = [
        (t.text("labels.date"), format_date(case.decision_date, lang)),
        (t.text("labels.our_reference"), case.journal_number),
    ]
    if case.your_reference:
        info.append((t.text("labels.your_reference"), case.your_reference))
    info.append((t.text("labels.case_number"), case.case_number))
    info.append((t.text("labels.caseworker"), letter.caseworker.name))
    footer_first = [office.name, t.text("labels.postal_address", address=address)]
    if office.visiting_address:
        footer_first.append(t.text("labels.visiting_address", address=office.visiting_address))
    footer_second = [t.text("labels.phone", phone=office.phone), t.text("labels.email", email=office.email),
                     t.text("labels.org_number", org_number=office.org_number)]
    recipient = letter.recipient

    def page_label(page: int, pages: int) -> str:
        return t.text("labels.page", page=page, pages=pages)

    return PageDecor(
        office_name=office.name,
        department=office.department,
        letterhead_text=office.letterhead_text,
        return_address=f"{office.name}, {address}",
        recipient_lines=(recipient.name, *recipient.address_lines, recipient.postal_line),
        info_rows=tuple(info),
        running_head=t.text("labels.running_head", office=office.name, reference=case.journal_number),
        footer_lines=("  ·  ".join(footer_first), "  ·  ".join(footer_second)),
        page_label=page_label,
    )


def _compose(w: _Writer) -> None:
    letter = w.letter
    kind = KINDS.get(letter.letter_type)
    if kind is None or not isinstance(letter, kind.document):
        raise TypeError(f"Ukjent brev: {type(letter).__name__}")
    kind.body(w, letter)


def render_letter(letter: Letter, lang: WrittenStandard | None = None, *,
                  template_dir: Path | None = None) -> bytes:
    """Render ``letter`` to PDF bytes in ``lang`` (default: the office's written standard).

    ``template_dir`` is an office's folder of template overrides (see :mod:`templates`).
    """
    language = lang or letter.office.written_standard
    if language not in WRITTEN_STANDARDS:
        raise ValueError(f"Ukjent målform: {language}")
    t = load_templates(letter.letter_type, language, template_dir)
    writer = _Writer(letter=letter, lang=language, t=t, styles=_letter_styles())
    title = t.text("title_refused") if isinstance(letter, LeaveLetter) and not letter.granted else t.text("title")
    if isinstance(letter, AdvanceNoticeLetter):
        title = t.text(f"titles.{letter.matter}")
    writer.title(title)
    _compose(writer)
    if letter.is_decision:
        writer.questions()
        writer.closing("text.signed_electronically")
    elif isinstance(letter, StopNoticeLetter | AdvanceNoticeLetter):
        writer.questions()
        writer.closing("text.signed_electronically_notice")
    meta = PdfMeta(
        title=title,
        author=letter.office.name,
        subject=t.text("subject"),
        keywords=(letter.letter_type, letter.case.case_number),
        lang=t.text("language_tag"),
        created=letter.case.decision_date,
    )
    return build_pdf(writer.story, _decor(letter, t, language), meta)
