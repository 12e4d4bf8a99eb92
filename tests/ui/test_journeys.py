"""Journeys through the real main window (menus, buttons, keys, objectNames), each from an EMPTY
database: the program's own start-up asks for the first administrator and the office set-up;
Innstillinger → Brukere… adds a caseworker, an approver and a leader; Fil → Logg ut / Bytt bruker…
and the login dialog change who works. The clock moves over the months (``tests.support.clock``);
the letters, the certificate and the payout specification are saved with the window's own buttons
(the file dialog answered with a path) and read with pypdf. ``KVP_SCREENSHOTS=<dir>`` keeps the
screenshots of the steps.

1. A person with two children and a bank account is registered, screened and granted; the letter
   is issued; «Mine oppgaver» opens Programbygger where the programme is created; a month of
   attendance; the payout run is made by one user and approved by another; the deltakerbevis is
   refused before the programme has ended and issued after it.
2. Amina (language the only obstacle, in ordinary education, no arbeidsevnevurdering) is refused
   on the failed criterion and the refusal letter is issued.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from tests.support.clock import Clock, install
from tests.support.modals import ModalScript
from tests.support.office_steps import click, first_admin, login, new_user, office_setup
from ui import app
from ui.main_window import MainWindow
from ui.payouts.week_sheet import WeekSheetDialog
from ui.runner import runner
from ui.screening.forms import ApplicationDialog, ConcludeDialog
from ui.screening.tab import ScreeningTab

ACCOUNT = "1234.56.78903"




# --- the office, from an empty database, through the window ----------------------------------------
STAFF = (("Kari Saksbehandler", "kari", "saksbehandler"), ("Per Attestant", "per", "attestant"),
         ("Lise Leder", "lise", "leder"))


def _action(window: QWidget, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    assert action.isEnabled() and action.isVisible(), name
    return action


def _trigger(window: MainWindow, name: str, script: ModalScript) -> None:
    """A menu action whose modal dialogs ``script`` answers (returns when they are done)."""
    _action(window, name).trigger()
    script.done()


def _new_office(qtbot: QtBot, tmp_path: Path, shots: Path | None = None) -> MainWindow:
    """The program's own start on a new file: the first administrator and the office set-up; then
    Innstillinger → Brukere… adds a caseworker, an approver and a leader; Fil → Logg ut, and the
    caseworker logs in."""
    url = f"sqlite:///{tmp_path / 'kontor.db'}"
    ctx = open_context(url)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()

    def setup(dialog: QWidget) -> None:
        office_setup()(dialog)  # fills the form; «Lagre og fortsett» is clicked on the next turn
        if shots is not None:
            dialog.grab().save(str(shots / "01-kontor.png"))

    script = ModalScript().expect("firstAdminDialog", first_admin()).expect("officeSetupDialog", setup)
    startup = app.Startup(app.build_parser().parse_args(["--database", url]), "portefolje", False, None)
    assert startup.finish(window, ctx) is None
    script.done()
    assert window.windowTitle() == "KVP Desktop – NAV Nyby"
    assert window.user_label.text() == "Bruker: Ada Administrator (admin)"

    def close_users(dialog: QWidget) -> None:
        table = dialog.findChild(QTableWidget, "usersTable")
        assert table is not None
        names = {item.text() for r in range(table.rowCount()) if (item := table.item(r, 1)) is not None}
        assert names == {"admin", "kari", "per", "lise"}
        if shots is not None:
            dialog.grab().save(str(shots / "02-brukere.png"))
        click(dialog, "usersClose")

    staff = ModalScript()
    for full_name, username, role in STAFF:
        staff.expect("usersDialog", lambda d: click(d, "usersAdd"))
        staff.expect("newUserDialog", new_user(full_name, username, role))
    staff.expect("usersDialog", close_users)
    _trigger(window, "actionUsers", staff)
    _log_in(window, "kari", log_out=True)
    return window


def _log_in(window: MainWindow, username: str, *, log_out: bool = False) -> None:
    """Fil → Logg ut (or Fil → Bytt bruker…) and the login dialog."""
    _trigger(window, "actionLogOut" if log_out else "actionSwitchUser",
             ModalScript().expect("loginDialog", login(username)))
    assert window.user_label.text().endswith(f"({username})"), window.user_label.text()
    central = window.centralWidget()
    assert central is not None and central.isVisible()


def _choose_person(qtbot: QtBot, window: MainWindow, last: str) -> None:
    """Choose the person in the person bar: Ctrl+F's field, the name, Enter."""
    window.focus_person_search()
    window.person_bar.search.clear()
    qtbot.keyClicks(window.person_bar.search, last)
    qtbot.keyClick(window.person_bar.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.person_bar.person is not None, timeout=3000)
    person = window.person_bar.person
    assert person is not None and person.last_name == last


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
                try:
                    handler(widget)
                except BaseException:  # close the dialog so the test fails here instead of waiting forever
                    close = getattr(widget, "reject", None)
                    if callable(close):
                        QTimer.singleShot(0, close)
                    raise
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


