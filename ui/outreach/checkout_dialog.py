"""Fil → Ta med ut…: choose persons, a passphrase (twice) and where to write the encrypted copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.changes import Changes, Kind
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.outreach import copies as outreach
from kvp_desktop.services.outreach import crypto as outreach_crypto
from kvp_desktop.services.portfolio import persons, portfolio
from ui.runner import Job, run_job

W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class CheckOutDialog(QDialog):
    """Builds the list of persons and starts ``outreach.check_out`` off the GUI thread."""

    checked_out = Signal(object)  # CheckoutResult

    def __init__(self, ctx: AppContext, preselected: list[int] | None = None, parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkOutDialog")
        self.setAccessibleName(_("Ta med ut"))
        self.setWindowTitle(_("Ta med ut – utekopi"))
        self._ctx = ctx
        self._task: Job | None = None
        self.result_value: outreach.CheckoutResult | None = None
        taken = outreach.checked_out_persons(ctx)
        self._taken = taken

        intro = QLabel(_(
            "Velg personene du skal ha med deg. Kopien krypteres med passordet og kan bare åpnes med det. "
            "Personene merkes som tatt med ut til kopien er levert inn."
        ))
        intro.setWordWrap(True)

        self.search = _named(QLineEdit(), "checkOutSearch", _("Søk etter person"))
        self.search.setPlaceholderText(_("Navn eller fødselsnummer …"))
        self.search.textChanged.connect(self._search)
        self.found = _named(QListWidget(), "checkOutFound", _("Treff"))
        self.found.itemActivated.connect(lambda _item: self._add_selected())
        self.chosen = _named(QListWidget(), "checkOutChosen", _("Valgte personer"))
        add = _named(QPushButton(_("Legg til →")), "checkOutAdd", _("Legg til valgt person"))
        add.clicked.connect(self._add_selected)
        remove = _named(QPushButton(_("← Fjern")), "checkOutRemove", _("Fjern valgt person"))
        remove.clicked.connect(self._remove_selected)
        self.stop_point = _named(QComboBox(), "checkOutStopPoint", _("Legg til en gjennomgangsliste"))
        self.stop_point.addItem(_("Legg til alle med stoppunkt …"), None)
        for code, label in portfolio.STOP_POINTS.items():
            self.stop_point.addItem(_(label), code)
        self.stop_point.activated.connect(self._add_stop_point)

        lists = QGridLayout()
        lists.addWidget(QLabel(_("Finn person")), 0, 0)
        lists.addWidget(QLabel(_("Tas med ut")), 0, 2)
        lists.addWidget(self.search, 1, 0)
        lists.addWidget(self.stop_point, 1, 2)
        lists.addWidget(self.found, 2, 0)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lists.addLayout(buttons, 2, 1)
        lists.addWidget(self.chosen, 2, 2)

        self.passphrase = _named(QLineEdit(), "checkOutPassphrase", _("Passord"))
        self.repeat = _named(QLineEdit(), "checkOutRepeat", _("Gjenta passordet"))
        for field in (self.passphrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._update)
        self.strength = _named(QLabel(), "checkOutStrength", _("Passordets styrke"))
        self.path = _named(QLineEdit(), "checkOutPath", _("Fil for utekopien"))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        self.path.setText(str((folder or Path.home()) / f"utekopi-{stamp}{outreach.FILE_SUFFIX}"))
        self.path.textChanged.connect(self._update)
        browse = _named(QPushButton(_("Velg …")), "checkOutBrowse", _("Velg fil for utekopien"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("&Passord:"), self.passphrase)
        form.addRow(_("&Gjenta passord:"), self.repeat)
        form.addRow("", self.strength)
        form.addRow(_("Fil:"), path_row)

        self.progress = _named(QProgressBar(), "checkOutProgress", _("Lager utekopien"))
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(_("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole).setObjectName("checkOutCancel")
        self.ok = self.buttons.addButton(_("Ta med ut"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("checkOutOk")
        self.ok.setAccessibleName(_("Ta med ut"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(lists, 1)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(820, 560)
        for person_id in preselected or []:
            self.add_person(person_id)
        self._search("")
        self._update()

    # --- the list of persons ---------------------------------------------------------------------
    def _label(self, person_id: int) -> str:
        found = persons.get_person(self._ctx, person_id, audit=False)
        return f"{found.last_name}, {found.first_name} ({found.masked_id})"

    def chosen_ids(self) -> list[int]:
        return [int(self.chosen.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.chosen.count())]

    def add_person(self, person_id: int, label: str | None = None) -> bool:
        if person_id in self.chosen_ids() or person_id in self._taken:
            return False
        item = QListWidgetItem(label or self._label(person_id))
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.chosen.addItem(item)
        self._update()
        return True

    def _search(self, text: str) -> None:
        self.found.clear()
        for person_id, label in outreach.search_for_checkout(self._ctx, text):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            if person_id in self._taken:
                item.setText(_("{navn} – tatt med ut av {hvem}", navn=label, hvem=self._taken[person_id]))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.found.addItem(item)

    def _add_selected(self) -> None:
        for item in self.found.selectedItems():
            self.add_person(int(item.data(Qt.ItemDataRole.UserRole)), item.text())

    def _remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._update()

    def _add_stop_point(self, index: int) -> None:
        code = self.stop_point.itemData(index)
        if code:
            for row in portfolio.portfolio_rows(self._ctx, portfolio.portfolio_ids(self._ctx, code)[:200]):
                self.add_person(row.id, f"{row.name} ({row.masked_id})")
        self.stop_point.setCurrentIndex(0)

    # --- passphrase, file, start -----------------------------------------------------------------
    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Ta med ut"), self.path.text(), _("Utekopi (*{ending})", ending=outreach.FILE_SUFFIX))
        if path:
            self.path.setText(path)

    def _update(self) -> None:
        phrase = self.passphrase.text()
        strength = outreach_crypto.passphrase_strength(phrase)
        matches = phrase == self.repeat.text()
        text = strength.hint if phrase else _("Velg et passord du husker, gjerne fire–fem ord.")
        if phrase and self.repeat.text() and not matches:
            text += " " + _("Passordene er ikke like.")
        self.strength.setText(text)
        self.ok.setEnabled(bool(self.chosen_ids()) and strength.acceptable and matches
                           and bool(self.path.text().strip()) and self._task is None)

    def start(self) -> None:
        ids, phrase, target = self.chosen_ids(), self.passphrase.text(), Path(self.path.text().strip())
        ctx = self._ctx
        self._task = run_job(self, lambda: outreach.check_out(ctx, ids, phrase, target), self._finished,
                             on_error=self._failed, changes=Changes.of(Kind.PERSONS, person_ids=ids))
        self.progress.show()
        self._update()

    def _finished(self, result: outreach.CheckoutResult) -> None:
        self._task = None
        self.progress.hide()
        self.result_value = result
        self.checked_out.emit(result)
        self.accept()

    def _failed(self, _error: BaseException) -> None:
        self._task = None  # the router shows the error
        self.progress.hide()
        self._update()
