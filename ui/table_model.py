"""The one base for the UI's table models: columns declared as data, Qt's model interface written once.

A table is a list of rows (one Python object each, usually a service DTO) and a list of
``Column``s. A column says what it shows: its header (a bokmål msgid, translated when shown),
the cell text, the alignment, the value the sorting proxy (``ui.widgets.sort_proxy.NorwegianSortProxy``)
sorts by instead of the text, the tooltip and any other role. ``TableModel`` answers
``rowCount``, ``columnCount``, ``headerData``, ``flags`` and ``data`` from that declaration,
so a model only says where its rows come from. ``PagedTableModel`` adds loading in pages as
the view scrolls (``canFetchMore``/``fetchMore``).

A row is asked for (``TableModel.item``) only for a role some column or the model answers, so a
model that loads rows lazily is not made to load one to answer a size hint or a font.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from kvp_desktop.i18n import _
from ui.widgets.sort_proxy import SORT_ROLE

#: An index as Qt passes it to a model's methods.
AnyIndex = QModelIndex | QPersistentModelIndex

R = TypeVar("R")

# Roles as plain ints: data() runs for every role of every painted cell, and an int compares
# and hashes faster than the enum (a role of either kind finds the same entry).
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT_TOP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


@dataclass(frozen=True, eq=False)
class Column(Generic[R]):
    """One column of a table: what its header says and what each of its cells answers.

    ``header`` is a bokmål msgid (mark it with ``N_()``), translated each time the header is
    shown; a callable gives a header that changes with the model (the week sheet's dates).
    ``value`` gives the cell's text from the row. ``tooltip=True`` repeats the text as the
    tooltip; a callable gives another. ``sort`` gives the value sorted by (``SORT_ROLE``) where
    the text would sort wrongly (amounts, dates, counts); without it the proxy sorts the text
    with the Norwegian collator. ``roles`` answers any further role from the row (colours,
    fonts, accessible text).
    """

    key: str
    header: str | Callable[[], str]
    value: Callable[[R], Any]
    align: Qt.AlignmentFlag | None = None  # the cells' alignment; None: the view's default
    header_align: Qt.AlignmentFlag | None = None  # the header's alignment; None: the header's default
    sort: Callable[[R], Any] | None = None
    tooltip: Callable[[R], Any] | bool = False
    roles: Mapping[int, Callable[[R], Any]] = field(default_factory=dict)
    editable: bool = False  # the cell edits (EditRole gives the text; the model's setData takes it)

    def title(self) -> str:
        return self.header() if callable(self.header) else _(self.header)

    @cached_property
    def getters(self) -> dict[int, Callable[[R], Any]]:
        """Role (as an int) → how a cell of this column answers it from its row."""
        found: dict[int, Callable[[R], Any]] = {int(role): getter for role, getter in self.roles.items()}
        found[DISPLAY] = self.value
        if self.editable:
            found[EDIT] = self.value
        if self.tooltip is True:
            found[TOOLTIP] = self.value
        elif callable(self.tooltip):
            found[TOOLTIP] = self.tooltip
        if self.sort is not None:
            found[int(SORT_ROLE)] = self.sort
        return found

    @cached_property
    def alignment(self) -> int | None:
        return int(self.align) if self.align is not None else None


class TableModel(QAbstractTableModel, Generic[R]):
    """A flat, read-only table over ``columns`` (set in the class, or in ``__init__`` when a
    column needs the model) and a list of rows (``set_items``). A subclass with another store
    of rows overrides ``item`` and ``item_count``; an editable one overrides ``setData``."""

    columns: Sequence[Column[R]] = ()
    #: Roles every cell of a row answers alike, whatever its column (a row's id, its accessible text).
    row_roles: Mapping[int, Callable[[R], Any]] = {}
    #: The display text of a row that could not be loaded (None: the cells stay empty).
    missing: str | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[R] = []

    # --- rows ------------------------------------------------------------------------------
    def set_items(self, items: Iterable[R]) -> None:
        """Show these rows instead (a model reset: the view forgets selection and scroll)."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> R | None:
        """The row's object; None when it could not be loaded (then ``missing`` is shown)."""
        return self._items[row]

    def item_count(self) -> int:
        return len(self._items)

    def column_of(self, key: str) -> int:
        return next(number for number, column in enumerate(self.columns) if column.key == key)

    def _holds(self, index: AnyIndex) -> bool:
        # Not checkIndex(): that logs a Qt warning for every index it refuses.
        return index.isValid() and 0 <= index.row() < self.item_count() and 0 <= index.column() < len(self.columns)

    # --- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.item_count()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == DISPLAY and 0 <= section < self.item_count() else None
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == DISPLAY:
            return column.title()
        if role == ALIGNMENT and column.header_align is not None:
            return int(column.header_align)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self._holds(index):
            return Qt.ItemFlag.NoItemFlags
        if self.columns[index.column()].editable:
            return READ_ONLY | Qt.ItemFlag.ItemIsEditable
        return READ_ONLY

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not self._holds(index):
            return None
        column = self.columns[index.column()]
        if role == ALIGNMENT:
            return column.alignment
        getter = self.row_roles.get(role) or column.getters.get(role)
        if getter is None:
            return None  # nothing to say: do not load the row for it
        row = self.item(index.row())
        if row is None:
            return _(self.missing) if role == DISPLAY and self.missing else None
        return getter(row)


class PagedTableModel(TableModel[R]):
    """A table loaded a page at a time as the view scrolls near its end (``fetchMore``).

    ``restart`` empties the table for a new listing; the view (or the caller) then fetches the
    first page. A page shorter than ``page_size`` is the last one."""

    page_size = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._exhausted = True
        self._fetching = False

    def load_page(self, offset: int, limit: int) -> Sequence[R]:
        """Rows ``offset`` … ``offset + limit - 1`` of the listing (fewer at its end)."""
        raise NotImplementedError

    def restart(self) -> None:
        self.beginResetModel()
        self._items = []
        self._exhausted = True
        self.endResetModel()
        # Only now: a view (or Qt's model tester) that fetched on the reset signal would insert
        # rows while the reset is still being announced. The view fetches after it, by timer.
        self._exhausted = False

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        # A slot of the insert signals may ask for more again (Qt's model tester does): that
        # would load the same page twice and insert rows inside the insertion.
        self._fetching = True
        try:
            page = self.load_page(len(self._items), self.page_size)
            self._exhausted = len(page) < self.page_size
            if page:
                self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(page) - 1)
                self._items.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False
