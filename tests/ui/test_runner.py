"""The window's one background runner and error router: a lost or busy database gets a Norwegian
message (never the crash report), cancel stops the work, and what a job changed reloads the right tab."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from kvp_desktop.services.infrastructure.changes import Changes, Kind
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import DatabaseUnavailable, ValidationError
from kvp_desktop.services.portfolio import portfolio
from kvp_desktop.store.db import connect
from ui.main_window import MainWindow
from ui.runner import Job, run_cancellable, run_job, runner

# Nothing listens on port 9 (discard) on the test machines: a PostgreSQL server that is down.
DOWN = "postgresql+psycopg://kvp@127.0.0.1:9/kvp?connect_timeout=2"


@pytest.fixture
def boxes(message_boxes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return message_boxes


def _down(ctx: AppContext) -> AppContext:
    return replace(ctx, db=connect(DOWN))


def test_a_job_on_a_server_that_is_down_says_so_in_norwegian(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, boxes: list[tuple[str, str]]
) -> None:
    down = _down(demo_ctx)
    failed: list[BaseException] = []
    job = run_job(window, lambda: portfolio.portfolio_ids(down), on_error=failed.append)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert isinstance(failed[0], DatabaseUnavailable)  # the unit of work translated OperationalError
    assert boxes == [("databaseUnavailableBox", failed[0].message)]
    assert "Får ikke kontakt med databasen" in boxes[0][1] and "ikke lagret" in boxes[0][1]
    down.close()


def test_the_window_on_a_lost_database_shows_the_message_not_the_crash_report(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, boxes: list[tuple[str, str]]
) -> None:
    down = _down(demo_ctx.as_user("demo.saksbehandler"))
    for page in window.pages():
        page.set_context(down)  # the visible tab loads again at once, from a server that is gone
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    assert {name for name, _text in boxes} == {"databaseUnavailableBox"}
    assert "unexpectedErrorMessageBox" not in {name for name, _text in boxes}
    down.close()


def test_a_busy_sqlite_file_that_reaches_the_window_gets_the_busy_message(
    qtbot: QtBot, window: MainWindow, boxes: list[tuple[str, str]]
) -> None:
    def locked() -> None:
        raise OperationalError("UPDATE persons", {}, sqlite3.OperationalError("database is locked"))

    job = run_job(window, locked)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert boxes and boxes[0][0] == "databaseUnavailableBox"
    assert "Databasen er opptatt" in boxes[0][1]


def test_validation_errors_get_the_service_message_and_the_unknown_the_report(
    qtbot: QtBot, window: MainWindow, boxes: list[tuple[str, str]]
) -> None:
    def invalid() -> None:
        raise ValidationError({"fodselsnummer": "Fødselsnummeret har feil kontrollsiffer."})

    def broken() -> None:
        raise KeyError("x")

    for work in (invalid, broken):
        job = run_job(window, work)
        with qtbot.waitSignal(job.finished, timeout=10_000):
            pass
    assert boxes[0] == ("errorMessageBox", "Fødselsnummeret har feil kontrollsiffer.")
    assert boxes[1][0] == "unexpectedErrorMessageBox"


def test_cancel_stops_the_work_and_shows_no_error(
    qtbot: QtBot, window: MainWindow, boxes: list[tuple[str, str]]
) -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(job: Job) -> str:
        for step in range(10_000):
            started.set()
            if not job.report(step, 10_000):
                raise RuntimeError("stopped")  # as a service does: raise before committing
            threading.Event().wait(0.005)
        return "done"

    done: list[object] = []
    cancelled: list[bool] = []
    job = run_cancellable(window, work, done.append, on_cancel=lambda: cancelled.append(True))
    job.progressed.connect(lambda step, _total: steps.append(step))
    assert started.wait(10)
    qtbot.waitUntil(lambda: bool(steps), timeout=10_000)
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert cancelled == [True] and done == [] and boxes == []
    assert steps[-1] < 9_999


def test_all_work_runs_on_one_thread_in_order(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[tuple[int, int]] = []
    def note(n: int) -> Callable[[], None]:
        return lambda: seen.append((n, threading.get_ident()))

    jobs = [run_job(window, note(n)) for n in range(5)]
    with qtbot.waitSignal(jobs[-1].finished, timeout=10_000):
        pass
    assert [n for n, _thread in seen] == [0, 1, 2, 3, 4]
    assert len({thread for _n, thread in seen}) == 1
    assert seen[0][1] != threading.get_ident()  # never the GUI thread


def test_changes_reload_the_tabs_that_show_them_and_no_others(qtbot: QtBot, window: MainWindow) -> None:
    for page in window.pages():
        page.ensure_loaded()
    assert not any(page.is_stale() for page in window.pages())
    job = run_job(window, lambda: Changes.of(Kind.PAYOUTS))
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert window.payouts_tab.is_stale()
    assert not window.screening_tab.is_stale() and not window.programme_tab.is_stale()
    assert not window.portfolio_tab.is_stale()  # the visible tab is not about payouts

    # About another person than the one chosen: the person's own tabs need not load again.
    window.payouts_tab.ensure_loaded()
    chosen = window.person_id
    other = (chosen or 0) + 100_000
    runner().announce(Changes.of(Kind.SCREENING, person_id=other))
    assert not window.screening_tab.is_stale() or chosen is None
    runner().announce(Changes.of(Kind.SCREENING, Kind.PERSONS))
    assert window.screening_tab.is_stale() and window.payouts_tab.is_stale()
    window.portfolio_tab.ensure_loaded()  # the visible tab loaded again at once
    assert not window.portfolio_tab.is_stale()


def test_one_action_that_fails_on_every_call_gets_one_box(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, boxes: list[tuple[str, str]]
) -> None:
    down = _down(demo_ctx)
    window.show_tab("portefolje")
    window.portfolio_tab.set_context(down)  # the portfolio loads counts, caseworkers and rows: all fail
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    qtbot.wait(50)
    assert boxes == [("databaseUnavailableBox", boxes[0][1])]
    window.portfolio_tab.reload()  # the next action says it again
    assert len(boxes) == 2
    down.close()


def test_many_jobs_with_garbage_collection_on_the_gui_thread_deliver_every_result(qtbot: QtBot) -> None:
    """Jobs and their signals are made and released on the GUI thread, whatever the collector does
    meanwhile (a Qt object released on the worker thread, or a runnable the collector took while
    it ran, crashed a long session); finished jobs are let go once the worker has moved on."""
    import gc
    import time

    results: list[int] = []
    progress: list[int] = []

    def work(job: Job, number: int) -> int:
        job.report(number, 300)
        time.sleep(0.0005)
        return number

    for number in range(300):
        job = run_cancellable(None, lambda job, number=number: work(job, number), results.append)
        job.progressed.connect(lambda done, _total: progress.append(done))
        if number % 25 == 0:
            gc.collect()
    qtbot.waitUntil(lambda: len(results) == 300, timeout=60_000)
    gc.collect()
    assert sorted(results) == list(range(300)) and results == sorted(results)  # in the order asked for
    assert len(progress) == 300
    run_job(None, lambda: None)  # the worker moves on: the finished jobs before it are released
    qtbot.waitUntil(lambda: not runner().busy(), timeout=10_000)
    assert len(runner()._jobs) <= 2
