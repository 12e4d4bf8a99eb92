"""Applications and the § 29 screening as read by the Inngangsvilkår tab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from kvp_desktop.i18n import N_
from kvp_desktop.services.context import AppContext
from kvp_desktop.store.models import Application, Screening

APPLICATION_STATUSES: dict[str, str] = {
    "registered": N_("Registrert"),
    "screening": N_("Under vurdering"),
    "granted": N_("Innvilget"),
    "refused": N_("Avslått"),
    "withdrawn": N_("Trukket"),
}

ASSESSMENT_STATES: dict[str, str] = {
    "met": N_("Oppfylt"),
    "not_met": N_("Ikke oppfylt"),
    "needs_assessment": N_("Må vurderes"),
}


@dataclass(frozen=True)
class CriterionView:
    code: str
    label: str
    state: str  # met | not_met | needs_assessment
    reasoning: str
    reference: str


@dataclass(frozen=True)
class ApplicationView:
    id: int
    registered_date: dt.date
    channel: str
    status: str
    work_ability_outcome: str
    screening_revision: int | None
    concluded: bool
    conclusion: str | None
    criteria: tuple[CriterionView, ...]


def applications_for_person(ctx: AppContext, person_id: int) -> list[ApplicationView]:
    """The person's applications, newest first, each with its latest screening version."""
    with ctx.uow() as uow:
        session = uow.session
        apps = session.scalars(
            select(Application)
            .where(Application.person_id == person_id)
            .order_by(Application.registered_date.desc(), Application.id.desc())
        ).all()
        views = []
        for app in apps:
            screening = session.scalars(
                select(Screening)
                .where(Screening.application_id == app.id)
                .order_by(Screening.revision.desc())
                .limit(1)
            ).first()
            criteria: tuple[CriterionView, ...] = ()
            if screening is not None:
                criteria = tuple(
                    CriterionView(
                        code=code,
                        label=str(item.get("label", code)),
                        state=str(item.get("state", "needs_assessment")),
                        reasoning=str(item.get("reasoning", "")),
                        reference=str(item.get("reference", "")),
                    )
                    for code, item in screening.assessments.items()
                )
            views.append(
                ApplicationView(
                    id=app.id,
                    registered_date=app.registered_date,
                    channel=app.channel,
                    status=app.status,
                    work_ability_outcome=app.work_ability_outcome,
                    screening_revision=screening.revision if screening else None,
                    concluded=bool(screening and screening.concluded_at),
                    conclusion=screening.conclusion if screening else None,
                    criteria=criteria,
                )
            )
        return views
