"""The review workflow (porteføljegjennomgang): a session lists flagged persons not reviewed
since a chosen date; for each the caseworker records an outcome with date and user.

Outcomes: *vurder KVP* (creates a task to book the transfer meeting with the KVP veileder, with
the date it should be held by), *ikke aktuelt nå* (a reason is required), *har annen rettighet*
(which right is required), *allerede i KVP*. Every outcome is kept (history per person); the
latest one is copied to ``portfolio_states`` so the table can filter on it in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from kvp_desktop.i18n import N_, _, format_date, format_date_short
from kvp_desktop.rules import calendar
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.infrastructure.validation import Problems, check_date
from kvp_desktop.services.office.settings import get_office
from kvp_desktop.services.portfolio.portfolio import (
    ANY_FLAG,
    FLAGS,
    REVIEW_OUTCOMES,
    PortfolioFilter,
    PortfolioRow,
    portfolio_ids,
    portfolio_rows,
    recompute_flags,
)
from kvp_desktop.store.models import Person, PortfolioReview, PortfolioState, Task, User

if TYPE_CHECKING:  # ReportLab is imported when a list is printed, not when the portfolio opens
    from kvp_desktop.documents.review_list import ReviewList
    from kvp_desktop.services.portfolio.portfolio import FlagExplanation

#: Rights in NAV that make KVP not the right path now (the caseworker may also write another).
OTHER_RIGHTS: tuple[str, ...] = (
    N_("Arbeidsavklaringspenger (AAP)"),
    N_("Uføretrygd"),
    N_("Dagpenger"),
    N_("Overgangsstønad"),
    N_("Introduksjonsprogram"),
    N_("Ungdomsprogram"),
    N_("Sykepenger"),
)
TRANSFER_TASK = "book_transfer_meeting"
MAX_SESSION_ROWS = 2000  # a meeting list longer than this is not a meeting list


@dataclass(frozen=True)
class ReviewInput:
    person_id: int
    outcome: str
    reason: str = ""
    other_right: str = ""
    meeting_by: dt.date | str | None = None  # vurder_kvp: hold the transfer meeting by this day
    reviewed_on: dt.date | str | None = None  # default: today


@dataclass(frozen=True)
class ReviewDTO:
    id: int
    person_id: int
    outcome: str
    outcome_label: str
    reviewed_at: dt.datetime
    user_name: str
    reason: str
    other_right: str
    task_id: int | None = None
    task_due: dt.date | None = None


@dataclass(frozen=True)
class ReviewSession:
    """The persons to go through: flagged, and not reviewed since ``since``."""

    since: dt.date
    today: dt.date
    caseworker_id: int | None
    stop_point: str | None
    rows: tuple[PortfolioRow, ...]
    total: int  # may exceed len(rows) (capped at MAX_SESSION_ROWS)


def _validate(data: ReviewInput, today: dt.date) -> tuple[dt.date, dt.date | None]:
    problems = Problems()
    if data.outcome not in REVIEW_OUTCOMES:
        problems.add("outcome", _("Velg et utfall for gjennomgangen."))
    reviewed_on = problems.check("reviewed_on", check_date, data.reviewed_on or today, _("Dato for gjennomgangen"))
    if reviewed_on is not None and reviewed_on > today:
        problems.add("reviewed_on", _("Datoen for gjennomgangen kan ikke være fram i tid."))
    meeting_by = None
    if data.outcome == "vurder_kvp":
        meeting_by = problems.check("meeting_by", check_date, data.meeting_by, _("Frist for overføringsmøtet"))
        if meeting_by is not None and reviewed_on is not None and meeting_by < reviewed_on:
            problems.add("meeting_by", _("Fristen for overføringsmøtet kan ikke være før gjennomgangen."))
    if data.outcome == "ikke_aktuelt" and len(data.reason.strip()) < 3:
        problems.add("reason", _("Skriv hvorfor KVP ikke er aktuelt nå."))
    if data.outcome == "annen_rettighet" and not data.other_right.strip():
        problems.add("other_right", _("Velg eller skriv hvilken rettighet personen har."))
    if len(data.reason) > 2000:
        problems.add("reason", _("Begrunnelsen kan ha høyst 2000 tegn."))
    if len(data.other_right.strip()) > 100:
        problems.add("other_right", _("Rettigheten kan ha høyst 100 tegn."))
    problems.raise_if_any()
    assert reviewed_on is not None
    return reviewed_on, meeting_by


def record_review(ctx: AppContext, data: ReviewInput, today: dt.date | None = None) -> ReviewDTO:
    """Record one outcome for one person (and the transfer-meeting task for *vurder KVP*)."""
    roles.require(ctx, Permission.REVIEW_PORTFOLIO)
    today = today or dt.date.today()
    reviewed_on, meeting_by = _validate(data, today)
    now = dt.datetime.now()
    reviewed_at = dt.datetime.combine(reviewed_on, now.time().replace(microsecond=0))
    with ctx.uow() as uow:
        session = uow.session
        if session.get(Person, data.person_id) is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        review = PortfolioReview(
            person_id=data.person_id,
            reviewed_at=reviewed_at,
            outcome=data.outcome,
            reason=data.reason.strip(),
            other_right=data.other_right.strip() if data.outcome == "annen_rettighet" else "",
            user_id=ctx.user.id,
        )
        session.add(review)
        task = None
        if data.outcome == "vurder_kvp":
            task = Task(
                person_id=data.person_id,
                kind=TRANSFER_TASK,
                description=_("Book overføringsmøte med KVP-veilederen innen {dato}.",
                              dato=meeting_by.strftime("%d.%m.%Y") if meeting_by else ""),
                due_date=meeting_by,
                assigned_to_id=ctx.user.id,
            )
            session.add(task)
        session.flush()
        state = session.get(PortfolioState, data.person_id)
        if state is None:
            recompute_flags(session, [data.person_id], today)
            state = session.get(PortfolioState, data.person_id)
            assert state is not None
        if state.last_reviewed_at is None or reviewed_at >= state.last_reviewed_at:
            state.last_outcome, state.last_reviewed_at = data.outcome, reviewed_at
        ctx.audit(session, "create", "portfolio_review", review.id, data.person_id, f"utfall {data.outcome}")
        dto = ReviewDTO(
            review.id, data.person_id, data.outcome, _(REVIEW_OUTCOMES[data.outcome]), reviewed_at,
            ctx.user.full_name, review.reason, review.other_right,
            task.id if task else None, task.due_date if task else None,
        )
        uow.commit()
    return dto


def review_history(ctx: AppContext, person_id: int) -> list[ReviewDTO]:
    """Every outcome recorded for the person, newest first."""
    roles.require(ctx, Permission.REVIEW_PORTFOLIO)
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(PortfolioReview, User.full_name)
            .outerjoin(User, User.id == PortfolioReview.user_id)
            .where(PortfolioReview.person_id == person_id)
            .order_by(PortfolioReview.reviewed_at.desc(), PortfolioReview.id.desc())
        ).all()
        return [
            ReviewDTO(r.id, r.person_id, r.outcome, _(REVIEW_OUTCOMES.get(r.outcome, r.outcome)), r.reviewed_at,
                      name or _("(ukjent bruker)"), r.reason, r.other_right)
            for r, name in rows
        ]


@dataclass(frozen=True)
class TaskDTO:
    id: int
    kind: str
    description: str
    due_date: dt.date | None
    done: bool


def open_tasks(ctx: AppContext, person_id: int) -> list[TaskDTO]:
    with ctx.uow() as uow:
        return [
            TaskDTO(t.id, t.kind, t.description, t.due_date, t.done)
            for t in uow.session.scalars(
                select(Task).where(Task.person_id == person_id, Task.done.is_(False)).order_by(Task.due_date, Task.id)
            )
        ]


def review_session(
    ctx: AppContext,
    since: dt.date,
    today: dt.date | None = None,
    *,
    caseworker_id: int | None = None,
    stop_point: str | None = None,
) -> ReviewSession:
    """Flagged persons (all flags, or one stop point) not reviewed since ``since``."""
    roles.require(ctx, Permission.REVIEW_PORTFOLIO)
    today = today or dt.date.today()
    filters = PortfolioFilter(stop_point=stop_point or ANY_FLAG, caseworker_id=caseworker_id,
                              not_reviewed_since=since)
    ids = portfolio_ids(ctx, filters=filters, today=today)
    rows = portfolio_rows(ctx, ids[:MAX_SESSION_ROWS])
    return ReviewSession(since, today, caseworker_id, stop_point, tuple(rows), len(ids))


def review_list_document(review: ReviewSession, office: str) -> ReviewList:
    """The meeting list in the user's language (masked fødselsnummer, flags with their dates)."""
    from kvp_desktop.documents.review_list import ReviewList, ReviewListRow

    rows = []
    for row in review.rows:
        if row.last_reviewed is None:
            last = _("Ikke gjennomgått")
        else:
            label = _(REVIEW_OUTCOMES[row.last_outcome]) if row.last_outcome in REVIEW_OUTCOMES else ""
            last = f"{format_date_short(row.last_reviewed.date())} {label}".strip()
        rows.append(ReviewListRow(
            name=row.name,
            masked_id=row.masked_id,
            age=str(calendar.age_on(row.birth_date, review.today)),
            caseworker=row.caseworker,
            flags=tuple(f"{_(FLAGS[code])} ({format_date_short(day)})" for code, day in row.fired),
            last_review=last,
        ))
    scope = _("alle stoppunkter") if not review.stop_point else _(FLAGS.get(review.stop_point, review.stop_point))
    more = ""
    if review.total > len(review.rows):
        more = _("… og {antall} personer til. Snevre inn utvalget for å skrive ut hele listen.",
                 antall=review.total - len(review.rows))
    return ReviewList(
        title=_("Gjennomgangsliste – porteføljegjennomgang"),
        office=office,
        subtitle=_("Flaggede personer ({utvalg}) som ikke er gjennomgått siden {dato}. {antall} personer.",
                   utvalg=scope, dato=format_date(review.since), antall=review.total),
        printed=review.today,
        headers=(_("Navn"), _("Fødselsnr."), _("År"), _("Veileder"), _("Stoppunkter (dato)"),
                 _("Siste gjennomgang"), _("Utfall")),
        outcome_boxes=tuple(_(label) for label in REVIEW_OUTCOMES.values()),
        rows=tuple(rows),
        footer=_("Fortrolig – inneholder personopplysninger"),
        page_label=_("Side {side} av {sider}", side="{side}", sider="{sider}"),
        empty_text=_("Ingen flaggede personer mangler gjennomgang i dette utvalget."),
        more_text=more,
    )


