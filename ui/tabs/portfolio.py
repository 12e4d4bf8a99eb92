"""Portefølje: the office's clients with their stop points, for the portfolio review."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short, format_number
from kvp_desktop.services import portfolio
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.errors import ServiceError
from kvp_desktop.services.portfolio import PortfolioRow
from ui.errors import call_service, show_service_error
from ui.tabs.base import TabPage

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


class PortfolioModel(QAbstractTableModel):
    """The portfolio as a table over an ordered list of person ids, with rows loaded lazily.

    ``reload()`` asks the service for the ordered ids only (cheap: one integer per person), so the
    row count and the scroll bar are right at once. The row data is fetched the first time the
    view asks for a row, one batch of ``batch_size`` neighbouring rows per query
    (``portfolio.portfolio_rows``), and kept in a bounded cache (least recently used batches are
    dropped). ``invalidate()`` marks the cached rows stale after a change: the ids stay, rows are
    fetched again when next painted.
    """

    COLUMNS = ("name", "masked_id", "age", "stop_points", "last_review")

    #: Emitted (queued, outside painting) when a batch could not be loaded.
    load_failed = Signal(str)

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
        self._stop_point: str | None = None
        self.batch_loads = 0  # how many batches were fetched (tests and diagnostics)

    # --- loading -------------------------------------------------------------------------
    def set_context(self, ctx: AppContext) -> None:
        self._ctx = ctx

    @property
    def stop_point(self) -> str | None:
        return self._stop_point

    def reload(self, stop_point: str | None = None) -> None:
        """Fetch the ordered ids (all persons, or those with ``stop_point``); rows come later."""
        ids = portfolio.portfolio_ids(self._ctx, stop_point)
        self.beginResetModel()
        self._stop_point = stop_point
        self._ids = ids
        self._batches.clear()
        self.endResetModel()

    def invalidate(self) -> None:
        """Forget the cached rows (something changed); the view fetches them again on paint."""
        self._batches.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.COLUMNS) - 1))

    def cached_batches(self) -> list[int]:
        return list(self._batches)

    def person_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, person_id: int) -> int | None:
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

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

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return (
                    _("Navn"),
                    _("Fødselsnr."),
                    _("Alder"),
                    _("Stoppunkter"),
                    _("Siste gjennomgang"),
                )[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and self.COLUMNS[section] == "age":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        column = self.COLUMNS[index.column()]
        if role == PERSON_ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == "age":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return _("(ikke tilgjengelig)") if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "stop_points":
                return "\n".join(stop_point_label(code) for code in row.stop_points) or None
            return None
        return self._display(row, column)

    def _display(self, row: PortfolioRow, column: str) -> str:
        if column == "name":
            return row.name
        if column == "masked_id":
            return row.masked_id
        if column == "age":
            return format_number(age_on(row.birth_date, self._today()))
        if column == "stop_points":
            return "; ".join(stop_point_label(code) for code in row.stop_points) or "–"
        if row.last_reviewed is None:
            return _("Ikke gjennomgått")
        outcome = portfolio.REVIEW_OUTCOMES.get(row.last_outcome or "", "")
        when = format_date_short(row.last_reviewed.date())
        return f"{when} – {_(outcome)}" if outcome else when


def stop_point_label(code: str) -> str:
    label = portfolio.STOP_POINTS.get(code)
    return _(label) if label else code


class PortfolioTab(TabPage):
    """The table, a stop-point filter and a count per stop point. Activating a row chooses the person."""

    follows_person = False
    person_activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("portfolioTab")
        self.model = PortfolioModel(ctx)
        self.model.load_failed.connect(self._show_load_error)

        self.summary = QGroupBox(_("Personer per stoppunkt"))
        self.summary.setObjectName("portfolioSummary")
        grid = QGridLayout(self.summary)
        grid.setHorizontalSpacing(12)
        self.count_buttons: dict[str, QPushButton] = {}
        for position, code in enumerate(portfolio.STOP_POINTS):
            button = QPushButton()
            button.setObjectName(f"portfolioCount_{code}")
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 2px 6px;")
            button.setToolTip(_("Vis bare personer med dette stoppunktet"))
            button.clicked.connect(lambda _checked=False, c=code: self.filter_to(c))
            self.count_buttons[code] = button
            grid.addWidget(button, position // 4, position % 4)

        self.filter = QComboBox()
        self.filter.setObjectName("portfolioFilter")
        self.filter.setAccessibleName(_("Filtrer på stoppunkt"))
        self.filter.addItem(_("Alle personer"), None)
        for code, label in portfolio.STOP_POINTS.items():
            self.filter.addItem(_(label), code)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel(_("&Stoppunkt:"))
        filter_label.setBuddy(self.filter)

        self.count_label = QLabel()
        self.count_label.setObjectName("portfolioCountLabel")

        self.table = QTableView()
        self.table.setObjectName("portfolioTable")
        self.table.setAccessibleName(_("Portefølje"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((230, 120, 60, 0, 220)):
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)

        hint = QLabel(_("Dobbeltklikk eller trykk Enter på en rad for å velge personen."))
        hint.setObjectName("portfolioHint")
        hint.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter, 1)
        top.addStretch(1)
        top.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    # --- loading -------------------------------------------------------------------------
    def set_context(self, ctx: AppContext) -> None:
        self.model.set_context(ctx)
        super().set_context(ctx)

    def reload(self) -> None:
        counts = call_service(self, lambda: portfolio.stop_point_counts(self.ctx))
        if counts is not None:
            for code, button in self.count_buttons.items():
                n = counts.get(code, 0)
                button.setText(f"{format_number(n)}  {stop_point_label(code)}")
                button.setAccessibleName(
                    _("{antall} personer: {stoppunkt}", antall=n, stoppunkt=stop_point_label(code))
                )
        stop_point = self.filter.currentData()
        call_service(self, lambda: self.model.reload(stop_point))
        self._update_count()
        self._select_current_person()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            _("Viser {antall} person", antall=format_number(n))
            if n == 1
            else _("Viser {antall} personer", antall=format_number(n))
        )

    def filter_to(self, stop_point: str | None) -> None:
        index = self.filter.findData(stop_point)
        self.filter.setCurrentIndex(max(index, 0))

    def _filter_changed(self, _index: int) -> None:
        self.mark_stale()

    def has_data(self) -> bool:
        return not self.is_stale() and self.model.rowCount() > 0

    # --- person --------------------------------------------------------------------------
    def person_changed_quietly(self) -> None:
        self._select_current_person()

    def _select_current_person(self) -> None:
        if self.person_id is None:
            return
        row = self.model.row_of(self.person_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.person_activated.emit(self.model.person_id(index.row()))

    def _show_load_error(self, message: str) -> None:
        show_service_error(self, ServiceError(message))
