"""Run slow work (rendering letters, rasterising pages) off the GUI thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, func: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._func = func
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._func()
        except BaseException as error:  # handed to the GUI thread, which shows it
            self._signals.failed.emit(error)
        else:
            self._signals.done.emit(result)


class Worker(QObject):
    """Starts jobs on the global thread pool; results come back on the GUI thread.

    Only the newest job's result is delivered: an older one that finishes late is dropped, so a
    quick click through the list shows the letter last chosen.
    """

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._busy = 0
        self._keep: dict[int, _Signals] = {}

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def start(self, func: Callable[[], Any]) -> None:
        self._generation += 1
        generation = self._generation
        signals = _Signals()
        self._keep[generation] = signals
        self._busy += 1
        signals.done.connect(lambda result, g=generation: self._deliver(g, result, ok=True))
        signals.failed.connect(lambda error, g=generation: self._deliver(g, error, ok=False))
        QThreadPool.globalInstance().start(_Job(func, signals))

    def _deliver(self, generation: int, payload: object, *, ok: bool) -> None:
        self._busy -= 1
        self._keep.pop(generation, None)
        if generation != self._generation:
            return
        with contextlib.suppress(RuntimeError):  # the dialog was closed while the job ran
            (self.finished if ok else self.failed).emit(payload)
