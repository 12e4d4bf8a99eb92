"""Utbetalinger' models: the runs and the ledger of a run, grouped by person."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from kvp_desktop.i18n import N_, _, format_date_short, format_money, format_number
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.payouts.views import LedgerLine, RunView
from ui.table_model import LEFT, RIGHT, Column, TableModel
from ui.widgets.sort_proxy import SORT_ROLE

LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def to_ore(amount: Decimal) -> int:
    """A sort value for an amount (whole øre), so the proxy never compares text of amounts."""
    return int((amount * 100).to_integral_value())


def run_state_label(state: str) -> str:
    label = payouts.RUN_STATES.get(state)
    return _(label) if label else state


class RunsModel(TableModel[RunView]):
    """The payout runs, newest period first."""

    columns = (
        Column("period", N_("Periode"),
               lambda run: f"{format_date_short(run.period_from)}–{format_date_short(run.period_to)}",
               align=LEFT, header_align=LEFT, sort=lambda run: run.period_from.toordinal()),
        Column("label", N_("Kjøring"), lambda run: run.label, align=LEFT, header_align=LEFT),
        Column("state", N_("Status"), lambda run: run_state_label(run.state), align=LEFT, header_align=LEFT),
        Column("lines", N_("Linjer"), lambda run: format_number(run.line_count),
               align=RIGHT, header_align=RIGHT, sort=lambda run: run.line_count),
        Column("total", N_("Sum"), lambda run: format_money(run.total),
               align=RIGHT, header_align=RIGHT, sort=lambda run: to_ore(run.total)),
    )
    row_roles: Mapping[int, Callable[[RunView], Any]] = {Qt.ItemDataRole.UserRole: lambda run: run.id}

    def set_runs(self, runs: list[RunView]) -> None:
        self.set_items(runs)

    def run(self, row: int) -> RunView:
        return self._items[row]


@dataclass(frozen=True)
class PersonLines:
    person_id: int
    name: str
    masked_id: str
    lines: tuple[LedgerLine, ...]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def group_by_person(lines: list[LedgerLine]) -> list[PersonLines]:
    """The run's lines per person, keeping the service's (Norwegian name) order."""
    groups: dict[int, list[LedgerLine]] = {}
    for line in lines:
        groups.setdefault(line.person_id, []).append(line)
    return [
        PersonLines(person_id, items[0].person_name, items[0].masked_id, tuple(items))
        for person_id, items in groups.items()
    ]


LINE_HEADERS = (N_("Person / komponent"), N_("Grunnlag"), N_("Hjemmel"), N_("Beløp"))


def ledger_model(groups: list[PersonLines]) -> QStandardItemModel:
    """A tree: one row per person with the subtotal, the ledger lines beneath."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels([_(h) for h in LINE_HEADERS])
    model.horizontalHeaderItem(3).setTextAlignment(RIGHT)
    bold = QFont()
    bold.setBold(True)
    for group in groups:
        person = QStandardItem(f"{group.name}  ({group.masked_id})")
        person.setData(group.person_id, PERSON_ID_ROLE)
        person.setFont(bold)
        count = QStandardItem(
            _("1 linje") if len(group.lines) == 1 else _("{antall} linjer", antall=len(group.lines))
        )
        subtotal = QStandardItem(format_money(group.subtotal))
        subtotal.setData(to_ore(group.subtotal), SORT_ROLE)
        subtotal.setFont(bold)
        subtotal.setTextAlignment(RIGHT)
        subtotal.setAccessibleText(_("Sum for {navn}: {belop}", navn=group.name, belop=format_money(group.subtotal)))
        row = [person, count, QStandardItem(""), subtotal]
        for item in row:
            item.setEditable(False)
        for position, line in enumerate(group.lines):
            cells = [
                QStandardItem(line.text),
                QStandardItem(line.basis),
                QStandardItem(line.reference),
                QStandardItem(format_money(line.amount)),
            ]
            cells[3].setData(to_ore(line.amount), SORT_ROLE)
            cells[0].setData(line.id, LINE_ID_ROLE)
            cells[0].setData(position, SORT_ROLE)  # a person's lines keep the ledger's order
            cells[0].setData(group.person_id, PERSON_ID_ROLE)
            cells[1].setToolTip(line.basis)
            cells[2].setToolTip(line.reference)
            cells[3].setTextAlignment(RIGHT)
            for cell in cells:
                cell.setEditable(False)
            person.appendRow(cells)
        model.appendRow(row)
    return model
