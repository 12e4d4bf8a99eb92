"""Two clients at once: payout runs for the same month, and attendance edits of the same week.

Used by ``tests/integration/services/payouts/test_payout_race.py`` with threads (two contexts, one
process) and with processes (``multiprocessing`` spawn workers that each open the database
themselves and wait at a shared barrier, so both calls start at the same moment).
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.errors import ConflictError
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.programmes import attendance
from kvp_desktop.store.models import (
    Attendance,
    PayoutClaim,
    PayoutLine,
    PayoutRun,
    Person,
    Programme,
    User,
)

PERIOD = "2026-11"
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
MONDAY = dt.date(2026, 11, 9)
TODAY = dt.date(2026, 12, 4)
PAIR_TIMEOUT = 60.0  # seconds one pair may take before the test fails (bounded in time)


#: Every user's password in the race office: the command line authenticates whoever makes a run.
PASSWORD = "kappløp-passord-1"


@functools.cache
def _password_hash() -> str:
    from kvp_desktop.services.office.users import hash_password

    return hash_password(PASSWORD)


def make_office(ctx: AppContext, participants: int = 3) -> list[int]:
    """Users maker (saksbehandler), checker and checker2 (attestant), clerk.a and clerk.b
    (veileder); ``participants`` people in a programme all of 2026. Returns the programme ids."""
    ids = []
    with ctx.uow() as uow:
        s = uow.session
        for username, role in (("maker", "saksbehandler"), ("checker", "attestant"), ("checker2", "attestant"),
                               ("clerk.a", "veileder"), ("clerk.b", "veileder")):
            s.add(User(username=username, full_name=username.title(), role=role,
                       password_hash=_password_hash()))
        for index in range(participants):
            person = Person(fodselsnummer=f"0101{80 + index:02d}{index:05d}", first_name="Test",
                            last_name=f"Deltaker{index}", sort_key=f"deltaker{index}",
                            birth_date=dt.date(1980 + index, 1, 1), sex="1")
            s.add(person)
            s.flush()
            programme = Programme(person_id=person.id, start_date=dt.date(2026, 1, 5),
                                  planned_end_date=dt.date(2026, 12, 31))
            s.add(programme)
            s.flush()
            ids.append(programme.id)
        uow.commit()
    return ids


def reset_runs(ctx: AppContext) -> None:
    """Throw away every draft for the period (between two pairs)."""
    with ctx.uow() as uow:
        runs = list(uow.session.scalars(select(PayoutRun.id).where(PayoutRun.period_from == NOVEMBER[0])))
        for table, column in ((PayoutClaim, PayoutClaim.run_id), (PayoutLine, PayoutLine.run_id)):
            uow.session.execute(delete(table).where(column.in_(runs)))
        uow.session.execute(delete(PayoutRun).where(PayoutRun.id.in_(runs)))
        uow.commit()


def double_payments(ctx: AppContext) -> tuple[int, int]:
    """(runs for the period, participants with regular lines in more than one of them)."""
    with ctx.uow() as uow:
        runs = uow.session.scalar(select(func.count()).select_from(PayoutRun).where(
            PayoutRun.period_from == NOVEMBER[0], PayoutRun.period_to == NOVEMBER[1])) or 0
        per_person = uow.session.execute(
            select(PayoutLine.person_id, func.count(func.distinct(PayoutLine.run_id)))
            .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
            .where(PayoutRun.period_from == NOVEMBER[0], PayoutLine.period_from == NOVEMBER[0],
                   PayoutLine.corrects_line_id.is_(None))
            .group_by(PayoutLine.person_id)).all()
    return runs, sum(1 for _p, count in per_person if count > 1)


# --- one call of each kind, as a client makes it ------------------------------------------------

def create_run(ctx: AppContext) -> str:
    """``ok:<run id>`` or ``conflict`` (the Norwegian refusal) or ``error:<type>``."""
    try:
        return f"ok:{payout_runs.create_draft_run(ctx, PERIOD, today=TODAY)}"
    except ConflictError:
        return "conflict"
    except Exception as exc:  # counted and reported by the test
        return f"error:{type(exc).__name__}:{exc}"


@dataclass(frozen=True)
class Edit:
    """One user's change of one day: which weekday (0 = Monday) and what to write."""

    weekday: int
    invalid_absence: Decimal = Decimal(0)
    note: str = ""


