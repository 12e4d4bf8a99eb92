"""Programme templates: phases with their length in weeks and weekly blocks, to start a programme from.

Shipped templates are YAML files in ``resources/plan_templates`` (the example programmes from seed
004, «Eksempler på 37,5 timers program»); the office saves its own from a programme's pattern. A
phase lasts ``weeks`` weeks, or ``rest`` (the last phase runs to the programme's end date). A
block names the weekdays it is on (0 = Monday), a clock time from and to, an activity and a
category, and optionally provider, contact and note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kvp_desktop.i18n import _
from kvp_desktop.rules import calendar
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.programmes.programmes import CATEGORIES, BlockView, PhaseInput, _load, clock, validate_blocks
from kvp_desktop.store.models import PlanTemplate

REST = "rest"


@dataclass(frozen=True)
class TemplatePhase:
    name: str
    weeks: int | None  # None: to the end of the programme
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True)
class TemplateView:
    key: str  # "shipped:<file>" or "office:<id>"
    name: str
    description: str
    source: str
    phases: tuple[TemplatePhase, ...]
    evaluation_every_weeks: int = 8

    @property
    def shipped(self) -> bool:
        return self.key.startswith("shipped:")


def _minute(text: object) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def _parse(key: str, data: dict[str, Any]) -> TemplateView:
    """A template from its YAML/JSON shape; raises ``ValueError`` with a Norwegian message."""
    phases = []
    raw_phases = data.get("phases") or []
    if not raw_phases:
        raise ValueError(f"Malen {key} har ingen faser.")
    for index, raw in enumerate(raw_phases):
        weeks = raw.get("weeks", REST)
        if weeks == REST:
            if index != len(raw_phases) - 1:
                raise ValueError(f"Malen {key}: bare den siste fasen kan vare ut programmet.")
            weeks = None
        elif not isinstance(weeks, int) or weeks < 1:
            raise ValueError(f"Malen {key}: fasen «{raw.get('name')}» må vare minst én uke.")
        blocks = []
        for item in raw.get("blocks") or []:
            for day in item["days"]:
                blocks.append(BlockView(int(day), _minute(item["from"]), _minute(item["to"]), str(item["activity"]),
                                        str(item["category"]), str(item.get("provider", "")),
                                        str(item.get("contact", "")), str(item.get("note", ""))))
        problems = validate_blocks(blocks)
        if problems:
            raise ValueError(f"Malen {key}, fasen «{raw.get('name')}»: " + " ".join(problems.values()))
        phases.append(TemplatePhase(str(raw["name"]), weeks, tuple(blocks)))
    return TemplateView(key, str(data["name"]), str(data.get("description", "")), str(data.get("source", "")),
                        tuple(phases), int(data.get("evaluation_every_weeks", 8)))


@cache
def shipped_templates() -> tuple[TemplateView, ...]:
    """The templates shipped with the program, sorted by name."""
    folder = resources.files("resources") / "plan_templates"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            found.append(_parse(f"shipped:{entry.name[:-5]}", yaml.safe_load(entry.read_text(encoding="utf-8"))))
    return tuple(sorted(found, key=lambda t: t.name))


def _pattern(template: TemplateView) -> dict[str, Any]:
    return {
        "name": template.name,
        "description": template.description,
        "evaluation_every_weeks": template.evaluation_every_weeks,
        "phases": [
            {
                "name": phase.name,
                "weeks": phase.weeks if phase.weeks is not None else REST,
                "blocks": [
                    {"days": [b.weekday], "from": clock(b.start_minute), "to": clock(b.end_minute),
                     "activity": b.activity, "category": b.category, "provider": b.provider, "contact": b.contact,
                     "note": b.note}
                    for b in phase.blocks
                ],
            }
            for phase in template.phases
        ],
    }


def list_templates(ctx: AppContext) -> list[TemplateView]:
    """The shipped templates, then the office's own (newest first)."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(PlanTemplate).order_by(PlanTemplate.id.desc())).all()
        office = [_parse(f"office:{r.id}", {**r.pattern, "name": r.name, "description": r.description,
                                            "source": _("Lagret av kontoret")}) for r in rows]
    return [*shipped_templates(), *office]


def get_template(ctx: AppContext, key: str) -> TemplateView:
    for template in list_templates(ctx):
        if template.key == key:
            return template
    raise NotFoundError(_("Fant ikke malen."))


