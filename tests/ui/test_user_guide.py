"""Hjelp → Brukerveiledning: the bundled Norwegian guide opens offline, with its pictures."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ui.help import UserGuideDialog, guide_folder
from ui.main_window import MainWindow

JOBS = ("Finn kandidater", "Vurder inngangsvilkårene", "Bygg programmet", "Registrer oppmøte", "Vedtak og brev",
        "KOSTRA 11CF", "Utekopi", "Sikkerhetskopi", "Saksflyten")


def test_the_guide_has_a_chapter_per_job_and_every_picture_exists() -> None:
    text = (Path(guide_folder()) / "brukerveiledning.md").read_text(encoding="utf-8")
    chapters = re.findall(r"^## \d+\. (.+)$", text, flags=re.MULTILINE)
    assert all(any(job in chapter for chapter in chapters) for job in JOBS), chapters
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        image = QImage(str(Path(guide_folder()) / picture))
        assert not image.isNull() and image.width() <= 900, picture


def test_the_help_menu_opens_the_guide(qtbot: QtBot, window: MainWindow) -> None:
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.objectName() == "actionUserGuide")
    assert action.text().replace("&", "") == "Brukerveiledning"
    dialog = UserGuideDialog(window)
    qtbot.addWidget(dialog)
    shown = dialog.browser.toPlainText()
    assert "Finn kandidater" in shown and "Sikkerhetskopi" in shown
    assert dialog.browser.document().resource(3, "bilder/portefolje.png") is not None  # 3: ImageResource


def test_the_guide_explains_setting_up_an_office_and_administering_users() -> None:
    text = (Path(guide_folder()) / "brukerveiledning.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert "Første oppstart: sett opp kontoret" in headings and "Brukere og roller (administrator)" in headings
    assert headings.index("Første oppstart: sett opp kontoret") < headings.index("1. Finn kandidater (Portefølje)")
    for picture in ("forste-oppstart", "kontor-oppsett", "brukere", "ny-bruker", "logg-inn"):
        assert f"(bilder/{picture}.png)" in text, picture
