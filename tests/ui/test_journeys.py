"""Journeys through the real main window (menus, buttons, keys, objectNames), each from an empty
database: the office and its users are the only thing the fixture makes (the office set-up and user
administration in the window are another part of the program). The clock moves over the months
(``tests.support.clock``); letters and the certificate are saved as PDFs and read with pypdf.

1. A person with two children and a bank account is registered, screened and granted; the letter
   is issued; «Mine oppgaver» opens Programbygger where the programme is created; a month of
   attendance; the payout run is made by one user and approved by another; the deltakerbevis is
   refused before the programme has ended and issued after it.
2. Amina (language the only obstacle, in ordinary education, no arbeidsevnevurdering) is refused
   on the failed criterion and the refusal letter is issued.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QTableView, QWidget
from pytestqt.qtbot import QtBot

from kvp_desktop.services import users
from kvp_desktop.services.context import AppContext, open_context
from kvp_desktop.services.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.store.models import OfficeSettings
from tests.support.clock import Clock, install
from ui.main_window import MainWindow
from ui.screening.forms import ApplicationDialog, ConcludeDialog
from ui.tabs.screening import ScreeningTab

PASSWORD = "Korrekt-hest-batteri-9"
ACCOUNT = "1234.56.78903"


# PySide6 6.12 on Python 3.11 drops a reference to None every time a wrapped call returns nothing
# (``widget.show()``, ``processEvents()``, …; measured: -1 per call). Python 3.12 made None
# immortal; on 3.11 a long session reaches zero and aborts («none_dealloc»). A journey makes some
# hundred thousand such calls, so the test process holds extra references to None until it exits
# (released earlier, the count could reach zero while the interpreter shuts down). Reported to the
# lead: the application itself is exposed on Python 3.11.
_NONE_BALLAST = [None] * 3_000_000 if sys.version_info < (3, 12) else []


# --- the smallest fixture: an empty database with an office and three users ----------------------
@pytest.fixture
def office(tmp_path: Path) -> Iterator[AppContext]:
    ctx = open_context(f"sqlite:///{tmp_path / 'kontor.db'}")
    with ctx.uow() as uow:  # what the office set-up in the window saves
        uow.session.add(OfficeSettings(
            office_name="NAV Testkommune", department="Kvalifiseringsprogrammet", municipality_number="3911",
            municipality_name="Færder", district_number="00", county="Vestfold", address="Rådhusveien 1",
            postcode="3140", postplace="Nøtterøy", phone="33 33 33 33", email="kvp@example.no",
            org_number="999999999", written_standard="nb"))
        uow.commit()
    for username, name, role in (("kari", "Kari Saksbehandler", "saksbehandler"),
                                 ("per", "Per Attestant", "attestant"), ("lise", "Lise Leder", "leder")):
        users.create_user(ctx, username, name, role, PASSWORD)  # what user administration saves
    yield ctx
    ctx.close()


def _login(ctx: AppContext, username: str) -> AppContext:
    return users.login(ctx, username, PASSWORD)


# --- a robot that answers what the program asks (message boxes) and fills modal dialogs ----------
class Robot:
    def __init__(self, qtbot: QtBot) -> None:
        self.messages: list[tuple[str, str]] = []
        self.handlers: list[tuple[str, Callable[[QWidget], None]]] = []
        self._boxes = QTimer()
        self._boxes.setInterval(30)
        self._boxes.timeout.connect(self._answer_boxes)
        self._boxes.start()
        self._dialogs = QTimer()
        self._dialogs.setInterval(30)
        self._dialogs.timeout.connect(self._fill_dialog)
        self._dialogs.start()

    def on(self, object_name: str, handler: Callable[[QWidget], None]) -> None:
        self.handlers.append((object_name, handler))

    # Only calls that return lists here: PySide6 6.12 on Python 3.11 loses a reference to None each
    # time a wrapped call returns None (QApplication.activeModalWidget(), QMessageBox.button()), and
    # a timer asking 30 times a second brings None's count to zero within a minute.
    def _answer_boxes(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.messages.append((widget.windowTitle(), widget.text()))
                roles = {widget.standardButton(b): b for b in widget.buttons()}
                button = roles.get(QMessageBox.StandardButton.Yes, roles.get(QMessageBox.StandardButton.Ok))
                if button is not None:
                    button.click()
                else:
                    widget.accept()

    def _fill_dialog(self) -> None:
        if not self.handlers:
            return
        name, handler = self.handlers[0]
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == name and widget.isVisible() and widget.isModal():
                self.handlers.pop(0)
                handler(widget)
                return

    def stop(self) -> None:
        self._boxes.stop()
        self._dialogs.stop()


@pytest.fixture
def robot(qtbot: QtBot) -> Iterator[Robot]:
    helper = Robot(qtbot)
    yield helper
    helper.stop()


def _pdf_text(path: Path) -> str:
    reader = PdfReader(BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    return window


def _register_person(qtbot: QtBot, window: MainWindow, robot: Robot, number: str, first: str, last: str,
                     children: tuple[tuple[str, str], ...] = (), account: str = "", maalform: str = "") -> None:
    """Portefølje → «Ny person…»: the person form, filled with the keyboard."""
    window.show_tab("portefolje")

    def fill(widget: QWidget) -> None:
        from ui.dialogs.person_form import PersonFormDialog

        assert isinstance(widget, PersonFormDialog)
        qtbot.keyClicks(widget.fnr, number)
        assert widget.fnr_status.text() == "Gyldig fødselsnummer."
        qtbot.keyClicks(widget.first_name, first)
        qtbot.keyClicks(widget.last_name, last)
        qtbot.keyClicks(widget.address, "Storgata 1")
        qtbot.keyClicks(widget.postcode, "3140")
        qtbot.keyClicks(widget.postplace, "Nøtterøy")
        qtbot.keyClicks(widget.phone, "912 34 567")
        qtbot.keyClicks(widget.email, "person@example.no")
        if account:  # a mistyped kontonummer is refused (mod 11) and the form stays open with what was typed
            qtbot.keyClicks(widget.bank_account, account[:-1] + "1")
            assert "kontrollsifferet" in widget.bank_status.text()
            qtbot.mouseClick(widget.buttons.button(widget.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
            assert "kontrollsifferet" in widget.errors.text() and widget.isVisible()
            assert widget.first_name.text() == first
            widget.bank_account.clear()
            qtbot.keyClicks(widget.bank_account, account)
            assert widget.bank_status.text() == "Gyldig kontonummer."
        for name, born in children:
            qtbot.mouseClick(widget.add_child_button, Qt.MouseButton.LeftButton)
            row = widget.children_table.rowCount() - 1
            widget.children_table.item(row, 0).setText(name)
            widget.children_table.item(row, 1).setText(born)
        if children:
            assert f"Nå: {len(children)} barn" in widget.children_info.text()
        if maalform:
            widget.written_standard.setCurrentIndex(widget.written_standard.findData(maalform))
        widget.language.setCurrentText("norsk")
        qtbot.mouseClick(widget.buttons.button(widget.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    robot.on("personFormDialog", fill)
    qtbot.mouseClick(window.portfolio_tab.new_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers
    # Choose the person in the person bar: type the name, Enter.
    window.focus_person_search()
    qtbot.keyClicks(window.person_bar.search, last)
    qtbot.keyClick(window.person_bar.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.person_bar.person is not None, timeout=3000)
    person = window.person_bar.person
    assert person is not None and person.last_name == last


def _application(qtbot: QtBot, window: MainWindow, registered: str, assessed: str | None) -> ScreeningTab:
    window.show_tab("inngangsvilkar")
    tab = window.screening_tab
    assert window.tabs.currentWidget() is tab

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ApplicationDialog)
        assert not dialog.errors.text(), dialog.errors.text()  # refused: say why (no endless retry)
        dialog.registered.setText(registered)
        if assessed:
            dialog.assessed.setText(assessed)
            dialog.outcome.setCurrentIndex(dialog.outcome.findData("spesielt_tilpasset"))
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = fill
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    assert tab.view is not None
    return tab


def _deadline(tab: ScreeningTab) -> str:
    lines = [tab.deadline_list.item(i).text() for i in range(tab.deadline_list.count())]
    return next((line for line in lines if "Saksbehandlingstid" in line), "")


def _issue_in_documents(qtbot: QtBot, dialog: QWidget, robot: Robot, target: Path) -> None:
    """In Dokumenter: «Fatt…» (confirmed), «Lagre som PDF…», «Merk som sendt»."""
    from ui.documents.dialog import DocumentsDialog

    assert isinstance(dialog, DocumentsDialog)
    view = dialog.current()
    assert view is not None and view.state == "draft"
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current() is not None and dialog.current().state == "issued", timeout=5000)
    assert dialog.save_selected(target) == target  # the button's slot with the chosen file
    qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)


def test_journey_grant_programme_attendance_payout_and_certificate(
    qtbot: QtBot, office: AppContext, robot: Robot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = Clock(dt.date(2026, 11, 2))  # a Monday
    install(monkeypatch, clock)
    window = _window(qtbot, _login(office, "kari"))
    number = synthetic_fodselsnummer(random.Random(2026), dt.date(1988, 5, 17), "2")
    _register_person(qtbot, window, robot, number, "Sara", "Nilsen",
                     children=(("Ida", "14.02.2015"), ("Ole", "03.09.2019")), account=ACCOUNT, maalform="nn")
    person = window.person_bar.person
    assert person is not None and len(person.children) == 2 and person.bank_account == "12345678903"
    assert person.written_standard == "nn"

    # «Endre person…» shows the record again (the person bar's button).
    def look(widget: QWidget) -> None:
        from ui.dialogs.person_form import PersonFormDialog

        assert isinstance(widget, PersonFormDialog) and widget.windowTitle() == "Endre person"
        assert widget.bank_account.text() == ACCOUNT and widget.children_table.rowCount() == 2
        assert widget.fnr.isReadOnly()
        widget.reject()

    robot.on("personFormDialog", look)
    qtbot.mouseClick(window.person_bar.edit_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers

    # Inngangsvilkår: the application, the facts, the judgements and «Konkluder».
    tab = _application(qtbot, window, "02.11.2026", "20.10.2026")
    tab.lawful.setCurrentIndex(tab.lawful.findData(True))
    tab.abode.setCurrentIndex(tab.abode.findData(True))
    tab.language.setCurrentIndex(tab.language.findData(False))
    tab.set_judgement("reduced_capacity", "met", "Lite skolegang og helseplager over lang tid.")
    tab.set_judgement("close_coordinated_help", "met", "Trenger oppfølging fra NAV, fastlege og DPS.")
    tab.set_judgement("suitable_programme", "met", "Arbeidspraksis og norskopplæring kan tilbys.")
    tab.refresh_evaluation()

    def conclude(dialog: QDialog) -> int:
        assert isinstance(dialog, ConcludeDialog)
        dialog.start.setText("02.11.2026")
        dialog.period_to.setText("31.01.2027")
        dialog.considerations.setPlainText("Målet er fast arbeid i butikk.")
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = conclude
    qtbot.mouseClick(tab.conclude_button, Qt.MouseButton.LeftButton)
    assert "Konkludert: Innvilgelse" in tab.problems.text()
    # Concluded, the letter still a draft: «Vedtak under arbeid», and the processing deadline runs on.
    assert "Vedtak under arbeid" in tab.application_list.item(0).text()
    assert _deadline(tab) and not _deadline(tab).startswith("✓")
    assert tab.letter_button.isVisible() and "vedtaksutkastet er laget" in tab.next_step.text()

    # The next step is one click away: the draft decision in Dokumenter.
    grant_pdf = tmp_path / "innvilgelse.pdf"
    tab.documents_runner = lambda dialog: _issue_in_documents(qtbot, dialog, robot, grant_pdf)
    qtbot.mouseClick(tab.letter_button, Qt.MouseButton.LeftButton)
    assert tuple(t for t, _text in robot.messages[-1:]) == ("Fatt vedtak", )
    text = _pdf_text(grant_pdf)
    assert "Vedtak om kvalifiseringsprogram og kvalifiseringsstønad" in text  # nynorsk: the person's målform
    assert "Sara Nilsen" in text and "barnetillegg for 2 born" in text  # both children, in nynorsk
    assert "Innvilget" in tab.application_list.item(0).text()
    assert not _deadline(tab) or _deadline(tab).startswith("✓")
    assert tab.programme_button.isVisible() and "Opprett programmet" in tab.next_step.text()

    # «Mine oppgaver» (the person bar's button; Dokumenter → Mine oppgaver…, Ctrl+T) has «Opprett program»
    # for her; «Åpne» goes to Programbygger.
    qtbot.mouseClick(window.person_bar.tasks_button, Qt.MouseButton.LeftButton)
    tasks = window.tasks_dialog
    assert tasks.isVisible()
    task = tasks.select_kind("create_programme", person.id)
    assert task is not None and "02.11.2026" in task.text and "31.01.2027" in task.text

    def create(dialog: QDialog) -> int:
        from ui.programme.dialogs import CreateProgrammeDialog

        assert isinstance(dialog, CreateProgrammeDialog)
        assert dialog.start.date().toString("dd.MM.yyyy") == "02.11.2026"
        assert dialog.end.date().toString("dd.MM.yyyy") == "31.01.2027"
        assert dialog.templates.count() >= 2  # empty, and the templates
        return QDialog.DialogCode.Accepted

    window.programme_tab.dialog_runner = create
    qtbot.mouseClick(tasks.open_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.programme_tab
    programme = window.programme_tab.programme
    assert programme is not None and programme.start_date == dt.date(2026, 11, 2)
    assert programme.planned_end_date == dt.date(2027, 1, 31) and programme.phases
    qtbot.waitUntil(lambda: tasks.select_kind("create_programme", person.id) is None, timeout=3000)  # done
    tasks.close()

    # A month of attendance, registered in arrears on 1 December in the week sheet.
    clock.set(dt.date(2026, 12, 1))
    window.show_tab("utbetalinger")
    payouts_tab = window.payouts_tab
    for monday in (dt.date(2026, 11, 2), dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23),
                   dt.date(2026, 11, 30)):
        sheet = payouts_tab.open_week_sheet(monday)
        qtbot.waitExposed(sheet)
        table = sheet.table
        assert sheet.model.rowCount() == 1
        table.setFocus()
        days = 1 if monday.month != (monday + dt.timedelta(days=4)).month else 5
        for column in range(days):
            _type_cell(qtbot, table, "7,5")
            qtbot.keyClick(_target(table), Qt.Key.Key_Tab if column < days - 1 else Qt.Key.Key_Return)
        assert not sheet.model.errors
        qtbot.keyClick(_target(table), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert f"Lagret {days} dager" in sheet.status.text()
        sheet.close()

    # The payout run: made by Kari, approved by Per (four eyes), the specification with the account.
    worker = payouts_tab.start_run("2026-11")
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: payouts_tab.current_run is not None, timeout=10_000)
    assert not payouts_tab.buttons["approveRun"].isEnabled()
    window.switch_context(_login(office, "per"))
    payouts_tab.reload()
    qtbot.waitUntil(lambda: payouts_tab.current_run is not None, timeout=5_000)
    assert payouts_tab.buttons["approveRun"].isEnabled()
    qtbot.mouseClick(payouts_tab.buttons["approveRun"], Qt.MouseButton.LeftButton)
    assert payouts_tab.current_run is not None and payouts_tab.current_run.state == "approved"
    spec = tmp_path / "spesifikasjon.pdf"
    assert payouts_tab.write_specification(person.id, spec)
    spec_text = _pdf_text(spec)
    assert ACCOUNT in spec_text and "Barnetillegg" in spec_text

    # The deltakerbevis: refused before the programme has ended (Dokumenter → Nytt utkast).
    window.switch_context(_login(office, "kari"))
    window.select_person(person.id)
    refused: list[str] = []

    def try_certificate(widget: QWidget) -> None:
        from ui.documents.dialog import DocumentsDialog

        assert isinstance(widget, DocumentsDialog)
        before = len(robot.messages)
        widget.findChild(type(widget.new_button.menu().actions()[0]), "documentsNew_deltakerbevis").trigger()
        qtbot.waitUntil(lambda: len(robot.messages) > before, timeout=3000)
        refused.append(robot.messages[-1][1])
        widget.reject()

    robot.on("documentsDialog", try_certificate)
    window.findChild(type(window.menuBar().actions()[0]), "actionCertificate").trigger()
    assert refused and "Programmet er ikke avsluttet" in refused[0] and "31.01.2027" in refused[0]

    # After the end (the clock moves to February): drafted, issued («Utsted deltakerbevis»), saved.
    clock.set(dt.date(2027, 2, 1))
    certificate_pdf = tmp_path / "deltakerbevis.pdf"

    def issue_certificate(widget: QWidget) -> None:
        from ui.documents.dialog import DocumentsDialog

        assert isinstance(widget, DocumentsDialog)
        widget.findChild(type(widget.new_button.menu().actions()[0]), "documentsNew_deltakerbevis").trigger()
        current = widget.current()
        assert current is not None and current.letter_type == "deltakerbevis" and current.state == "draft"
        _issue_in_documents(qtbot, widget, robot, certificate_pdf)
        widget.reject()

    robot.on("documentsDialog", issue_certificate)
    window.findChild(type(window.menuBar().actions()[0]), "actionCertificate").trigger()
    assert not robot.handlers
    assert any(title == "Utsted deltakerbevis" for title, _text in robot.messages)
    assert all(title != "Fatt vedtak" for title, text in robot.messages if "deltakerbevis" in text.casefold())
    text = _pdf_text(certificate_pdf)
    assert "Deltakarbevis" in text or "Deltakerbevis" in text
    assert "2. november 2026" in text and "31. januar 2027" in text
    assert "desember 2026 til og med" not in text
    _finish(window)


_TABLE: list[QTableView] = []


def _target(table: QTableView) -> QWidget:
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    if editors:
        return editors[0]
    focus = QApplication.focusWidget()
    return focus if focus is not None and table.window().isAncestorOf(focus) else table


def _type_cell(qtbot: QtBot, table: QTableView, text: str) -> None:
    for char in text:
        qtbot.keyClick(_target(table), char)


def test_journey_amina_is_refused_on_the_failed_criterion(
    qtbot: QtBot, office: AppContext, robot: Robot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = Clock(dt.date(2026, 11, 2))
    install(monkeypatch, clock)
    window = _window(qtbot, _login(office, "kari"))
    number = synthetic_fodselsnummer(random.Random(1994), dt.date(1994, 2, 10), "2")
    _register_person(qtbot, window, robot, number, "Amina", "Hassan")
    # No arbeidsevnevurdering: the application has none.
    tab = _application(qtbot, window, "26.10.2026", None)
    tab.lawful.setCurrentIndex(tab.lawful.findData(True))
    tab.abode.setCurrentIndex(tab.abode.findData(True))
    tab.language.setCurrentIndex(tab.language.findData(True))
    qtbot.mouseClick(tab.education, Qt.MouseButton.LeftButton)
    tab.refresh_evaluation()
    assert tab.education.isChecked()
    # Concluding now asks only for the failed criterion's assessment — not for an arbeidsevnevurdering.
    qtbot.mouseClick(tab.conclude_button, Qt.MouseButton.LeftButton)
    assert tab.problems.text().startswith("Avslaget kan konkluderes når vilkårene som ikke er oppfylt")
    assert "«Vesentlig nedsatt arbeids- og inntektsevne» mangler saksbehandlerens vurdering" in tab.problems.text()
    assert "Arbeidsevnevurdering" not in tab.problems.text()
    tab.set_judgement("reduced_capacity", "not_met",
                      "Språk er eneste hinder; hun har gode resultater i ordinær grunnskole for voksne.")
    tab.refresh_evaluation()
    outcome: list[str] = []

    def conclude(dialog: QDialog) -> int:
        assert isinstance(dialog, ConcludeDialog)
        outcome.append(dialog.findChild(QWidget, "concludeOutcome").text())  # type: ignore[union-attr]
        dialog.considerations.setPlainText("Norskopplæring gjennom introduksjonsordningen er riktig tilbud.")
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = conclude
    qtbot.mouseClick(tab.conclude_button, Qt.MouseButton.LeftButton)  # no arbeidsevnevurdering needed
    assert "Konkludert: Avslag" in tab.problems.text()
    assert "Ikke oppfylt: Vesentlig nedsatt arbeids- og inntektsevne" in outcome[0]
    assert "Ikke vurdert (trengs ikke for avslaget)" in outcome[0]
    assert "Vedtak under arbeid" in tab.application_list.item(0).text()
    refusal_pdf = tmp_path / "avslag.pdf"
    tab.documents_runner = lambda dialog: _issue_in_documents(qtbot, dialog, robot, refusal_pdf)
    qtbot.mouseClick(tab.letter_button, Qt.MouseButton.LeftButton)
    text = _pdf_text(refusal_pdf)
    assert "Amina Hassan" in text and "Språk er eneste hinder" in text and "Statsforvalteren" in text
    assert "Avslått" in tab.application_list.item(0).text()
    assert not tab.letter_button.isVisible() and not tab.programme_button.isVisible()
    assert not _deadline(tab)
    _finish(window)


def _finish(window: MainWindow) -> None:
    """Close what the journey opened and let the background previews end before the next test."""
    for dialog in window.findChildren(QDialog):
        dialog.close()
    window.close()
    QThreadPool.globalInstance().waitForDone(30_000)
    QApplication.processEvents()
