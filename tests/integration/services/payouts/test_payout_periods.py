"""14-day payout periods, the day-rate policy, and a day paid once across a switch of schedule
(rules.payout_period, services.payouts.runs; docs/rules.md «Utbetalingsperiode»). SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from kvp_desktop.rules import allowance
from kvp_desktop.rules.payout_period import AmountPolicy
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.office import settings as office
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.store.models import PayoutClaim, PayoutLine, PayoutRun

D = dt.date
AFTER = D(2027, 3, 1)  # every period below has ended


def _set_office(ctx: AppContext, schedule: str, start: dt.date | None = None,
                policy: str = "monthly_share") -> None:
    leader = ctx.as_user("demo.leder")
    view = office.get_office(leader)
    assert view is not None
    office.update_office(leader, office.input_from(view, payout_schedule=schedule, payout_period_start=start,
                                                   amount_policy=policy), view.version)


def _run(ctx: AppContext, label: str) -> int:
    run_id = payout_runs.create_draft_run(ctx.as_user("demo.saksbehandler"), label, today=AFTER)
    payout_runs.approve_run(ctx.as_user("demo.attestant"), run_id)
    return run_id


def _claims(ctx: AppContext) -> dict[int, list[tuple[dt.date, dt.date]]]:
    result: dict[int, list[tuple[dt.date, dt.date]]] = {}
    with ctx.uow() as uow:
        for person_id, start, end in uow.session.execute(
                select(PayoutClaim.person_id, PayoutClaim.period_from, PayoutClaim.period_to)).tuples():
            result.setdefault(person_id, []).append((start, end))
    return result


def test_14_day_run_with_the_day_rate_policy(demo_ctx: AppContext) -> None:
    _set_office(demo_ctx, "biweekly", D(2026, 11, 2), "day_rate")
    with pytest.raises(payout_runs.PeriodNotEndedError):  # 2.–15. november has not ended on 15 November
        payout_runs.create_draft_run(demo_ctx.as_user("demo.saksbehandler"), "2026-11-02", today=D(2026, 11, 15))
    with pytest.raises(ServiceError, match="første dag i en 14-dagersperiode"):
        payout_runs.preview_run(demo_ctx, "2026-11-03")
    run_id = _run(demo_ctx, "2026-11-02")
    with demo_ctx.uow() as uow:
        run = uow.session.get(PayoutRun, run_id)
        assert run is not None
        assert (run.period_from, run.period_to, run.amount_policy) == (D(2026, 11, 2), D(2026, 11, 15), "day_rate")
    lines = payouts.run_lines(demo_ctx, run_id)
    base = [x for x in lines if x.code == allowance.ALLOWANCE]
    assert base and all("dagsats" in x.basis for x in base)
    # a full-time participant over 25 with no absence gets 10 × 1 072 kr
    assert Decimal("10720.00") in {x.amount for x in base}
    assert all((x.period_from, x.period_to) == (D(2026, 11, 2), D(2026, 11, 15)) for x in lines
               if x.corrects_line_id is None)


def test_switching_schedules_pays_each_day_once(demo_ctx: AppContext) -> None:
    november = _run(demo_ctx, "2026-11")  # monthly, as the demo office pays
    _set_office(demo_ctx, "biweekly", D(2026, 11, 23))
    straddling = _run(demo_ctx, "2026-11-23")  # 23 November–6 December: only 1–6 December is unpaid
    _run(demo_ctx, "2026-12-07")
    _set_office(demo_ctx, "monthly")
    december = _run(demo_ctx, "2026-12")  # only 21–31 December is unpaid
    with demo_ctx.uow() as uow:
        periods = set(uow.session.execute(
            select(PayoutLine.period_from, PayoutLine.period_to)
            .where(PayoutLine.run_id == straddling, PayoutLine.corrects_line_id.is_(None))).tuples())
        assert periods == {(D(2026, 12, 1), D(2026, 12, 6))}
        periods = set(uow.session.execute(
            select(PayoutLine.period_from, PayoutLine.period_to)
            .where(PayoutLine.run_id == december, PayoutLine.corrects_line_id.is_(None))).tuples())
        assert periods == {(D(2026, 12, 21), D(2026, 12, 31))}
        november_people = set(uow.session.scalars(select(PayoutLine.person_id).where(PayoutLine.run_id == november)))
    for person_id, claims in _claims(demo_ctx).items():  # no two claims of one participant overlap
        spans = sorted(claims)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans)), (person_id, spans)
    # Policy A: a participant paid the whole of December in three pieces gets December's annual / 12
    # (each piece rounded to øre once, so at most 2 øre apart).
    full_time = [p for p in november_people if _december_allowance(demo_ctx, p) > Decimal("23000")]
    assert full_time
    for person_id in full_time:
        assert abs(_december_allowance(demo_ctx, person_id) - Decimal("23224.75")) <= Decimal("0.02")


def _december_allowance(ctx: AppContext, person_id: int) -> Decimal:
    with ctx.uow() as uow:
        return sum(uow.session.scalars(select(PayoutLine.amount).where(
            PayoutLine.person_id == person_id, PayoutLine.code == allowance.ALLOWANCE,
            PayoutLine.corrects_line_id.is_(None), PayoutLine.period_from >= D(2026, 12, 1),
            PayoutLine.period_to <= D(2026, 12, 31))), Decimal(0))


def test_the_database_refuses_an_overlapping_claim(demo_ctx: AppContext) -> None:
    run_id = _run(demo_ctx, "2026-11")
    with demo_ctx.uow() as uow:
        person_id = uow.session.scalars(select(PayoutClaim.person_id).where(PayoutClaim.run_id == run_id)).first()
    with demo_ctx.uow() as uow, pytest.raises(DatabaseError, match="allerede fått utbetalt"):
        uow.session.add(PayoutClaim(person_id=person_id, period_from=D(2026, 11, 23), period_to=D(2026, 12, 6),
                                    run_id=run_id))
        uow.session.flush()


def test_a_period_wholly_paid_by_another_schedule_pays_nothing_again(demo_ctx: AppContext) -> None:
    _run(demo_ctx, "2026-11")
    _set_office(demo_ctx, "biweekly", D(2026, 11, 2))
    computation = payout_runs.preview_run(demo_ctx, "2026-11-02")
    assert not [p for p in computation.participants if p.lines]
    assert computation.policy == AmountPolicy.MONTHLY_SHARE
    assert all(p.period is None or p.period.overlap(Period(D(2026, 11, 2), D(2026, 11, 15))) is None
               for p in computation.participants)


def test_office_refuses_a_14_day_start_that_is_not_a_monday(demo_ctx: AppContext) -> None:
    from kvp_desktop.services.infrastructure.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        _set_office(demo_ctx, "biweekly", D(2026, 11, 3))
    assert "payout_period_start" in info.value.problems


def test_the_specification_of_a_14_day_run_lists_the_absence_deducted_day_by_day(demo_ctx: AppContext,
                                                                                  tmp_path: Path) -> None:
    from pypdf import PdfReader

    from kvp_desktop.documents.payout_spec import payout_specification_pdf

    _set_office(demo_ctx, "biweekly", D(2026, 11, 2), "day_rate")
    run_id = _run(demo_ctx, "2026-11-16")
    lines = payouts.run_lines(demo_ctx, run_id)
    absent = next(x for x in lines if x.code == allowance.INVALID_ABSENCE)
    spec = payouts.specification(demo_ctx, run_id, absent.person_id)
    assert spec.absence_days and all(D(2026, 11, 16) <= day <= D(2026, 11, 29) for day, _h in spec.absence_days)
    hours = sum((h for _d, h in spec.absence_days), Decimal(0))
    assert absent.basis.startswith(f"{hours.normalize():f}".replace(".", ",") + " timer")
    pdf = payout_specification_pdf(spec, D(2026, 12, 4))
    (tmp_path / "spesifikasjon-14-dager.pdf").write_bytes(pdf)
    if os.environ.get("KVP_SCREENSHOTS"):
        (Path(os.environ["KVP_SCREENSHOTS"]) / "spesifikasjon-14-dager.pdf").write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ")
    assert "16.11.2026–29.11.2026" in text
    assert "Ugyldig fravær som er trukket" in text and "Sum timer" in text
    for day, _h in spec.absence_days:
        assert f"{day.day}. {('november', 'desember')[day.month - 11]} 2026" in text


def test_payroll_export_of_a_14_day_run_carries_its_period(demo_ctx: AppContext, tmp_path: Path) -> None:
    from kvp_desktop.services.payouts import payroll

    _set_office(demo_ctx, "biweekly", D(2026, 11, 2))
    run_id = _run(demo_ctx, "2026-11-02")
    target = tmp_path / "lonn.csv"
    payroll.export_csv(demo_ctx.as_user("demo.attestant"), run_id, target)
    text = target.read_text(encoding="utf-8-sig")
    assert "02.11.2026" in text and "15.11.2026" in text


def test_back_pay_recomputes_a_14_day_period_with_the_policy_it_was_paid_with(demo_ctx: AppContext) -> None:
    from kvp_desktop.services.office.parameters import register_local_value

    _set_office(demo_ctx, "biweekly", D(2026, 11, 2), "day_rate")
    first = _run(demo_ctx, "2026-11-02")
    full = {x.person_id for x in payouts.run_lines(demo_ctx, first) if x.amount == Decimal("10720.00")}
    assert full
    # a new G registered afterwards for days already paid: 140 000 × 2,041 = 285 740 / 260 = 1 099 kr a day
    register_local_value(demo_ctx.as_user("demo.leder"), "g", D(2026, 11, 9), "140000", "Test: ny G")
    second = _run(demo_ctx, "2026-11-16")
    back = [x for x in payouts.run_lines(demo_ctx, second)
            if x.person_id in full and (x.period_from, x.period_to) == (D(2026, 11, 2), D(2026, 11, 15))
            and x.code == allowance.ALLOWANCE]
    assert back and {x.amount for x in back} == {Decimal("135.00")}  # 5 weekdays × (1 099 − 1 072)


def test_cli_run_for_14_day_periods(db_url: str, tmp_path: Path) -> None:
    """``kvp payout run --period ÅÅÅÅ-MM-DD`` as a real process: the current period is refused with
    exit code 5, a day that begins no period with exit code 1, the last ended one is saved."""
    import json
    import subprocess
    import sys

    from kvp_desktop.rules.payout_period import PayoutCalendar, Schedule
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.store.models import OfficeSettings
    from tests.support import payout_race as race

    ctx = open_context(db_url)
    try:
        race.make_office(ctx)
        with ctx.uow() as uow:
            uow.session.add(OfficeSettings(office_name="NAV Test", municipality_number="3911",
                                           municipality_name="Færder", county="Vestfold og Telemark",
                                           payout_schedule="biweekly", payout_period_start=D(2026, 1, 5),
                                           amount_policy="day_rate"))
            uow.commit()
    finally:
        ctx.close()
    calendar = PayoutCalendar(Schedule.BIWEEKLY, D(2026, 1, 5))
    today = dt.date.today()
    env = {**os.environ, "KVP_PASSWORD": race.PASSWORD}

    def kvp(label: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kvp_desktop.cli.main", "--database", db_url, "payout", "run",
                               "--period", label, "--user", "maker", "--json"],
                              capture_output=True, text=True, env=env, timeout=120)

    current = kvp(calendar.label(calendar.period_containing(today)))
    assert current.returncode == 5 and "er ikke over ennå" in current.stderr and "Traceback" not in current.stderr
    wrong = kvp((calendar.period_containing(today).start + dt.timedelta(days=1)).isoformat())
    assert wrong.returncode == 1 and "første dag i en 14-dagersperiode" in wrong.stderr
    last = calendar.last_ended(today)
    done = kvp(calendar.label(last))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["saved"] and out["period"] == calendar.label(last)
    for participant in out["participants"]:
        assert {(x["period"]["from"], x["period"]["to"]) for x in participant["lines"]} == {
            (last.start.isoformat(), last.end.isoformat())}
