"""Utbetalinger «Feilutbetaling …»: a § 40 trekk is registered with its basis, the date of it and
when the participant was told; without the basis the dialog says why and nothing is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store.models import Programme, Recovery
from tests.conftest import TODAY
from ui.main_window import MainWindow
from ui.payouts.recovery_dialog import RecoveryDialog


def _recoveries(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Recovery)) or 0)


def test_a_deduction_is_registered_with_its_basis_and_dates_through_the_dialog(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, png: Path
) -> None:
    window.switch_context(demo_ctx.as_user("demo.saksbehandler"))
    with demo_ctx.uow() as uow:
        person_id = uow.session.scalars(select(Programme.person_id).order_by(Programme.id)).first()
    assert person_id is not None
    window.select_person(person_id)
    tab = window.payouts_tab
    before = _recoveries(demo_ctx)
    agreed, told = TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=8)
    tries: list[str] = []

    def fill(dialog: RecoveryDialog) -> int:
        errors = dialog.findChild(QLabel, "recoveryErrors")
        basis = dialog.findChild(QComboBox, "recoveryBasis")
        assert errors is not None and basis is not None
        if not tries:  # the trekk without its basis
            dialog.amount.setText("3 000,00")
            dialog.cause.setText("Dobbelt utbetalt i oktober")
            dialog.deduction.setText("500")
        else:  # refused in Norwegian, nothing saved; now with the basis and its dates
            assert "grunnlaget for trekket" in errors.text()
            assert _recoveries(demo_ctx) == before
            basis.setCurrentIndex(basis.findData("agreement"))
            dialog.basis_date.setDate(QDate(agreed))
            dialog.notified_date.setDate(QDate(told))
            dialog.grab().save(str(png))
        tries.append(errors.text())
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(RecoveryDialog, "exec", fill)
    button = tab.buttons["registerRecovery"]
    assert button.isEnabled()
    monkeypatch.setattr(tab, "ask_recovery", lambda: type(tab).ask_recovery(tab, TODAY))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(tries) == 2
    assert "Feilutbetalingen er registrert" in tab.message.text()
    with demo_ctx.uow() as uow:
        row = uow.session.scalars(select(Recovery).order_by(Recovery.id.desc())).first()
        assert row is not None and _recoveries(demo_ctx) == before + 1
        assert (row.person_id, row.amount, row.deduction_per_payout) == (person_id, Decimal("3000.00"),
                                                                         Decimal("500.00"))
        assert (row.deduction_basis, row.deduction_basis_date, row.deduction_notified_date) == (
            "agreement", agreed, told)


def test_only_payout_makers_register_overpayments(window: MainWindow, demo_ctx: AppContext) -> None:
    window.switch_context(demo_ctx.as_user("demo.veileder"))
    tab = window.payouts_tab
    tab.reload()
    assert not tab.buttons["registerRecovery"].isEnabled()
