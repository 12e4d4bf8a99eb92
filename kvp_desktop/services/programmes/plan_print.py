"""The programme as the plan PDF draws it: the Programbygger's views turned into the documents
layer's own records (``documents.plan_pdf`` imports no service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kvp_desktop.documents.plan_pdf import PlanBlock, PlanEvaluation, PlanPeriod, PlanPhase, PlanProgramme

if TYPE_CHECKING:
    from kvp_desktop.services.programmes.programmes import ProgrammeView


def plan_programme(view: ProgrammeView) -> PlanProgramme:
    """What ``render_plan`` needs of a programme: phases with their weekly blocks, leave and
    holiday periods, evaluation dates and goals."""
    return PlanProgramme(
        start_date=view.start_date,
        last_day=view.last_day,
        phases=tuple(
            PlanPhase(phase.name, phase.from_date, phase.to_date, tuple(
                PlanBlock(b.weekday, b.start_minute, b.end_minute, b.activity, b.category, b.provider, b.contact)
                for b in phase.blocks))
            for phase in view.phases),
        periods=tuple(PlanPeriod(p.kind, p.from_date, p.to_date) for p in view.periods),
        evaluations=tuple(PlanEvaluation(e.scheduled_date) for e in view.evaluations),
        goals=view.goals,
    )
