"""The review workflow: outcomes with required reasons, the transfer-meeting task, history, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ValidationError
from kvp_desktop.services.portfolio import portfolio, reviews
from kvp_desktop.services.portfolio.portfolio import PortfolioFilter
from kvp_desktop.services.portfolio.reviews import ReviewInput
from kvp_desktop.store.models import AuditEvent, PortfolioReview, Task

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def worker(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.veileder")


def _flagged_unreviewed(ctx: AppContext) -> list[int]:
    filters = PortfolioFilter(stop_point=portfolio.ANY_FLAG, outcome=portfolio.NOT_REVIEWED)
    return portfolio.portfolio_ids(ctx, filters=filters, today=TODAY)


def test_vurder_kvp_creates_a_task_to_book_the_transfer_meeting(worker: AppContext) -> None:
    person = _flagged_unreviewed(worker)[0]
    saved = reviews.record_review(worker, ReviewInput(person, "vurder_kvp", meeting_by="07.12.2026"), today=TODAY)
    assert saved.outcome_label == "Vurder KVP" and saved.user_name == "Sigrid Haugen"
    assert saved.reviewed_at.date() == TODAY
    assert saved.task_due == dt.date(2026, 12, 7)
    tasks = reviews.open_tasks(worker, person)
    assert [(t.id, t.kind, t.due_date) for t in tasks] == [(saved.task_id, "book_transfer_meeting", saved.task_due)]
    assert "07.12.2026" in tasks[0].description
    with worker.uow() as uow:
        task = uow.session.get(Task, saved.task_id)
        assert task is not None and task.assigned_to_id == worker.user.id
        audit = uow.session.scalars(select(AuditEvent.detail).where(AuditEvent.entity == "portfolio_review")).all()
    assert audit == ["utfall vurder_kvp"]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (dict(outcome="vurder_kvp"), {"meeting_by"}),
        (dict(outcome="vurder_kvp", meeting_by="20.11.2026"), {"meeting_by"}),
        (dict(outcome="ikke_aktuelt"), {"reason"}),
        (dict(outcome="ikke_aktuelt", reason=" x "), {"reason"}),
        (dict(outcome="annen_rettighet"), {"other_right"}),
        (dict(outcome="annen_rettighet", other_right="   "), {"other_right"}),
        (dict(outcome="tull"), {"outcome"}),
        (dict(outcome="i_kvp", reviewed_on="24.11.2026"), {"reviewed_on"}),
        (dict(outcome="i_kvp", reviewed_on="31.11.2026"), {"reviewed_on"}),
    ],
)
def test_required_reasons_are_asked_for_in_norwegian_and_nothing_is_written(
    worker: AppContext, data: dict[str, str], fields: set[str]
) -> None:
    person = _flagged_unreviewed(worker)[0]
    with pytest.raises(ValidationError) as error:
        reviews.record_review(worker, ReviewInput(person, **data), today=TODAY)
    assert set(error.value.problems) == fields
    assert all(message.endswith(".") for message in error.value.problems.values())
    with worker.uow() as uow:
        assert uow.session.scalars(select(PortfolioReview).where(PortfolioReview.person_id == person)).all() == []
        assert uow.session.scalars(select(Task).where(Task.person_id == person)).all() == []


def test_outcomes_with_reasons_and_history_newest_first(worker: AppContext) -> None:
    person = _flagged_unreviewed(worker)[0]
    reviews.record_review(worker, ReviewInput(person, "ikke_aktuelt", reason="Er i full jobb fra januar.",
                                              reviewed_on="01.10.2026"), today=TODAY)
    reviews.record_review(worker, ReviewInput(person, "annen_rettighet", other_right="Dagpenger",
                                              reviewed_on="01.11.2026"), today=TODAY)
    reviews.record_review(worker, ReviewInput(person, "i_kvp", reason="Startet i programmet i oktober."),
                          today=TODAY)
    history = reviews.review_history(worker, person)
    assert [(h.outcome, h.reviewed_at.date()) for h in history] == [
        ("i_kvp", TODAY), ("annen_rettighet", dt.date(2026, 11, 1)), ("ikke_aktuelt", dt.date(2026, 10, 1)),
    ]
    assert history[1].other_right == "Dagpenger" and history[2].reason == "Er i full jobb fra januar."
    assert {h.user_name for h in history} == {"Sigrid Haugen"}
    # A review registered late for an earlier meeting does not hide the latest outcome.
    reviews.record_review(worker, ReviewInput(person, "vurder_kvp", meeting_by="01.12.2026",
                                              reviewed_on="15.09.2026"), today=TODAY)
    row = portfolio.portfolio_rows(worker, [person])[0]
    assert row.last_outcome == "i_kvp" and row.last_reviewed is not None and row.last_reviewed.date() == TODAY
    assert len(reviews.review_history(worker, person)) == 4


def test_only_roles_with_portfolio_review_may_record_or_read(demo_ctx: AppContext) -> None:
    person = _flagged_unreviewed(demo_ctx)[0]
    attestant = demo_ctx.as_user("demo.attestant")
    with pytest.raises(PermissionDeniedError) as error:
        reviews.record_review(attestant, ReviewInput(person, "i_kvp"), today=TODAY)
    assert "porteføljegjennomgang" in error.value.message
    with pytest.raises(PermissionDeniedError):
        reviews.review_history(attestant, person)
    with pytest.raises(PermissionDeniedError):
        reviews.review_session(attestant, TODAY, TODAY)


def test_review_session_lists_flagged_persons_not_reviewed_since_the_date(worker: AppContext) -> None:
    since = dt.date(2026, 9, 1)
    session = reviews.review_session(worker, since, TODAY)
    assert session.total == len(session.rows) > 0
    assert all(row.stop_points for row in session.rows)
    assert all(row.last_reviewed is None or row.last_reviewed.date() < since for row in session.rows)
    first = session.rows[0].id
    reviews.record_review(worker, ReviewInput(first, "i_kvp"), today=TODAY)
    after = reviews.review_session(worker, since, TODAY)
    assert first not in {row.id for row in after.rows} and after.total == session.total - 1
    only_aap = reviews.review_session(worker, since, TODAY, stop_point="aap_ended")
    assert {row.id for row in only_aap.rows} <= {row.id for row in after.rows}
    assert all("aap_ended" in row.stop_points for row in only_aap.rows)
    mine = reviews.review_session(worker, since, TODAY, caseworker_id=worker.user.id)
    assert all(row.caseworker == "Sigrid Haugen" for row in mine.rows)


def test_review_without_a_state_row_still_updates_the_table(worker: AppContext) -> None:
    from kvp_desktop.store.models import PortfolioState

    person = _flagged_unreviewed(worker)[0]
    with worker.uow() as uow:
        uow.session.query(PortfolioState).filter(PortfolioState.person_id == person).delete()
        uow.commit()
    reviews.record_review(worker, ReviewInput(person, "i_kvp"), today=TODAY)
    assert portfolio.portfolio_rows(worker, [person])[0].last_outcome == "i_kvp"
