"""Portefølje: the office's clients with their stop points, for the portfolio review."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short, format_number, parse_date
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, allowed
from kvp_desktop.services.portfolio import portfolio, reviews
from kvp_desktop.services.portfolio.portfolio import (
    ANY_FLAG,
    NOT_REVIEWED,
    PortfolioFilter,
    PortfolioRow,
)
from ui.errors import call_service, show_service_error
from ui.portfolio.model import (
    PortfolioModel,
    flag_label,
)
from ui.runner import Job, LatestJob, run_cancellable
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.tab_page import TabPage

#: Stale flags for at most this many persons are recomputed at once; more go to a worker thread.
SYNC_REFRESH_LIMIT = 300


class PortfolioTab(TabPage):
    """Filters, search, a count per stop point, the lazy table and the selected person's flags.

    Activating a row chooses the person. Buttons: new person, import, record an outcome, print
    the review list, export the view to Excel.
    """

    follows_person = False
    _filter_only = False  # the next reload is for a filter change only (the counts are kept)
    person_activated = Signal(int)
    #: Emitted when background work (refresh of stale flags, export) has finished.
    work_finished = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("portfolioTab")
        self._today = today
        self._job: Job | None = None
        self.model = PortfolioModel(ctx, today=today)
        self.model.load_failed.connect(self._show_load_error)

        # Summary bar: a count per flag; a click filters on it.
        self.summary = QGroupBox(_("Personer per stoppunkt"))
        self.summary.setObjectName("portfolioSummary")
        # The counts flow onto as many lines as the width needs (the labels are long; on one grid
        # they made the window wider than a 1366-pixel laptop screen).
        flow = FlowLayout(self.summary, spacing=12, line_spacing=0)
        self.count_buttons: dict[str, QPushButton] = {}
        codes = [*portfolio.FLAGS, ANY_FLAG]
        for code in codes:
            button = QPushButton()
            button.setObjectName(f"portfolioCount_{code}")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("text-align: left; padding: 2px 6px;")
            button.setToolTip(_("Vis bare personer med dette stoppunktet"))
            button.clicked.connect(lambda _checked=False, c=code: self.filter_to(c))
            self.count_buttons[code] = button
            flow.addWidget(button)

        # Filters and search.
        self.filter = self._combo("portfolioFilter", _("Filtrer på stoppunkt"),
                                  [(_("Alle personer"), None), (_("Alle med stoppunkt"), ANY_FLAG)]
                                  + [(flag_label(code), code) for code in portfolio.FLAGS])
        self.outcome_filter = self._combo("portfolioOutcomeFilter", _("Filtrer på utfall"),
                                          [(_("Alle utfall"), None), (_("Ikke gjennomgått"), NOT_REVIEWED)]
                                          + [(_(label), code) for code, label in portfolio.REVIEW_OUTCOMES.items()])
        self.caseworker_filter = self._combo("portfolioCaseworkerFilter", _("Filtrer på veileder"),
                                             [(_("Alle veiledere"), None)])
        self.age_filter = self._combo("portfolioAgeFilter", _("Filtrer på alder"),
                                      [(_(label), code) for code, label in portfolio.AGE_GROUPS.items()])
        self.since_check = QCheckBox(_("Ikke gjennomgått siden"))
        self.since_check.setObjectName("portfolioSinceCheck")
        self.since_check.setAccessibleName(_("Bare personer som ikke er gjennomgått siden datoen"))
        self.since_date = QLineEdit((today() - dt.timedelta(days=90)).strftime("%d.%m.%Y"))
        self.since_date.setObjectName("portfolioSinceDate")
        self.since_date.setAccessibleName(_("Ikke gjennomgått siden dato"))
        self.since_date.setPlaceholderText("dd.mm.åååå")
        self.since_date.setMaximumWidth(100)
        self.since_date.setEnabled(False)
        self.since_check.toggled.connect(self.since_date.setEnabled)
        self.since_check.toggled.connect(self._filter_changed)
        self.since_date.editingFinished.connect(self._since_edited)
        self.search = QLineEdit()
        self.search.setObjectName("portfolioSearch")
        self.search.setAccessibleName(_("Søk i porteføljen"))
        self.search.setPlaceholderText(_("Søk på navn, fødselsnummer eller fødselsdato"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        # Actions.
        self.new_button = self._button("portfolioNewPerson", _("&Ny person…"), self.new_person)
        self.import_button = self._button("portfolioImport", _("&Importer…"), self.import_persons)
        self.review_button = self._button("portfolioReview", _("Registrer &utfall…"), self.record_outcome)
        self.print_button = self._button("portfolioPrint", _("Skriv ut &gjennomgangsliste…"), self.print_review_list)
        self.export_button = self._button("portfolioExport", _("Eksporter til &Excel…"), self.export_excel)
        self.count_label = QLabel()
        self.count_label.setObjectName("portfolioCountLabel")

        self.progress = QProgressBar()
        self.progress.setObjectName("portfolioProgress")
        self.progress.setAccessibleName(_("Framdrift"))
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = self._button("portfolioCancel", _("Avbryt"), self.cancel_work)
        self.cancel_button.hide()
        self.work_label = QLabel()
        self.work_label.setObjectName("portfolioWorkLabel")
        # Takes the room there is (a long file name in «Eksporterte … til …» is cut, not widening the window).
        self.work_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.work_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # Table and details.
        self.table = QTableView()
        self.table.setObjectName("portfolioTable")
        self.table.setAccessibleName(_("Portefølje"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons; the arrow keys move in the table
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((200, 115, 50, 130, 0, 170)):
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda _cur, _prev: self._show_details())

        self.details = QTextBrowser()
        self.details.setObjectName("portfolioDetails")
        self.details.setAccessibleName(_("Stoppunkter og gjennomganger for valgt person"))
        self.details.setOpenLinks(False)
        # The pane is read on the worker thread (a shared office's server is across a network): the
        # chosen person shows at once and the pane fills in; a quick walk down the list reads only the last.
        self._details_job = LatestJob(self, show_errors=False)
        self._details_job.finished.connect(self._render_details)
        self._details_job.failed.connect(
            lambda error: self.details.setPlainText(error.message if isinstance(error, ServiceError) else ""))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("portfolioSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 330])

        filters = QHBoxLayout()
        for label_text, widget in ((_("&Stoppunkt:"), self.filter), (_("U&tfall:"), self.outcome_filter),
                                   (_("&Veileder:"), self.caseworker_filter), (_("Al&der:"), self.age_filter)):
            label = QLabel(label_text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.since_check)
        filters.addWidget(self.since_date)
        filters.addStretch(1)

        actions = QHBoxLayout()
        search_label = QLabel(_("S&øk:"))
        search_label.setBuddy(self.search)
        actions.addWidget(search_label)
        actions.addWidget(self.search, 1)
        for button in (self.new_button, self.import_button, self.review_button, self.print_button,
                       self.export_button):
            actions.addWidget(button)
        actions.addWidget(self.count_label)

        hint = QLabel(_("Dobbeltklikk eller trykk Enter på en rad for å velge personen."))
        hint.setObjectName("portfolioHint")
        hint.setEnabled(False)

        # Background work (stale flags, export) reports under the table, beside the hint, so its long
        # text never widens the rows of buttons above.
        footer = QHBoxLayout()
        footer.addWidget(hint)
        footer.addStretch(1)
        footer.addWidget(self.work_label, 4)
        footer.addWidget(self.progress)
        footer.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)
        self._caseworkers_loaded = False

    def _combo(self, name: str, accessible: str, items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self._filter_changed)
        # As wide as about 16 characters whatever the items are (a long stop-point label or caseworker
        # name must not widen the window); the open list shows the whole text.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(min(16, max((len(text) for text, _data in items), default=0)))
        combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        return combo

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- loading -------------------------------------------------------------------------
    def set_context(self, ctx: AppContext) -> None:
        self.model.set_context(ctx)
        self._caseworkers_loaded = False
        super().set_context(ctx)

    def current_filters(self) -> PortfolioFilter:
        since = None
        if self.since_check.isChecked():
            try:
                since = parse_date(self.since_date.text())
            except ValueError:
                since = None
        return PortfolioFilter(
            stop_point=self.filter.currentData(),
            outcome=self.outcome_filter.currentData(),
            caseworker_id=self.caseworker_filter.currentData(),
            age_group=self.age_filter.currentData() or "all",
            not_reviewed_since=since,
            search=self.search.text(),
        )

    def reload(self) -> None:
        # One read per reload (portfolio.portfolio_view); a filter change does not read the counts again.
        filter_only, self._filter_only = self._filter_only, False
        self._apply_permissions()
        today = self._today()
        filters = self.current_filters()
        selected = self.selected_person_id()

        def read() -> portfolio.PortfolioView:
            return portfolio.portfolio_view(self.ctx, filters, today, counts=not filter_only,
                                            caseworkers=not self._caseworkers_loaded, first_rows=200)

        view = call_service(self, read)
        stale = view.stale if view is not None else None
        if stale and stale > SYNC_REFRESH_LIMIT and self._job is None:
            self._refresh_in_background(today, stale)
        elif stale:
            call_service(self, lambda: portfolio.refresh_stale_flags(self.ctx, today))
            view = call_service(self, read)
        if view is not None:
            if view.caseworkers is not None:
                self._show_caseworkers(view.caseworkers)
            if view.counts is not None:
                self._show_counts(view.counts)
            self.model.show(filters, view.ids, view.rows)
        self._update_count()
        if selected is not None and self.model.row_of(selected) is not None:
            self._select(selected)
        else:
            self._select_current_person()
        self._show_details()

    def _load_counts(self) -> None:
        counts = call_service(self, lambda: portfolio.stop_point_counts(self.ctx))
        if counts is not None:
            self._show_counts(counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        for code, button in self.count_buttons.items():
            n = counts.get(code, 0)
            label = _("Alle med stoppunkt") if code == ANY_FLAG else flag_label(code)
            button.setText(f"{format_number(n)}  {label}")
            if code == ANY_FLAG:
                button.setStyleSheet("text-align: left; padding: 2px 6px; font-weight: bold;")
            button.setAccessibleName(_("{antall} personer: {stoppunkt}", antall=n, stoppunkt=label))

    def _load_caseworkers(self) -> None:
        if self._caseworkers_loaded:
            return
        found = call_service(self, lambda: portfolio.caseworkers(self.ctx))
        self._show_caseworkers(found or [])

    def _show_caseworkers(self, found: list[portfolio.Caseworker]) -> None:
        self.caseworker_filter.blockSignals(True)
        current = self.caseworker_filter.currentData()
        while self.caseworker_filter.count() > 1:
            self.caseworker_filter.removeItem(1)
        for worker in found:
            self.caseworker_filter.addItem(worker.name, worker.id)
        self.caseworker_filter.setCurrentIndex(max(self.caseworker_filter.findData(current), 0))
        self.caseworker_filter.blockSignals(False)
        self._caseworkers_loaded = True

    def _apply_permissions(self) -> None:
        self.new_button.setEnabled(allowed(self.ctx, Permission.REGISTER_PERSONS))
        self.import_button.setEnabled(allowed(self.ctx, Permission.REGISTER_PERSONS))
        self.review_button.setEnabled(allowed(self.ctx, Permission.REVIEW_PORTFOLIO))
        self.print_button.setEnabled(allowed(self.ctx, Permission.REVIEW_PORTFOLIO))
        self.export_button.setEnabled(allowed(self.ctx, Permission.EXPORT_PERSONAL_DATA))

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            _("Viser {antall} person", antall=format_number(n))
            if n == 1
            else _("Viser {antall} personer", antall=format_number(n))
        )

    def filter_to(self, stop_point: str | None) -> None:
        index = self.filter.findData(stop_point)
        self.filter.setCurrentIndex(max(index, 0))

    def _filter_changed(self, *_args: object) -> None:
        self._search_timer.stop()
        # Only the filter changed (unless the tab is stale anyway): the next load keeps the counts.
        self._filter_only = not self.is_stale()
        TabPage.mark_stale(self)

    def mark_stale(self) -> None:
        self._filter_only = False  # something changed: the counts are read again too
        super().mark_stale()

    def _since_edited(self) -> None:
        try:
            parse_date(self.since_date.text())
        except ValueError as error:
            self.since_date.setStyleSheet("color: #b00020;")
            self.since_date.setToolTip(str(error))
            return
        self.since_date.setStyleSheet("")
        self.since_date.setToolTip("")
        if self.since_check.isChecked():
            self._filter_changed()

    def _search_now(self) -> None:
        self._filter_changed()

    def has_data(self) -> bool:
        return not self.is_stale() and self.model.rowCount() > 0

    # --- background work -----------------------------------------------------------------
    def _run(self, label: str, func: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
             done: Callable[[Any], None]) -> None:
        self.work_label.setText(label)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()

        def progress(step: int, total: int) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(step)

        def finish() -> None:
            self._job = None
            self.progress.hide()
            self.cancel_button.hide()
            self.work_label.setText("")

        def succeeded(result: object) -> None:
            finish()
            done(result)
            self.work_finished.emit()

        def stopped(_error: object = None) -> None:
            finish()  # an error is shown by the router
            self.work_finished.emit()

        self._job = run_cancellable(self, lambda job: func(job.progress, job.is_cancelled), succeeded,
                                    on_error=stopped, on_cancel=stopped)
        self._job.progressed.connect(progress)

    def is_busy(self) -> bool:
        return self._job is not None

    def cancel_work(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _refresh_in_background(self, today: dt.date, stale: int) -> None:
        ctx = self.ctx
        self._run(
            _("Oppdaterer stoppunkter for {antall} personer …", antall=format_number(stale)),
            lambda progress, cancelled: portfolio.refresh_stale_flags(ctx, today, progress, cancelled),
            lambda _done: self.mark_stale(),
        )

    # --- person --------------------------------------------------------------------------
    def selected_person_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.person_id(index.row())

    def person_changed_quietly(self) -> None:
        self._select_current_person()

    def _select_current_person(self) -> None:
        if self.person_id is not None:
            self._select(self.person_id)

    def _select(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.person_activated.emit(self.model.person_id(index.row()))

    def _show_load_error(self, message: str) -> None:
        show_service_error(self, ServiceError(message))

    def _show_details(self) -> None:
        person_id = self.selected_person_id()
        if person_id is None:
            self.details.setHtml(f"<p style='color:#666'>{html.escape(_('Velg en person i listen.'))}</p>")
            return
        row = self.model.row_data(self.table.currentIndex().row())
        ctx, today = self.ctx, self._today()
        self._details_job.start(lambda: (person_id, row, reviews.person_details(ctx, person_id, today)))  # one read

    @property
    def details_loading(self) -> bool:
        return self._details_job.busy

    def _render_details(self, result: tuple[int, PortfolioRow | None, reviews.PersonDetails]) -> None:
        person_id, row, details = result
        if person_id != self.selected_person_id():
            return  # another person was chosen meanwhile; that read is on its way
        flags, history = details.flags, details.history or []
        parts = [f"<h3 style='margin:0'>{html.escape(row.name if row else '')}</h3>",
                 f"<p style='color:#555;margin-top:2px'>{html.escape(row.masked_id if row else '')}</p>",
                 f"<h4>{html.escape(_('Stoppunkter'))}</h4>"]
        if not flags:
            parts.append(f"<p>{html.escape(_('Ingen stoppunkter i dag.'))}</p>")
        for flag in flags:
            parts.append(
                f"<p style='margin-bottom:6px'><b>{html.escape(flag.label)}</b> "
                f"({html.escape(format_date_short(flag.fired_on))})<br>{html.escape(flag.reason)}<br>"
                f"<span style='color:#666'>{html.escape(flag.reference)}</span></p>"
            )
        heading, none_yet = _("Gjennomganger"), _("Ikke gjennomgått.")  # outside the f-strings, for Babel
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        if not history:
            parts.append(f"<p>{html.escape(none_yet)}</p>")
        for item in history:
            extra = item.other_right or item.reason
            parts.append(
                f"<p style='margin-bottom:4px'>{html.escape(format_date_short(item.reviewed_at.date()))} "
                f"<b>{html.escape(item.outcome_label)}</b> – {html.escape(item.user_name)}"
                + (f"<br><i>{html.escape(extra)}</i>" if extra else "") + "</p>"
            )
        self.details.setHtml("".join(parts))

    # --- actions -------------------------------------------------------------------------
    def new_person(self) -> None:
        from ui.portfolio.person_form import PersonFormDialog

        dialog = PersonFormDialog(self.ctx, self, today=self._today)
        if dialog.exec() and dialog.saved_id is not None:
            self.mark_stale()
            self._select(dialog.saved_id)
            self.person_activated.emit(dialog.saved_id)  # chosen in the person bar, for every tab
            window = self.window()
            if isinstance(window, QMainWindow):  # confirmed where every message of the window is shown
                window.statusBar().showMessage(_("Personen er registrert og valgt."), 8000)

    def import_persons(self) -> None:
        from ui.portfolio.import_persons import ImportPersonsDialog

        dialog = ImportPersonsDialog(self.ctx, self, today=self._today)
        if dialog.exec() and dialog.imported:
            self.mark_stale()

    def record_outcome(self) -> None:
        from ui.portfolio.review import ReviewDialog

        person_id = self.selected_person_id()
        if person_id is None:
            QMessageBox.information(self, _("Registrer utfall"), _("Velg først en person i listen."))
            return
        row = self.model.row_data(self.table.currentIndex().row())
        dialog = ReviewDialog(self.ctx, person_id, row.name if row else "", self, today=self._today)
        if dialog.exec() and dialog.saved is not None:
            self.model.invalidate()
            self._load_counts()
            self._show_details()

    def print_review_list(self) -> None:
        from ui.portfolio.review import ReviewListDialog

        ReviewListDialog(self.ctx, self.current_filters(), self, today=self._today).exec()

    def export_excel(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Eksporter til Excel"), f"portefolje-{self._today():%Y-%m-%d}.xlsx", _("Excel-ark (*.xlsx)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        from pathlib import Path

        ctx, filters, today = self.ctx, self.current_filters(), self._today()
        self._run(
            _("Eksporterer …"),
            lambda progress, cancelled: portfolio.export_view(ctx, filters, today, Path(path), progress, cancelled),
            lambda count: self.work_label.setText(
                _("Eksporterte {antall} personer til {fil}.", antall=format_number(count), fil=Path(path).name)
            ),
        )
