"""Portefølje's table model: the office's persons with their stop points, loaded batch by batch."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    Qt,
    QTimer,
    Signal,
)

from kvp_desktop.i18n import N_, _, format_date_short, format_number
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.portfolio import portfolio
from kvp_desktop.services.portfolio.portfolio import (
    PortfolioFilter,
    PortfolioRow,
)
from ui.table_model import LEFT, RIGHT, AnyIndex, Column, TableModel

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def flag_label(code: str) -> str:
    label = portfolio.FLAGS.get(code)
    return _(label) if label else code


stop_point_label = flag_label  # the older name


class PortfolioModel(TableModel[PortfolioRow]):
    """The portfolio as a table over an ordered list of person ids, with rows loaded lazily.

    ``reload()`` asks the service for the ordered ids only (one integer per person; filtering,
    searching and ordering happen in SQL), so the row count and the scroll bar are right at
    once. The row data is fetched the first time the view asks for a row, one batch of
    ``batch_size`` neighbouring rows per query (``portfolio.portfolio_rows``), and kept in a
    bounded cache (least recently used batches are dropped). ``invalidate()`` marks the cached
    rows stale after a change: the ids stay, rows are fetched again when next painted.
    """

    #: Emitted (queued, outside painting) when a batch could not be loaded.
    load_failed = Signal(str)

    missing = N_("(ikke tilgjengelig)")

    def __init__(
        self,
        ctx: AppContext,
        batch_size: int = 200,
        max_cached_batches: int = 20,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._batch_size = batch_size
        self._max_batches = max_cached_batches
        self._today = today
        self._ids: list[int] = []
        self._batches: OrderedDict[int, dict[int, PortfolioRow]] = OrderedDict()
        self._filters = PortfolioFilter()
        self.batch_loads = 0  # how many batches were fetched (tests and diagnostics)
        self.columns = (
            Column("name", N_("Navn"), lambda row: row.name, align=LEFT),
            Column("masked_id", N_("Fødselsnr."), lambda row: row.masked_id, align=LEFT),
            Column("age", N_("Alder"), lambda row: format_number(age_on(row.birth_date, self._today())),
                   align=RIGHT, header_align=RIGHT),
            Column("caseworker", N_("Veileder"), lambda row: row.caseworker, align=LEFT),
            # Short labels so several flags fit; the tooltip and the detail pane have the full text.
            Column("stop_points", N_("Stoppunkter"),
                   lambda row: "; ".join(_(portfolio.FLAG_SHORT[code]) for code in row.stop_points) or "–",
                   align=LEFT, tooltip=_fired_lines),
            Column("last_review", N_("Siste gjennomgang"), _last_review, align=LEFT),
        )

    # --- loading -------------------------------------------------------------------------
    def set_context(self, ctx: AppContext) -> None:
        self._ctx = ctx

    @property
    def filters(self) -> PortfolioFilter:
        return self._filters

    @property
    def stop_point(self) -> str | None:
        return self._filters.stop_point

    def show(self, filters: PortfolioFilter, ids: list[int], first_rows: list[PortfolioRow]) -> None:
        """Show ``ids`` (read by ``portfolio.portfolio_view``), with the first batch's rows already read."""
        self.beginResetModel()
        self._filters = filters
        self._ids = ids
        self._batches.clear()
        if first_rows and ids[: len(first_rows)] == [row.id for row in first_rows] and (
                len(first_rows) >= min(self._batch_size, len(ids))):
            self._batches[0] = {row.id: row for row in first_rows[: self._batch_size]}
        self.endResetModel()

    def reload(self, filters: PortfolioFilter | str | None = None) -> None:
        """Fetch the ordered ids that pass ``filters`` (a stop-point code is accepted too)."""
        if not isinstance(filters, PortfolioFilter):
            filters = PortfolioFilter(stop_point=filters)
        ids = portfolio.portfolio_ids(self._ctx, filters=filters, today=self._today())
        self.beginResetModel()
        self._filters = filters
        self._ids = ids
        self._batches.clear()
        self.endResetModel()

    def invalidate(self) -> None:
        """Forget the cached rows (something changed); the view fetches them again on paint."""
        self._batches.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def cached_batches(self) -> list[int]:
        return list(self._batches)

    def person_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, person_id: int) -> int | None:
        # A scan of the id list (about a millisecond for 100 000 ids) instead of an id → row dictionary,
        # which held 10 MiB for the whole session with a large office.
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> PortfolioRow | None:
        return self._row(row)

    def _row(self, row: int) -> PortfolioRow | None:
        number = row // self._batch_size
        batch = self._batches.get(number)
        if batch is None:
            start = number * self._batch_size
            ids = self._ids[start : start + self._batch_size]
            try:
                rows = portfolio.portfolio_rows(self._ctx, ids)
            except ServiceError as error:
                self._report(error.message)
                return None
            self.batch_loads += 1
            batch = {r.id: r for r in rows}
            self._batches[number] = batch
            while len(self._batches) > self._max_batches:
                self._batches.popitem(last=False)
        else:
            self._batches.move_to_end(number)
        return batch.get(self._ids[row])

    def _report(self, message: str) -> None:
        # data() is called while painting; a dialog must wait until painting is over.
        QTimer.singleShot(0, lambda: self.load_failed.emit(message))

    # --- the base's rows: ids known at once, row data loaded when first shown ------------------
    def item(self, row: int) -> PortfolioRow | None:
        return self._row(row)

    def item_count(self) -> int:
        return len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == PERSON_ID_ROLE:  # the id is known without loading the row
            return self._ids[index.row()] if index.isValid() and 0 <= index.row() < len(self._ids) else None
        return super().data(index, role)


def _fired_lines(row: PortfolioRow) -> str | None:
    return "\n".join(f"{flag_label(code)} ({format_date_short(day)})" for code, day in row.fired) or None


def _last_review(row: PortfolioRow) -> str:
    if row.last_reviewed is None:
        return _("Ikke gjennomgått")
    outcome = portfolio.REVIEW_OUTCOMES.get(row.last_outcome or "", "")
    when = format_date_short(row.last_reviewed.date())
    return f"{when} – {_(outcome)}" if outcome else when
