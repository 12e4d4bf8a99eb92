"""Ny person / Endre person: the person record — identity, contact (phone, e-mail, kontonummer with
its mod-11 check, preferred language, målform), children (for the child supplement) and the
stop-point facts. Saving a new person registers it and computes the flags at once; changing a
person saves through ``persons.update_person`` (optimistic locking)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.infrastructure.validation import check_bank_account
from kvp_desktop.services.portfolio import persons, portfolio
from kvp_desktop.services.portfolio.persons import ChildInput, PersonDTO, PersonInput
from ui.errors import show_service_error

WORK_EXPERIENCE = (("some", N_("Noe arbeidserfaring")), ("little", N_("Lite arbeidserfaring")),
                   ("none", N_("Ingen arbeidserfaring")))


CHILD_COLUMNS = (N_("Navn"), N_("Fødselsdato"), N_("Forsørges"), N_("Bor hos søkeren"))


class PersonFormDialog(QDialog):
    """``person`` given: «Endre person» for that person; otherwise «Ny person»."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today, person: PersonDTO | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personFormDialog")
        title = _("Endre person") if person is not None else _("Ny person")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._ctx = ctx
        self._today = today
        self._loaded = person
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

        self.phone = line("personPhone", _("Telefon"), _("for eksempel 912 34 567"))
        self.email = line("personEmail", _("E-post"), _("navn@eksempel.no"))
        self.bank_account = line("personBankAccount", _("Kontonummer"), _("11 siffer, for eksempel 1234.56.78903"))
        self.bank_account.setMaxLength(20)
        self.bank_status = QLabel()
        self.bank_status.setObjectName("personBankAccountStatus")
        self.bank_status.setWordWrap(True)
        self.bank_account.textChanged.connect(self._check_account)
        self.language = QComboBox()
        self.language.setObjectName("personLanguage")
        self.language.setAccessibleName(_("Foretrukket språk"))
        self.language.setEditable(True)
        self.language.addItem("")
        for name in persons.LANGUAGE_SUGGESTIONS:
            self.language.addItem(_(name))
        self.written_standard = QComboBox()
        self.written_standard.setObjectName("personWrittenStandard")
        self.written_standard.setAccessibleName(_("Målform i brev"))
        for code, label in persons.WRITTEN_STANDARDS.items():
            self.written_standard.addItem(_(label), code)

        self.children_table = QTableWidget(0, len(CHILD_COLUMNS))
        self.children_table.setObjectName("personChildren")
        self.children_table.setAccessibleName(_("Barn"))
        self.children_table.setHorizontalHeaderLabels([_(c) for c in CHILD_COLUMNS])
        self.children_table.verticalHeader().setVisible(False)
        self.children_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.children_table.setTabKeyNavigation(False)
        header = self.children_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        supported_header = self.children_table.horizontalHeaderItem(2)
        if supported_header is not None:
            supported_header.setToolTip(_("Søkeren forsørger barnet (vilkår for barnetillegg)"))
        self.children_table.setMinimumHeight(110)
        self.children_table.itemChanged.connect(lambda _item: self._children_changed())
        self.add_child_button = QPushButton(_("Legg til &barn"))
        self.add_child_button.setObjectName("addChild")
        self.add_child_button.clicked.connect(lambda _checked=False: self.add_child())
        self.remove_child_button = QPushButton(_("Fje&rn barn"))
        self.remove_child_button.setObjectName("removeChild")
        self.remove_child_button.clicked.connect(lambda _checked=False: self.remove_child())
        self.children_info = QLabel()
        self.children_info.setObjectName("personChildrenInfo")
        self.children_info.setWordWrap(True)

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
        contact_box = QGroupBox(_("Kontakt, konto og språk"))
        contact = QFormLayout(contact_box)
        contact.addRow(_("Tele&fon:"), self.phone)
        contact.addRow(_("E-&post:"), self.email)
        contact.addRow(_("&Kontonummer:"), self.bank_account)
        contact.addRow("", self.bank_status)
        contact.addRow(_("Foretrukket &språk:"), self.language)
        contact.addRow(_("&Målform i brev:"), self.written_standard)
        children_box = QGroupBox(_("Barn (barnetillegg)"))
        children_layout = QVBoxLayout(children_box)
        children_layout.addWidget(self.children_table)
        child_buttons = QHBoxLayout()
        child_buttons.addWidget(self.add_child_button)
        child_buttons.addWidget(self.remove_child_button)
        child_buttons.addStretch(1)
        children_layout.addLayout(child_buttons)
        children_layout.addWidget(self.children_info)
        facts_box = QGroupBox(_("Opplysninger for stoppunktene"))
        facts = QFormLayout(facts_box)
        self._facts_layout = facts
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
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(identity)
        left.addWidget(contact_box)
        right = QVBoxLayout()
        right.addWidget(children_box)
        right.addWidget(facts_box)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addWidget(self.errors)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.resize(1040, 760)
        self._children_changed()
        if person is not None:
            self._load(person)

    # --- the person's data ----------------------------------------------------------------
    def _load(self, person: PersonDTO) -> None:
        """Fill the form with a registered person (the fødselsnummer cannot change here)."""
        self.fnr.setText(person.fodselsnummer)
        self.fnr.setReadOnly(True)
        self.first_name.setText(person.first_name)
        self.last_name.setText(person.last_name)
        self.address.setText(person.address)
        self.postcode.setText(person.postcode)
        self.postplace.setText(person.postplace)
        if person.caseworker_id is not None:
            self.caseworker.setCurrentIndex(max(self.caseworker.findData(person.caseworker_id), 0))
        self.phone.setText(person.phone)
        self.email.setText(person.email)
        self.bank_account.setText(_pretty_account(person.bank_account))
        self.language.setCurrentText(person.preferred_language)
        self.written_standard.setCurrentIndex(max(self.written_standard.findData(person.written_standard), 0))
        for child in person.children:
            self.add_child(child.first_name, child.birth_date, child.supported, child.in_household)
        date = person.first_social_assistance_application
        self.first_application.setText(date.strftime("%d.%m.%Y") if date else "")
        self.months.setValue(person.social_assistance_only_income_months)
        self.conditions_20a.setChecked(person.planned_20a_conditions)
        self.aap_end.setText(person.aap_end_date.strftime("%d.%m.%Y") if person.aap_end_date else "")
        self.intro_end.setText(person.intro_programme_end_date.strftime("%d.%m.%Y")
                               if person.intro_programme_end_date else "")
        self.apprenticeship.setChecked(person.youth_without_apprenticeship)
        self.dropout.setChecked(person.upper_secondary_dropout)
        self.work.setCurrentIndex(max(self.work.findData(person.work_experience), 0))
        self.notes.setPlainText(person.notes)
        # Kept by the portfolio's own jobs (Portefølje), not by this form.
        self._facts_layout.setRowVisible(self.needs_help, False)
        self._facts_layout.setRowVisible(self.other_rights, False)

    def add_child(self, name: str = "", born: dt.date | None = None, supported: bool = True,
                  in_household: bool = True) -> int:
        """A new row in the children table (the birth date typed as dd.mm.åååå); returns its row."""
        row = self.children_table.rowCount()
        self.children_table.blockSignals(True)
        self.children_table.insertRow(row)
        self.children_table.setItem(row, 0, QTableWidgetItem(name))
        self.children_table.setItem(row, 1, QTableWidgetItem(born.strftime("%d.%m.%Y") if born else ""))
        for column, value in ((2, supported), (3, in_household)):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            self.children_table.setItem(row, column, item)
        self.children_table.blockSignals(False)
        self.children_table.setCurrentCell(row, 0 if not name else 1)
        self._children_changed()
        return row

    def remove_child(self) -> None:
        row = self.children_table.currentRow()
        if 0 <= row < self.children_table.rowCount():
            self.children_table.removeRow(row)
            self._children_changed()

    def child_inputs(self) -> tuple[ChildInput, ...]:
        result = []
        for row in range(self.children_table.rowCount()):
            def text(column: int, row: int = row) -> str:
                item = self.children_table.item(row, column)
                return item.text().strip() if item else ""

            def checked(column: int, row: int = row) -> bool:
                item = self.children_table.item(row, column)
                return bool(item and item.checkState() == Qt.CheckState.Checked)

            if not text(0) and not text(1):
                continue  # an empty row added by mistake
            result.append(ChildInput(text(1), text(0), checked(3), checked(2)))
        return tuple(result)

    def _children_changed(self) -> None:
        """Say how many children give the child supplement (under 18 and supported, forskrift § 3)."""
        from kvp_desktop.i18n import parse_date

        today = self._today()
        count = 0
        for child in self.child_inputs():
            try:
                born = child.birth_date if isinstance(child.birth_date, dt.date) else parse_date(child.birth_date)
            except ValueError:
                continue
            years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if child.supported and born <= today and years < 18:
                count += 1
        self.remove_child_button.setEnabled(self.children_table.rowCount() > 0)
        self.children_info.setText(
            _("Barnetillegg gis for barn under 18 år som søkeren forsørger (stl. § 35, forskrift § 3). "
              "Nå: {antall} barn per {dato}.", antall=count, dato=format_date_short(today)))

    def _check_account(self, text: str) -> None:
        if not text.strip():
            self.bank_status.setText("")
            return
        try:
            check_bank_account(text)
        except ValueError as error:
            self.bank_status.setStyleSheet("color: #b00020;")
            self.bank_status.setText(str(error))
            return
        self.bank_status.setStyleSheet("color: #1b5e20;")
        self.bank_status.setText(_("Gyldig kontonummer."))

    def _check_fnr(self, text: str) -> None:
        if self._loaded is not None:  # the registered person's own number (it cannot change here)
            self.fnr_status.setStyleSheet("color: #444444;")
            self.fnr_status.setText(_("Fødselsnummeret kan ikke endres her."))
            return
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
            phone=self.phone.text(),
            email=self.email.text(),
            bank_account=self.bank_account.text(),
            preferred_language=self.language.currentText().strip(),
            written_standard=str(self.written_standard.currentData() or ""),
            children=self.child_inputs(),
        )

    def save(self) -> None:
        try:
            if self._loaded is not None:
                loaded = self._loaded
                saved = persons.update_person(self._ctx, loaded.id, self.person_input(), loaded.version,
                                              loaded=loaded, today=self._today())
                self.saved_id = saved.id
            else:
                self.saved_id = portfolio.register_person(
                    self._ctx, self.person_input(), needs_help_to_work=self.needs_help.isChecked(),
                    other_nav_rights=self.other_rights.text(), today=self._today(),
                )
        except ValidationError as error:
            self.errors.setText("\n".join(error.problems.values()))
            self._focus_first(error.problems)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.accept()

    def _focus_first(self, problems: dict[str, str]) -> None:
        """Move the focus to the first field with a problem (the form stays open with what was typed)."""
        fields = {"fodselsnummer": self.fnr, "first_name": self.first_name, "last_name": self.last_name,
                  "address": self.address, "postcode": self.postcode, "postplace": self.postplace,
                  "phone": self.phone, "email": self.email, "bank_account": self.bank_account,
                  "preferred_language": self.language, "written_standard": self.written_standard}
        for name in problems:
            widget = fields.get(name) or (self.children_table if name.startswith("children") else None)
            if widget is not None:
                widget.setFocus()
                return


def _pretty_account(number: str) -> str:
    return f"{number[:4]}.{number[4:6]}.{number[6:]}" if len(number) == 11 else number
