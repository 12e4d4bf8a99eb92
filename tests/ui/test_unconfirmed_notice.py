"""The approval view's notice of unconfirmed values that move money (the hook for the payouts tab)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kvp_desktop.services.context import AppContext
from kvp_desktop.store.models import PayoutRun
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
    notice.grab().save(str(png))
    notice.show_run(None)
    assert notice.isHidden() and notice.lines == ()
