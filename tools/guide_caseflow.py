"""The user guide's pictures of the case flow, made with the program's own windows on a demo office:
the person form (children, kontonummer), the screening's next step, «Opprett program» in
Programbygger and «Mine oppgaver». Called by ``tools/guide_screenshots.py``; on its own:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/guide_caseflow.py [FOLDER]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WIDTH = 840  # the guide's pane is about 860 pixels wide


def _save(widget: object, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(widget, QWidget)
    for _ in range(5):
        QApplication.processEvents()
    image = widget.grab().toImage()
    if image.width() > WIDTH:
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    image.save(str(target))
    print(target)


def make(folder: Path) -> list[Path]:
    """Write the pictures into ``folder``; returns their paths."""
    from PySide6.QtWidgets import QApplication

    from kvp_desktop.demo.office import create_demo
    from kvp_desktop.i18n import set_language
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
    from kvp_desktop.services.letters import decisions
    from kvp_desktop.services.letters.dto import DocumentRef
    from kvp_desktop.services.portfolio import persons
    from kvp_desktop.services.screening import applications, screening
    from kvp_desktop.services.screening.screening import (
        ConclusionInput,
        Judgement,
        ScreeningFacts,
    )
    from ui.main_window import MainWindow
    from ui.portfolio.person_form import PersonFormDialog
    from ui.programme.dialogs import CreateProgrammeDialog

    app = QApplication.instance() or QApplication([])
    set_language("nb")
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as temp:
        ctx = open_context(f"sqlite:///{Path(temp) / 'guide.db'}")
        create_demo(ctx, persons=20, today=today)
        worker = ctx.as_user("demo.saksbehandler")
        number = synthetic_fodselsnummer(random.Random(7), dt.date(1989, 4, 12), "2")
        person = persons.create_person(worker, persons.PersonInput(
            number, "Sara", "Nilsen", address="Storgata 1", postcode="3140", postplace="Nøtterøy",
            phone="912 34 567", email="sara@example.no", bank_account="1234.56.78903", preferred_language="norsk",
            children=(persons.ChildInput(dt.date(2015, 2, 14), "Ida"), persons.ChildInput(dt.date(2019, 9, 3), "Ole"))),
            today)
        app_view = applications.register_application(worker, applications.ApplicationInput(
            person_id=person.id, registered_date=today - dt.timedelta(days=7),
            work_ability_assessment_date=today - dt.timedelta(days=20), work_ability_outcome="spesielt_tilpasset"),
            today)
        view = screening.start_screening(worker, app_view.id, today)
        judged = (Judgement("reduced_capacity", "met", "Lite skolegang og helseplager over lang tid."),
                  Judgement("close_coordinated_help", "met", "Trenger oppfølging fra NAV, fastlege og DPS."),
                  Judgement("suitable_programme", "met", "Arbeidspraksis og norskopplæring kan tilbys."))
        start = today + dt.timedelta(days=14 + (7 - today.weekday()) % 7)
        result = screening.conclude_screening(
            worker, view.id, view.version, ScreeningFacts(lawful_residence=True, fixed_abode=True,
                                                          language_only_obstacle=False), judged,
            ConclusionInput(start, start + dt.timedelta(days=363), "Målet er fast arbeid i butikk."))

        window = MainWindow(worker)
        window.remember_geometry = False
        window.resize(1400, 900)
        window.show()
        window.select_person(person.id)

        # 1. The screening tab after concluding: the next step, one click away.
        window.show_tab("inngangsvilkar")
        target = folder / "neste-steg.png"
        _save(window, target)
        made.append(target)

        # 2. The person form with contact, account, målform and children.
        form = PersonFormDialog(worker, window, person=persons.get_person(worker, person.id, audit=False))
        form.show()
        target = folder / "personskjema.png"
        _save(form, target)
        made.append(target)
        form.close()

        # 3. The grant issued: Programbygger offers «Opprett program», and its dialog.
        decisions.issue(worker, DocumentRef("decision", result.decision_id))
        window.show_tab("programbygger")
        window.programme_tab.reload()
        target = folder / "opprett-program.png"
        _save(window, target)
        made.append(target)
        shown: list[CreateProgrammeDialog] = []

        def capture(dialog: CreateProgrammeDialog) -> int:
            dialog.show()
            shown.append(dialog)
            _save(dialog, folder / "opprett-program-dialog.png")
            dialog.close()
            return 0

        window.programme_tab.dialog_runner = capture
        window.programme_tab.create_programme()
        made.append(folder / "opprett-program-dialog.png")

        # 4. «Mine oppgaver».
        window.open_tasks()
        target = folder / "mine-oppgaver.png"
        _save(window.tasks_dialog, target)
        made.append(target)
        window.tasks_dialog.close()
        window.close()
        app.processEvents()
        ctx.close()
    return made


if __name__ == "__main__":
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "help" / "bilder")
