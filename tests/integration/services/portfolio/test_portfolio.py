"""The portfolio in SQL: materialised flags agree with the rule, filters, search, Norwegian order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from sqlalchemy import select, text

from kvp_desktop.parameters import load_parameters
from kvp_desktop.rules import calendar
from kvp_desktop.rules.stop_points import Flag, evaluate
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, PermissionDeniedError, ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import portfolio, reviews
from kvp_desktop.services.portfolio.persons import PersonInput
from kvp_desktop.services.portfolio.portfolio import ANY_FLAG, NOT_REVIEWED, PortfolioFilter
from kvp_desktop.store.models import Person, PortfolioState, StopPointFlag, User

TODAY = dt.date(2026, 11, 23)


def _rule_answer(ctx: AppContext, on: dt.date) -> dict[int, set[str]]:
    """The rule evaluated in Python for every person (the reference the SQL must match)."""
    params = load_parameters()
    with ctx.uow() as uow:
        people = list(uow.session.scalars(select(Person)))
        return {p.id: {str(f) for f in evaluate(portfolio.facts_of(p), on, params).kinds} for p in people}


def _assert_sql_matches_rule(ctx: AppContext, on: dt.date) -> None:
    answer = _rule_answer(ctx, on)
    counts = portfolio.stop_point_counts(ctx)
    for flag in Flag:
        expected = {pid for pid, kinds in answer.items() if str(flag) in kinds}
        got = set(portfolio.portfolio_ids(ctx, filters=PortfolioFilter(stop_point=str(flag)), today=on))
        assert got == expected, flag
        assert counts[str(flag)] == len(expected)
    flagged = {pid for pid, kinds in answer.items() if kinds}
    assert set(portfolio.portfolio_ids(ctx, filters=PortfolioFilter(stop_point=ANY_FLAG), today=on)) == flagged
    assert counts[ANY_FLAG] == len(flagged)
    rows = portfolio.portfolio_rows(ctx, list(answer))
    assert {r.id: set(r.stop_points) for r in rows} == answer


def test_sql_filters_and_counts_equal_the_rule_for_every_demo_person(demo_ctx: AppContext) -> None:
    assert portfolio.stale_count(demo_ctx, TODAY) == 0
    _assert_sql_matches_rule(demo_ctx, TODAY)
    assert sum(1 for kinds in _rule_answer(demo_ctx, TODAY).values() if kinds) > 20  # a realistic mix


def test_stale_flags_are_recomputed_in_bulk_when_a_threshold_date_passes(demo_ctx: AppContext) -> None:
    later = TODAY + dt.timedelta(days=200)
    stale = portfolio.stale_count(demo_ctx, later)
    assert stale > 0  # windows ran out, birthdays passed
    progress: list[tuple[int, int]] = []
    assert portfolio.refresh_stale_flags(demo_ctx, later, progress=lambda d, t: progress.append((d, t))) == stale
    assert progress[-1] == (stale, stale)
    assert portfolio.stale_count(demo_ctx, later) == 0
    _assert_sql_matches_rule(demo_ctx, later)
    # A cancelled refresh keeps nothing half done: what is left is still stale.
    even_later = later + dt.timedelta(days=400)
    before = portfolio.stale_count(demo_ctx, even_later)
    assert portfolio.refresh_stale_flags(demo_ctx, even_later, cancelled=lambda: True) == 0
    assert portfolio.stale_count(demo_ctx, even_later) == before


def test_every_filter_agrees_with_python(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow:
        people = {p.id: p for p in uow.session.execute(select(Person.id, Person.birth_date, Person.caseworker_id))}
        states = {s.person_id: s for s in uow.session.execute(
            select(PortfolioState.person_id, PortfolioState.last_outcome, PortfolioState.last_reviewed_at))}
        workers = list(uow.session.scalars(select(User.id).where(User.role.in_(("veileder", "saksbehandler")))))

    def ids(**kw: object) -> set[int]:
        return set(portfolio.portfolio_ids(demo_ctx, filters=PortfolioFilter(**kw), today=TODAY))  # type: ignore[arg-type]

    for group, limit in (("under_25", 25), ("under_30", 30)):
        expected = {pid for pid, p in people.items() if calendar.age_on(p.birth_date, TODAY) < limit}
        assert ids(age_group=group) == expected and expected
    assert ids(age_group="all") == set(people)
    for worker in workers:
        assert ids(caseworker_id=worker) == {pid for pid, p in people.items() if p.caseworker_id == worker}
    never = {pid for pid in people if states[pid].last_outcome is None}
    assert ids(outcome=NOT_REVIEWED) == never and 0 < len(never) < len(people)
    for outcome in portfolio.REVIEW_OUTCOMES:
        assert ids(outcome=outcome) == {pid for pid, s in states.items() if s.last_outcome == outcome}
    since = TODAY - dt.timedelta(days=60)
    not_since = {pid for pid, s in states.items()
                 if s.last_reviewed_at is None or s.last_reviewed_at < dt.datetime.combine(since, dt.time())}
    assert ids(not_reviewed_since=since) == not_since
    # Combined: all conditions hold together.
    combined = ids(stop_point=ANY_FLAG, age_group="under_30", not_reviewed_since=since)
    assert combined == ids(stop_point=ANY_FLAG) & ids(age_group="under_30") & not_since


def _person(ctx: AppContext, first: str, last: str, born: dt.date, seed: int, **facts: object) -> int:
    number = synthetic_fodselsnummer(random.Random(seed), born, "1")
    return portfolio.register_person(
        ctx, PersonInput(fodselsnummer=number, first_name=first, last_name=last, **facts),  # type: ignore[arg-type]
        today=TODAY,
    )


def test_norwegian_order_and_search_by_name_number_and_birth_date(ctx: AppContext) -> None:
    names = [("Per", "Zahl"), ("Åse", "Ås"), ("Kari", "Ærø"), ("Ola", "Aasen"), ("Øyvind", "Ødegård"),
             ("Anne", "Berg"), ("Émile", "Eide"), ("Anna", "Berg")]
    made = {}
    for seed, (first, last) in enumerate(names):
        made[(first, last)] = _person(ctx, first, last, dt.date(1990, 1, 1 + seed), seed)
    rows = portfolio.portfolio_rows(ctx, portfolio.portfolio_ids(ctx, today=TODAY))
    assert [r.name for r in rows] == [
        "Berg, Anna", "Berg, Anne", "Eide, Émile", "Zahl, Per", "Ærø, Kari", "Ødegård, Øyvind", "Ås, Åse",
        "Aasen, Ola",
    ]

    def search(value: str) -> list[str]:
        found = portfolio.portfolio_ids(ctx, filters=PortfolioFilter(search=value), today=TODAY)
        return [r.name for r in portfolio.portfolio_rows(ctx, found)]

    assert search("ødeg") == ["Ødegård, Øyvind"]
    assert search("ØYVIND") == ["Ødegård, Øyvind"]  # first names too, any case
    assert search("berg ann") == ["Berg, Anna", "Berg, Anne"]
    assert search("Berg, Anne") == ["Berg, Anne"]
    assert search("emile") == ["Eide, Émile"]
    assert search("å") == ["Ås, Åse", "Aasen, Ola"]
    assert search("100%_") == []
    number = synthetic_fodselsnummer(random.Random(2), dt.date(1990, 1, 3), "1")
    assert search(number[:6]) == ["Ærø, Kari"]
    assert search(number) == ["Ærø, Kari"]
    assert search("03.01.90") == ["Ærø, Kari"]
    assert search("03.01.1990") == ["Ærø, Kari"]
    masked = rows[4].masked_id
    assert masked == "03.01.90 *****"


def test_register_person_computes_flags_refuses_duplicates_and_checks_the_role(ctx: AppContext) -> None:
    born = dt.date(2004, 2, 10)
    pid = _person(ctx, "Sara", "Nilsen", born, 11, youth_without_apprenticeship=True, work_experience="none")
    rows = portfolio.portfolio_rows(ctx, [pid])
    assert rows[0].stop_points == ("no_apprenticeship", "little_work_experience")
    assert rows[0].fired == (("no_apprenticeship", TODAY), ("little_work_experience", TODAY))
    explained = portfolio.explain_flags(ctx, pid, TODAY)
    assert [e.code for e in explained] == ["no_apprenticeship", "little_work_experience"]
    assert "Ung (22 år)" in explained[0].reason and explained[0].reference.startswith("stl. § 29")
    number = synthetic_fodselsnummer(random.Random(11), born, "1")
    assert portfolio.duplicate_of(ctx, number) == "Nilsen, Sara (10.02.04 *****)"
    assert portfolio.duplicate_of(ctx, "123") is None
    with pytest.raises(ValidationError) as error:
        _person(ctx, "Sara", "Nilsen", born, 11)
    assert "finnes allerede" in error.value.problems["fodselsnummer"]
    attestant = dataclasses.replace(ctx, user=dataclasses.replace(ctx.user, role="attestant"))
    with pytest.raises(PermissionDeniedError):
        _person(attestant, "Ola", "Nordmann", born, 12)


def test_changing_the_facts_changes_the_flags_with_optimistic_locking(ctx: AppContext) -> None:
    pid = _person(ctx, "Ali", "Hussein", dt.date(1980, 5, 5), 21)
    assert portfolio.portfolio_rows(ctx, [pid])[0].stop_points == ()
    current = portfolio.get_stop_point_facts(ctx, pid)
    new = dataclasses.replace(current.facts, aap_end_date="01.11.2026", needs_help_to_work=True)
    portfolio.update_stop_point_facts(ctx, pid, new, current.version, today=TODAY)
    assert portfolio.portfolio_rows(ctx, [pid])[0].stop_points == ("aap_ended", "rule_of_thumb")
    with pytest.raises(ConflictError):
        portfolio.update_stop_point_facts(ctx, pid, current.facts, current.version, today=TODAY)
    with pytest.raises(ValidationError) as error:
        bad = dataclasses.replace(current.facts, aap_end_date="31.02.2026", work_experience="x")
        portfolio.update_stop_point_facts(ctx, pid, bad, current.version + 1, today=TODAY)
    assert set(error.value.problems) == {"aap_end_date", "work_experience"}


def _postgres_plans_use_the_indexes(ctx: AppContext) -> None:
    """PostgreSQL: with sequential scans priced out (the demo tables are tiny), the planner must
    still find an index for the stop-point filter and the name search. (Counting every flag reads
    the whole table either way, so PostgreSQL's choice there proves nothing.)"""
    with ctx.db.engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))

        def plan(sql: str) -> str:
            return " | ".join(row[0] for row in connection.execute(text("EXPLAIN " + sql)))

        stop = plan(portfolio.filter_sql(PortfolioFilter(stop_point="aap_ended"), TODAY, "postgresql"))
        name = plan(portfolio.filter_sql(PortfolioFilter(search="hansen"), TODAY, "postgresql"))
    assert "ix_stop_point_flags_kind_person" in stop, stop
    assert "ix_persons_sort_key" in name, name


