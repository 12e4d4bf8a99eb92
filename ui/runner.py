"""The one way the window runs work off the GUI thread: a single worker thread for database work.

``run_job(parent, work, on_done)`` queues ``work`` on the thread; its result comes back on the GUI
thread (``on_done``), an error goes to the one error router (``ui.errors.show_error``: a Norwegian
message for known problems, a lost database included, the crash report only for the unknown).
``run_cancellable`` hands the work its :class:`Job`, whose ``report(done, total)`` shows progress
and answers ``False`` once the caseworker cancelled. One thread means one database connection at a
time from the window and jobs in the order they were asked for.

A job may return (or be started with) a ``services.changes.Changes``: the runner announces it
(``runner().changes_made``) and the main window marks the tabs that show those data stale.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

T = TypeVar("T")


class _JobSignals(QObject):
    """A job's signals. Made on the GUI thread and only ever touched there: the worker thread never
    holds a Qt object of a job (see :class:`Runner`)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()


class Job:
    """One piece of work: progress, cancel, and exactly one of ``succeeded``/``failed``/``cancelled``,
    then ``finished``. Callbacks and signals run on the GUI thread.

    A plain Python object on purpose: the work holds it on the worker thread (``report``,
    ``is_cancelled``), and a Qt object released on a thread it does not live on is a crash waiting to
    happen. Its signals live in ``_JobSignals``, which the runner keeps and releases on the GUI thread.
    """

    def __init__(self, work: Callable[[Job], Any], seq: int, post: Callable[[int, str, object], None]) -> None:
        self._work = work
        self._seq = seq
        self._post = post
        self._stop = threading.Event()
        self._discarded = False
        self._finished = False
        self._signals = _JobSignals()
        self.progressed = self._signals.progressed
        self.succeeded = self._signals.succeeded
        self.failed = self._signals.failed
        self.cancelled = self._signals.cancelled
        self.finished = self._signals.finished

    # --- on the worker thread -------------------------------------------------------------
    def report(self, done: int, total: int) -> bool:
        """Progress from the work; ``False`` once cancelled (the work stops and saves nothing)."""
        self._post(self._seq, "progress", (done, total))
        return not self._stop.is_set()

    def progress(self, done: int, total: int) -> None:
        """``report`` for work that asks ``is_cancelled`` itself."""
        self.report(done, total)

    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    def _execute(self) -> None:
        if self._stop.is_set():
            self._post(self._seq, "failed", None)  # cancelled before it began
            return
        try:
            result = self._work(self)
        except BaseException as error:  # handed to the GUI thread, which shows it
            self._post(self._seq, "failed", error)
        else:
            self._post(self._seq, "done", result)

    # --- on the GUI thread ----------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop. A result that still arrives is delivered (the work did happen)."""
        self._stop.set()

    def discard(self) -> None:
        """Cancel and deliver nothing: a newer job replaces this one, or its window was closed."""
        self._discarded = True
        self._stop.set()

    def is_finished(self) -> bool:
        return self._finished

    def _on_progress(self, done: int, total: int) -> None:
        if not self._discarded:
            self.progressed.emit(done, total)

    def _on_done(self, result: object) -> None:
        self._end(lambda: self.succeeded.emit(result))

    def _on_failed(self, error: object) -> None:
        if error is None or self._stop.is_set():
            self._end(self.cancelled.emit)  # an error raised because it was told to stop
        else:
            self._end(lambda: self.failed.emit(error))

    def _end(self, emit: Callable[[], None]) -> None:
        self._finished = True
        if not self._discarded:
            emit()
        self.finished.emit()


class _Bridge(QObject):
    """The one way back from the worker thread: a signal of a GUI-thread object that lives as long as
    the runner, emitted on the worker thread and delivered queued on the GUI thread."""

    arrived = Signal(object)  # (job number, "progress" | "done" | "failed", payload)