def _register_person(qtbot: QtBot, window: MainWindow, robot: Robot, number: str, first: str, last: str,
                     children: tuple[tuple[str, str], ...] = (), account: str = "", maalform: str = "") -> None:
    """Portefølje → «Ny person…»: the person form, filled with the keyboard."""
    window.show_tab("portefolje")

    def fill(widget: QWidget) -> None:
        from ui.portfolio.person_form import PersonFormDialog

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
    _choose_person(qtbot, window, last)


def _ok(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    """Click the dialog's OK/Save button (found by objectName) with the mouse."""
    button = dialog.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _application(qtbot: QtBot, window: MainWindow, robot: Robot, registered: str,
                 assessed: str | None) -> ScreeningTab:
    window.show_tab("inngangsvilkar")
    tab = window.screening_tab
    assert window.tabs.currentWidget() is tab

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ApplicationDialog)
        assert not dialog.errors.text(), dialog.errors.text()
        dialog.registered.setText(registered)
        if assessed:
            dialog.assessed.setText(assessed)
            dialog.outcome.setCurrentIndex(dialog.outcome.findData("spesielt_tilpasset"))
        buttons = dialog.findChild(QDialogButtonBox, "applicationButtons")
        assert buttons is not None
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    robot.on("applicationDialog", fill)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers, "the application dialog was not shown"
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    assert tab.view is not None
    return tab


def _deadline(tab: ScreeningTab) -> str:
    lines = [tab.deadline_list.item(i).text() for i in range(tab.deadline_list.count())]
    return next((line for line in lines if "Saksbehandlingstid" in line), "")


