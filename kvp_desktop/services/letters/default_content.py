"""The default content of a new draft, per letter type, from the data (the rules engine's amounts,
the programme, the latest application, the case texts in ``resources/letters/case_texts``).

The caseworker edits these texts before issuing; :mod:`.drafting` stores them in the draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.documents.letters import kroner
from kvp_desktop.documents.model import (
    NOTICE_MATTERS,
    CalculationLine,
    Letter,
    ReasonLine,
    StopLetter,
    WrittenStandard,
)
from kvp_desktop.i18n import _, format_date, format_number, translate
from kvp_desktop.money import ZERO, round_ore
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar, rates
from kvp_desktop.rules import programme as programme_rules
from kvp_desktop.rules import refund as refund_rules
from kvp_desktop.rules.grant_calculation import grant_calculation
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.letters import content as content_
from kvp_desktop.services.letters.rows import office_row
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.services.payouts.refunds import paid_for_period
from kvp_desktop.store.models import (
    Application,
    Attendance,
    Child,
    Decision,
    Person,
    Programme,
    Recovery,
    RefundClaim,
    Screening,
)

# --- default content per letter type --------------------------------------------------------------


@dataclass
class Gen:
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


def latest_programme(session: Session, person_id: int) -> Programme | None:
    return session.scalars(
        select(Programme).where(Programme.person_id == person_id)
        .order_by(Programme.start_date.desc(), Programme.id.desc()).limit(1)
    ).first()


def latest_application(session: Session, person_id: int) -> Application | None:
    return session.scalars(
        select(Application).where(Application.person_id == person_id)
        .order_by(Application.registered_date.desc(), Application.id.desc()).limit(1)
    ).first()


def _application_facts(g: Gen, application: Application | None, work_ability: bool = True) -> list[str]:
    facts = []
    if application is not None:
        facts.append(g.t("facts.application", date=g.date(application.registered_date)))
        if application.work_ability_assessment_date and work_ability:
            facts.append(g.t("facts.work_ability", date=g.date(application.work_ability_assessment_date)))
    return facts


def _supported_children(session: Session, person_id: int, on: dt.date) -> int:
    rows = session.scalars(select(Child).where(Child.person_id == person_id, Child.supported.is_(True))).all()
    return sum(1 for child in rows if child.birth_date <= on < calendar.anniversary(child.birth_date, 18))


def _amounts(g: Gen, on: dt.date) -> tuple[Decimal, Decimal, bool]:
    """Annual and monthly allowance on ``on`` and whether the under-25 rate applies (stl. § 35)."""
    params = g.params
    annual = rates.annual_rate(g.person.birth_date, on, params)
    months = params.integer("months_per_year", on)
    return annual, round_ore(annual / months), not rates.is_full_rate(g.person.birth_date, on, params)


def grant_fields(g: Gen) -> dict[str, Any]:
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
    payday = office_row(g.session).payday
    next_month = calendar.first_of_next_month(start)
    first_payout = dt.date(next_month.year, next_month.month, min(payday, 28))
    weekly = params.decimal("weekly_hours", start)
    months = 1
    while calendar.add_months(start, months + 1) - dt.timedelta(days=1) <= end:
        months += 1
    programme = latest_programme(g.session, g.person.id)
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
    return kroner(amount, lang)


def _paragraphs(text: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(text, str):
        return tuple(part.strip() for part in text.split("\n") if part.strip())
    return tuple(str(part).strip() for part in text if str(part).strip())


def _met_criteria(g: Gen, application: Application | None) -> list[ReasonLine]:
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


def refusal_fields(g: Gen) -> dict[str, Any]:
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


def extension_fields(g: Gen, special: bool) -> dict[str, Any]:
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


def _absence(g: Gen, programme: Programme, until: dt.date) -> tuple[list[ReasonLine], list[str]]:
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


def stop_notice_fields(g: Gen) -> dict[str, Any]:
    programme = g.programme()
    grounds, facts = _absence(g, programme, g.today)
    return {
        "planned_stop_date": g.today + dt.timedelta(days=28),
        "grounds": tuple(grounds),
        "facts": tuple(facts),
        "comment_deadline": g.today + dt.timedelta(days=14),
    }


def advance_notice_fields(g: Gen) -> dict[str, Any]:
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


def stop_fields(g: Gen) -> dict[str, Any]:
    programme = g.programme()
    stop = programme.end_date if programme.status == "stopped" and programme.end_date else g.today + dt.timedelta(
        days=7)
    notice = _latest_stop_notice(g.session, g.person.id)
    # The date of the issued forhåndsvarsel, never an invented one: without a notice the draft
    # cannot be issued until one is issued and its deadline has passed, or an exception under
    # fvl. § 16 is recorded with its reason (see check_stop).
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


def check_stop(session: Session, person_id: int, letter: Letter, today: dt.date, problems: dict[str, str]) -> None:
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


def leave_fields(g: Gen) -> dict[str, Any]:
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


def refund_fields(g: Gen) -> dict[str, Any]:
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
    return paid_for_period(session, person_id, period_from, period_to)


def no_plan_fields(g: Gen) -> dict[str, Any]:
    return {
        "facts": (),
        "reasons": (ReasonLine(text=g.t("reasons.no_plan"), reference=g.ref("no_plan")),),
        "considerations": (),
        "request_date": None,
    }


def repayment_fields(g: Gen) -> dict[str, Any]:
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
