"""Stop points: each flag on both sides of its threshold, the fired date, the reason, valid_until."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kvp_desktop.parameters import Override, load_parameters
from kvp_desktop.rules.stop_points import (
    STOP_POINT_FLAGS,
    Flag,
    StopPointFacts,
    evaluate,
)

D = dt.date
PARAMS = load_parameters()
TODAY = D(2026, 11, 23)
RECORDED = D(2026, 9, 1)
# 24 years old on TODAY: turns 30 on 2032-05-10.
BASE = StopPointFacts(birth_date=D(2002, 5, 10), facts_recorded_on=RECORDED)


def facts(**changes: object) -> StopPointFacts:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


def kinds(f: StopPointFacts, on: dt.date = TODAY) -> set[Flag]:
    return set(evaluate(f, on, PARAMS).kinds)


def test_nothing_known_gives_no_flags_and_no_date_to_recheck() -> None:
    result = evaluate(BASE, TODAY, PARAMS)
    assert result.flags == ()
    assert result.valid_until is None
    assert result.get(Flag.AAP_ENDED) is None


def test_the_eight_stop_points_and_the_rule_of_thumb() -> None:
    assert len(STOP_POINT_FLAGS) == 8 and Flag.RULE_OF_THUMB not in STOP_POINT_FLAGS
    assert len(Flag) == 9


@pytest.mark.parametrize(
    ("days_ago", "fires"),
    [(-1, False), (0, True), (45, True), (90, True), (91, False)],
)
def test_first_application_for_social_assistance_within_90_days(days_ago: int, fires: bool) -> None:
    applied = TODAY - dt.timedelta(days=days_ago)
    result = evaluate(facts(first_social_assistance_application=applied), TODAY, PARAMS)
    flag = result.get(Flag.FIRST_SOCIAL_ASSISTANCE)
    assert (flag is not None) is fires
    if flag is not None:
        assert flag.fired_on == applied
        assert flag.reason.reference == "stl. § 18, § 29"
        assert applied.strftime("%d.%m.%Y") in flag.reason.render()
        assert result.valid_until == applied + dt.timedelta(days=91)
    elif days_ago < 0:
        assert result.valid_until == applied  # it will fire on the application day


def test_conditions_20a_under_30_cite_the_duty_and_over_30_the_plan() -> None:
    young = evaluate(facts(planned_20a_conditions=True), TODAY, PARAMS).get(Flag.CONDITIONS_20A)
    assert young is not None
    assert young.fired_on == RECORDED
    assert young.reason.code == "stop_point.conditions_20a.duty"
    assert young.reason.reference.startswith("stl. § 20a")
    assert "under 30 år" in young.reason.render()
    # The day before and on the 30th birthday.
    before = evaluate(facts(planned_20a_conditions=True), D(2032, 5, 9), PARAMS)
    on_birthday = evaluate(facts(planned_20a_conditions=True), D(2032, 5, 10), PARAMS)
    assert before.get(Flag.CONDITIONS_20A).reason.code == "stop_point.conditions_20a.duty"  # type: ignore[union-attr]
    assert before.valid_until == D(2032, 5, 10)
    older = on_birthday.get(Flag.CONDITIONS_20A)
    assert older is not None and older.reason.code == "stop_point.conditions_20a.planned"
    assert older.reason.reference == "stl. § 20a, § 29"
    assert Flag.CONDITIONS_20A not in kinds(facts(planned_20a_conditions=False))


@pytest.mark.parametrize(("months", "fires"), [(0, False), (5, False), (6, True), (30, True)])
def test_social_assistance_as_only_income_from_six_months(months: int, fires: bool) -> None:
    result = evaluate(facts(social_assistance_only_income_months=months), TODAY, PARAMS)
    flag = result.get(Flag.LONG_TERM_SOCIAL_ASSISTANCE)
    assert (flag is not None) is fires
    if flag is not None:
        assert flag.fired_on == RECORDED
        assert f"{months} måneder" in flag.reason.render()


@pytest.mark.parametrize(
    ("field", "flag", "reference"),
    [
        ("aap_end_date", Flag.AAP_ENDED, "folketrygdloven kap. 11, stl. § 29"),
        ("intro_programme_end_date", Flag.INTRO_ENDED, "integreringsloven, stl. § 29"),
    ],
)
@pytest.mark.parametrize(("days_ago", "fires"), [(-10, False), (0, True), (180, True), (181, False)])
def test_aap_and_introduction_programme_recently_ended(
    field: str, flag: Flag, reference: str, days_ago: int, fires: bool
) -> None:
    ended = TODAY - dt.timedelta(days=days_ago)
    result = evaluate(facts(**{field: ended}), TODAY, PARAMS)
    found = result.get(flag)
    assert (found is not None) is fires
    if found is not None:
        assert found.fired_on == ended
        assert found.reason.reference == reference
        assert result.valid_until == ended + dt.timedelta(days=181)
    elif days_ago < 0:
        assert result.valid_until == ended


@pytest.mark.parametrize(
    ("field", "flag", "code"),
    [
        ("youth_without_apprenticeship", Flag.NO_APPRENTICESHIP, "stop_point.no_apprenticeship"),
        ("upper_secondary_dropout", Flag.UPPER_SECONDARY_DROPOUT, "stop_point.upper_secondary_dropout"),
    ],
)
def test_young_people_under_30_without_apprenticeship_or_school(field: str, flag: Flag, code: str) -> None:
    young = evaluate(facts(**{field: True}), TODAY, PARAMS)
    found = young.get(flag)
    assert found is not None and found.reason.code == code and found.fired_on == RECORDED
    assert "Ung (24 år)" in found.reason.render()
    assert young.valid_until == D(2032, 5, 10)  # the 30th birthday
    assert flag in kinds(facts(**{field: True}), D(2032, 5, 9))
    assert flag not in kinds(facts(**{field: True}), D(2032, 5, 10))
    assert flag not in kinds(facts(**{field: False}))


@pytest.mark.parametrize(
    ("level", "code"),
    [("none", "stop_point.no_work_experience"), ("little", "stop_point.little_work_experience"), ("some", None)],
)
def test_little_or_no_work_experience(level: str, code: str | None) -> None:
    found = evaluate(facts(work_experience=level), TODAY, PARAMS).get(Flag.LITTLE_WORK_EXPERIENCE)
    if code is None:
        assert found is None
    else:
        assert found is not None and found.reason.code == code and found.reason.reference == "stl. § 29"


def test_rule_of_thumb_needs_help_and_no_other_right() -> None:
    helped = facts(needs_help_to_work=True)
    found = evaluate(helped, TODAY, PARAMS).get(Flag.RULE_OF_THUMB)
    assert found is not None
    assert found.reason.reference == "stl. § 29 første ledd"
    assert found.fired_on == RECORDED
    assert Flag.RULE_OF_THUMB not in kinds(facts(needs_help_to_work=False))
    assert Flag.RULE_OF_THUMB not in kinds(dataclasses.replace(helped, other_nav_rights="Dagpenger"))
    assert Flag.RULE_OF_THUMB in kinds(dataclasses.replace(helped, other_nav_rights="  "))


@pytest.mark.parametrize("field", ["aap_end_date", "intro_programme_end_date"])
def test_rule_of_thumb_waits_while_aap_or_introduction_programme_runs(field: str) -> None:
    running = facts(needs_help_to_work=True, **{field: TODAY})
    result = evaluate(running, TODAY, PARAMS)
    assert Flag.RULE_OF_THUMB not in result.kinds
    assert result.valid_until == TODAY + dt.timedelta(days=1)
    after = evaluate(running, TODAY + dt.timedelta(days=1), PARAMS)
    assert Flag.RULE_OF_THUMB in after.kinds
    ended_long_ago = facts(needs_help_to_work=True, **{field: TODAY - dt.timedelta(days=400)})
    assert Flag.RULE_OF_THUMB in kinds(ended_long_ago)


def test_facts_registered_after_the_evaluation_day_have_not_fired_yet() -> None:
    later = facts(
        facts_recorded_on=TODAY + dt.timedelta(days=3),
        planned_20a_conditions=True,
        social_assistance_only_income_months=12,
        youth_without_apprenticeship=True,
        work_experience="none",
        needs_help_to_work=True,
    )
    result = evaluate(later, TODAY, PARAMS)
    assert result.flags == ()
    assert result.valid_until == TODAY + dt.timedelta(days=3)
    assert len(evaluate(later, TODAY + dt.timedelta(days=3), PARAMS).flags) == 5


def test_a_new_parameter_value_ends_the_validity() -> None:
    params = PARAMS.with_overrides([Override("stop_point_long_term_months", D(2027, 1, 1), 12, "kontorets rutine")])
    six = facts(social_assistance_only_income_months=6)
    result = evaluate(six, TODAY, params)
    assert Flag.LONG_TERM_SOCIAL_ASSISTANCE in result.kinds
    assert result.valid_until == D(2027, 1, 1)
    assert Flag.LONG_TERM_SOCIAL_ASSISTANCE not in evaluate(six, D(2027, 1, 1), params).kinds


def test_several_flags_at_once_each_with_a_rendered_reason() -> None:
    everything = facts(
        first_social_assistance_application=TODAY - dt.timedelta(days=10),
        planned_20a_conditions=True,
        social_assistance_only_income_months=8,
        aap_end_date=TODAY - dt.timedelta(days=20),
        intro_programme_end_date=TODAY - dt.timedelta(days=30),
        youth_without_apprenticeship=True,
        upper_secondary_dropout=True,
        work_experience="little",
        needs_help_to_work=True,
    )
    result = evaluate(everything, TODAY, PARAMS)
    assert result.kinds == tuple(Flag)
    assert result.valid_until == TODAY - dt.timedelta(days=10) + dt.timedelta(days=91)
    for fired in result.flags:
        assert fired.reason.render("nb")
        assert fired.reason.reference
