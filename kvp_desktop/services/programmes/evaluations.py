"""Evaluations of a programme (forskrift § 1 fourth paragraph): scheduled dates and the record.

The programme states when evaluations take place; at an evaluation the caseworker records the
progress, the changes to the plan and the next date (which is then scheduled).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.programmes.programmes import EvaluationView, _load
from kvp_desktop.store.models import Evaluation


def _view(row: Evaluation) -> EvaluationView:
    return EvaluationView(row.id, row.scheduled_date, row.held_date, row.progress, row.changes, row.next_date)


def list_evaluations(ctx: AppContext, programme_id: int) -> list[EvaluationView]:
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Evaluation).where(Evaluation.programme_id == programme_id).order_by(Evaluation.scheduled_date)
        )
        return [_view(r) for r in rows]


def schedule_evaluation(ctx: AppContext, programme_id: int, day: dt.date) -> EvaluationView:
    """Schedule an evaluation on ``day`` (inside the programme period)."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    with ctx.uow() as uow:
        programme = _load(uow.session, programme_id)
        end = programme.end_date or programme.planned_end_date
        if not programme.start_date <= day <= end:
            raise ValidationError({"scheduled_date": _("Evalueringen må ligge i programperioden.")})
        taken = uow.session.scalar(select(Evaluation).where(Evaluation.programme_id == programme_id,
                                                             Evaluation.scheduled_date == day))
        if taken is not None:
            raise ValidationError({"scheduled_date": _("Det er alt satt opp en evaluering den dagen.")})
        row = Evaluation(programme_id=programme_id, scheduled_date=day)
        uow.session.add(row)
        uow.session.flush()
        ctx.audit(uow.session, "create", "evaluation", row.id, programme.person_id)
        uow.commit()
        return _view(row)


def record_evaluation(
    ctx: AppContext, evaluation_id: int, *, held_date: dt.date, progress: str, changes: str,
    next_date: dt.date | None, today: dt.date,
) -> EvaluationView:
    """Record a held evaluation: progress, changes to the plan and the next date (scheduled too)."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    problems: dict[str, str] = {}
    if held_date > today:
        problems["held_date"] = _("En evaluering kan ikke registreres som holdt før den er holdt.")
    if not progress.strip():
        problems["progress"] = _("Skriv hvordan det går med deltakeren (progresjon).")
    if next_date is not None and next_date <= held_date:
        problems["next_date"] = _("Neste evaluering må være etter denne.")
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        row = uow.session.get(Evaluation, evaluation_id)
        if row is None:
            raise NotFoundError(_("Fant ikke evalueringen."))
        programme = _load(uow.session, row.programme_id)
        end = programme.end_date or programme.planned_end_date
        if next_date is not None and next_date > end:
            raise ValidationError({"next_date": _("Neste evaluering må ligge i programperioden.")})
        row.held_date, row.next_date = held_date, next_date
        row.progress, row.changes = progress.strip(), changes.strip()
        if next_date is not None and uow.session.scalar(select(Evaluation).where(
                Evaluation.programme_id == row.programme_id, Evaluation.scheduled_date == next_date)) is None:
            uow.session.add(Evaluation(programme_id=row.programme_id, scheduled_date=next_date))
        ctx.audit(uow.session, "change", "evaluation", row.id, programme.person_id)
        uow.commit()
        return _view(row)


def delete_evaluation(ctx: AppContext, evaluation_id: int) -> None:
    """Remove a scheduled evaluation that has not been held."""
    roles.require(ctx, Permission.EDIT_PROGRAMME)
    with ctx.uow() as uow:
        row = uow.session.get(Evaluation, evaluation_id)
        if row is None:
            raise NotFoundError(_("Fant ikke evalueringen."))
        if row.held_date is not None:
            raise ValidationError({"evaluation": _("En evaluering som er holdt, kan ikke slettes.")})
        programme = _load(uow.session, row.programme_id)
        uow.session.delete(row)
        ctx.audit(uow.session, "delete", "evaluation", evaluation_id, programme.person_id)
        uow.commit()
