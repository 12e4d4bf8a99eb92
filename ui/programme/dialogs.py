"""Dialogs of the Programbygger: a block, a phase, a period, an evaluation, a template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.programmes.activities import ActivityView
from kvp_desktop.services.programmes.plan_templates import TemplateView
from kvp_desktop.services.programmes.programmes import BlockView, EvaluationView, PhaseView
from ui.programme.grid import WEEKDAYS
from ui.widgets.form_errors import ErrorSummary, FormErrors


def date_edit(name: str, value: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setObjectName(name)
    edit.setAccessibleName(name)
    return edit


def to_date(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def _named(widget: QWidget, name: str, label: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(label)
    return widget


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.setObjectName("dialogButtons")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def category_combo(name: str, current: str) -> QComboBox:
    combo = QComboBox()
    _named(combo, name, _("Kategori"))
    for code, label in programmes.CATEGORIES.items():
        combo.addItem(_(label), code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class BlockDialog(QDialog):
    """One block: activity (from the catalogue or free text), category, day and time, provider,
    contact and note (the note is the justification the rules ask for health care, training,
    own activity and rest)."""

    def __init__(self, block: BlockView, catalogue: list[ActivityView], parent: QWidget | None = None,
                 check: Callable[[BlockView], str | None] | None = None) -> None:
        super().__init__(parent)
        self._check = check  # the caller's own check (overlap with the rest of the week), shown here too
        self.setObjectName("blockDialog")
        self.setWindowTitle(_("Aktivitet i ukeplanen"))
        self._catalogue = catalogue
        self.activity = QComboBox()
        self.activity.setEditable(True)
        _named(self.activity, "blockActivity", _("Aktivitet"))
        self.activity.addItem(block.activity, None)
        for item in catalogue:
            self.activity.addItem(f"{item.name}" + (f" ({item.provider})" if item.provider else ""), item.id)
        self.activity.setCurrentIndex(0)
        self.activity.activated.connect(self._catalogue_chosen)
        self.category = category_combo("blockCategory", block.category)
        self.weekday = QComboBox()
        _named(self.weekday, "blockWeekday", _("Dag"))
        for index, day in enumerate(WEEKDAYS):
            self.weekday.addItem(_(day), index)
        self.weekday.setCurrentIndex(block.weekday)
        self.start = QTimeEdit(QTime(block.start_minute // 60, block.start_minute % 60))
        self.end = QTimeEdit(QTime(block.end_minute // 60, block.end_minute % 60))
        for edit, name, label in ((self.start, "blockStart", _("Fra")), (self.end, "blockEnd", _("Til"))):
            edit.setDisplayFormat("HH:mm")
            _named(edit, name, label)
        self.provider = _named(QLineEdit(block.provider), "blockProvider", _("Tilbyder/sted"))
        self.contact = _named(QLineEdit(block.contact), "blockContact", _("Kontaktperson"))
        self.note = _named(QPlainTextEdit(block.note), "blockNote", _("Merknad/begrunnelse"))
        assert isinstance(self.note, QPlainTextEdit)
        self.note.setPlaceholderText(_("Begrunnelse (kreves for helsehjelp, trening, egenaktivitet og hvile)"))
        form = QFormLayout()
        # The error summary on top and each message under its field; the dialog stays open with what
        # was typed until the block can be used.
        self.summary = ErrorSummary()
        self.errors = FormErrors(self.summary)
        for field, label, widget in (("activity", _("&Aktivitet"), self.activity),
                                     ("category", _("&Kategori"), self.category),
                                     ("weekday", _("&Dag"), self.weekday), ("time", _("&Fra"), self.start),
                                     ("end", _("&Til"), self.end), ("provider", _("Tilbyder/&sted"), self.provider),
                                     ("contact", _("K&ontakt"), self.contact), ("note", _("&Merknad"), self.note)):
            self.errors.add_row(form, field, label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def accept(self) -> None:
        block = self.block()
        problems = programmes.validate_blocks([block])
        if not problems and self._check is not None:
            refused = self._check(block)
            if refused:
                problems = {"overlap": refused}
        if problems:
            self.errors.show(problems)
            return
        super().accept()

    def _catalogue_chosen(self, index: int) -> None:
        chosen = next((a for a in self._catalogue if a.id == self.activity.itemData(index)), None)
        if chosen is None:
            return
        self.activity.setEditText(chosen.name)
        self.category.setCurrentIndex(max(self.category.findData(chosen.category), 0))
        assert isinstance(self.provider, QLineEdit) and isinstance(self.contact, QLineEdit)
        self.provider.setText(chosen.provider)
        self.contact.setText(chosen.contact)

    def block(self) -> BlockView:
        assert isinstance(self.provider, QLineEdit) and isinstance(self.contact, QLineEdit)
        assert isinstance(self.note, QPlainTextEdit)
        start, end = self.start.time(), self.end.time()
        return BlockView(self.weekday.currentIndex(), start.hour() * 60 + start.minute(),
                         end.hour() * 60 + end.minute(), self.activity.currentText().strip(),
                         str(self.category.currentData()), self.provider.text().strip(),
                         self.contact.text().strip(), self.note.toPlainText().strip())


class PhaseDialog(QDialog):
    """A phase's name and dates (a new phase can copy the weekly pattern of the chosen one)."""

    def __init__(self, name: str, start: dt.date, end: dt.date, parent: QWidget | None = None,
                 copy_from: PhaseView | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseDialog")
        self.setWindowTitle(_("Fase"))
        self.name = QLineEdit(name)
        _named(self.name, "phaseName", _("Navn på fasen"))
        self.from_date = date_edit("phaseFrom", start)
        self.to_date = date_edit("phaseTo", end)
        self.copy = QComboBox()
        _named(self.copy, "phaseCopy", _("Ukeplan"))
        self.copy.addItem(_("Tom ukeplan"), None)
        if copy_from is not None:
            self.copy.addItem(_("Kopier ukeplanen fra «{navn}»", navn=copy_from.name), copy_from.id)
            self.copy.setCurrentIndex(1)
        form = QFormLayout()
        form.addRow(_("&Navn"), self.name)
        form.addRow(_("&Fra"), self.from_date)
        form.addRow(_("&Til"), self.to_date)
        if copy_from is not None:
            form.addRow(_("&Ukeplan"), self.copy)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))


