"""«Mine oppgaver»: the logged-in user's next steps across the office, each pointing at the tab and
person where the step is done.

What counts (the case flow of docs/rules.md, step by step):

* the review task «book the transfer meeting» (``services.portfolio.reviews``), not done;
* applications waiting for their screening (registered, or a screening not concluded);
* decisions and certificates still drafts (to issue), and issued ones not yet sent;
* issued grants with no programme yet («Opprett program»);
* evaluations due within two weeks (or overdue) in a running programme;
* payout runs waiting for approval made by someone else — for those who may approve them.

A caseworker sees the persons assigned to them and those assigned to nobody; a leader and the
system identity see the whole office. Everything is read in ONE unit of work with one query per
kind of task (``my_tasks``), so the list opens quickly on a shared PostgreSQL database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.store.models import (
    Application,
    Certificate,
    Decision,
    Evaluation,
    PayoutRun,
    Person,
    Programme,
    Task,
)

#: Kinds of task, in the order the list shows them (most urgent work first within a due date).
KINDS: dict[str, str] = {
    "transfer_meeting": N_("Overføringsmøte"),
    "application": N_("Søknad"),
    "issue_letter": N_("Fatt brev"),
    "send_letter": N_("Send brev"),
    "create_programme": N_("Opprett program"),
    "evaluation": N_("Evaluering"),
    "approve_run": N_("Godkjenn utbetaling"),
}
#: The tab (``ui.main_window.TAB_KEYS``) or window where each kind of task is done.
TARGETS: dict[str, str] = {
    "transfer_meeting": "portefolje",
    "application": "inngangsvilkar",
    "issue_letter": "dokumenter",
    "send_letter": "dokumenter",
    "create_programme": "programbygger",
    "evaluation": "programbygger",
    "approve_run": "utbetalinger",
}
EVALUATION_HORIZON = dt.timedelta(days=14)
_RUNNING = ("planned", "active", "leave")


@dataclass(frozen=True)
class WorkTask:
    kind: str  # a key of KINDS
    text: str  # what to do, in Norwegian
    person_id: int | None
    person_name: str  # "" for office tasks (payout runs)
    due: dt.date | None
    target: str  # a key of TARGETS' values: the tab (or «dokumenter») where it is done
    item_id: int | None = None  # the task, application, decision, programme or run concerned
    overdue: bool = False

    @property
    def kind_label(self) -> str:
        return _(KINDS[self.kind])


def _mine(ctx: AppContext) -> Any:
    """The persons a user's list covers (a SQL condition), or ``None`` for the whole office."""
    if ctx.user.id is None or ctx.user.role == "leder":
        return None
    return or_(Person.caseworker_id == ctx.user.id, Person.caseworker_id.is_(None))


def _where(query: Any, mine: Any) -> Any:
    return query if mine is None else query.where(mine)


def _name(person: Person | Any) -> str:
    return f"{person.first_name} {person.last_name}"


def _transfer_meetings(session: Session, ctx: AppContext, mine: Any, today: dt.date) -> list[WorkTask]:
    from kvp_desktop.services.portfolio.reviews import TRANSFER_TASK

    query = (select(Task.id, Task.description, Task.due_date, Task.assigned_to_id, Person.id.label("person_id"),
                    Person.first_name, Person.last_name)
             .join(Person, Person.id == Task.person_id)
             .where(Task.done.is_(False), Task.kind == TRANSFER_TASK))
    if ctx.user.id is not None and ctx.user.role != "leder":
        query = query.where(or_(Task.assigned_to_id == ctx.user.id, Task.assigned_to_id.is_(None)))
    return [WorkTask("transfer_meeting", row.description or _("Book overføringsmøte med KVP-veilederen."),
                     row.person_id, _name(row), row.due_date, TARGETS["transfer_meeting"], row.id,
                     bool(row.due_date and row.due_date < today))
            for row in session.execute(query)]


def _applications(session: Session, ctx: AppContext, mine: Any, today: dt.date) -> list[WorkTask]:
    query = (select(Application.id, Application.registered_date, Application.status, Person.id.label("person_id"),
                    Person.first_name, Person.last_name)
             .join(Person, Person.id == Application.person_id)
             .where(Application.status.in_(("registered", "screening"))))
    if mine is not None:
        query = query.where(or_(mine, Application.kvp_caseworker_id == ctx.user.id))
    tasks = []
    for row in session.execute(query):
        text = (_("Søknad fra {dato} venter på vurdering av inngangsvilkårene.", dato=format_date_short(
            row.registered_date)) if row.status == "registered" else
            _("Vurderingen av søknaden fra {dato} er ikke konkludert.", dato=format_date_short(row.registered_date)))
        tasks.append(WorkTask("application", text, row.person_id, _name(row), row.registered_date,
                              TARGETS["application"], row.id))
    return tasks


