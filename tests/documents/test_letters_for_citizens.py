"""Every letter type speaks to the person who receives it: rendered in bokmål and nynorsk from
the demo office (through the decision service, as a caseworker makes them) and as a refusal with
several failed criteria, no letter contains an engine note, a register note or developer text."""

from __future__ import annotations

import datetime as dt
import io
import random
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kvp_desktop.documents.letters import letter_types, render_letter
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.letters import decisions, drafting, dto
from kvp_desktop.services.portfolio import persons
from kvp_desktop.services.screening import applications, screening
from kvp_desktop.services.screening.applications import ApplicationInput
from kvp_desktop.services.screening.screening import ConclusionInput, Judgement, ScreeningFacts
from kvp_desktop.store.models import Programme

TODAY = dt.date(2026, 11, 23)

#: Phrases that must never reach a citizen (engine notes, register notes, developer text, wrong names).
NEVER = (
    "Et avslag som bare bygger", "klages til NAV klageinstans", "Soner straff", "databasen", "registrert i",
    "kvp_rules", "testkonstant", "åpent spørsmål", "ikke bekreftet", "Kontroller mot gjeldende regelverk",
    "Saksbehandleren har vurdert", "Vurder om", "Søkeren", "søkerens", "Statsforvalteren i Vestfold,",
    "Statsforvalteren i Vestfold (", "Statsforvaltaren i Vestfold,", "fastsatt av Stortinget",
    "fastsett av Stortinget", "kapittel 2", "Du har fortsatt rett til en individuell plan",
    "Du har framleis rett til ein individuell plan", "Stønaden er fortsatt", "Stønaden er framleis",
    "None", "${", "TODO", "navikt", "kildekode", "ikke registrert", "utfall ikke registrert", ": ja", ": nei",
)
#: The name of a Statsforvalter that does not exist.
NO_SUCH_OFFICE = re.compile(r"Statsforvalt[ae]ren i Vestfold(?! og Telemark)")


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _check(name: str, text: str) -> None:
    found = [phrase for phrase in NEVER if phrase in text]
    assert not found, f"{name}: {found}"
    assert not NO_SUCH_OFFICE.search(text), name


def _refusal_with_several_failures(worker: AppContext) -> dto.DocumentRef:
    birth = dt.date(1988, 4, 4)
    number = synthetic_fodselsnummer(random.Random(7), birth, "2")
    person_id = persons.create_person(worker, persons.PersonInput(number, "Testa", "Søker", address="Storgata 1",
                                                                  postcode="3140", postplace="Nøtterøy"), TODAY).id
    application = applications.register_application(worker, ApplicationInput(
        person_id=person_id, registered_date=TODAY - dt.timedelta(days=10),
        work_ability_assessment_date=TODAY - dt.timedelta(days=20), work_ability_outcome="situasjonsbestemt"), TODAY)
    view = screening.start_screening(worker, application.id, TODAY)
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=False,
                           benefits=frozenset({"dagpenger"}))
    judgements = (
        Judgement("reduced_capacity", "not_met", "Du har arbeidet fullt de siste to årene."),
        Judgement("close_coordinated_help", "met", "Du trenger oppfølging fra flere tjenester."),
        Judgement("suitable_programme", "not_met", "Vi kan ikke tilby et program som passer for deg nå."),
        Judgement("other_benefits", "not_met", "Dagpengene dekker livsoppholdet ditt."),
    )
    result = screening.conclude_screening(worker, view.id, view.version, facts, judgements,
                                          ConclusionInput(considerations="Du var nylig i arbeid."),
                                          dt.datetime(2026, 11, 23, 10))
    assert result.appeal_route == "both"
    return dto.DocumentRef("decision", result.decision_id)


def test_every_letter_type_from_the_demo_office_speaks_to_the_citizen(demo_ctx: AppContext) -> None:
    worker = demo_ctx.as_user("demo.saksbehandler")
    with worker.uow() as uow:
        programme = uow.session.scalars(select(Programme).where(Programme.status == "active")
                                        .order_by(Programme.id)).first()
        assert programme is not None
        person_id, programme_id = programme.person_id, programme.id
        # A deltakerbevis is written only for a programme that has ended (stl. § 30).
        ended = uow.session.scalars(select(Programme).where(Programme.status == "completed")
                                    .order_by(Programme.id)).first()
        assert ended is not None
        ended_ids = ended.person_id, ended.id
    refs = {letter_type: drafting.create_draft(worker, person_id, letter_type, programme_id=programme_id,
                                                today=TODAY)
            for letter_type in letter_types() if letter_type not in ("avslag", "deltakerbevis")}
    refs["deltakerbevis"] = drafting.create_draft(worker, ended_ids[0], "deltakerbevis", programme_id=ended_ids[1],
                                                   today=TODAY)
    refs["avslag"] = _refusal_with_several_failures(worker)
    assert set(refs) == set(letter_types())
    for letter_type, ref in refs.items():
        for lang in ("nb", "nn"):
            drafting.update_draft(worker, ref, dto.DraftChanges(written_standard=lang), today=TODAY)
            text = _text(decisions.preview(worker, ref, today=TODAY))
            _check(f"{letter_type}/{lang}", text)
            if letter_type not in ("deltakerbevis", "forhandsvarsel_stans", "forhandsvarsel"):
                assert "Vestfold og Telemark" in text, f"{letter_type}/{lang}"


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_sample_letter_speaks_to_the_citizen(lang: str) -> None:
    for letter_type in letter_types():
        _check(f"{letter_type}/{lang} (sample)", _text(render_letter(sample_letter(letter_type, lang), lang)))
