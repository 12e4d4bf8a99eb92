"""Innstillinger → Satser: plain Norwegian names, public sources only, and the form greyed out with the
reason for a role that may not register rates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from ui.settings.rates_dialog import RatesDialog

DEVELOPER_WORDS = ("kvp_rules", "åpent spørsmål", "testkonstant", "seed", "navikt", "issue", "allowance_factor")


def _cells(dialog: RatesDialog, column: int) -> list[str]:
    return [str(dialog.table.item(r, column).data(Qt.ItemDataRole.AccessibleTextRole))
            for r in range(dialog.table.rowCount())]


def test_rates_show_plain_names_and_public_sources(qtbot: QtBot, demo_ctx: AppContext, tmp_path: Path) -> None:
    dialog = RatesDialog(demo_ctx.as_user("demo.leder"), today=dt.date(2026, 6, 1))
    qtbot.addWidget(dialog)
    names = _cells(dialog, 0)
    assert "Grunnbeløpet i folketrygden (G)" in names and "Kvalifiseringsstønad per år (antall G)" in names
    assert not any("_" in name for name in names) and "g" not in names
    values = _cells(dialog, 2)
    assert "fødselsdagen" in values and "birthday" not in values and "calendar_year" not in values
    sources = _cells(dialog, 5)
    assert not [s for s in sources if any(word in s.casefold() for word in DEVELOPER_WORDS)]
    g_row = names.index("Grunnbeløpet i folketrygden (G)")
    link = dialog.table.cellWidget(g_row, 5)
    # G from 1 May 2026 is set by its regulation (FOR-2026-05-22-869), under folketrygdloven § 1-4.
    assert isinstance(link, QLabel) and "https://lovdata.no/" in link.text()
    assert "FOR-2026-05-22-869" in link.text() or "Folketrygdloven" in link.text()
    red = QColor("darkred")
    for row in range(dialog.table.rowCount()):
        for column in range(dialog.table.columnCount()):
            assert dialog.table.item(row, column).foreground().color() != red
    assert dialog.form_box.isEnabled()
    dialog.resize(1300, 700)
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "satser.png"))


def test_a_caseworker_sees_the_form_greyed_out_and_why(qtbot: QtBot, demo_ctx: AppContext) -> None:
    dialog = RatesDialog(demo_ctx.as_user("demo.saksbehandler"), today=dt.date(2026, 6, 1))
    qtbot.addWidget(dialog)
    assert not dialog.form_box.isEnabled() and not dialog.register.isEnabled()
    assert "Bare leder eller administrator kan registrere satser" in dialog.status.text()
    assert dialog.table.rowCount() > 30  # the rates and sources are shown all the same


def test_a_leader_registers_a_new_g_by_its_plain_name(qtbot: QtBot, demo_ctx: AppContext) -> None:
    dialog = RatesDialog(demo_ctx.as_user("demo.leder"), today=dt.date(2026, 6, 1))
    qtbot.addWidget(dialog)
    dialog.name.setCurrentIndex(dialog.name.findText("Grunnbeløpet i folketrygden (G)"))
    dialog.effective.setText("01.05.2027")
    dialog.value.setText("140000")
    dialog.source.setText("Forskrift om grunnbeløpet 2027")
    dialog.register.click()
    assert dialog.status.text().startswith("Registrert.")


def test_every_parameter_has_a_plain_name() -> None:
    """A parameter added later gets a Norwegian name on the rates screen, never its key."""
    from pathlib import Path

    from ui.settings.rate_labels import LABELS

    folder = Path(__file__).resolve().parents[3] / "kvp_desktop" / "parameters"
    keys = {path.stem for path in folder.glob("*.yaml")}
    assert keys <= set(LABELS), sorted(keys - set(LABELS))
