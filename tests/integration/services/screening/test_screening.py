"""§ 29 screening through the services: the seed cases as legislation-style tests, concluding to a
decision draft (grant and refusal), refusals that save nothing, versions, deadlines."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import persons
from kvp_desktop.services.screening import applications, deadlines, screening
from kvp_desktop.services.screening.applications import ApplicationInput, MappingInput
from kvp_desktop.services.screening.screening import ConclusionInput, Judgement, ScreeningFacts
from kvp_desktop.store.models import Application, Decision, Programme, Screening

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 30)
SETTLED = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=False)
ALL_MET = (
    Judgement("reduced_capacity", "met", "ADHD, depresjon i perioder, ingen skolegang etter 8. klasse."),
    Judgement("close_coordinated_help", "met", "Trenger oppfølging fra NAV, BUP og fastlege over tid."),
    Judgement("suitable_programme", "met", "Praksis i elektrikerfaget og enkeltfag kan tilbys."),
)


@pytest.fixture
def worker(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.saksbehandler")


def _person(ctx: AppContext, birth: dt.date, first: str = "Testa") -> int:
    number = synthetic_fodselsnummer(random.Random(birth.toordinal()), birth, "2")
    return persons.create_person(ctx, persons.PersonInput(number, first, "Søker", address="Storgata 1",
                                                          postcode="3140", postplace="Nøtterøy"), TODAY).id


def _case(ctx: AppContext, birth: dt.date, **application: object) -> tuple[int, screening.ScreeningView]:
    person_id = _person(ctx, birth)
    values: dict[str, object] = {"registered_date": TODAY - dt.timedelta(days=10),
                                 "work_ability_assessment_date": TODAY - dt.timedelta(days=20),
                                 "work_ability_outcome": "spesielt_tilpasset"}
    values.update(application)
    app = applications.register_application(ctx, ApplicationInput(person_id=person_id, **values), TODAY)  # type: ignore[arg-type]
    return person_id, screening.start_screening(ctx, app.id, TODAY)


def _states(evaluation: screening.Evaluation) -> dict[str, str]:
    return {item.code: item.state for item in evaluation.criteria}


def _count(ctx: AppContext, model: type) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


# --- legislation-style: the seed cases -----------------------------------------------------------
def test_amina_language_alone_in_ordinary_education(worker: AppContext) -> None:
    """Seed 000: refugee, 32, in ordinary primary school, language the main obstacle, poor family
    finances, no § 14 a assessment yet."""
    _pid, view = _case(worker, dt.date(1994, 2, 10), work_ability_assessment_date=None, work_ability_outcome="")
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=True,
                           in_ordinary_education=True)
    evaluation = screening.preview(worker, view.id, facts, (), TODAY)
    states = _states(evaluation)
    assert states["age"] == states["lawful_residence"] == states["fixed_abode"] == "met"
    reduced = evaluation.criterion("reduced_capacity")
    assert reduced.state in ("not_met", "needs_assessment")
    assert "reduced_capacity.language_alone" in {r.code for r in reduced.reasons}
    assert "Språkproblemer alene er ikke nok" in reduced.rule_text
    prompts = {p.code: p for p in evaluation.prompts}
    assert "prompt.ordinary_education" in prompts and "reduced_capacity.language_alone" in prompts
    assert states["work_ability_assessment"] == "needs_assessment"
    assert evaluation.overall == "not_met" and evaluation.outcome is None  # not concluded before all is assessed
    # The caseworker agrees: not met, with reasoning; the rest assessed too → a refusal to Statsforvalteren.
    judged = (Judgement("reduced_capacity", "not_met", "Språk er eneste hinder; gode resultater i grunnskolen."),
              *ALL_MET[1:])
    evaluation = screening.preview(worker, view.id, facts, judged, TODAY)
    assert evaluation.criterion("reduced_capacity").state == "not_met"
    assert evaluation.appeal_route == "statsforvalteren"


def test_seed_004_young_man_with_adhd_awaits_the_judgements(worker: AppContext) -> None:
    """Seed 004 case 1: 19 years, ADHD, out of school since 8th grade, no work, lives with parents."""
    _pid, view = _case(worker, dt.date(2007, 3, 1))
    evaluation = screening.preview(worker, view.id, SETTLED, (), TODAY)
    states = _states(evaluation)
    for code in ("age", "lawful_residence", "fixed_abode", "other_benefits", "work_ability_assessment",
                 "previous_participation"):
        assert states[code] == "met", code
    for code in ("reduced_capacity", "close_coordinated_help", "suitable_programme"):
        assert states[code] == "needs_assessment", code
        assert evaluation.criterion(code).needs_judgement
    assert {code for code, _msg in evaluation.problems} == {"reduced_capacity", "close_coordinated_help",
                                                            "suitable_programme"}
    assert "19 år" in evaluation.criterion("age").facts_used[0]


@pytest.mark.parametrize(
    ("benefit", "code", "words"),
    [
        ("aap", "benefits.aap", "arbeidsavklaringspenger"),
        ("introduksjonsprogram", "benefits.introduksjonsprogram", "introduksjonsprogram"),
        ("overgangsstonad", "benefits.overgangsstonad", "overgangsstønad"),
    ],
)
def test_a_right_to_another_benefit_is_not_met_with_its_reason(
    worker: AppContext, benefit: str, code: str, words: str
) -> None:
    _pid, view = _case(worker, dt.date(1990, 5, 5))
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=True, benefits=frozenset({benefit}))
    other = screening.preview(worker, view.id, facts, ALL_MET, TODAY).criterion("other_benefits")
    assert other.state == "not_met"
    assert [r.code for r in other.reasons] == [code]
    assert words in other.rule_text.lower()
    assert not other.needs_judgement  # decided by the rule, no judgement asked for


def test_ungdomsprogram_eea_and_sentence_are_prompted(worker: AppContext) -> None:
    _pid, view = _case(worker, dt.date(2004, 1, 20))
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=False, eea_citizen_or_family=True,
                           benefits=frozenset({"ungdomsprogram"}), serving_sentence=True)
    evaluation = screening.preview(worker, view.id, facts, (), TODAY)
    prompts = {p.code for p in evaluation.prompts}
    assert {"prompt.eea", "prompt.sentence", "prompt.ungdomsprogram"} <= prompts
    assert evaluation.criterion("fixed_abode").state == "met"  # EEA exception from 7 March 2025
    other = evaluation.criterion("other_benefits")
    assert other.needs_judgement and "benefits.ungdomsprogram" in {r.code for r in other.reasons}


def test_previous_participation_comes_from_the_programmes_in_the_database(worker: AppContext) -> None:
    person_id, view = _case(worker, dt.date(1985, 8, 8))
    with worker.uow() as uow:
        uow.session.add(Programme(person_id=person_id, start_date=dt.date(2022, 1, 3),
                                  planned_end_date=dt.date(2022, 12, 30), end_date=dt.date(2022, 12, 30),
                                  status="completed"))
        uow.commit()
    previous = screening.preview(worker, view.id, SETTLED, ALL_MET, TODAY).criterion("previous_participation")
    assert previous.state == "met"
    assert previous.facts_used == ("Tidligere program 03.01.2022–30.12.2022 (12 måneder)",)
    assert "12 måneder" in previous.rule_text


# --- concluding ------------------------------------------------------------------------------------
def test_concluding_with_an_unassessed_criterion_or_missing_reasoning_saves_nothing(worker: AppContext) -> None:
    _pid, view = _case(worker, dt.date(2007, 3, 1))
    before = (_count(worker, Decision), _count(worker, Screening))
    with pytest.raises(ValidationError) as unassessed:
        screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET[:2],
                                     ConclusionInput(TODAY + dt.timedelta(days=14)), NOW)
    assert "kan ikke konkluderes" in unassessed.value.message
    assert "«NAV-kontoret kan tilby et tilpasset program» mangler saksbehandlerens vurdering" in \
        unassessed.value.message
    no_reason = (*ALL_MET[:2], Judgement("suitable_programme", "met", "  "))
    with pytest.raises(ValidationError) as missing:
        screening.conclude_screening(worker, view.id, view.version, SETTLED, no_reason,
                                     ConclusionInput(TODAY + dt.timedelta(days=14)), NOW)
    assert "mangler skriftlig begrunnelse" in missing.value.message
    after = screening.get_screening(worker, view.id, TODAY)
    assert (after.version, after.concluded, after.facts) == (view.version, False, view.facts)
    assert (_count(worker, Decision), _count(worker, Screening)) == before
    assert applications.get_application(worker, view.application_id).status == "screening"


def test_a_grant_makes_the_draft_with_start_period_and_allowance_and_keeps_history(worker: AppContext) -> None:
    person_id, view = _case(worker, dt.date(2007, 3, 1))
    saved = screening.save_screening(worker, view.id, view.version, SETTLED, ALL_MET, TODAY)
    assert saved.evaluation.outcome == "grant"
    start = dt.date(2026, 12, 7)
    result = screening.conclude_screening(worker, saved.id, saved.version, SETTLED, ALL_MET,
                                          ConclusionInput(start, considerations="Målet er lærlingplass."), NOW)
    assert result.conclusion == "grant" and result.appeal_route is None
    preview = result.preview
    assert preview is not None and preview.under_25 and preview.full_rate_from == dt.date(2032, 3, 1)
    assert preview.first_month.start == start and preview.first_month.end == dt.date(2026, 12, 31)
    assert preview.lines[0].text == "Kvalifiseringsstønad, sats under 25 år" and preview.lines[0].basis
    assert preview.total > 0
    with worker.uow() as uow:
        decision = uow.session.get(Decision, result.decision_id)
        assert decision is not None
        assert (decision.kind, decision.state, decision.person_id) == ("innvilgelse", "draft", person_id)
        row = uow.session.get(Screening, saved.id)
        assert row is not None and row.decision_id == result.decision_id and row.concluded_by_id is not None
        assert row.concluded_at == NOW.replace(microsecond=0)
        assert uow.session.get(Application, saved.application_id).status == "granted"  # type: ignore[union-attr]
    concluded = screening.get_screening(worker, saved.id, TODAY)
    assert concluded.concluded_by == "Jonas Bergersen"
    assert concluded.proposed_start == start and concluded.first_period_to == dt.date(2027, 12, 6)
    # Concluding again gives the same draft, not a second one.
    drafts = _count(worker, Decision)
    again = screening.conclude_screening(worker, saved.id, saved.version, SETTLED, ALL_MET, ConclusionInput(start),
                                         NOW)
    assert again.decision_id == result.decision_id and _count(worker, Decision) == drafts
    # A concluded version is never changed; a revision is a new version starting from it.
    with pytest.raises(ValidationError, match="ny versjon"):
        screening.save_screening(worker, saved.id, concluded.version, SETTLED, ALL_MET, TODAY)
    revised = screening.start_screening(worker, saved.application_id, TODAY)
    assert revised.revision == 2 and not revised.concluded and revised.facts == SETTLED
    assert [(h.revision, h.conclusion) for h in screening.history(worker, saved.application_id)] == [
        (2, None), (1, "grant")]


def test_a_late_start_and_a_long_first_period_are_warnings_the_caseworker_answers(worker: AppContext) -> None:
    _pid, view = _case(worker, dt.date(2000, 1, 1), registered_date=dt.date(2026, 5, 20))
    drafts = _count(worker, Decision)
    late = ConclusionInput(dt.date(2026, 11, 23), dt.date(2027, 12, 31))  # start after 6 months, 13 months
    with pytest.raises(ValidationError) as unanswered:
        screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET, late, NOW)
    assert set(unanswered.value.problems) == {"warnings_answer"}  # a warning, not a refusal of the dates
    assert "senest 20.11.2026, stl. § 31" in unanswered.value.message
    assert "lengre enn 12 måneder (forskrift § 2)" in unanswered.value.message
    assert _count(worker, Decision) == drafts and not screening.get_screening(worker, view.id, TODAY).concluded
    with pytest.raises(ValidationError, match="startdato"):
        screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET, ConclusionInput(), NOW)
    with pytest.raises(ValidationError, match="høyst 4000 tegn"):
        screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET,
                                     replace(late, warnings_answer="x" * 4001), NOW)
    answer = "Søkeren var innlagt i sykehus til november; planen følger behandlingen."
    result = screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET,
                                          replace(late, warnings_answer=f"  {answer} "), NOW)
    assert result.conclusion == "grant" and _count(worker, Decision) == drafts + 1
    concluded = screening.get_screening(worker, view.id, TODAY)
    assert concluded.proposed_start == dt.date(2026, 11, 23) and concluded.first_period_to == dt.date(2027, 12, 31)
    assert concluded.plan_warnings_answer == answer  # recorded with the conclusion
    assert [line.split(",")[0] for line in concluded.plan_warnings.splitlines()] == [
        "Programmet starter 23.11.2026", "Første vedtaksperiode er lengre enn 12 måneder (forskrift § 2)."]


def test_a_grant_within_the_limits_needs_no_answer(worker: AppContext) -> None:
    _pid, view = _case(worker, dt.date(2000, 1, 1), registered_date=dt.date(2026, 5, 20))
    result = screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET,
                                          ConclusionInput(dt.date(2026, 11, 20)), NOW)
    assert result.conclusion == "grant"
    concluded = screening.get_screening(worker, view.id, TODAY)
    assert (concluded.plan_warnings, concluded.plan_warnings_answer) == ("", "")


def test_a_refusal_on_the_14a_assessment_alone_goes_to_nav_klageinstans(worker: AppContext) -> None:
    _pid, view = _case(worker, dt.date(1988, 4, 4), work_ability_outcome="situasjonsbestemt")
    result = screening.conclude_screening(worker, view.id, view.version, SETTLED, ALL_MET, ConclusionInput(), NOW)
    assert (result.conclusion, result.appeal_route) == ("refuse", "nav_klageinstans")
    with worker.uow() as uow:
        decision = uow.session.get(Decision, result.decision_id)
        assert decision is not None and decision.kind == "avslag"
    assert applications.get_application(worker, view.application_id).status == "refused"
    failed = [c for c in screening.get_screening(worker, view.id, TODAY).evaluation.criteria if c.state == "not_met"]
    assert [(c.code, c.rests_on_14a) for c in failed] == [("work_ability_assessment", True)]


def test_only_caseworkers_conclude(demo_ctx: AppContext, worker: AppContext) -> None:
    _pid, view = _case(worker, dt.date(2007, 3, 1))
    with pytest.raises(PermissionDeniedError, match="konkludere"):
        screening.conclude_screening(demo_ctx.as_user("demo.veileder"), view.id, view.version, SETTLED, ALL_MET,
                                     ConclusionInput(TODAY), NOW)


# --- application, mapping, deadlines -----------------------------------------------------------------
def test_application_form_is_checked_in_norwegian_and_nothing_written(worker: AppContext) -> None:
    person_id = _person(worker, dt.date(1999, 9, 9))
    before = _count(worker, Application)
    bad = ApplicationInput(person_id=person_id, registered_date="31.02.2026", channel="fax",
                           transfer_meeting_date=TODAY + dt.timedelta(days=1), work_ability_outcome="ukjent",
                           from_other_municipality=True, other_municipality_number="1234")
    with pytest.raises(ValidationError) as error:
        applications.register_application(worker, bad, TODAY)
    problems = error.value.problems
    assert "gyldig dato" in problems["registered_date"]
    assert problems["transfer_meeting_date"] == "Datoen kan ikke være fram i tid."
    assert set(problems) >= {"channel", "work_ability_outcome", "other_municipality_number"}
    assert "SSBs kommuneliste" in problems["other_municipality_number"]
    assert _count(worker, Application) == before


def test_application_from_another_municipality_and_the_mapping(worker: AppContext) -> None:
    assert ("0301", "Oslo - Oslove") in applications.municipalities()
    person_id = _person(worker, dt.date(1999, 9, 9))
    note = {"person": "Rolig og motivert.", "interesser": "Bil og mekanikk."}
    app = applications.register_application(worker, ApplicationInput(
        person_id=person_id, registered_date="02.11.2026", channel="direct", transfer_note=note,
        from_other_municipality=True, other_municipality_number="0301", benefit_social_assistance="2",
        needs_social_assistance_while_waiting=True), TODAY)
    assert (app.other_municipality_number, app.transfer_note, app.status) == ("0301", note, "registered")
    with pytest.raises(ValidationError, match="ikke er avgjort"):
        applications.register_application(worker, app.as_input(), TODAY)
    mapping = applications.save_mapping(worker, app.id, None, MappingInput(
        characteristics=frozenset({"sprak", "motivasjon"}), group_notes={"utdanning": "Norsk nivå A2."},
        obstacles="Språk, lite nettverk."))
    assert mapping.characteristics == {"sprak", "motivasjon"} and mapping.groups_marked == {"utdanning", "oppfolging"}
    view = screening.start_screening(worker, app.id, TODAY)
    assert "Kommer fra KVP i Oslo - Oslove" in view.gathered.kostra_lines
    assert view.gathered.mapping_groups == ("Individuell oppfølging", "Utdanning og opplæring")
    close = view.evaluation.criterion("close_coordinated_help")
    assert close.facts_used == ("Kartlagte behov: Individuell oppfølging, Utdanning og opplæring",)


def test_deadlines_for_an_open_application(worker: AppContext) -> None:
    person_id, _view = _case(worker, dt.date(2003, 1, 15), registered_date=TODAY - dt.timedelta(days=22))
    found = deadlines.person_deadlines(worker, person_id, TODAY)
    kinds = {item.kind: item for item in found.items}
    assert kinds["processing"].state == "warning" and "22 dager" in kinds["processing"].text
    assert kinds["start"].due == dt.date(2027, 5, 1)
    assert kinds["full_rate"].due == dt.date(2028, 1, 15)
    assert found.worst == "warning" and found.attention == 1
