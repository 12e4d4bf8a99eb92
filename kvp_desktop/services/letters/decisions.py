"""Decisions and certificates: drafts from the data, edit, preview, issue, reprint, send.

One function per caseworker job (see ``docs/letters.md``, section «Vedtak i saken»):

* make a draft: :func:`create_draft` (any letter type, defaults from the database),
  :func:`create_grant_draft` / :func:`create_refusal_draft` (from a concluded screening),
  ``certificates.create_certificate_draft`` (deltakerbevis);
* :func:`draft_form` / :func:`update_draft` — the fields the caseworker may change, as text;
* :func:`preview` — render without issuing;
* :func:`issue` / :func:`issue_batch` — render, store the PDF bytes and their SHA-256, freeze the
  row (the database triggers of migration 0001 refuse any later change);
* :func:`reprint` / :func:`reprint_batch` — the stored bytes, byte-identical; :func:`mark_sent`;
* :func:`documents_for_person` — all letters of a person with their state;
* :func:`template_preview` — any letter type with the office's settings and a sample case.

Documents live in two tables (``decisions`` and ``certificates``); a :class:`DocumentRef` names one.
The in-force date of the new forvaltningsloven comes from the dated parameter
``public_administration_act`` (shipped value laid over by the office's local value in Settings):
the first date whose value is ``2025``. ``OfficeSettings.fvl_2025_in_force`` is not read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.documents.letters import letter_title, render_letter, sha256
from kvp_desktop.documents.model import (
    LETTER_TYPES,
    NOTICE_MATTERS,
    WRITTEN_STANDARDS,
    CalculationLine,
    CaseRef,
    Caseworker,
    Letter,
    OfficeInfo,
    ReasonLine,
    Recipient,
    StopLetter,
    WrittenStandard,
)
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.i18n import N_, _, format_date, format_number, translate
from kvp_desktop.money import ZERO, round_ore
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import administrative_act, calendar, rates, statsforvalter
from kvp_desktop.rules import programme as programme_rules
from kvp_desktop.rules import refund as refund_rules
from kvp_desktop.rules.grant_calculation import grant_calculation
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, allowed, require
from kvp_desktop.services.letters import content as content_
from kvp_desktop.services.letters.decision_drafts import GrantDraftInput, RefusalDraftInput
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.store.models import (
    Application,
    Attendance,
    Certificate,
    Child,
    Decision,
    OfficeSettings,
    Person,
    Programme,
    Recovery,
    RefundClaim,
    Screening,
    User,
)

Table = Literal["decision", "certificate"]

STATES: dict[str, str] = {"draft": N_("Utkast"), "issued": N_("Fattet"), "sent": N_("Sendt")}
CERTIFICATE_STATES: dict[str, str] = {"draft": N_("Utkast"), "issued": N_("Utstedt"), "sent": N_("Utlevert")}


@dataclass(frozen=True, order=True)
class DocumentRef:
    """A letter: a row in ``decisions`` or in ``certificates``."""

    table: Table
    id: int


@dataclass(frozen=True)
class DocumentView:
    ref: DocumentRef
    letter_type: str
    title: str
    state: str  # draft | issued | sent
    state_label: str
    written_standard: str
    date: dt.date | None  # the letter date once issued; None for a draft
    created: dt.date
    issued_at: dt.datetime | None
    sha256: str | None
    recipient_overridden: bool
    has_pdf: bool = False


@dataclass(frozen=True)
class RecipientView:
    name: str
    address_lines: tuple[str, ...]
    postal_code: str
    postal_place: str
    overridden: bool


@dataclass(frozen=True)
class DraftField:
    name: str
    label: str
    kind: str
    required: bool
    value: str


@dataclass(frozen=True)
class DraftForm:
    ref: DocumentRef
    letter_type: str
    title: str
    state: str
    written_standard: str
    recipient: RecipientView
    fields: tuple[DraftField, ...]


@dataclass(frozen=True)
class RecipientOverride:
    """Send the letter to someone else than the register address (guardian, lawyer)."""

    name: str
    address_lines: tuple[str, ...]
    postal_code: str
    postal_place: str


@dataclass(frozen=True)
class DraftChanges:
    """What the caseworker changed in a draft. ``fields`` maps a field name to its editor text."""

    fields: Mapping[str, str] = field(default_factory=dict)
    written_standard: str | None = None
    recipient: RecipientOverride | None = None
    clear_recipient: bool = False


@dataclass(frozen=True)
class IssuedDocument:
    ref: DocumentRef
    letter_type: str
    sha256: str
    issued_at: dt.datetime
    decision_date: dt.date
    pdf: bytes = field(repr=False)


# --- permissions ---------------------------------------------------------------------------------


def _require_read(ctx: AppContext) -> None:
    """Reading a person's letters: the caseworker roles and the leader."""
    if not (allowed(ctx, Permission.ISSUE_DECISION) or allowed(ctx, Permission.REVIEW_PORTFOLIO)):
        require(ctx, Permission.ISSUE_DECISION)


def _require_draft(ctx: AppContext) -> None:
    """Making a draft from a concluded screening needs either permission."""
    if not allowed(ctx, Permission.CONCLUDE_SCREENING):
        require(ctx, Permission.ISSUE_DECISION)


# --- a row of either table -----------------------------------------------------------------------


class _Doc:
    """The common view of a ``Decision`` or ``Certificate`` row."""

    def __init__(self, session: Session, row: Decision | Certificate) -> None:
        self.session = session
        self.row = row
        if isinstance(row, Decision):
            self.table: Table = "decision"
            self.person_id = row.person_id
            self.letter_type = row.kind
            self.application_id = row.application_id
            self.programme_id = row.programme_id
        else:
            self.table = "certificate"
            programme = session.get(Programme, row.programme_id)
            assert programme is not None
            self.person_id = programme.person_id
            self.letter_type = "deltakerbevis"
            self.application_id = programme.application_id
            self.programme_id = row.programme_id

    @property
    def ref(self) -> DocumentRef:
        return DocumentRef(self.table, self.row.id)

    @property
    def content(self) -> dict[str, Any]:
        return dict(self.row.content or {})

    @property
    def state(self) -> str:
        return self.row.state

    @property
    def written_standard(self) -> WrittenStandard:
        value = self.row.written_standard if isinstance(self.row, Decision) else self.content.get("written_standard")
        return "nn" if value == "nn" else "nb"

    @property
    def decision_date(self) -> dt.date | None:
        if isinstance(self.row, Decision):
            return self.row.decision_date if self.row.state != "draft" else None
        raw = self.content.get("date")
        return dt.date.fromisoformat(raw) if raw and self.row.state != "draft" else None

    @property
    def created_by_id(self) -> int | None:
        if isinstance(self.row, Decision):
            return self.row.created_by_id
        value = self.content.get("created_by_id")
        return int(value) if value is not None else None

    def set_content(self, data: dict[str, Any]) -> None:
        self.row.content = data  # a new dict, so the JSON column is marked changed

    def set_written_standard(self, lang: str) -> None:
        if isinstance(self.row, Decision):
            self.row.written_standard = lang
        else:
            data = self.content
            data["written_standard"] = lang
            self.set_content(data)


def _load(session: Session, ref: DocumentRef) -> _Doc:
    row: Decision | Certificate | None
    if ref.table == "decision":
        row = session.get(Decision, ref.id)
    elif ref.table == "certificate":
        row = session.get(Certificate, ref.id)
    else:
        row = None
    if row is None:
        raise NotFoundError(_("Fant ikke brevet (det kan være slettet)."))
    return _Doc(session, row)


def _no_pdf_message() -> str:
    return _("Vedtaket er registrert som fattet, men brevet ble ikke laget i KVP Desktop. Det finnes ingen "
             "lagret PDF å vise eller skrive ut.")


