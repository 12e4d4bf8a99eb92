"""Norwegian sorting of text held in memory (æ, ø, å after z), with QCollator."""

from __future__ import annotations

from PySide6.QtCore import QCollator, QLocale, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

# Role that carries a value to sort by when the display text is not it (amounts, dates).
SORT_ROLE = Qt.ItemDataRole.UserRole + 50


def norwegian_collator() -> QCollator:
    collator = QCollator(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    return collator


class NorwegianSortProxy(QSortFilterProxyModel):
    """Sorts text columns with the Norwegian collator and other columns by ``SORT_ROLE``."""

    def __init__(self) -> None:
        super().__init__()
        self._collator = norwegian_collator()

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        left_key = left.data(SORT_ROLE)
        right_key = right.data(SORT_ROLE)
        if left_key is not None and right_key is not None:
            return bool(left_key < right_key)
        left_text = str(left.data(Qt.ItemDataRole.DisplayRole) or "")
        right_text = str(right.data(Qt.ItemDataRole.DisplayRole) or "")
        return self._collator.compare(left_text, right_text) < 0