def review_list_pdf(ctx: AppContext, review: ReviewSession, office: str = "") -> bytes:
    """The printable review list for the meeting (recorded in the audit trail as a print)."""
    roles.require(ctx, Permission.REVIEW_PORTFOLIO)
    if not office:
        settings = get_office(ctx)
        office = settings.office_name if settings else "KVP Desktop"
    from kvp_desktop.documents.review_list import render_review_list

    data = render_review_list(review_list_document(review, office))
    with ctx.uow() as uow:
        ctx.audit(uow.session, "print", "review_list", None, None, f"{len(review.rows)} personer")
        uow.commit()
    return data


@dataclass(frozen=True)
class PersonDetails:
    """The Portefølje tab's detail pane: why the person is flagged today, and the reviews."""

    flags: list[FlagExplanation]
    history: list[ReviewDTO] | None  # None for a user who may not review the portfolio


def person_details(ctx: AppContext, person_id: int, today: dt.date, lang: str | None = None) -> PersonDetails:
    """:func:`portfolio.explain_flags` and :func:`review_history` in one read and one statement (the
    person's facts, outer-joined with the reviews and their users: one row per review)."""
    from sqlalchemy import and_, literal

    from kvp_desktop.services.portfolio.portfolio import explanations_from, fact_columns

    reviewer = roles.allowed(ctx, Permission.REVIEW_PORTFOLIO)
    with ctx.read() as uow:
        rows = uow.session.execute(
            select(*fact_columns(), PortfolioReview, User.full_name.label("reviewer_name"))
            .outerjoin(PortfolioReview, and_(PortfolioReview.person_id == Person.id, literal(reviewer)))
            .outerjoin(User, User.id == PortfolioReview.user_id)
            .where(Person.id == person_id)
            .order_by(PortfolioReview.reviewed_at.desc(), PortfolioReview.id.desc())
        ).all()
        # Inside the unit of work: its end expires the loaded rows.
        history = [ReviewDTO(r.id, r.person_id, r.outcome, _(REVIEW_OUTCOMES.get(r.outcome, r.outcome)),
                             r.reviewed_at, row.reviewer_name or _("(ukjent bruker)"), r.reason, r.other_right)
                   for row in rows if (r := row.PortfolioReview) is not None]
    if not rows:
        raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
    flags = explanations_from(rows[0], today, lang)
    return PersonDetails(flags, history if reviewer else None)