def _require_draft_state(doc: _Doc) -> None:
    if doc.state != "draft":
        if doc.table == "certificate":
            raise ServiceError(_("Deltakerbeviset er utstedt og kan ikke endres. Lag et nytt utkast om noe må rettes."))
        raise ServiceError(_("Vedtaket er fattet og kan ikke endres. Lag et nytt vedtak om noe må rettes."))


# --- office, recipient, case handler, case reference -----------------------------------------------


def _office_row(session: Session) -> OfficeSettings:
    row = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
    if row is None:
        raise ServiceError(_("Kontoret er ikke satt opp ennå. Fyll inn kontoopplysningene under Innstillinger."))
    return row


def _org_number(raw: str) -> str:
    digits = "".join(ch for ch in raw if ch.isdigit())
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 9 else raw


def office_info(session: Session, lang: WrittenStandard | None = None) -> OfficeInfo:
    """The office's letterhead from Settings (name, address). The Statsforvalter that decides
    complaints is mapped from the office's kommunenummer (``rules.statsforvalter``, stl. § 48);
    the free-text county in Settings is not used in letters."""
    row = _office_row(session)
    standard: WrittenStandard = lang or ("nn" if row.written_standard == "nn" else "nb")
    municipality = f"{row.municipality_name} kommune"
    return OfficeInfo(
        name=row.office_name,
        department=row.department,
        address_lines=(row.address,) if row.address else (),
        postal_code=row.postcode,
        postal_place=row.postplace,
        phone=row.phone,
        email=row.email,
        org_number=_org_number(row.org_number),
        municipality=municipality,
        county=statsforvalter.region_for(row.municipality_number) or "",
        written_standard=standard,
        letterhead_text=municipality,
    )


def new_fvl_in_force(params: ParameterSet) -> dt.date | None:
    """The first date the dated parameter ``public_administration_act`` says «2025» (rules)."""
    return administrative_act.new_act_in_force(params)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("Fant ikke personen (id {id}).", id=person_id))
    return person


def _recipient(person: Person, data: Mapping[str, Any]) -> tuple[Recipient, bool]:
    override = data.get("recipient")
    if override:
        return Recipient(name=override["name"], address_lines=tuple(override["address_lines"]),
                         postal_code=override["postal_code"], postal_place=override["postal_place"]), True
    return Recipient(name=f"{person.first_name} {person.last_name}",
                     address_lines=(person.address,) if person.address else (),
                     postal_code=person.postcode, postal_place=person.postplace), False


def _caseworker(session: Session, user_id: int | None, fallback: AppContext) -> Caseworker:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        return Caseworker(name=fallback.user.full_name, title="")
    return Caseworker(name=user.full_name, title=user.title, phone=user.phone, email=user.email)


def _case_ref(session: Session, doc: _Doc, person: Person, letter_date: dt.date) -> CaseRef:
    prefix = "D" if doc.table == "certificate" else ""
    journal = f"{person.journal_number or person.id}-{prefix}{doc.row.id}"
    if doc.application_id is not None:
        application = session.get(Application, doc.application_id)
        year = application.registered_date.year if application else letter_date.year
        case_number = f"KVP-{year}-{doc.application_id:04d}"
    elif doc.programme_id is not None:
        case_number = f"KVP-P-{doc.programme_id:04d}"
    else:
        case_number = f"KVP-{person.journal_number or person.id}"
    return CaseRef(journal_number=journal, case_number=case_number, decision_date=letter_date)


def _compose(ctx: AppContext, doc: _Doc, letter_date: dt.date, approver_id: int | None = None) -> Letter:
    """The letter DTO of a draft as it would be issued on ``letter_date``."""
    session = doc.session
    lang = doc.written_standard
    person = _person(session, doc.person_id)
    data = doc.content
    recipient, _overridden = _recipient(person, data)
    caseworker_id = doc.created_by_id or person.caseworker_id
    approver = None
    if approver_id is not None and approver_id != caseworker_id:
        approver = _caseworker(session, approver_id, ctx)
    base = {
        "office": office_info(session, lang),
        "recipient": recipient,
        "caseworker": _caseworker(session, caseworker_id, ctx),
        "case": _case_ref(session, doc, person, letter_date),
        "approver": approver,
        "new_fvl_in_force": new_fvl_in_force(office_parameters(session)),
    }
    fields = content_.fields_from_json(doc.letter_type, data.get("fields", {}))
    try:
        return content_.build_letter(doc.letter_type, base, fields)
    except TypeError as exc:  # a field missing: the draft was made by an older program
        raise ServiceError(_("Utkastet mangler opplysninger. Lag et nytt utkast.")) from exc


# --- default content per letter type --------------------------------------------------------------


@dataclass
class _Gen:
    """What a default-content generator gets."""

    ctx: AppContext
    session: Session
    person: Person
    lang: WrittenStandard
    today: dt.date
    source: dict[str, Any]

    @property
    def params(self) -> ParameterSet:
        return office_parameters(self.session)

    def t(self, key: str, **params: object) -> str:
        return content_.case_text(self.lang, key, **params)

    def date(self, day: dt.date) -> str:
        return format_date(day, self.lang)

    def ref(self, key: str) -> str:
        return self.t(f"refs.{key}")

    def programme(self) -> Programme:
        programme_id = self.source.get("programme_id")
        programme = self.session.get(Programme, programme_id) if programme_id else None
        if programme is None or programme.person_id != self.person.id:
            raise ValidationError({"programme": _("Personen har ikke noe kvalifiseringsprogram å skrive om.")})
        return programme

    def application(self) -> Application | None:
        application_id = self.source.get("application_id")
        return self.session.get(Application, application_id) if application_id else None


def _latest_programme(session: Session, person_id: int) -> Programme | None:
    return session.scalars(
        select(Programme).where(Programme.person_id == person_id)
        .order_by(Programme.start_date.desc(), Programme.id.desc()).limit(1)
    ).first()


def _latest_application(session: Session, person_id: int) -> Application | None:
    return session.scalars(
        select(Application).where(Application.person_id == person_id)
        .order_by(Application.registered_date.desc(), Application.id.desc()).limit(1)
    ).first()


def _application_facts(g: _Gen, application: Application | None, work_ability: bool = True) -> list[str]:
    facts = []
    if application is not None:
        facts.append(g.t("facts.application", date=g.date(application.registered_date)))
        if application.work_ability_assessment_date and work_ability:
            facts.append(g.t("facts.work_ability", date=g.date(application.work_ability_assessment_date)))
    return facts


def _supported_children(session: Session, person_id: int, on: dt.date) -> int:
    rows = session.scalars(select(Child).where(Child.person_id == person_id, Child.supported.is_(True))).all()
    return sum(1 for child in rows if child.birth_date <= on < calendar.anniversary(child.birth_date, 18))


def _amounts(g: _Gen, on: dt.date) -> tuple[Decimal, Decimal, bool]:
    """Annual and monthly allowance on ``on`` and whether the under-25 rate applies (stl. § 35)."""
    params = g.params
    annual = rates.annual_rate(g.person.birth_date, on, params)
    months = params.integer("months_per_year", on)
    return annual, round_ore(annual / months), not rates.is_full_rate(g.person.birth_date, on, params)


