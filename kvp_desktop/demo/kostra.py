"""The facts KOSTRA 11CF and the outcomes dashboard need, added to the demo office.

Called from ``demo.create_demo`` after the cases and payout runs are made; deterministic (no
randomness beyond what the cases already drew) and fast (a few dozen rows and ~20 small runs):

- every programme that has started gets its *innvilgelse* issued on its decision date (a draft is
  not a decision made, and SSB's VEDTAK_DATO is the date the programme was granted);
- approved payout runs for every month from January last year up to the demo's first run, so the
  ledger has allowance for each month a programme ran (KOSTRA STMND_n and KVP_STONAD);
- a programme that had supplementary benefits this year and already ran last year had them last
  year too (KOSTRA KVP_MED_*), so both reporting years have examples;
- every fourth programme is followed by the office's leader, so the dashboard's caseworker filter
  and KOSTRA's SAKSBEHANDLER show more than one caseworker.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvp_desktop.store.models import Decision, PayoutRun, Programme, SupplementaryBenefit, User


def _month_label(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def add_kostra_facts(session: Session, today: dt.date, creator_id: int, approver_id: int) -> int:
    """Add the facts to the demo office in ``session``; returns the number of payout runs added."""
    _issue_grants(session, today)
    runs = _add_earlier_runs(session, today, creator_id, approver_id)
    _carry_supplementary_benefits(session, today)
    _share_caseload(session)
    session.flush()
    return runs


def _issue_grants(session: Session, today: dt.date) -> None:
    started = {
        programme.id: programme
        for programme in session.scalars(select(Programme).where(Programme.start_date <= today))
    }
    for decision in session.scalars(
        select(Decision).where(Decision.kind == "innvilgelse", Decision.state == "draft",
                               Decision.programme_id.in_(list(started)))
    ):
        if decision.decision_date is None or decision.decision_date > today:
            continue
        decision.state = "issued"
        decision.issued_at = dt.datetime.combine(decision.decision_date, dt.time(14, 0))
        decision.issued_by_id = decision.created_by_id


def _add_earlier_runs(session: Session, today: dt.date, creator_id: int, approver_id: int) -> int:
    from kvp_desktop.services.office.parameters import office_parameters
    from kvp_desktop.services.payouts.runs import month_period, save_run

    first_existing = session.scalar(select(func.min(PayoutRun.period_from)))
    stop = first_existing or dt.date(today.year, today.month, 1)
    params = office_parameters(session)
    earliest = session.scalar(select(func.min(Programme.start_date)).where(Programme.status != "planned"))
    begin = max(dt.date(today.year - 1, 1, 1), earliest or stop)  # no empty runs before the first programme
    year, month, added = begin.year, begin.month, 0
    while dt.date(year, month, 1) < stop:
        label = _month_label(year, month)
        period = month_period(label)
        run = save_run(session, label, period, params, creator_id)
        run.state = "approved"
        run.approved_by_id = approver_id
        run.approved_at = dt.datetime.combine(period.end + dt.timedelta(days=5), dt.time(9, 0))
        added += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return added


def _carry_supplementary_benefits(session: Session, today: dt.date) -> None:
    last_year = today.year - 1
    rows = session.execute(
        select(SupplementaryBenefit.programme_id, SupplementaryBenefit.kind, Programme.start_date)
        .join(Programme, Programme.id == SupplementaryBenefit.programme_id)
        .where(SupplementaryBenefit.year == today.year)
        .order_by(SupplementaryBenefit.id)
    ).all()
    for programme_id, kind, start in rows:
        if start.year <= last_year:
            session.add(SupplementaryBenefit(programme_id=programme_id, year=last_year, kind=kind))


def _share_caseload(session: Session) -> None:
    leader = session.scalar(select(User).where(User.role == "leder").order_by(User.id))
    if leader is None:
        return
    for index, programme in enumerate(session.scalars(select(Programme).order_by(Programme.id))):
        if index % 4 == 3:
            programme.caseworker_id = leader.id
