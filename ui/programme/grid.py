"""The week grid: Monday–Sunday columns, 07:00–22:00 rows, the phase's blocks drawn on top, editable.

Mouse: drag on empty space draws a block with the chosen activity (the "brush"), drag a block to
move it (also to another day), drag its lower edge to resize it, double-click to edit it.
Keyboard: the arrow keys move a cursor (a block under the cursor is chosen), Enter edits the
chosen block or makes a new one-hour block at the cursor, Shift+Up/Down makes the chosen block
shorter/longer, Alt+arrows move it, Delete removes it, Ctrl+C/Ctrl+V copy it to the cursor's day.
Changes go to the ``WeekPlanModel``, which refuses overlaps; the refusal is emitted as ``refused``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kvp_desktop.i18n import N_, _, format_number
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.programmes.programmes import BlockView
from ui.programme.weekplan import (
    CATEGORY_TEXT_COLOUR,
    DAY_END_MINUTE,
    DAY_START_MINUTE,
    SLOT_MINUTES,
    WeekPlanModel,
    category_colour,
)

WEEKDAYS = (N_("Mandag"), N_("Tirsdag"), N_("Onsdag"), N_("Torsdag"), N_("Fredag"), N_("Lørdag"), N_("Søndag"))
EDGE = 6  # pixels at a block's lower edge that resize instead of move


def format_clock(minute: int) -> str:
    return programmes.clock(minute)


def category_label(code: str) -> str:
    label = programmes.CATEGORIES.get(code)
    return _(label) if label else code


def block_description(block: BlockView) -> str:
    parts = [
        f"{_(WEEKDAYS[block.weekday])} {format_clock(block.start_minute)}–{format_clock(block.end_minute)}",
        block.activity,
        category_label(block.category),
    ]
    parts.extend(p for p in (block.provider, block.contact) if p)
    return " · ".join(parts)


class WeekGrid(QWidget):
    """A view and editor of ``WeekPlanModel`` (see the module docstring for mouse and keys)."""

    block_selected = Signal(object)  # BlockView | None
    edit_requested = Signal(int)  # index of the block to edit in a dialog
    refused = Signal(str)  # a Norwegian message: why a change was not made

    TIME_COLUMN = 52
    MIN_ROW_HEIGHT = 15

    def __init__(self, model: WeekPlanModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekGrid")
        self.setAccessibleName(_("Ukeplan"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._model = model
        self._selected = -1
        self._slot = SLOT_MINUTES
        self._cursor = (0, DAY_START_MINUTE + 90)  # weekday, minute
        self._clipboard: BlockView | None = None
        self._drag: tuple[str, int, QPointF, BlockView | None] | None = None  # kind, index, origin, original
        self._preview: BlockView | None = None
        self.editable = True
        #: What a new block is: activity, category, provider and contact (the brush).
        self.brush: Callable[[], tuple[str, str, str, str]] = lambda: (_("Ny aktivitet"), "other", "", "")
        model.changed.connect(self._model_changed)

    # --- geometry ------------------------------------------------------------------------
    @property
    def slot_minutes(self) -> int:
        return self._slot

    def set_slot_minutes(self, minutes: int) -> None:
        self._slot = minutes
        self.updateGeometry()
        self.update()

    @property
    def rows(self) -> int:
        return (DAY_END_MINUTE - DAY_START_MINUTE) // self._slot

    def header_height(self) -> int:
        return self.fontMetrics().height() + 10

    def minimumSizeHint(self) -> QSize:
        return QSize(self.TIME_COLUMN + 7 * 90, self.header_height() + 30 * self.MIN_ROW_HEIGHT + 2)

    def sizeHint(self) -> QSize:
        return QSize(self.TIME_COLUMN + 7 * 160, self.header_height() + 30 * 18 + 2)

    def _minute_height(self) -> float:
        return max((self.height() - self.header_height() - 2) / (DAY_END_MINUTE - DAY_START_MINUTE), 0.05)

    def _day_width(self) -> float:
        return (self.width() - self.TIME_COLUMN - 1) / 7

    def y_of(self, minute: int) -> float:
        minute = min(max(minute, DAY_START_MINUTE), DAY_END_MINUTE)
        return self.header_height() + (minute - DAY_START_MINUTE) * self._minute_height()

    def x_of(self, weekday: int) -> float:
        return self.TIME_COLUMN + weekday * self._day_width()

    def point_for(self, weekday: int, minute: int) -> QPoint:
        """The pixel in the middle of ``weekday``'s column at ``minute`` (for tests and tooltips)."""
        return QPoint(int(self.x_of(weekday) + self._day_width() / 2), round(self.y_of(minute)))

    def _cell_at(self, point: QPointF) -> tuple[int, int]:
        """Weekday and minute (snapped down to the slot) under ``point``."""
        weekday = int((point.x() - self.TIME_COLUMN) // max(self._day_width(), 1))
        minute = DAY_START_MINUTE + (point.y() - self.header_height()) / self._minute_height()
        snapped = DAY_START_MINUTE + int((minute - DAY_START_MINUTE) // self._slot) * self._slot
        return max(0, min(weekday, 6)), max(DAY_START_MINUTE, min(snapped, DAY_END_MINUTE - self._slot))

    def _snap(self, minute: float) -> int:
        return DAY_START_MINUTE + round((minute - DAY_START_MINUTE) / self._slot) * self._slot

    def block_rect(self, block: BlockView) -> QRectF:
        top = self.y_of(block.start_minute)
        return QRectF(self.x_of(block.weekday) + 2, top + 1, self._day_width() - 4,
                      max(self.y_of(block.end_minute) - top - 2, 3))

    # --- model ---------------------------------------------------------------------------
    def _model_changed(self) -> None:
        self._selected = self._index_at_cursor()
        self._describe()
        self.update()

    def _describe(self) -> None:
        block = self.selected_block()
        if block is not None:
            self.setAccessibleDescription(block_description(block))
        else:
            self.setAccessibleDescription(
                _("{antall} aktiviteter, til sammen {timer} timer. Markør: {dag} {tid}.",
                  antall=len(self._model.blocks), timer=format_number(self._model.total_hours()),
                  dag=_(WEEKDAYS[self._cursor[0]]), tid=format_clock(self._cursor[1])))

    def _index_at_cursor(self) -> int:
        weekday, minute = self._cursor
        for index, block in enumerate(self._model.blocks):
            if block.weekday == weekday and block.start_minute <= minute < block.end_minute:
                return index
        return -1

    def selected_block(self) -> BlockView | None:
        blocks = self._model.blocks
        return blocks[self._selected] if 0 <= self._selected < len(blocks) else None

    @property
    def grid_cursor(self) -> tuple[int, int]:
        return self._cursor

    def set_cursor(self, weekday: int, minute: int) -> None:
        weekday = max(0, min(weekday, 6))
        minute = max(DAY_START_MINUTE, min(minute, DAY_END_MINUTE - self._slot))
        self._cursor = (weekday, minute)
        self._selected = self._index_at_cursor()
        self._describe()
        self.block_selected.emit(self.selected_block())
        self.update()

    def select_block(self, index: int) -> None:
        blocks = self._model.blocks
        if not blocks:
            return
        index = max(0, min(index, len(blocks) - 1))
        block = blocks[index]
        self._cursor = (block.weekday, block.start_minute)
        self._selected = index
        self._describe()
        self.block_selected.emit(block)
        self.update()

    def reset_cursor(self) -> None:
        """The cursor on the first block (or Monday 08:30 in an empty week), nothing chosen."""
        blocks = self._model.blocks
        self._cursor = (blocks[0].weekday, blocks[0].start_minute) if blocks else (0, 8 * 60 + 30)
        self._selected = -1
        self.update()

    # --- editing -------------------------------------------------------------------------
    def _apply(self, result: str | None) -> bool:
        if result:
            self.refused.emit(result)
            return False
        return True

    def create_block(self, weekday: int, start: int, end: int) -> bool:
        activity, category, provider, contact = self.brush()
        block = BlockView(weekday, start, end, activity, category, provider, contact)
        if self._apply(self._model.add_block(block)):
            self.select_block(self._model.index_of(block))
            return True
        return False

    def _change_selected(self, weekday: int, start: int, end: int) -> None:
        block = self.selected_block()
        if block is None or not self.editable:
            return
        new = replace(block, weekday=weekday, start_minute=start, end_minute=end)
        if self._apply(self._model.replace_block(self._selected, new)):
            self.select_block(self._model.index_of(new))

    def delete_selected(self) -> None:
        if self.selected_block() is not None and self.editable:
            self._model.remove_block(self._selected)

    def copy_selected(self) -> None:
        self._clipboard = self.selected_block()

    def paste(self) -> None:
        """The copied block on the cursor's day, at the same time."""
        if self._clipboard is None or not self.editable:
            return
        block = replace(self._clipboard, weekday=self._cursor[0])
        if self._apply(self._model.add_block(block)):
            self.select_block(self._model.index_of(block))

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        header = self.header_height()
        day_width = self._day_width()
        grid_bottom = self.y_of(DAY_END_MINUTE)

        # Weekend columns and evenings are shaded: allowed, but not the usual working time.
        for day in (5, 6):
            painter.fillRect(QRectF(self.x_of(day), header, day_width, grid_bottom - header), QColor("#f4f4f4"))
        evening = self.y_of(17 * 60)
        painter.fillRect(QRectF(self.TIME_COLUMN, evening, 7 * day_width, grid_bottom - evening), QColor("#f7f7fb"))
        text_colour = palette.text().color()
        for minute in range(DAY_START_MINUTE, DAY_END_MINUTE + 1, self._slot):
            y = self.y_of(minute)
            on_hour = minute % 60 == 0
            painter.setPen(QPen(QColor("#c8c8c8") if on_hour else QColor("#ececec"), 1))
            painter.drawLine(QPoint(self.TIME_COLUMN, int(y)), QPoint(self.width(), int(y)))
            if on_hour and minute < DAY_END_MINUTE:
                painter.setPen(text_colour)
                painter.drawText(QRect(0, int(y) - 1, self.TIME_COLUMN - 6, self.fontMetrics().height()),
                                 int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), format_clock(minute))
        bold = QFont(self.font())
        bold.setBold(True)
        for day in range(7):
            x = self.x_of(day)
            painter.setPen(QPen(QColor("#c8c8c8"), 1))
            painter.drawLine(QPoint(int(x), 0), QPoint(int(x), int(grid_bottom)))
            painter.setPen(text_colour)
            painter.setFont(bold)
            painter.drawText(QRectF(x, 0, day_width, header), Qt.AlignmentFlag.AlignCenter, _(WEEKDAYS[day]))
        painter.setFont(self.font())
        painter.setPen(QPen(QColor("#9a9a9a"), 1))
        painter.drawLine(QPoint(self.TIME_COLUMN, header), QPoint(self.width(), header))

        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        metrics = QFontMetrics(small)
        painter.setFont(small)
        blocks = list(enumerate(self._model.blocks))
        if self._preview is not None:
            blocks.append((-2, self._preview))
        for index, block in blocks:
            if self._drag is not None and index == self._drag[1] and self._preview is not None:
                continue
            rect = self.block_rect(block)
            chosen = index == self._selected or index == -2
            colour = QColor(category_colour(block.category))
            if index == -2:
                colour.setAlpha(170)
            painter.setBrush(colour)
            painter.setPen(QPen(QColor("#1f4e72") if chosen else QColor("#707070"), 3 if chosen else 1))
            painter.drawRoundedRect(rect, 3, 3)
            inner = rect.adjusted(4, 1, -4, -1)
            lines = [f"{format_clock(block.start_minute)}–{format_clock(block.end_minute)}", block.activity]
            if block.provider:
                lines.append(block.provider)
            painter.setPen(QColor(CATEGORY_TEXT_COLOUR))
            max_lines = max(int(inner.height() // metrics.height()), 1)
            shown = lines[:max_lines] if max_lines > 1 else [f"{lines[0]} {block.activity}"]
            y = inner.top()
            for line in shown:
                text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(inner.width()))
                painter.drawText(QRectF(inner.left(), y, inner.width(), metrics.height()),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
                y += metrics.height()

        if self.hasFocus():
            weekday, minute = self._cursor
            cell = QRectF(self.x_of(weekday) + 1, self.y_of(minute), day_width - 2,
                          self.y_of(minute + self._slot) - self.y_of(minute))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.highlight().color(), 2, Qt.PenStyle.DashLine))
            painter.drawRect(cell)
            painter.setPen(QPen(palette.highlight().color(), 1, Qt.PenStyle.DotLine))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    # --- mouse ---------------------------------------------------------------------------
    def _block_at(self, point: QPointF) -> int:
        for index, block in enumerate(self._model.blocks):
            if self.block_rect(block).adjusted(0, -1, 0, 2).contains(point):
                return index
        return -1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._block_at(QPointF(event.pos()))
            if index >= 0:
                block = self._model.blocks[index]
                text = block_description(block) + (f"\n{block.note}" if block.note else "")
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        point = event.position()
        index = self._block_at(point)
        if index >= 0:
            self.select_block(index)
            block = self._model.blocks[index]
            near_edge = point.y() >= self.block_rect(block).bottom() - EDGE
            self._drag = ("resize" if near_edge else "move", index, point, block)
        elif point.y() > self.header_height() and point.x() > self.TIME_COLUMN:
            weekday, minute = self._cell_at(point)
            self.set_cursor(weekday, minute)
            self._drag = ("draw", -1, point, None)
        event.accept()

    def _dragged(self, point: QPointF) -> BlockView | None:
        if self._drag is None:
            return None
        kind, _index, origin, block = self._drag
        if kind == "draw":
            day, first = self._cell_at(origin)
            _day, last = self._cell_at(point)
            start, end = min(first, last), max(first, last) + self._slot
            activity, category, provider, contact = self.brush()
            return BlockView(day, start, end, activity, category, provider, contact)
        assert block is not None
        delta = (point.y() - origin.y()) / self._minute_height()
        if kind == "resize":
            end = max(self._snap(block.end_minute + delta), block.start_minute + self._slot)
            return replace(block, end_minute=min(end, DAY_END_MINUTE))
        length = block.end_minute - block.start_minute
        start = max(DAY_START_MINUTE, min(self._snap(block.start_minute + delta), DAY_END_MINUTE - length))
        weekday = self._cell_at(point)[0]
        return replace(block, weekday=weekday, start_minute=start, end_minute=start + length)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and self.editable:
            self._preview = self._dragged(event.position())
            self.update()
        else:
            index = self._block_at(event.position())
            on_edge = index >= 0 and event.position().y() >= self.block_rect(self._model.blocks[index]).bottom() - EDGE
            self.setCursor(Qt.CursorShape.SizeVerCursor if on_edge and self.editable else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self._preview = None
        if drag is None or not self.editable:
            self.update()
            return
        kind, index, origin, original = drag
        if (event.position() - origin).manhattanLength() < 3:
            self.update()  # a click, not a drag
            return
        self._drag = drag
        new = self._dragged(event.position())
        self._drag = None
        if new is None:
            return
        if kind == "draw":
            if self._apply(self._model.add_block(new)):
                self.select_block(self._model.index_of(new))
        elif new != original and self._apply(self._model.replace_block(index, new)):
            self.select_block(self._model.index_of(new))
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self._block_at(event.position())
        if index >= 0:
            self.select_block(index)
            self.edit_requested.emit(index)

    # --- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = int(event.key())
        mods = event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        weekday, minute = self._cursor
        steps: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        block = self.selected_block()
        if key in steps and alt and block is not None:
            days, slots = steps[key]
            length = block.end_minute - block.start_minute
            start = max(DAY_START_MINUTE, min(block.start_minute + slots * self._slot, DAY_END_MINUTE - length))
            self._change_selected(max(0, min(block.weekday + days, 6)), start, start + length)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and shift and block is not None:
            step = self._slot if key == Qt.Key.Key_Down else -self._slot
            end = min(max(block.end_minute + step, block.start_minute + self._slot), DAY_END_MINUTE)
            self._change_selected(block.weekday, block.start_minute, end)
        elif key in steps:
            days, slots = steps[key]
            self.set_cursor(weekday + days, minute + slots * self._slot)
        elif key == Qt.Key.Key_Home:
            self.select_block(0)
        elif key == Qt.Key.Key_End:
            self.select_block(len(self._model.blocks) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if block is not None:
                self.edit_requested.emit(self._selected)
            elif self.editable:
                self.create_block(weekday, minute, min(minute + 60, DAY_END_MINUTE))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selected()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
