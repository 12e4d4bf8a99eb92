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
    """The deadlines that matter for the person now, by due date."""
    today = today or dt.date.today()
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
