"""Findings of the legal review of the letters and payouts, each as a regression test
(on SQLite and PostgreSQL, from the demo office)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.letters import decisions, drafting
from kvp_desktop.services.letters.dto import DocumentRef, DraftChanges
from kvp_desktop.services.payouts import refunds
from kvp_desktop.services.programmes import programmes
from kvp_desktop.store.models import PayoutLine, PayoutRun, Programme


def _text(pdf: bytes) -> str:
    raw = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw.replace("\u00a0", " "))


def _worker(ctx: AppContext) -> AppContext:
    return ctx.as_user("demo.saksbehandler")


def _active(ctx: AppContext) -> tuple[int, int]:
    with ctx.uow() as uow:
        programme = uow.session.scalars(select(Programme).where(Programme.status == "active")
                                        .order_by(Programme.id)).first()
        assert programme is not None
        return programme.person_id, programme.id


CONSIDERED = {"considerations": "Fraværet har vart over tid, og du har ikke tatt kontakt for å endre planen."}


# --- stans: never an invented advance notice (fvl. §§ 16, 17, 25; stl. § 34) -----------------------------
def test_a_stop_without_an_issued_notice_names_no_notice_and_cannot_be_issued(demo_ctx: AppContext,
                                                                             today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    ref = drafting.create_draft(ctx, person_id, "stans", programme_id=programme_id, today=today)
    form = {f.name: f.value for f in drafting.draft_form(ctx, ref).fields}
    assert form["notice_date"] == ""  # no date is invented
    body = _text(decisions.preview(ctx, ref, today=today))
    assert "forhåndsvarsel om stans" not in body and "Vi har ikke fått noen uttalelse" not in body
    drafting.update_draft(ctx, ref, DraftChanges(fields=CONSIDERED), today=today)
    with pytest.raises(ValidationError, match="forhåndsvarsel"):
        decisions.issue(ctx, ref, today=today)
    # A recorded exception under fvl. § 16 with its reason lets it be issued, and the letter says why.
    reason = "Du har flyttet og har ikke oppgitt noen adresse vi kan nå deg på."
    drafting.update_draft(ctx, ref, DraftChanges(fields={"notice_exception": reason}), today=today)
    issued = decisions.issue(ctx, ref, today=today)
    text = _text(issued.pdf)
    assert "Vi har ikke sendt deg forhåndsvarsel" in text and reason in text and "forvaltningsloven § 16" in text


def test_a_stop_waits_for_the_notice_deadline_and_assesses_the_statement(demo_ctx: AppContext,
                                                                         today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    notice = drafting.create_draft(ctx, person_id, "forhandsvarsel_stans", programme_id=programme_id, today=today)
    decisions.issue(ctx, notice, today=today)
    deadline = today + dt.timedelta(days=14)
    stop = drafting.create_draft(ctx, person_id, "stans", programme_id=programme_id, today=today)
    drafting.update_draft(ctx, stop, DraftChanges(fields=CONSIDERED), today=today)
    with pytest.raises(ValidationError, match="Fristen for å uttale seg"):
        decisions.issue(ctx, stop, today=deadline)
    drafting.update_draft(ctx, stop, DraftChanges(fields={"participant_comments": "Jeg var syk."}), today=today)
    after = deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="vurdert deltakerens uttalelse"):
        decisions.issue(ctx, stop, today=after)
    assessment = "Du meldte ikke fra om sykdom de dagene du var borte."
    drafting.update_draft(ctx, stop, DraftChanges(fields={"comments_assessment": assessment}), today=today)
    text = _text(decisions.issue(ctx, stop, today=after).pdf)
    assert f"forhåndsvarsel om stans {today.day}. november 2026" in text
    assert "Jeg var syk." in text and assessment in text


def test_a_stop_cannot_name_a_notice_that_was_never_issued(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    ref = drafting.create_draft(ctx, person_id, "stans", programme_id=programme_id, today=today)
    drafting.update_draft(ctx, ref, DraftChanges(fields={**CONSIDERED, "notice_date": "02.11.2026"}), today=today)
    with pytest.raises(ValidationError, match="ikke noe fattet forhåndsvarsel"):
        decisions.issue(ctx, ref, today=today)
    assert decisions.document(ctx, DocumentRef("decision", ref.id)).state == "draft"


# --- refusjon: only what was paid for the benefit's own days (stl. § 38), one rule ------------------------
def _allowance_line(ctx: AppContext) -> tuple[int, dt.date, dt.date, Decimal]:
    """A full-month allowance line of an approved run in the demo office."""
    with ctx.uow() as uow:
        row = uow.session.execute(
            select(PayoutLine.person_id, PayoutLine.period_from, PayoutLine.period_to, PayoutLine.amount)
            .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .join(Programme, Programme.id == PayoutLine.programme_id)
            .where(PayoutRun.state != "draft", PayoutLine.code == "allowance", PayoutLine.amount > Decimal("0"),
                   func.extract("day", PayoutLine.period_from) == 1, Programme.start_date < PayoutLine.period_from,
                   Programme.end_date.is_(None))
            .order_by(PayoutLine.id)).first()
    assert row is not None, "the demo has approved runs"
    person_id, start, end, amount = row
    assert end.month == start.month and end.day >= 28
    return person_id, start, end, amount


def test_a_part_month_refund_claims_what_was_paid_for_those_days(demo_ctx: AppContext) -> None:
    ctx = _worker(demo_ctx)
    person_id, start, end, amount = _allowance_line(ctx)
    # The benefit's own days: the first Monday–Friday of the month.
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    friday = monday + dt.timedelta(days=4)
    weekdays = sum(1 for i in range((end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() < 5)
    with ctx.uow() as uow:
        extra = uow.session.scalar(
            select(func.coalesce(func.sum(PayoutLine.amount), 0)).join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .where(PayoutRun.state != "draft", PayoutLine.person_id == person_id,
                   PayoutLine.code.in_(("invalid_absence", "paid_work", "other_benefit")),
                   PayoutLine.period_from <= end, PayoutLine.period_to >= start))
    assert not extra  # a plain month, so the expected share is simple
    expected = (amount * 5 / weekdays).quantize(Decimal("0.01"))
    assert refunds.kvp_paid(ctx, person_id, monday, friday) == expected
    ctx_payout = demo_ctx.as_user("demo.saksbehandler")
    with pytest.raises(ValidationError, match="ikke være større"):
        refunds.register_claim(ctx_payout, person_id, "sykepenger", monday, friday, Decimal("9000.00"))
    claim_id = refunds.register_claim(ctx_payout, person_id, "sykepenger", monday, friday, expected)
    assert claim_id > 0
    ref = drafting.create_draft(ctx, person_id, "refusjon", today=end + dt.timedelta(days=40))
    values = {f.name: f.value for f in drafting.draft_form(ctx, ref).fields}
    shown = f"{expected:.2f}".replace(".", ",")
    assert values["allowance_paid"] == shown and values["refund_amount"] == shown
    # Full or partial refund is discretion: the letter cannot be issued without the grounds.
    with pytest.raises(ValidationError, match="hele eller deler"):
        decisions.issue(ctx, ref, today=end + dt.timedelta(days=40))


# --- defaults for discretion never go out unedited (fvl. § 25) ---------------------------------------
@pytest.mark.parametrize("letter_type", ["forlengelse", "saerskilt_forlengelse", "tilbakebetaling",
                                         "ikke_individuell_plan"])
def test_a_decision_with_a_default_discretionary_reason_is_not_issued(demo_ctx: AppContext, today: dt.date,
                                                                       letter_type: str) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    ref = drafting.create_draft(ctx, person_id, letter_type, programme_id=programme_id, today=today)
    if letter_type == "tilbakebetaling":
        drafting.update_draft(ctx, ref, DraftChanges(fields={"payment_account": "1234.56.78903",
                                                              "repayment_amount": "1000,00",
                                                              "overpaid_amount": "1000,00"}), today=today)
    with pytest.raises(ValidationError, match="standardteksten"):
        decisions.issue(ctx, ref, today=today)
    drafting.update_draft(ctx, ref, DraftChanges(fields={"reasons": "Den konkrete vurderingen i saken. | "
                                                                     "sosialtjenesteloven § 32"}), today=today)
    assert decisions.issue(ctx, ref, today=today).sha256


# --- permisjon: the leave is added to the programme once (stl. § 32) ---------------------------------
def test_the_leave_letter_counts_the_registered_leave_once(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    before = programmes.get_programme(ctx, programme_id)
    leave_from, leave_to = dt.date(2026, 12, 14), dt.date(2026, 12, 18)
    programmes.add_period(ctx, programme_id, "leave", leave_from, leave_to, "Begravelse i familien",
                          expected_version=before.version, today=today)
    moved = programmes.get_programme(ctx, programme_id).planned_end_date
    assert moved == before.last_day + dt.timedelta(days=5)
    ref = drafting.create_draft(ctx, person_id, "permisjon", programme_id=programme_id, today=today)
    values = {f.name: f.value for f in drafting.draft_form(ctx, ref).fields}
    assert values["new_end_date"] == moved.strftime("%d.%m.%Y")  # not five days more
    assert (values["leave_from"], values["leave_to"]) == ("14.12.2026", "18.12.2026")


# --- unconfirmed values that move money are listed where a run is approved ---------------------------
def test_a_run_lists_the_unconfirmed_values_its_lines_were_computed_with(demo_ctx: AppContext) -> None:
    from kvp_desktop.services.payouts import unconfirmed

    approver = demo_ctx.as_user("demo.attestant")
    with demo_ctx.uow() as uow:
        runs = {run.label: (run.id, run.period_from) for run in uow.session.scalars(select(PayoutRun))}
        child_lines = {run_id for (run_id,) in uow.session.execute(
            select(PayoutLine.run_id).where(PayoutLine.code == "child_supplement").distinct())}
    run_id, start = runs["2026-10"]
    assert start.year == 2026 and run_id in child_lines
    values = unconfirmed.unconfirmed_for_run(approver, run_id)
    names = {(v.name, v.effective_from) for v in values}
    # 38 kr from 1 January 2026: the amount is confirmed, its start date for KVP is not.
    assert ("child_supplement_rate", dt.date(2026, 1, 1)) in names
    assert ("g", dt.date(2026, 5, 1)) not in names  # G 2026 is set by FOR-2026-05-22-869
    assert all(unconfirmed.describe(v) for v in values)
    # A 2025 run's child supplement (37 kr, confirmed by nav.no) is not listed.
    run_2025 = next((rid for label, (rid, s) in runs.items() if s.year == 2025 and rid in child_lines), None)
    if run_2025 is not None:
        assert ("child_supplement_rate", dt.date(2025, 1, 1)) not in {
            (v.name, v.effective_from) for v in unconfirmed.unconfirmed_for_run(approver, run_2025)}


# --- «Jobbe delvis» is assessed by the caseworker and a mixed refusal goes two ways ------------------
def test_jobbe_delvis_is_judged_in_the_screening_and_a_mixed_refusal_names_both_bodies(demo_ctx: AppContext,
                                                                                        today: dt.date) -> None:
    import random

    from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
    from kvp_desktop.services.portfolio import persons
    from kvp_desktop.services.screening import applications, screening
    from kvp_desktop.services.screening.applications import ApplicationInput
    from kvp_desktop.services.screening.screening import ConclusionInput, Judgement, ScreeningFacts

    ctx = _worker(demo_ctx)
    birth = dt.date(1985, 6, 6)
    person_id = persons.create_person(ctx, persons.PersonInput(
        synthetic_fodselsnummer(random.Random(3), birth, "2"), "Delvis", "Søker", address="Storgata 2",
        postcode="3140", postplace="Nøtterøy"), today).id
    application = applications.register_application(ctx, ApplicationInput(
        person_id=person_id, registered_date=today - dt.timedelta(days=5),
        work_ability_assessment_date=today - dt.timedelta(days=15), work_ability_outcome="gradert_varig"), today)
    view = screening.start_screening(ctx, application.id, today)
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=False)
    met = (Judgement("reduced_capacity", "met", "Du har varig nedsatt arbeidsevne."),
           Judgement("close_coordinated_help", "met", "Du trenger hjelp fra flere tjenester."),
           Judgement("suitable_programme", "not_met", "Vi har ikke et program som passer nå."))
    evaluation = screening.preview(ctx, view.id, facts, met, today)
    work = evaluation.criterion("work_ability_assessment")
    assert work.state == "needs_assessment" and work.needs_judgement
    judged = (*met, Judgement("work_ability_assessment", "not_met", "Du kan jobbe deltid med støtte fra NAV."))
    result = screening.conclude_screening(ctx, view.id, view.version, facts, judged, ConclusionInput(),
                                          dt.datetime.combine(today, dt.time(10)))
    assert result.appeal_route == "both"
    text = _text(decisions.preview(ctx, DocumentRef("decision", result.decision_id), today=today))
    assert "NAV klageinstans" in text and "Statsforvalteren i Vestfold og Telemark" in text


# --- § 40 trekk: basis recorded, capped by the office's share, participant notified -----------------
def test_a_deduction_needs_its_basis_notice_and_stays_within_the_office_share(demo_ctx: AppContext,
                                                                              today: dt.date) -> None:
    from kvp_desktop.rules.recovery import max_deduction
    from kvp_desktop.services.office.parameters import office_parameters
    from kvp_desktop.services.payouts import recoveries
    from kvp_desktop.store.models import Person, Recovery

    ctx = _worker(demo_ctx)
    person_id, _programme = _active(ctx)
    with ctx.uow() as uow:
        person = uow.session.get(Person, person_id)
        assert person is not None
        limit = max_deduction(person.birth_date, today, office_parameters(uow.session))
    assert Decimal("1000") < limit < Decimal("2400")  # 10 % of a whole month's stønad by default
    common = {"incorrect_information": False, "registered_date": today}
    with pytest.raises(ValidationError, match="grunnlaget") as info:
        recoveries.register_recovery(ctx, person_id, Decimal("5000.00"), "Dobbelt utbetalt",
                                     deduction_per_payout=Decimal("500.00"), **common)  # type: ignore[arg-type]
    assert {"deduction_basis", "deduction_basis_date", "deduction_notified_date"} <= set(info.value.problems)
    basis = {"deduction_basis": "agreement", "deduction_basis_date": today, "deduction_notified_date": today}
    with pytest.raises(ValidationError, match="høyst"):
        recoveries.register_recovery(ctx, person_id, Decimal("5000.00"), "Dobbelt utbetalt",
                                     deduction_per_payout=limit + Decimal("0.01"), **common,  # type: ignore[arg-type]
                                     **basis)  # type: ignore[arg-type]
    recovery_id = recoveries.register_recovery(ctx, person_id, Decimal("5000.00"), "Dobbelt utbetalt",
                                               deduction_per_payout=limit, **common, **basis)  # type: ignore[arg-type]
    with ctx.uow() as uow:
        row = uow.session.get(Recovery, recovery_id)
        assert row is not None
        assert (row.deduction_basis, row.deduction_basis_date, row.deduction_notified_date) == (
            "agreement", today, today)


# --- advance notice before tilbakebetaling, refusjon and trekk (fvl. § 16) ----------------------------
@pytest.mark.parametrize(("matter", "words"), [("tilbakebetaling", "betaler tilbake"), ("refusjon", "i refusjon"),
                                               ("trekk", "i hver utbetaling")])
def test_an_advance_notice_is_offered_before_tilbakebetaling_refusjon_and_trekk(
        demo_ctx: AppContext, today: dt.date, matter: str, words: str) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    ref = drafting.create_draft(ctx, person_id, "forhandsvarsel", programme_id=programme_id, today=today,
                                 matter=matter)
    drafting.update_draft(ctx, ref, DraftChanges(fields={"amount": "1200,00"}), today=today)
    issued = decisions.issue(ctx, ref, today=today)
    text = _text(issued.pdf)
    assert words in text and "1 200 kr" in text and "forvaltningsloven § 16" in text
    assert "Dette er ikke et vedtak" in text and "Du har rett til å klage" not in text
    with pytest.raises(ValidationError, match="tilbakebetaling, refusjon eller trekk"):
        drafting.create_draft(ctx, person_id, "forhandsvarsel", programme_id=programme_id, today=today,
                               matter="stans")


# --- warnings, not hard blocks, where the law gives discretion ---------------------------------------
def test_a_long_first_period_is_not_blocked_in_the_grant_draft(demo_ctx: AppContext, today: dt.date) -> None:
    from kvp_desktop.services.letters.drafting import GrantDraftInput, create_grant_draft
    from kvp_desktop.store.models import Application

    ctx = _worker(demo_ctx)
    with ctx.uow() as uow:
        application = uow.session.scalars(select(Application).where(Application.status == "granted")
                                          .order_by(Application.id)).first()
        assert application is not None
        person_id, application_id = application.person_id, application.id
    start = dt.date(2027, 1, 4)
    decision_id = create_grant_draft(ctx, GrantDraftInput(person_id, application_id, start, dt.date(2028, 2, 3),
                                                          today=today))
    assert decision_id > 0
