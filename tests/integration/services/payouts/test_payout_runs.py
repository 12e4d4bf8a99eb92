"""Payout runs: the same amounts as the rules engine, four eyes, frozen once approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DatabaseError

from kvp_desktop.money import ZERO
from kvp_desktop.rules import allowance
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ServiceError
from kvp_desktop.services.office.parameters import shipped_parameters
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.store.models import Attendance, OtherBenefit, PayoutLine, PayoutRun, Programme, Recovery


def test_demo_office_has_approved_and_draft_runs(demo_ctx: AppContext) -> None:
    runs = payouts.list_runs(demo_ctx)
    assert runs[0].state == "draft" and len(runs) >= 3
    assert {r.state for r in runs[1:]} == {"approved"}
    for run in runs:
        lines = payouts.run_lines(demo_ctx, run.id)
        assert lines and sum((line.amount for line in lines), ZERO) == run.total


def test_run_matches_the_rules_engine_per_participant(demo_ctx: AppContext) -> None:
    computation = payout_runs.preview_run(demo_ctx, "2026-10")
    assert computation.participants
    benefit_seen = deduction_seen = False
    with demo_ctx.uow() as uow:
        for participant in computation.participants:
            programme = uow.session.get(Programme, participant.programme_id)
            assert programme is not None
            absence = uow.session.execute(
                select(Attendance.day, Attendance.invalid_absence_hours).where(
                    Attendance.programme_id == programme.id, Attendance.invalid_absence_hours > Decimal(0),
                    Attendance.day >= dt.date(2026, 10, 1), Attendance.day <= dt.date(2026, 10, 31))
            ).all()
            person = programme.person_id
            from kvp_desktop.store.models import Child, Person

            row = uow.session.get(Person, person)
            assert row is not None
            kids = uow.session.scalars(select(Child.birth_date).where(Child.person_id == person)).all()
            benefits = uow.session.scalars(select(OtherBenefit).where(OtherBenefit.programme_id == programme.id)).all()
            owed = sum((r.amount for r in uow.session.scalars(select(Recovery).where(Recovery.person_id == person))),
                       ZERO)
            per_run = sum((r.deduction_per_payout for r in uow.session.scalars(
                select(Recovery).where(Recovery.person_id == person))), ZERO)
            taken = -(uow.session.scalar(
                select(func.sum(PayoutLine.amount)).join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
                .where(PayoutLine.person_id == person, PayoutLine.code == allowance.RECOVERY_DEDUCTION,
                       PayoutRun.state == "approved")) or ZERO)
            facts = allowance.AllowanceFacts(
                birth_date=row.birth_date,
                programme=Period(programme.start_date, programme.end_date or programme.planned_end_date),
                children=tuple(allowance.Child(b) for b in kids),
                invalid_absence=tuple(allowance.HoursEntry(d, h) for d, h in absence),
                other_benefits=tuple(
                    allowance.OtherBenefit(allowance.OffsetBenefit(b.kind), Period(b.from_date, b.to_date), b.amount)
                    for b in benefits if b.from_date <= dt.date(2026, 10, 31) and b.to_date >= dt.date(2026, 10, 1)
                ),
                recovery_deduction=min(per_run, owed - taken) if owed > taken else ZERO,
            )
            expected = allowance.compute_allowance(facts, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
                                                   shipped_parameters())
            assert participant.total == expected.total
            benefit_seen = benefit_seen or any(b.to_date >= dt.date(2026, 10, 1) for b in benefits)
            deduction_seen = deduction_seen or facts.recovery_deduction > 0
            assert participant.lines == expected.lines
    assert benefit_seen and deduction_seen  # the demo's samordning and § 40 deduction are in the month


def test_draft_is_saved_whole_and_replaced_on_recompute(demo_ctx: AppContext) -> None:
    ctx = demo_ctx.as_user("demo.saksbehandler")
    first = payout_runs.create_draft_run(ctx, "2026-11")
    second = payout_runs.create_draft_run(ctx, "2026-11")
    with ctx.uow() as uow:
        runs = uow.session.scalars(select(PayoutRun).where(PayoutRun.label == "2026-11")).all()
        assert [r.id for r in runs] == [second]  # the first draft is gone (SQLite may reuse its id)
        assert first
        total = uow.session.scalar(select(func.sum(PayoutLine.amount)).where(PayoutLine.run_id == second))
        assert total == runs[0].total


def test_four_eyes(demo_ctx: AppContext) -> None:
    maker = demo_ctx.as_user("demo.attestant")
    run_id = payout_runs.create_draft_run(maker, "2026-11")
    with pytest.raises(PermissionDeniedError, match="laget selv"):
        payout_runs.approve_run(maker, run_id)
    with pytest.raises(PermissionDeniedError, match="attestant"):
        payout_runs.approve_run(demo_ctx.as_user("demo.veileder"), run_id)
    with demo_ctx.uow() as uow:
        assert uow.session.get(PayoutRun, run_id).state == "draft"  # type: ignore[union-attr]
    payout_runs.approve_run(demo_ctx.as_user("demo.leder"), run_id)
    with pytest.raises(ServiceError, match="allerede godkjent"):
        payout_runs.approve_run(demo_ctx.as_user("demo.leder"), run_id)
    with pytest.raises(ServiceError, match="allerede godkjent"):
        payout_runs.create_draft_run(maker, "2026-11")
    with demo_ctx.uow() as uow, pytest.raises(DatabaseError):
        uow.session.execute(update(PayoutLine).where(PayoutLine.run_id == run_id).values(amount=Decimal("1.00")))


def test_agreed_recovery_is_deducted_until_repaid(demo_ctx: AppContext) -> None:
    computation = payout_runs.preview_run(demo_ctx, "2026-11")
    person_id = computation.participants[0].person_id
    with demo_ctx.uow() as uow:
        uow.session.add(Recovery(person_id=person_id, amount=Decimal("700.00"), cause="For mye utbetalt i mai",
                                 deduction_per_payout=Decimal("500.00"), registered_date=dt.date(2026, 11, 1)))
        uow.session.add(Recovery(person_id=person_id, amount=Decimal("9000.00"), cause="§ 23-sak",
                                 incorrect_information=True, deduction_per_payout=Decimal("900.00"),
                                 registered_date=dt.date(2026, 11, 1)))
        uow.commit()
    maker, approver = demo_ctx.as_user("demo.saksbehandler"), demo_ctx.as_user("demo.attestant")

    def deduction(label: str) -> Decimal:
        run_id = payout_runs.create_draft_run(maker, label, today=dt.date(2027, 2, 1))  # the months have ended
        payout_runs.approve_run(approver, run_id)
        lines = [x for x in payouts.run_lines(demo_ctx, run_id) if x.person_id == person_id]
        return sum((x.amount for x in lines if x.code == allowance.RECOVERY_DEDUCTION), ZERO)

    assert deduction("2026-11") == Decimal("-500.00")
    assert deduction("2026-12") == Decimal("-200.00")  # only what is still owed
    assert deduction("2027-01") == ZERO


def test_bad_period_label(demo_ctx: AppContext) -> None:
    with pytest.raises(ServiceError, match="ikke en gyldig periode"):
        payout_runs.preview_run(demo_ctx, "2026-13")
