"""Utbetalinger → Spesifikasjon (PDF): for the person chosen in the person bar (never the run's
first person), and a run not yet approved says UTKAST (text read back with pypdf, page as PNG)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import views as payouts
from ui.main_window import MainWindow
from ui.runner import runner


def _text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def _save_spec(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    tab = window.payouts_tab
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    assert tab.buttons["specification"].isEnabled()
    qtbot.mouseClick(tab.buttons["specification"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner().busy(), timeout=30_000)  # written on the worker thread


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_specification_is_for_the_chosen_person_and_a_draft_says_utkast(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    state: str,
) -> None:
    tab = window.payouts_tab
    window.tabs.setCurrentWidget(tab)
    run = next(r for r in payouts.list_runs(demo_ctx) if r.state == state)
    lines = payouts.run_lines(demo_ctx, run.id)
    first = lines[0].person_id
    chosen = next(line for line in lines if line.person_id != first)  # not the run's first person
    assert window.select_person(chosen.person_id)
    tab.reload()
    tab.select_run(run)
    assert not tab.lines.currentIndex().isValid()  # no line selected
    target = tmp_path / f"spesifikasjon-{state}.pdf"
    _save_spec(qtbot, window, monkeypatch, target)
    text = _text(target)
    last, first_name = chosen.person_name.split(", ")
    assert f"{first_name} {last}" in text
    other = next(line for line in lines if line.person_id == first)
    assert other.person_name.split(", ")[0] not in text or other.person_name.split(", ")[0] == last
    assert ("UTKAST" in text) is (state == "draft")
    if state == "draft":
        assert "ikke godkjent" in text and "ingenting er utbetalt" in text
    if os.environ.get("KVP_SCREENSHOTS") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(target),
                        str(Path(os.environ["KVP_SCREENSHOTS"]) / f"spec-{state}")], check=True)


def test_no_specification_for_a_person_without_lines(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tab = window.payouts_tab
    run = next(r for r in payouts.list_runs(demo_ctx) if r.state == "draft")
    paid = {line.person_id for line in payouts.run_lines(demo_ctx, run.id)}
    from kvp_desktop.store.models import Person

    with demo_ctx.uow() as uow:
        outside = next(p.id for p in uow.session.query(Person).order_by(Person.id) if p.id not in paid)
    assert window.select_person(outside)
    tab.reload()
    tab.select_run(run)
    target = tmp_path / "ingen.pdf"
    _save_spec(qtbot, window, monkeypatch, target)
    assert not target.exists()
    assert "ingen linjer i kjøringen" in tab.message.text()
