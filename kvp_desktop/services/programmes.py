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


def planned_hours(ctx: AppContext, programme_id: int, from_date: dt.date, to_date: dt.date) -> dict[dt.date, Decimal]:
    """Planned hours for every day from ``from_date`` to ``to_date`` (both included): what attendance
    is registered against (stl. § 39). Every day of the range is a key. A day has the hours of its
    weekday in the phase in force that day; it is 0 outside the programme, outside any phase, on
    approved leave, on a Norwegian public holiday and in the participant's planned holiday.
    """
    from kvp_desktop.services.errors import NotFoundError, ValidationError
    from kvp_desktop.i18n import _
    from kvp_desktop.rules import calendar

    if to_date < from_date:
        raise ValidationError({"to_date": _("Til-datoen kan ikke være før fra-datoen.")})
    with ctx.uow() as uow:
        programme = uow.session.get(Programme, programme_id)
        if programme is None:
            raise NotFoundError(_("Fant ikke programmet."))
        end = programme.end_date or programme.planned_end_date
        leave = [(p.from_date, p.to_date) for p in programme.periods if p.kind == "leave"]
        phases = [
            (ph.from_date, ph.to_date, {b.weekday: Decimal(0) for b in ph.blocks}, list(ph.blocks))
            for ph in programme.phases
        ]
        per_phase: list[tuple[dt.date, dt.date, dict[int, Decimal]]] = []
        for start, stop, sums, blocks in phases:
            for block in blocks:
                sums[block.weekday] += Decimal(block.end_minute - block.start_minute) / 60
            per_phase.append((start, stop, sums))
        result: dict[dt.date, Decimal] = {}
        for day in calendar.days(from_date, to_date):
            hours = Decimal(0)
            if (
                programme.start_date <= day <= end
                and not any(a <= day <= b for a, b in leave)
                and not calendar.is_public_holiday(day)
            ):
                for start, stop, sums in per_phase:
                    if start <= day <= stop:
                        hours = sums.get(day.weekday(), Decimal(0))
                        break
            result[day] = hours.quantize(Decimal("0.01"))
        return result
