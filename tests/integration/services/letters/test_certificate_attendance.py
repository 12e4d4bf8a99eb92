"""The deltakerbevis' attendance percentage counts the planned days of the programme, not only the
registered ones: a planned day with nothing registered is not attendance (stl. § 39)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.letters.certificates import attendance_percent
from kvp_desktop.store.models import Attendance, Programme


def test_unregistered_planned_days_are_not_attendance(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow:
        session = uow.session
        programme = session.scalars(select(Programme).where(Programme.end_date.is_not(None))
                                    .order_by(Programme.id)).first()
        assert programme is not None
        rows = session.scalars(select(Attendance).where(Attendance.programme_id == programme.id,
                                                        Attendance.attended_hours > Decimal(0))
                               .order_by(Attendance.day)).all()
        assert rows
        keep = rows[0]
        session.execute(delete(Attendance).where(Attendance.programme_id == programme.id, Attendance.id != keep.id))
        keep.attended_hours = keep.planned_hours
        session.flush()
        percent = attendance_percent(session, programme.id)
        # one fully attended day of a programme of many planned weeks: far below 100 %
        assert Decimal(0) < percent < Decimal(5), percent
        uow.rollback()