def _save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """The next file dialog is answered with ``target`` (as the other window tests answer it)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF (*.pdf)"))


def _issue_in_documents(qtbot: QtBot, dialog: QWidget, monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """In Dokumenter: «Fatt…» (confirmed), «Lagre som PDF…» (the file dialog answered), «Merk som sendt»."""
    from ui.documents.dialog import DocumentsDialog

    assert isinstance(dialog, DocumentsDialog)
    view = dialog.current()
    assert view is not None and view.state == "draft"
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current() is not None and dialog.current().state == "issued", timeout=5000)
    _save_as(monkeypatch, target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.stat().st_size > 1_000 and dialog.status.text() == f"Lagret {target.name}."
    qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)


def _issue_and_close(qtbot: QtBot, dialog: QWidget, monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    _issue_in_documents(qtbot, dialog, monkeypatch, target)
    _ok(qtbot, dialog, "documentsCloseButton")


def test_journey_grant_programme_attendance_payout_and_certificate(
    qtbot: QtBot, robot: Robot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = Clock(dt.date(2026, 11, 2))  # a Monday
    install(monkeypatch, clock)
    shots = Path(os.environ.get("KVP_SCREENSHOTS") or tmp_path / "skjermbilder")
    shots.mkdir(parents=True, exist_ok=True)
    window = _new_office(qtbot, tmp_path, shots)
    number = synthetic_fodselsnummer(random.Random(2026), dt.date(1988, 5, 17), "2")
    _register_person(qtbot, window, robot, number, "Sara", "Nilsen",
                     children=(("Ida", "14.02.2015"), ("Ole", "03.09.2019")), account=ACCOUNT, maalform="nn")
    person = window.person_bar.person
    assert person is not None and len(person.children) == 2 and person.bank_account == "12345678903"
    assert person.written_standard == "nn"

    # «Endre person…» shows the record again (the person bar's button).
    def look(widget: QWidget) -> None:
        from ui.portfolio.person_form import PersonFormDialog

        assert isinstance(widget, PersonFormDialog) and widget.windowTitle() == "Endre person"
        assert widget.bank_account.text() == ACCOUNT and widget.children_table.rowCount() == 2
        assert widget.fnr.isReadOnly()
        widget.reject()

    robot.on("personFormDialog", look)
    qtbot.mouseClick(window.person_bar.edit_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers

    # Inngangsvilkår: the application, the facts, the judgements and «Konkluder».
    tab = _application(qtbot, window, robot, "02.11.2026", "20.10.2026")
    tab.lawful.setCurrentIndex(tab.lawful.findData(True))
    tab.abode.setCurrentIndex(tab.abode.findData(True))
    tab.language.setCurrentIndex(tab.language.findData(False))
    tab.set_judgement("reduced_capacity", "met", "Lite skolegang og helseplager over lang tid.")
    tab.set_judgement("close_coordinated_help", "met", "Trenger oppfølging fra NAV, fastlege og DPS.")
    tab.set_judgement("suitable_programme", "met", "Arbeidspraksis og norskopplæring kan tilbys.")
    tab.refresh_evaluation()

    def conclude(dialog: QWidget) -> None:
        assert isinstance(dialog, ConcludeDialog)
        dialog.start.setText("02.11.2026")
        dialog.period_to.setText("31.01.2027")
        dialog.considerations.setPlainText("Målet er fast arbeid i butikk.")
        _ok(qtbot, dialog, "concludeOk")

    robot.on("concludeDialog", conclude)
    qtbot.mouseClick(tab.conclude_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers
    assert "Konkludert: Innvilgelse" in tab.problems.text()
    # Concluded, the letter still a draft: «Vedtak under arbeid», and the processing deadline runs on.
    assert "Vedtak under arbeid" in tab.application_list.item(0).text()
    assert _deadline(tab) and not _deadline(tab).startswith("✓")
    assert tab.letter_button.isVisible() and "vedtaksutkastet er laget" in tab.next_step.text()

    # The next step is one click away: the draft decision in Dokumenter.
    grant_pdf = tmp_path / "innvilgelse.pdf"
    robot.on("documentsDialog", lambda dialog: _issue_and_close(qtbot, dialog, monkeypatch, grant_pdf))
    qtbot.mouseClick(tab.letter_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers
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

    def create(dialog: QWidget) -> None:
        from ui.programme.dialogs import CreateProgrammeDialog

        assert isinstance(dialog, CreateProgrammeDialog)
        assert dialog.start.date().toString("dd.MM.yyyy") == "02.11.2026"
        assert dialog.end.date().toString("dd.MM.yyyy") == "31.01.2027"
        assert dialog.templates.count() >= 2  # empty, and the templates
        _ok(qtbot, dialog, "createProgrammeOk")

    robot.on("createProgrammeDialog", create)
    qtbot.mouseClick(tasks.open_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers
    assert window.tabs.currentWidget() is window.programme_tab
    programme = window.programme_tab.programme
    assert programme is not None and programme.start_date == dt.date(2026, 11, 2)
    assert programme.planned_end_date == dt.date(2027, 1, 31) and programme.phases
    qtbot.waitUntil(lambda: tasks.select_kind("create_programme", person.id) is None, timeout=3000)  # done
    tasks.close()

    # A month of attendance, registered in arrears on 1 December: «Timeliste …» opens last week
    # (23 November); «◀ Forrige uke» three times goes back to the programme's first week, and
    # «Neste uke ▶» on through the month, each week typed in with the keyboard and saved with Ctrl+S.
    clock.set(dt.date(2026, 12, 1))
    window.show_tab("utbetalinger")
    payouts_tab = window.payouts_tab
    qtbot.mouseClick(payouts_tab.buttons["weekSheet"], Qt.MouseButton.LeftButton)
    sheet = window.findChild(WeekSheetDialog, "weekSheetDialog")
    assert sheet is not None
    qtbot.waitExposed(sheet)
    assert sheet.model.monday == dt.date(2026, 11, 23)
    for _week in range(3):
        qtbot.mouseClick(sheet.previous, Qt.MouseButton.LeftButton)
    for monday in (dt.date(2026, 11, 2), dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23),
                   dt.date(2026, 11, 30)):
        if monday != dt.date(2026, 11, 2):
            qtbot.mouseClick(sheet.next, Qt.MouseButton.LeftButton)
        assert sheet.model.monday == monday
        assert f"Uke {monday.isocalendar().week}:" in sheet.week_label.text()
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
        if monday == dt.date(2026, 11, 9):
            sheet.grab().save(str(shots / "03-timeliste.png"))
    sheet.close()

    # The payout run: «Ny kjøring …» by Kari (the month asked in the input dialog: last month, November),
    # then Fil → Bytt bruker… to Per, who approves (four eyes) and saves the specification with the
    # tab's «Spesifikasjon (PDF) …» for the person chosen in the person bar.
    asked: list[str] = []

    def month(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.textValue())
        QTimer.singleShot(0, dialog.accept)  # what OK does (a key or button click here crashes PySide6 in getText)

    script = ModalScript().expect("", month)  # QInputDialog.getText: a dialog without an objectName
    qtbot.mouseClick(payouts_tab.buttons["newRun"], Qt.MouseButton.LeftButton)
    script.done()
    assert asked == ["2026-11"]
    qtbot.waitUntil(lambda: payouts_tab.current_run is not None and payouts_tab.current_run.label == "2026-11",
                    timeout=60_000)
    worker = payouts_tab.worker
    assert worker is not None
    qtbot.waitUntil(worker.is_finished, timeout=10_000)
    assert "En annen attestant må godkjenne det" in payouts_tab.message.text()
    assert not payouts_tab.buttons["approveRun"].isEnabled()
    assert payouts_tab.buttons["approveRun"].toolTip().startswith("Bare en attestant eller leder")
    _log_in(window, "per")
    assert window.tabs.currentWidget() is payouts_tab
    qtbot.waitUntil(lambda: payouts_tab.current_run is not None, timeout=5_000)
    assert payouts_tab.buttons["approveRun"].isEnabled()
    qtbot.mouseClick(payouts_tab.buttons["approveRun"], Qt.MouseButton.LeftButton)
    assert payouts_tab.current_run is not None and payouts_tab.current_run.state == "approved"
    _choose_person(qtbot, window, "Nilsen")
    payouts_tab.grab().save(str(shots / "04-utbetalinger.png"))
    spec = tmp_path / "spesifikasjon.pdf"
    _save_as(monkeypatch, spec)
    qtbot.mouseClick(payouts_tab.buttons["specification"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner().busy(), timeout=30_000)  # written on the worker thread
    spec_text = _pdf_text(spec)
    assert ACCOUNT in spec_text and "Barnetillegg" in spec_text
    assert "Sara Nilsen" in spec_text and "UTKAST" not in spec_text
    assert "NAV Nyby" in spec_text and "974760673" in spec_text  # the office as set up in the window

    # The leader logs in (Fil → Logg ut): she sees the run made by Kari and approved by Per.
    _log_in(window, "lise", log_out=True)
    qtbot.waitUntil(lambda: payouts_tab.current_run is not None, timeout=5_000)
    assert payouts_tab.current_run.created_by == "Kari Saksbehandler"
    assert payouts_tab.current_run.approved_by == "Per Attestant"
    assert "godkjent av Per Attestant" in payouts_tab.lines_title.toolTip()

    # The deltakerbevis: refused before the programme has ended (Dokumenter → Nytt utkast).
    _log_in(window, "kari")
    _choose_person(qtbot, window, "Nilsen")
    refused: list[str] = []

    def try_certificate(widget: QWidget) -> None:
        from ui.documents.dialog import DocumentsDialog

        assert isinstance(widget, DocumentsDialog)
        before = len(robot.messages)
        _action(widget, "documentsNew_deltakerbevis").trigger()
        qtbot.waitUntil(lambda: len(robot.messages) > before, timeout=3000)
        refused.append(robot.messages[-1][1])
        widget.reject()

    robot.on("documentsDialog", try_certificate)
    _action(window, "actionCertificate").trigger()
    assert refused and "Programmet er ikke avsluttet" in refused[0] and "31.01.2027" in refused[0]

    # After the end (the clock moves to February): drafted, issued («Utsted deltakerbevis»), saved.
    clock.set(dt.date(2027, 2, 1))
    certificate_pdf = tmp_path / "deltakerbevis.pdf"

    def issue_certificate(widget: QWidget) -> None:
        from ui.documents.dialog import DocumentsDialog

        assert isinstance(widget, DocumentsDialog)
        _action(widget, "documentsNew_deltakerbevis").trigger()
        current = widget.current()
        assert current is not None and current.letter_type == "deltakerbevis" and current.state == "draft"
        _issue_in_documents(qtbot, widget, monkeypatch, certificate_pdf)
        widget.reject()

    robot.on("documentsDialog", issue_certificate)
    _action(window, "actionCertificate").trigger()
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
    # As between a user's keys: Qt first handles what the last key queued (Return commits the cell
    # editor with a queued call; a key sent before it runs would find an editor the view has closed).
    QApplication.processEvents()
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    if editors:
        return editors[0]
    focus = QApplication.focusWidget()
    return focus if focus is not None and table.window().isAncestorOf(focus) else table


def _type_cell(qtbot: QtBot, table: QTableView, text: str) -> None:
    for char in text:
        qtbot.keyClick(_target(table), char)


def test_journey_amina_is_refused_on_the_failed_criterion(
    qtbot: QtBot, robot: Robot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = Clock(dt.date(2026, 11, 2))
    install(monkeypatch, clock)
    window = _new_office(qtbot, tmp_path)
    number = synthetic_fodselsnummer(random.Random(1994), dt.date(1994, 2, 10), "2")
    _register_person(qtbot, window, robot, number, "Amina", "Hassan")
    # No arbeidsevnevurdering: the application has none.
    tab = _application(qtbot, window, robot, "26.10.2026", None)
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

    def conclude(dialog: QWidget) -> None:
        assert isinstance(dialog, ConcludeDialog)
        outcome.append(dialog.findChild(QWidget, "concludeOutcome").text())  # type: ignore[union-attr]
        dialog.considerations.setPlainText("Norskopplæring gjennom introduksjonsordningen er riktig tilbud.")
        _ok(qtbot, dialog, "concludeOk")

    robot.on("concludeDialog", conclude)
    qtbot.mouseClick(tab.conclude_button, Qt.MouseButton.LeftButton)  # no arbeidsevnevurdering needed
    assert not robot.handlers
    assert "Konkludert: Avslag" in tab.problems.text()
    assert "Ikke oppfylt: Vesentlig nedsatt arbeids- og inntektsevne" in outcome[0]
    assert "Ikke vurdert (trengs ikke for avslaget)" in outcome[0]
    assert "Vedtak under arbeid" in tab.application_list.item(0).text()
    refusal_pdf = tmp_path / "avslag.pdf"
    robot.on("documentsDialog", lambda dialog: _issue_and_close(qtbot, dialog, monkeypatch, refusal_pdf))
    qtbot.mouseClick(tab.letter_button, Qt.MouseButton.LeftButton)
    assert not robot.handlers
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
    runner().wait(30_000)
    QApplication.processEvents()
    window.ctx.close()
