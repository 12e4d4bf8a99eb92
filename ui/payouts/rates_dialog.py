"""Innstillinger → «Satser»: every parameter with the shipped and the office value, the sources
and the unconfirmed marks, and registering a local value (for example a new G from 1 May)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _, format_date_short, parse_date
from kvp_desktop.services import parameters
from kvp_desktop.services.context import AppContext
from ui.errors import call_service

HEADERS = ("Sats", "Gjelder fra", "Verdi i bruk", "Levert verdi", "Kontorets verdi", "Kilde", "Merknad")


class RatesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or dt.date.today()
        self.setObjectName("ratesDialog")
        self.setWindowTitle(_("Satser"))
        self.resize(1200, 700)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("ratesTable")
        self.table.setAccessibleName(_("Satser og kilder"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen)

        box = QGroupBox(_("Registrer lokal verdi"))
        form = QFormLayout(box)
        self.name = QLineEdit()
        self.name.setObjectName("rateName")
        self.name.setAccessibleName(_("Sats"))
        self.effective = QLineEdit()
        self.effective.setObjectName("rateFrom")
        self.effective.setAccessibleName(_("Gjelder fra (dd.mm.åååå)"))
        self.effective.setPlaceholderText("01.05.2026")
        self.value = QLineEdit()
        self.value.setObjectName("rateValue")
        self.value.setAccessibleName(_("Verdi"))
        self.source = QLineEdit()
        self.source.setObjectName("rateSource")
        self.source.setAccessibleName(_("Kilde"))
        self.source.setPlaceholderText(_("For eksempel: forskrift om grunnbeløpet, vedtatt 22.05.2026"))
        form.addRow(_("&Sats:"), self.name)
        form.addRow(_("&Gjelder fra:"), self.effective)
        form.addRow(_("&Verdi:"), self.value)
        form.addRow(_("&Kilde:"), self.source)
        self.register = QPushButton(_("&Registrer"))
        self.register.setObjectName("registerRate")
        self.register.setAccessibleName(_("Registrer lokal verdi"))
        self.register.clicked.connect(self._register)
        form.addRow(self.register)
        self.status = QLabel()
        self.status.setObjectName("ratesStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Satser i bruk {dato}. Verdier merket «kontroller mot gjeldende regelverk» er "
                                  "ikke bekreftet mot en primærkilde.", dato=format_date_short(self.today))))
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        rows = call_service(self, lambda: parameters.list_parameters(self.ctx, self.today)) or []
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            cells = (p.name, format_date_short(p.current.effective_from), p.current.value,
                     p.shipped.value if p.shipped else "–", p.office.value if p.office else "–",
                     p.current.source, p.mark)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(p.description if c == 0 else text)
                if c == 6 and text:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)

    def _chosen(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.name.setText(item.text())

    def _register(self) -> None:
        try:
            day = parse_date(self.effective.text())
        except ValueError:
            self.status.setText(_("Skriv datoen som dd.mm.åååå."))
            return
        done = call_service(self, lambda: parameters.register_local_value(
            self.ctx, self.name.text().strip(), day, self.value.text(), self.source.text()))
        if done is not None:
            self.status.setText(_("Registrert. Neste utbetalingskjøring foreslår etterbetaling for perioder som "
                                  "allerede er utbetalt."))
            self.reload()