def load_week(ctx: AppContext, programme_id: int) -> attendance.WeekRow:
    return attendance.week_sheet(ctx, MONDAY, [programme_id])[0]


def save_edit(ctx: AppContext, row: attendance.WeekRow, edit: Edit) -> str:
    """Save one changed day as the week sheet does: only that day, with the version it was loaded at."""
    day = row.days[edit.weekday]
    entry = attendance.DayInput(day.day, attended=day.attended, valid_absence=day.valid_absence,
                                valid_absence_type=day.valid_absence_type,
                                invalid_absence=edit.invalid_absence or day.invalid_absence,
                                paid_work=day.paid_work, note=edit.note or day.note,
                                expected_version=day.version)
    try:
        attendance.save_week(ctx, MONDAY, {row.programme_id: [entry]})
        return "ok"
    except ConflictError:
        return "conflict"
    except Exception as exc:
        return f"error:{type(exc).__name__}:{exc}"


def reset_week(ctx: AppContext, programme_id: int) -> None:
    with ctx.uow() as uow:
        uow.session.execute(delete(Attendance).where(Attendance.programme_id == programme_id))
        uow.commit()


def stored_days(ctx: AppContext, programme_id: int) -> dict[int, tuple[Decimal, str]]:
    with ctx.uow() as uow:
        return {row.day.weekday(): (row.invalid_absence_hours, row.note) for row in uow.session.scalars(
            select(Attendance).where(Attendance.programme_id == programme_id))}


# --- the same at once, in two threads ----------------------------------------------------------

def at_once(calls: tuple[Callable[[], str], Callable[[], str]]) -> list[str]:
    """Run both calls in two threads released by one barrier; fail if a pair takes too long."""
    barrier = threading.Barrier(2)
    results: list[str] = ["", ""]

    def run(index: int) -> None:
        barrier.wait(PAIR_TIMEOUT)
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + PAIR_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            raise TimeoutError(f"Et par brukte mer enn {PAIR_TIMEOUT} sekunder")
    return results


# --- the same at once, in two processes --------------------------------------------------------

def _process_worker(url: str, username: str, job: str, barrier: Any, commands: Any, results: Any) -> None:
    """A client process: opens the database itself, then for each command waits at the barrier
    with the other client and makes its call at the same moment."""
    import logging

    # psycopg warns when it closes the pipeline of a transaction the unique key aborted (the
    # expected outcome of a lost race); the program's own log takes it, this bare process need not.
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    ctx = open_context(url, prepare=False).as_user(username)
    try:
        while True:
            command = commands.get()
            if command is None:
                return
            barrier.wait(PAIR_TIMEOUT)
            if job == "run":
                results.put(create_run(ctx))
            else:
                edit, row = command
                results.put(save_edit(ctx, row, edit))
    finally:
        ctx.close()


class ProcessPair:
    """Two client processes (spawned: a fresh interpreter each) working on the same database."""

    def __init__(self, url: str, usernames: tuple[str, str], job: str) -> None:
        spawn = mp.get_context("spawn")
        self.barrier = spawn.Barrier(2)
        self.commands = [spawn.Queue(), spawn.Queue()]
        self.results = [spawn.Queue(), spawn.Queue()]
        self.workers = [
            spawn.Process(target=_process_worker, args=(url, usernames[i], job, self.barrier, self.commands[i],
                                                        self.results[i]), daemon=True)
            for i in range(2)
        ]
        for worker in self.workers:
            worker.start()

    def pair(self, commands: tuple[Any, Any] = (True, True)) -> list[str]:
        for queue, command in zip(self.commands, commands, strict=True):
            queue.put(command)
        return [queue.get(timeout=PAIR_TIMEOUT) for queue in self.results]

    def close(self) -> None:
        for queue in self.commands:
            queue.put(None)
        for worker in self.workers:
            worker.join(10)
            if worker.is_alive():
                worker.terminate()
