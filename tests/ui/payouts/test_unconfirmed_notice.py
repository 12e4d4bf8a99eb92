"""The approval view's notice of unconfirmed values that move money (the hook for the payouts tab)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from kvp_desktop.rules.allowance import OTHER_BENEFIT, RECOVERY_DEDUCTION
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import unconfirmed
from kvp_desktop.store.models import PayoutLine, PayoutRun
from ui.main_window import MainWindow
from ui.payouts.tab import PayoutsTab
from ui.payouts.unconfirmed_notice import UnconfirmedNotice


def test_the_notice_lists_the_unconfirmed_child_supplement_and_hides_without_a_run(
    qtbot: QtBot, demo_ctx: AppContext, png: Path
) -> None:
    with demo_ctx.uow() as uow:
        run_id = uow.session.scalars(select(PayoutRun.id).where(PayoutRun.label == "2026-10")).one()
    notice = UnconfirmedNotice(demo_ctx.as_user("demo.attestant"))
    qtbot.addWidget(notice)
    notice.resize(700, 120)
    notice.show_run(run_id)
    assert notice.isVisibleTo(notice.parentWidget() or notice) or not notice.isHidden()
    assert "ikke bekreftet" in notice.text() and "38 fra 01.01.2026" in notice.text()
    # Plain words as on the rates screen: no parameter keys or internal values reach the approver.
    assert "Full sats fra" in notice.text()
    assert not any(word in notice.text() for word in ("birthday", "day_after", "next_month", "_"))
    assert "(antall G): 2,041 fra" in notice.text()  # a decimal as a Norwegian reads it, not «2.041»
    notice.grab().save(str(png))
    notice.show_run(None)
    assert notice.isHidden() and notice.lines == ()


def _select(qtbot: QtBot, tab: PayoutsTab, label: str) -> None:
    """Click the run's row in «Kjøringer» (the selection change is what refreshes the notice)."""
    proxy = tab.runs_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == label)
    tab.runs.scrollTo(proxy.index(row, 1))
    rect = tab.runs.visualRect(proxy.index(row, 1))
    qtbot.mouseClick(tab.runs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.current_run is not None and tab.current_run.label == label


def test_the_payouts_tab_shows_the_chosen_runs_unconfirmed_values_near_godkjenn(
    qtbot: QtBot, window: MainWindow, demo_ctx: AppContext, png: Path
) -> None:
    with demo_ctx.uow() as uow:  # the draft run keeps only lines no dated rate moves (other benefits, trekk)
        run_id = uow.session.scalars(select(PayoutRun.id).where(PayoutRun.label == "2026-10")).one()
        uow.session.execute(delete(PayoutLine).where(
            PayoutLine.run_id == run_id, PayoutLine.code.not_in((OTHER_BENEFIT, RECOVERY_DEDUCTION))))
        uow.commit()
    attestant = demo_ctx.as_user("demo.attestant")
    assert unconfirmed.unconfirmed_for_run(attestant, run_id) == ()
    window.switch_context(attestant)
    window.show()
    tab = window.payouts_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.runs_proxy.rowCount() > 0, timeout=5_000)
    notice = tab.findChild(UnconfirmedNotice, "unconfirmedRatesNotice")
    assert notice is tab.unconfirmed

    _select(qtbot, tab, "2026-09")  # computed with the unconfirmed child supplement rate
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    assert "Kjøringen bruker verdier som ikke er bekreftet" in notice.text()
    assert "38 fra 01.01.2026" in notice.text()
    # Plain words as on the rates screen: no parameter keys or internal values reach the approver.
    assert not any(word in notice.text() for word in ("birthday", "day_after", "next_month", "_"))
    expected = unconfirmed.unconfirmed_for_run(attestant, tab.current_run.id)  # type: ignore[union-attr]
    assert len(notice.lines) == len(expected) >= 1
    window.grab().save(str(png))

    _select(qtbot, tab, "2026-10")  # no unconfirmed value moves its money
    assert notice.isHidden() and notice.lines == ()
    assert tab.buttons["approveRun"].isEnabled()  # the notice informs; it never blocks approval

    _select(qtbot, tab, "2026-09")
    assert notice.isVisible()
    window.switch_context(demo_ctx.as_user("demo.veileder"))  # may neither make nor approve runs: no notice
    tab.reload()
    assert notice.isHidden()
