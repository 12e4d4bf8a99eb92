"""Programbygger services on SQLite and PostgreSQL: planned hours, rule findings, guarded saves,
periods, evaluations, templates and the activity catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from kvp_desktop.rules import calendar
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, PermissionDeniedError, ValidationError
from kvp_desktop.services.programmes import activities, evaluations, plan_templates, programmes
from kvp_desktop.services.programmes.programmes import BlockView, EvaluationView, PeriodView, PhaseView, ProgrammeView
from kvp_desktop.store.models import Programme
from tests.conftest import TODAY

START = dt.date(2026, 1, 5)
END = dt.date(2027, 1, 3)
DAY = [(8 * 60, 11 * 60 + 30), (12 * 60, 16 * 60)]  # 7,5 hours


def week(*categories: str, note: str = "") -> tuple[BlockView, ...]:
    """Monday–Friday, morning and afternoon, the categories in turn."""
    blocks = []
    for weekday in range(5):
        for index, (start, end) in enumerate(DAY):
            category = categories[(weekday * 2 + index) % len(categories)]
            blocks.append(BlockView(weekday, start, end, category.replace("_", " "), category, "", "", note))
    return tuple(blocks)


def valid_programme(**changes: object) -> ProgrammeView:
    phases = (
        PhaseView(1, "Oppstart", START, dt.date(2026, 6, 28), week("work_directed_measure", "training_education")),
        PhaseView(2, "Jobbsøking", dt.date(2026, 6, 29), END, week("work_directed_measure", "job_seeking")),
    )
    view = ProgrammeView(
        1, START, END, None, "active", phases, application_date=dt.date(2025, 12, 1), birth_date=dt.date(1990, 5, 5),
        periods=(PeriodView(1, "first", START, END), PeriodView(2, "holiday", dt.date(2026, 7, 6),
                                                                 dt.date(2026, 7, 26))),
        evaluations=(EvaluationView(1, dt.date(2026, 4, 1)), EvaluationView(2, dt.date(2026, 10, 1))),
    )
    return replace(view, **changes)  # type: ignore[arg-type]


def codes(view: ProgrammeView) -> set[str]:
    return {f.code for f in programmes.findings_for(view)}


# --- the rules on the whole timeline (no database) -----------------------------------------------
def test_a_valid_year_round_programme_has_no_findings() -> None:
    # Easter, 1 and 17 May, Whit Monday, Christmas and three weeks' holiday are ordinary working year.
    assert programmes.findings_for(valid_programme()) == ()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda v: replace(v, phases=(replace(v.phases[0], blocks=v.phases[0].blocks[:-1]), v.phases[1])),
         "week.not_full_time"),
        (lambda v: replace(v, phases=(replace(v.phases[0], blocks=week("training_education")),
                                      replace(v.phases[1], blocks=week("job_seeking")))),
         "content.no_work_directed_measure"),
        (lambda v: replace(v, phases=(v.phases[0], replace(v.phases[1], blocks=week("work_directed_measure")))),
         "content.no_job_seeking"),
        (lambda v: replace(v, evaluations=()), "evaluation.missing"),
        (lambda v: replace(v, phases=(replace(v.phases[0], blocks=week("work_directed_measure", "paid_work")),
                                      v.phases[1])), "paid_work.too_much"),
        (lambda v: replace(v, phases=(replace(v.phases[0], blocks=(
            *v.phases[0].blocks[:-1], BlockView(4, 12 * 60, 16 * 60, "Samfunnsstraff", "other", ""))),
            v.phases[1])), "content.community_sentence"),
        (lambda v: replace(v, phases=(replace(v.phases[0], blocks=week("work_directed_measure", "rest")),
                                      v.phases[1])), "content.justify"),
        (lambda v: replace(v, planned_end_date=dt.date(2029, 1, 3),
                           phases=(v.phases[0], replace(v.phases[1], to_date=dt.date(2029, 1, 3)))),
         "duration.too_long"),
        (lambda v: replace(v, periods=(PeriodView(1, "first", START, END + dt.timedelta(days=60)),)),
         "decision_period.too_long"),
        (lambda v: replace(v, application_date=dt.date(2025, 1, 2)), "start.too_late"),
        (lambda v: replace(v, periods=(*v.periods, PeriodView(3, "holiday", dt.date(2026, 8, 3),
                                                               dt.date(2026, 9, 13)))), "holiday.too_much"),
        (lambda v: replace(v, phases=(v.phases[0],)), "week.missing"),
    ],
)
def test_a_programme_that_breaks_a_rule_shows_that_finding(change, code: str) -> None:  # type: ignore[no-untyped-def]
    found = programmes.findings_for(change(valid_programme()))
    assert code in {f.code for f in found}
    finding = next(f for f in found if f.code == code)
    assert finding.reference and finding.text  # every finding names its legal source


def test_findings_point_at_the_week_and_phase() -> None:
    view = valid_programme()
    view = replace(view, phases=(view.phases[0], replace(view.phases[1], blocks=view.phases[1].blocks[:-1])))
    short = [f for f in programmes.findings_for(view) if f.code == "week.not_full_time"]
    assert short and all(f.phase_id == 2 for f in short)
    [summary] = [f for f in programmes.summarise(short)]
    assert "Gjelder" in summary.text and summary.week == short[0].week


def test_week_status_levels_and_reasons() -> None:
    full = programmes.week_status(week("work_directed_measure"), START)
    assert (full.total_gauge.level, full.paid_gauge.level) == ("ok", "ok")
    assert full.total == Decimal("37.5") and full.paid_limit == Decimal("18.75")
    short = programmes.week_status(week("work_directed_measure")[:-1], START)
    assert short.total_gauge.level == "error" and "forskrift § 1 tredje ledd" in short.total_gauge.reason
    paid = programmes.week_status(week("work_directed_measure", "paid_work", "paid_work"), START)
    assert paid.paid_gauge.level == "error" and "stl. §§ 30 og 37" in paid.paid_gauge.reason


def test_shipped_templates_are_valid_programmes() -> None:
    templates = plan_templates.shipped_templates()
    assert len(templates) >= 6
    for template in templates:
        phases, dates = plan_templates.layout(template, START, END)
        view = valid_programme(
            phases=tuple(PhaseView(i + 1, p.name, p.from_date, p.to_date, p.blocks) for i, p in enumerate(phases)),
            evaluations=tuple(EvaluationView(i, d) for i, d in enumerate(dates)))
        assert programmes.findings_for(view) == (), template.name


# --- with a database -------------------------------------------------------------------------------
def running(ctx: AppContext) -> ProgrammeView:
    """A demo programme with a phase running on TODAY and one after it."""
    with ctx.uow() as uow:
        ids = uow.session.scalars(select(Programme.id).where(Programme.status == "active")).all()
    for programme_id in ids:
        view = programmes.get_programme(ctx, programme_id)
        if any(p.from_date < calendar.week_monday(TODAY) <= p.to_date for p in view.phases) and any(
                p.from_date > TODAY for p in view.phases):
            return view
    raise AssertionError("no running demo programme")


def test_planned_hours_follow_phases_and_leave_out_days_off(demo_ctx: AppContext) -> None:
    view = running(demo_ctx)
    monday = calendar.week_monday(TODAY)
    hours = programmes.planned_hours(demo_ctx, view.id, monday, monday + dt.timedelta(days=6))
    assert list(hours) == [monday + dt.timedelta(days=i) for i in range(7)]
    phase = view.phase_covering(monday)
    assert phase is not None
    assert [hours[monday + dt.timedelta(days=i)] for i in range(7)] == [phase.hours_on(i) for i in range(7)]
    assert sum(hours.values()) == Decimal("37.5")
    # Planned holiday and approved leave are days off; so is a public holiday.
    holiday = programmes.add_period(demo_ctx, view.id, "holiday", monday + dt.timedelta(days=7),
                                    monday + dt.timedelta(days=13), expected_version=view.version, today=TODAY)
    assert holiday
    after = programmes.planned_hours(demo_ctx, view.id, monday + dt.timedelta(days=7), monday + dt.timedelta(days=8))
    assert set(after.values()) == {Decimal("0")}
    christmas = dt.date(2026, 12, 25)
    if view.start_date <= christmas <= view.last_day:
        assert programmes.planned_hours(demo_ctx, view.id, christmas, christmas)[christmas] == 0
    with pytest.raises(ValidationError):
        programmes.planned_hours(demo_ctx, view.id, monday, monday - dt.timedelta(days=1))


def test_saving_a_running_phase_splits_it_and_passed_weeks_are_locked(demo_ctx: AppContext) -> None:
    view = running(demo_ctx)
    monday = calendar.week_monday(TODAY)
    phase = next(p for p in view.phases if p.from_date < monday <= p.to_date)
    new_blocks = week("work_directed_measure", "job_seeking")
    with pytest.raises(ValidationError, match="passert"):
        programmes.save_phase_pattern(demo_ctx, phase.id, new_blocks, expected_version=phase.version, today=TODAY,
                                      effective_from=monday - dt.timedelta(days=7))
    result = programmes.save_phase_pattern(demo_ctx, phase.id, new_blocks, expected_version=phase.version,
                                           today=TODAY)
    assert result.split_from == phase.id and result.effective_from == monday
    after = programmes.get_programme(demo_ctx, view.id)
    old = next(p for p in after.phases if p.id == phase.id)
    new = next(p for p in after.phases if p.id == result.phase_id)
    assert old.blocks == phase.blocks and old.to_date == monday - dt.timedelta(days=1)
    assert new.blocks == tuple(sorted(new_blocks, key=lambda b: (b.weekday, b.start_minute)))
    assert new.derived_from_id == phase.id
    # The old version number is stale now: saving with it is a conflict, in Norwegian.
    with pytest.raises(ConflictError, match="endret av en annen"):
        programmes.save_phase_pattern(demo_ctx, phase.id, new_blocks, expected_version=phase.version, today=TODAY)
    # A phase that has ended cannot be changed; nor can one be deleted that has passed weeks.
    with pytest.raises(ValidationError, match="avsluttet"):
        programmes.save_phase_pattern(demo_ctx, old.id, new_blocks, expected_version=old.version, today=TODAY)
    with pytest.raises(ValidationError, match="passert"):
        programmes.delete_phase(demo_ctx, old.id, expected_version=old.version, today=TODAY)


def test_overlapping_blocks_are_refused_and_nothing_changes(demo_ctx: AppContext) -> None:
    view = running(demo_ctx)
    future = next(p for p in view.phases if p.from_date > TODAY)
    overlapping = (*future.blocks, BlockView(0, 9 * 60, 10 * 60, "Jobbklubb", "job_seeking", ""))
    with pytest.raises(ValidationError, match="overlapper"):
        programmes.save_phase_pattern(demo_ctx, future.id, overlapping, expected_version=future.version, today=TODAY)
    assert programmes.get_programme(demo_ctx, view.id).phases == view.phases
    result = programmes.save_phase_pattern(demo_ctx, future.id, future.blocks[2:], expected_version=future.version,
                                           today=TODAY)
    assert result.split_from is None and result.phase_id == future.id


def test_periods_leave_extends_the_end_and_limits_hold(demo_ctx: AppContext) -> None:
    view = running(demo_ctx)
    leave_from = TODAY + dt.timedelta(days=30)
    with pytest.raises(ValidationError, match="begrunnelse"):
        programmes.add_period(demo_ctx, view.id, "leave", leave_from, leave_from + dt.timedelta(days=9),
                              expected_version=view.version, today=TODAY)
    programmes.add_period(demo_ctx, view.id, "leave", leave_from, leave_from + dt.timedelta(days=9), "Fødsel",
                          expected_version=view.version, today=TODAY)
    after = programmes.get_programme(demo_ctx, view.id)
    assert after.planned_end_date == view.last_day + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="12 måneder"):
        programmes.add_period(demo_ctx, view.id, "extension", after.last_day + dt.timedelta(days=1),
                              after.last_day + dt.timedelta(days=500), expected_version=after.version, today=TODAY)
    with pytest.raises(ConflictError):
        programmes.add_period(demo_ctx, view.id, "holiday", leave_from + dt.timedelta(days=20),
                              leave_from + dt.timedelta(days=26), expected_version=view.version, today=TODAY)


def test_evaluations_are_scheduled_and_recorded(demo_ctx: AppContext) -> None:
    view = running(demo_ctx)
    scheduled = view.evaluations[0]
    with pytest.raises(ValidationError):
        evaluations.record_evaluation(demo_ctx, scheduled.id, held_date=TODAY, progress="", changes="",
                                      next_date=None, today=TODAY)
    next_date = TODAY + dt.timedelta(days=40)
    recorded = evaluations.record_evaluation(demo_ctx, scheduled.id, held_date=TODAY, progress="Godt i gang",
                                             changes="Mer arbeidstrening", next_date=next_date, today=TODAY)
    assert recorded.held_date == TODAY and recorded.next_date == next_date
    listed = evaluations.list_evaluations(demo_ctx, view.id)
    assert next_date in {e.scheduled_date for e in listed}
    with pytest.raises(ValidationError):
        evaluations.delete_evaluation(demo_ctx, scheduled.id)


def test_templates_are_saved_and_start_a_new_programme(demo_ctx: AppContext) -> None:
    view = running(demo_ctx)
    key = plan_templates.save_as_template(demo_ctx, view.id, "Vår standard")
    template = plan_templates.get_template(demo_ctx, key)
    assert [p.name for p in template.phases] == [p.name for p in view.phases]
    assert template.phases[-1].weeks is None
    with demo_ctx.uow() as uow:  # a person whose programme has ended can start a new one
        person_id = uow.session.scalars(select(Programme.person_id).where(Programme.status == "completed")).first()
    assert person_id is not None
    shipped = plan_templates.get_template(demo_ctx, "shipped:laerling")
    start = calendar.week_monday(TODAY) + dt.timedelta(days=14)
    phases, dates = plan_templates.layout(shipped, start, start + dt.timedelta(days=363))
    programme_id = programmes.create_programme(demo_ctx, person_id, start, start + dt.timedelta(days=363),
                                               today=TODAY, phases=phases, evaluation_dates=dates)
    created = programmes.get_programme(demo_ctx, programme_id)
    assert [p.name for p in created.phases] == [p.name for p in shipped.phases]
    assert created.status == "planned" and created.periods[0].kind == "first"
    # The template is a valid plan; what the rules find is that the old application is too old
    # for a new start (stl. § 31): a new programme needs a new application.
    assert {f.code for f in programmes.check_programme(demo_ctx, programme_id)} == {"start.too_late"}
    with pytest.raises(ValidationError, match="ikke er avsluttet"):
        programmes.create_programme(demo_ctx, person_id, start, start + dt.timedelta(days=363), today=TODAY)


def test_activity_catalogue_needs_the_settings_role(demo_ctx: AppContext) -> None:
    caseworker = demo_ctx.as_user("demo.saksbehandler")
    with pytest.raises(PermissionDeniedError):
        activities.create_activity(caseworker, activities.ActivityInput("Jobbverksted", "job_seeking"))
    leader = demo_ctx.as_user("demo.leder")
    with pytest.raises(ValidationError):
        activities.create_activity(leader, activities.ActivityInput("", "no_such_category"))
    created = activities.create_activity(leader, activities.ActivityInput("Jobbverksted", "job_seeking", "NAV"))
    activities.update_activity(leader, created.id, activities.ActivityInput("Jobbverksted", "job_seeking",
                                                                             active=False))
    assert created.id not in {a.id for a in activities.list_activities(caseworker)}
    assert created.id in {a.id for a in activities.list_activities(caseworker, include_inactive=True)}
    assert activities.add_starting_catalogue(leader) > 0
    assert activities.add_starting_catalogue(leader) == 0