def save_as_template(ctx: AppContext, programme_id: int, name: str, description: str = "") -> str:
    """Save a programme's phases and weekly patterns as the office's template; returns its key."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    if not name.strip():
        raise ValidationError({"name": _("Malen må ha et navn.")})
    with ctx.uow() as uow:
        programme = _load(uow.session, programme_id)
        phases = sorted(programme.phases, key=lambda p: p.from_date)
        if not phases:
            raise ValidationError({"phases": _("Programmet har ingen faser å lage mal av.")})
        template = TemplateView(
            "new", name.strip(), description.strip(), "",
            tuple(
                TemplatePhase(
                    p.name,
                    None if index == len(phases) - 1 else max(1, round(((p.to_date - p.from_date).days + 1) / 7)),
                    tuple(BlockView(b.weekday, b.start_minute, b.end_minute, b.activity, b.category, b.provider,
                                    "", b.note) for b in p.blocks),
                )
                for index, p in enumerate(phases)
            ),
        )
        row = PlanTemplate(name=template.name, description=template.description, pattern=_pattern(template),
                           created_by_id=ctx.user.id)
        uow.session.add(row)
        uow.session.flush()
        # The pattern has no names of people: contacts are left out of a template.
        ctx.audit(uow.session, "create", "plan_template", row.id, None, f"phases={len(phases)}")
        uow.commit()
        return f"office:{row.id}"


def delete_template(ctx: AppContext, key: str) -> None:
    """Delete one of the office's templates (the shipped ones stay)."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    if not key.startswith("office:"):
        raise ValidationError({"template": _("Malene som følger med programmet, kan ikke slettes.")})
    with ctx.uow() as uow:
        row = uow.session.get(PlanTemplate, int(key.split(":", 1)[1]))
        if row is None:
            raise NotFoundError(_("Fant ikke malen."))
        uow.session.delete(row)
        ctx.audit(uow.session, "delete", "plan_template", row.id)
        uow.commit()


def layout(template: TemplateView, start: dt.date, end: dt.date) -> tuple[list[PhaseInput], list[dt.date]]:
    """The template's phases laid out from ``start`` (phases that do not fit are shortened or left
    out; the last phase runs to ``end``) and evaluation dates every ``evaluation_every_weeks``."""
    phases: list[PhaseInput] = []
    day = start
    for index, phase in enumerate(template.phases):
        if day > end:
            break
        last = index == len(template.phases) - 1 or phase.weeks is None
        stop = end if last else min(end, day + dt.timedelta(weeks=phase.weeks or 1) - calendar.ONE_DAY)
        phases.append(PhaseInput(phase.name, day, stop, phase.blocks))
        day = stop + calendar.ONE_DAY
    evaluations = []
    step = dt.timedelta(weeks=max(template.evaluation_every_weeks, 1))
    when = start + step
    while when < end:
        evaluations.append(when)
        when += step
    evaluations.append(end - dt.timedelta(days=14) if end - dt.timedelta(days=14) > start else end)
    return phases, sorted(set(evaluations))


def category_hours(phase: TemplatePhase) -> dict[str, float]:
    """Hours per category for a quick description in the template chooser (display only)."""
    sums: dict[str, float] = {}
    for block in phase.blocks:
        key = block.category if block.category in CATEGORIES else "other"
        sums[key] = sums.get(key, 0.0) + (block.end_minute - block.start_minute) / 60
    return sums


def create_from_grant(ctx: AppContext, person_id: int, *, today: dt.date, template_key: str | None = None,
                      start_date: dt.date | None = None, end_date: dt.date | None = None) -> int:
    """«Opprett program»: a programme with the issued grant's dates (or the dates given), empty or laid
    out from a plan template. Refused in Norwegian when there is no issued grant."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    offer = programmes.programme_offer(ctx, person_id)
    if offer is None:
        raise ValidationError({"application": _(
            "Personen har ikke et fattet vedtak om innvilgelse uten program. Programmet opprettes etter at "
            "vedtaket om innvilgelse er fattet.")})
    start, end = start_date or offer.start_date, end_date or offer.end_date
    phases: Sequence[PhaseInput] = ()
    dates: Sequence[dt.date] = ()
    if template_key:
        try:
            template = get_template(ctx, template_key)
        except NotFoundError as exc:
            raise ValidationError({"template": _("Fant ikke malen «{mal}».", mal=template_key)}) from exc
        phases, dates = layout(template, start, end)
    return programmes.create_programme(ctx, person_id, start, end, today=today, phases=phases,
                                       evaluation_dates=dates)
