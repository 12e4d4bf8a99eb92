"""The «timeliste»: a keyboard-driven week sheet for many participants at once.

One row per participant, one column per day (Monday–Sunday). Type in a cell and press Enter or
Tab: a number is hours attended; u, e, l, b, v, f, p, a are absence (hours default to the plan),
ar is paid work, and parts join with «+» («4,5+u3»). Ctrl+S saves the week in one go: only the
days the caseworker changed, each with the version the sheet was loaded with, so a day someone
else saved in the meantime is never overwritten: the conflict is shown (``ui.widgets.conflict``) with a
choice to reload or to apply one's own changes to the new version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _, format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, ServiceError
from kvp_desktop.services.programmes import attendance
from kvp_desktop.services.programmes.attendance import DayInput, WeekRow
from ui.errors import call_service, show_service_error
from ui.table_model import AnyIndex, Column, TableModel
from ui.widgets.conflict import Choice, ask_about_conflict

NOT_PLANNED = QBrush(QColor("#eeeeee"))
WARNING = QBrush(QColor("#fff3cd"))
ERROR = QBrush(QColor("#f8d7da"))
DAY_NAMES = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
HELP = ("Tall = timer oppmøte · u = ugyldig fravær · e = egenmelding · l = legeerklæring · b = sykt barn · "
        "v = velferdspermisjon · f = ferie · p = permisjon · a = annet gyldig fravær · ar = lønnet arbeid · "
        "kombiner med + (4,5+u3). Timer kan skrives etter koden (u3); uten timer brukes planen.")


@dataclasses.dataclass(frozen=True)
class SheetRow:
    """One participant's row as the sheet shows it: the loaded week and the cells' text now."""

    week: WeekRow
    cells: list[str]


def _planned_total(row: SheetRow) -> str:
    total = sum((d.planned for d in row.week.days), attendance.Decimal(0))
    return attendance._hours_text(total) if total else "0"


class WeekSheetModel(TableModel[SheetRow]):
    """Rows: participants. Columns: name, seven days, planned hours, warnings. Day cells edit."""

    def __init__(self) -> None:
        super().__init__()
        self.monday = dt.date.today()
        self.rows: list[WeekRow] = []
        self.cells: list[list[str]] = []
        self.errors: dict[tuple[int, int], str] = {}
        self.dirty: set[tuple[int, int]] = set()  # (row, day index 0–6) the caseworker changed
        self.columns = (
            Column("participant", N_("Deltaker"), lambda row: f"{row.week.name} ({row.week.masked_id})"),
            *(self._day_column(n) for n in range(7)),
            Column("planned", N_("Planlagt"), _planned_total),
            Column("warnings", N_("Varsler"), lambda row: " ".join(row.week.warnings),
                   tooltip=lambda row: "\n".join(row.week.warnings),
                   roles={Qt.ItemDataRole.BackgroundRole: lambda row: WARNING if row.week.warnings else None}),
        )

    def _day_column(self, n: int) -> Column[SheetRow]:
        return Column(
            DAY_NAMES[n],
            lambda: f"{_(DAY_NAMES[n])} {format_date_short(self.monday + dt.timedelta(days=n))[:5]}",
            lambda row: row.cells[n],
            tooltip=lambda row: _("Planlagt {t} timer", t=attendance._hours_text(row.week.days[n].planned)),
            roles={Qt.ItemDataRole.BackgroundRole: lambda row: None if row.week.days[n].planned else NOT_PLANNED},
            editable=True,
        )

    def set_week(self, monday: dt.date, rows: list[WeekRow]) -> None:
        self.monday = monday
        self.rows = rows
        self.cells = [[attendance.format_cell(day) for day in row.days] for row in rows]
        self.errors = {}
        self.dirty = set()
        self.set_items(SheetRow(row, cells) for row, cells in zip(rows, self.cells, strict=True))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        error = self.errors.get((index.row(), index.column())) if index.isValid() else None
        if error is not None and role == Qt.ItemDataRole.ToolTipRole:
            return error
        if error is not None and role == Qt.ItemDataRole.BackgroundRole:
            return ERROR
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not 1 <= index.column() <= 7:
            return False
        text = str(value).strip()
        day = self.rows[index.row()].days[index.column() - 1]
        try:
            parsed = attendance.parse_cell(text, day.day, day.planned)
        except ValueError as exc:
            self.errors[(index.row(), index.column())] = str(exc)
            self.cells[index.row()][index.column() - 1] = text
        else:
            self.errors.pop((index.row(), index.column()), None)
            self.cells[index.row()][index.column() - 1] = attendance.format_cell(parsed) if parsed else ""
        day_index = index.column() - 1
        if self.cells[index.row()][day_index] == attendance.format_cell(day) and (
                index.row(), index.column()) not in self.errors:
            self.dirty.discard((index.row(), day_index))  # back to what was loaded: nothing to save
        else:
            self.dirty.add((index.row(), day_index))
        self.dataChanged.emit(index, index)
        return True

    def entries(self) -> dict[int, list[DayInput]]:
        """The changed days only, as service input (programme id → days), each with the version
        of the day as the sheet showed it (None: it was not registered then)."""
        result: dict[int, list[DayInput]] = {}
        for r, n in sorted(self.dirty):
            row = self.rows[r]
            shown = row.days[n]
            parsed = attendance.parse_cell(self.cells[r][n], shown.day, shown.planned)
            if parsed is None:
                if not shown.registered:
                    continue
                parsed = DayInput(shown.day)  # cleared: nothing happened that day
            # The note is not typed in the sheet: keep the one the day had.
            parsed = dataclasses.replace(parsed, note=shown.note, expected_version=shown.version)
            result.setdefault(row.programme_id, []).append(parsed)
        return result

    def pending(self) -> dict[tuple[int, int], str]:
        """The changed cells' text by (programme id, day index), to apply again after a reload."""
        return {(self.rows[r].programme_id, n): self.cells[r][n] for r, n in self.dirty}


