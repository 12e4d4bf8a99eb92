"""Computes and saves a payout run off the GUI thread, with progress and cancel.

The service writes the whole draft in one transaction; cancelling makes the progress callback
answer «stop», the service raises before committing, and nothing is saved.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.payouts import runs as payout_runs


class RunWorker(QThread):
    progressed = Signal(int, int)
    finished_ok = Signal(int)  # run id
    failed = Signal(str)  # Norwegian message
    cancelled = Signal()

    def __init__(self, ctx: AppContext, label: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.label = label
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._stop.is_set()

    def run(self) -> None:
        try:
            run_id = payout_runs.create_draft_run(self.ctx, self.label, self._progress)
        except payout_runs.RunCancelledError:
            self.cancelled.emit()
        except ServiceError as error:
            self.failed.emit(str(error))
        else:
            self.finished_ok.emit(run_id)
