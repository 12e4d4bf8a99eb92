"""The guided case flow through the services: concluding makes a draft (the application waits:
«Vedtak under arbeid», the processing deadline runs), issuing decides it, then «Opprett program»
with the decision's dates; a refusal on a failed criterion without an arbeidsevnevurdering; the
deltakerbevis only after the programme has ended; «Mine oppgaver» in one unit of work."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.letters import certificates, decisions, drafting
from kvp_desktop.services.letters.dto import DocumentRef
from kvp_desktop.services.portfolio import persons, tasks
from kvp_desktop.services.programmes import plan_templates, programmes
from kvp_desktop.services.screening import applications, deadlines, screening
from kvp_desktop.services.screening.applications import ApplicationInput
from kvp_desktop.services.screening.screening import ConclusionInput, Judgement, ScreeningFacts
from kvp_desktop.store.models import Application, Certificate, Programme

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0)
START = dt.date(2026, 12, 7)
PERIOD_TO = dt.date(2027, 6, 6)
SETTLED = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=False)
ALL_MET = (
    Judgement("reduced_capacity", "met", "Lite skolegang og helseplager over lang tid."),
    Judgement("close_coordinated_help", "met", "Trenger oppfølging fra NAV og fastlege."),
    Judgement("suitable_programme", "met", "Arbeidspraksis og norskopplæring kan tilbys."),
)


@pytest.fixture
def worker(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.saksbehandler")


def _applicant(ctx: AppContext, seed: int, **application: object) -> tuple[int, screening.ScreeningView]:
    number = synthetic_fodselsnummer(random.Random(seed), dt.date(1990, 3, 3), "2")
    person = persons.create_person(ctx, persons.PersonInput(number, "Flyt", f"Testesen{seed}", address="Storgata 1",
                                                            postcode="3140", postplace="Nøtterøy"), TODAY)
    values: dict[str, object] = {"registered_date": TODAY - dt.timedelta(days=10),
                                 "work_ability_assessment_date": TODAY - dt.timedelta(days=20),
                                 "work_ability_outcome": "spesielt_tilpasset"}
    values.update(application)
    app = applications.register_application(ctx, ApplicationInput(person_id=person.id, **values), TODAY)  # type: ignore[arg-type]
    return person.id, screening.start_screening(ctx, app.id, TODAY)


def _processing(ctx: AppContext, person_id: int, today: dt.date = TODAY) -> str | None:
    found = deadlines.person_deadlines(ctx, person_id, today)
    return next((d.state for d in found.items if d.kind == "processing"), None)


def test_a_grant_waits_for_its_letter_then_gets_a_programme_with_the_decisions_dates(worker: AppContext) -> None:
    person_id, view = _applicant(worker, 1)
    result = screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET,
                                          ConclusionInput(START, PERIOD_TO), now=NOW)
    app = applications.applications_for_person(worker, person_id)[0]
    assert app.decision_pending and app.status_label == "Vedtak under arbeid"
    assert _processing(worker, person_id) not in (None, "done")  # the deadline runs until the letter is issued
    mine = [t for t in tasks.my_tasks(worker, TODAY) if t.person_id == person_id]
    assert [(t.kind, t.target) for t in mine] == [("issue_letter", "dokumenter")]
    assert programmes.programme_offer(worker, person_id) is None
    with pytest.raises(ValidationError) as refused:
        programmes.create_programme(worker, person_id, START, PERIOD_TO, today=TODAY)
    assert "ikke fattet" in refused.value.problems["application"]

    decisions.issue(worker, DocumentRef("decision", result.decision_id), today=TODAY)
    app = applications.applications_for_person(worker, person_id)[0]
    assert not app.decision_pending and app.status_label == "Innvilget"
    assert _processing(worker, person_id) in (None, "done")
    offer = programmes.programme_offer(worker, person_id)
    assert offer is not None and (offer.start_date, offer.end_date) == (START, PERIOD_TO)
    kinds = {t.kind for t in tasks.my_tasks(worker, TODAY) if t.person_id == person_id}
    assert kinds == {"send_letter", "create_programme"}

    template = plan_templates.list_templates(worker)[0].key
    programme_id = plan_templates.create_from_grant(worker, person_id, today=TODAY, template_key=template)
    view_ = programmes.programmes_for_person(worker, person_id)[0]
    assert view_.id == programme_id and (view_.start_date, view_.planned_end_date) == (START, PERIOD_TO)
    assert view_.phases  # laid out from the template
    assert programmes.programme_offer(worker, person_id) is None
    with pytest.raises(ValidationError):
        plan_templates.create_from_grant(worker, person_id, today=TODAY)


def test_a_refusal_on_a_failed_criterion_needs_no_work_ability_assessment(worker: AppContext) -> None:
    """Amina: language the only obstacle, in ordinary education, no § 14 a assessment made."""
    person_id, view = _applicant(worker, 2, work_ability_assessment_date=None, work_ability_outcome="")
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=True,
                           in_ordinary_education=True)
    judged = (Judgement("reduced_capacity", "not_met", "Språk er eneste hinder; gode resultater i grunnskolen."),)
    evaluation = screening.preview(worker, view.id, facts, judged, TODAY)
    assert evaluation.criterion("work_ability_assessment").state == "needs_assessment"
    assert evaluation.problems == () and evaluation.outcome == "refuse"
    without_reason = (Judgement("reduced_capacity", "not_met", ""),)
    assert screening.preview(worker, view.id, facts, without_reason, TODAY).outcome is None
    result = screening.conclude_screening(worker, view.id, view.version, facts, judged, ConclusionInput(), now=NOW)
    assert result.conclusion == "refuse"
    assert applications.applications_for_person(worker, person_id)[0].status_label == "Vedtak under arbeid"
    assert _processing(worker, person_id) not in (None, "done")
    issued = decisions.issue(worker, DocumentRef("decision", result.decision_id), today=TODAY)
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(issued.pdf)).pages)
    assert "Språk er eneste hinder" in " ".join(text.split())
    with worker.uow() as uow:
        assert uow.session.scalar(select(Application.status).where(Application.person_id == person_id)) == "refused"
    assert applications.applications_for_person(worker, person_id)[0].status_label == "Avslått"
    assert _processing(worker, person_id) is None


def test_the_certificate_waits_for_the_end_of_the_programme(worker: AppContext) -> None:
    person_id, view = _applicant(worker, 3)
    result = screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET,
                                          ConclusionInput(START, PERIOD_TO), now=NOW)
    decisions.issue(worker, DocumentRef("decision", result.decision_id), today=TODAY)
    programme_id = plan_templates.create_from_grant(worker, person_id, today=TODAY)
    with pytest.raises(ValidationError) as early:
        drafting.create_draft(worker, person_id, "deltakerbevis", today=TODAY)
    assert "har ikke startet ennå" in early.value.problems["programme"]
    with pytest.raises(ValidationError) as running:
        drafting.create_draft(worker, person_id, "deltakerbevis", today=dt.date(2027, 3, 1))
    assert "varer til og med 6.6.2027" in running.value.problems["programme"].replace("06.06.2027", "6.6.2027")
    ref = drafting.create_draft(worker, person_id, "deltakerbevis", today=dt.date(2027, 6, 7))
    with worker.uow() as uow:
        row = uow.session.get(Certificate, ref.id)
        assert row is not None and row.content["fields"]["programme_to"] == "2027-06-06"
        assert row.content["fields"]["ending"] == "completed"
    decisions.issue(worker, ref, today=dt.date(2027, 6, 8))
    # An interrupted programme: the certificate states the day it ended, not the planned end.
    with worker.uow() as uow:
        programme = uow.session.get(Programme, programme_id)
        assert programme is not None
        assert certificates.programme_end(programme, dt.date(2027, 6, 8)) == PERIOD_TO
        programme.status, programme.end_date = "interrupted", dt.date(2027, 2, 12)
        assert certificates.programme_end(programme, dt.date(2027, 3, 1)) == dt.date(2027, 2, 12)
        uow.rollback()


@contextmanager
def _counting(ctx: AppContext) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_my_tasks_is_one_unit_of_work_with_few_queries(worker: AppContext, demo_ctx: AppContext) -> None:
    with _counting(worker) as statements:
        found = tasks.my_tasks(worker, TODAY)
    assert found and len(statements) <= 9
    assert all(t.target in ("portefolje", "inngangsvilkar", "programbygger", "utbetalinger", "dokumenter")
               for t in found)
    approver = demo_ctx.as_user("demo.attestant")
    runs = [t for t in tasks.my_tasks(approver, TODAY)]
    assert all(t.kind == "approve_run" for t in runs)
