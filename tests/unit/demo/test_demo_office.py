"""The demo office at sizes beyond the default 60 persons (benchmarks use 10 000 and more)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from kvp_desktop.demo.office import create_demo
from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.store.models import PayoutRun, Programme


def test_a_programme_stopped_in_its_first_weeks_never_ends_before_it_started(tmp_path: Path) -> None:
    # Seed 2 with 200 persons draws a programme that started less than 60 days ago and is stopped;
    # its end date was once drawn before its start, and the demo's payout run then failed.
    ctx = open_context(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        create_demo(ctx, persons=200, seed=2, today=dt.date(2026, 11, 23))
        with ctx.uow() as uow:
            programmes = [(p.status, p.start_date, p.end_date) for p in uow.session.scalars(select(Programme))]
            runs = uow.session.scalars(select(PayoutRun.id)).all()
    finally:
        ctx.close()
    stopped = [(start, end) for status, start, end in programmes if status == "stopped"]
    assert stopped and all(end is not None and end >= start for start, end in stopped)
    assert (dt.date(2026, 11, 23) - max(start for start, _end in stopped)).days < 60  # the case that used to break
    assert all(end is None or end >= start for _status, start, end in programmes)
    assert runs  # the demo's payout runs were made
