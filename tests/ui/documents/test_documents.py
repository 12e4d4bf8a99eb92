"""Dokumenter: the per-person letters dialog and Innstillinger → Brevmaler, offscreen on the demo office."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kvp_desktop.documents.letters import sha256
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.letters import decisions, drafting, dto
from kvp_desktop.store.models import Decision, Programme
from ui.documents import dialog as dialog_module
from ui.documents import printing
from ui.documents.dialog import DocumentsDialog
from ui.main_window import MainWindow
from ui.settings.templates_dialog import TemplatePreviewDialog


@pytest.fixture
def worker_ctx(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.saksbehandler")


def _person_with_sent_letter(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        person_id = uow.session.scalars(select(Decision.person_id).where(Decision.state == "sent")).first()
    assert person_id is not None
    return person_id


def _active_person(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        person_id = uow.session.scalars(select(Programme.person_id).where(Programme.status == "active")
                                        .order_by(Programme.id)).first()
    assert person_id is not None
    return person_id


def _open(qtbot: QtBot, ctx: AppContext, person_id: int) -> DocumentsDialog:
    dialog = DocumentsDialog(ctx, person_id, "Testperson")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _wait_for_pages(qtbot: QtBot, dialog: DocumentsDialog | TemplatePreviewDialog) -> None:
    qtbot.waitUntil(lambda: dialog.pages.page_count > 0 and dialog.last_pdf is not None, timeout=15000)


def test_lists_letters_with_states_and_previews_the_issued_pdf(qtbot: QtBot, worker_ctx: AppContext,
                                                                tmp_path: Path) -> None:
    dialog = _open(qtbot, worker_ctx, _person_with_sent_letter(worker_ctx))
    states = {dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())}
    assert "Sendt" in states
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 2).text() == "Sendt")
    dialog.table.selectRow(row)
    _wait_for_pages(qtbot, dialog)
    view = dialog.current()
    assert view is not None and dialog.last_pdf is not None
    assert sha256(dialog.last_pdf) == view.sha256  # the preview of an issued letter is the archived file
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert not dialog.issue_button.isEnabled()
    assert "SHA-256" in dialog.status.text()
    shot = tmp_path / "dokumenter.png"
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 10_000
    saved = dialog.save_selected(tmp_path / "brev.pdf")
    assert saved is not None and saved.read_bytes() == dialog.last_pdf


def test_new_draft_edit_issue_and_the_letter_is_frozen(qtbot: QtBot, worker_ctx: AppContext,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _open(qtbot, worker_ctx, _active_person(worker_ctx))
    before = dialog.table.rowCount()
    ref = dialog.new_draft("forlengelse")
    assert ref is not None and dialog.table.rowCount() == before + 1
    assert dialog.current() is not None and dialog.current().state == "draft"  # type: ignore[union-attr]
    assert dialog.issue_button.isEnabled() and not dialog.print_button.isEnabled()
    _wait_for_pages(qtbot, dialog)
    end = dialog.editor.inputs["new_end_date"]
    considerations = dialog.editor.inputs["considerations"]
    assert isinstance(end, QLineEdit) and isinstance(considerations, QPlainTextEdit)
    end.setText("31.12.2027")
    considerations.setPlainText("Vi har lagt vekt på at praksisplassen kan gi fast arbeid.")
    reasons = dialog.editor.inputs["reasons"]  # the default reason is replaced by the case's own assessment
    assert isinstance(reasons, QPlainTextEdit)
    reasons.setPlainText("Du trenger et halvt år til i praksis for å få fast jobb. | sosialtjenesteloven § 32")
    assert dialog.save_changes()
    form = drafting.draft_form(worker_ctx, ref)
    values = {f.name: f.value for f in form.fields}
    assert values["new_end_date"] == "31.12.2027"
    # a bad date is refused with a Norwegian message and nothing changes
    shown: list[str] = []
    monkeypatch.setattr(dialog_module, "show_service_error", lambda _parent, error: shown.append(error.message))
    bad = dialog.editor.inputs["new_end_date"]
    assert isinstance(bad, QLineEdit)
    bad.setText("31.02.2027")
    assert not dialog.save_changes()
    assert shown and "gyldig dato" in shown[0]
    assert {f.name: f.value for f in drafting.draft_form(worker_ctx, ref).fields}["new_end_date"] == "31.12.2027"
    dialog.reload(select=ref)
    monkeypatch.setattr(DocumentsDialog, "confirm", lambda self, text, title: True)
    assert dialog.issue_selected() == 1
    view = dialog.current()
    assert view is not None and view.state == "issued" and view.sha256
    assert not dialog.issue_button.isEnabled() and dialog.sent_button.isEnabled()
    _wait_for_pages(qtbot, dialog)
    assert "31. desember 2027" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(dialog.last_pdf)).pages)
    assert all(w.isReadOnly() for w in dialog.editor.inputs.values())
    dialog.mark_sent()
    assert dialog.current() is not None and dialog.current().state_label == "Sendt"  # type: ignore[union-attr]


def test_batch_print_paints_every_page_to_the_printer(qtbot: QtBot, worker_ctx: AppContext, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    person = _active_person(worker_ctx)
    refs = [drafting.create_draft(worker_ctx, person, kind) for kind in ("forhandsvarsel_stans", "permisjon")]
    issued = decisions.issue_batch(worker_ctx, refs)
    expected_pages = sum(len(PdfReader(io.BytesIO(d.pdf)).pages) for d in issued)
    out = tmp_path / "utskrift.pdf"

    def fake_dialog(_parent: QWidget | None, printer: QPrinter) -> bool:  # the system dialog, answered "Skriv ut"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(100)
        return True

    monkeypatch.setattr(printing, "ask_printer", fake_dialog)
    dialog = _open(qtbot, worker_ctx, person)
    ids = {d.ref for d in issued}
    dialog.table.clearSelection()
    model, selection = dialog.table.model(), dialog.table.selectionModel()
    for row, view in enumerate(dialog.views):
        if view.ref in ids:
            selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
    assert len(dialog.selected()) == 2
    assert dialog.print_button.text().startswith("Skriv &ut valgte (2)")
    assert dialog.print_selected() == expected_pages
    assert len(PdfReader(str(out)).pages) == expected_pages


def test_a_veileder_sees_letters_but_cannot_issue(qtbot: QtBot, demo_ctx: AppContext) -> None:
    ctx = demo_ctx.as_user("demo.veileder")
    dialog = _open(qtbot, ctx, _person_with_sent_letter(demo_ctx))
    assert dialog.table.rowCount() > 0
    assert not dialog.new_button.isEnabled() and not dialog.sent_button.isEnabled()
    assert not dialog.save_button.isEnabled()  # saving a copy is an export of personal data


def test_template_preview_renders_each_type_and_saves(qtbot: QtBot, worker_ctx: AppContext, tmp_path: Path) -> None:
    dialog = TemplatePreviewDialog(worker_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _wait_for_pages(qtbot, dialog)
    dialog.name.setText("Máret Čuđe Ŋuolja")
    dialog.standard.setCurrentIndex(dialog.standard.findData("nn"))
    dialog.letter_type.setCurrentIndex(dialog.letter_type.findData("deltakerbevis"))
    qtbot.waitUntil(lambda: dialog.last_pdf is not None
                    and "Máret Čuđe Ŋuolja" in PdfReader(io.BytesIO(dialog.last_pdf)).pages[0].extract_text(),
                    timeout=15000)
    saved = dialog.save_pdf(tmp_path / "mal.pdf")
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")


def test_menu_opens_documents_for_the_chosen_person(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    action = window.findChild(QAction, "actionDecisionLetter")
    templates = window.findChild(QAction, "actionLetterTemplates")
    assert action is not None and action.isEnabled() and templates is not None and templates.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(self.objectName()) or 0)
    window.open_documents()  # no person chosen yet
    assert asked == ["documentsNoPerson"]
    opened: list[int] = []
    monkeypatch.setattr(DocumentsDialog, "exec", lambda self: opened.append(self.person_id) or 0)
    person = _active_person(window.ctx)
    assert window.select_person(person)
    action.trigger()
    assert opened == [person]


def test_interactive_widgets_have_names(qtbot: QtBot, worker_ctx: AppContext) -> None:
    dialog = _open(qtbot, worker_ctx, _active_person(worker_ctx))
    dialog.new_draft("permisjon")
    for widget in (dialog.table, dialog.new_button, dialog.issue_button, dialog.print_button, dialog.save_button,
                   dialog.sent_button, dialog.delete_button, dialog.pages, *dialog.editor.inputs.values()):
        assert widget.objectName() and widget.accessibleName(), widget


def test_save_as_pdf_button_saves_the_real_letter(qtbot: QtBot, worker_ctx: AppContext, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The button itself (clicked(bool) once handed False to the path and crashed); the text is extractable."""
    target = tmp_path / "brev.pdf"
    monkeypatch.setattr(dialog_module.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "PDF (*.pdf)")))
    dialog = _open(qtbot, worker_ctx, _person_with_sent_letter(worker_ctx))
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 2).text() == "Sendt")
    dialog.table.selectRow(row)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = "".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "NAV" in text and len(text) > 200
    assert dialog.status.text() == "Lagret brev.pdf."


