"""Answer the program's modal dialogs in a test, as a user would, while ``exec()`` really runs.

``ModalScript`` watches ``QApplication.activeModalWidget()`` and, when the next expected dialog (by
objectName) is on top, runs its step: the step types into fields and clicks buttons. A click that
opens another modal dialog must not block the watcher, so steps click with ``later(button)``.

    script = ModalScript()
    script.expect("firstAdminDialog", fill_admin)
    window.findChild(QAction, "actionOpenDatabase").trigger()   # returns when the dialogs are done
    script.done()                                                # every step ran, in order
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

POLL_MS = 15
SETTLE_POLLS = 4  # polls after a step before the same dialog gets the next step (its click has run)


@dataclass
class _Step:
    name: str
    action: Callable[[QWidget], object]
    again: bool = False  # the same dialog as the step before (it refused and stayed open)


def later(button: QAbstractButton | None) -> None:
    """Click ``button`` on the next turn of the event loop (so a dialog it opens does not block the step)."""
    assert button is not None, "no such button"
    assert button.isEnabled(), f"{button.objectName() or button.text()} is disabled"
    QTimer.singleShot(0, button.click)


class ModalScript:
    def __init__(self) -> None:
        self.steps: deque[_Step] = deque()
        self.seen: list[str] = []
        self.errors: list[BaseException] = []
        self._last: tuple[int, int] | None = None
        self._count = 0
        self._idle = SETTLE_POLLS
        self._timer = QTimer()
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def expect(self, name: str, action: Callable[[QWidget], object], *, again: bool = False) -> ModalScript:
        """The next dialog is ``name``; ``again``: it is the one the last step clicked in, still open."""
        self.steps.append(_Step(name, action, again))
        return self

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not self.steps or not widget.isVisible():
            return
        key = (id(widget), self._count)
        step = self.steps[0]
        self._idle += 1
        if self._idle < SETTLE_POLLS:
            return  # let what the last step clicked finish (a dialog it closed may still be returning)
        if key == self._last and not step.again:
            return  # the step for this dialog ran; wait for the next dialog or for it to come back on top
        if widget.objectName() != step.name:
            return
        self.steps.popleft()
        self._idle = 0
        self.seen.append(step.name)
        self._count += 1
        self._last = (id(widget), self._count)
        try:
            step.action(widget)
        except BaseException as error:  # reported by done(); the dialog is closed so the test goes on
            self.errors.append(error)
            self.steps.clear()
            close = getattr(widget, "reject", None)
            if callable(close):
                QTimer.singleShot(0, close)

    def done(self) -> None:
        """Stop watching; raise what a step raised, or say which dialogs never came."""
        self._timer.stop()
        if self.errors:
            raise self.errors[0]
        assert not self.steps, f"dialogs never shown: {[s.name for s in self.steps]} (seen: {self.seen})"
