"""Rapporter: the outcomes dashboard and the KOSTRA 11CF dialog, driven with pytest-qt on the demo office.

Set ``KVP_SCREENSHOT_DIR`` to keep the screenshots (``resultater.png``, ``kostra.png``) for looking at.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.reports import outcomes
from ui.main_window import TAB_KEYS, MainWindow
from ui.reports import KostraDialog, OutcomesDialog

TODAY = dt.date(2026, 11, 23)


def _keep(widget: QWidget, png: Path, name: str) -> None:
    assert widget.grab().save(str(png)), "the screenshot could be saved"
    assert png.stat().st_size > 10_000
    folder = os.environ.get("KVP_SCREENSHOT_DIR")
    if folder:
        shutil.copyfile(png, Path(folder) / name)


def _sql(ctx: AppContext, year: int, extra: str = "", **params: object) -> tuple[int, int, int, int]:
    """Participants, started, ended and ended-with-work counted in plain SQL."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = f"FROM programmes p JOIN persons s ON s.id = p.person_id WHERE p.status <> 'planned' {extra}"
    values = {"first": first, "last": last, **params}
    with ctx.uow() as uow:
        one = lambda sql: int(uow.session.execute(text(sql), values).scalar_one())  # noqa: E731
        return (
            one(f"SELECT COUNT(DISTINCT p.person_id) {base} AND p.start_date <= :last "
                "AND (p.end_date IS NULL OR p.end_date >= :first)"),
            one(f"SELECT COUNT(*) {base} AND p.start_date BETWEEN :first AND :last"),
            one(f"SELECT COUNT(*) {base} AND p.end_date BETWEEN :first AND :last"),
            one(f"SELECT COUNT(*) {base} AND p.end_date BETWEEN :first AND :last "
                "AND p.main_income_after IN ('01', '11') AND p.kostra_status NOT IN ('5', '6')"),
        )


