"""A person's deadlines («Frister») for the Inngangsvilkår tab and the person bar.

The facts come from the database (the newest application that is not refused or withdrawn, its
screening conclusion, the programme and its evaluations); the deadlines themselves are computed
by ``rules.deadlines`` with the office's processing-time setting (``processing_warn_days``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_
from kvp_desktop.rules import deadlines as rules
from kvp_desktop.rules.deadlines import DeadlineFacts, DeadlineState
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.store.models import (
    Application,
    Decision,
    Evaluation,
    OfficeSettings,
    Person,
    Programme,
    Screening,
)

KIND_LABELS: dict[str, str] = {
    rules.DeadlineKind.PROCESSING: N_("Saksbehandlingstid"),
    rules.DeadlineKind.START: N_("Oppstart innen seks måneder"),
    rules.DeadlineKind.AGE_LIMIT: N_("Aldersgrense 67 år"),
    rules.DeadlineKind.FULL_RATE: N_("Full sats fra 25 år"),
    rules.DeadlineKind.EVALUATION: N_("Evaluering"),
}
STATE_LABELS: dict[str, str] = {
    DeadlineState.OK: N_("I rute"),
    DeadlineState.WARNING: N_("Snart"),
    DeadlineState.OVERDUE: N_("Overskredet"),
    DeadlineState.DONE: N_("Oppfylt"),
}
DEFAULT_WARN_DAYS = 21


@dataclass(frozen=True)
class DeadlineView:
    kind: str
    label: str  # bokmål msgid
    due: dt.date
    state: str
    text: str  # the rule's reason, rendered
    reference: str


@dataclass(frozen=True)
class PersonDeadlines:
    person_id: int
    items: tuple[DeadlineView, ...]
    worst: str | None  # the most urgent state, None when there is nothing

    @property
    def attention(self) -> int:
        """How many need attention now (warning or overdue)."""
        return sum(1 for item in self.items if item.state in (DeadlineState.WARNING, DeadlineState.OVERDUE))


def _concluded(session: Session, application_id: int) -> tuple[dt.datetime, str | None, dt.date | None] | None:
    """The newest concluded screening's time, and its decision's state and date."""
    row = session.execute(
        select(Screening.concluded_at, Decision.state, Decision.decision_date)
        .outerjoin(Decision, Decision.id == Screening.decision_id)
        .where(Screening.application_id == application_id, Screening.concluded_at.is_not(None))
        .order_by(Screening.revision.desc())
    ).first()
    return (row.concluded_at, row.state, row.decision_date) if row is not None else None


def _facts(session: Session, person: Person) -> DeadlineFacts:
    # The newest application still waiting for its decision, or granted. A refusal counts until its
    # decision is issued: the processing deadline runs until the decision is made (fattet), not until
    # the screening is concluded with the letter still a draft.
    candidates = session.scalars(
        select(Application)
        .where(Application.person_id == person.id,
               Application.status.in_(("registered", "screening", "granted", "refused")))
        .order_by(Application.registered_date.desc(), Application.id.desc())
    ).all()
    application = None
    decided = None
    for candidate in candidates:
        concluded = _concluded(session, candidate.id)
        issued = concluded is not None and concluded[1] in ("issued", "sent")
        if candidate.status == "refused" and (issued or concluded is None or concluded[1] is None):
            continue  # decided: a refusal has nothing more to watch
        application = candidate
        if concluded is not None and issued:
            decided = concluded[2] or concluded[0].date()
        elif concluded is not None and concluded[1] is None:  # concluded before decisions were linked here
            decided = concluded[0].date()
        elif concluded is None and candidate.status == "granted":  # decided before screenings were kept here
            decided = candidate.registered_date
        break
    programme = session.scalars(
        select(Programme).where(Programme.person_id == person.id).order_by(Programme.start_date.desc())
    ).first()
    started = end = None
    evaluations: tuple[tuple[dt.date, dt.date | None], ...] = ()
    if programme is not None and (application is None or programme.application_id in (None, application.id)):
        started = programme.start_date
        end = programme.end_date or programme.planned_end_date
        rows = session.scalars(
            select(Evaluation).where(Evaluation.programme_id == programme.id).order_by(Evaluation.scheduled_date)
        ).all()
        evaluations = tuple((row.scheduled_date, row.held_date) for row in rows)
    return DeadlineFacts(
        birth_date=person.birth_date,
        application_date=application.registered_date if application else None,
        decided_on=decided,
        programme_start=started,
        programme_end=end,
        evaluations=evaluations,
    )


def person_deadlines(ctx: AppContext, person_id: int, today: dt.date | None = None) -> PersonDeadlines:
    """The deadlines that matter for the person now, by due date (one read)."""
    today = today or dt.date.today()
    with ctx.read() as uow:
        birth_date = uow.session.scalar(select(Person.birth_date).where(Person.id == person_id))
        if birth_date is None:
            return PersonDeadlines(person_id, (), None)
        return deadlines_in(ctx, uow.session, person_id, birth_date, today)


def _person_deadlines_one_by_one(ctx: AppContext, person_id: int, today: dt.date) -> PersonDeadlines:
    """The earlier reading, statement by statement (kept to check :func:`deadlines_in` against)."""
    with ctx.uow() as uow:
        session = uow.session
        person = session.get(Person, person_id)
        if person is None:
            return PersonDeadlines(person_id, (), None)
        warn_days = session.scalar(select(OfficeSettings.processing_warn_days).limit(1)) or DEFAULT_WARN_DAYS
        found = rules.deadlines_for(_facts(session, person), today, office_parameters(session), warn_days)
    items = tuple(
        DeadlineView(str(d.kind), KIND_LABELS[d.kind], d.due, str(d.state), d.reason.render(), d.reason.reference)
        for d in found
    )
    worst = rules.worst(found)
    return PersonDeadlines(person_id, items, str(worst) if worst else None)


# --- in few statements ------------------------------------------------------------------------------
# The person bar shows the deadlines on every choice of person: two statements (applications with their
# concluded screenings, the newest programme with its evaluations) instead of one per application;
# the office's warning days and rates come from the context (services/office/view_cache.py).


def _facts_in_two(session: Session, person_id: int, birth_date: dt.date) -> DeadlineFacts:
    """The same facts as :func:`_facts`, read in two statements: the applications with their concluded
    screenings (and the decisions' state), and the newest programme with its evaluations."""
    from sqlalchemy import and_

    candidates: list[Application] = []
    newest: dict[int, tuple[dt.datetime, str | None, dt.date | None]] = {}
    for row, concluded_at, state, decision_date in session.execute(
        select(Application, Screening.concluded_at, Decision.state, Decision.decision_date)
        .outerjoin(Screening, and_(Screening.application_id == Application.id, Screening.concluded_at.is_not(None)))
        .outerjoin(Decision, Decision.id == Screening.decision_id)
        .where(Application.person_id == person_id,
               Application.status.in_(("registered", "screening", "granted", "refused")))
        .order_by(Application.registered_date.desc(), Application.id.desc(), Screening.revision.desc())
    ).tuples():
        if not candidates or candidates[-1] is not row:
            candidates.append(row)
        if concluded_at is not None:
            newest.setdefault(row.id, (concluded_at, state, decision_date))
    application: Application | None = None
    decided = None
    for candidate in candidates:  # as in _facts
        concluded = newest.get(candidate.id)
        issued = concluded is not None and concluded[1] in ("issued", "sent")
        if candidate.status == "refused" and (issued or concluded is None or concluded[1] is None):
            continue
        application = candidate
        if concluded is not None and issued:
            decided = concluded[2] or concluded[0].date()
        elif concluded is not None and concluded[1] is None:
            decided = concluded[0].date()
        elif concluded is None and candidate.status == "granted":
            decided = candidate.registered_date
        break
    newest_programme = (select(Programme.id).where(Programme.person_id == person_id)
                        .order_by(Programme.start_date.desc()).limit(1).scalar_subquery())
    rows = session.execute(
        select(Programme.application_id, Programme.start_date, Programme.end_date, Programme.planned_end_date,
               Evaluation.scheduled_date, Evaluation.held_date)
        .outerjoin(Evaluation, Evaluation.programme_id == Programme.id)
        .where(Programme.id == newest_programme)
        .order_by(Evaluation.scheduled_date)
    ).all()
    started = end = None
    evaluations: tuple[tuple[dt.date, dt.date | None], ...] = ()
    if rows and (application is None or rows[0].application_id in (None, application.id)):
        first = rows[0]
        started = first.start_date
        end = first.end_date or first.planned_end_date
        evaluations = tuple((r.scheduled_date, r.held_date) for r in rows if r.scheduled_date is not None)
    return DeadlineFacts(
        birth_date=birth_date,
        application_date=application.registered_date if application else None,
        decided_on=decided,
        programme_start=started,
        programme_end=end,
        evaluations=evaluations,
    )


def deadlines_in(ctx: AppContext, session: Session, person_id: int, birth_date: dt.date,
                 today: dt.date) -> PersonDeadlines:
    """The person's deadlines read in ``session`` (the caller's unit of work): two statements."""
    from kvp_desktop.services.office import view_cache

    office = view_cache.office(ctx, session)
    warn_days = (office.processing_warn_days if office is not None else None) or DEFAULT_WARN_DAYS
    params = view_cache.parameters(ctx, session)
    found = rules.deadlines_for(_facts_in_two(session, person_id, birth_date), today, params, warn_days)
    items = tuple(
        DeadlineView(str(d.kind), KIND_LABELS[d.kind], d.due, str(d.state), d.reason.render(), d.reason.reference)
        for d in found
    )
    worst = rules.worst(found)
    return PersonDeadlines(person_id, items, str(worst) if worst else None)
