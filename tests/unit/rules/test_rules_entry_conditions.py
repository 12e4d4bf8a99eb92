"""§ 29 entry conditions: every branch, and discretion is never decided automatically."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kvp_desktop.parameters import load_parameters
from kvp_desktop.rules.entry_conditions import (
    Benefit,
    Criterion,
    EntryFacts,
    Innsatsgruppe,
    Status,
    assess_entry,
)

D = dt.date
PARAMS = load_parameters()
TODAY = D(2026, 11, 23)
ALL_MET = EntryFacts(
    birth_date=D(1990, 4, 1),
    lawful_residence=True,
    fixed_abode=True,
    work_ability_assessment_date=D(2026, 10, 1),
    innsatsgruppe=Innsatsgruppe.SPESIELT_TILPASSET,
    reduced_capacity=True,
    needs_close_coordinated_help=True,
    can_offer_suitable_programme=True,
)


def status(facts: EntryFacts, criterion: Criterion, today: dt.date = TODAY) -> tuple[Status, set[str]]:
    result = assess_entry(facts, today, PARAMS).result(criterion)
    assert result.reference.startswith(("stl.", "forskrift"))
    return result.status, {reason.code for reason in result.reasons}


def with_(**changes: object) -> EntryFacts:
    return dataclasses.replace(ALL_MET, **changes)  # type: ignore[arg-type]


def test_everything_met_gives_met_and_nothing_missing() -> None:
    assessment = assess_entry(ALL_MET, TODAY, PARAMS)
    assert assessment.overall is Status.MET
    assert assessment.missing == ()
    assert assessment.prompts == ()
    assert all(reason.render() for result in assessment.criteria for reason in result.reasons)


def test_discretionary_criteria_are_never_decided_without_a_judgement() -> None:
    facts = with_(reduced_capacity=None, needs_close_coordinated_help=None, can_offer_suitable_programme=None)
    assessment = assess_entry(facts, TODAY, PARAMS)
    for criterion in (Criterion.REDUCED_CAPACITY, Criterion.CLOSE_COORDINATED_HELP, Criterion.SUITABLE_PROGRAMME):
        assert assessment.result(criterion).status is Status.NEEDS_ASSESSMENT
    assert assessment.overall is Status.NEEDS_ASSESSMENT
    assert set(assessment.missing) == {
        "reduced_capacity",
        "needs_close_coordinated_help",
        "can_offer_suitable_programme",
    }


@pytest.mark.parametrize(
    ("changes", "criterion", "expected", "code"),
    [
        ({"lawful_residence": False}, Criterion.LAWFUL_RESIDENCE, Status.NOT_MET, "residence.not_lawful"),
        (
            {"fixed_abode": False, "residence_only_utl_111": True, "eea_citizen_or_family": True},
            Criterion.FIXED_ABODE,
            Status.NOT_MET,
            "abode.utl_111",
        ),
        (
            {"benefits": frozenset({Benefit.DAGPENGER})},
            Criterion.OTHER_BENEFITS,
            Status.NEEDS_ASSESSMENT,
            "benefits.offset",
        ),
        (
            {"benefits": frozenset({Benefit.SYKEPENGER}), "benefits_very_limited": True},
            Criterion.OTHER_BENEFITS,
            Status.MET,
            "benefits.very_limited",
        ),
        (
            {"benefits": frozenset({Benefit.ETTERLATTEPENSJON}), "benefits_very_limited": False},
            Criterion.OTHER_BENEFITS,
            Status.NOT_MET,
            "benefits.not_limited",
        ),
        (
            {"work_ability_assessment_date": D(2026, 12, 1)},
            Criterion.WORK_ABILITY_ASSESSMENT,
            Status.NEEDS_ASSESSMENT,
            "work_ability.missing",
        ),
        (
            {"innsatsgruppe": None},
            Criterion.WORK_ABILITY_ASSESSMENT,
            Status.NEEDS_ASSESSMENT,
            "work_ability.no_outcome",
        ),
        (
            {"language_only_obstacle": True},
            Criterion.REDUCED_CAPACITY,
            Status.NEEDS_ASSESSMENT,
            "reduced_capacity.conflict",
        ),
        ({"reduced_capacity": False}, Criterion.REDUCED_CAPACITY, Status.NOT_MET, "reduced_capacity.not_met"),
        (
            {"needs_close_coordinated_help": False},
            Criterion.CLOSE_COORDINATED_HELP,
            Status.NOT_MET,
            "close_help.not_met",
        ),
        (
            {"can_offer_suitable_programme": False, "serving_sentence": True},
            Criterion.SUITABLE_PROGRAMME,
            Status.NOT_MET,
            "prompt.sentence",
        ),
        (
            {"can_offer_suitable_programme": None, "serving_sentence": True},
            Criterion.SUITABLE_PROGRAMME,
            Status.NEEDS_ASSESSMENT,
            "prompt.sentence",
        ),
        ({"serving_sentence": True}, Criterion.SUITABLE_PROGRAMME, Status.MET, "prompt.sentence"),
        ({"previous_programme_months": 30}, Criterion.PREVIOUS_PARTICIPATION, Status.MET, "previous.unlimited"),
    ],
)
def test_branches(changes: dict[str, object], criterion: Criterion, expected: Status, code: str) -> None:
    found, codes = status(with_(**changes), criterion)
    assert found is expected
    assert code in codes


def test_before_2019_a_one_time_right_within_two_years() -> None:
    on = D(2018, 6, 1)
    assert status(with_(previous_programme_months=24), Criterion.PREVIOUS_PARTICIPATION, on) == (
        Status.NOT_MET,
        {"previous.used_up"},
    )
    assert status(with_(previous_programme_months=6), Criterion.PREVIOUS_PARTICIPATION, on) == (
        Status.NEEDS_ASSESSMENT,
        {"previous.readmission"},
    )


def test_special_case_prompts() -> None:
    facts = with_(in_ordinary_education=True, serving_sentence=True)
    assert {r.code for r in assess_entry(facts, D(2018, 6, 1), PARAMS).prompts} == {
        "prompt.ordinary_education_excluded",
        "prompt.sentence",
    }
    assert {r.code for r in assess_entry(facts, TODAY, PARAMS).prompts} == {
        "prompt.ordinary_education",
        "prompt.sentence",
    }
    wrong_group = assess_entry(with_(innsatsgruppe=Innsatsgruppe.VARIG), TODAY, PARAMS).result(
        Criterion.WORK_ABILITY_ASSESSMENT
    )
    assert "Liten mulighet til å jobbe" in wrong_group.reasons[0].render()
    # The appeal route is not part of the reason (it would reach the letter as an engine note): rules.appeal.
    assert "NAV klageinstans" not in wrong_group.reasons[0].render()


def test_graded_uforetrygd_and_jobbe_delvis_need_assessment_not_refusal() -> None:
    """Legal review: graded uføretrygd can be «svært begrensede ytelser», and «Jobbe delvis» needs
    assessment; neither is refused by the rule."""
    uforetrygd = with_(benefits=frozenset({Benefit.UFORETRYGD}))
    assert status(uforetrygd, Criterion.OTHER_BENEFITS) == (Status.NEEDS_ASSESSMENT,
                                                            {"benefits.needs_assessment", "benefits.uforetrygd"})
    assert status(dataclasses.replace(uforetrygd, benefits_very_limited=True), Criterion.OTHER_BENEFITS)[0] \
        is Status.MET
    assert status(dataclasses.replace(uforetrygd, benefits_very_limited=False), Criterion.OTHER_BENEFITS)[0] \
        is Status.NOT_MET
    partly = with_(innsatsgruppe=Innsatsgruppe.GRADERT_VARIG)
    result = assess_entry(partly, TODAY, PARAMS).result(Criterion.WORK_ABILITY_ASSESSMENT)
    assert result.status is Status.NEEDS_ASSESSMENT and result.missing == ("work_ability_suits_programme",)
    assert "Jobbe delvis" in result.reasons[0].render()
    assert status(dataclasses.replace(partly, work_ability_suits_programme=True),
                  Criterion.WORK_ABILITY_ASSESSMENT)[0] is Status.MET
    assert status(dataclasses.replace(partly, work_ability_suits_programme=False),
                  Criterion.WORK_ABILITY_ASSESSMENT)[0] is Status.NOT_MET
    # Other groups than spesielt tilpasset and «Jobbe delvis» are still not met.
    assert status(with_(innsatsgruppe=Innsatsgruppe.STANDARD), Criterion.WORK_ABILITY_ASSESSMENT)[0] is Status.NOT_MET
