"""Programmes as read by the Programbygger tab: phases, weekly blocks and hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from kvp_desktop.i18n import N_
from kvp_desktop.services.context import AppContext
from kvp_desktop.store.models import Programme

# Activity categories (kvp_rules.md § 2); the programme rules check them.
CATEGORIES: dict[str, str] = {
    "work_directed_measure": N_("Arbeidsrettet tiltak"),
    "job_seeking": N_("Jobbsøking"),
    "training_education": N_("Opplæring/utdanning"),
    "motivation_mastery": N_("Motivasjons- og mestringstrening"),
    "health_treatment": N_("Helsehjelp/behandling"),
    "physical_training": N_("Fysisk trening"),
    "own_activity": N_("Egenaktivitet"),
    "rest": N_("Hvile"),
    "paid_work": N_("Lønnet arbeid"),
    "other": N_("Annet"),
}

PROGRAMME_STATUSES: dict[str, str] = {
    "planned": N_("Planlagt"),
    "active": N_("I program"),
    "leave": N_("Permisjon"),
    "completed": N_("Fullført"),
    "stopped": N_("Stanset"),
    "interrupted": N_("Avbrutt"),
    "moved": N_("Flyttet"),
}


@dataclass(frozen=True)
class BlockView:
    weekday: int  # 0 = Monday
    start_minute: int
    end_minute: int
    activity: str
    category: str
    provider: str

    @property
    def hours(self) -> Decimal:
        return Decimal(self.end_minute - self.start_minute) / 60


@dataclass(frozen=True)
class PhaseView:
    id: int
    name: str
    from_date: dt.date
    to_date: dt.date
    blocks: tuple[BlockView, ...]

    @property
    def weekly_hours(self) -> Decimal:
        return sum((b.hours for b in self.blocks), Decimal("0"))


@dataclass(frozen=True)
class ProgrammeView:
    id: int
    start_date: dt.date
    planned_end_date: dt.date
    end_date: dt.date | None
    status: str
    phases: tuple[PhaseView, ...]

    def phase_on(self, day: dt.date) -> PhaseView | None:
        for phase in self.phases:
            if phase.from_date <= day <= phase.to_date:
                return phase
        return self.phases[0] if self.phases else None


def programmes_for_person(ctx: AppContext, person_id: int) -> list[ProgrammeView]:
    """The person's programmes, newest first, with phases and their weekly blocks."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Programme).where(Programme.person_id == person_id).order_by(Programme.start_date.desc())
        ).all()
        return [
            ProgrammeView(
                id=p.id,
                start_date=p.start_date,
                planned_end_date=p.planned_end_date,
                end_date=p.end_date,
                status=p.status,
                phases=tuple(
                    PhaseView(
                        id=ph.id,
                        name=ph.name,
                        from_date=ph.from_date,
                        to_date=ph.to_date,
                        blocks=tuple(
                            BlockView(b.weekday, b.start_minute, b.end_minute, b.activity, b.category, b.provider)
                            for b in ph.blocks
                        ),
                    )
                    for ph in p.phases
                ),
            )
            for p in rows
        ]
