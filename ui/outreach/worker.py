"""Run a slow service call (key derivation, building the copy) off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class ServiceTask(QRunnable):
    """``task = ServiceTask(lambda: service(...)); task.signals.finished.connect(...); task.start()``."""

    def __init__(self, func: Callable[[], Any]) -> None:
        super().__init__()
        self._func = func
        self.signals = _Signals()
        self.setAutoDelete(False)  # the dialog keeps it until its signal has been handled

    def run(self) -> None:
        try:
            result = self._func()
        except Exception as error:  # handed to the GUI thread, which shows it
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
