"""Demo data for Utbetalinger (other benefits, a recovery, a refund claim) and a bulk volume
loader for benchmarks and crash tests (thousands of participants in a few seconds).

``add_demo_payouts`` runs inside ``create_demo``'s transaction before the demo runs are
computed, so the draft run shows the samordning and the deduction.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.sort_key import person_sort_key
from kvp_desktop.store.models import (
    Attendance,
    Child,
    OtherBenefit,
    Person,
    Programme,
    Recovery,
    RefundClaim,
)


def _month_start(day: dt.date, months_back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def add_demo_payouts(session: Session, today: dt.date) -> None:
    """Sykepenger and dagpenger last month, an agreed § 40 deduction and a refund claim."""
    last = _month_start(today, 1)
    last_end = _month_start(today, 0) - dt.timedelta(days=1)
    earlier = _month_start(today, 2)
    programmes = session.scalars(
        select(Programme).where(Programme.start_date <= earlier, Programme.status != "planned",
                                func.coalesce(Programme.end_date, Programme.planned_end_date) >= last_end)
        .order_by(Programme.id)
    ).all()
    if len(programmes) < 3:
        return
    sick, unemployed, overpaid = programmes[0], programmes[1], programmes[2]
    session.add(OtherBenefit(programme_id=sick.id, kind="sykepenger", from_date=last + dt.timedelta(days=7),
                             to_date=last + dt.timedelta(days=20), amount=Decimal("4200.00")))
    session.add(OtherBenefit(programme_id=unemployed.id, kind="dagpenger", from_date=last,
                             to_date=last_end, amount=Decimal("3150.50")))
    session.add(Recovery(person_id=overpaid.person_id, amount=Decimal("30000.00"),
                         cause="Stønad utbetalt for en periode med lønnet arbeid som ble meldt for sent",
                         deduction_per_payout=Decimal("1000.00"),
                         registered_date=_month_start(today, 4), deduction_basis="agreement",
                         deduction_basis_date=_month_start(today, 4), deduction_notified_date=_month_start(today, 4)))
    session.add(RefundClaim(person_id=sick.person_id, benefit="sykepenger", period_from=earlier,
                            period_to=_month_start(today, 1) - dt.timedelta(days=1), amount=Decimal("6500.00"),
                            kvp_paid=Decimal("6500.00"), state="registered", registered_date=last_end,
                            note="Sykepenger etterbetalt for perioden kontoret betalte KVP."))
    session.flush()


def add_volume(
    ctx: AppContext, participants: int, period_start: dt.date, period_end: dt.date, seed: int = 7
) -> None:
    """Add ``participants`` persons with a programme covering the period and a weekday of
    attendance for each day in it (a few with invalid absence, paid work or children)."""
    rng = random.Random(seed)
    with ctx.uow() as uow:
        session = uow.session
        used: set[str] = set(session.scalars(select(Person.fodselsnummer)))
        persons, programmes, children, attendance = [], [], [], []
        for n in range(participants):
            birth = dt.date(1970 + rng.randint(0, 35), rng.randint(1, 12), rng.randint(1, 28))
            number = synthetic_fodselsnummer(rng, birth, "1")
            while number in used:
                number = synthetic_fodselsnummer(rng, birth, "1")
            used.add(number)
            last = f"Volum{n:05d}"
            persons.append(dict(fodselsnummer=number, first_name="Test", last_name=last,
                                sort_key=person_sort_key(last, "Test"), birth_date=birth, sex="1", version=1))
            programmes.append(dict(start_date=period_start - dt.timedelta(
                days=90), planned_end_date=period_end + dt.timedelta(days=200), status="active",
                kostra_status="1", end_situations=[], version=1))
            if n % 4 == 0:
                children.append(dict(person_index=n, first_name="Barn", birth_date=dt.date(2018, 3, 1),
                                     supported=True))
            day = period_start
            while day <= period_end:
                if day.weekday() < 5:
                    roll = rng.random()
                    row = dict(programme_index=n, day=day, planned_hours=Decimal("7.5"),
                               attended_hours=Decimal("7.5"), valid_absence_hours=Decimal(0),
                               valid_absence_type="", invalid_absence_hours=Decimal(0),
                               paid_work_hours=Decimal(0), note="", version=1)
                    if roll < 0.04:
                        row.update(attended_hours=Decimal(0), invalid_absence_hours=Decimal("7.5"))
                    elif roll < 0.07:
                        row.update(attended_hours=Decimal("3.5"), paid_work_hours=Decimal(4))
                    attendance.append(row)
                day += dt.timedelta(days=1)
        # Ids come back from the database (RETURNING), so its sequences stay right.
        person_ids = list(session.scalars(
            insert(Person).returning(Person.id, sort_by_parameter_order=True), persons))
        for index, row in enumerate(programmes):
            row["person_id"] = person_ids[index]
        programme_ids = list(session.scalars(
            insert(Programme).returning(Programme.id, sort_by_parameter_order=True), programmes))
        for row in children:
            row["person_id"] = person_ids[int(row.pop("person_index"))]  # type: ignore[call-overload]
        for row in attendance:
            row["programme_id"] = programme_ids[int(row.pop("programme_index"))]  # type: ignore[call-overload]
        if children:
            session.execute(insert(Child), children)
        for start in range(0, len(attendance), 5000):
            session.execute(insert(Attendance), attendance[start:start + 5000])
        uow.commit()