class PeriodDialog(QDialog):
    """A period: decision period, extension, exceptional extension, approved leave or holiday."""

    def __init__(self, start: dt.date, end: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.setWindowTitle(_("Periode"))
        self.kind = QComboBox()
        _named(self.kind, "periodKind", _("Type periode"))
        for code, label in programmes.PERIOD_KINDS.items():
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(self.kind.findData("holiday"))
        self.from_date = date_edit("periodFrom", start)
        self.to_date = date_edit("periodTo", end)
        self.reason = QLineEdit()
        _named(self.reason, "periodReason", _("Begrunnelse"))
        # Approved leave is with or without kvalifiseringsstønad; without it, a payout run pays no
        # stønad for the leave's weekdays (stl. § 36, docs/rules.md).
        self.with_allowance = QCheckBox(_("Med &kvalifiseringsstønad i permisjonen"))
        _named(self.with_allowance, "periodWithAllowance", _("Med kvalifiseringsstønad i permisjonen"))
        self.with_allowance.setChecked(True)
        form = QFormLayout()
        form.addRow(_("&Type"), self.kind)
        form.addRow(_("&Fra"), self.from_date)
        form.addRow(_("&Til"), self.to_date)
        form.addRow(_("&Begrunnelse"), self.reason)
        form.addRow("", self.with_allowance)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()
        hint = QLabel(_("Permisjon forlenger sluttdatoen med like mange dager (stl. § 32). Ferie regnes som en del "
                        "av et vanlig arbeidsår (stl. § 30)."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(_buttons(self))

    def _kind_changed(self) -> None:
        """The stønad choice is for approved leave only."""
        self.with_allowance.setVisible(self.kind.currentData() == "leave")

    def allowance_in_leave(self) -> bool:
        """What to send as ``with_allowance``: the box for leave, always True for other kinds."""
        return self.kind.currentData() != "leave" or self.with_allowance.isChecked()


class EvaluationDialog(QDialog):
    """Record a held evaluation: date held, progress, changes to the plan, next date."""

    def __init__(self, evaluation: EvaluationView, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationDialog")
        self.setWindowTitle(_("Evaluering"))
        self.held = date_edit("evaluationHeld", evaluation.held_date or min(evaluation.scheduled_date, today))
        self.progress = QPlainTextEdit(evaluation.progress)
        _named(self.progress, "evaluationProgress", _("Progresjon"))
        self.changes = QPlainTextEdit(evaluation.changes)
        _named(self.changes, "evaluationChanges", _("Endringer i planen"))
        self.next = date_edit("evaluationNext", evaluation.next_date or today + dt.timedelta(weeks=8))
        form = QFormLayout()
        form.addRow(_("&Holdt"), self.held)
        form.addRow(_("&Progresjon"), self.progress)
        form.addRow(_("&Endringer i planen"), self.changes)
        form.addRow(_("&Neste evaluering"), self.next)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))


class TemplateDialog(QDialog):
    """Choose a template and the dates for a new programme."""

    def __init__(self, templates: list[TemplateView], start: dt.date, end: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateDialog")
        self.setWindowTitle(_("Nytt program fra mal"))
        self.templates = QListWidget()
        _named(self.templates, "templateList", _("Maler"))
        for template in templates:
            phases = ", ".join(p.name for p in template.phases)
            item = QListWidgetItem(f"{template.name}\n{phases}")
            item.setToolTip(f"{template.description}\n{template.source}")
            item.setData(256, template.key)
            self.templates.addItem(item)
        self.templates.setCurrentRow(0)
        self.start = date_edit("templateStart", start)
        self.end = date_edit("templateEnd", end)
        form = QFormLayout()
        form.addRow(_("&Start"), self.start)
        form.addRow(_("&Planlagt slutt"), self.end)
        layout = QVBoxLayout(self)
        layout.addWidget(self.templates, 1)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def chosen_key(self) -> str | None:
        item = self.templates.currentItem()
        return str(item.data(256)) if item else None


EMPTY_PROGRAMME = ""  # the «template» key for a programme with no phases yet


class CreateProgrammeDialog(QDialog):
    """«Opprett program»: from a template or empty, with the dates of the issued grant (editable)."""

    def __init__(self, templates: list[TemplateView], start: dt.date, end: dt.date, decided: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createProgrammeDialog")
        self.setWindowTitle(_("Opprett program"))
        self.setAccessibleName(_("Opprett program"))
        self.info = QLabel(decided)
        self.info.setObjectName("createProgrammeInfo")
        self.info.setWordWrap(True)
        self.templates = QListWidget()
        _named(self.templates, "createProgrammeTemplates", _("Mal"))
        empty = QListWidgetItem(_("Tomt program (uten mal)\nFaser og ukeplan legges inn etterpå"))
        empty.setData(256, EMPTY_PROGRAMME)
        self.templates.addItem(empty)
        for template in templates:
            phases = ", ".join(p.name for p in template.phases)
            item = QListWidgetItem(f"{template.name}\n{phases}")
            item.setToolTip(f"{template.description}\n{template.source}")
            item.setData(256, template.key)
            self.templates.addItem(item)
        self.templates.setCurrentRow(1 if templates else 0)
        self.start = date_edit("createProgrammeStart", start)
        self.end = date_edit("createProgrammeEnd", end)
        self.errors = QLabel()
        self.errors.setObjectName("createProgrammeErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #8a1c25;")
        form = QFormLayout()
        form.addRow(_("&Start"), self.start)
        form.addRow(_("&Planlagt slutt"), self.end)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        title = QLabel(_("&Mal for programmet:"))
        title.setBuddy(self.templates)
        layout.addWidget(title)
        layout.addWidget(self.templates, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        buttons = _buttons(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Opprett program"))
        ok.setObjectName("createProgrammeOk")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        layout.addWidget(buttons)
        self.resize(560, 480)

    def choose(self, key: str) -> bool:
        """Choose the template ``key`` (``EMPTY_PROGRAMME`` for none)."""
        for row in range(self.templates.count()):
            if self.templates.item(row).data(256) == key:
                self.templates.setCurrentRow(row)
                return True
        return False

    def template_key(self) -> str | None:
        item = self.templates.currentItem()
        key = str(item.data(256)) if item else EMPTY_PROGRAMME
        return key or None
