"""Registrer utfall (one person's review outcome) and Skriv ut gjennomgangsliste (the PDF)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.portfolio import portfolio, reviews
from kvp_desktop.services.portfolio.portfolio import PortfolioFilter
from kvp_desktop.services.portfolio.reviews import ReviewDTO, ReviewInput
from ui.errors import show_service_error


class ReviewDialog(QDialog):
    """The four outcomes; the fields each one needs become available when it is chosen."""

    def __init__(self, ctx: AppContext, person_id: int, name: str, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle(_("Registrer utfall – {navn}", navn=name))
        self.setAccessibleName(_("Registrer utfall"))
        self._ctx = ctx
        self._person_id = person_id
        self._today = today
        self.saved: ReviewDTO | None = None

        self.group = QButtonGroup(self)
        self.outcomes: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Utfall av gjennomgangen:")))
        for code, label in portfolio.REVIEW_OUTCOMES.items():
            button = QRadioButton(_(label))
            button.setObjectName(f"reviewOutcome_{code}")
            button.setAccessibleName(_(label))
            self.group.addButton(button)
            self.outcomes[code] = button
            layout.addWidget(button)
            button.toggled.connect(self._outcome_changed)

        now = today()
        self.reviewed_on = QLineEdit(now.strftime("%d.%m.%Y"))
        self.reviewed_on.setObjectName("reviewDate")
        self.reviewed_on.setAccessibleName(_("Dato for gjennomgangen"))
        self.meeting_by = QLineEdit((now + dt.timedelta(days=14)).strftime("%d.%m.%Y"))
        self.meeting_by.setObjectName("reviewMeetingBy")
        self.meeting_by.setAccessibleName(_("Frist for overføringsmøtet"))
        self.other_right = QComboBox()
        self.other_right.setObjectName("reviewOtherRight")
        self.other_right.setAccessibleName(_("Hvilken rettighet"))
        self.other_right.setEditable(True)
        self.other_right.addItem("")
        for right in reviews.OTHER_RIGHTS:
            self.other_right.addItem(_(right))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reviewReason")
        self.reason.setAccessibleName(_("Begrunnelse"))
        self.reason.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(_("&Dato (dd.mm.åååå):"), self.reviewed_on)
        form.addRow(_("&Overføringsmøte innen:"), self.meeting_by)
        form.addRow(_("&Rettighet:"), self.other_right)
        form.addRow(_("&Begrunnelse:"), self.reason)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setObjectName("reviewHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.errors = QLabel()
        self.errors.setObjectName("reviewErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020;")
        layout.addWidget(self.errors)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("reviewButtons")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Lagre"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._outcome_changed()
        self.resize(460, 420)

    def outcome(self) -> str:
        return next((code for code, button in self.outcomes.items() if button.isChecked()), "")

    def choose(self, code: str) -> None:
        self.outcomes[code].setChecked(True)

    def _outcome_changed(self, *_args: object) -> None:
        outcome = self.outcome()
        self.meeting_by.setEnabled(outcome == "vurder_kvp")
        self.other_right.setEnabled(outcome == "annen_rettighet")
        hints = {
            "vurder_kvp": _("Det lages en oppgave om å booke overføringsmøte med KVP-veilederen innen fristen."),
            "ikke_aktuelt": _("En begrunnelse er påkrevd."),
            "annen_rettighet": _("Velg eller skriv hvilken rettighet personen har."),
            "i_kvp": _("Personen deltar allerede i kvalifiseringsprogrammet."),
        }
        self.hint.setText(hints.get(outcome, _("Velg et utfall.")))

    def save(self) -> None:
        data = ReviewInput(
            person_id=self._person_id,
            outcome=self.outcome(),
            reason=self.reason.toPlainText(),
            other_right=self.other_right.currentText(),
            meeting_by=self.meeting_by.text() or None,
            reviewed_on=self.reviewed_on.text() or None,
        )
        try:
            self.saved = reviews.record_review(self._ctx, data, today=self._today())
        except ValidationError as error:
            self.errors.setText("\n".join(error.problems.values()))
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.accept()


class ReviewListDialog(QDialog):
    """Choose the date and save the review list as PDF (flagged persons not reviewed since)."""

    def __init__(self, ctx: AppContext, filters: PortfolioFilter, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("reviewListDialog")
        self.setWindowTitle(_("Skriv ut gjennomgangsliste"))
        self.setAccessibleName(_("Skriv ut gjennomgangsliste"))
        self._ctx = ctx
        self._filters = filters
        self._today = today
        self.saved_path: Path | None = None
        since = filters.not_reviewed_since or today() - dt.timedelta(days=90)
        self.since = QDateEdit(QDate(since.year, since.month, since.day))
        self.since.setObjectName("reviewListSince")
        self.since.setAccessibleName(_("Ikke gjennomgått siden"))
        self.since.setDisplayFormat("dd.MM.yyyy")
        self.since.setCalendarPopup(True)
        scope = portfolio.FLAGS.get(filters.stop_point or "", "")
        form = QFormLayout()
        form.addRow(_("Ikke gjennomgått &siden:"), self.since)
        form.addRow(_("Stoppunkt:"), QLabel(_(scope) if scope else _("Alle stoppunkter")))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Listen viser flaggede personer som ikke er gjennomgått siden datoen, med "
                                  "avkrysningsruter for utfallet. Veilederfilteret i porteføljen gjelder også.")))
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("reviewListButtons")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Lagre PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def since_date(self) -> dt.date:
        q = self.since.date()
        return dt.date(q.year(), q.month(), q.day())

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lagre gjennomgangsliste"), f"gjennomgangsliste-{self._today():%Y-%m-%d}.pdf", _("PDF (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        stop_point = self._filters.stop_point if self._filters.stop_point in portfolio.FLAGS else None
        try:
            session = reviews.review_session(self._ctx, self.since_date(), self._today(),
                                             caseworker_id=self._filters.caseworker_id, stop_point=stop_point)
            path.write_bytes(reviews.review_list_pdf(self._ctx, session))
        except ServiceError as error:
            show_service_error(self, error)
            return
        except OSError:
            QMessageBox.warning(self, self.windowTitle(), _("Filen {fil} kunne ikke skrives.", fil=path.name))
            return
        self.saved_path = path
        self.accept()