def _grant_fields(g: _Gen) -> dict[str, Any]:
    src = g.source
    start = dt.date.fromisoformat(src["proposed_start"])
    end = dt.date.fromisoformat(src["first_period_to"])
    application = g.application()
    params = g.params
    # The arithmetic is the rules' (rules.grant_calculation); here it is only put into words.
    calc = grant_calculation(g.person.birth_date, start, _supported_children(g.session, g.person.id, start), params)
    annual, monthly, under_25, children = calc.annual, calc.monthly, calc.under_25, calc.children
    child_rate, child_month = calc.child_rate, calc.child_month
    factor = format_number(calc.factor, g.lang)
    share = f"{calc.under_25_share.numerator}/{calc.under_25_share.denominator}"
    basis = (g.t("calculation.annual_basis_under_25", share=share, factor=factor) if under_25
             else g.t("calculation.annual_basis", factor=factor))
    calculation = [
        CalculationLine(text=g.t("calculation.g", date=g.date(calc.g_from)), basis=g.t("calculation.g_basis"),
                        amount=calc.g),
        CalculationLine(text=g.t("calculation.annual"), basis=basis, amount=annual),
        CalculationLine(text=g.t("calculation.monthly"), basis=f"{_kr(annual, g.lang)} ÷ {calc.months_per_year}",
                        amount=monthly),
    ]
    if children:
        calculation += [
            CalculationLine(text=g.t("calculation.child_year"),
                            basis=g.t("calculation.child_basis", rate=_kr(child_rate, g.lang), count=children,
                                      days=calc.days_per_year), amount=calc.child_year),
            CalculationLine(text=g.t("calculation.child_month"),
                            basis=f"{_kr(calc.child_year, g.lang)} ÷ {calc.months_per_year}", amount=child_month),
        ]
    facts = _application_facts(g, application)
    if children:
        facts.append(g.t("facts.children", count=children))
    facts += [str(f) for f in src.get("facts", ())]
    reasons = [ReasonLine(text=_tr(text, g.lang), reference=content_.law_reference(ref, g.lang))
               for text, ref in src.get("reasons", ())]
    if not reasons:
        reasons = _met_criteria(g, application)
    if not reasons:
        reasons = [ReasonLine(text=g.t("facts.screening"), reference=g.ref("grant"))]
    first_to = min(end, calendar.month_end(start.year, start.month))
    payday = _office_row(g.session).payday
    next_month = calendar.first_of_next_month(start)
    first_payout = dt.date(next_month.year, next_month.month, min(payday, 28))
    weekly = params.decimal("weekly_hours", start)
    months = 1
    while calendar.add_months(start, months + 1) - dt.timedelta(days=1) <= end:
        months += 1
    programme = _latest_programme(g.session, g.person.id)
    summary: tuple[str, ...] = ()
    if programme is not None and programme.application_id == src.get("application_id"):
        summary = tuple(phase.name for phase in programme.phases)
    return {
        "facts": tuple(facts),
        "reasons": tuple(reasons),
        "considerations": _paragraphs(src.get("considerations", "")),
        "application_date": application.registered_date if application else g.today,
        "start_date": start,
        "end_date": end,
        "duration_months": max(1, months),
        "hours_per_week": weekly,
        "annual_amount": annual,
        "monthly_amount": monthly,
        "under_25_rate": under_25,
        "children": children,
        "child_supplement_per_day": child_rate,
        "child_supplement_monthly": child_month,
        "calculation": tuple(calculation),
        "first_payout_period_from": start,
        "first_payout_period_to": first_to,
        "first_payout_date": first_payout,
        "payday": payday,
        "programme_summary": summary,
    }


def _tr(text: str, lang: str) -> str:
    """A text from the screening in the letter's standard when the catalogs know it.

    An empty text stays empty: gettext would answer an empty message id with the catalog header.
    """
    stripped = text.strip()
    return translate(stripped, lang) if stripped else ""


def _kr(amount: Decimal, lang: str) -> str:
    from kvp_desktop.documents.letters import kroner

    return kroner(amount, lang)