def test_print_to_file_writes_the_letters_own_pdf_with_text(qtbot: QtBot, worker_ctx: AppContext, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    person = _active_person(worker_ctx)
    # Two letters that need nothing more on file (a stans needs an issued forhåndsvarsel first), each with the
    # caseworker's own words for the discretionary reason (a default text is never issued).
    refs = [drafting.create_draft(worker_ctx, person, "ikke_individuell_plan") for _ in range(2)]
    for ref in refs:
        drafting.update_draft(worker_ctx, ref, dto.DraftChanges(fields={
            "reasons": "Den konkrete vurderingen i saken. | sosialtjenesteloven § 33"}))
    issued = decisions.issue_batch(worker_ctx, refs)
    out = tmp_path / "utskrift.pdf"

    def to_file(_parent: QWidget | None, printer: QPrinter) -> bool:  # «Skriv til fil» chosen in the dialog
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(printing, "ask_printer", to_file)
    pages = printing.print_letters(None, [d.pdf for d in issued])
    reader = PdfReader(str(out))
    assert pages == len(reader.pages) == sum(len(PdfReader(io.BytesIO(d.pdf)).pages) for d in issued)
    assert all(len(page.extract_text()) > 100 for page in reader.pages)
    assert out.stat().st_size < 500_000  # no page pictures


def test_issuing_a_certificate_is_not_called_a_decision(qtbot: QtBot, worker_ctx: AppContext,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _open(qtbot, worker_ctx, _person_with_sent_letter(worker_ctx))
    view = dialog.views[0]
    certificate = type(view)(**{**view.__dict__, "letter_type": "deltakerbevis", "state": "draft",
                                "title": "Deltakerbevis"})
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(dialog, "selected", lambda: [certificate])
    monkeypatch.setattr(dialog, "confirm", lambda text, title: asked.append((title, text)) and False)
    assert dialog.issue_selected() == 0
    assert asked and asked[0][0] == "Utsted deltakerbevis" and "Fatt" not in asked[0][0]
    assert asked[0][1].startswith("Vil du utstede deltakerbeviset?")
