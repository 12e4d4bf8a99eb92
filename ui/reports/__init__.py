"""Rapporter: the KOSTRA 11CF dialog and the outcomes dashboard (Resultater)."""

from ui.reports.kostra import KostraDialog, open_kostra_dialog
from ui.reports.outcomes import OutcomesDialog, open_outcomes_dialog

__all__ = ["KostraDialog", "OutcomesDialog", "open_kostra_dialog", "open_outcomes_dialog"]