def _letters(session: Session, mine: Any) -> list[WorkTask]:
    from kvp_desktop.services.letters.kinds import letter_title  # ReportLab, when a task names a letter

    def title(kind: str) -> str:
        try:
            return letter_title(kind, "nb")
        except (ValueError, KeyError):
            return kind

    tasks = []
    decisions = _where(select(Decision.id, Decision.kind, Decision.state, Decision.created_at, Decision.decision_date,
                              Person.id.label("person_id"), Person.first_name, Person.last_name)
                       .join(Person, Person.id == Decision.person_id)
                       .where(Decision.state.in_(("draft", "issued"))), mine)
    certificates = _where(select(Certificate.id, Certificate.state, Certificate.created_at,
                                 Person.id.label("person_id"), Person.first_name, Person.last_name)
                          .join(Programme, Programme.id == Certificate.programme_id)
                          .join(Person, Person.id == Programme.person_id)
                          .where(Certificate.state.in_(("draft", "issued"))), mine)
    rows = [(row, row.kind) for row in session.execute(decisions)]
    rows += [(row, "deltakerbevis") for row in session.execute(certificates)]
    for row, kind in rows:
        created = row.created_at.date() if row.created_at else None
        if row.state == "draft":
            tasks.append(WorkTask("issue_letter", _("Fatt «{brev}» (utkast).", brev=title(kind)), row.person_id,
                                  _name(row), created, TARGETS["issue_letter"], row.id))
        else:
            tasks.append(WorkTask("send_letter", _("Send «{brev}» til personen, og merk det som sendt.",
                                                   brev=title(kind)),
                                  row.person_id, _name(row), getattr(row, "decision_date", None) or created,
                                  TARGETS["send_letter"], row.id))
    return tasks


def _programmes_to_create(session: Session, mine: Any) -> list[WorkTask]:
    from kvp_desktop.services.programmes.programmes import offers_for

    ids = None
    if mine is not None:
        ids = list(session.scalars(select(Person.id).join(Decision, Decision.person_id == Person.id)
                                   .where(mine, Decision.kind == "innvilgelse",
                                          Decision.state.in_(("issued", "sent")))))
        if not ids:
            return []
    offers = offers_for(session, ids)
    if not offers:
        return []
    names = {row.id: _name(row) for row in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_([o.person_id for o in offers])))}
    return [WorkTask("create_programme", _("Opprett program fra {fra} til {til} (vedtaket om innvilgelse er fattet).",
                                           fra=format_date_short(o.start_date), til=format_date_short(o.end_date)),
                     o.person_id, names.get(o.person_id, ""), o.start_date, TARGETS["create_programme"], o.decision_id)
            for o in offers]


def _evaluations(session: Session, mine: Any, today: dt.date) -> list[WorkTask]:
    query = _where(select(Evaluation.id, Evaluation.scheduled_date, Person.id.label("person_id"), Person.first_name,
                          Person.last_name)
                   .join(Programme, Programme.id == Evaluation.programme_id)
                   .join(Person, Person.id == Programme.person_id)
                   .where(Evaluation.held_date.is_(None), Programme.status.in_(_RUNNING),
                          Evaluation.scheduled_date <= today + EVALUATION_HORIZON), mine)
    return [WorkTask("evaluation", _("Evaluering av programmet {dato}.", dato=format_date_short(row.scheduled_date)),
                     row.person_id, _name(row), row.scheduled_date, TARGETS["evaluation"], row.id,
                     row.scheduled_date < today)
            for row in session.execute(query)]


def _runs(session: Session, ctx: AppContext) -> list[WorkTask]:
    if not roles.allowed(ctx, Permission.APPROVE_PAYOUT_RUN):
        return []
    query = select(PayoutRun.id, PayoutRun.label, PayoutRun.period_to, PayoutRun.created_by_id).where(
        PayoutRun.state == "draft")
    if ctx.user.id is not None:  # never one's own run (four eyes)
        query = query.where(or_(PayoutRun.created_by_id != ctx.user.id, PayoutRun.created_by_id.is_(None)))
    return [WorkTask("approve_run", _("Utbetalingskjøring {periode} venter på godkjenning.", periode=row.label),
                     None, "", row.period_to, TARGETS["approve_run"], row.id)
            for row in session.execute(query)]


def my_tasks(ctx: AppContext, today: dt.date | None = None) -> list[WorkTask]:
    """The logged-in user's tasks, overdue first, then by due date. One unit of work."""
    today = today or dt.date.today()
    mine = _mine(ctx)
    with ctx.uow() as uow:
        session = uow.session
        found: list[WorkTask] = []
        if roles.allowed(ctx, Permission.REVIEW_PORTFOLIO):
            found += _transfer_meetings(session, ctx, mine, today)
        if roles.allowed(ctx, Permission.HANDLE_APPLICATIONS):
            found += _applications(session, ctx, mine, today)
        if roles.allowed(ctx, Permission.ISSUE_DECISION):
            found += _letters(session, mine)
        if roles.allowed(ctx, Permission.EDIT_PROGRAMME):
            found += _programmes_to_create(session, mine)
            found += _evaluations(session, mine, today)
        found += _runs(session, ctx)
    order = list(KINDS)
    return sorted(found, key=lambda t: (not t.overdue, t.due or dt.date.max, order.index(t.kind), t.person_name))


def count_by_kind(tasks: Sequence[WorkTask]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task.kind] = counts.get(task.kind, 0) + 1
    return counts


__all__ = ["KINDS", "TARGETS", "WorkTask", "count_by_kind", "my_tasks"]
