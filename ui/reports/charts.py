"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts).

``HorizontalBarChart``: one labelled bar per category with its number at the end of the bar.
``YearBarChart``: groups of vertical bars per year (participants, started, ended) with a legend.
Both expose their data (``data()``) so tests can read what is drawn, and have accessible names.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kvp_desktop.i18n import format_number

BAR = QColor("#3E6E9E")
BAR_TRACK = QColor("#E4EBF3")
SERIES = (QColor("#3E6E9E"), QColor("#6AA84F"), QColor("#C27C0E"))
INK = QColor("#1A1A1A")
GRID = QColor("#C8CED6")


class HorizontalBarChart(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._title = ""
        self._rows: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    def set_data(self, title: str, rows: Sequence[tuple[str, int]]) -> None:
        self._title = title
        self._rows = list(rows)
        self.setAccessibleName(title)
        self.setAccessibleDescription("; ".join(f"{label}: {value}" for label, value in self._rows))
        self.updateGeometry()
        self.update()

    def data(self) -> list[tuple[str, int]]:
        return list(self._rows)

    def sizeHint(self) -> QSize:
        return QSize(460, 34 + 26 * max(len(self._rows), 1))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(INK)
        painter.drawText(QRectF(0, 0, self.width(), 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._title)
        if not self._rows:
            painter.end()
            return
        metrics = QFontMetrics(self.font())
        label_width = max(metrics.horizontalAdvance(label) for label, _value in self._rows) + 12
        number_width = metrics.horizontalAdvance("0000") + 8
        area = max(self.width() - label_width - number_width, 10)
        top = max((value for _label, value in self._rows), default=0) or 1
        step = (self.height() - 30) / len(self._rows)
        bar_height = min(step * 0.62, 20)
        for index, (label, value) in enumerate(self._rows):
            y = 30 + index * step
            middle = QRectF(0, y, label_width - 8, step)
            painter.setFont(self.font())
            painter.setPen(INK)
            painter.drawText(middle, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            bar_top = y + (step - bar_height) / 2
            painter.fillRect(QRectF(label_width, bar_top, area, bar_height), BAR_TRACK)
            width = area * value / top
            painter.fillRect(QRectF(label_width, bar_top, width, bar_height), BAR)
            painter.setFont(bold)
            painter.drawText(QRectF(label_width + width + 4, y, number_width, step),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, format_number(value))
        painter.end()


class YearBarChart(QWidget):
    """Per year a group of bars, one per series; the chosen year's labels in bold."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._title = ""
        self._series: list[str] = []
        self._years: list[tuple[int, tuple[int, ...]]] = []
        self._chosen: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(160)

    def set_data(self, title: str, series: Sequence[str], years: Sequence[tuple[int, Sequence[int]]],
                 chosen: int | None) -> None:
        self._title = title
        self._series = list(series)
        self._years = [(year, tuple(values)) for year, values in years]
        self._chosen = chosen
        self.setAccessibleName(title)
        self.setAccessibleDescription("; ".join(
            f"{year}: " + ", ".join(f"{name} {value}" for name, value in zip(self._series, values, strict=True))
            for year, values in self._years))
        self.update()

    def data(self) -> list[tuple[int, tuple[int, ...]]]:
        return list(self._years)

    def sizeHint(self) -> QSize:
        return QSize(460, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(self.font())
        painter.setFont(bold)
        painter.setPen(INK)
        painter.drawText(QRectF(0, 0, self.width(), 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._title)
        # Legend on the title line, right-aligned.
        painter.setFont(self.font())
        x = self.width()
        for index in reversed(range(len(self._series))):
            name = self._series[index]
            x -= metrics.horizontalAdvance(name) + 8
            painter.drawText(QRectF(x, 0, metrics.horizontalAdvance(name) + 4, 24), Qt.AlignmentFlag.AlignVCenter,
                             name)
            x -= 16
            painter.fillRect(QRectF(x, 7, 11, 11), SERIES[index % len(SERIES)])
            x -= 10
        if not self._years:
            painter.end()
            return
        line = metrics.height()
        top_y, bottom_y = 30 + line, self.height() - line - 6
        left, right = 6, self.width() - 6
        peak = max((max(values, default=0) for _year, values in self._years), default=0) or 1
        painter.setPen(GRID)
        painter.drawLine(int(left), int(bottom_y), int(right), int(bottom_y))
        group = (right - left) / len(self._years)
        count = max(len(self._series), 1)
        bar = min(group * 0.7 / count, 34)
        for position, (year, values) in enumerate(self._years):
            start = left + position * group + (group - bar * count) / 2
            for index, value in enumerate(values):
                height = (bottom_y - top_y) * value / peak
                rect = QRectF(start + index * bar, bottom_y - height, bar - 3, height)
                painter.fillRect(rect, SERIES[index % len(SERIES)])
                painter.setPen(INK)
                painter.setFont(self.font())
                painter.drawText(QRectF(rect.left() - 6, rect.top() - line - 1, bar + 9, line),
                                 Qt.AlignmentFlag.AlignHCenter, format_number(value))
            painter.setFont(bold if year == self._chosen else self.font())
            painter.drawText(QRectF(left + position * group, bottom_y + 3, group, line),
                             Qt.AlignmentFlag.AlignHCenter, str(year))
        painter.end()
