"""Ny person: the quick form with fødselsnummer validation, duplicate detection and the
stop-point facts. Saving registers the person and computes the flags at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _
from kvp_desktop.services import portfolio
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import ServiceError, ValidationError
from kvp_desktop.services.persons import PersonInput
from ui.errors import show_service_error

WORK_EXPERIENCE = (("some", N_("Noe arbeidserfaring")), ("little", N_("Lite arbeidserfaring")),
                   ("none", N_("Ingen arbeidserfaring")))


class PersonFormDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("personFormDialog")
        self.setWindowTitle(_("Ny person"))
        self.setAccessibleName(_("Ny person"))
        self._ctx = ctx
        self._today = today
        self.saved_id: int | None = None

        def line(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAccessibleName(accessible)
            edit.setPlaceholderText(placeholder)
            return edit

        def check(name: str, text: str) -> QCheckBox:
            box = QCheckBox(text)
            box.setObjectName(name)
            box.setAccessibleName(text)
            return box

        self.fnr = line("personFnr", _("Fødselsnummer"), _("11 siffer"))
        self.fnr.setMaxLength(13)
        self.fnr_status = QLabel()
        self.fnr_status.setObjectName("personFnrStatus")
        self.fnr_status.setWordWrap(True)
        self.fnr.textChanged.connect(self._check_fnr)
        self.first_name = line("personFirstName", _("Fornavn"))
        self.last_name = line("personLastName", _("Etternavn"))
        self.address = line("personAddress", _("Adresse"))
        self.postcode = line("personPostcode", _("Postnummer"))
        self.postcode.setMaxLength(4)
        self.postplace = line("personPostplace", _("Poststed"))
        self.caseworker = QComboBox()
        self.caseworker.setObjectName("personCaseworker")
        self.caseworker.setAccessibleName(_("Veileder"))
        self.caseworker.addItem(_("(ingen)"), None)
        try:
            for worker in portfolio.caseworkers(ctx):
                self.caseworker.addItem(worker.name, worker.id)
        except ServiceError:
            pass
        if ctx.user.id is not None:
            self.caseworker.setCurrentIndex(max(self.caseworker.findData(ctx.user.id), 0))

        self.first_application = line("personFirstApplication", _("Første søknad om sosialhjelp"), "dd.mm.åååå")
        self.months = QSpinBox()
        self.months.setObjectName("personMonths")
        self.months.setAccessibleName(_("Måneder med sosialhjelp som eneste inntekt"))
        self.months.setRange(0, 600)
        self.conditions_20a = check("personConditions20a", _("Planlagt vilkår om aktivitet etter § 20a"))
        self.aap_end = line("personAapEnd", _("AAP avsluttet"), "dd.mm.åååå")
        self.intro_end = line("personIntroEnd", _("Introduksjonsprogram avsluttet"), "dd.mm.åååå")
        self.apprenticeship = check("personNoApprenticeship", _("Ung som ikke har fått læreplass"))
        self.dropout = check("personDropout", _("Har avbrutt videregående opplæring"))
        self.work = QComboBox()
        self.work.setObjectName("personWorkExperience")
        self.work.setAccessibleName(_("Arbeidserfaring"))
        for code, label in WORK_EXPERIENCE:
            self.work.addItem(_(label), code)
        self.needs_help = check("personNeedsHelp", _("Trenger hjelp fra NAV for å komme i lønnet arbeid"))
        self.other_rights = line("personOtherRights", _("Andre rettigheter i NAV"),
                                 _("for eksempel dagpenger; tomt hvis ingen"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("personNotes")
        self.notes.setAccessibleName(_("Notater"))
        self.notes.setMaximumHeight(70)

        identity = QFormLayout()
        identity.addRow(_("&Fødselsnummer:"), self.fnr)
        identity.addRow("", self.fnr_status)
        identity.addRow(_("F&ornavn:"), self.first_name)
        identity.addRow(_("&Etternavn:"), self.last_name)
        identity.addRow(_("&Adresse:"), self.address)
        identity.addRow(_("Post&nummer:"), self.postcode)
        identity.addRow(_("Posts&ted:"), self.postplace)
        identity.addRow(_("&Veileder:"), self.caseworker)
        facts_box = QGroupBox(_("Opplysninger for stoppunktene"))
        facts = QFormLayout(facts_box)
        facts.addRow(_("Første søknad om sosialhjelp:"), self.first_application)
        facts.addRow(_("Måneder med sosialhjelp som eneste inntekt:"), self.months)
        facts.addRow("", self.conditions_20a)
        facts.addRow(_("AAP avsluttet:"), self.aap_end)
        facts.addRow(_("Introduksjonsprogram avsluttet:"), self.intro_end)
        facts.addRow("", self.apprenticeship)
        facts.addRow("", self.dropout)
        facts.addRow(_("Arbeidserfaring:"), self.work)
        facts.addRow("", self.needs_help)
        facts.addRow(_("Andre rettigheter i NAV:"), self.other_rights)
        facts.addRow(_("Notater:"), self.notes)

        self.errors = QLabel()
        self.errors.setObjectName("personFormErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("personFormButtons")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Lagre"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(identity)
        layout.addWidget(facts_box)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.resize(560, 720)

    def _check_fnr(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) < 11:
            self.fnr_status.setText("")
            return
        problem = portfolio.identity_problem(digits, self._today())
        if problem:
            self.fnr_status.setStyleSheet("color: #b00020;")
            self.fnr_status.setText(problem)
            return
        try:
            existing = portfolio.duplicate_of(self._ctx, digits)
        except ServiceError:
            existing = None
        if existing:
            self.fnr_status.setStyleSheet("color: #b00020;")
            self.fnr_status.setText(_("Finnes allerede i registeret: {person}", person=existing))
        else:
            self.fnr_status.setStyleSheet("color: #1b5e20;")
            self.fnr_status.setText(_("Gyldig fødselsnummer."))

    def person_input(self) -> PersonInput:
        return PersonInput(
            fodselsnummer=self.fnr.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            address=self.address.text(),
            postcode=self.postcode.text(),
            postplace=self.postplace.text(),
            caseworker_id=self.caseworker.currentData(),
            first_social_assistance_application=self.first_application.text() or None,
            social_assistance_only_income_months=self.months.value(),
            planned_20a_conditions=self.conditions_20a.isChecked(),
            aap_end_date=self.aap_end.text() or None,
            intro_programme_end_date=self.intro_end.text() or None,
            youth_without_apprenticeship=self.apprenticeship.isChecked(),
            upper_secondary_dropout=self.dropout.isChecked(),
            work_experience=self.work.currentData(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        try:
            self.saved_id = portfolio.register_person(
                self._ctx, self.person_input(), needs_help_to_work=self.needs_help.isChecked(),
                other_nav_rights=self.other_rights.text(), today=self._today(),
            )
        except ValidationError as error:
            self.errors.setText("\n".join(error.problems.values()))
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.accept()
