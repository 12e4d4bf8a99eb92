"""The weekly plan of a programme phase, as a model the week grid draws (and later edits).

The model knows nothing about painting: it holds the blocks of one phase, answers questions
about hours, and tells views when it changes. ``WeekGrid`` and ``PhaseStrip`` in
``ui.tabs.programme`` are views of it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from kvp_desktop.services.programmes import CATEGORIES, BlockView, PhaseView

FULL_TIME_HOURS = Decimal("37.5")

# The grid shows 07:00–22:00 in 30-minute rows.
DAY_START_MINUTE = 7 * 60
DAY_END_MINUTE = 22 * 60
SLOT_MINUTES = 30

# One colour per activity category (soft fills with dark text; see CATEGORY_TEXT_COLOUR).
CATEGORY_COLOURS: dict[str, str] = {
    "work_directed_measure": "#8ecae6",
    "job_seeking": "#a7d49b",
    "training_education": "#f6d186",
    "motivation_mastery": "#d7b9e8",
    "health_treatment": "#f4a7a7",
    "physical_training": "#9fd8cb",
    "own_activity": "#f2c4a0",
    "rest": "#cfd4da",
    "paid_work": "#b5c7f2",
    "other": "#e0e0c0",
}
CATEGORY_TEXT_COLOUR = "#1b1b1b"


def category_colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["other"])


class WeekPlanModel(QObject):
    """The blocks of one week template (one phase), with the hour sums the header shows."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._phase: PhaseView | None = None
        self._blocks: tuple[BlockView, ...] = ()

    def set_phase(self, phase: PhaseView | None) -> None:
        self._phase = phase
        self._blocks = tuple(sorted(phase.blocks, key=lambda b: (b.weekday, b.start_minute))) if phase else ()
        self.changed.emit()

    @property
    def phase(self) -> PhaseView | None:
        return self._phase

    @property
    def blocks(self) -> tuple[BlockView, ...]:
        return self._blocks

    def blocks_on(self, weekday: int) -> list[BlockView]:
        return [b for b in self._blocks if b.weekday == weekday]

    def total_hours(self) -> Decimal:
        return sum((b.hours for b in self._blocks), Decimal("0"))

    def hours_by_category(self) -> dict[str, Decimal]:
        """Hours per category, in the order of ``programmes.CATEGORIES``; categories not used are left out."""
        sums: dict[str, Decimal] = {}
        for block in self._blocks:
            key = block.category if block.category in CATEGORIES else "other"
            sums[key] = sums.get(key, Decimal("0")) + block.hours
        return {code: sums[code] for code in CATEGORIES if code in sums}

    def is_full_time(self) -> bool:
        return self.total_hours() >= FULL_TIME_HOURS
