"""Leave without kvalifiseringsstønad is not paid: the payout run passes the leave to the rules
engine (its weekdays earn nothing), and the leave letter says whether the stønad is kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.programmes import programmes
from kvp_desktop.store.models import Attendance, Programme, ProgrammePeriod
from tests.support import payout_race as race


def _leave(ctx: AppContext, programme_id: int, with_allowance: bool) -> None:
    with ctx.uow() as uow:
        programme = uow.session.get(Programme, programme_id)
        assert programme is not None
        version = programme.version
    programmes.add_period(ctx, programme_id, "leave", dt.date(2026, 11, 16), dt.date(2026, 11, 20),
                          "Omsorg for barn", expected_version=version, today=dt.date(2026, 11, 2),
                          with_allowance=with_allowance)


def test_leave_without_stonad_reduces_the_payout(ctx: AppContext) -> None:
    unpaid, paid, ordinary = race.make_office(ctx)
    _leave(ctx, unpaid, with_allowance=False)
    _leave(ctx, paid, with_allowance=True)
    with ctx.uow() as uow:  # hours registered on a leave day reduce nothing: the day earns nothing
        uow.session.add(Attendance(programme_id=unpaid, day=dt.date(2026, 11, 17), planned_hours=Decimal(0),
                                   invalid_absence_hours=Decimal(2)))
        uow.commit()
        assert [p.with_allowance for p in uow.session.scalars(
            select(ProgrammePeriod).where(ProgrammePeriod.kind == "leave").order_by(ProgrammePeriod.programme_id))
        ] == [False, True]
    run_id = payout_runs.create_draft_run(ctx.as_user("maker"), race.PERIOD, today=race.TODAY)
    lines = payouts.run_lines(ctx, run_id)
    by_programme: dict[int, list[str]] = {}
    totals: dict[int, Decimal] = {}
    with ctx.uow() as uow:
        person_of = dict(uow.session.execute(select(Programme.id, Programme.person_id)).tuples().all())
    for programme_id in (unpaid, paid, ordinary):
        mine = [line for line in lines if line.person_id == person_of[programme_id]]
        by_programme[programme_id] = [line.basis for line in mine]
        totals[programme_id] = sum((line.amount for line in mine), Decimal(0))
    assert by_programme[unpaid] == [by_programme[ordinary][0].replace("21 ukedager", "16 ukedager")]
    assert "21 ukedager" in by_programme[paid][0]
    assert totals[unpaid] < totals[paid]
