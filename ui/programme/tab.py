# Kept whole (~710 lines): one class, the Programbygger tab; the grid, the timeline, the dialogs and the week
# plan model are already modules beside it. The seam for a split is the phase toolbar and its actions.
"""Programbygger: the chosen person's newest programme — timeline, weekly plan editor, rule findings,
periods, evaluations and goals. Everything goes through ``services.programmes.programmes`` and friends.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short, format_number
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.programmes import activities, evaluations, plan_templates, programmes
from kvp_desktop.services.programmes.programmes import BlockView, FindingView, ProgrammeView
from ui.errors import call_service
from ui.programme.dialogs import (
    BlockDialog,
    CreateProgrammeDialog,
    EvaluationDialog,
    PeriodDialog,
    PhaseDialog,
    TemplateDialog,
    to_date,
)
from ui.programme.grid import WEEKDAYS, WeekGrid, block_description, category_label, format_clock
from ui.programme.timeline import PhaseStrip
from ui.programme.weekplan import FULL_TIME_HOURS, LEVEL_COLOURS, WeekPlanModel, category_colour
from ui.widgets.tab_page import TabPage

__all__ = ["WEEKDAYS", "PhaseStrip", "ProgrammeTab", "WeekGrid", "format_clock", "format_hours",
           "hours_header_html"]

FINDING_ROLE = 256
SEVERITY_MARK = {"error": "⛔", "warning": "⚠", "info": "ℹ"}


def format_hours(hours: Decimal) -> str:
    """``Decimal("37.5")`` → ``"37,5 t"``, ``Decimal("15.0")`` → ``"15 t"`` (Norwegian decimal comma)."""
    return _("{timer} t", timer=format_number(hours.quantize(Decimal("0.01"))))


def hours_header_html(model: WeekPlanModel) -> str:
    """The legend: a colour square, the category and its hours; then the week total vs 37,5 t."""
    parts = []
    for code, hours in model.hours_by_category().items():
        parts.append(
            f'<span style="background-color:{category_colour(code)}; color:{category_colour(code)};">'
            f"&nbsp;&nbsp;&nbsp;</span>&nbsp;{html.escape(category_label(code))} "
            f"<b>{html.escape(format_hours(hours))}</b>"
        )
    total = model.total_hours()
    colour = "#1e5e20" if total >= FULL_TIME_HOURS else "#8a1c25"
    summary = _("Sum uke: {timer} av {fulltid}", timer=format_hours(total), fulltid=format_hours(FULL_TIME_HOURS))
    if total < FULL_TIME_HOURS:
        summary += " – " + _("mangler {timer}", timer=format_hours(FULL_TIME_HOURS - total))
    legend = " &nbsp;&nbsp; ".join(parts) if parts else html.escape(_("Ingen aktiviteter i ukeplanen."))
    return f'{legend}<br><b style="color:{colour}">{html.escape(summary)}</b>'


def _done(func: Callable[..., object], *args: object, **kwargs: object) -> bool:
    """Call a service that returns nothing; True when it did not raise."""
    func(*args, **kwargs)
    return True


def _button(text: str, name: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class ProgrammeTab(TabPage):
    """The newest programme of the chosen person, editable."""

    _earlier = 0  # how many earlier programmes the person has (shown in the title)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("programmeTab")
        self._today = today
        self._programme: ProgrammeView | None = None
        self._catalogue: list[activities.ActivityView] = []
        self.findings_shown: tuple[FindingView, ...] = ()
        #: Asks the caseworker to confirm (tests replace it); True means go ahead.
        self.confirm: Callable[[str], bool] = self._ask
        self.plan = WeekPlanModel()

        self.message = QLabel()
        self.message.setObjectName("programmeMessage")
        self.message.setWordWrap(True)
        self.title = QLabel()
        self.title.setObjectName("programmeTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)

        self.phases = PhaseStrip(today)
        self.phases.phase_selected.connect(self._phase_selected)

        # The live header: categories, the total against 37,5 and paid work against 50 %.
        self.hours = QLabel()
        self.hours.setObjectName("programmeHours")
        self.hours.setTextFormat(Qt.TextFormat.RichText)
        self.hours.setWordWrap(True)
        self.hours.setAccessibleName(_("Timer per kategori"))
        self.total_gauge = QLabel()
        self.total_gauge.setObjectName("totalGauge")
        self.paid_gauge = QLabel()
        self.paid_gauge.setObjectName("paidGauge")
        for gauge, name in ((self.total_gauge, _("Sum timer mot full tid")),
                            (self.paid_gauge, _("Lønnet arbeid mot grensen"))):
            gauge.setAccessibleName(name)
            gauge.setMargin(4)

        # Tools: the brush for new blocks, the time step, save and undo, phases, templates, print.
        self.brush = QComboBox()
        self.brush.setObjectName("activityBrush")
        self.brush.setMinimumContentsLength(22)
        self.brush.setAccessibleName(_("Aktivitet for nye blokker"))
        self.brush.setToolTip(_("Aktiviteten en ny blokk får når du tegner i ukeplanen (dra med musen eller Enter)."))
        self.step = QComboBox()
        self.step.setObjectName("slotMinutes")
        self.step.setAccessibleName(_("Tidssteg"))
        self.step.addItem(_("30 min"), 30)
        self.step.addItem(_("15 min"), 15)
        self.step.currentIndexChanged.connect(self._step_changed)
        self.save_button = _button(_("&Lagre ukeplan"), "savePlan", self.save, _("Lagre ukeplanen (Ctrl+S)"))
        self.revert_button = _button(_("&Angre endringer"), "revertPlan", self.revert)
        self.new_phase_button = _button(_("Ny &fase…"), "newPhase", self.new_phase)
        self.edit_phase_button = _button(_("&Endre fase…"), "editPhase", self.edit_phase)
        self.delete_phase_button = _button(_("Slett fase"), "deletePhase", self.delete_phase)
        self.template_button = _button(_("Nytt program fra &mal…"), "newFromTemplate", self.new_from_template)
        self.save_template_button = _button(_("Lagre som mal…"), "saveTemplate", self.save_as_template)
        self.print_button = _button(_("Skriv &ut plan…"), "printPlan", self.print_plan,
                                    _("Deltakerens plan som PDF: ukeplan, tidslinje, mål og kontakter"))
        tools = QHBoxLayout()
        for widget in (QLabel(_("Ny blokk:")), self.brush, self.step, self.save_button, self.revert_button,
                       self.new_phase_button, self.edit_phase_button, self.delete_phase_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.template_button, self.save_template_button, self.print_button):
            tools.addWidget(widget)

        self.grid = WeekGrid(self.plan)
        self.grid.brush = self._brush
        self.grid.block_selected.connect(self._block_selected)
        self.grid.edit_requested.connect(self.edit_block)
        self.grid.refused.connect(self._refused)
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setObjectName("weekGridScroll")
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.grid)
        self.grid_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.block_info = QLabel()
        self.block_info.setObjectName("blockInfo")
        self.block_info.setWordWrap(True)
        self.status_message = QLabel()
        self.status_message.setObjectName("programmeStatus")
        self.status_message.setWordWrap(True)
        self.status_message.setAccessibleName(_("Melding"))

        # Side panel: findings, periods, evaluations, goals.
        self.findings = QListWidget()
        self.findings.setObjectName("findingsList")
        self.findings.setAccessibleName(_("Funn fra programreglene"))
        self.findings.setWordWrap(True)
        self.findings.itemActivated.connect(self._finding_activated)
        self.findings.itemClicked.connect(self._finding_activated)
        self.periods = QTreeWidget()
        self.periods.setObjectName("periodsList")
        self.periods.setAccessibleName(_("Perioder"))
        self.periods.setHeaderLabels([_("Periode"), _("Fra"), _("Til"), _("Begrunnelse")])
        self.periods.setRootIsDecorated(False)
        self.holiday_summary = QLabel()
        self.holiday_summary.setObjectName("holidaySummary")
        self.holiday_summary.setWordWrap(True)
        self.individual_plan = QComboBox()
        self.individual_plan.setObjectName("individualPlan")
        self.individual_plan.setAccessibleName(_("Individuell plan (§ 33)"))
        for code, label in programmes.INDIVIDUAL_PLAN_STATUSES.items():
            self.individual_plan.addItem(_(label), code)
        periods_page = QWidget()
        periods_layout = QVBoxLayout(periods_page)
        periods_layout.addWidget(self.periods, 1)
        row = QHBoxLayout()
        row.addWidget(_button(_("Ny periode…"), "addPeriod", self.add_period))
        row.addWidget(_button(_("Slett periode"), "deletePeriod", self.delete_period))
        periods_layout.addLayout(row)
        periods_layout.addWidget(self.holiday_summary)
        ip_row = QHBoxLayout()
        ip_row.addWidget(QLabel(_("Individuell plan (stl. § 33):")))
        ip_row.addWidget(self.individual_plan, 1)
        periods_layout.addLayout(ip_row)

        self.evaluations = QTreeWidget()
        self.evaluations.setObjectName("evaluationsList")
        self.evaluations.setAccessibleName(_("Evalueringer"))
        self.evaluations.setHeaderLabels([_("Planlagt"), _("Holdt"), _("Progresjon"), _("Neste")])
        self.evaluations.setRootIsDecorated(False)
        self.evaluations.itemActivated.connect(lambda _item, _col: self.record_evaluation())
        evaluations_page = QWidget()
        ev_layout = QVBoxLayout(evaluations_page)
        ev_layout.addWidget(self.evaluations, 1)
        ev_row = QHBoxLayout()
        ev_row.addWidget(_button(_("Sett opp evaluering…"), "scheduleEvaluation", self.schedule_evaluation))
        ev_row.addWidget(_button(_("Registrer evaluering…"), "recordEvaluation", self.record_evaluation))
        ev_layout.addLayout(ev_row)

        self.goals = QPlainTextEdit()
        self.goals.setObjectName("programmeGoals")
        self.goals.setAccessibleName(_("Mål for programmet"))
        goals_page = QWidget()
        goals_layout = QVBoxLayout(goals_page)
        goals_layout.addWidget(self.goals, 1)
        goals_layout.addWidget(_button(_("Lagre mål og individuell plan"), "saveGoals", self.save_goals))

        self.side = QTabWidget()
        self.side.setObjectName("programmeSide")
        self.side.setAccessibleName(_("Funn, perioder, evalueringer og mål"))
        self.side.addTab(self.findings, _("Funn"))
        self.side.addTab(periods_page, _("Perioder"))
        self.side.addTab(evaluations_page, _("Evalueringer"))
        self.side.addTab(goals_page, _("Mål"))

        self.plan.changed.connect(self._plan_changed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        gauges = QHBoxLayout()
        gauges.addWidget(self.hours, 1)
        gauges.addWidget(self.total_gauge)
        gauges.addWidget(self.paid_gauge)
        left_layout.addLayout(gauges)
        left_layout.addWidget(self.grid_scroll, 1)
        left_layout.addWidget(self.block_info)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.title)
        content_layout.addWidget(self.phases)
        content_layout.addLayout(tools)
        content_layout.addWidget(self.status_message)
        content_layout.addWidget(self.splitter, 1)

        # The empty state after a grant: «Opprett program» one click away (the issued decision's dates).
        self.create_button = _button(_("&Opprett program…"), "createProgramme", self.create_programme,
                                     _("Opprett programmet med datoene fra vedtaket om innvilgelse, fra en mal "
                                       "eller tomt"))
        self.create_button.setVisible(False)
        #: Runs a dialog (tests fill it in instead); returns the dialog's result code.
        self.dialog_runner: Callable[[CreateProgrammeDialog], int] = lambda dialog: dialog.exec()
        self._offer: programmes.ProgrammeOffer | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.create_button)
        empty_row.addStretch(1)
        layout.addLayout(empty_row)
        layout.addWidget(self.content, 1)
        layout.addStretch(0)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.save)

    def _step_changed(self, _index: int) -> None:
        self.grid.set_slot_minutes(int(self.step.currentData()))

    # --- loading -------------------------------------------------------------------------------
    @property
    def programme(self) -> ProgrammeView | None:
        return self._programme

    def today(self) -> dt.date:
        return self._today()

    def reload(self, keep_phase: int | None = None) -> None:
        self._programme = None
        self.plan.set_phase(None)
        self.phases.set_phases((), -1)
        self.phases.set_programme(None)
        if self.person_id is None:
            self._say(_("Velg en person i feltet øverst for å se programmet."))
            return
        person_id = self.person_id
        tab_view = call_service(self, lambda: programmes.programme_view(self.ctx, person_id))  # one read
        if tab_view is None:
            return
        found = tab_view.programmes
        if not found or found[0].status not in ("planned", "active", "leave"):
            offer = tab_view.offer
            self._offer = offer
            if offer is not None:
                self._say(_("Vedtaket om innvilgelse er fattet{dato}: programmet fra {fra} til {til}. Opprett "
                            "programmet – fra en mal eller tomt.",
                            dato=(" " + format_date_short(offer.decision_date)) if offer.decision_date else "",
                            fra=format_date_short(offer.start_date), til=format_date_short(offer.end_date)))
                self.create_button.setVisible(True)
                return
        if not found:
            self._say(_("Personen har ikke noe kvalifiseringsprogram. Programmet kan opprettes her når vedtaket "
                        "om innvilgelse er fattet (Inngangsvilkår → Konkluder, deretter Dokumenter → Fatt)."))
            return
        self._say("")
        self._catalogue = tab_view.catalogue
        self.brush.clear()
        for item in self._catalogue:
            self.brush.addItem(item.name + (f" ({item.provider})" if item.provider else ""), item.id)
        self._earlier = len(found) - 1
        self._show(found[0], len(found) - 1, keep_phase)

    def _show(self, programme: ProgrammeView, earlier: int, keep_phase: int | None) -> None:
        self._programme = programme
        status = programmes.PROGRAMME_STATUSES.get(programme.status, programme.status)
        title = _("Program {fra}–{til} · {status}", fra=format_date_short(programme.start_date),
                  til=format_date_short(programme.last_day), status=_(status))
        if earlier:
            title += " · " + _("{antall} tidligere program", antall=earlier)
        self.title.setText(f"<b>{html.escape(title)}</b>")
        current = next((p for p in programme.phases if p.id == keep_phase), None) or programme.phase_on(self.today())
        index = programme.phases.index(current) if current is not None else -1
        self.phases.set_phases(programme.phases, index)
        self.phases.set_programme(programme, programmes.final_part_start(programme))
        self.plan.set_phase(current)
        self.grid.reset_cursor()
        self._fill_periods()
        self._fill_evaluations()
        self.goals.setPlainText(programme.goals)
        self.individual_plan.setCurrentIndex(max(self.individual_plan.findData(programme.individual_plan), 0))

    def _say(self, text: str) -> None:
        self.create_button.setVisible(False)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.content.setVisible(not text)

    def _fill_periods(self) -> None:
        self.periods.clear()
        programme = self._programme
        if programme is None:
            return
        for period in programme.periods:
            item = QTreeWidgetItem([_(programmes.PERIOD_KINDS.get(period.kind, period.kind)),
                                    format_date_short(period.from_date), format_date_short(period.to_date),
                                    period.reason])
            item.setData(0, FINDING_ROLE, period.id)
            self.periods.addTopLevelItem(item)
        limit = programmes.holiday_weeks_setting(self.ctx)
        years = programmes.holiday_by_year(programme)
        lines = [_("Ferie {aar}: {uker} av {grense} uker", aar=year, uker=format_number(weeks), grense=limit)
                 for year, weeks in years.items()]
        self.holiday_summary.setText("\n".join(lines) or _("Ingen ferie er planlagt ennå (kontoret: {grense} uker "
                                                           "per år).", grense=limit))

    def _fill_evaluations(self) -> None:
        self.evaluations.clear()
        if self._programme is None:
            return
        for evaluation in self._programme.evaluations:
            item = QTreeWidgetItem([
                format_date_short(evaluation.scheduled_date),
                format_date_short(evaluation.held_date) if evaluation.held_date else "–",
                evaluation.progress, format_date_short(evaluation.next_date) if evaluation.next_date else "",
            ])
            item.setData(0, FINDING_ROLE, evaluation.id)
            self.evaluations.addTopLevelItem(item)

    # --- the live header and findings ------------------------------------------------------------
    def _brush(self) -> tuple[str, str, str, str]:
        chosen = next((a for a in self._catalogue if a.id == self.brush.currentData()), None)
        if chosen is None:
            return _("Ny aktivitet"), "other", "", ""
        return chosen.name, chosen.category, chosen.provider, chosen.contact

    def edited_programme(self) -> ProgrammeView | None:
        """The programme with the phase as edited (not saved yet)."""
        programme, phase = self._programme, self.plan.edited_phase()
        if programme is None or phase is None:
            return programme
        return replace(programme, phases=tuple(phase if p.id == phase.id else p for p in programme.phases))

    def _plan_changed(self) -> None:
        self.hours.setText(hours_header_html(self.plan))
        phase = self.plan.phase
        status = self.plan.status(max(phase.from_date, self.today()) if phase else None)
        for gauge, view in ((self.total_gauge, status.total_gauge), (self.paid_gauge, status.paid_gauge)):
            background, ink = LEVEL_COLOURS[view.level]
            gauge.setText(view.text)
            gauge.setToolTip(view.reason)
            gauge.setAccessibleDescription(view.reason)
            gauge.setProperty("level", view.level)
            gauge.setStyleSheet(f"background:{background}; color:{ink}; border:1px solid {ink}; border-radius:4px;"
                                "font-weight:bold;")
        self.block_info.setText(
            _("Ukeplan for fasen «{navn}»: dra med musen for å tegne, flytte eller endre lengde; piltaster, Enter, "
              "Shift+pil, Alt+pil, Delete og Ctrl+C/Ctrl+V med tastaturet.", navn=phase.name) if phase else "")
        editable = phase is not None
        self.save_button.setEnabled(self.plan.dirty)
        self.revert_button.setEnabled(self.plan.dirty)
        for button in (self.edit_phase_button, self.delete_phase_button):
            button.setEnabled(editable)
        self._update_findings()

    def _update_findings(self) -> None:
        programme = self.edited_programme()
        self.findings.clear()
        if programme is None:
            self.findings_shown = ()
            return
        found = programmes.summarise(programmes.findings_for(
            programme, holiday_weeks_per_year=programmes.holiday_weeks_setting(self.ctx)))
        self.findings_shown = found
        if not found:
            item = QListWidgetItem(_("✔ Ingen funn: programmet følger reglene i stl. §§ 30–32 og forskriften."))
            self.findings.addItem(item)
        for finding in found:
            item = QListWidgetItem(f"{SEVERITY_MARK.get(finding.severity, '')} {finding.text} ({finding.reference})")
            item.setData(FINDING_ROLE, finding)
            item.setToolTip(_(programmes.SEVERITY_LABELS.get(finding.severity, "")) + ": " + finding.reference)
            self.findings.addItem(item)
        errors = sum(1 for f in found if f.severity == "error")
        self.side.setTabText(0, _("Funn ({antall})", antall=len(found)) if found else _("Funn"))
        self.findings.setAccessibleDescription(_("{antall} feil", antall=errors))

    def _finding_activated(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if not isinstance(finding, FindingView) or finding.phase_id is None or self._programme is None:
            return
        index = next((i for i, p in enumerate(self._programme.phases) if p.id == finding.phase_id), -1)
        if index >= 0 and index != self.phases.current:
            self.phases.select(index)
        if finding.week:
            self.status_message.setText(_("Funnet gjelder uken fra {dato}.", dato=format_date_short(finding.week)))

    def _refused(self, text: str) -> None:
        self.status_message.setText(f'<span style="color:#8a1c25">{html.escape(text)}</span>')

    def _block_selected(self, block: BlockView | None) -> None:
        if block is not None:
            self.block_info.setText(block_description(block) + (f" — {block.note}" if block.note else ""))

    # --- editing -------------------------------------------------------------------------------
    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Programbygger"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _phase_selected(self, index: int) -> None:
        programme = self._programme
        if programme is None or not 0 <= index < len(programme.phases):
            return
        if self.plan.dirty and not self.confirm(_("Ukeplanen har endringer som ikke er lagret. Vil du forkaste dem?")):
            return
        self.plan.set_phase(programme.phases[index])
        self.grid.reset_cursor()

    def edit_block(self, index: int) -> None:
        if not 0 <= index < len(self.plan.blocks):
            return
        dialog = BlockDialog(self.plan.blocks[index], self._catalogue, self)
        if dialog.exec() == BlockDialog.DialogCode.Accepted:
            problems = programmes.validate_blocks([dialog.block()])
            if problems:
                self._refused(" ".join(problems.values()))
                return
            result = self.plan.replace_block(index, dialog.block())
            if result:
                self._refused(result)

    def save(self) -> bool:
        """Save the phase's weekly plan; a running phase is split so passed weeks keep their plan."""
        programme, phase = self._programme, self.plan.phase
        if programme is None or phase is None or not self.plan.dirty:
            return False
        today = self.today()
        start, split = programmes.edit_plan_for(phase, programme.start_date, today)
        if split:
            week = start.isocalendar()[1]
            text = _(
                "Fasen «{navn}» har uker som er passert, og oppmøtet er registrert mot ukeplanen som gjaldt da. "
                "Den nye ukeplanen gjelder fra uke {uke} ({dato}); ukene før beholder den gamle. Fasen deles i to. "
                "Vil du lagre?", navn=phase.name, uke=week, dato=format_date_short(start))
            if not self.confirm(text):
                return False
        blocks = self.plan.blocks
        result = call_service(self, lambda: programmes.save_phase_pattern(
            self.ctx, phase.id, blocks, expected_version=phase.version, today=today))
        if result is None:
            return False
        if result.phases is not None and self._programme is not None and self._programme.id == programme.id:
            # The save returned the phases as stored, from its own transaction: no second read.
            self._show(replace(self._programme, phases=result.phases), self._earlier, result.phase_id)
        else:
            self.reload(keep_phase=result.phase_id)
        self.status_message.setText(html.escape(result.message))
        return True

    def revert(self) -> None:
        self.plan.set_phase(self.plan.phase)
        self.grid.reset_cursor()

    def new_phase(self) -> None:
        programme = self._programme
        if programme is None:
            return
        last = max((p.to_date for p in programme.phases), default=programme.start_date - dt.timedelta(days=1))
        start = max(last + dt.timedelta(days=1), programmes.calendar.week_monday(self.today()))
        start = min(start, programme.last_day)
        dialog = PhaseDialog(_("Ny fase"), start, programme.last_day, self, copy_from=self.plan.phase)
        if dialog.exec() != PhaseDialog.DialogCode.Accepted:
            return
        copy = dialog.copy.currentData()
        phase_id = call_service(self, lambda: programmes.add_phase(
            self.ctx, programme.id, dialog.name.text(), to_date(dialog.from_date), to_date(dialog.to_date),
            today=self.today(), copy_from=copy))
        if phase_id is not None:
            self.reload(keep_phase=phase_id)

    def edit_phase(self) -> None:
        phase = self.plan.phase
        if phase is None:
            return
        dialog = PhaseDialog(phase.name, phase.from_date, phase.to_date, self)
        if dialog.exec() != PhaseDialog.DialogCode.Accepted:
            return
        done = call_service(self, lambda: _done(programmes.update_phase,
            self.ctx, phase.id, dialog.name.text(), to_date(dialog.from_date), to_date(dialog.to_date),
            expected_version=phase.version, today=self.today()) )
        if done:
            self.reload(keep_phase=phase.id)

    def delete_phase(self) -> None:
        phase = self.plan.phase
        if phase is None or not self.confirm(_("Vil du slette fasen «{navn}»?", navn=phase.name)):
            return
        if call_service(self, lambda: _done(programmes.delete_phase, self.ctx, phase.id, expected_version=phase.version,
                                                              today=self.today())):
            self.reload()

    def add_period(self) -> None:
        programme = self._programme
        if programme is None:
            return
        start = max(self.today(), programme.start_date)
        dialog = PeriodDialog(start, start + dt.timedelta(days=6), self)
        if dialog.exec() != PeriodDialog.DialogCode.Accepted:
            return
        kind = str(dialog.kind.currentData())
        if call_service(self, lambda: programmes.add_period(
                self.ctx, programme.id, kind, to_date(dialog.from_date), to_date(dialog.to_date),
                dialog.reason.text(), expected_version=programme.version, today=self.today(),
                with_allowance=dialog.allowance_in_leave())) is not None:
            self.reload(keep_phase=self.plan.phase.id if self.plan.phase else None)

    def delete_period(self) -> None:
        item = self.periods.currentItem()
        programme = self._programme
        if item is None or programme is None:
            return
        period_id = int(item.data(0, FINDING_ROLE))
        if call_service(self, lambda: _done(programmes.delete_period, self.ctx, period_id,
                                            expected_version=programme.version, today=self.today())):
            self.reload(keep_phase=self.plan.phase.id if self.plan.phase else None)

    def schedule_evaluation(self) -> None:
        programme = self._programme
        if programme is None:
            return
        dialog = PeriodDialog(self.today(), self.today(), self)  # reuse only its date field
        dialog.setWindowTitle(_("Sett opp evaluering"))
        dialog.kind.hide()
        dialog.to_date.hide()
        dialog.reason.hide()
        if dialog.exec() != PeriodDialog.DialogCode.Accepted:
            return
        if call_service(self, lambda: evaluations.schedule_evaluation(self.ctx, programme.id,
                                                                      to_date(dialog.from_date))):
            self.reload(keep_phase=self.plan.phase.id if self.plan.phase else None)

    def record_evaluation(self) -> None:
        item = self.evaluations.currentItem()
        programme = self._programme
        if item is None or programme is None:
            return
        evaluation = next(e for e in programme.evaluations if e.id == item.data(0, FINDING_ROLE))
        dialog = EvaluationDialog(evaluation, self.today(), self)
        if dialog.exec() != EvaluationDialog.DialogCode.Accepted:
            return
        if call_service(self, lambda: evaluations.record_evaluation(
                self.ctx, evaluation.id, held_date=to_date(dialog.held), progress=dialog.progress.toPlainText(),
                changes=dialog.changes.toPlainText(), next_date=to_date(dialog.next), today=self.today())):
            self.reload(keep_phase=self.plan.phase.id if self.plan.phase else None)

    def save_goals(self) -> None:
        programme = self._programme
        if programme is None:
            return
        if call_service(self, lambda: _done(programmes.update_programme,
                self.ctx, programme.id, goals=self.goals.toPlainText(),
                individual_plan=str(self.individual_plan.currentData()), expected_version=programme.version)):
            self.reload(keep_phase=self.plan.phase.id if self.plan.phase else None)
            self.status_message.setText(_("Mål og individuell plan er lagret."))

    def new_from_template(self) -> None:
        if self.person_id is None:
            return
        person_id = self.person_id
        templates = call_service(self, lambda: plan_templates.list_templates(self.ctx))
        if not templates:
            return
        start = programmes.calendar.week_monday(self.today()) + dt.timedelta(days=14)
        dialog = TemplateDialog(templates, start, start + dt.timedelta(days=363), self)
        if dialog.exec() != TemplateDialog.DialogCode.Accepted or dialog.chosen_key() is None:
            return
        template = next(t for t in templates if t.key == dialog.chosen_key())
        begin, end = to_date(dialog.start), to_date(dialog.end)
        phases, dates = plan_templates.layout(template, begin, end)
        if call_service(self, lambda: programmes.create_programme(
                self.ctx, person_id, begin, end, today=self.today(), phases=phases, evaluation_dates=dates)):
            self.reload()

    def create_programme(self) -> int | None:
        """«Opprett program»: choose a template (or none) and confirm the grant's dates."""
        if self.person_id is None:
            return None
        person_id = self.person_id
        offer = call_service(self, lambda: programmes.programme_offer(self.ctx, person_id))
        if offer is None:
            self._refused(_("Personen har ikke et fattet vedtak om innvilgelse uten program."))
            return None
        templates = call_service(self, lambda: plan_templates.list_templates(self.ctx)) or []
        decided = _("Vedtaket om innvilgelse{dato} gjelder fra {fra} til {til}. Datoene kan endres her.",
                    dato=(" " + _("fattet {dato}", dato=format_date_short(offer.decision_date)))
                    if offer.decision_date else "",
                    fra=format_date_short(offer.start_date), til=format_date_short(offer.end_date))
        dialog = CreateProgrammeDialog(templates, offer.start_date, offer.end_date, decided, self)
        while self.dialog_runner(dialog) == CreateProgrammeDialog.DialogCode.Accepted:
            key, start, end = dialog.template_key(), to_date(dialog.start), to_date(dialog.end)
            try:
                programme_id = plan_templates.create_from_grant(self.ctx, person_id, today=self.today(),
                                                            template_key=key, start_date=start, end_date=end)
            except ServiceError as error:
                dialog.errors.setText(error.message)
                continue
            self.reload()
            self.status_message.setText(_("Programmet er opprettet."))
            return programme_id
        return None

    def save_as_template(self) -> None:
        programme = self._programme
        if programme is None:
            return
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, _("Lagre som mal"), _("Navn på malen:"))
        if ok and name.strip() and call_service(
                self, lambda: plan_templates.save_as_template(self.ctx, programme.id, name)):
            self.status_message.setText(_("Malen «{navn}» er lagret.", navn=name.strip()))

    def print_plan(self, path: Path | None = None) -> Path | None:
        programme = self._programme
        if programme is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Lagre planen som PDF"), "plan.pdf", "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        data = call_service(self, lambda: programmes.plan_pdf(self.ctx, programme.id, today=self.today()))
        if data is None:
            return None
        path.write_bytes(data)
        self.status_message.setText(_("Planen er lagret i {fil}.", fil=str(path)))
        return path

    def has_data(self) -> bool:
        return not self.is_stale() and bool(self.plan.blocks)
