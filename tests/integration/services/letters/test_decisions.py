"""Decisions and certificates through the service, from the demo office, on SQLite and PostgreSQL.

Every letter type is drafted from the demo data, issued, read back with pypdf and checked for
what forvaltningsloven asks for, in bokmål and nynorsk. Issued letters are frozen (service and
database), reprints are byte-identical, refused roles write nothing, prints leave audit rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kvp_desktop.documents.letters import kroner, render_letter, sha256
from kvp_desktop.documents.model import LETTER_TYPES
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ServiceError, ValidationError
from kvp_desktop.services.letters import decisions, drafting
from kvp_desktop.services.letters.drafting import (
    GrantDraftInput,
    RefusalDraftInput,
    create_grant_draft,
    create_refusal_draft,
)
from kvp_desktop.services.letters.dto import DocumentRef, DraftChanges, RecipientOverride
from kvp_desktop.store.models import (
    Application,
    AuditEvent,
    Certificate,
    Decision,
    ParameterOverride,
    Person,
    Programme,
    Recovery,
    RefundClaim,
)

MONTHS = ("januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember")
DATE = re.compile(rf"\b\d{{1,2}}\. (?:{MONTHS}) \d{{4}}\b")
KRONER = re.compile(r"\b\d{1,3}(?: \d{3})*(?:,\d{2})? kr\b")
WITH_AMOUNTS = ("innvilgelse", "forlengelse", "saerskilt_forlengelse", "refusjon", "tilbakebetaling")

PHRASES = {
    "nb": {"complaint": "Du har rett til å klage", "deadline": "Klagefristen er tre uker",
           "appeal": "Statsforvalteren i Vestfold og Telemark", "law": "sosialtjenesteloven",
           "fvl": "forvaltningsloven",
           "access": "Du har rett til å se dokumentene i saken", "postpone": "forvaltningsloven § 42"},
    "nn": {"complaint": "Du har rett til å klage", "deadline": "Klagefristen er tre veker",
           "appeal": "Statsforvaltaren i Vestfold og Telemark", "law": "sosialtenestelova", "fvl": "forvaltningslova",
           "access": "Du har rett til å sjå dokumenta i saka", "postpone": "forvaltningslova § 42"},
}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", raw)  # line breaks and non-breaking spaces read as one space


def worker(ctx: AppContext) -> AppContext:
    return ctx.as_user("demo.saksbehandler")


def _persons(ctx: AppContext) -> dict[str, int]:
    """Demo persons for each kind of letter (the same seed always gives the same office)."""
    with ctx.uow() as uow:
        s = uow.session
        refused = s.scalars(select(Application.person_id).where(Application.status == "refused")
                            .order_by(Application.id)).first()
        granted = s.scalars(select(Application.person_id).where(Application.status == "granted")
                            .order_by(Application.id)).first()
        active = s.scalars(select(Programme.person_id).where(Programme.status == "active")
                           .order_by(Programme.id)).first()
        completed = s.scalars(select(Programme.person_id).where(Programme.status == "completed")
                              .order_by(Programme.id)).first()
    assert refused and granted and active and completed, "the demo office has every kind of case"
    return {"refused": refused, "granted": granted, "active": active, "completed": completed}


def _add_claims(ctx: AppContext, person_id: int, today: dt.date) -> None:
    """A registered refund claim and a § 23 recovery (demo data has none)."""
    with ctx.uow() as uow:
        first = dt.date(today.year, today.month - 2, 1)
        uow.session.add(RefundClaim(person_id=person_id, benefit="sykepenger", period_from=first,
                                    period_to=dt.date(today.year, today.month - 1, 1) - dt.timedelta(days=1),
                                    amount=Decimal("9876.50")))
        uow.session.add(Recovery(person_id=person_id, amount=Decimal("12345.00"), cause="Lønn fra Tjøme Kyst AS",
                                 incorrect_information=True, registered_date=today - dt.timedelta(days=10)))
        uow.commit()


def _draft(ctx: AppContext, persons: dict[str, int], letter_type: str, today: dt.date) -> DocumentRef:
    who = {"innvilgelse": "granted", "avslag": "refused", "deltakerbevis": "completed"}.get(letter_type, "active")
    ref = drafting.create_draft(ctx, persons[who], letter_type, today=today)
    if letter_type == "tilbakebetaling":
        drafting.update_draft(ctx, ref, DraftChanges(fields={"payment_account": "1234.56.78903"}), today=today)
    # The discretionary assessments a caseworker writes before issuing (defaults are refused).
    written = {
        "stans": {"considerations": "Fraværet har vart over tid, og du har ikke tatt kontakt for å endre planen."},
        "refusjon": {"considerations": "Du fikk begge ytelsene for de samme dagene og hadde ingen ekstra utgifter."},
        "forlengelse": {"reasons": "Du er i praksis og trenger et halvt år til for å få fast jobb. | "
                                   "sosialtjenesteloven § 32"},
        "saerskilt_forlengelse": {"reasons": "Du har fått tilbud om fast jobb etter endt fagbrev i vår. | "
                                             "sosialtjenesteloven § 32 andre ledd"},
        "ikke_individuell_plan": {"reasons": "Du får hjelp bare fra NAV-kontoret, og programmet samordner den. | "
                                             "sosialtjenesteloven § 33"},
        "tilbakebetaling": {"reasons": "Du oppga ikke lønnen fra Tjøme Kyst AS i meldekortene for oktober. | "
                                       "sosialtjenesteloven § 40 andre ledd, jf. § 23"},
    }
    if letter_type in written:
        drafting.update_draft(ctx, ref, DraftChanges(fields=written[letter_type]), today=today)
    return ref


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_letter_type_from_demo_data_carries_what_the_law_asks(
    demo_ctx: AppContext, today: dt.date, lang: str
) -> None:
    ctx = worker(demo_ctx)
    persons = _persons(ctx)
    _add_claims(ctx, persons["active"], today)
    words = PHRASES[lang]
    for letter_type, cls in LETTER_TYPES.items():
        # A stans is issued after the advance notice's deadline (14 days after the notice issued just before).
        day = today + dt.timedelta(days=15) if letter_type == "stans" else today
        ref = _draft(ctx, persons, letter_type, day)
        drafting.update_draft(ctx, ref, DraftChanges(written_standard=lang), today=day)
        issued = decisions.issue(ctx, ref, today=day)
        body = pdf_text(issued.pdf)
        where = f"{letter_type}/{lang}"
        assert issued.sha256 == sha256(issued.pdf)
        assert "NAV Færder (demo)" in body, where
        assert "Project-Id-Version" not in body, where  # an empty text must never become the catalog header
        assert "23. november 2026" in body, where  # the letter date, written out
        if letter_type != "ikke_individuell_plan":  # the others name a period, a deadline or a stop date
            assert len(DATE.findall(body)) >= 2, where
        with demo_ctx.uow() as uow:
            person = uow.session.get(Person, persons["completed" if letter_type == "deltakerbevis" else
                                                     {"innvilgelse": "granted", "avslag": "refused"}.get(
                                                         letter_type, "active")])
            assert person is not None
            assert f"{person.first_name} {person.last_name}" in body, where
        if cls.is_decision:
            for key in ("complaint", "deadline", "appeal", "law", "fvl", "access", "postpone"):
                assert words[key] in body, f"{where}: {words[key]!r} missing"
            assert re.search(r"§ \d+", body), where
        if letter_type == "forhandsvarsel_stans":
            assert words["complaint"] not in body and words["access"] in body, where
            assert f"{words['fvl']} § 16" in body, where
        if letter_type == "stans":  # the stop date the advance notice (issued just before) announced
            assert "21. desember 2026" in body and "23. november 2026" in body, where
        if letter_type in WITH_AMOUNTS:
            assert KRONER.search(body), f"{where}: no amount in kroner"
        if letter_type == "deltakerbevis":
            assert "prosent" in body, where
    # nothing else in the other written standard slipped in: nynorsk letters use nynorsk law names
    if lang == "nn":
        assert "sosialtjenesteloven" not in body


def test_grant_amounts_come_from_the_rules_engine(demo_ctx: AppContext, today: dt.date) -> None:
    from kvp_desktop.rules import rates
    from kvp_desktop.services.office.parameters import shipped_parameters

    ctx = worker(demo_ctx)
    person_id = _persons(ctx)["granted"]
    with ctx.uow() as uow:
        application = uow.session.scalars(select(Application).where(Application.person_id == person_id)).first()
        person = uow.session.get(Person, person_id)
        assert application is not None and person is not None
        birth, app_id = person.birth_date, application.id
    start, end = dt.date(2026, 12, 7), dt.date(2027, 12, 6)
    decision_id = create_grant_draft(ctx, GrantDraftInput(person_id, app_id, start, end,
                                                          "Trenger tett oppfølging over tid.", today=today))
    body = pdf_text(decisions.preview(ctx, DocumentRef("decision", decision_id), today=today))
    annual = rates.annual_rate(birth, start, shipped_parameters())
    assert kroner(annual, "nb").replace("\u00a0", " ") in body
    assert "7. desember 2026" in body and "6. desember 2027" in body
    assert "12 måneder" in body
    assert "Trenger tett oppfølging over tid." in body


def test_refusal_draft_keeps_each_criterion_and_the_14a_route(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    person_id = _persons(ctx)["refused"]
    with ctx.uow() as uow:
        app_id = uow.session.scalars(select(Application.id).where(Application.person_id == person_id)).first()
    assert app_id is not None
    decision_id = create_refusal_draft(ctx, RefusalDraftInput(
        person_id, app_id,
        (("Vesentlig nedsatt arbeidsevne", "Arbeidsevnevurderingen viser god arbeidsevne.",
          "stl. § 29 første ledd, jf. NAV-loven § 14 a", True),
         ("Ingen ytelser til livsopphold", "", "stl. § 29 første ledd", False)),
        "Vi har lagt vekt på arbeidsevnevurderingen.", today=today))
    body = pdf_text(decisions.preview(ctx, DocumentRef("decision", decision_id), today=today))
    assert "Vesentlig nedsatt arbeidsevne: Arbeidsevnevurderingen viser god arbeidsevne." in body
    assert "sosialtjenesteloven § 29 første ledd" in body  # "stl." spelled out
    assert "NAV klageinstans" in body
    assert "Ingen ytelser til livsopphold" in body and "Project-Id-Version" not in body
    with pytest.raises(ValidationError):
        create_refusal_draft(ctx, RefusalDraftInput(person_id, app_id, (), today=today))


def test_issued_letter_is_frozen_in_the_service_and_the_database(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    persons = _persons(ctx)
    ref = _draft(ctx, persons, "forlengelse", today)
    issued = decisions.issue(ctx, ref, today=today)
    with pytest.raises(ServiceError, match="fattet og kan ikke endres"):
        drafting.update_draft(ctx, ref, DraftChanges(fields={"facts": "Ny tekst"}))
    with pytest.raises(ServiceError, match="fattet og kan ikke endres"):
        decisions.issue(ctx, ref, today=today)
    with pytest.raises(ServiceError):
        drafting.discard_draft(ctx, ref)
    with ctx.uow() as uow, pytest.raises(DBAPIError):
        uow.session.execute(text("UPDATE decisions SET sha256 = 'x' WHERE id = :id"), {"id": ref.id})
        uow.commit()
    with ctx.uow() as uow, pytest.raises(DBAPIError):
        uow.session.execute(text("DELETE FROM decisions WHERE id = :id"), {"id": ref.id})
        uow.commit()
    cert = drafting.create_draft(ctx, persons["completed"], "deltakerbevis", today=today)
    drafting.update_draft(ctx, cert, DraftChanges(fields={"participant_statement": "Jeg lærte mye."}))
    decisions.issue(ctx, cert, today=today)
    with ctx.uow() as uow, pytest.raises(DBAPIError):
        uow.session.execute(text("UPDATE certificates SET pdf = NULL WHERE id = :id"), {"id": cert.id})
        uow.commit()
    # unchanged, and marking it sent is still allowed (the state is not part of the letter)
    decisions.mark_sent(ctx, ref)
    assert decisions.reprint(ctx, ref) == issued.pdf
    assert decisions.document(ctx, ref).state == "sent"


def test_reprint_is_byte_identical_and_rendering_again_gives_the_same_hash(
    demo_ctx: AppContext, today: dt.date
) -> None:
    ctx = worker(demo_ctx)
    ref = drafting.create_draft(ctx, _persons(ctx)["active"], "forhandsvarsel_stans", today=today)
    issued = decisions.issue(ctx, ref, today=today)
    first = decisions.reprint(ctx, ref)
    second = decisions.reprint(ctx, ref, purpose="export")
    assert first == second == issued.pdf
    assert sha256(first) == issued.sha256 == decisions.document(ctx, ref).sha256
    letter = decisions.issued_letter(ctx, ref)
    assert sha256(render_letter(letter, "nb")) == issued.sha256


def test_edits_recipient_and_written_standard(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    ref = drafting.create_draft(ctx, _persons(ctx)["active"], "permisjon", today=today)
    form = drafting.draft_form(ctx, ref)
    assert {f.name for f in form.fields} >= {"leave_from", "leave_to", "facts", "reasons", "considerations"}
    drafting.update_draft(ctx, ref, DraftChanges(
        fields={"leave_from": "01.12.2026", "leave_to": "04.12.2026",
                "considerations": "Vi har lagt vekt på at reisen er planlagt i god tid."},
        recipient=RecipientOverride("Máret Čuđe Ŋuolja", ("c/o Åse Løvås", "Kjærlighetsstien 7 B"), "3140",
                                    "Nøtterøy"),
        written_standard="nn"), today=today)
    body = pdf_text(decisions.preview(ctx, ref, today=today))
    assert "Máret Čuđe Ŋuolja" in body and "Kjærlighetsstien 7 B" in body
    assert "1. desember 2026" in body and "4. desember 2026" in body
    assert "Vi har lagt vekt på at reisen er planlagt i god tid." in body  # edited text kept in nynorsk
    assert "sosialtenestelova" in body or "forskrift om kvalifiseringsprogram" in body
    assert drafting.draft_form(ctx, ref).written_standard == "nn"
    before = drafting.draft_form(ctx, ref)
    with pytest.raises(ValidationError) as problem:
        drafting.update_draft(ctx, ref, DraftChanges(fields={"leave_from": "32.13.2026", "leave_kind": "x"}))
    assert "gyldig dato" in problem.value.problems["leave_from"]
    assert drafting.draft_form(ctx, ref) == before  # bad input changes nothing


def test_batch_issue_is_all_or_nothing_and_batch_print_audits(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    persons = _persons(ctx)
    good = _draft(ctx, persons, "ikke_individuell_plan", today)
    bad = drafting.create_draft(ctx, persons["active"], "tilbakebetaling", today=today)  # no account yet
    with pytest.raises(ValidationError):
        decisions.issue_batch(ctx, [good, bad], today=today)
    assert decisions.document(ctx, good).state == "draft"
    drafting.update_draft(ctx, bad, DraftChanges(fields={"payment_account": "1234.56.78903",
                                                          "repayment_amount": "1000,00",
                                                          "overpaid_amount": "1000,00",
                                                          "reasons": "Du oppga ikke lønnen din. | "
                                                                     "sosialtjenesteloven § 40 andre ledd"}))
    issued = decisions.issue_batch(ctx, [good, bad], today=today)
    assert [d.ref for d in issued] == [good, bad]
    with ctx.uow() as uow:
        before = uow.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "print"))
    pdfs = decisions.reprint_batch(ctx, [good, bad])
    assert pdfs == [d.pdf for d in issued]
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(("print", "issue")),
                                                            AuditEvent.entity_id.in_((good.id, bad.id)))).all()
        after = uow.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "print"))
        assert {r.action for r in rows} == {"print", "issue"}
        assert all(r.username == "demo.saksbehandler" and r.person_id == persons["active"] and r.at for r in rows)
    assert after == (before or 0) + 2


def test_roles_that_may_not_issue_write_nothing(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    persons = _persons(ctx)
    ref = drafting.create_draft(ctx, persons["active"], "forlengelse", today=today)

    def counts() -> tuple[int, int, int]:
        with demo_ctx.uow() as uow:
            s = uow.session
            return (s.scalar(select(func.count()).select_from(Decision)) or 0,
                    s.scalar(select(func.count()).select_from(Certificate)) or 0,
                    s.scalar(select(func.count()).select_from(AuditEvent)) or 0)

    before = counts()
    veileder = demo_ctx.as_user("demo.veileder")
    attestant = demo_ctx.as_user("demo.attestant")
    with pytest.raises(PermissionDeniedError, match="fatte vedtak"):
        drafting.create_draft(veileder, persons["active"], "stans", today=today)
    with pytest.raises(PermissionDeniedError):
        decisions.issue(attestant, ref, today=today)
    with pytest.raises(PermissionDeniedError):
        drafting.update_draft(veileder, ref, DraftChanges(fields={"facts": "x"}))
    with pytest.raises(PermissionDeniedError):
        decisions.reprint(veileder, ref, purpose="export")
    with pytest.raises(PermissionDeniedError):
        create_grant_draft(attestant, GrantDraftInput(persons["granted"], 1, today, today, today=today))
    assert counts() == before
    assert decisions.document(ctx, ref).state == "draft"


def test_documents_for_person_lists_states(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    with ctx.uow() as uow:
        person_id = uow.session.scalars(select(Decision.person_id).where(Decision.state == "sent")).first()
    assert person_id is not None, "the demo has a sent letter"
    views = decisions.documents_for_person(ctx, person_id)
    assert "sent" in {v.state for v in views}
    sent = next(v for v in views if v.state == "sent")
    assert sent.state_label == "Sendt" and sent.has_pdf and sent.date is not None
    assert pdf_text(decisions.reprint(ctx, sent.ref)).count("Du har rett til å klage") == 1


def test_new_forvaltningsloven_from_the_dated_parameter(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = worker(demo_ctx)
    ref = drafting.create_draft(ctx, _persons(ctx)["active"], "stans", today=today)
    assert "forvaltningsloven (2025)" not in pdf_text(decisions.preview(ctx, ref, today=today))
    with ctx.uow() as uow:
        uow.session.add(ParameterOverride(parameter="public_administration_act", effective_from=dt.date(2026, 11, 1),
                                          value="2025", source="Kongelig resolusjon (test)"))
        uow.commit()
    body = pdf_text(decisions.preview(ctx, ref, today=today))
    assert "forvaltningsloven (2025) § 63" in body
    assert "forvaltningsloven (2025) § 42" not in body or "§ 59" in body


def test_template_preview_uses_the_office(demo_ctx: AppContext) -> None:
    body = pdf_text(decisions.template_preview(demo_ctx, "innvilgelse", "nn", "Aslak Somby"))
    assert "NAV Færder (demo)" in body and "Aslak Somby" in body and "Statsforvaltaren i Vestfold" in body
    with pytest.raises(ValidationError):
        decisions.template_preview(demo_ctx, "brev", "nb")


def test_case_texts_have_the_same_keys_and_placeholders_in_nb_and_nn() -> None:
    from kvp_desktop.documents.templates import key_shape
    from kvp_desktop.services.letters.content import _case_texts

    nb, nn = key_shape(_case_texts("nb")), key_shape(_case_texts("nn"))
    assert nb.keys() == nn.keys()
    assert all(nb[key] == nn[key] for key in nb)