class Runner(QObject):
    """The worker thread and the jobs waiting for it. ``runner()`` is the window's one instance.

    The thread is a plain Python thread (``ThreadPoolExecutor`` with one worker), not a ``QRunnable``
    subclass: the worker holds only Python objects, and every Qt object of a job is made, used and
    released on the GUI thread. A finished job is kept until the worker has begun a later one, so the
    last reference to it is never dropped on the worker thread.
    """

    #: A ``services.changes.Changes`` a finished job reported.
    changes_made = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kvp-worker")
        self._bridge = _Bridge(self)
        self._bridge.arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._jobs: dict[int, Job] = {}
        self._futures: list[Future[None]] = []
        self._seq = 0
        self._worker_at = 0  # the job the worker began last: it holds nothing of the ones before

    def start(
        self,
        work: Callable[[Job], T],
        on_done: Callable[[T], None] | None = None,
        *,
        parent: QWidget | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        changes: object = None,
        show_errors: bool = True,
    ) -> Job:
        """Queue ``work(job)``. ``on_error`` runs before the error is shown (to reset the view); with
        ``show_errors=False`` it decides alone. ``changes`` is announced when the work succeeds."""
        self._release()
        self._seq += 1
        job = Job(work, self._seq, self._post)
        self._jobs[self._seq] = job

        def succeeded(result: object) -> None:
            if on_done is not None:
                on_done(result)  # type: ignore[arg-type]
            self.announce(changes)
            self.announce(result)

        def failed(error: object) -> None:
            assert isinstance(error, BaseException)
            if on_error is not None:
                on_error(error)
            if show_errors:
                from ui.errors import show_error

                show_error(parent if parent is not None and shiboken6.isValid(parent) else None, error)

        job.succeeded.connect(succeeded)
        job.failed.connect(failed)
        if on_cancel is not None:
            job.cancelled.connect(on_cancel)
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self._executor.submit(self._run, job._seq, job))
        return job

    def _run(self, seq: int, job: Job) -> None:  # the worker thread
        self._worker_at = seq
        job._execute()

    def _post(self, seq: int, kind: str, payload: object) -> None:  # the worker thread
        self._bridge.arrived.emit((seq, kind, payload))

    @Slot(object)
    def _arrived(self, message: tuple[int, str, object]) -> None:
        seq, kind, payload = message
        job = self._jobs.get(seq)
        if job is None:
            return
        if kind == "progress":
            assert isinstance(payload, tuple)
            job._on_progress(int(payload[0]), int(payload[1]))
        elif kind == "done":
            job._on_done(payload)
        else:
            job._on_failed(payload)
        self._release()

    def _release(self) -> None:
        """Drop the finished jobs the worker is done with (on the GUI thread, where their Qt objects live)."""
        for seq in [s for s, j in self._jobs.items() if j.is_finished() and s < self._worker_at]:
            del self._jobs[seq]

    def announce(self, changes: object) -> None:
        """Tell the views about a ``Changes`` (anything else, ``None`` included, is ignored)."""
        changes_type = _changes_type()
        if changes_type is not None and isinstance(changes, changes_type) and changes:
            self.changes_made.emit(changes)

    def busy(self) -> bool:
        return any(not job.is_finished() for job in self._jobs.values())

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the queue is empty (closing the window, tests)."""
        pending = [f for f in self._futures if not f.done()]
        if not pending:
            return True
        _done, not_done = futures_wait(pending, timeout=msecs / 1000)
        return not not_done


def _changes_type() -> type | None:
    import sys

    module = sys.modules.get("kvp_desktop.services.infrastructure.changes")  # never imported here: start-up time
    return getattr(module, "Changes", None) if module is not None else None


_runner: Runner | None = None


def runner() -> Runner:
    global _runner
    if _runner is None:
        _runner = Runner()
    return _runner


def run_job(
    parent: QWidget | None,
    work: Callable[[], T],
    on_done: Callable[[T], None] | None = None,
    **options: Any,
) -> Job:
    """``work()`` on the worker thread, ``on_done(result)`` on the GUI thread; see ``Runner.start``."""
    return runner().start(lambda _job: work(), on_done, parent=parent, **options)


def run_cancellable(
    parent: QWidget | None,
    work: Callable[[Job], T],
    on_done: Callable[[T], None] | None = None,
    **options: Any,
) -> Job:
    """``work(job)`` on the worker thread; the work calls ``job.report(done, total)`` and stops
    (raising, saving nothing) when it answers ``False``."""
    return runner().start(work, on_done, parent=parent, **options)


class LatestJob(QObject):
    """A view's background loads where only the newest counts (a quick click through a list shows
    what was chosen last): starting one discards the one before; ``finished``/``failed`` come for
    the newest only. Errors are shown by the router after ``failed`` (unless ``show_errors=False``)."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, *, show_errors: bool = True) -> None:
        super().__init__(parent)
        self._view = parent
        self._show_errors = show_errors
        self._job: Job | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None and not self._job.is_finished()

    def start(self, work: Callable[[], Any], **options: Any) -> Job:
        if self._job is not None:
            self._job.discard()
        self._job = run_job(self._view, work, self._deliver, on_error=self._fail,
                            show_errors=self._show_errors, **options)
        return self._job

    def _deliver(self, result: object) -> None:
        with contextlib.suppress(RuntimeError):  # the view was closed while the job ran
            self.finished.emit(result)

    def _fail(self, error: BaseException) -> None:
        with contextlib.suppress(RuntimeError):
            self.failed.emit(error)
