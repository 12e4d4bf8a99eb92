"""The same month is never paid twice: two clients start the run for one period at the same
moment (threads, processes and the real ``kvp payout run``), on SQLite and PostgreSQL.

Each pair starts from no run for the period; afterwards there must be at most one run for it and
no participant with regular lines in two runs. The loser gets the Norwegian refusal
(``RunConflictError``), never another error. The figures are printed (``-s``) for the report.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from kvp_desktop.cli.payout import CONFLICT_EXIT_CODE
from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.store.models import PayoutClaim, PayoutLine, PayoutRun
from tests.support import payout_race as race

DEFAULT_PAIRS = 24
SLOW_PAIRS = 1000


def _tally(results: list[list[str]]) -> dict[str, int]:
    tally = {"ok": 0, "conflict": 0, "error": 0}
    for pair in results:
        for result in pair:
            tally[result.split(":", 1)[0]] += 1
    return tally


def _threads(db_url: str, pairs: int) -> tuple[int, int, dict[str, int]]:
    first, second = open_context(db_url), open_context(db_url, prepare=False)
    try:
        race.make_office(first)
        a, b = first.as_user("maker"), second.as_user("maker")
        doubles = extra_runs = 0
        results = []
        for _ in range(pairs):
            race.reset_runs(first)
            results.append(race.at_once((lambda: race.create_run(a), lambda: race.create_run(b))))
            runs, doubled = race.double_payments(first)
            extra_runs += max(0, runs - 1)
            doubles += doubled
        return doubles, extra_runs, _tally(results)
    finally:
        first.close()
        second.close()


def _processes(db_url: str, pairs: int) -> tuple[int, int, dict[str, int]]:
    ctx = open_context(db_url)
    try:
        race.make_office(ctx)
        clients = race.ProcessPair(db_url, ("maker", "maker"), "run")
        try:
            doubles = extra_runs = 0
            results = []
            for _ in range(pairs):
                race.reset_runs(ctx)
                results.append(clients.pair())
                runs, doubled = race.double_payments(ctx)
                extra_runs += max(0, runs - 1)
                doubles += doubled
        finally:
            clients.close()
        return doubles, extra_runs, _tally(results)
    finally:
        ctx.close()


def _report(kind: str, backend: str, pairs: int, figures: tuple[int, int, dict[str, int]]) -> None:
    doubles, extra_runs, tally = figures
    print(f"\n[dobbel utbetaling] {backend} {kind}: {pairs} par, {tally['ok']} lagret, "
          f"{tally['conflict']} avvist, {tally['error']} andre feil, {extra_runs} ekstra kjøringer, "
          f"{doubles} dobbelt betalte deltakere")
    assert tally["error"] == 0, tally
    assert extra_runs == 0 and doubles == 0
    assert tally["ok"] >= pairs  # every pair saved one run


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_two_runs_at_once_pay_once(db_url: str, backend: str, kind: str) -> None:
    pairs = DEFAULT_PAIRS if kind == "threads" else DEFAULT_PAIRS // 2
    figures = (_threads if kind == "threads" else _processes)(db_url, pairs)
    _report(kind, backend, pairs, figures)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_two_runs_at_once_pay_once_many(db_url: str, backend: str, kind: str) -> None:
    figures = (_threads if kind == "threads" else _processes)(db_url, SLOW_PAIRS)
    _report(kind, backend, SLOW_PAIRS, figures)


def _cli_pairs(db_url: str, pairs: int) -> tuple[int, int, dict[str, int]]:
    """Two real ``kvp payout run`` commands started together; exit code 0 or 3 (refused)."""
    ctx = open_context(db_url)
    try:
        race.make_office(ctx)
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[4]), "KVP_PASSWORD": race.PASSWORD}
        doubles = extra_runs = 0
        tally = {"ok": 0, "conflict": 0, "error": 0}
        for _ in range(pairs):
            race.reset_runs(ctx)
            command = [sys.executable, "-m", "kvp_desktop", "--database", db_url, "payout", "run",
                       "--period", race.PERIOD, "--user", "maker"]
            started = time.monotonic()
            procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                     for _ in range(2)]
            for proc in procs:
                _out, err = proc.communicate(timeout=race.PAIR_TIMEOUT * 2)
                assert "Traceback" not in err
                if proc.returncode == 0:
                    tally["ok"] += 1
                elif proc.returncode == CONFLICT_EXIT_CODE:
                    assert "samtidig" in err and "to ganger" in err, err
                    assert err.startswith("Feil: ") and err.count("\n") == 1, err  # one Norwegian line
                    tally["conflict"] += 1
                else:
                    tally["error"] += 1
            assert time.monotonic() - started < race.PAIR_TIMEOUT * 2
            runs, doubled = race.double_payments(ctx)
            extra_runs += max(0, runs - 1)
            doubles += doubled
        return doubles, extra_runs, tally
    finally:
        ctx.close()


def test_two_cli_runs_at_once_pay_once(db_url: str, backend: str) -> None:
    pairs = 3
    _report("kvp payout run", backend, pairs, _cli_pairs(db_url, pairs))


@pytest.mark.slow
def test_two_cli_runs_at_once_pay_once_many(db_url: str, backend: str) -> None:
    _report("kvp payout run", backend, 60, _cli_pairs(db_url, 60))


def test_the_database_refuses_a_second_claim(ctx: AppContext) -> None:
    """Whatever the client: a second run claiming the same participant and month fails in the database."""
    race.make_office(ctx)
    run_id = payout_runs.create_draft_run(ctx.as_user("maker"), race.PERIOD, today=race.TODAY)
    from sqlalchemy.exc import IntegrityError

    with ctx.uow() as uow:
        claim = uow.session.scalars(select(PayoutClaim).where(PayoutClaim.run_id == run_id)).first()
        assert claim is not None
        other = PayoutRun(label=race.PERIOD, period_from=race.NOVEMBER[0], period_to=race.NOVEMBER[1],
                          state="draft")
        uow.session.add(other)
        uow.session.flush()
        with pytest.raises(IntegrityError):
            uow.session.execute(insert(PayoutClaim).values(person_id=claim.person_id, period_from=claim.period_from,
                                                           period_to=claim.period_to, run_id=other.id))


def test_approval_refused_when_the_period_is_already_approved(ctx: AppContext) -> None:
    """Runs made before the claims existed: a leader cannot approve the second one."""
    race.make_office(ctx)
    maker, checker = ctx.as_user("maker"), ctx.as_user("checker")
    first = payout_runs.create_draft_run(maker, race.PERIOD, today=race.TODAY)
    with ctx.uow() as uow:  # a duplicate as the race left it before this revision: lines, no claims
        lines = uow.session.scalars(select(PayoutLine).where(PayoutLine.run_id == first)).all()
        copy = PayoutRun(label=race.PERIOD, period_from=race.NOVEMBER[0], period_to=race.NOVEMBER[1],
                         state="draft", created_by_id=lines[0].run.created_by_id, total=lines[0].run.total)
        uow.session.add(copy)
        uow.session.flush()
        for line in lines:
            uow.session.add(PayoutLine(run_id=copy.id, person_id=line.person_id, programme_id=line.programme_id,
                                       period_from=line.period_from, period_to=line.period_to, code=line.code,
                                       text=line.text, reference=line.reference, basis=line.basis,
                                       amount=line.amount))
        uow.commit()
        second = copy.id
    with pytest.raises(ServiceError, match="erstattet av en annen kjøring"):
        payout_runs.approve_run(checker, second)
    payout_runs.approve_run(checker, first)
    with pytest.raises(ServiceError, match="allerede en godkjent kjøring"):
        payout_runs.approve_run(ctx.as_user("checker2"), second)
    with ctx.uow() as uow:
        approved = uow.session.scalars(select(PayoutRun.id).where(PayoutRun.state == "approved")).all()
    assert approved == [first]


def test_run_only_for_a_month_that_has_ended(ctx: AppContext) -> None:
    race.make_office(ctx)
    maker = ctx.as_user("maker")
    with pytest.raises(payout_runs.PeriodNotEndedError, match=r"ikke over ennå.*etterskuddsvis.*1\.12\.2026"):
        payout_runs.create_draft_run(maker, "2026-11", today=dt.date(2026, 11, 30))
    with pytest.raises(payout_runs.PeriodNotEndedError):
        payout_runs.create_draft_run(maker, "2026-12", today=dt.date(2026, 12, 4))
    assert payout_runs.create_draft_run(maker, "2026-11", today=dt.date(2026, 12, 1))


def test_cli_refuses_a_month_that_has_not_ended(
    ctx: AppContext, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvp_desktop.cli.main import main
    from kvp_desktop.cli.payout import NOT_ENDED_EXIT_CODE

    race.make_office(ctx)
    monkeypatch.setenv("KVP_PASSWORD", race.PASSWORD)
    this_month = f"{dt.date.today():%Y-%m}"
    capsys.readouterr()
    code = main(["--database", db_url, "payout", "run", "--period", this_month, "--user", "maker"])
    err = capsys.readouterr().err
    assert code == NOT_ENDED_EXIT_CODE
    assert err.startswith("Feil: Perioden") and "er ikke over ennå" in err and "Traceback" not in err
    with ctx.uow() as uow:
        assert uow.session.scalar(select(PayoutRun.id)) is None


def test_a_participant_starting_late_in_the_month_is_paid_for_its_last_days(ctx: AppContext) -> None:
    """Made on 4 December with status «planned», starting 21 December: the December run, made
    after the month has ended, pays 21–31 December (9 weekdays, 25 December included, stl. § 35)."""
    from kvp_desktop.store.models import Person, Programme

    race.make_office(ctx)
    with ctx.uow() as uow:
        person = Person(fodselsnummer="01019012345", first_name="Sein", last_name="Start", sort_key="start",
                        birth_date=dt.date(1990, 1, 1), sex="2")
        uow.session.add(person)
        uow.session.flush()
        uow.session.add(Programme(person_id=person.id, start_date=dt.date(2026, 12, 21),
                                  planned_end_date=dt.date(2027, 12, 20), status="planned"))
        uow.commit()
        late = person.id
    run_id = payout_runs.create_draft_run(ctx.as_user("maker"), "2026-12", today=dt.date(2027, 1, 4))
    lines = [line for line in payouts.run_lines(ctx, run_id) if line.person_id == late]
    assert lines and lines[0].code == "allowance"
    assert "9 ukedager" in lines[0].basis and "/ 23" in lines[0].basis
