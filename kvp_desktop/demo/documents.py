"""Demo letters: the demo office's decisions written through the decisions service.

``create_demo`` leaves a placeholder draft for every concluded application. Here each one is
filled in as a real draft (innvilgelse with the programme's start and first period, avslag with
the failed criteria of the screening), and a few are issued on their decision date so the
Dokumenter view has issued, sent and draft letters. (Grants of started programmes are already
marked issued by ``demo_kostra`` without a letter; those rows are frozen and stay as they are.)
One registered extension gets its forlengelse issued. Rendering costs ~40 ms a letter, so only
``issue_per_kind`` letters of each kind are issued; the rest stay drafts. A deltakerbevis draft is made for
the first completed programme.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.letters import decisions, drafting, dto
from kvp_desktop.services.letters.certificates import create_certificate_draft
from kvp_desktop.services.letters.drafting import GrantDraftInput, RefusalDraftInput
from kvp_desktop.store.models import Decision, Programme, ProgrammePeriod

DEMO_CASEWORKER = "demo.saksbehandler"


def add_demo_documents(ctx: AppContext, today: dt.date, issue_per_kind: int = 2) -> int:
    """Replace the demo's placeholder drafts by real ones and issue a few; returns letters issued."""
    worker = ctx.as_user(DEMO_CASEWORKER)
    with worker.uow() as uow:
        session = uow.session
        placeholders = [
            (row.id, row.person_id, row.application_id, row.kind, row.decision_date)
            for row in session.scalars(select(Decision).where(Decision.state == "draft").order_by(Decision.id))
            if "fields" not in (row.content or {})
        ]
        firsts = {
            programme.application_id: (programme.start_date, period.to_date)
            for programme, period in session.execute(
                select(Programme, ProgrammePeriod).join(ProgrammePeriod, ProgrammePeriod.programme_id == Programme.id)
                .where(ProgrammePeriod.kind == "first")
            ).all()
        }
        extension = session.execute(
            select(ProgrammePeriod.programme_id, Programme.person_id, ProgrammePeriod.from_date)
            .join(Programme, Programme.id == ProgrammePeriod.programme_id)
            .where(ProgrammePeriod.kind == "extension", Programme.status == "active")
            .order_by(ProgrammePeriod.id).limit(1)
        ).first()
        completed = session.scalars(
            select(Programme.id).where(Programme.status == "completed").order_by(Programme.id).limit(1)
        ).first()
    to_issue: list[tuple[dto.DocumentRef, dt.date]] = []
    issued_kinds: dict[str, int] = {}
    for decision_id, person_id, application_id, kind, decided in placeholders:
        if application_id is None:
            continue
        decided = decided or today
        ref = dto.DocumentRef("decision", decision_id)
        if kind == "innvilgelse":
            if application_id not in firsts:
                continue
            start, first_to = firsts[application_id]
            source = drafting.grant_source(GrantDraftInput(person_id, application_id, start, first_to))
        else:
            failed = drafting.failed_criteria(worker, application_id)
            if not failed:
                continue
            source = drafting.refusal_source(RefusalDraftInput(person_id, application_id, failed))
        # The placeholder row is filled in place: a screening may already point at it.
        drafting.reset_draft(worker, ref, source, today=decided)
        if issued_kinds.get(kind, 0) < issue_per_kind and decided <= today:
            issued_kinds[kind] = issued_kinds.get(kind, 0) + 1
            to_issue.append((ref, decided))
    for index, (ref, decided) in enumerate(to_issue):
        decisions.issue(worker, ref, today=decided, now=dt.datetime.combine(decided, dt.time(14, 0)))
        if index % 2 == 0:
            decisions.mark_sent(worker, ref)
    if extension is not None:  # the extension the demo registered, as an issued forlengelse
        decided = extension.from_date - dt.timedelta(days=14)
        ref = drafting.create_draft(worker, extension.person_id, "forlengelse", programme_id=extension.programme_id,
                                     today=decided)
        # The caseworker's own assessment replaces the default reason (a default is never issued).
        drafting.update_draft(worker, ref, dto.DraftChanges(fields={"reasons": _(
            "Du er i arbeidspraksis og har fått tilbud om et fagbrevløp. Du trenger seks måneder til for å "
            "fullføre det og komme i arbeid. | sosialtjenesteloven § 32")}), today=decided)
        decisions.issue(worker, ref, today=decided, now=dt.datetime.combine(decided, dt.time(10, 0)))
        to_issue.append((ref, decided))
    if completed is not None:
        create_certificate_draft(worker, completed, today=today)
    return len(to_issue)


__all__ = ["add_demo_documents"]