def _open(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled()
    action.trigger()


def _shown(dialog: OutcomesDialog) -> tuple[int, int, int, int]:
    counts = dialog.table_counts()
    return counts["Deltakere"], counts["Startet"], counts["Avsluttet"], counts["Arbeid (heltid/deltid)"]


def test_dashboard_numbers_match_a_sql_count(window: MainWindow, demo_ctx: AppContext, qtbot: QtBot,
                                             tmp_path: Path, png: Path) -> None:
    _open(window, "actionOutcomes")
    dialog = window.findChild(OutcomesDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.report is not None)
    dialog.set_filters(2026)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.report is not None and dialog.table_counts() != {}
                    and dialog.situation_chart.data() != [] and dialog.chosen_year == 2026)
    qtbot.waitUntil(lambda: dialog.participants.number.text() != "–")
    expected = _sql(demo_ctx, 2026)
    assert _shown(dialog) == expected and expected[0] > 10
    assert dialog.participants.number.text() == str(expected[0])
    assert dialog.ended.number.text() == str(expected[2])
    assert dict(dialog.situation_chart.data())["Arbeid (heltid/deltid)"] == expected[3]
    assert sum(value for _label, value in dialog.situation_chart.data()) == expected[2]
    assert dict(dialog.year_chart.data())[2026] == expected[:3]
    _keep(dialog, png, "resultater.png")

    # Caseworker filter: the leader's share of the caseload.
    leader = next(i for i in range(dialog.caseworker.count()) if dialog.caseworker.itemText(i) == "Per Aasland")
    leader_id = dialog.caseworker.itemData(leader)
    dialog.caseworker.setCurrentIndex(leader)  # the keyboard/mouse path: the signal reloads
    qtbot.waitUntil(lambda: not dialog.loading and dialog.report is not None
                    and dialog.report.filter.caseworker_id == leader_id)
    assert _shown(dialog) == _sql(demo_ctx, 2026, "AND p.caseworker_id = :cw", cw=leader_id)
    # Age group 40–49 for 2025 (born 1976–1985).
    dialog.set_filters(2025, None, "40-49")
    qtbot.waitUntil(lambda: not dialog.loading and dialog.report is not None
                    and dialog.report.filter.age_group == "40-49")
    assert _shown(dialog) == _sql(demo_ctx, 2025, "AND s.birth_date BETWEEN :b0 AND :b1",
                                  b0=dt.date(1976, 1, 1), b1=dt.date(1985, 12, 31))

    dialog.set_filters(2026)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.report is not None and dialog.report.filter.age_group is None)
    xlsx = dialog.save_xlsx(tmp_path / "resultater.xlsx")
    assert xlsx is not None
    sheet = load_workbook(xlsx)["Resultater"]
    assert sheet["A1"].value == "Resultater i kvalifiseringsprogrammet 2026"
    assert sheet["B7"].value == expected[0]
    pdf = dialog.save_pdf(tmp_path / "resultater.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert outcomes.count_year(demo_ctx, 2026).participants == expected[0]


def test_kostra_dialog_checks_jumps_to_the_data_and_exports(window: MainWindow, demo_ctx: AppContext, qtbot: QtBot,
                                                            tmp_path: Path, png: Path) -> None:
    with demo_ctx.uow() as uow:  # one participant's marital status is not a KOSTRA code: an ERROR
        person_id = uow.session.execute(text(
            "SELECT p.person_id FROM programmes p WHERE p.status = 'active' ORDER BY p.id")).scalars().first()
        uow.session.execute(text("UPDATE persons SET marital_status = '9' WHERE id = :id"), {"id": person_id})
        uow.commit()
    _open(window, "actionKostra")
    dialog = window.findChild(KostraDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.year.setCurrentIndex(dialog.year.findData(2026))
    qtbot.mouseClick(dialog.validate_button, qtbot_button())
    qtbot.waitUntil(lambda: not dialog.loading and dialog.check is not None, timeout=10_000)
    check = dialog.check
    assert check is not None and check.blocks_export and not dialog.export_button.isEnabled()
    assert "feil: 1" in dialog.summary.text() and "SSB vil avvise filen" in dialog.summary.text()
    assert dialog.table.rowCount() == len(check.findings)
    row = next(i for i, f in enumerate(check.findings) if f.rule_id == "Rule009Sivilstand")
    cells = [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]  # type: ignore[union-attr]
    assert cells[0] == "FEIL" and cells[2] == "Sivilstand" and cells[4] == "Personopplysninger"
    assert cells[1].endswith("*****)") and not any(ch.isdigit() for ch in cells[1].split("(")[1][9:])
    _keep(dialog, png, "kostra.png")

    dialog.table.selectRow(row)
    assert dialog.go_button.isEnabled()
    qtbot.mouseClick(dialog.go_button, qtbot_button())
    assert window.person_id == person_id
    assert window.tabs.currentIndex() == TAB_KEYS.index("portefolje")
    payout_row = next(i for i, f in enumerate(check.findings) if f.target.area == "payouts")
    dialog.table.selectRow(payout_row)
    dialog.go_to_selected()
    assert window.person_id == check.findings[payout_row].target.person_id
    assert window.tabs.currentIndex() == TAB_KEYS.index("utbetalinger")

    with demo_ctx.uow() as uow:  # fixed in the person register: check again, then export
        uow.session.execute(text("UPDATE persons SET marital_status = '1' WHERE id = :id"), {"id": person_id})
        uow.commit()
    dialog.validate()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.check is not None and not dialog.check.blocks_export,
                    timeout=10_000)
    assert dialog.export_button.isEnabled()
    saved = dialog.export(tmp_path / "kostra_11cf_2026.dat")
    assert saved is not None and dialog.check is not None
    lines = saved.read_bytes().split(b"\r\n")
    assert len(lines) - 1 == dialog.check.record_count and all(len(line) == 152 for line in lines[:-1])
    assert "Lagret" in dialog.summary.text()


def test_a_settings_finding_explains_where_it_is_fixed(window: MainWindow, demo_ctx: AppContext, qtbot: QtBot,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with demo_ctx.uow() as uow:
        uow.session.execute(text("UPDATE office_settings SET municipality_number = '0301', district_number = '00'"))
        uow.commit()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, message: shown.append(message))
    _open(window, "actionKostra")
    dialog = window.findChild(KostraDialog)
    assert dialog is not None
    dialog.validate()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.check is not None, timeout=10_000)
    assert dialog.check is not None
    row = next(i for i, f in enumerate(dialog.check.findings) if f.rule_id == "Rule003Bydelsnummer")
    dialog.table.selectRow(row)
    before = window.person_id
    dialog.go_to_selected()
    assert shown and "kontorets innstillinger" in shown[0] and window.person_id == before


def qtbot_button() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def test_report_menu_entries_are_enabled(window: MainWindow) -> None:
    for name in ("actionKostra", "actionOutcomes"):
        action = window.findChild(QAction, name)
        assert action is not None and action.isEnabled() and action.text()
    assert QApplication.instance() is not None