class WeekTable(QTableView):
    """The sheet's table: Delete (or Backspace) clears the current day cell."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid()
                and self.state() != QAbstractItemView.State.EditingState and 1 <= index.column() <= 7):
            self.model().setData(index, "")
            return
        super().keyPressEvent(event)


class WeekSheetDialog(QDialog):
    def __init__(self, ctx: AppContext, monday: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("weekSheetDialog")
        self.setWindowTitle(_("Timeliste"))
        self.resize(1200, 640)
        self.model = WeekSheetModel()
        self.table = WeekTable()
        self.table.setObjectName("weekSheetTable")
        self.table.setAccessibleName(_("Timeliste for uken"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.installEventFilter(self)  # Delete clears a cell (eventFilter)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(9, QHeaderView.ResizeMode.Stretch)
        self.week_label = QLabel()
        self.week_label.setObjectName("weekLabel")
        self.previous = QPushButton(_("◀ &Forrige uke"))
        self.previous.setObjectName("previousWeek")
        self.previous.setAccessibleName(_("Forrige uke"))
        self.next = QPushButton(_("Neste &uke ▶"))
        self.next.setObjectName("nextWeek")
        self.next.setAccessibleName(_("Neste uke"))
        self.previous.clicked.connect(lambda: self.load(self.model.monday - dt.timedelta(days=7)))
        self.next.clicked.connect(lambda: self.load(self.model.monday + dt.timedelta(days=7)))
        self.status = QLabel()
        self.status.setObjectName("weekSheetStatus")
        self.status.setWordWrap(True)
        help_text = QLabel(_(HELP))
        help_text.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.setObjectName("weekSheetButtons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Lagre uken"))
        self.save_button.setObjectName("saveWeek")
        self.save_button.setAccessibleName(_("Lagre uken"))
        self.save_button.setAutoDefault(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Lukk"))
        for button in (self.save_button, close):
            button.setAutoDefault(False)  # Enter belongs to the sheet: it commits a cell
            button.setDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.previous)
        top.addWidget(self.week_label, 1)
        top.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(help_text)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.load(monday)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete or Backspace on a cell (not while typing in it) clears the cell, as in a spreadsheet."""
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.table.state() != QAbstractItemView.State.EditingState):
            index = self.table.currentIndex()
            if index.isValid() and self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                self.model.setData(index, "", Qt.ItemDataRole.EditRole)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+S saves the week (keys the table and its editors do not use arrive here)."""
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
            return
        super().keyPressEvent(event)

    def load(self, monday: dt.date) -> None:
        monday = attendance.monday_of(monday)
        rows = call_service(self, lambda: attendance.week_sheet(self.ctx, monday))
        self.model.set_week(monday, rows or [])
        self.week_label.setText(_("Uke {uke}: {fra}–{til} ({antall} deltakere)", uke=monday.isocalendar().week,
                                  fra=format_date_short(monday),
                                  til=format_date_short(monday + dt.timedelta(days=6)), antall=len(rows or [])))
        self.table.setCurrentIndex(self.model.index(0, 1))
        self.table.setFocus()

    def save(self) -> bool:
        for editor in self.table.viewport().findChildren(QLineEdit):
            if editor.isVisible():  # a cell still being typed in counts
                self.table.commitData(editor)
                self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if self.model.errors:
            self.status.setText(_("Rett de røde cellene før du lagrer."))
            return False
        entries = self.model.entries()
        if not entries:
            self.status.setText(_("Ingen endringer å lagre."))
            return True
        try:
            saved = attendance.save_week(self.ctx, self.model.monday, entries)
        except ConflictError as error:
            return self._conflict(error)
        except ServiceError as error:
            show_service_error(self, error)
            return False
        self.status.setText(_("Lagret {antall} dager.", antall=saved))
        self.load(self.model.monday)
        return True

    def _conflict(self, error: ConflictError) -> bool:
        """Someone else saved one of the changed days first: nothing was saved. Show what changed
        and let the caseworker reload, or apply their own changes to the new version."""
        choice = ask_about_conflict(self, error)
        if choice is Choice.RELOAD:
            self.load(self.model.monday)
            self.status.setText(_("Timelisten er lastet inn på nytt. Endringene dine ble ikke lagret."))
            return False
        if choice is Choice.REAPPLY:
            pending = self.model.pending()
            self.load(self.model.monday)
            for r, row in enumerate(self.model.rows):
                for n in range(7):
                    if (row.programme_id, n) in pending:
                        self.model.setData(self.model.index(r, n + 1), pending[(row.programme_id, n)])
            return self.save()
        self.status.setText(_("Ikke lagret: en annen bruker har endret noen av de samme dagene."))
        return False
