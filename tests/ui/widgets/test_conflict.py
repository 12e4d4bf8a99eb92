"""The conflict message offers reload, re-apply and cancel, and lists what the other person changed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.locking import RecordConflictError
from ui.widgets.conflict import Choice, ask_about_conflict


@pytest.mark.parametrize(("button", "expected"), [(0, Choice.RELOAD), (1, Choice.REAPPLY), (2, Choice.CANCEL)])
def test_choices(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, button: int, expected: Choice) -> None:
    seen: list[str] = []

    def click(box: QMessageBox) -> int:
        seen.append(box.detailedText())
        labels = ["Last inn på nytt", "Bruk mine endringer på den nye versjonen", "Avbryt"]
        next(b for b in box.buttons() if b.text() == labels[button]).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    error = RecordConflictError("Personen er endret av en annen bruker.", {"Adresse": ("Gamleveien 1", "Nyveien 5")})
    assert ask_about_conflict(None, error) is expected
    assert seen == ["Adresse: «Gamleveien 1» → «Nyveien 5»"]
