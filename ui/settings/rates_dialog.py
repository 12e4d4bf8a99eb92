"""Innstillinger → «Satser»: every parameter with the shipped and the office value, the sources
and the unconfirmed marks, and registering a local value (for example a new G from 1 May)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from kvp_desktop.i18n import N_, _, format_date_short, parse_date
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.roles import Permission, allowed
from kvp_desktop.services.office import parameters
from ui.errors import call_service
from ui.settings.rate_labels import label, public_source, value_label

HEADERS = (N_("Sats"), N_("Gjelder fra"), N_("Verdi i bruk"), N_("Levert verdi"), N_("Kontorets verdi"), N_("Kilde"),
           N_("Merknad"))


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
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._chosen)

        box = QGroupBox(_("Registrer lokal verdi"))
        form = QFormLayout(box)
        self.name = QComboBox()
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
        intro = QLabel(_("Satser i bruk {dato}, med kilden i lov eller forskrift. Verdier merket «kontroller mot "
                         "gjeldende regelverk» er ikke bekreftet mot kunngjort regelverk ennå.",
                         dato=format_date_short(self.today)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.form_box = box
        if not allowed(ctx, Permission.CHANGE_RATES):
            # Shown, so everyone sees how a new rate is registered, but greyed out with the reason.
            box.setEnabled(False)
            box.setToolTip(_("Bare leder eller administrator kan registrere satser."))
            self.status.setText(_("Bare leder eller administrator kan registrere satser. Du kan se satsene og "
                                  "kildene."))
        self.reload()

    def reload(self) -> None:
        rows = call_service(self, lambda: parameters.list_parameters(self.ctx, self.today)) or []
        rows = sorted(rows, key=lambda p: label(p.name).casefold())
        chosen = self.name.currentData()
        self.name.clear()
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            self.name.addItem(label(p.name), p.name)
            source = public_source(p.current.source, p.references, p.current.origin)
            cells = (label(p.name), format_date_short(p.current.effective_from), value_label(p.current.value),
                     value_label(p.shipped.value) if p.shipped else "–",
                     value_label(p.office.value) if p.office else "–", source.text, p.mark)
            for c, text in enumerate(cells):
                # The source column shows a link widget when there is an address; the item keeps the text.
                item = QTableWidgetItem("" if c == 5 and source.url else text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                item.setToolTip(p.description if c == 0 else (source.url or text) if c == 5 else text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, p.name)
                self.table.setItem(r, c, item)
            if source.url:
                link = QLabel(f'<a href="{source.url}">{html.escape(source.text)}</a>')
                link.setObjectName(f"rateSource_{p.name}")
                link.setOpenExternalLinks(True)
                link.setWordWrap(True)
                link.setToolTip(source.url)
                link.setAccessibleName(source.text)
                self.table.setCellWidget(r, 5, link)
        if chosen is not None:
            self.name.setCurrentIndex(max(0, self.name.findData(chosen)))

    def _chosen(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.name.setCurrentIndex(max(0, self.name.findData(item.data(Qt.ItemDataRole.UserRole))))

    def _register(self) -> None:
        try:
            day = parse_date(self.effective.text())
        except ValueError:
            self.status.setText(_("Skriv datoen som dd.mm.åååå."))
            return
        done = call_service(self, lambda: parameters.register_local_value(
            self.ctx, str(self.name.currentData() or ""), day, self.value.text(), self.source.text()))
        if done is not None:
            self.status.setText(_("Registrert. Neste utbetalingskjøring foreslår etterbetaling for perioder som "
                                  "allerede er utbetalt."))
            self.reload()
