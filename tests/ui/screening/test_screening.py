"""Inngangsvilkår driven with pytest-qt: a new application to a concluded grant and a concluded
refusal; concluding too early is refused in Norwegian and saves nothing; the print and deadlines."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import persons
from kvp_desktop.services.screening import applications, screening
from kvp_desktop.store.models import Decision, Screening
from ui.main_window import MainWindow
from ui.screening.forms import ApplicationDialog, ConcludeDialog
from ui.screening.tab import ScreeningTab, _next_monday


def _count(ctx: AppContext, model: type) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def _open(qtbot: QtBot, ctx: AppContext, birth: dt.date) -> tuple[MainWindow, ScreeningTab, int]:
    worker = ctx.as_user("demo.saksbehandler")
    number = synthetic_fodselsnummer(random.Random(birth.toordinal()), birth, "1")
    person = persons.create_person(worker, persons.PersonInput(number, "Ola", "Søker", address="Storgata 1",
                                                               postcode="3140", postplace="Nøtterøy"))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.select_person(person.id)
    window.show_tab("Inngangsvilkår")
    return window, window.screening_tab, person.id


def _register(tab: ScreeningTab, outcome: str) -> None:
    today = dt.date.today()

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ApplicationDialog)
        dialog.registered.setText((today - dt.timedelta(days=5)).strftime("%d.%m.%Y"))
        dialog.meeting.setText((today - dt.timedelta(days=9)).strftime("%d.%m.%Y"))
        dialog.assessed.setText((today - dt.timedelta(days=20)).strftime("%d.%m.%Y"))
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))
        dialog.note_fields["historikk"].setPlainText("Falt ut av skolen i 8. klasse.")
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = fill
    tab.new_button.click()
    assert tab.application_list.count() == 1
    assert tab.current_application() is not None
    tab.start_button.click()
    assert tab.view is not None and tab.view.revision == 1


def _facts(tab: ScreeningTab) -> None:
    tab.lawful.setCurrentIndex(tab.lawful.findData(True))
    tab.abode.setCurrentIndex(tab.abode.findData(True))
    tab.language.setCurrentIndex(tab.language.findData(False))
    tab.refresh_evaluation()


def test_new_application_to_a_concluded_grant(qtbot: QtBot, demo_ctx: AppContext, tmp_path: Path) -> None:
    window, tab, person_id = _open(qtbot, demo_ctx, dt.date(2006, 3, 1))
    _register(tab, "spesielt_tilpasset")
    _facts(tab)
    assert tab.criteria_model.rowCount() == 9
    assert "Må vurderes" in tab.criteria_model.data(tab.criteria_model.index(5, 1))
    tab.criteria.selectRow(5)  # Vesentlig nedsatt arbeids- og inntektsevne
    assert "Hvorfor?" in tab.why.text() and "Saksbehandleren må vurdere" in tab.why.text()

    # Concluding with a criterion unassessed: a Norwegian message, nothing saved.
    tab.set_judgement("reduced_capacity", "met", "ADHD og depresjon; ingen skolegang eller arbeid.")
    tab.refresh_evaluation()
    before = (_count(demo_ctx, Decision), _count(demo_ctx, Screening))
    tab.conclude_button.click()
    assert "kan ikke konkluderes" in tab.problems.text()
    assert "«Tett og koordinert bistand er hensiktsmessig og nødvendig» mangler saksbehandlerens vurdering" in \
        tab.problems.text()
    # Missing reasoning is refused too.
    tab.set_judgement("close_coordinated_help", "met", "")
    tab.set_judgement("suitable_programme", "met", "Praksisplass i elektrikerfaget og enkeltfag.")
    tab.refresh_evaluation()
    tab.conclude_button.click()
    assert "mangler skriftlig begrunnelse" in tab.problems.text()
    assert (_count(demo_ctx, Decision), _count(demo_ctx, Screening)) == before
    assert not screening.get_screening(demo_ctx, tab.view.id).concluded  # type: ignore[union-attr]

    tab.set_judgement("close_coordinated_help", "met", "Oppfølging fra NAV, BUP og fastlege over tid.")
    tab.refresh_evaluation()
    assert "9 oppfylt" in tab.summary.text()
    # The print for the conversation.
    target = tmp_path / "samtale.pdf"
    tab.save_button.click()
    assert tab.write_print(str(target)) and target.read_bytes().startswith(b"%PDF")

    def conclude(dialog: QDialog) -> int:
        assert isinstance(dialog, ConcludeDialog)
        if dialog.errors.text():  # the first try had a bad date: the dialog says why and stays open
            assert "gyldig dato" in dialog.errors.text()
            dialog.start.setText((dt.date.today() + dt.timedelta(days=14)).strftime("%d.%m.%Y"))
        else:
            dialog.start.setText("31.02.2026")
        dialog.considerations.setPlainText("Målet er læreplass som elektriker.")
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = conclude
    tab.conclude_button.click()
    assert "Konkludert: Innvilgelse" in tab.problems.text()
    assert "Årlig sats fra" in tab.problems.text() and "under 25 år" in tab.problems.text()
    app = applications.applications_for_person(demo_ctx, person_id)[0]
    assert app.status == "granted" and app.concluded
    assert _count(demo_ctx, Decision) == before[0] + 1
    assert tab.view is not None and tab.view.concluded and not tab.save_button.isEnabled()
    assert tab.history.item(0).text().startswith("Versjon 1 – konkludert")
    # A revision is a new version; the concluded one stays in the history.
    tab.start_button.click()
    assert [tab.history.item(i).text().split(" – ")[0] for i in range(tab.history.count())] == [
        "Versjon 2", "Versjon 1"]
    window.close()


def test_new_application_to_a_concluded_refusal(qtbot: QtBot, demo_ctx: AppContext) -> None:
    window, tab, person_id = _open(qtbot, demo_ctx, dt.date(1992, 6, 15))
    _register(tab, "spesielt_tilpasset")
    _facts(tab)
    tab.benefit_boxes["aap"].setChecked(True)  # a right to AAP
    tab.refresh_evaluation()
    other = tab.criteria_model.criterion(3)
    assert other.code == "other_benefits" and other.state == "not_met"
    assert "arbeidsavklaringspenger" in tab.criteria_model.data(tab.criteria_model.index(3, 2))
    for code in ("reduced_capacity", "close_coordinated_help", "suitable_programme"):
        tab.set_judgement(code, "met", "Vurdert i samtalen.")
    tab.refresh_evaluation()

    def conclude(dialog: QDialog) -> int:
        assert isinstance(dialog, ConcludeDialog)
        assert "Statsforvalteren" in dialog.findChild(type(dialog.errors), "concludeOutcome").text()
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = conclude
    tab.conclude_button.click()
    assert "Konkludert: Avslag" in tab.problems.text()
    app = applications.applications_for_person(demo_ctx, person_id)[0]
    assert app.status == "refused" and app.conclusion == "refuse"
    window.close()


def test_deadlines_show_on_the_tab_and_in_the_person_bar(qtbot: QtBot, demo_ctx: AppContext) -> None:
    window, tab, _person = _open(qtbot, demo_ctx, dt.date(2003, 1, 15))
    today = dt.date.today()

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ApplicationDialog)
        dialog.registered.setText((today - dt.timedelta(days=25)).strftime("%d.%m.%Y"))
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = fill
    tab.new_button.click()
    texts = [tab.deadline_list.item(i).text() for i in range(tab.deadline_list.count())]
    assert any(text.startswith("⚠ Saksbehandlingstid") and "25 dager" in text for text in texts)
    assert any("Oppstart innen seks måneder" in text for text in texts)
    assert "Frister: 1" in window.person_bar.deadline_indicator.text()
    assert "Saksbehandlingstid" in window.person_bar.deadline_indicator.toolTip()
    window.close()


def test_without_an_assessment_the_ways_on_are_named(qtbot: QtBot, demo_ctx: AppContext) -> None:
    """No arbeidsevnevurdering and nothing failed: the message says to get one or refuse on a failed criterion."""
    _window, tab, _person = _open(qtbot, demo_ctx, dt.date(1980, 6, 6))

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ApplicationDialog)
        dialog.registered.setText((dt.date.today() - dt.timedelta(days=3)).strftime("%d.%m.%Y"))
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = fill
    tab.new_button.click()
    tab.start_button.click()
    _facts(tab)
    tab.conclude_button.click()
    assert tab.problems.text().startswith("Vurderingen kan ikke konkluderes")
    assert "be om en arbeidsevnevurdering etter NAV-loven § 14 a" in tab.problems.text()
    assert "eller avslå" in tab.problems.text()


def test_a_late_start_is_a_warning_answered_in_the_conclusion_dialog(
    qtbot: QtBot, demo_ctx: AppContext, png: Path
) -> None:
    window, tab, _person = _open(qtbot, demo_ctx, dt.date(1990, 5, 5))
    _register(tab, "spesielt_tilpasset")
    _facts(tab)
    for code in ("reduced_capacity", "close_coordinated_help", "suitable_programme"):
        tab.set_judgement(code, "met", "Vurdert i samtalen.")
    tab.refresh_evaluation()
    before = _count(demo_ctx, Decision)
    late = _next_monday(dt.date.today() + dt.timedelta(days=200))  # registered 5 days ago: over six months
    answer = "Søkeren er i behandling til da; oppstart er avtalt med behandleren."
    seen: list[str] = []

    def conclude(dialog: QDialog) -> int:
        assert isinstance(dialog, ConcludeDialog)
        warnings = dialog.findChild(QLabel, "concludeWarnings")
        field = dialog.findChild(QPlainTextEdit, "warningsAnswer")
        assert warnings is not None and field is not None
        if not seen:  # the first try: no warning shown yet
            assert warnings.isHidden() and field.isHidden()
            dialog.start.setText(late.strftime("%d.%m.%Y"))
            dialog.considerations.setPlainText("Målet er arbeid i butikk.")
        else:  # the dialog stayed open with the warning and a field for the answer; nothing saved
            assert not warnings.isHidden() and not field.isHidden()
            assert "stl. § 31" in warnings.text() and late.strftime("%d.%m.%Y") in warnings.text()
            assert dialog.errors.text() == ""
            assert _count(demo_ctx, Decision) == before
            dialog.grab().save(str(png))
            field.setPlainText(answer)
        seen.append(warnings.text())
        return QDialog.DialogCode.Accepted

    tab.dialog_runner = conclude
    tab.conclude_button.click()
    assert len(seen) == 2
    assert "Konkludert: Innvilgelse" in tab.problems.text()
    assert _count(demo_ctx, Decision) == before + 1
    assert tab.view is not None and tab.view.concluded
    assert tab.view.proposed_start == late and tab.view.plan_warnings_answer == answer
    assert "stl. § 31" in tab.view.plan_warnings
    window.close()