def _paragraphs(text: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(text, str):
        return tuple(part.strip() for part in text.split("\n") if part.strip())
    return tuple(str(part).strip() for part in text if str(part).strip())


def _met_criteria(g: _Gen, application: Application | None) -> list[ReasonLine]:
    """The met § 29 criteria of the latest screening, as reasons with their reference."""
    if application is None:
        return []
    screening = g.session.scalars(
        select(Screening).where(Screening.application_id == application.id)
        .order_by(Screening.revision.desc()).limit(1)
    ).first()
    if screening is None:
        return []
    reasons = []
    for code, item in (screening.assessments or {}).items():
        if item.get("state") != "met":
            continue
        label = _tr(str(item.get("label", code)), g.lang)
        reasoning = _tr(str(item.get("reasoning", "")), g.lang).strip()
        text = g.t("reasons.criterion", label=label, reason=reasoning) if reasoning else label
        reasons.append(ReasonLine(text=text, reference=content_.law_reference(str(item.get("reference", "")),
                                                                              g.lang) or g.ref("conditions")))
    return reasons


def refusal_reasons(failed_criteria: Iterable[Sequence[Any]], lang: WrittenStandard) -> tuple[ReasonLine, ...]:
    """The refusal letter's reasons from the failed criteria (label, reason, reference, § 14 a flag).

    The § 14 a flag travels unchanged from the screening to the letter, so the letter's appeal
    route (``rules.appeal``) is the one the conclusion dialog showed.
    """
    reasons = []
    for label, reason, reference, rests_on_14a in failed_criteria:
        label_text = _tr(str(label), lang).strip()
        reason_text = _tr(str(reason), lang).strip()
        if label_text and reason_text:
            text = content_.case_text(lang, "reasons.criterion", label=label_text, reason=reason_text)
        else:
            text = label_text or reason_text
        reasons.append(ReasonLine(text=text, reference=content_.law_reference(str(reference), lang)
                                  or content_.case_text(lang, "refs.conditions"), rests_on_14a=bool(rests_on_14a)))
    return tuple(reasons)


def _refusal_fields(g: _Gen) -> dict[str, Any]:
    src = g.source
    application = g.application()
    reasons = refusal_reasons(src.get("failed_criteria", ()), g.lang)
    # The § 14 a outcome is stated among the screening's facts when the refusal rests on it.
    facts = _application_facts(g, application, work_ability=not any(r.rests_on_14a for r in reasons)) + [
        _tr(str(f), g.lang) for f in src.get("facts", ())]
    return {
        "facts": tuple(facts),
        "reasons": reasons,
        "considerations": _paragraphs(src.get("considerations", "")),
        "application_date": application.registered_date if application else g.today,
    }


def _current_end(programme: Programme) -> dt.date:
    ends = [p.to_date for p in programme.periods if p.kind != "leave"]
    return max([programme.planned_end_date, *ends])


def _extension_fields(g: _Gen, special: bool) -> dict[str, Any]:
    programme = g.programme()
    previous_end = _current_end(programme)
    raw_end = g.source.get("new_end_date")
    new_end = dt.date.fromisoformat(raw_end) if raw_end else (
        calendar.add_months(previous_end + dt.timedelta(days=1), 6) - dt.timedelta(days=1))
    # An extension period already registered after the letter date is the one being decided.
    planned = [p for p in programme.periods if p.kind.endswith("extension") and p.from_date > g.today]
    if planned and not raw_end:
        previous_end, new_end = planned[0].from_date - dt.timedelta(days=1), planned[0].to_date
    annual, monthly, _under_25 = _amounts(g, previous_end + dt.timedelta(days=1))
    reasons = [ReasonLine(text=g.t("reasons.extension"), reference=g.ref("extension"))]
    if special:
        reasons.insert(0, ReasonLine(text=g.t("reasons.exceptional"), reference=g.ref("exceptional")))
    end_shown = programme.end_date or previous_end
    return {
        "facts": (g.t("facts.programme", start=g.date(programme.start_date), end=g.date(end_shown)),),
        "reasons": tuple(reasons),
        "considerations": (),
        "previous_end_date": previous_end,
        "new_end_date": new_end,
        "annual_amount": annual,
        "monthly_amount": monthly,
    }


def _absence(g: _Gen, programme: Programme, until: dt.date) -> tuple[list[ReasonLine], list[str]]:
    """Invalid absence over the last eight weeks of registered attendance (stl. § 34)."""
    start = until - dt.timedelta(weeks=8)
    rows = g.session.scalars(
        select(Attendance).where(Attendance.programme_id == programme.id, Attendance.day >= start,
                                 Attendance.day <= until).order_by(Attendance.day)
    ).all()
    planned = sum((r.planned_hours for r in rows), Decimal("0"))
    invalid = sum((r.invalid_absence_hours for r in rows), Decimal("0"))
    if rows and invalid > 0:
        first, last = rows[0].day, rows[-1].day
        reason = g.t("reasons.absence", hours=format_number(invalid, g.lang), planned=format_number(planned, g.lang),
                     start=g.date(first), end=g.date(last))
        fact = g.t("facts.attendance", start=g.date(first), end=g.date(last))
        return [ReasonLine(text=reason, reference=g.ref("stop"))], [fact]
    return [ReasonLine(text=g.t("reasons.not_followed"), reference=g.ref("stop"))], []


def _stop_notice_fields(g: _Gen) -> dict[str, Any]:
    programme = g.programme()
    grounds, facts = _absence(g, programme, g.today)
    return {
        "planned_stop_date": g.today + dt.timedelta(days=28),
        "grounds": tuple(grounds),
        "facts": tuple(facts),
        "comment_deadline": g.today + dt.timedelta(days=14),
    }


def _advance_notice_fields(g: _Gen) -> dict[str, Any]:
    """Forhåndsvarsel before tilbakebetaling, refusjon or trekk (fvl. § 16): the matter from the
    source, else from the person's latest § 23 recovery, refund claim or § 40 recovery."""
    session = g.session
    recovery = session.scalars(select(Recovery).where(Recovery.person_id == g.person.id)
                               .order_by(Recovery.registered_date.desc(), Recovery.id.desc()).limit(1)).first()
    claim = session.scalars(select(RefundClaim).where(RefundClaim.person_id == g.person.id)
                            .order_by(RefundClaim.period_to.desc(), RefundClaim.id.desc()).limit(1)).first()
    matter = g.source.get("matter")
    if matter not in NOTICE_MATTERS:
        matter = ("refusjon" if claim is not None and recovery is None else
                  "tilbakebetaling" if recovery is None or recovery.incorrect_information else "trekk")
    last_month_end = calendar.first_of_month(g.today) - dt.timedelta(days=1)
    period_from, period_to = calendar.first_of_month(last_month_end), last_month_end
    amount = ZERO
    if matter == "refusjon" and claim is not None:
        period_from, period_to = claim.period_from, claim.period_to
        amount = refund_rules.refund_claim(_paid(session, g.person.id, period_from, period_to), claim.amount)
    elif recovery is not None:
        period_to = calendar.first_of_month(recovery.registered_date) - dt.timedelta(days=1)
        period_from = calendar.first_of_month(period_to)
        amount = recovery.deduction_per_payout if matter == "trekk" else recovery.amount
    reference = {"tilbakebetaling": "repayment", "refusjon": "refund", "trekk": "deduction"}[matter]
    return {
        "matter": matter,
        "amount": amount,
        "period_from": period_from,
        "period_to": period_to,
        "grounds": (ReasonLine(text=g.t(f"notice_grounds.{matter}"), reference=g.ref(reference)),),
        "facts": (),
        "comment_deadline": g.today + dt.timedelta(days=14),
    }


def _stop_fields(g: _Gen) -> dict[str, Any]:
    programme = g.programme()
    stop = programme.end_date if programme.status == "stopped" and programme.end_date else g.today + dt.timedelta(
        days=7)
    notice = _latest_stop_notice(g.session, g.person.id)
    # The date of the issued forhåndsvarsel, never an invented one: without a notice the draft
    # cannot be issued until one is issued and its deadline has passed, or an exception under
    # fvl. § 16 is recorded with its reason (see _check_stop).
    notice_date = notice.decision_date if notice is not None else None
    planned = (notice.content or {}).get("fields", {}).get("planned_stop_date") if notice else None
    if planned and programme.status != "stopped":  # the stop date the participant was warned about
        stop = max(dt.date.fromisoformat(planned), g.today)
    reasons, facts = _absence(g, programme, min(stop, g.today))
    return {
        "facts": tuple(facts),
        "reasons": tuple(reasons),
        "considerations": (),
        "stop_date": stop,
        "notice_date": notice_date,
        "notice_exception": "",
        "participant_comments": "",
        "comments_assessment": "",
    }


def _latest_stop_notice(session: Session, person_id: int, on: dt.date | None = None) -> Decision | None:
    """The person's latest issued forhåndsvarsel om stans (dated ``on`` when given)."""
    query = select(Decision).where(Decision.person_id == person_id, Decision.kind == "forhandsvarsel_stans",
                                   Decision.state != "draft", Decision.decision_date.is_not(None))
    if on is not None:
        query = query.where(Decision.decision_date == on)
    return session.scalars(query.order_by(Decision.decision_date.desc(), Decision.id.desc()).limit(1)).first()


def _comment_deadline(notice: Decision) -> dt.date | None:
    content = notice.content or {}
    raw = (content.get("letter") or content.get("fields") or {}).get("comment_deadline")
    return dt.date.fromisoformat(raw) if raw else None


def _check_stop(session: Session, person_id: int, letter: Letter, today: dt.date, problems: dict[str, str]) -> None:
    """A stans is issued only after an issued forhåndsvarsel whose deadline has passed, or with a
    recorded exception (fvl. 1967 § 16 tredje ledd, 2025 § 42), and with the participant's statement
    assessed (fvl. §§ 17 and 25). stl. § 34."""
    assert isinstance(letter, StopLetter)
    if letter.notice_date is None:
        if not letter.notice_exception.strip():
            problems["notice_date"] = _(
                "Stans kan bare fattes etter et fattet forhåndsvarsel der fristen for å uttale seg er ute, "
                "eller når unntaket fra forhåndsvarsel i forvaltningsloven § 16 er begrunnet i vedtaket.")
    else:
        notice = _latest_stop_notice(session, person_id, letter.notice_date)
        deadline = _comment_deadline(notice) if notice is not None else None
        if notice is None:
            problems["notice_date"] = _("Det finnes ikke noe fattet forhåndsvarsel om stans datert {dato}.",
                                        dato=format_date(letter.notice_date))
        elif deadline is not None and deadline >= today:
            problems["notice_date"] = _("Fristen for å uttale seg til forhåndsvarselet er {frist}. Stansen kan "
                                        "fattes først etter fristen.", frist=format_date(deadline))
    if letter.participant_comments.strip() and not letter.comments_assessment.strip():
        problems["comments_assessment"] = _("Skriv hvordan dere har vurdert deltakerens uttalelse.")


def _leave_fields(g: _Gen) -> dict[str, Any]:
    programme = g.programme()
    leave = next((p for p in reversed(programme.periods) if p.kind == "leave"), None)
    leave_from = leave.from_date if leave else g.today + dt.timedelta(days=7)
    leave_to = leave.to_date if leave else leave_from + dt.timedelta(days=4)
    # A registered leave has already moved the programme's planned end (programmes.add_period).
    end = programme_rules.end_after_leave(_current_end(programme), Period(leave_from, leave_to),
                                          already_counted=leave is not None)
    return {
        "facts": (g.t("facts.leave_application"),),
        "reasons": (ReasonLine(text=g.t("reasons.leave"), reference=g.ref("leave")),),
        "considerations": (),
        "granted": True,
        "leave_kind": g.t("leave_kind"),
        "leave_from": leave_from,
        "leave_to": leave_to,
        "with_allowance": leave.with_allowance if leave else True,
        "new_end_date": end,
    }


def _refund_fields(g: _Gen) -> dict[str, Any]:
    claim = g.session.scalars(
        select(RefundClaim).where(RefundClaim.person_id == g.person.id)
        .order_by(RefundClaim.period_to.desc(), RefundClaim.id.desc()).limit(1)
    ).first()
    if claim is not None:
        kind, period_from, period_to, other_amount = claim.benefit, claim.period_from, claim.period_to, claim.amount
    else:
        last_month_end = calendar.first_of_month(g.today) - dt.timedelta(days=1)
        kind, period_from, period_to, other_amount = ("sykepenger", calendar.first_of_month(last_month_end),
                                                     last_month_end, ZERO)
    benefit = g.t(f"benefits.{kind}") if content_.has_case_text(g.lang, f"benefits.{kind}") else kind
    paid = _paid(g.session, g.person.id, period_from, period_to)
    refund = refund_rules.refund_claim(paid, other_amount)
    return {
        "facts": (g.t("facts.refund", benefit=benefit, period_from=g.date(period_from),
                      period_to=g.date(period_to)),),
        "reasons": (ReasonLine(text=g.t("reasons.refund", benefit=benefit), reference=g.ref("refund")),),
        "considerations": (),
        "other_benefit": benefit,
        "paying_body": g.t("paying_body"),
        "period_from": period_from,
        "period_to": period_to,
        "allowance_paid": paid,
        "refund_amount": refund,
        "calculation": (
            CalculationLine(text=g.t("calculation.refund_paid"), basis=g.t("calculation.refund_paid_basis"),
                            amount=paid),
            CalculationLine(text=g.t("calculation.refund_other", benefit=benefit), basis="", amount=other_amount),
            CalculationLine(text=g.t("calculation.refund_claim"), basis=g.t("calculation.refund_claim_basis"),
                            amount=refund),
        ),
    }


def _paid(session: Session, person_id: int, period_from: dt.date, period_to: dt.date) -> Decimal:
    """The stønad paid in approved runs for the days of the period (``rules.refund``, stl. § 38)."""
    from kvp_desktop.services.payouts.refunds import paid_for_period

    return paid_for_period(session, person_id, period_from, period_to)


def _no_plan_fields(g: _Gen) -> dict[str, Any]:
    return {
        "facts": (),
        "reasons": (ReasonLine(text=g.t("reasons.no_plan"), reference=g.ref("no_plan")),),
        "considerations": (),
        "request_date": None,
    }


def _repayment_fields(g: _Gen) -> dict[str, Any]:
    recovery = g.session.scalars(
        select(Recovery).where(Recovery.person_id == g.person.id, Recovery.incorrect_information.is_(True))
        .order_by(Recovery.registered_date.desc(), Recovery.id.desc()).limit(1)
    ).first()
    if recovery is not None:
        amount, registered, cause = recovery.amount, recovery.registered_date, recovery.cause
    else:
        amount, registered, cause = ZERO, g.today, ""
    period_to = calendar.first_of_month(registered) - dt.timedelta(days=1)
    period_from = calendar.first_of_month(period_to)
    facts = (g.t("facts.recovery", date=g.date(registered), cause=cause),) if cause else ()
    return {
        "facts": facts,
        "reasons": (ReasonLine(text=g.t("reasons.repayment"), reference=g.ref("repayment")),),
        "considerations": (),
        "period_from": period_from,
        "period_to": period_to,
        "overpaid_amount": amount,
        "repayment_amount": amount,
        "calculation": (CalculationLine(text=g.t("calculation.repayment"), basis=g.t("calculation.registered"),
                                        amount=amount),),
        "payment_deadline": g.today + dt.timedelta(days=30),
        "payment_account": "",
        "payment_reference": g.person.journal_number,
    }


def _generate(g: _Gen, letter_type: str) -> dict[str, Any]:
    if letter_type == "innvilgelse":
        return _grant_fields(g)
    if letter_type == "avslag":
        return _refusal_fields(g)
    if letter_type in ("forlengelse", "saerskilt_forlengelse"):
        return _extension_fields(g, letter_type == "saerskilt_forlengelse")
    if letter_type == "forhandsvarsel_stans":
        return _stop_notice_fields(g)
    if letter_type == "stans":
        return _stop_fields(g)
    if letter_type == "forhandsvarsel":
        return _advance_notice_fields(g)
    if letter_type == "permisjon":
        return _leave_fields(g)
    if letter_type == "refusjon":
        return _refund_fields(g)
    if letter_type == "ikke_individuell_plan":
        return _no_plan_fields(g)
    if letter_type == "tilbakebetaling":
        return _repayment_fields(g)
    if letter_type == "deltakerbevis":
        from kvp_desktop.services.letters.certificates import certificate_fields

        return certificate_fields(g.session, g.person, g.lang, g.today, g.source)
    raise ValidationError({"letter_type": _("Ukjent brevtype: {type}", type=letter_type)})


# --- creating drafts ------------------------------------------------------------------------------


def _person_standard(session: Session, person: Person) -> WrittenStandard:
    value = person.written_standard or _office_row(session).written_standard
    return "nn" if value == "nn" else "nb"


def _new_decision(ctx: AppContext, session: Session, person: Person, letter_type: str, source: dict[str, Any],
                  today: dt.date, application_id: int | None, programme_id: int | None) -> Decision:
    lang = _person_standard(session, person)
    g = _Gen(ctx, session, person, lang, today, source)
    fields = _generate(g, letter_type)
    row = Decision(person_id=person.id, application_id=application_id, programme_id=programme_id, kind=letter_type,
                   state="draft", written_standard=lang, decision_date=None,
                   content={"fields": content_.fields_to_json(letter_type, fields), "source": source, "edited": []},
                   created_by_id=ctx.user.id)
    session.add(row)
    session.flush()
    ctx.audit(session, "create", "decision", row.id, person.id, letter_type)
    return row


def _check_application(session: Session, person_id: int, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None or application.person_id != person_id:
        raise ValidationError({"application_id": _("Søknaden hører ikke til denne personen.")})
    return application


def grant_source(data: GrantDraftInput) -> dict[str, Any]:
    """What an innvilgelse draft is made from (stored with it, JSON)."""
    return {"application_id": data.application_id, "proposed_start": data.proposed_start.isoformat(),
            "first_period_to": data.first_period_to.isoformat(), "considerations": data.considerations,
            "facts": list(data.facts), "reasons": [list(r) for r in data.reasons]}


def refusal_source(data: RefusalDraftInput) -> dict[str, Any]:
    """What an avslag draft is made from (stored with it, JSON)."""
    return {"application_id": data.application_id, "considerations": data.considerations,
            "facts": list(data.facts), "failed_criteria": [list(c) for c in data.failed_criteria]}


def _check_grant(data: GrantDraftInput) -> None:
    problems: dict[str, str] = {}
    # A first period longer than 12 months (forskrift § 2) is a warning for the caseworker, not a
    # block here (docs/rules.md, «Advarsler, ikke stopp»); the dates must still be in order.
    if data.first_period_to < data.proposed_start:
        problems["first_period_to"] = _("Første vedtaksperiode må slutte etter at den begynner.")
    if problems:
        raise ValidationError(problems)


def _check_refusal(data: RefusalDraftInput) -> None:
    if not data.failed_criteria:
        raise ValidationError({"failed_criteria": _("Et avslag må ha minst ett vilkår som ikke er oppfylt.")})
    for criterion in data.failed_criteria:
        if len(criterion) != 4 or not (str(criterion[0]).strip() or str(criterion[1]).strip()):
            raise ValidationError(
                {"failed_criteria": _("Hvert vilkår som ikke er oppfylt, må ha navn og begrunnelse.")})


def create_grant_draft(ctx: AppContext, data: GrantDraftInput) -> int:
    """An innvilgelse draft from a concluded screening (see ``decision_drafts``)."""
    with ctx.uow() as uow:  # add_grant_draft checks the role and the input before it writes anything
        row = add_grant_draft(ctx, uow.session, data)
        uow.commit()
        return row.id


def add_grant_draft(ctx: AppContext, session: Session, data: GrantDraftInput) -> Decision:
    """The innvilgelse draft added to the caller's transaction (the screening's conclusion), not committed."""
    _require_draft(ctx)
    _check_grant(data)
    today = data.today or dt.date.today()
    person = _person(session, data.person_id)
    _check_application(session, person.id, data.application_id)
    source = grant_source(data)
    programme = session.scalars(select(Programme).where(Programme.application_id == data.application_id)).first()
    return _new_decision(ctx, session, person, "innvilgelse", source, today, data.application_id,
                         programme.id if programme else None)


def create_refusal_draft(ctx: AppContext, data: RefusalDraftInput) -> int:
    """An avslag draft with each failed criterion as a reason (see ``decision_drafts``)."""
    with ctx.uow() as uow:  # add_refusal_draft checks the role and the input before it writes anything
        row = add_refusal_draft(ctx, uow.session, data)
        uow.commit()
        return row.id


def add_refusal_draft(ctx: AppContext, session: Session, data: RefusalDraftInput) -> Decision:
    """The avslag draft added to the caller's transaction (the screening's conclusion), not committed."""
    _require_draft(ctx)
    _check_refusal(data)
    today = data.today or dt.date.today()
    person = _person(session, data.person_id)
    _check_application(session, person.id, data.application_id)
    return _new_decision(ctx, session, person, "avslag", refusal_source(data), today, data.application_id, None)


def _failed_from_screening(session: Session, application_id: int) -> tuple[tuple[str, str, str, bool], ...]:
    screening = session.scalars(
        select(Screening).where(Screening.application_id == application_id)
        .order_by(Screening.revision.desc()).limit(1)
    ).first()
    if screening is None:
        return ()
    return tuple(
        (str(item.get("label", code)), str(item.get("reasoning", "")), str(item.get("reference", "")),
         bool(item.get("rests_on_14a", False)))
        for code, item in (screening.assessments or {}).items() if item.get("state") == "not_met"
    )


def failed_criteria(ctx: AppContext, application_id: int) -> tuple[tuple[str, str, str, bool], ...]:
    """The criteria the latest screening of the application found not met (label, reason, reference, § 14 a)."""
    _require_read(ctx)
    with ctx.uow() as uow:
        return _failed_from_screening(uow.session, application_id)


def create_draft(ctx: AppContext, person_id: int, letter_type: str, *, programme_id: int | None = None,
                 application_id: int | None = None, today: dt.date | None = None,
                 matter: str | None = None) -> DocumentRef:
    """A draft of ``letter_type`` for the person, with the defaults the data give.

    ``matter`` chooses what a ``forhandsvarsel`` warns of: ``tilbakebetaling``, ``refusjon`` or
    ``trekk`` (default: from the person's latest recovery or refund claim).

    Innvilgelse and avslag use the person's latest application (and its screening); the other
    decisions and the deltakerbevis use the latest programme unless ``programme_id`` is given.
    """
    require(ctx, Permission.ISSUE_DECISION)
    if letter_type not in LETTER_TYPES:
        raise ValidationError({"letter_type": _("Ukjent brevtype: {type}", type=letter_type)})
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        person = _person(session, person_id)
        application = (session.get(Application, application_id) if application_id
                       else _latest_application(session, person.id))
        if letter_type in ("innvilgelse", "avslag"):
            if application is None or application.person_id != person.id:
                raise ValidationError({"application_id": _("Personen har ingen søknad å fatte vedtak om.")})
            application_id = application.id
        if letter_type == "innvilgelse":
            assert application is not None
            start = _next_monday(today + dt.timedelta(days=7))
            data = GrantDraftInput(person.id, application.id, start,
                                   calendar.add_months(start, 12) - dt.timedelta(days=1), today=today)
            uow.rollback()
        elif letter_type == "avslag":
            assert application is not None
            failed = _failed_from_screening(session, application.id)
            if not failed:
                raise ValidationError({"letter_type": _("Vurderingen av søknaden har ingen vilkår som ikke er "
                                                        "oppfylt. Et avslag må bygge på minst ett.")})
            refusal = RefusalDraftInput(person.id, application.id, failed, today=today)
        else:
            programme = session.get(Programme, programme_id) if programme_id else _latest_programme(session,
                                                                                                      person.id)
            if programme is None or programme.person_id != person.id:
                raise ValidationError({"programme": _("Personen har ikke noe kvalifiseringsprogram å skrive om.")})
            if letter_type == "deltakerbevis":
                from kvp_desktop.services.letters.certificates import create_certificate_draft

                uow.rollback()
                return DocumentRef("certificate", create_certificate_draft(ctx, programme.id, today=today))
            source: dict[str, Any] = {"programme_id": programme.id}
            if matter is not None:
                if matter not in NOTICE_MATTERS:
                    raise ValidationError({"matter": _("Forhåndsvarselet må gjelde tilbakebetaling, refusjon "
                                                       "eller trekk.")})
                source["matter"] = matter
            row = _new_decision(ctx, session, person, letter_type, source, today, programme.application_id,
                                programme.id)
            uow.commit()
            return DocumentRef("decision", row.id)
    if letter_type == "innvilgelse":
        return DocumentRef("decision", create_grant_draft(ctx, data))
    return DocumentRef("decision", create_refusal_draft(ctx, refusal))


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


# --- reading ------------------------------------------------------------------------------------


def _view(doc: _Doc) -> DocumentView:
    labels = CERTIFICATE_STATES if doc.table == "certificate" else STATES
    row = doc.row
    created = row.created_at.date() if getattr(row, "created_at", None) else dt.date.today()
    return DocumentView(
        ref=doc.ref, letter_type=doc.letter_type, title=letter_title(doc.letter_type, "nb"), state=doc.state,
        state_label=_(labels.get(doc.state, doc.state)), written_standard=doc.written_standard,
        date=doc.decision_date, created=created, issued_at=row.issued_at, sha256=row.sha256,
        recipient_overridden=bool(doc.content.get("recipient")), has_pdf=row.sha256 is not None,
    )


def documents_for_person(ctx: AppContext, person_id: int) -> list[DocumentView]:
    """All the person's letters (decisions, notices, certificates), newest first."""
    _require_read(ctx)
    with ctx.uow() as uow:
        session = uow.session
        _person(session, person_id)
        docs = [_Doc(session, row) for row in session.scalars(select(Decision).where(Decision.person_id == person_id))]
        docs += [_Doc(session, row) for row in session.scalars(
            select(Certificate).join(Programme, Programme.id == Certificate.programme_id)
            .where(Programme.person_id == person_id))]
        views = [_view(doc) for doc in docs]
    return sorted(views, key=lambda v: (v.date or v.created, v.ref.id, v.ref.table), reverse=True)


def document(ctx: AppContext, ref: DocumentRef) -> DocumentView:
    _require_read(ctx)
    with ctx.uow() as uow:
        return _view(_load(uow.session, ref))


def draft_form(ctx: AppContext, ref: DocumentRef) -> DraftForm:
    """The fields of a letter as editor texts (also for an issued one, read-only in the UI)."""
    _require_read(ctx)
    with ctx.uow() as uow:
        session = uow.session
        doc = _load(session, ref)
        person = _person(session, doc.person_id)
        data = doc.content
        recipient, overridden = _recipient(person, data)
        values = content_.fields_from_json(doc.letter_type, data.get("fields", {}))
        fields = tuple(
            DraftField(spec.name, _(spec.label), spec.kind, spec.required,
                       content_.field_as_text(spec, values.get(spec.name)))
            for spec in content_.EDITABLE[doc.letter_type]
        )
        return DraftForm(
            ref=ref, letter_type=doc.letter_type, title=letter_title(doc.letter_type, doc.written_standard),
            state=doc.state, written_standard=doc.written_standard,
            recipient=RecipientView(recipient.name, recipient.address_lines, recipient.postal_code,
                                    recipient.postal_place, overridden),
            fields=fields,
        )


# --- editing --------------------------------------------------------------------------------------


def _check_recipient(override: RecipientOverride, problems: dict[str, str]) -> None:
    if not override.name.strip():
        problems["recipient_name"] = _("Mottakeren må ha et navn.")
    if not any(line.strip() for line in override.address_lines):
        problems["recipient_address"] = _("Mottakeren må ha en adresse.")
    if not (len(override.postal_code.strip()) == 4 and override.postal_code.strip().isdigit()):
        problems["recipient_postal_code"] = _("Postnummeret må ha fire sifre.")
    if not override.postal_place.strip():
        problems["recipient_postal_place"] = _("Poststedet må fylles ut.")
    if len([line for line in override.address_lines if line.strip()]) > 4:
        problems["recipient_address"] = _("Adressen kan ha høyst fire linjer (konvoluttvinduet).")


def update_draft(ctx: AppContext, ref: DocumentRef, changes: DraftChanges, today: dt.date | None = None) -> None:
    """Change the editable fields, the written standard or the recipient of a draft.

    Everything is checked before anything is written; an issued letter is refused.
    """
    require(ctx, Permission.ISSUE_DECISION)
    problems: dict[str, str] = {}
    if changes.written_standard is not None and changes.written_standard not in WRITTEN_STANDARDS:
        problems["written_standard"] = _("Målformen må være bokmål (nb) eller nynorsk (nn).")
    if changes.recipient is not None:
        _check_recipient(changes.recipient, problems)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        doc = _load(session, ref)
        _require_draft_state(doc)
        specs = {spec.name: spec for spec in content_.EDITABLE[doc.letter_type]}
        data = doc.content
        current = content_.fields_from_json(doc.letter_type, data.get("fields", {}))
        parsed: dict[str, Any] = {}
        for name, text in changes.fields.items():
            spec = specs.get(name)
            if spec is None:
                problems[name] = _("Feltet «{felt}» kan ikke endres i denne brevtypen.", felt=name)
                continue
            try:
                parsed[name] = content_.field_from_text(spec, text, current.get(name))
            except content_.FieldError as exc:
                problems[name] = str(exc)
        if problems:
            raise ValidationError(problems)
        edited = set(data.get("edited", []))
        if changes.written_standard is not None and changes.written_standard != doc.written_standard:
            # The default texts are written again in the new standard; what the caseworker wrote is kept.
            person = _person(session, doc.person_id)
            lang: WrittenStandard = "nn" if changes.written_standard == "nn" else "nb"
            regenerated = _generate(_Gen(ctx, session, person, lang, today, dict(data.get("source", {}))),
                                    doc.letter_type)
            current = {**regenerated, **{k: v for k, v in current.items() if k in edited}}
            doc.set_written_standard(lang)
            data = doc.content
        current.update(parsed)
        edited.update(parsed)
        _check_dates(doc.letter_type, current, problems)
        if problems:
            raise ValidationError(problems)
        data["fields"] = content_.fields_to_json(doc.letter_type, current)
        data["edited"] = sorted(edited)
        if changes.clear_recipient:
            data.pop("recipient", None)
        if changes.recipient is not None:
            data["recipient"] = {
                "name": " ".join(changes.recipient.name.split()),
                "address_lines": [line.strip() for line in changes.recipient.address_lines if line.strip()],
                "postal_code": changes.recipient.postal_code.strip(),
                "postal_place": changes.recipient.postal_place.strip(),
            }
        doc.set_content(data)
        detail = ",".join(sorted([*parsed, *(["målform"] if changes.written_standard else []),
                                  *(["mottaker"] if changes.recipient or changes.clear_recipient else [])]))
        ctx.audit(session, "update", doc.table, doc.row.id, doc.person_id, detail)
        uow.commit()


def reset_draft(ctx: AppContext, ref: DocumentRef, source: Mapping[str, Any] | None = None,
                today: dt.date | None = None) -> None:
    """Write the draft's default texts again from the data (from ``source`` if given); edits are dropped."""
    require(ctx, Permission.ISSUE_DECISION)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        doc = _load(session, ref)
        _require_draft_state(doc)
        data = doc.content
        new_source = dict(source if source is not None else data.get("source", {}))
        person = _person(session, doc.person_id)
        fields = _generate(_Gen(ctx, session, person, doc.written_standard, today, new_source), doc.letter_type)
        data.update({"fields": content_.fields_to_json(doc.letter_type, fields), "source": new_source, "edited": []})
        doc.set_content(data)
        if isinstance(doc.row, Decision) and doc.row.created_by_id is None:
            doc.row.created_by_id = ctx.user.id
        ctx.audit(session, "update", doc.table, ref.id, doc.person_id, "tilbakestilt")
        uow.commit()


def _check_dates(letter_type: str, values: Mapping[str, Any], problems: dict[str, str]) -> None:
    def before(first: str, second: str, message: str) -> None:
        a, b = values.get(first), values.get(second)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
            problems[second] = message

    before("period_from", "period_to", _("Perioden må slutte etter at den begynner."))
    before("leave_from", "leave_to", _("Permisjonen må slutte etter at den begynner."))
    if letter_type in ("forlengelse", "saerskilt_forlengelse"):
        before("previous_end_date", "new_end_date", _("Ny sluttdato må være etter den gjeldende sluttdatoen."))
    if letter_type == "forhandsvarsel_stans":
        before("comment_deadline", "planned_stop_date", _("Stansen kan ikke skje før fristen for å uttale seg."))


def discard_draft(ctx: AppContext, ref: DocumentRef) -> None:
    """Delete a draft (an issued letter is never deleted)."""
    require(ctx, Permission.ISSUE_DECISION)
    with ctx.uow() as uow:
        session = uow.session
        doc = _load(session, ref)
        _require_draft_state(doc)
        session.delete(doc.row)
        ctx.audit(session, "delete", doc.table, ref.id, doc.person_id, doc.letter_type)
        uow.commit()


# --- preview, issue, reprint, send ------------------------------------------------------------------


#: Default reasons that stand for a discretionary assessment the caseworker must write for the case
#: (fvl. § 25 third paragraph: the main considerations of the discretion). A letter is not issued
#: while one of them is still the default text.
DISCRETIONARY_DEFAULTS = ("reasons.extension", "reasons.exceptional", "reasons.repayment", "reasons.no_plan",
                          "reasons.not_followed")


def _default_reasons(letter: Letter) -> list[str]:
    defaults = {content_.case_text(lang, key) for key in DISCRETIONARY_DEFAULTS for lang in WRITTEN_STANDARDS}
    reasons = getattr(letter, "reasons", ()) or getattr(letter, "grounds", ())
    return [reason.text for reason in reasons if reason.text.strip() in defaults]


def _check_issuable(letter: Letter, session: Session | None = None, person_id: int | None = None,
                    today: dt.date | None = None) -> None:
    problems: dict[str, str] = {}
    if letter.is_decision and _default_reasons(letter):
        problems["reasons"] = _("Begrunnelsen er fortsatt standardteksten («{tekst}»). Skriv den konkrete vurderingen "
                                "i saken før vedtaket fattes.", tekst=_default_reasons(letter)[0])
    if letter.letter_type == "stans" and session is not None and person_id is not None:
        _check_stop(session, person_id, letter, today or letter.case.decision_date, problems)
    if not letter.recipient.name.strip() or not letter.recipient.postal_code.strip():
        problems["recipient"] = _("Mottakeren mangler navn eller adresse. Fyll inn adressen før brevet fattes.")
    values = {f.name: getattr(letter, f.name) for f in dataclasses.fields(letter)}
    for spec in content_.EDITABLE[letter.letter_type]:
        value = values.get(spec.name)
        if spec.required and (value is None or value == "" or value == ()):
            problems[spec.name] = _("{felt} må fylles ut før brevet fattes.", felt=_(spec.label))
    if letter.letter_type in ("refusjon", "tilbakebetaling"):
        amount = values.get("refund_amount") if letter.letter_type == "refusjon" else values.get("repayment_amount")
        if not amount or amount <= 0:
            problems["amount"] = _("Beløpet som kreves, må være større enn null.")
    if problems:
        raise ValidationError(problems)


def preview(ctx: AppContext, ref: DocumentRef, today: dt.date | None = None) -> bytes:
    """The PDF of a draft as it would look if issued ``today``; an issued letter gives its stored PDF."""
    _require_read(ctx)
    with ctx.uow() as uow:
        session = uow.session
        doc = _load(session, ref)
        if doc.state != "draft":
            if doc.row.pdf is None:
                raise ServiceError(_no_pdf_message())
            data = bytes(doc.row.pdf)
        else:
            letter = _compose(ctx, doc, today or dt.date.today(), ctx.user.id)
            data = render_letter(letter, doc.written_standard)
        ctx.audit(session, "open", doc.table, ref.id, doc.person_id, doc.letter_type)
        uow.commit()
    return data


def _issue_one(ctx: AppContext, session: Session, ref: DocumentRef, today: dt.date, now: dt.datetime) -> IssuedDocument:
    doc = _load(session, ref)
    _require_draft_state(doc)
    if isinstance(doc.row, Certificate):  # stl. § 30: only for a programme that has ended
        from kvp_desktop.services.letters.certificates import check_ended

        check_ended(session.get(Programme, doc.row.programme_id), today)  # type: ignore[arg-type]
    letter = _compose(ctx, doc, today, ctx.user.id)
    _check_issuable(letter, session, doc.person_id, today)
    pdf = render_letter(letter, doc.written_standard)
    digest = sha256(pdf)
    data = doc.content
    data["letter"] = content_.to_json(letter)
    row = doc.row
    if isinstance(row, Decision):
        row.decision_date = today
        row.issued_by_id = ctx.user.id
    else:
        data["date"] = today.isoformat()
        data["issued_by_id"] = ctx.user.id
    doc.set_content(data)
    row.pdf = pdf
    row.sha256 = digest
    row.issued_at = now
    row.state = "issued"
    ctx.audit(session, "issue", doc.table, ref.id, doc.person_id, f"{doc.letter_type} sha256={digest[:16]}")
    return IssuedDocument(ref, doc.letter_type, digest, now, today, pdf)


def issue(ctx: AppContext, ref: DocumentRef, today: dt.date | None = None,
          now: dt.datetime | None = None) -> IssuedDocument:
    """Issue (fatte) a draft: render, store PDF + SHA-256, freeze. Needs ``ISSUE_DECISION``."""
    return issue_batch(ctx, [ref], today, now)[0]


def issue_batch(ctx: AppContext, refs: Sequence[DocumentRef], today: dt.date | None = None,
                now: dt.datetime | None = None) -> list[IssuedDocument]:
    """Issue several drafts in one transaction: all of them, or none if one cannot be issued."""
    require(ctx, Permission.ISSUE_DECISION)
    if not refs:
        raise ValidationError({"refs": _("Velg minst ett utkast.")})
    today = today or dt.date.today()
    now = now or dt.datetime.now().replace(microsecond=0)
    with ctx.uow() as uow:
        session = uow.session
        issued = [_issue_one(ctx, session, ref, today, now) for ref in refs]
        uow.commit()
    return issued


def reprint(ctx: AppContext, ref: DocumentRef, purpose: Literal["print", "export"] = "print") -> bytes:
    """The stored PDF of an issued letter, byte for byte; the print or export is audited.

    Saving to a file (``export``) needs ``EXPORT_PERSONAL_DATA``.
    """
    return reprint_batch(ctx, [ref], purpose)[0]


def reprint_batch(ctx: AppContext, refs: Iterable[DocumentRef],
                  purpose: Literal["print", "export"] = "print") -> list[bytes]:
    """The stored PDFs of several issued letters (batch print), each print audited."""
    if purpose == "export":
        require(ctx, Permission.EXPORT_PERSONAL_DATA)
    else:
        _require_read(ctx)
    result = []
    with ctx.uow() as uow:
        session = uow.session
        for ref in refs:
            doc = _load(session, ref)
            if doc.state == "draft":
                raise ServiceError(_("Brevet er ikke fattet ennå. Forhåndsvis utkastet, eller fatt det først."))
            if doc.row.pdf is None:
                raise ServiceError(_no_pdf_message())
            data = bytes(doc.row.pdf)
            if sha256(data) != doc.row.sha256:  # the archive must give back exactly what was issued
                raise ServiceError(_("Det lagrede brevet stemmer ikke med sjekksummen. Kontakt systemansvarlig."))
            ctx.audit(session, purpose, doc.table, ref.id, doc.person_id, doc.letter_type)
            result.append(data)
        uow.commit()
    return result


def mark_sent(ctx: AppContext, ref: DocumentRef) -> None:
    """Record that an issued letter was sent (or a certificate handed over)."""
    require(ctx, Permission.ISSUE_DECISION)
    with ctx.uow() as uow:
        session = uow.session
        doc = _load(session, ref)
        if doc.state == "draft":
            raise ServiceError(_("Et utkast kan ikke sendes. Fatt vedtaket først."))
        if doc.state == "sent":
            return
        doc.row.state = "sent"
        ctx.audit(session, "send", doc.table, ref.id, doc.person_id, doc.letter_type)
        uow.commit()


def issued_letter(ctx: AppContext, ref: DocumentRef) -> Letter:
    """The DTO an issued letter was rendered from (as archived with it)."""
    _require_read(ctx)
    with ctx.uow() as uow:
        doc = _load(uow.session, ref)
        if doc.state == "draft" or "letter" not in doc.content:
            raise ServiceError(_("Brevet er ikke fattet ennå."))
        return content_.letter_from_json(doc.letter_type, doc.content["letter"])


def template_preview(ctx: AppContext, letter_type: str, lang: WrittenStandard = "nb",
                     name: str | None = None) -> bytes:
    """Any letter type with the office's letterhead and a sample case (Settings → Brevmaler)."""
    if letter_type not in LETTER_TYPES:
        raise ValidationError({"letter_type": _("Ukjent brevtype: {type}", type=letter_type)})
    if lang not in WRITTEN_STANDARDS:
        raise ValidationError({"lang": _("Målformen må være bokmål (nb) eller nynorsk (nn).")})
    letter = sample_letter(letter_type, lang, name or None)
    with ctx.uow() as uow:
        session = uow.session
        if session.scalars(select(OfficeSettings.id).limit(1)).first() is not None:
            office = office_info(session, lang)
            letter = dataclasses.replace(letter, office=office,
                                         new_fvl_in_force=new_fvl_in_force(office_parameters(session)))
    return render_letter(letter, lang)


__all__ = [
    "CERTIFICATE_STATES",
    "STATES",
    "DocumentRef",
    "DocumentView",
    "DraftChanges",
    "DraftField",
    "DraftForm",
    "IssuedDocument",
    "RecipientOverride",
    "RecipientView",
    "create_draft",
    "create_grant_draft",
    "create_refusal_draft",
    "discard_draft",
    "document",
    "documents_for_person",
    "draft_form",
    "failed_criteria",
    "grant_source",
    "issue",
    "issue_batch",
    "issued_letter",
    "mark_sent",
    "new_fvl_in_force",
    "office_info",
    "preview",
    "refusal_reasons",
    "refusal_source",
    "reprint",
    "reprint_batch",
    "reset_draft",
    "template_preview",
    "update_draft",
]
