"""Dokumenter: one person's letters — list with states, preview, edit a draft, issue, print, save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, allowed
from kvp_desktop.services.letters import decisions, drafting, kinds
from kvp_desktop.services.letters.dto import DocumentRef, DocumentView, DraftChanges, DraftForm, RecipientOverride
from kvp_desktop.services.portfolio.persons import PersonDTO
from ui.documents.pages import PagesView, render_pages
from ui.documents.printing import print_letters
from ui.errors import call_service, known_error, show_error, show_service_error
from ui.runner import LatestJob

STANDARD_NAMES = {"nb": "Bokmål", "nn": "Nynorsk"}


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class DraftEditor(QWidget):
    """The fields of a letter the caseworker may change, as a form; read-only once issued.

    The form is built anew for each letter (the fields differ per letter type).
    """

    save_requested = Signal()
    reset_recipient_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftEditor")
        self.form: DraftForm | None = None
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.notice = QLabel()
        self.notice.setObjectName("draftEditorNotice")
        self.notice.setWordWrap(True)
        outer.addWidget(self.notice)
        self.fields_area = QScrollArea()
        self.fields_area.setObjectName("draftEditorScroll")
        self.fields_area.setWidgetResizable(True)
        outer.addWidget(self.fields_area, 1)
        self.set_form(None)

    def set_form(self, form: DraftForm | None) -> None:
        self.form = form
        self.inputs = {}
        holder = QWidget()
        holder.setObjectName("draftEditorFields")
        layout = QFormLayout(holder)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields_area.setWidget(holder)  # the previous form is deleted with its widgets
        if form is None:
            self.notice.setText(_("Velg ett brev i listen for å se innholdet."))
            return
        editable = form.state == "draft"
        self.notice.setText(
            _("Endre feltene og trykk «Lagre endringer». Forhåndsvisningen viser brevet slik det blir.")
            if editable else _("Brevet er fattet og kan ikke endres. Innholdet vises bare til orientering.")
        )
        self.standard = QComboBox()
        _named(self.standard, "draftStandard", _("Målform"))
        for code, name in STANDARD_NAMES.items():
            self.standard.addItem(name, code)
        self.standard.setCurrentIndex(max(0, self.standard.findData(form.written_standard)))
        self.standard.setEnabled(editable)
        layout.addRow(_("&Målform:"), self.standard)
        rec = form.recipient
        self.recipient_name = QLineEdit(rec.name)
        _named(self.recipient_name, "draftRecipientName", _("Mottakerens navn"))
        self.recipient_address = QPlainTextEdit("\n".join(rec.address_lines))
        _named(self.recipient_address, "draftRecipientAddress", _("Mottakerens adresse"))
        self.recipient_address.setFixedHeight(52)
        self.recipient_address.setTabChangesFocus(True)
        self.recipient_postcode = QLineEdit(rec.postal_code)
        _named(self.recipient_postcode, "draftRecipientPostcode", _("Postnummer"))
        self.recipient_postcode.setMaxLength(4)
        self.recipient_postcode.setMaximumWidth(70)
        self.recipient_place = QLineEdit(rec.postal_place)
        _named(self.recipient_place, "draftRecipientPlace", _("Poststed"))
        for box in (self.recipient_name, self.recipient_address, self.recipient_postcode, self.recipient_place):
            box.setReadOnly(not editable)
        layout.addRow(_("Mottaker:"), self.recipient_name)
        layout.addRow(_("Adresse:"), self.recipient_address)
        place = QWidget()
        row = QHBoxLayout(place)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.recipient_postcode)
        row.addWidget(self.recipient_place, 1)
        layout.addRow(_("Postnr. og sted:"), place)
        if rec.overridden and editable:
            reset = QPushButton(_("Bruk adressen i &personregisteret"))
            _named(reset, "draftResetRecipient", _("Bruk adressen i personregisteret"))
            reset.clicked.connect(self.reset_recipient_requested)
            layout.addRow("", reset)
        for field in form.fields:
            widget: QLineEdit | QPlainTextEdit
            if field.kind in ("lines", "multiline", "reasons"):
                widget = QPlainTextEdit(field.value)
                widget.setTabChangesFocus(True)
                widget.setMinimumHeight(70)
            else:
                widget = QLineEdit(field.value)
                if field.kind in ("date", "optional_date"):
                    widget.setPlaceholderText(_("dd.mm.åååå"))
            _named(widget, f"draftField_{field.name}", field.label)
            widget.setReadOnly(not editable)
            layout.addRow(field.label + (" *" if field.required else "") + ":", widget)
            self.inputs[field.name] = widget
        if editable:
            save = QPushButton(_("&Lagre endringer"))
            _named(save, "draftSave", _("Lagre endringene i utkastet"))
            save.clicked.connect(self.save_requested)
            layout.addRow("", save)

    def changes(self) -> DraftChanges:
        """What differs from the loaded form."""
        assert self.form is not None
        fields = {}
        for field in self.form.fields:
            widget = self.inputs[field.name]
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            if text != field.value:
                fields[field.name] = text
        standard = self.standard.currentData()
        rec = self.form.recipient
        address = tuple(line.strip() for line in self.recipient_address.toPlainText().splitlines() if line.strip())
        override = None
        if (self.recipient_name.text().strip(), address, self.recipient_postcode.text().strip(),
                self.recipient_place.text().strip()) != (rec.name, rec.address_lines, rec.postal_code,
                                                          rec.postal_place):
            override = RecipientOverride(self.recipient_name.text(), address, self.recipient_postcode.text(),
                                         self.recipient_place.text())
        return DraftChanges(fields=fields, written_standard=standard if standard != self.form.written_standard
                            else None, recipient=override)


class DocumentsDialog(QDialog):
    """All letters of one person: what they are, their state, and what can be done with them."""

    documents_changed = Signal()

    def __init__(self, ctx: AppContext, person_id: int, person_label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsDialog")
        self.setAccessibleName(_("Dokumenter"))
        self.setWindowTitle(_("Dokumenter – {person}", person=person_label) if person_label else _("Dokumenter"))
        self.resize(1200, 800)
        self._ctx = ctx
        self.person_id = person_id
        self.views: list[DocumentView] = []
        self._known_form: DraftForm | None = None  # a form read with the list (create_draft_shown)
        self.last_pdf: bytes | None = None
        self.preview_worker = LatestJob(self, show_errors=False)
        self.preview_worker.finished.connect(self._show_preview)
        self.preview_worker.failed.connect(self._preview_failed)

        heading = QLabel(_("Brev og vedtak for {person}", person=person_label) if person_label
                         else _("Brev og vedtak"))
        heading.setObjectName("documentsHeading")
        heading.setStyleSheet("font-size: 15px; font-weight: 600;")

        self.table = QTableWidget(0, 4)
        _named(self.table, "documentsTable", _("Brevene til personen"))
        self.table.setHorizontalHeaderLabels([_("Brev"), _("Dato"), _("Status"), _("Målform")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.new_button = QToolButton()
        _named(self.new_button, "documentsNew", _("Lag nytt utkast"))
        self.new_button.setText(_("&Nytt utkast"))
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.new_button)
        menu.setObjectName("documentsNewMenu")
        for letter_type, title in kinds.letter_choices("nb"):
            action = menu.addAction(title)
            action.setObjectName(f"documentsNew_{letter_type}")
            action.triggered.connect(lambda _checked=False, t=letter_type: self.new_draft(t))
        self.new_button.setMenu(menu)
        self.issue_button = self._button("documentsIssue", _("&Fatt…"), _("Fatt vedtaket"), self.issue_selected)
        self.print_button = self._button("documentsPrint", _("Skriv &ut…"), _("Skriv ut"), self.print_selected)
        self.save_button = self._button("documentsSavePdf", _("Lagre som &PDF…"), _("Lagre som PDF"),
                                        self.save_selected)
        self.sent_button = self._button("documentsMarkSent", _("Merk som &sendt"), _("Merk som sendt"),
                                        self.mark_sent)
        self.delete_button = self._button("documentsDelete", _("Slett u&tkast"), _("Slett utkastet"),
                                          self.delete_draft)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.issue_button, self.print_button, self.save_button, self.sent_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("documentsStatus")
        self.status.setWordWrap(True)
        left_layout.addWidget(self.status)

        self.pages = PagesView()
        self.editor = DraftEditor()
        self.editor.save_requested.connect(self.save_changes)
        self.editor.reset_recipient_requested.connect(self.reset_recipient)
        self.right = QTabWidget()
        _named(self.right, "documentsRight", _("Brevet"))
        self.right.addTab(self.pages, _("Forhåndsvisning"))
        self.right.addTab(self.editor, _("Innhold"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("documentsSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setSizes([430, 770])
        close = QDialogButtonBox()
        close.setObjectName("documentsClose")
        close_button = close.addButton(_("&Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close_button.setObjectName("documentsCloseButton")
        close_button.setAccessibleName(_("Lukk"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        print_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_key.activated.connect(self.print_selected)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.activated.connect(self.save_changes)
        self.reload()

    def _button(self, name: str, text: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        _named(button, name, accessible)
        # clicked(bool) would hand ``checked`` to a slot's first optional parameter (a path, a count).
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- list ----------------------------------------------------------------------------
    def reload(self, select: DocumentRef | None = None) -> None:
        views = call_service(self, lambda: decisions.documents_for_person(self._ctx, self.person_id))
        self.show_views(views or [], select)

    def show_views(self, views: list[DocumentView], select: DocumentRef | None = None) -> None:
        """Show ``views`` (already read) and select ``select`` (or the first)."""
        self.views = views
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            date = view.date or view.created
            cells = (view.title, format_date_short(date), view.state_label, STANDARD_NAMES.get(view.written_standard,
                                                                                                 view.written_standard))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 2 and view.state == "draft":
                    item.setForeground(Qt.GlobalColor.darkYellow)
                self.table.setItem(row, column, item)
        if not self.views:
            self.pages.show_message(_("Personen har ingen brev ennå. Lag et utkast med «Nytt utkast»."))
        target = next((i for i, v in enumerate(self.views) if v.ref == select), 0 if self.views else None)
        self.table.clearSelection()  # the rows moved: selecting again always shows the chosen letter
        if target is not None:
            self.table.selectRow(target)
        self._update_buttons()

    def selected(self) -> list[DocumentView]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.views[row] for row in rows if row < len(self.views)]

    def current(self) -> DocumentView | None:
        chosen = self.selected()
        return chosen[0] if len(chosen) == 1 else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        may_issue = allowed(self._ctx, Permission.ISSUE_DECISION)
        drafts = [v for v in chosen if v.state == "draft"]
        issued = [v for v in chosen if v.state != "draft" and v.has_pdf]
        self.new_button.setEnabled(may_issue)
        self.issue_button.setEnabled(may_issue and bool(chosen) and len(drafts) == len(chosen))
        self.issue_button.setText(_("&Fatt valgte ({n})…", n=len(drafts)) if len(drafts) > 1 else _("&Fatt…"))
        self.print_button.setEnabled(bool(chosen) and len(issued) == len(chosen))
        self.print_button.setText(_("Skriv &ut valgte ({n})…", n=len(issued)) if len(issued) > 1
                                  else _("Skriv &ut…"))
        self.save_button.setEnabled(len(chosen) == 1 and bool(issued)
                                    and allowed(self._ctx, Permission.EXPORT_PERSONAL_DATA))
        self.sent_button.setEnabled(may_issue and len(chosen) == 1 and chosen[0].state == "issued")
        self.delete_button.setEnabled(may_issue and len(chosen) == 1 and bool(drafts))

    def _selection_changed(self) -> None:
        self._update_buttons()
        view = self.current()
        if view is None:
            count = len(self.selected())
            self.editor.set_form(None)
            self.pages.show_message(_("{n} brev er valgt.", n=count) if count else _("Velg et brev i listen."))
            return
        known, self._known_form = self._known_form, None
        form = known if known is not None and known.ref == view.ref else call_service(
            self, lambda: drafting.draft_form(self._ctx, view.ref))
        self.editor.set_form(form)
        self.refresh_preview()

    # --- preview -------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        view = self.current()
        if view is None:
            return
        if view.state != "draft" and not view.has_pdf:
            self.pages.show_message(_("Vedtaket er registrert som fattet, men brevet ble ikke laget i KVP Desktop."))
            self.last_pdf = None
            return
        self.pages.show_message(_("Lager forhåndsvisning …"))
        ctx, ref = self._ctx, view.ref

        dpi = self.pages.fitting_dpi()

        def work() -> tuple[bytes, list[QImage]]:
            pdf = decisions.preview(ctx, ref)
            return pdf, render_pages(pdf, dpi)

        self.preview_worker.start(work)

    def _show_preview(self, result: tuple[bytes, list[QImage]]) -> None:
        self.last_pdf, images = result
        self.pages.show_pages(images)
        view = self.current()
        if view is not None and view.state == "draft":
            self.status.setText(_("Utkast – forhåndsvisning med dagens dato. Brevet er ikke fattet."))
        elif view is not None:
            self.status.setText(_("Fattet {dato}. SHA-256: {sum}", dato=format_date_short(view.date)
                                  if view.date else "", sum=(view.sha256 or "")[:16] + "…"))

    def _preview_failed(self, error: object) -> None:
        known = known_error(error) if isinstance(error, BaseException) else None
        self.pages.show_message(known.message if known is not None else _("Brevet kunne ikke vises."))
        if known is None and isinstance(error, BaseException):
            show_error(self, error)  # a known problem is said in the preview; the unknown gets the report

    # --- commands ------------------------------------------------------------------------
    def new_draft(self, letter_type: str) -> DocumentRef | None:
        # The letters and the new draft's form come back from the draft's own transaction (no second read).
        shown = call_service(self, lambda: drafting.create_draft_shown(self._ctx, self.person_id, letter_type))
        ref = shown.ref if shown is not None else None
        if shown is not None:
            self._known_form = shown.form
            self.show_views(shown.documents, select=shown.ref)
            self.right.setCurrentWidget(self.editor)
            self.documents_changed.emit()
        return ref

    def save_changes(self) -> bool:
        view = self.current()
        if view is None or view.state != "draft" or self.editor.form is None:
            return False
        changes = self.editor.changes()
        if not changes.fields and changes.written_standard is None and changes.recipient is None:
            self.status.setText(_("Ingen endringer å lagre."))
            return True
        try:
            drafting.update_draft(self._ctx, view.ref, changes)
        except ServiceError as error:
            show_service_error(self, error)
            return False
        self.status.setText(_("Endringene er lagret."))
        self.reload(select=view.ref)
        self.right.setCurrentWidget(self.pages)
        return True

    def reset_recipient(self) -> None:
        view = self.current()
        if view is None:
            return
        call_service(self, lambda: drafting.update_draft(self._ctx, view.ref, DraftChanges(clear_recipient=True)))
        self.reload(select=view.ref)

    def confirm(self, text: str, title: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("documentsConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def issue_selected(self) -> int:
        drafts = [v for v in self.selected() if v.state == "draft"]
        if not drafts:
            return 0
        if self.editor.form is not None and len(drafts) == 1 and self.editor.changes() != DraftChanges() \
                and not self.save_changes():
            return 0
        names = "\n".join(f"• {v.title}" for v in drafts)
        if all(v.letter_type == "deltakerbevis" for v in drafts):  # a certificate is not a decision (stl. § 30)
            question = _("Vil du utstede deltakerbeviset?\n\n{liste}\n\nEtter at det er utstedt, kan det ikke "
                         "endres. Datoen blir dagens dato.", liste=names)
            title = _("Utsted deltakerbevis")
        else:
            question = _("Vil du fatte dette?\n\n{liste}\n\nEtter at brevet er fattet, kan det ikke endres. "
                         "Datoen i brevet blir dagens dato.", liste=names)
            title = _("Fatt vedtak") if all(v.letter_type != "deltakerbevis" for v in drafts) else _("Fatt og utsted")
        if not self.confirm(question, title):
            return 0
        issued = call_service(self, lambda: decisions.issue_batch(self._ctx, [v.ref for v in drafts]))
        if not issued:
            return 0
        self.status.setText(_("{n} brev er fattet og arkivert.", n=len(issued)))
        self.reload(select=issued[0].ref)
        self.documents_changed.emit()
        return len(issued)

    def print_selected(self) -> int:
        chosen = [v for v in self.selected() if v.state != "draft" and v.has_pdf]
        if not chosen:
            return 0
        letters = call_service(self, lambda: decisions.reprint_batch(self._ctx, [v.ref for v in chosen]))
        if not letters:
            return 0
        pages = print_letters(self, letters)
        if pages:
            self.status.setText(_("Skrev ut {n} sider.", n=pages))
        return pages

    def save_selected(self, path: Path | None = None) -> Path | None:
        view = self.current()
        if view is None or view.state == "draft":
            return None
        if path is None:
            suggestion = f"{view.letter_type}-{view.ref.id}.pdf"
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Lagre som PDF"), suggestion, _("PDF (*.pdf)"))
            if not chosen:
                return None
            path = Path(chosen)
        data = call_service(self, lambda: decisions.reprint(self._ctx, view.ref, purpose="export"))
        if data is None:
            return None
        try:
            path.write_bytes(data)
        except OSError as error:
            show_service_error(self, ServiceError(_("Kan ikke lagre {fil}: {feil}", fil=path.name,
                                                    feil=error.strerror or error)))
            return None
        self.status.setText(_("Lagret {fil}.", fil=path.name))
        return path

    def mark_sent(self) -> None:
        view = self.current()
        if view is None:
            return
        call_service(self, lambda: decisions.mark_sent(self._ctx, view.ref))
        self.reload(select=view.ref)
        self.documents_changed.emit()

    def delete_draft(self) -> None:
        view = self.current()
        if view is None or view.state != "draft":
            return
        if not self.confirm(_("Vil du slette utkastet «{tittel}»?", tittel=view.title), _("Slett utkast")):
            return
        call_service(self, lambda: drafting.discard_draft(self._ctx, view.ref))
        self.reload()
        self.documents_changed.emit()


def open_documents_dialog(parent: QWidget | None, ctx: AppContext, person: PersonDTO | None) -> DocumentsDialog | None:
    """The Dokumenter dialog for ``person`` (modal); asks for a person first when none is chosen."""
    if person is None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Dokumenter"),
                          _("Velg en person i personfeltet øverst først (Ctrl+F)."), QMessageBox.StandardButton.Ok,
                          parent)
        box.setObjectName("documentsNoPerson")
        box.exec()
        return None
    dialog = DocumentsDialog(ctx, person.id, f"{person.first_name} {person.last_name}", parent)
    dialog.exec()
    return dialog
