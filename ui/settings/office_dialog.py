"""Innstillinger → Kontor: the office's name and address for letters, KOSTRA numbers and routines."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, allowed
from kvp_desktop.services.office import settings as office
from ui.widgets.conflict import Choice, ask_about_conflict
from ui.widgets.form_errors import ErrorSummary, FormErrors

TEXT_FIELDS = (
    ("office_name", N_("Kontorets navn")), ("department", N_("Avdeling")), ("address", N_("Adresse")),
    ("postcode", N_("Postnummer")), ("postplace", N_("Poststed")), ("phone", N_("Telefon")),
    ("email", N_("E-post")), ("org_number", N_("Organisasjonsnummer")), ("municipality_number", N_("Kommunenummer")),
    ("municipality_name", N_("Kommune")), ("district_number", N_("Bydelsnummer")),
    ("county", N_("Fylke (Statsforvalteren i …)")),
)
NUMBER_FIELDS = (
    ("payday", N_("Utbetalingsdag i måneden"), 1, 28),
    ("processing_warn_days", N_("Varsle saksbehandlingstid etter (dager)"), 1, 90),
    ("idle_lock_minutes", N_("Lås vinduet etter (minutter uten aktivitet)"), 1, 240),
    ("holiday_weeks_per_year", N_("Ferieuker per år i programmet"), 0, 10),
)


class OfficeSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("officeSettingsDialog")
        self.setWindowTitle(_("Kontorets innstillinger"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        self.summary = ErrorSummary()
        layout.addWidget(self.summary)
        self.errors = FormErrors(self.summary)
        form = QFormLayout()
        layout.addLayout(form)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"office_{name}")
            edit.setAccessibleName(_(label))
            self.errors.add_row(form, name, _(label) + ":", edit)
            self.edits[name] = edit
        self.written_standard = QComboBox()
        self.written_standard.setObjectName("office_written_standard")
        self.written_standard.setAccessibleName(_("Målform i brev"))
        self.written_standard.addItem(_("Bokmål"), "nb")
        self.written_standard.addItem(_("Nynorsk"), "nn")
        form.addRow(_("Målform i brev:"), self.written_standard)
        self.schedule = QComboBox()
        self.schedule.setObjectName("office_payout_schedule")
        self.schedule.setAccessibleName(_("Utbetaling"))
        self.schedule.addItem(_("Månedlig, etterskuddsvis"), "monthly")
        self.schedule.addItem(_("Hver fjortende dag, etterskuddsvis"), "biweekly")
        form.addRow(_("Utbetaling:"), self.schedule)
        # rules.payout_period: the first Monday of the 14-day periods and how a period's amount is computed
        self.period_start = QDateEdit()
        self.period_start.setObjectName("office_payout_period_start")
        self.period_start.setAccessibleName(_("Første 14-dagersperiode begynner (en mandag)"))
        self.period_start.setCalendarPopup(True)
        self.period_start.setDisplayFormat("dd.MM.yyyy")
        self.errors.add_row(form, "payout_period_start", _("Første 14-dagersperiode begynner (en mandag):"),
                            self.period_start)
        self.policy = QComboBox()
        self.policy.setObjectName("office_amount_policy")
        self.policy.setAccessibleName(_("Beregning av stønaden for en periode"))
        self.policy.addItem(_("Årlig stønad / 12 fordelt på månedens ukedager"), "monthly_share")
        self.policy.addItem(_("Dagsats: årlig stønad / 260, avrundet til hele kroner (ikke avklart for KVP)"),
                            "day_rate")
        self.errors.add_row(form, "amount_policy", _("Beregning for en periode:"), self.policy)
        self.schedule.currentIndexChanged.connect(self._schedule_changed)
        self.numbers: dict[str, QSpinBox] = {}
        for name, label, low, high in NUMBER_FIELDS:
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setObjectName(f"office_{name}")
            spin.setAccessibleName(_(label))
            self.errors.add_row(form, name, _(label) + ":", spin)
            self.numbers[name] = spin
        self.message = QLabel()
        self.message.setObjectName("officeMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4000f;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Lagre"))
        self.save_button.setObjectName("officeSave")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not allowed(ctx, Permission.CHANGE_SETTINGS):
            self.save_button.setEnabled(False)
            self.message.setText(_("Bare leder eller administrator kan endre innstillingene."))
        self.load()

    def load(self) -> None:
        view = office.get_office(self._ctx)
        if view is None:
            raise ServiceError(_("Kontoret er ikke satt opp i denne databasen."))
        self._view = view
        for name, edit in self.edits.items():
            edit.setText(str(getattr(view, name)))
        self.written_standard.setCurrentIndex(max(0, self.written_standard.findData(view.written_standard)))
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(view.payout_schedule)))
        start = view.payout_period_start or _next_monday(dt.date.today())
        self.period_start.setDate(QDate(start.year, start.month, start.day))
        self.policy.setCurrentIndex(max(0, self.policy.findData(view.amount_policy)))
        self._schedule_changed()
        for name, spin in self.numbers.items():
            spin.setValue(int(getattr(view, name)))

    def form_input(self) -> office.OfficeInput:
        values: dict[str, object] = {name: edit.text() for name, edit in self.edits.items()}
        values.update({name: spin.value() for name, spin in self.numbers.items()})
        values["written_standard"] = self.written_standard.currentData()
        values["payout_schedule"] = self.schedule.currentData()
        values["payout_period_start"] = (self.period_start.date().toPython()
                                         if self.schedule.currentData() == "biweekly" else None)
        values["amount_policy"] = self.policy.currentData()
        return office.input_from(self._view, **values)

    def _schedule_changed(self) -> None:
        self.period_start.setEnabled(self.schedule.currentData() == "biweekly")

    def save(self) -> None:
        data = self.form_input()
        try:
            office.update_office(self._ctx, data, self._view.version)
        except ValidationError as error:
            self.message.clear()
            self.errors.show(error.problems)  # the summary on top, each message by its field, focus on the first
            return
        except ConflictError as error:
            choice = ask_about_conflict(self, error)
            if choice is Choice.RELOAD:
                self.load()
            elif choice is Choice.REAPPLY:
                current = office.get_office(self._ctx)
                assert current is not None
                office.update_office(self._ctx, data, current.version)
                self.accept()
            return
        except ServiceError as error:
            self.message.setText(error.message)
            return
        self.accept()


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)
