"""Utbetalinger: payout runs and the ledger lines of the chosen run, grouped by person.

The toolbar: «Timeliste» (the week sheet), «Importer oppmøte», «Ny kjøring» (computed in a
background thread with progress and cancel), «Godkjenn» (another user than the maker),
«Eksporter til lønn» (CSV/.xlsx), «Spesifikasjon» (PDF for the chosen person) and
«Vis beregning» (every line of the chosen person with its basis and legal reference).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short, format_money
from kvp_desktop.services.infrastructure.changes import Changes, Kind
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import DatabaseUnavailable, ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, allowed
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.payouts.views import LedgerLine, RunView
from ui.errors import call_service, known_error, show_error
from ui.payouts.import_dialog import ImportDialog
from ui.payouts.ledger import (
    LINE_ID_ROLE,
    PERSON_ID_ROLE,
    RunsModel,
    group_by_person,
    ledger_model,
    run_state_label,
)
from ui.payouts.recovery_dialog import RecoveryDialog
from ui.payouts.unconfirmed_notice import UnconfirmedNotice
from ui.payouts.week_sheet import WeekSheetDialog
from ui.runner import Job, run_cancellable, run_job
from ui.table_model import RIGHT
from ui.widgets.sort_proxy import NorwegianSortProxy
from ui.widgets.tab_page import TabPage


class PayoutsTab(TabPage):
    """Runs on top (newest first); below, the chosen run's lines per person with subtotals."""

    follows_person = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("payoutsTab")
        self._lines: list[LedgerLine] = []
        self._run: RunView | None = None

        self.message = QLabel()
        self.message.setObjectName("payoutsMessage")

        self.runs_model = RunsModel()
        self.runs_proxy = NorwegianSortProxy()
        self.runs_proxy.setSourceModel(self.runs_model)
        self.runs = QTableView()
        self.runs.setObjectName("runsTable")
        self.runs.setAccessibleName(_("Utbetalingskjøringer"))
        self.runs.setModel(self.runs_proxy)
        self.runs.setSortingEnabled(True)
        self.runs.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.runs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs.verticalHeader().setVisible(False)
        self.runs.setTabKeyNavigation(False)
        runs_header = self.runs.horizontalHeader()
        runs_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        runs_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.runs.selectionModel().selectionChanged.connect(self._run_selection_changed)

        self.only_person = QCheckBox(_("Vis bare &valgt person"))
        self.only_person.setObjectName("payoutsOnlyPerson")
        self.only_person.setAccessibleName(_("Vis bare valgt person"))
        self.only_person.setEnabled(False)
        self.only_person.toggled.connect(lambda _on: self._show_lines())

        self.lines = QTreeView()
        self.lines.setObjectName("ledgerTree")
        self.lines.setAccessibleName(_("Utbetalingslinjer"))
        self.lines.setUniformRowHeights(True)
        self.lines.setAlternatingRowColors(True)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_model = ledger_model([])
        # Click a header to sort: names with the Norwegian collator, amounts by value.
        self.lines_proxy = NorwegianSortProxy()
        self.lines_proxy.setSourceModel(self.lines_model)
        self.lines.setModel(self.lines_proxy)
        self.lines.setSortingEnabled(True)
        self.lines.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.lines.clicked.connect(self._line_chosen)
        self.lines.activated.connect(self._line_chosen)

        self.total = QLabel()
        self.total.setObjectName("runTotal")
        self.total.setAlignment(RIGHT)
        self.detail = QLabel()
        self.detail.setObjectName("lineDetail")
        self.detail.setAccessibleName(_("Grunnlag for valgt linje"))
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        runs_box = QWidget()
        runs_layout = QVBoxLayout(runs_box)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_title = QLabel(_("&Kjøringer"))
        runs_title.setBuddy(self.runs)
        runs_layout.addWidget(runs_title)
        runs_layout.addWidget(self.runs)

        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_top = QHBoxLayout()
        self.lines_title = QLabel(_("&Linjer i kjøringen"))
        self.lines_title.setObjectName("linesTitle")
        self.lines_title.setBuddy(self.lines)
        lines_top.addWidget(self.lines_title)
        lines_top.addStretch(1)
        lines_top.addWidget(self.only_person)
        lines_layout.addLayout(lines_top)
        lines_layout.addWidget(self.lines, 1)
        lines_layout.addWidget(self.total)
        lines_layout.addWidget(self.detail)

        self.worker: Job | None = None
        self.last_export_count: int | None = None  # payments in the last payroll file written
        self.progress: QProgressDialog | None = None
        self.toolbar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, accessible, handler in (
            ("weekSheet", _("&Timeliste …"), _("Timeliste"), lambda: self.open_week_sheet()),
            ("importAttendance", _("Importer &oppmøte …"), _("Importer oppmøteliste"), self.open_import),
            ("newRun", _("&Ny kjøring …"), _("Ny utbetalingskjøring"), self.ask_new_run),
            ("approveRun", _("&Godkjenn"), _("Godkjenn kjøringen"), self.approve_current),
            ("exportRun", _("&Eksporter til lønn …"), _("Eksporter til lønn"), self.ask_export),
            ("specification", _("&Spesifikasjon (PDF) …"), _("Utbetalingsspesifikasjon for valgt person"),
             self.ask_specification),
            ("explain", _("&Vis beregning"), _("Vis beregningen for valgt person"), self.show_explanation),
            ("registerRecovery", _("&Feilutbetaling …"), _("Registrer feilutbetaling for valgt person"),
             lambda: self.ask_recovery()),
        ):
            button = QPushButton(text)
            button.setObjectName(key)
            button.setAccessibleName(accessible)
            button.clicked.connect(handler)
            self.toolbar.addWidget(button)
            self.buttons[key] = button
        self.toolbar.addStretch(1)
        # Just under «Godkjenn»: the unconfirmed values the chosen run's money was computed with.
        self.unconfirmed = UnconfirmedNotice(ctx)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("payoutsSplitter")
        self.splitter.addWidget(runs_box)
        self.splitter.addWidget(lines_box)
        self.splitter.setSizes([220, 600])

        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.unconfirmed)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        layout.addStretch(0)

    # --- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        previous = self._run.id if self._run else None
        runs = call_service(self, lambda: payouts.list_runs(self.ctx))
        self.runs_model.set_runs(runs or [])
        self._run = None
        self._lines = []
        self._show_lines()
        self._show_unconfirmed()
        if not runs:
            self.message.setText(_("Ingen utbetalingskjøringer er laget ennå."))
            self.message.setVisible(True)
            self.splitter.setVisible(False)
            self._update_buttons()  # nothing to approve or export (the buttons were enabled on an empty office)
            return
        self.message.setVisible(False)
        self.splitter.setVisible(True)
        target = 0
        for row in range(self.runs_proxy.rowCount()):
            if self.runs_proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == previous:
                target = row
                break
        self.runs.selectRow(target)

    def _run_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        run = self.runs_model.run(self.runs_proxy.mapToSource(indexes[0]).row())
        self.select_run(run)

    def select_run(self, run: RunView) -> None:
        lines = call_service(self, lambda: payouts.run_lines(self.ctx, run.id))
        self._run = run
        self._lines = lines or []
        self._show_lines()
        self._show_unconfirmed()
        self._update_buttons()

    def _show_unconfirmed(self) -> None:
        """The chosen run's unconfirmed values, for those who make or approve runs (others see no notice)."""
        self.unconfirmed.ctx = self.ctx
        may_see = allowed(self.ctx, Permission.APPROVE_PAYOUT_RUN) or allowed(self.ctx, Permission.CREATE_PAYOUT_RUN)
        self.unconfirmed.show_run(self._run.id if self._run is not None and may_see else None)

    def _update_buttons(self) -> None:
        run = self._run
        why_not = self._why_not_approve(run)
        approve = self.buttons["approveRun"]
        approve.setEnabled(not why_not)
        approve.setToolTip(why_not or _("Godkjenn kjøringen. Etterpå kan den ikke endres."))
        approve.setStatusTip(why_not)  # shown in the status bar when the pointer is on the greyed-out button
        self.buttons["exportRun"].setEnabled(
            run is not None and run.state != "draft" and allowed(self.ctx, Permission.EXPORT_PERSONAL_DATA))
        self.buttons["newRun"].setEnabled(allowed(self.ctx, Permission.CREATE_PAYOUT_RUN))
        self.buttons["registerRecovery"].setEnabled(allowed(self.ctx, Permission.CREATE_PAYOUT_RUN))
        self.buttons["weekSheet"].setEnabled(allowed(self.ctx, Permission.REGISTER_ATTENDANCE))
        self.buttons["importAttendance"].setEnabled(allowed(self.ctx, Permission.REGISTER_ATTENDANCE))
        for key in ("specification", "explain"):
            self.buttons[key].setEnabled(run is not None and bool(self._lines))
        if run is not None:
            state = run_state_label(run.state)
            who = _("laget av {navn}", navn=run.created_by or "–")
            if run.approved_by:
                who += ", " + _("godkjent av {navn}", navn=run.approved_by)
            self.lines_title.setToolTip(f"{state}: {who}")

    def _why_not_approve(self, run: RunView | None) -> str:
        """Why «Godkjenn» is greyed out (empty when it is not): said in its tooltip and the status bar."""
        if not allowed(self.ctx, Permission.APPROVE_PAYOUT_RUN):
            return _("Bare en attestant eller leder kan godkjenne en utbetalingskjøring.")
        if run is None:
            return _("Velg en kjøring som er et utkast.")
        if run.state != "draft":
            return _("Kjøringen er allerede godkjent.")
        if run.created_by_id is not None and run.created_by_id == self.ctx.user.id:
            return _("Du laget kjøringen. En annen attestant eller leder må godkjenne den.")
        return ""

    # --- actions ---------------------------------------------------------------------------
    def open_week_sheet(self, monday: dt.date | None = None) -> WeekSheetDialog:
        """The week sheet, by default for last week (attendance is registered in arrears)."""
        today = dt.date.today()
        dialog = WeekSheetDialog(self.ctx, monday or today - dt.timedelta(days=today.weekday() + 7), self)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.open()
        return dialog

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self.ctx, self)
        dialog.open()
        return dialog

    def ask_new_run(self) -> None:
        today = dt.date.today()
        choice = payout_runs.last_ended_period(self.ctx, today)  # the office's months or 14-day periods
        prompt = (_("Måned (åååå-mm), betales etterskuddsvis:") if choice.schedule == "monthly" else
                  _("14-dagersperiode, første dag (åååå-mm-dd), betales etterskuddsvis. Siste avsluttede periode "
                    "er {periode}:", periode=choice.period.label()))
        label, ok = QInputDialog.getText(self, _("Ny utbetalingskjøring"), prompt, text=choice.label)
        if not ok or not label.strip():
            return
        try:  # a period that has not ended is refused before anything is computed (stl. § 39)
            payout_runs.check_label_ended(self.ctx, label.strip(), today)
        except ServiceError as error:
            self._run_refused(error.message)
            return
        self.start_run(label.strip())

    def start_run(self, label: str) -> Job:
        """Compute and save the draft in a background thread; the progress dialog can cancel it.

        Cancelling makes the progress callback answer «stop»; the service raises before committing
        (it writes the whole draft in one transaction), and nothing is saved."""
        ctx = self.ctx
        worker = run_cancellable(
            self, lambda job: payout_runs.create_draft_run(ctx, label, job.report), self._run_made,
            on_error=self._run_failed, show_errors=False, changes=Changes.of(Kind.PAYOUTS),
            on_cancel=lambda: self._run_stopped(_("Kjøringen ble avbrutt. Ingenting er lagret.")))
        progress = QProgressDialog(_("Beregner utbetalingene for {p} …", p=label), _("Avbryt"), 0, 100, self)
        progress.setObjectName("runProgress")
        progress.setWindowTitle(_("Ny utbetalingskjøring"))
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(worker.cancel)
        worker.progressed.connect(lambda done, total: progress.setValue(int(100 * done / max(total, 1))))
        worker.finished.connect(progress.close)
        self.worker, self.progress = worker, progress
        self.buttons["newRun"].setEnabled(False)
        return worker

    def _run_failed(self, error: BaseException) -> None:
        """A refusal the service explains gets the run's own box; anything else goes to the router."""
        known = known_error(error)
        if known is not None and not isinstance(known, DatabaseUnavailable):
            self._run_refused(known.message)
            return
        self.reload()
        self._run_stopped(known.message if known is not None else _("Handlingen kunne ikke fullføres."))
        show_error(self, error)

    def _run_made(self, run_id: int) -> None:
        self._run = next((r for r in (payouts.list_runs(self.ctx)) if r.id == run_id), None)
        self.reload()
        self.message.setText(_("Utkastet er lagret. En annen attestant må godkjenne det."))
        self.message.setVisible(True)

    def _run_refused(self, message: str) -> None:
        """The service refused the run (another run for the month was saved at the same moment, the
        month has not ended, it is already approved …): say so in a dialog, and show the runs as
        they are now."""
        self.reload()
        self._run_stopped(message)
        box = QMessageBox(self)
        box.setObjectName("runRefusedBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Ny utbetalingskjøring"))
        box.setText(message)
        box.exec()

    def _run_stopped(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(True)
        self._update_buttons()

    def approve_current(self) -> None:
        run = self._run
        if run is None:
            return
        def approve() -> bool:
            payout_runs.approve_run(self.ctx, run.id)
            return True

        if call_service(self, approve):
            self.reload()
            self.message.setText(_("Kjøringen {k} er godkjent og kan ikke endres.", k=run.label))
            self.message.setVisible(True)

    def ask_export(self) -> None:
        run = self._run
        if run is None:
            return
        name, _chosen = QFileDialog.getSaveFileName(
            self, _("Eksporter til lønn"), f"lonn-{run.label}.xlsx", _("Excel (*.xlsx);;CSV (*.csv)"))
        if name:
            self.export_current(Path(name))

    def export_current(self, path: Path) -> Job | None:
        """Write the payroll file on the worker thread (a spreadsheet of a large run takes a moment);
        the message says how many payments went where, and ``last_export_count`` keeps the number."""
        run = self._run
        if run is None:
            return None
        ctx = self.ctx

        def exported(count: int) -> None:
            self.last_export_count = count
            self.reload()
            self.message.setText(_("Eksportert {antall} utbetalinger til {fil}.", antall=count, fil=path.name))
            self.message.setVisible(True)

        return run_job(self, lambda: payout_runs.export_payroll(ctx, run.id, path), exported)

    def _chosen_person(self) -> int | None:
        """The person whose line is selected in the list, else the person chosen in the person
        bar if they have lines in the run; never someone else."""
        index = self.lines.currentIndex()
        if index.isValid():
            value = index.siblingAtColumn(0).data(PERSON_ID_ROLE)
            if value is not None:
                return int(value)
        chosen = self.person_id
        if chosen is not None and any(line.person_id == chosen for line in self._lines):
            return chosen
        return None

    def _no_person_message(self) -> None:
        chosen = self.person_id
        if chosen is not None:
            text = _("Den valgte personen har ingen linjer i kjøringen {k}. Velg en linje i listen for å se "
                     "en annen person.", k=self._run.label if self._run else "")
        else:
            text = _("Velg en person i personlinjen eller en linje i listen først.")
        self.message.setText(text)
        self.message.setVisible(True)

    def ask_recovery(self, today: dt.date | None = None) -> int | None:
        """Register an overpayment (and a § 40 trekk) for the chosen person; the dialog stays open
        with the reason while the service refuses."""
        person = self._chosen_person() or self.person_id
        if person is None:
            self._no_person_message()
            return None
        day = today or dt.date.today()
        dialog = RecoveryDialog(day, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            recovery_id = dialog.register(self.ctx, person, day)
            if recovery_id is not None:
                self.message.setText(_("Feilutbetalingen er registrert."))
                self.message.setVisible(True)
                return recovery_id
        return None

    def ask_specification(self) -> None:
        person = self._chosen_person()
        if self._run is None:
            return
        if person is None:
            self._no_person_message()
            return
        draft = self._run.state == "draft"
        suggested = f"spesifikasjon-{self._run.label}{'-UTKAST' if draft else ''}.pdf"
        name, _chosen = QFileDialog.getSaveFileName(self, _("Lagre utbetalingsspesifikasjon"), suggested,
                                                    "PDF (*.pdf)")
        if name:
            self.write_specification(person, Path(name))

    def write_specification(self, person_id: int, path: Path) -> Job | None:
        """Write the PDF on the worker thread (ReportLab takes a moment); the message says where."""
        run = self._run
        if run is None:
            return None
        ctx = self.ctx

        def written(_path: Path) -> None:
            self.message.setText(_("Spesifikasjonen er lagret i {fil}.", fil=path.name))
            self.message.setVisible(True)

        return run_job(self, lambda: payouts.write_specification_pdf(ctx, run.id, person_id, path), written)

    def explanation(self, person_id: int) -> str:
        """Every line of the person in the chosen run: amount, basis and reference (HTML)."""
        rows = [line for line in self._lines if line.person_id == person_id]
        if not rows:
            return ""
        parts = [f"<h3>{rows[0].person_name} – {self._run.label if self._run else ''}</h3><table cellspacing=6>"]
        for line in rows:
            period = ""
            if self._run and line.period_from and line.period_from != self._run.period_from:
                period = f"<br><i>{_('gjelder')} {format_date_short(line.period_from)}–" \
                         f"{format_date_short(line.period_to or line.period_from)}</i>"
            reason = f"<br><i>{line.correction_reason}</i>" if line.correction_reason else ""
            parts.append(f"<tr><td><b>{line.text}</b>{period}</td><td>{line.basis}{reason}</td>"
                         f"<td>{line.reference}</td><td align=right>{format_money(line.amount)}</td></tr>")
        total = sum((line.amount for line in rows), Decimal("0.00"))
        parts.append(f"<tr><td colspan=3><b>{_('Til utbetaling')}</b></td>"
                     f"<td align=right><b>{format_money(total)}</b></td></tr></table>")
        return "".join(parts)

    def show_explanation(self) -> None:
        person = self._chosen_person()
        if person is None:
            self._no_person_message()
            return
        box = QMessageBox(self)
        box.setObjectName("explanationBox")
        box.setWindowTitle(_("Beregning"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.explanation(person))
        box.open()

    def _show_lines(self) -> None:
        self.only_person.setEnabled(self.person_id is not None)
        lines = self._lines
        if self.only_person.isChecked() and self.person_id is not None:
            lines = [line for line in lines if line.person_id == self.person_id]
        groups = group_by_person(lines)
        model = ledger_model(groups)
        self.lines_proxy.setSourceModel(model)  # before the old model is let go
        self.lines_model = model
        self.lines.expandAll()
        header = self.lines.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, 360)
        header.resizeSection(2, 200)
        self.detail.clear()
        if self._run is None:
            self.lines_title.setText(_("&Linjer i kjøringen"))
            self.total.clear()
            return
        self.lines_title.setText(_("&Linjer i kjøringen {kjoring}", kjoring=self._run.label))
        total = sum((g.subtotal for g in groups), Decimal("0.00"))
        if self.only_person.isChecked() and self.person_id is not None:
            text = _("Sum for valgt person: {belop}", belop=format_money(total))
        else:
            text = run_total_text(total, len(groups), len(lines))
        self.total.setText(f"<b>{text}</b>")

    def _line_chosen(self, index: QModelIndex) -> None:
        first = index.siblingAtColumn(0)
        line_id = first.data(LINE_ID_ROLE)
        line = next((item for item in self._lines if item.id == line_id), None)
        if line is None:
            self.detail.clear()
            return
        self.detail.setText(
            _(
                "{navn}: {komponent} – {belop}. Grunnlag: {grunnlag} ({hjemmel})",
                navn=line.person_name,
                komponent=line.text,
                belop=format_money(line.amount),
                grunnlag=line.basis or "–",
                hjemmel=line.reference or "–",
            )
        )

    def person_changed_quietly(self) -> None:
        if not self.is_stale():
            self._show_lines()

    def has_data(self) -> bool:
        return not self.is_stale() and self.lines_model.rowCount() > 0

    @property
    def current_run(self) -> RunView | None:
        return self._run


def run_total_text(total: Decimal, persons: int, lines: int) -> str:
    """«Sum for kjøringen: 1 234,00 kr (én person, 3 linjer)» — Norwegian singular and plural."""
    who = _("én person") if persons == 1 else _("{n} personer", n=persons)
    count = _("én linje") if lines == 1 else _("{n} linjer", n=lines)
    return _("Sum for kjøringen: {belop} ({personer}, {linjer})", belop=format_money(total), personer=who,
             linjer=count)
