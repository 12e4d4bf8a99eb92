"""The person/case bar at the top of the main window: find a person, show who is chosen."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.portfolio import persons
from kvp_desktop.services.portfolio.persons import PersonDTO
from kvp_desktop.services.screening.deadlines import PersonDeadlines
from ui.errors import call_service

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PersonBar(QFrame):
    """A search field (name or the first digits of the fødselsnummer) with suggestions from the
    database, and the chosen person's name, masked fødselsnummer and age.

    ``person_changed(int)`` is emitted when another person is chosen; the main window passes it to
    every tab, so the choice is kept when the user moves between tabs.
    """

    person_changed = Signal(int)
    #: «Mine oppgaver» was asked for (the main window opens the list).
    tasks_requested = Signal()

    SEARCH_LIMIT = 30

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._ctx = ctx
        self._today = today
        self._person: PersonDTO | None = None
        self._deadlines: PersonDeadlines | None = None
        self._searched_text = ""

        self.search = QLineEdit()
        self.search.setObjectName("personSearch")
        self.search.setAccessibleName(_("Søk etter person"))
        self.search.setPlaceholderText(_("Søk på etternavn, fornavn eller fødselsnummer (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)

        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setObjectName("personCompleter")
        # The database already filtered (Norwegian name order, fødselsnummer prefix): show it all.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.search.setCompleter(self.completer)
        self.popup.setObjectName("personSuggestions")
        self.popup.setAccessibleName(_("Treff"))
        self.completer.activated[QModelIndex].connect(self._suggestion_chosen)  # type: ignore[index]

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._return_pressed)

        label = QLabel(_("&Person:"))
        label.setBuddy(self.search)

        self.info = QLabel()
        self.info.setObjectName("personInfo")
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._show_person()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addSpacing(16)
        layout.addWidget(self.info, 1)
        self.deadline_indicator = QLabel()  # Frister: the most urgent state, details in the tooltip
        self.deadline_indicator.setObjectName("deadlineIndicator")
        layout.addWidget(self.deadline_indicator)
        self.edit_button = QPushButton(_("&Endre person…"))
        self.edit_button.setObjectName("personBarEdit")
        self.edit_button.setAccessibleName(_("Endre person"))
        self.edit_button.setToolTip(_("Personopplysninger, kontakt, kontonummer, målform og barn"))
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_person())
        layout.addWidget(self.edit_button)
        self.tasks_button = QPushButton(_("Mine oppgaver"))
        self.tasks_button.setObjectName("personBarTasks")
        self.tasks_button.setAccessibleName(_("Mine oppgaver"))
        self.tasks_button.setToolTip(_("Neste steg i sakene dine (Ctrl+T)"))
        self.tasks_button.clicked.connect(lambda _checked=False: self.tasks_requested.emit())
        layout.addWidget(self.tasks_button)
        self.edit_button.setEnabled(False)

    @property
    def popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter always has one
        return popup

    # --- state ---------------------------------------------------------------------------
    @property
    def person(self) -> PersonDTO | None:
        return self._person

    @property
    def person_id(self) -> int | None:
        return self._person.id if self._person else None

    def set_context(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self._person = None
        self.suggestions.clear()
        self.search.clear()
        self._show_person()

    def edit_person(self) -> bool:
        """«Endre person…»: the person form for the chosen person; saved changes are shown everywhere."""
        from ui.portfolio.person_form import PersonFormDialog

        if self._person is None:
            return False
        current = call_service(self, lambda: persons.get_person(self._ctx, self._person.id, audit=False)
                               if self._person else None)
        if current is None:
            return False
        dialog = PersonFormDialog(self._ctx, self.window(), today=self._today, person=current)
        if not dialog.exec() or dialog.saved_id is None:
            return False
        self._person = None
        return self.select_person(dialog.saved_id)

    def select_person(self, person_id: int) -> bool:
        """Choose a person by id (opening the person is recorded in the audit trail)."""
        if self._person is not None and self._person.id == person_id:
            return True
        chosen = call_service(self, lambda: persons.choose_person(self._ctx, person_id, self._today()))
        if chosen is None:
            return False
        self._person = chosen.person
        self.search.clear()
        self._show_person(chosen.deadlines)  # read with the person, in the same unit of work
        self.person_changed.emit(chosen.person.id)
        return True

    # --- search --------------------------------------------------------------------------
    def _run_search(self) -> None:
        text = self.search.text()
        self._searched_text = text
        found = call_service(self, lambda: persons.search_persons(self._ctx, text, self.SEARCH_LIMIT))
        self.suggestions.clear()
        for choice in found or []:
            item = QStandardItem(choice.label)
            item.setData(choice.id, PERSON_ID_ROLE)
            item.setEditable(False)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount() and text.strip():
            self.completer.complete()
        else:
            self.popup.hide()

    def suggestion_count(self) -> int:
        return self.suggestions.rowCount()

    def search_now(self, text: str) -> None:
        """Search at once (what typing does after a short pause)."""
        self.search.setText(text)
        self._search_timer.stop()
        self._run_search()

    def _suggestion_chosen(self, index: QModelIndex) -> None:
        person_id = index.data(PERSON_ID_ROLE)
        if isinstance(person_id, int):
            # The completer writes the suggestion into the field after this signal; clear later.
            QTimer.singleShot(0, lambda: self._choose(person_id))

    def _return_pressed(self) -> None:
        """Enter chooses the suggestion shown in the field, the highlighted one, or the first match."""
        row = self._row_of_label(self.search.text())
        if row is None and self.popup.isVisible() and self.popup.currentIndex().isValid():
            row = self.popup.currentIndex().row()
        if row is None:
            if self._search_timer.isActive() or self.search.text() != self._searched_text:
                self._search_timer.stop()
                self._run_search()
            row = 0 if self.suggestions.rowCount() else None
        if row is None:
            return
        person_id = self.suggestions.item(row).data(PERSON_ID_ROLE)
        self.popup.hide()
        self._choose(int(person_id))

    def _choose(self, person_id: int) -> None:
        self.select_person(person_id)
        self.search.clear()

    def _row_of_label(self, text: str) -> int | None:
        for row in range(self.suggestions.rowCount()):
            if self.suggestions.item(row).text() == text:
                return row
        return None

    # --- display -------------------------------------------------------------------------
    def _show_person(self, found: PersonDeadlines | None = None) -> None:
        person = self._person
        if found is None:
            self.refresh_deadlines()
        else:
            self.show_deadlines(found)
        if hasattr(self, "edit_button"):
            self.edit_button.setEnabled(person is not None)
        if person is None:
            self.info.setText(_("Ingen person valgt"))
            self.info.setAccessibleName(_("Ingen person valgt"))
            return
        age = person.age_on(self._today())
        name = html.escape(f"{person.last_name}, {person.first_name}")
        self.info.setText(
            f"<b>{name}</b> &nbsp;&nbsp; {html.escape(person.masked_id)} &nbsp;&nbsp; "
            + html.escape(_("{alder} år", alder=age))
        )
        self.info.setAccessibleName(
            _("Valgt person: {navn}, {alder} år", navn=f"{person.first_name} {person.last_name}", alder=age)
        )

    def refresh_deadlines(self) -> None:
        """The compact «Frister» mark: how many deadlines need attention, the worst state's colour."""
        from kvp_desktop.services.screening import deadlines

        if getattr(self, "deadline_indicator", None) is None:
            return
        found = deadlines.person_deadlines(self._ctx, self._person.id, self._today()) if self._person else None
        self.show_deadlines(found)

    def deadlines_for(self, person_id: int | None) -> PersonDeadlines | None:
        """The deadlines shown for ``person_id`` (the Inngangsvilkår tab lists the same), or ``None``."""
        found = self._deadlines
        return found if found is not None and person_id is not None and found.person_id == person_id else None

    def show_deadlines(self, found: PersonDeadlines | None) -> None:
        indicator = getattr(self, "deadline_indicator", None)
        if indicator is None:
            return
        self._deadlines = found
        if found is None or not found.attention:
            indicator.clear()
            indicator.setAccessibleName(_("Ingen frister som haster"))
            return
        colour = "#8a1c25" if found.worst == "overdue" else "#6b4e00"
        indicator.setText(f"<span style='color:{colour}'><b>⚠ " + html.escape(
            _("Frister: {antall}", antall=found.attention)) + "</b></span>")
        lines = [f"{_(item.label)} {item.due:%d.%m.%Y}: {item.text}" for item in found.items
                 if item.state in ("warning", "overdue")]
        indicator.setToolTip("\n".join(lines))
        indicator.setAccessibleName(_("Frister som haster: {antall}", antall=found.attention))
