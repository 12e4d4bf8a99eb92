"""Revisjonslogg: the manager's dialog with filters and a lazily loaded table (real widgets, offscreen)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.portfolio import persons, portfolio
from ui.main_window import MainWindow
from ui.settings import audit_view
from ui.settings.audit_view import BATCH, AuditDialog, AuditTableModel

SHOTS = Path(os.environ.get("KVP_UI_SHOTS", "/tmp/kvp-ui-shots"))


@pytest.fixture
def leader(demo_ctx: AppContext) -> AppContext:
    worker = demo_ctx.as_user("demo.veileder")
    for person_id in portfolio.portfolio_ids(demo_ctx)[:3]:
        persons.get_person(worker, person_id)
    return demo_ctx.as_user("demo.leder")


def test_model_passes_the_qt_model_tester_and_loads_in_batches(qtmodeltester, leader: AppContext) -> None:  # type: ignore[no-untyped-def]
    worker = leader.as_user("demo.veileder")
    first = portfolio.portfolio_ids(leader)[0]
    for _n in range(BATCH + 20):
        persons.get_person(worker, first)
    model = AuditTableModel(leader)
    from kvp_desktop.services.infrastructure.audit import AuditFilter

    total = model.search(AuditFilter(person_id=first, action="open"))
    assert total >= BATCH + 20
    assert model.rowCount() == BATCH and model.canFetchMore(model.index(-1, -1).parent())
    qtmodeltester.check(model)
    model.fetchMore(model.index(-1, -1).parent())
    assert model.rowCount() == total
    assert {model.row(i).action_label for i in range(model.rowCount())} == {"Åpnet"}


def test_dialog_filters_and_shows_masked_persons(qtbot: QtBot, leader: AppContext,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[str] = []
    monkeypatch.setattr(audit_view, "show_service_error", lambda _parent, error: messages.append(str(error)))
    dialog = AuditDialog(leader)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() > 0 and "hendelser" in dialog.count.text()
    dialog.action.setCurrentIndex(dialog.action.findData("open"))
    dialog.user.setCurrentIndex(dialog.user.findData("demo.veileder"))
    dialog.search_button.click()
    rows = [dialog.model.row(i) for i in range(dialog.model.rowCount())]
    assert len(rows) == 3 and {r.username for r in rows} == {"demo.veileder"}
    assert all("*****" in r.person_label for r in rows)
    person = rows[0]
    dialog.person_search.setText(person.person_label.split(",")[0])
    index = dialog.person.findData(person.person_id)
    assert index > 0
    dialog.person.setCurrentIndex(index)
    dialog.search_button.click()
    assert {dialog.model.row(i).person_id for i in range(dialog.model.rowCount())} == {person.person_id}
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1150, 650)
    dialog.grab().save(str(SHOTS / "audit-dialog.png"))
    dialog.date_from.setText("31.02.2026")
    dialog.search_button.click()
    assert messages and "dd.mm.åååå" in messages[-1]


def test_menu_entry_only_for_leader_and_admin(qtbot: QtBot, leader: AppContext) -> None:
    for ctx, enabled in ((leader, True), (leader.as_user("admin"), True),
                         (leader.as_user("demo.saksbehandler"), False), (leader.as_user("demo.veileder"), False)):
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        assert window.findChild(QAction, "actionAuditLog").isEnabled() is enabled, ctx.user.username
