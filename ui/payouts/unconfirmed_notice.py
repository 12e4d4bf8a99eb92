"""A notice for the payout run's approval view: the unconfirmed values that move money.

Hook for the Utbetalinger tab (``ui/payouts/tab.py``): put one :class:`UnconfirmedNotice` above
the run's approve button and call :meth:`UnconfirmedNotice.show_run` with the selected run's id
whenever the selection changes. The widget hides itself when the run used no unconfirmed value.
It only reads (``services.payouts.unconfirmed``); it never blocks approval.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.payouts import unconfirmed
from ui.errors import call_service


class UnconfirmedNotice(QLabel):
    """«Kjøringen bruker verdier som ikke er bekreftet: …» for one run; hidden when there are none."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("unconfirmedRatesNotice")
        self.setWordWrap(True)
        self.setStyleSheet("background: #fff4ce; border: 1px solid #c8a600; padding: 6px;")
        self.lines: tuple[str, ...] = ()
        self.hide()

    def show_run(self, run_id: int | None) -> None:
        values = call_service(self, lambda: unconfirmed.unconfirmed_for_run(self.ctx, run_id)) if run_id else ()
        self.lines = tuple(_line(value) for value in values or ())
        if not self.lines:
            self.clear()
            self.hide()
            return
        self.setText(_("Kjøringen bruker verdier som ikke er bekreftet. Kontroller dem før du godkjenner:") + "\n"
                     + "\n".join(f"• {line}" for line in self.lines))
        self.show()


def _line(value: unconfirmed.UnconfirmedValue) -> str:
    """The value as the rates screen names it (plain words, never a parameter key or internal value)."""
    from ui.settings.rate_labels import LABELS, label, value_label

    name = label(value.name) if value.name in LABELS else value.description.rstrip(".")
    return _("{beskrivelse}: {verdi} fra {dato} er ikke bekreftet. {merknad}", beskrivelse=name,
             verdi=value_label(value.value), dato=value.effective_from.strftime("%d.%m.%Y"),
             merknad=value.note).strip()


__all__ = ["UnconfirmedNotice"]
