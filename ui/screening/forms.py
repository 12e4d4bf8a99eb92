"""Forms of the Inngangsvilkår tab: the application, the mapping (kartlegging), and concluding."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short, format_money, parse_date
from kvp_desktop.services.screening import screening
from kvp_desktop.services.screening.applications import (
    CHANNELS,
    MAPPING_GROUPS,
    SOCIAL_ASSISTANCE,
    TRANSFER_NOTE_FIELDS,
    ApplicationDetail,
    ApplicationInput,
    Choice,
    MappingInput,
    MappingView,
    innsatsgruppe,
    municipalities,
)
from kvp_desktop.services.screening.screening import APPEAL_ROUTES, AllowancePreview, Evaluation

DATE_HINT = "dd.mm.åååå"


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def date_field(name: str, label: str, value: dt.date | None = None) -> QLineEdit:
    field = QLineEdit(format_date_short(value) if value else "")
    field.setPlaceholderText(DATE_HINT)
    field.setMaximumWidth(130)
    _named(field, name, label)
    return field


def date_text(field: QLineEdit) -> str | None:
    return field.text().strip() or None


class ApplicationDialog(QDialog):
    """A new application (or changing one that is not decided yet)."""

    def __init__(self, person_id: int, caseworkers: list[Choice], detail: ApplicationDetail | None = None,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationDialog")
        self.setWindowTitle(_("Endre søknad") if detail else _("Ny søknad om kvalifiseringsprogram"))
        self.person_id = person_id
        self.detail = detail
        d = detail
        self.registered = date_field("registeredDate", _("Registreringsdato"),
                                     d.registered_date if d else (today or dt.date.today()))
        self.channel = QComboBox()
        _named(self.channel, "channel", _("Hvordan søknaden kom inn"))
        for code, label in CHANNELS.items():
            self.channel.addItem(_(label), code)
        self.channel.setCurrentIndex(max(0, self.channel.findData(d.channel if d else "recommended")))
        self.meeting = date_field("transferMeetingDate", _("Overføringsmøte"), d.transfer_meeting_date if d else None)
        self.caseworker = QComboBox()
        _named(self.caseworker, "kvpCaseworker", _("KVP-veileder"))
        self.caseworker.addItem(_("(ikke valgt)"), None)
        for choice in caseworkers:
            self.caseworker.addItem(choice.label, choice.id)
        if d and d.kvp_caseworker_id:
            self.caseworker.setCurrentIndex(max(0, self.caseworker.findData(d.kvp_caseworker_id)))
        self.assessed = date_field("workAbilityDate", _("Dato for arbeidsevnevurdering"),
                                   d.work_ability_assessment_date if d else None)
        self.outcome = QComboBox()
        _named(self.outcome, "workAbilityOutcome", _("Innsatsgruppe"))
        self.outcome.addItem(_("(ikke vurdert)"), "")
        for group, group_name in screening.innsatsgruppe_choices():
            self.outcome.addItem(_(group_name), group)
        chosen = innsatsgruppe(d.work_ability_outcome) if d else None
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(chosen.value if chosen else "")))
        self.social = QComboBox()
        _named(self.social, "socialAssistance", _("Sosialhjelp de to siste månedene"))
        for code, label in SOCIAL_ASSISTANCE.items():
            self.social.addItem(_(label), code)
        self.social.setCurrentIndex(max(0, self.social.findData(d.benefit_social_assistance if d else "")))
        self.introduction = QCheckBox(_("Introduksjonsstønad"))
        self.tiltakspenger = QCheckBox(_("Individstønad (tiltakspenger)"))
        self.folketrygd = QCheckBox(_("Ytelse til livsopphold etter folketrygdloven"))
        for box, name, value in ((self.introduction, "benefitIntroduction", d.benefit_introduction if d else False),
                                 (self.tiltakspenger, "benefitTiltakspenger", d.benefit_tiltakspenger if d else False),
                                 (self.folketrygd, "benefitFolketrygd", d.benefit_folketrygd if d else False)):
            _named(box, name, box.text())
            box.setChecked(value)
        self.other_municipality = QCheckBox(_("Kommer fra KVP i en annen kommune"))
        _named(self.other_municipality, "fromOtherMunicipality", self.other_municipality.text())
        self.municipality = QComboBox()
        _named(self.municipality, "otherMunicipality", _("Kommune (SSBs kommuneliste)"))
        self.municipality.setEditable(True)
        self.municipality.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.municipality.addItem("", "")
        for code, name in municipalities():
            self.municipality.addItem(f"{code} {name}", code)
        self.other_municipality.setChecked(bool(d and d.from_other_municipality))
        if d and d.other_municipality_number:
            self.municipality.setCurrentIndex(max(0, self.municipality.findData(d.other_municipality_number)))
        self.municipality.setEnabled(self.other_municipality.isChecked())
        self.other_municipality.toggled.connect(self.municipality.setEnabled)
        self.waiting = QCheckBox(_("Trenger økonomisk sosialhjelp mens søknaden behandles"))
        _named(self.waiting, "needsAssistanceWhileWaiting", self.waiting.text())
        self.waiting.setChecked(bool(d and d.needs_social_assistance_while_waiting))

        form = QFormLayout()
        form.addRow(_("&Registrert:"), self.registered)
        form.addRow(_("&Kanal:"), self.channel)
        form.addRow(_("&Overføringsmøte:"), self.meeting)
        form.addRow(_("KVP-&veileder:"), self.caseworker)
        form.addRow(_("&Arbeidsevnevurdering:"), self.assessed)
        form.addRow(_("&Innsatsgruppe:"), self.outcome)
        benefits = QGroupBox(_("Ytelser de to siste månedene før søknaden (KOSTRA)"))
        benefit_layout = QVBoxLayout(benefits)
        for widget in (self.social, self.introduction, self.tiltakspenger, self.folketrygd):
            benefit_layout.addWidget(widget)
        note_box = QGroupBox(_("Overføringsnotat"))
        note_layout = QFormLayout(note_box)
        self.note_fields: dict[str, QPlainTextEdit] = {}
        for key, label in TRANSFER_NOTE_FIELDS.items():
            edit = QPlainTextEdit(d.transfer_note.get(key, "") if d else "")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(48)
            _named(edit, f"transferNote_{key}", _(label))
            note_layout.addRow(_(label) + ":", edit)
            self.note_fields[key] = edit
        self.errors = QLabel()
        self.errors.setObjectName("applicationErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #8a1c25;")

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(form)
        column.addWidget(benefits)
        column.addWidget(self.other_municipality)
        column.addWidget(self.municipality)
        column.addWidget(self.waiting)
        column.addWidget(note_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("applicationButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(640, 760)

    def values(self) -> ApplicationInput:
        return ApplicationInput(
            person_id=self.person_id, registered_date=date_text(self.registered),
            channel=str(self.channel.currentData()), transfer_meeting_date=date_text(self.meeting),
            kvp_caseworker_id=self.caseworker.currentData(),
            transfer_note={k: e.toPlainText() for k, e in self.note_fields.items() if e.toPlainText().strip()},
            work_ability_assessment_date=date_text(self.assessed), work_ability_outcome=str(self.outcome.currentData()),
            benefit_social_assistance=str(self.social.currentData()),
            benefit_introduction=self.introduction.isChecked(), benefit_tiltakspenger=self.tiltakspenger.isChecked(),
            benefit_folketrygd=self.folketrygd.isChecked(), from_other_municipality=self.other_municipality.isChecked(),
            other_municipality_number=str(self.municipality.currentData() or ""),
            needs_social_assistance_while_waiting=self.waiting.isChecked(),
        )  # fmt: skip

    def show_errors(self, message: str) -> None:
        self.errors.setText(message)


class MappingDialog(QDialog):
    """Kartlegging: the target-group characteristics as a checklist with notes."""

    def __init__(self, view: MappingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mappingDialog")
        self.setWindowTitle(_("Kartlegging"))
        self.view = view
        self.items: dict[str, QCheckBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        inner = QWidget()
        column = QVBoxLayout(inner)
        for group, (title, entries) in MAPPING_GROUPS.items():
            box = QGroupBox(_(title) + (" ✓" if group in view.groups_marked else ""))
            grid = QGridLayout(box)
            for index, (key, text) in enumerate(entries):
                check = QCheckBox(_(text))
                _named(check, f"mapping_{key}", _(text))
                check.setChecked(key in view.characteristics)
                grid.addWidget(check, index // 2, index % 2)
                self.items[key] = check
            note = QLineEdit(view.group_notes.get(group, ""))
            _named(note, f"mappingNote_{group}", _("Notat: {gruppe}", gruppe=_(title)))
            note.setPlaceholderText(_("Notat"))
            grid.addWidget(note, (len(entries) + 1) // 2, 0, 1, 2)
            self.notes[group] = note
            column.addWidget(box)
        form = QFormLayout()
        self.texts: dict[str, QPlainTextEdit] = {}
        for name, label, value in (("education", _("Utdanning"), view.education),
                                   ("work_experience", _("Arbeidserfaring"), view.work_experience),
                                   ("interests", _("Interesser som kan føre til arbeid"), view.interests),
                                   ("obstacles", _("Hindringer"), view.obstacles), ("notes", _("Notater"), view.notes)):
            edit = QPlainTextEdit(value)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(44)
            _named(edit, f"mapping_{name}", label)
            form.addRow(label + ":", edit)
            self.texts[name] = edit
        column.addLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(700, 760)

    def values(self) -> MappingInput:
        return MappingInput(
            characteristics=frozenset(k for k, box in self.items.items() if box.isChecked()),
            group_notes={k: e.text() for k, e in self.notes.items() if e.text().strip()},
            **{name: edit.toPlainText() for name, edit in self.texts.items()},
        )


class ConcludeDialog(QDialog):
    """Concluding: the outcome the criteria give, and for a grant the start and first period."""

    def __init__(self, evaluation: Evaluation, suggested_start: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("concludeDialog")
        self.setWindowTitle(_("Konkluder vurderingen"))
        self.evaluation = evaluation
        grant = evaluation.overall == "met"
        text = QLabel()
        text.setObjectName("concludeOutcome")
        text.setWordWrap(True)
        if grant:
            text.setText(_("Alle vilkårene er oppfylt. Konklusjonen lager et utkast til vedtak om innvilgelse."))
        else:
            failed = [_(c.label) for c in evaluation.criteria if c.state == "not_met"]
            message = _("Ikke oppfylt: {vilkaar}. Konklusjonen lager et utkast til vedtak om avslag. Klage går til "
                        "{klage}.", vilkaar=", ".join(failed), klage=_(APPEAL_ROUTES[evaluation.appeal_route]))
            open_ = [_(c.label) for c in evaluation.criteria if c.state == "needs_assessment"]
            if open_:  # a refusal rests on the failed criteria; the rest need not be assessed (stl. § 29)
                message += " " + _("Ikke vurdert (trengs ikke for avslaget): {vilkaar}.", vilkaar=", ".join(open_))
            text.setText(message)
        self.start = date_field("proposedStart", _("Foreslått startdato"), suggested_start if grant else None)
        self.period_to = date_field("firstPeriodTo", _("Første vedtaksperiode til (tom = ett år)"))
        self.considerations = QPlainTextEdit()
        self.considerations.setTabChangesFocus(True)
        _named(self.considerations, "considerations", _("Hovedhensyn i vedtaket"))
        form = QFormLayout()
        if grant:
            form.addRow(_("&Start:"), self.start)
            form.addRow(_("Første &periode til:"), self.period_to)
        form.addRow(_("&Hovedhensyn:"), self.considerations)
        self.preview = QLabel()
        self.preview.setObjectName("allowancePreview")
        self.preview.setWordWrap(True)
        # A start more than six months after the application or a first period over 12 months is a
        # warning the caseworker answers (docs/rules.md): shown here with a field for the answer.
        self.warnings = QLabel()
        self.warnings.setObjectName("concludeWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("background: #fff4ce; border: 1px solid #c8a600; padding: 6px;")
        self.warnings_answer = QPlainTextEdit()
        self.warnings_answer.setTabChangesFocus(True)
        _named(self.warnings_answer, "warningsAnswer", _("Begrunnelse for avviket"))
        self.warnings_label = QLabel(_("Begrunnelse for &avviket:"))
        self.warnings_label.setBuddy(self.warnings_answer)
        for widget in (self.warnings, self.warnings_label, self.warnings_answer):
            widget.hide()
        self.errors = QLabel()
        self.errors.setObjectName("concludeErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #8a1c25;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Konkluder og lag vedtaksutkast"))
        ok.setObjectName("concludeOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.warnings)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings_answer)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def show_warnings(self, text: str) -> None:
        """Show the warnings to answer and the answer field (focused)."""
        self.warnings.setText(text)
        for widget in (self.warnings, self.warnings_label, self.warnings_answer):
            widget.show()
        self.warnings_answer.setFocus()

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The typed dates (``ValueError`` with a Norwegian message for a bad one)."""
        start = parse_date(self.start.text()) if self.start.text().strip() else None
        period_to = parse_date(self.period_to.text()) if self.period_to.text().strip() else None
        return start, period_to


def preview_text(preview: AllowancePreview) -> str:
    """The allowance preview in words (for the conclusion and the status line)."""
    lines = [_("Årlig sats fra {dato}: {belop} ({sats}), per måned {maaned}.", dato=format_date_short(preview.start),
               belop=format_money(preview.annual_rate),
               sats=_("under 25 år") if preview.under_25 else _("full sats"), maaned=format_money(preview.monthly))]
    if preview.full_rate_from:
        lines.append(_("Full sats fra {dato}.", dato=format_date_short(preview.full_rate_from)))
    lines.append(_("Første periode {periode}:", periode=preview.first_month.label()))
    lines += [f"  {line.text}: {format_money(line.amount)} ({line.basis})" for line in preview.lines]
    lines.append(_("Sum: {belop}", belop=format_money(preview.total)))
    return "\n".join(lines)


__all__ = ["ApplicationDialog", "ConcludeDialog", "MappingDialog", "Qt", "date_field", "preview_text"]
