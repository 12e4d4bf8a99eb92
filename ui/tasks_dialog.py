"""«Mine oppgaver»: the logged-in user's next steps (``services.portfolio.tasks``); each opens the right tab (or
Dokumenter) on the right person. A non-modal window that stays open while the caseworker works."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.portfolio import tasks
from kvp_desktop.services.portfolio.tasks import WorkTask
from ui.errors import call_service

TASK_ROLE = Qt.ItemDataRole.UserRole + 1


class TasksDialog(QDialog):
    """The list, refreshed on demand; «Åpne» (or Enter, or a double click) goes to the task."""

    open_requested = Signal(object)  # a WorkTask

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("tasksDialog")
        self.setWindowTitle(_("Mine oppgaver"))
        self.setAccessibleName(_("Mine oppgaver"))
        self._ctx = ctx
        self._today = today
        self.tasks: list[WorkTask] = []

        self.heading = QLabel()
        self.heading.setObjectName("tasksHeading")
        self.heading.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("tasksList")
        self.list.setAccessibleName(_("Oppgaver"))
        self.list.setHeaderLabels([_("Frist"), _("Oppgave"), _("Person"), _("Hva som skal gjøres")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 95)
        header.resizeSection(1, 150)
        header.resizeSection(2, 190)
        self.list.itemActivated.connect(lambda _item, _column: self.open_current())
        self.open_button = QPushButton(_("&Åpne"))
        self.open_button.setObjectName("tasksOpen")
        # Enter in the list opens the task (the list's activation); no default button, or Enter would
        # open the first task as well once the list is refreshed.
        for button in (self.open_button,):
            button.setAutoDefault(False)
        self.open_button.clicked.connect(lambda _checked=False: self.open_current())
        self.refresh_button = QPushButton(_("&Oppdater"))
        self.refresh_button.setObjectName("tasksRefresh")
        self.refresh_button.clicked.connect(lambda _checked=False: self.reload())
        close = QPushButton(_("&Lukk"))
        close.setObjectName("tasksClose")
        self.refresh_button.setAutoDefault(False)
        close.setAutoDefault(False)
        close.clicked.connect(lambda _checked=False: self.close())
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(900, 460)
        self.reload()

    def set_context(self, ctx: AppContext) -> None:
        """Another user or database (the main window switched): the list is theirs."""
        self._ctx = ctx
        self.reload()

    def reload(self) -> None:
        found = call_service(self, lambda: tasks.my_tasks(self._ctx, self._today()))
        self.tasks = found or []
        self.list.clear()
        for task in self.tasks:
            item = QTreeWidgetItem([format_date_short(task.due) if task.due else "–", task.kind_label,
                                    task.person_name or _("Kontoret"), task.text])
            item.setData(0, TASK_ROLE, task)
            item.setToolTip(3, task.text)
            if task.overdue:
                for column in range(4):
                    item.setForeground(column, QBrush(QColor("#8a1c25")))
                item.setText(0, "⚠ " + item.text(0))
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
            self.heading.setText(_("{antall} oppgaver for {navn}. Velg en og trykk «Åpne» (Enter).",
                                   antall=len(self.tasks), navn=self._ctx.user.full_name))
        else:
            self.heading.setText(_("Ingen oppgaver nå."))
        self.open_button.setEnabled(bool(self.tasks))

    def select_kind(self, kind: str, person_id: int | None = None) -> WorkTask | None:
        """Choose the first task of ``kind`` (for ``person_id``), as the keyboard user does."""
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            task = item.data(0, TASK_ROLE) if item else None
            if item is not None and isinstance(task, WorkTask) and task.kind == kind and (
                    person_id is None or task.person_id == person_id):
                self.list.setCurrentItem(item)
                return task
        return None

    def current_task(self) -> WorkTask | None:
        item = self.list.currentItem()
        task = item.data(0, TASK_ROLE) if item else None
        return task if isinstance(task, WorkTask) else None

    def open_current(self) -> None:
        task = self.current_task()
        if task is not None:
            self.open_requested.emit(task)
