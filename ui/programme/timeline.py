"""The programme timeline: phases side by side over the whole programme, with the halfway point,
the final part, evaluation dates, decision periods, leave, holiday, public holidays and the end.

Click or use the arrow keys to choose a phase; today's date is marked with a red triangle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kvp_desktop.i18n import _, format_date_short
from kvp_desktop.services.infrastructure import calendar
from kvp_desktop.services.programmes.programmes import PhaseView, ProgrammeView

PERIOD_COLOURS = {
    "first": "#5b8db8", "extension": "#8fb3d3", "exceptional_extension": "#c79bd0",
    "leave": "#f0a35e", "holiday": "#f3d35b",
}


class PhaseStrip(QWidget):
    """The programme's timeline (phases as wide as their share of the days, and the markers)."""

    phase_selected = Signal(int)
    MARKER = 9  # the band under everything where today's date is marked

    def __init__(self, today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseStrip")
        self.setAccessibleName(_("Tidslinje med faser"))
        self.setToolTip(_(
            "Klikk eller bruk piltastene for å velge fase. Stiplet linje: halvveis (arbeidsrettede tiltak "
            "senest her). Skravert: avsluttende del (jobbsøking). Ruter: evalueringer. Stripen under fasene: "
            "vedtaksperioder (blå), permisjon (oransje), ferie (gul); streker: helligdager. Rød trekant: i dag."))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._today = today
        self._phases: tuple[PhaseView, ...] = ()
        self._programme: ProgrammeView | None = None
        self._final_part_start: dt.date | None = None
        self._current = -1

    def _line(self) -> int:
        return self.fontMetrics().height()

    def sizeHint(self) -> QSize:
        return QSize(600, 2 * self._line() + 8 + 12 + self._line() + 4 + self.MARKER)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def set_programme(self, programme: ProgrammeView | None, final_part_start: dt.date | None = None) -> None:
        self._programme = programme
        self._final_part_start = final_part_start
        self.update()

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

    # --- geometry ----------------------------------------------------------------------------
    def _span(self) -> tuple[dt.date, dt.date]:
        starts = [p.from_date for p in self._phases]
        ends = [p.to_date for p in self._phases]
        if self._programme is not None:
            starts.append(self._programme.start_date)
            ends.append(self._programme.last_day)
            ends.extend(p.to_date for p in self._programme.periods)
        return min(starts), max(ends)

    def x_of(self, day: dt.date) -> float:
        start, end = self._span()
        total = max((end - start).days + 1, 1)
        return 1 + (self.width() - 2) * (day - start).days / total

    def _bar_height(self) -> float:
        return 2 * self._line() + 8

    def _rects(self) -> list[QRectF]:
        if not self._phases:
            return []
        rects = []
        for phase in self._phases:
            x = self.x_of(phase.from_date)
            w = self.x_of(phase.to_date + calendar.ONE_DAY) - x
            rects.append(QRectF(x, 1, max(w - 2, 4), self._bar_height()))
        return rects

    def phase_rect(self, index: int) -> QRectF:
        return self._rects()[index]

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        if not self._phases:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Programmet har ingen faser ennå."))
            return
        metrics = QFontMetrics(self.font())
        bar = self._bar_height()
        programme = self._programme
        if programme is not None and self._final_part_start is not None:
            x = self.x_of(self._final_part_start)
            painter.fillRect(QRectF(x, 0, self.x_of(programme.last_day + calendar.ONE_DAY) - x, bar + 2),
                             QBrush(QColor("#2e7d32"), Qt.BrushStyle.BDiagPattern))
        for index, (phase, rect) in enumerate(zip(self._phases, self._rects(), strict=True)):
            chosen = index == self._current
            fill = QColor("#2f6f9f") if chosen else QColor("#e4ecf2")
            fill.setAlpha(235)
            painter.setBrush(fill)
            painter.setPen(QPen(QColor("#1f4e72"), 2 if chosen and self.hasFocus() else 1))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("#ffffff") if chosen else QColor("#1b1b1b"))
            inner = rect.adjusted(6, 2, -6, -2).toRect()
            name = metrics.elidedText(phase.name, Qt.TextElideMode.ElideRight, inner.width())
            dates = metrics.elidedText(f"{format_date_short(phase.from_date)}–{format_date_short(phase.to_date)}",
                                       Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), name)
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), dates)
        band_top = bar + 4
        label_top = band_top + 12
        if programme is not None:
            # Periods: decision periods on the upper half, leave and holiday on the lower half.
            for period in programme.periods:
                x = self.x_of(period.from_date)
                w = max(self.x_of(period.to_date + calendar.ONE_DAY) - x, 2)
                upper = period.kind not in ("leave", "holiday")
                painter.fillRect(QRectF(x, band_top + (0 if upper else 5), w, 4),
                                 QColor(PERIOD_COLOURS.get(period.kind, "#999999")))
            painter.setPen(QPen(QColor("#8a1c25"), 1))
            day = programme.start_date
            while day <= programme.last_day:
                if calendar.is_public_holiday(day) and calendar.is_weekday(day):
                    x = self.x_of(day)
                    painter.drawLine(QPointF(x, band_top + 9), QPointF(x, band_top + 11))
                day += calendar.ONE_DAY
            # Halfway: work-directed measures by then (forskrift § 1 første ledd).
            half = self.x_of(programme.halfway)
            painter.setPen(QPen(QColor("#1b1b1b"), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(half, 0), QPointF(half, label_top))
            painter.setPen(QColor("#1b1b1b"))
            painter.drawText(QRectF(half + 3, label_top, 160, self._line()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                             _("Halvveis {dato}", dato=format_date_short(programme.halfway)))
            end_text = _("Slutt {dato}", dato=format_date_short(programme.last_day))
            painter.drawText(QRectF(self.width() - 200, label_top, 198, self._line()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), end_text)
            painter.setPen(QPen(QColor("#4a148c"), 1))
            for evaluation in programme.evaluations:
                x = self.x_of(evaluation.scheduled_date)
                y = bar - 4
                painter.setBrush(QColor("#7b1fa2") if evaluation.held_date is None else QColor("#c5a3d6"))
                painter.drawPolygon(QPolygonF([QPointF(x, y - 5), QPointF(x + 5, y), QPointF(x, y + 5),
                                               QPointF(x - 5, y)]))
        today = self._today()
        start, end = self._span()
        if start <= today <= end:
            x = self.x_of(today)
            bottom = self.height() - 1
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#c0392b"))
            painter.drawPolygon(QPolygonF([QPointF(x, bottom - self.MARKER + 1), QPointF(x - 5, bottom),
                                           QPointF(x + 5, bottom)]))

    # --- interaction -------------------------------------------------------------------------
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
