"""«Feilutbetaling …»: register an overpayment and, when agreed or decided, a § 40 trekk per payout.

A deduction needs its basis (agreement with the participant or a decision), the date of it and
the date the participant was told (``services.payouts.recoveries.register_recovery``, docs/rules.md).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _
from kvp_desktop.money import ZERO, MoneyError, parse_amount
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.payouts import recoveries
from ui.programme.dialogs import date_edit, to_date

BASES = (("", N_("– velg –")), ("agreement", N_("Avtale med deltakeren")), ("decision", N_("Vedtak")))


class RecoveryDialog(QDialog):
    """The overpayment, its cause, and the § 40 trekk with its basis and dates."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(_("Registrer feilutbetaling"))
        self.amount = self._line("recoveryAmount", _("Feilutbetalt beløp"))
        self.cause = self._line("recoveryCause", _("Hva ble feilutbetalt og hvorfor"))
        self.incorrect = QCheckBox(_("Deltakeren ga &uriktige opplysninger (§ 23-sak, ikke trekk)"))
        self.incorrect.setObjectName("recoveryIncorrectInformation")
        self.deduction = self._line("recoveryDeduction", _("Trekk per utbetaling"))
        self.deduction.setText("0")
        self.basis = QComboBox()
        self.basis.setObjectName("recoveryBasis")
        self.basis.setAccessibleName(_("Grunnlag for trekket"))
        for code, label in BASES:
            self.basis.addItem(_(label), code)
        self.basis_date = date_edit("recoveryBasisDate", today)
        self.basis_date.setAccessibleName(_("Dato for avtalen eller vedtaket"))
        self.notified_date = date_edit("recoveryNotifiedDate", today)
        self.notified_date.setAccessibleName(_("Deltakeren ble varslet"))
        self.errors = QLabel()
        self.errors.setObjectName("recoveryErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #8a1c25;")
        form = QFormLayout()
        form.addRow(_("&Beløp:"), self.amount)
        form.addRow(_("&Årsak:"), self.cause)
        form.addRow("", self.incorrect)
        form.addRow(_("&Trekk per utbetaling:"), self.deduction)
        form.addRow(_("&Grunnlag (§ 40):"), self.basis)
        form.addRow(_("&Dato for avtale/vedtak:"), self.basis_date)
        form.addRow(_("Deltakeren &varslet:"), self.notified_date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)

    @staticmethod
    def _line(name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    def register(self, ctx: AppContext, person_id: int, today: dt.date) -> int | None:
        """Send the form to the service; on a refusal say why in the dialog and return ``None``."""
        self.errors.clear()
        try:
            amount = parse_amount(self.amount.text())
            deduction = parse_amount(self.deduction.text()) if self.deduction.text().strip() else ZERO
            basis = str(self.basis.currentData() or "")
            return recoveries.register_recovery(
                ctx, person_id, amount, self.cause.text(), incorrect_information=self.incorrect.isChecked(),
                deduction_per_payout=deduction, registered_date=today, deduction_basis=basis,
                deduction_basis_date=to_date(self.basis_date), deduction_notified_date=to_date(self.notified_date))
        except (ServiceError, MoneyError) as error:
            self.errors.setText(str(error))
            return None


__all__ = ["RecoveryDialog"]