def test_explain_query_plan_uses_an_index_for_every_filter(demo_ctx: AppContext) -> None:
    if not demo_ctx.db.is_sqlite:
        _postgres_plans_use_the_indexes(demo_ctx)
        return
    plans = {}
    for name, filters in {
        "stop_point": PortfolioFilter(stop_point="aap_ended"),
        "outcome": PortfolioFilter(outcome="vurder_kvp"),
        "not_reviewed": PortfolioFilter(not_reviewed_since=TODAY),
        "caseworker": PortfolioFilter(caseworker_id=1),
        "age": PortfolioFilter(age_group="under_25"),
        "name": PortfolioFilter(search="hansen"),
        "fnr": PortfolioFilter(search="1403"),
    }.items():
        sql = portfolio.filter_sql(filters, TODAY)
        with demo_ctx.db.engine.connect() as connection:
            plans[name] = " | ".join(row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_stop_point_flags_kind_person" in plans["stop_point"]
    assert "ix_persons_sort_key" in plans["stop_point"] or "USE TEMP B-TREE" in plans["stop_point"]
    assert "ix_persons_sort_key" in plans["name"]
    assert "(fodselsnummer>? AND fodselsnummer<?)" in plans["fnr"]  # the unique index, a range
    assert "ix_persons_caseworker" in plans["caseworker"] or "ix_persons_sort_key" in plans["caseworker"]
    assert "ix_persons_birth_date" in plans["age"] or "ix_persons_sort_key" in plans["age"]
    for name in ("outcome", "not_reviewed"):
        assert "SCAN portfolio_states" not in plans[name], plans[name]
    counts_plan = " | ".join(row[-1] for row in demo_ctx.db.engine.connect().execute(text(
        "EXPLAIN QUERY PLAN SELECT kind, count(*) FROM stop_point_flags GROUP BY kind")))
    assert "COVERING INDEX ix_stop_point_flags_kind_person" in counts_plan


def test_review_outcome_moves_the_person_between_outcome_filters(demo_ctx: AppContext) -> None:
    worker = demo_ctx.as_user("demo.veileder")
    never = portfolio.portfolio_ids(worker, filters=PortfolioFilter(outcome=NOT_REVIEWED), today=TODAY)
    person = never[0]
    reviews.record_review(worker, reviews.ReviewInput(person, "i_kvp"), today=TODAY)
    assert person not in portfolio.portfolio_ids(worker, filters=PortfolioFilter(outcome=NOT_REVIEWED), today=TODAY)
    assert person in portfolio.portfolio_ids(worker, filters=PortfolioFilter(outcome="i_kvp"), today=TODAY)
    with demo_ctx.uow() as uow:
        assert uow.session.scalar(select(StopPointFlag.person_id).limit(1)) is not None
