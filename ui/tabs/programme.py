"""Programbygger: the chosen person's newest programme — phases and the weekly plan."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from kvp_desktop.i18n import N_, _, format_date_short, format_number
from kvp_desktop.services import programmes
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.programmes import BlockView, PhaseView, ProgrammeView
from ui.errors import call_service
from ui.tabs.base import TabPage
from ui.weekplan import (
    CATEGORY_TEXT_COLOUR,
    DAY_END_MINUTE,
    DAY_START_MINUTE,
    FULL_TIME_HOURS,
    SLOT_MINUTES,
    WeekPlanModel,
    category_colour,
)

WEEKDAYS = (N_("Mandag"), N_("Tirsdag"), N_("Onsdag"), N_("Torsdag"), N_("Fredag"), N_("Lørdag"), N_("Søndag"))


def format_hours(hours: Decimal) -> str:
    """``Decimal("37.5")`` → ``"37,5 t"``, ``Decimal("15.0")`` → ``"15 t"`` (Norwegian decimal comma)."""
    return _("{timer} t", timer=format_number(hours.quantize(Decimal("0.01"))))


def format_clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def category_label(code: str) -> str:
    label = programmes.CATEGORIES.get(code)
    return _(label) if label else code


def block_description(block: BlockView) -> str:
    parts = [
        f"{_(WEEKDAYS[block.weekday])} {format_clock(block.start_minute)}–{format_clock(block.end_minute)}",
        block.activity,
        category_label(block.category),
    ]
    if block.provider:
        parts.append(block.provider)
    return " · ".join(parts)


class PhaseStrip(QWidget):
    """The programme's phases side by side, each as wide as its share of the programme's days.

    Click or use the arrow keys to choose a phase; today's date is marked with a line.
    """

    phase_selected = Signal(int)

    def __init__(self, today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseStrip")
        self.setAccessibleName(_("Faser i programmet"))
        self.setToolTip(_("Klikk eller bruk piltastene for å velge fase. Den røde trekanten viser dagens dato."))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._today = today
        self._phases: tuple[PhaseView, ...] = ()
        self._current = -1

    MARKER = 9  # the band under the phases where today's date is marked

    def sizeHint(self) -> QSize:
        return QSize(600, 2 * self.fontMetrics().height() + 18 + self.MARKER)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def set_phases(self, phases: tuple[PhaseView, ...], current: int) -> None:
        self._phases = phases
        self._current = current
        self._update_accessible()
        self.update()

    @property
    def current(self) -> int:
        return self._current

    def select(self, index: int) -> None:
        if 0 <= index < len(self._phases) and index != self._current:
            self._current = index
            self._update_accessible()
            self.update()
            self.phase_selected.emit(index)

    def _update_accessible(self) -> None:
        if 0 <= self._current < len(self._phases):
            phase = self._phases[self._current]
            self.setAccessibleDescription(
                _("Fase {nr} av {antall}: {navn}, {fra}–{til}", nr=self._current + 1, antall=len(self._phases),
                  navn=phase.name, fra=format_date_short(phase.from_date), til=format_date_short(phase.to_date))
            )

    def _rects(self) -> list[QRectF]:
        if not self._phases:
            return []
        start = min(p.from_date for p in self._phases)
        end = max(p.to_date for p in self._phases)
        total = max((end - start).days + 1, 1)
        width = self.width() - 2
        rects = []
        for phase in self._phases:
            x = 1 + width * (phase.from_date - start).days / total
            w = width * ((phase.to_date - phase.from_date).days + 1) / total
            rects.append(QRectF(x, 1, max(w - 2, 4), self.height() - 2 - self.MARKER))
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        if not self._phases:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Programmet har ingen faser ennå."))
            return
        metrics = QFontMetrics(self.font())
        for index, (phase, rect) in enumerate(zip(self._phases, self._rects(), strict=True)):
            chosen = index == self._current
            painter.setBrush(QColor("#2f6f9f") if chosen else QColor("#e4ecf2"))
            painter.setPen(QPen(QColor("#1f4e72"), 2 if chosen and self.hasFocus() else 1))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("#ffffff") if chosen else QColor("#1b1b1b"))
            inner = rect.adjusted(6, 2, -6, -2).toRect()
            name = metrics.elidedText(phase.name, Qt.TextElideMode.ElideRight, inner.width())
            dates = metrics.elidedText(
                f"{format_date_short(phase.from_date)}–{format_date_short(phase.to_date)}",
                Qt.TextElideMode.ElideRight,
                inner.width(),
            )
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), name)
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), dates)
        today = self._today()
        start = min(p.from_date for p in self._phases)
        end = max(p.to_date for p in self._phases)
        if start <= today <= end:
            # A small red triangle under the strip points at today, clear of the phase names.
            x = 1 + (self.width() - 2) * (today - start).days / max((end - start).days + 1, 1)
            bottom = self.height() - 1
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#c0392b"))
            painter.drawPolygon(QPolygonF([
                QPointF(x, bottom - self.MARKER + 1), QPointF(x - 5, bottom), QPointF(x + 5, bottom)
            ]))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index, rect in enumerate(self._rects()):
            if rect.contains(event.position()):
                self.select(index)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Left:
            self.select(self._current - 1)
        elif event.key() == Qt.Key.Key_Right:
            self.select(self._current + 1)
        elif event.key() == Qt.Key.Key_Home:
            self.select(0)
        elif event.key() == Qt.Key.Key_End:
            self.select(len(self._phases) - 1)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class WeekGrid(QWidget):
    """Monday–Sunday columns, 07:00–22:00 in half-hour rows, the phase's blocks drawn on top.

    A view of ``WeekPlanModel``. The arrow keys (or a click) move between blocks; the chosen
    block's description is available as the accessible description and through ``block_selected``.
    """

    block_selected = Signal(object)  # BlockView | None

    TIME_COLUMN = 52
    MIN_ROW_HEIGHT = 15

    def __init__(self, model: WeekPlanModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekGrid")
        self.setAccessibleName(_("Ukeplan"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._model = model
        self._selected = -1
        model.changed.connect(self._model_changed)

    # --- geometry ------------------------------------------------------------------------
    @property
    def rows(self) -> int:
        return (DAY_END_MINUTE - DAY_START_MINUTE) // SLOT_MINUTES

    def header_height(self) -> int:
        return self.fontMetrics().height() + 10

    def minimumSizeHint(self) -> QSize:
        return QSize(self.TIME_COLUMN + 7 * 90, self.header_height() + self.rows * self.MIN_ROW_HEIGHT + 2)

    def sizeHint(self) -> QSize:
        return QSize(self.TIME_COLUMN + 7 * 160, self.header_height() + self.rows * 18 + 2)

    def _row_height(self) -> float:
        return max((self.height() - self.header_height() - 2) / self.rows, 1.0)

    def _day_width(self) -> float:
        return (self.width() - self.TIME_COLUMN - 1) / 7

    def _y(self, minute: int) -> float:
        minute = min(max(minute, DAY_START_MINUTE), DAY_END_MINUTE)
        return self.header_height() + (minute - DAY_START_MINUTE) / SLOT_MINUTES * self._row_height()

    def block_rect(self, block: BlockView) -> QRectF:
        x = self.TIME_COLUMN + block.weekday * self._day_width()
        top = self._y(block.start_minute)
        return QRectF(x + 2, top + 1, self._day_width() - 4, max(self._y(block.end_minute) - top - 2, 3))

    # --- model ---------------------------------------------------------------------------
    def _model_changed(self) -> None:
        self._selected = -1
        self.setAccessibleDescription(
            _("{antall} aktiviteter, til sammen {timer}", antall=len(self._model.blocks),
              timer=format_hours(self._model.total_hours()))
        )
        self.update()

    def selected_block(self) -> BlockView | None:
        blocks = self._model.blocks
        return blocks[self._selected] if 0 <= self._selected < len(blocks) else None

    def select_block(self, index: int) -> None:
        blocks = self._model.blocks
        if not blocks:
            return
        self._selected = max(0, min(index, len(blocks) - 1))
        block = blocks[self._selected]
        self.setAccessibleDescription(block_description(block))
        self.block_selected.emit(block)
        self.update()

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        header = self.header_height()
        day_width = self._day_width()
        row_height = self._row_height()
        grid_bottom = header + self.rows * row_height

        # Weekend columns are shaded: a full-time plan mostly lives on weekdays.
        for day in (5, 6):
            painter.fillRect(
                QRectF(self.TIME_COLUMN + day * day_width, header, day_width, grid_bottom - header),
                QColor("#f4f4f4"),
            )
        # Half-hour lines (light) and hour lines (darker) with the time at each hour.
        text_colour = palette.text().color()
        for row in range(self.rows + 1):
            y = header + row * row_height
            minute = DAY_START_MINUTE + row * SLOT_MINUTES
            on_hour = minute % 60 == 0
            painter.setPen(QPen(QColor("#c8c8c8") if on_hour else QColor("#ececec"), 1))
            painter.drawLine(QPoint(self.TIME_COLUMN, int(y)), QPoint(self.width(), int(y)))
            if on_hour and row < self.rows:
                painter.setPen(text_colour)
                painter.drawText(
                    QRect(0, int(y) - 1, self.TIME_COLUMN - 6, self.fontMetrics().height()),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                    format_clock(minute),
                )
        # Day columns and names.
        bold = QFont(self.font())
        bold.setBold(True)
        for day in range(7):
            x = self.TIME_COLUMN + day * day_width
            painter.setPen(QPen(QColor("#c8c8c8"), 1))
            painter.drawLine(QPoint(int(x), 0), QPoint(int(x), int(grid_bottom)))
            painter.setPen(text_colour)
            painter.setFont(bold)
            painter.drawText(QRectF(x, 0, day_width, header), Qt.AlignmentFlag.AlignCenter, _(WEEKDAYS[day]))
        painter.setFont(self.font())
        painter.setPen(QPen(QColor("#9a9a9a"), 1))
        painter.drawLine(QPoint(self.TIME_COLUMN, header), QPoint(self.width(), header))

        # The blocks.
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        metrics = QFontMetrics(small)
        painter.setFont(small)
        for index, block in enumerate(self._model.blocks):
            rect = self.block_rect(block)
            chosen = index == self._selected
            painter.setBrush(QColor(category_colour(block.category)))
            painter.setPen(QPen(QColor("#1f4e72") if chosen else QColor("#707070"), 3 if chosen else 1))
            painter.drawRoundedRect(rect, 3, 3)
            inner = rect.adjusted(4, 1, -4, -1)
            lines = [
                f"{format_clock(block.start_minute)}–{format_clock(block.end_minute)}",
                block.activity,
            ]
            if block.provider:
                lines.append(block.provider)
            painter.setPen(QColor(CATEGORY_TEXT_COLOUR))
            max_lines = max(int(inner.height() // metrics.height()), 1)
            shown = lines[:max_lines]
            if max_lines == 1:
                shown = [f"{lines[0]} {block.activity}"]
            y = inner.top()
            for line in shown:
                text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(inner.width()))
                painter.drawText(QRectF(inner.left(), y, inner.width(), metrics.height()),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
                y += metrics.height()

        if self.hasFocus():
            painter.setPen(QPen(palette.highlight().color(), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    # --- interaction ---------------------------------------------------------------------
    def _block_at(self, point: QPoint) -> int:
        for index, block in enumerate(self._model.blocks):
            if self.block_rect(block).contains(point.toPointF()):
                return index
        return -1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._block_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), block_description(self._model.blocks[index]), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self._block_at(event.position().toPoint())
        if index >= 0:
            self.select_block(index)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.select_block(self._selected + 1)
        elif event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.select_block(self._selected - 1 if self._selected > 0 else 0)
        elif event.key() == Qt.Key.Key_Home:
            self.select_block(0)
        elif event.key() == Qt.Key.Key_End:
            self.select_block(len(self._model.blocks) - 1)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


def hours_header_html(model: WeekPlanModel) -> str:
    """The legend: a colour square, the category and its hours; then the week total vs 37,5 t."""
    parts = []
    for code, hours in model.hours_by_category().items():
        parts.append(
            f'<span style="background-color:{category_colour(code)}; color:{category_colour(code)};">'
            f"&nbsp;&nbsp;&nbsp;</span>&nbsp;{html.escape(category_label(code))} "
            f"<b>{html.escape(format_hours(hours))}</b>"
        )
    total = model.total_hours()
    colour = "#1e5e20" if total >= FULL_TIME_HOURS else "#8a1c25"
    summary = _("Sum uke: {timer} av {fulltid}", timer=format_hours(total), fulltid=format_hours(FULL_TIME_HOURS))
    if total < FULL_TIME_HOURS:
        summary += " – " + _("mangler {timer}", timer=format_hours(FULL_TIME_HOURS - total))
    legend = " &nbsp;&nbsp; ".join(parts) if parts else html.escape(_("Ingen aktiviteter i ukeplanen."))
    return f'{legend}<br><b style="color:{colour}">{html.escape(summary)}</b>'


class ProgrammeTab(TabPage):
    """The newest programme of the chosen person: a phase strip, the hour summary and the week grid."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("programmeTab")
        self._today = today
        self._programme: ProgrammeView | None = None
        self.plan = WeekPlanModel()

        self.message = QLabel()
        self.message.setObjectName("programmeMessage")
        self.message.setWordWrap(True)
        self.title = QLabel()
        self.title.setObjectName("programmeTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)

        self.phases = PhaseStrip(today)
        self.phases.phase_selected.connect(self._phase_selected)

        self.hours = QLabel()
        self.hours.setObjectName("programmeHours")
        self.hours.setTextFormat(Qt.TextFormat.RichText)
        self.hours.setWordWrap(True)
        self.hours.setAccessibleName(_("Timer per kategori"))

        self.grid = WeekGrid(self.plan)
        self.grid.block_selected.connect(self._block_selected)
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setObjectName("weekGridScroll")
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.grid)
        self.grid_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.block_info = QLabel()
        self.block_info.setObjectName("blockInfo")
        self.block_info.setText(_("Velg en aktivitet i ukeplanen (klikk eller piltaster) for å se detaljene."))

        self.plan.changed.connect(self._plan_changed)

        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.title)
        content_layout.addWidget(self.phases)
        content_layout.addWidget(self.hours)
        content_layout.addWidget(self.grid_scroll, 1)
        content_layout.addWidget(self.block_info)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.content, 1)
        layout.addStretch(0)

    @property
    def programme(self) -> ProgrammeView | None:
        return self._programme

    def reload(self) -> None:
        self._programme = None
        self.plan.set_phase(None)
        self.phases.set_phases((), -1)
        if self.person_id is None:
            self._say(_("Velg en person i feltet øverst for å se programmet."))
            return
        person_id = self.person_id
        found = call_service(self, lambda: programmes.programmes_for_person(self.ctx, person_id))
        if found is None:
            return
        if not found:
            self._say(_("Personen har ikke noe kvalifiseringsprogram."))
            return
        self._say("")
        programme = found[0]
        self._programme = programme
        status = programmes.PROGRAMME_STATUSES.get(programme.status, programme.status)
        end = programme.end_date or programme.planned_end_date
        title = _(
            "Program {fra}–{til} · {status}",
            fra=format_date_short(programme.start_date),
            til=format_date_short(end),
            status=_(status),
        )
        if len(found) > 1:
            title += " · " + _("{antall} tidligere program", antall=len(found) - 1)
        self.title.setText(f"<b>{html.escape(title)}</b>")
        current = programme.phase_on(self._today())
        index = programme.phases.index(current) if current is not None else -1
        self.phases.set_phases(programme.phases, index)
        self.plan.set_phase(current)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.content.setVisible(not text)

    def _phase_selected(self, index: int) -> None:
        if self._programme is not None and 0 <= index < len(self._programme.phases):
            self.plan.set_phase(self._programme.phases[index])

    def _plan_changed(self) -> None:
        self.hours.setText(hours_header_html(self.plan))
        phase = self.plan.phase
        self.block_info.setText(
            _("Ukeplan for fasen «{navn}»: velg en aktivitet (klikk eller piltaster) for å se detaljene.",
              navn=phase.name)
            if phase
            else ""
        )

    def _block_selected(self, block: BlockView | None) -> None:
        if block is not None:
            self.block_info.setText(block_description(block))

    def has_data(self) -> bool:
        return not self.is_stale() and bool(self.plan.blocks)
