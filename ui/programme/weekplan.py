"""The weekly plan of a programme phase, as an editable model the week grid draws.

The model knows nothing about painting: it holds the blocks of one phase, refuses blocks that
overlap (with the Norwegian message the service would give), answers questions about hours and
tells views when it changes. ``ui.programme.grid.WeekGrid`` and the tab's header are views of it.
Saving goes through ``services.programmes.programmes.save_phase_pattern`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from kvp_desktop.i18n import _
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.programmes.programmes import CATEGORIES, BlockView, PhaseView, WeekStatus

FULL_TIME_HOURS = Decimal("37.5")

# The grid shows 07:00–22:00 (evenings are allowed) in 30- or 15-minute rows.
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
LEVEL_COLOURS = {"ok": ("#dff0d8", "#1e5e20"), "warning": ("#fcf0cf", "#7a5200"), "error": ("#f8d7da", "#8a1c25")}


def category_colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["other"])


class WeekPlanModel(QObject):
    """The blocks of one week pattern (one phase), editable, with the hour sums the header shows."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._phase: PhaseView | None = None
        self._blocks: tuple[BlockView, ...] = ()
        self._dirty = False

    def set_phase(self, phase: PhaseView | None) -> None:
        self._phase = phase
        self._blocks = tuple(sorted(phase.blocks, key=lambda b: (b.weekday, b.start_minute))) if phase else ()
        self._dirty = False
        self.changed.emit()

    @property
    def phase(self) -> PhaseView | None:
        return self._phase

    @property
    def blocks(self) -> tuple[BlockView, ...]:
        return self._blocks

    @property
    def dirty(self) -> bool:
        """The pattern differs from the saved phase."""
        return self._dirty

    def edited_phase(self) -> PhaseView | None:
        """The phase as it would be saved (for the live rule check)."""
        return replace(self._phase, blocks=self._blocks) if self._phase else None

    def blocks_on(self, weekday: int) -> list[BlockView]:
        return [b for b in self._blocks if b.weekday == weekday]

    def index_of(self, block: BlockView) -> int:
        return self._blocks.index(block)

    # --- editing: every change is refused with a message when blocks would overlap --------------
    def _try(self, blocks: list[BlockView]) -> str | None:
        pair = programmes.find_overlap(blocks)
        if pair is not None:
            return programmes.overlap_message(pair)
        if any(not DAY_START_MINUTE <= b.start_minute < b.end_minute <= DAY_END_MINUTE for b in blocks):
            return _("Aktiviteten må ligge mellom {fra} og {til}, og slutte etter at den begynner.",
                     fra=programmes.clock(DAY_START_MINUTE), til=programmes.clock(DAY_END_MINUTE))
        self._blocks = tuple(sorted(blocks, key=lambda b: (b.weekday, b.start_minute)))
        self._dirty = True
        self.changed.emit()
        return None

    def add_block(self, block: BlockView) -> str | None:
        """Add ``block``; returns a Norwegian message (and changes nothing) when it is refused."""
        return self._try([*self._blocks, block])

    def replace_block(self, index: int, block: BlockView) -> str | None:
        blocks = list(self._blocks)
        blocks[index] = block
        return self._try(blocks)

    def remove_block(self, index: int) -> None:
        blocks = list(self._blocks)
        del blocks[index]
        self._try(blocks)

    # --- sums ---------------------------------------------------------------------------------
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

    def status(self, monday: dt.date | None = None) -> WeekStatus:
        """Total and paid work against the rules, with levels and reasons (services.week_status)."""
        day = monday or (self._phase.from_date if self._phase else dt.date.today())
        return programmes.week_status(self._blocks, day)
