"""First start of a real office: the administrator sets up the office before anything else.

Letters need the office's name, letterhead and address; KOSTRA needs the kommunenummer and
bydelsnummer; the complaint paragraph names the county's Statsforvalter; the målform decides the
letters' language. The rest (payday, idle lock, holiday weeks) starts with the usual values and is
changed later under Innstillinger → Kontor.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office import settings as office
from ui.widgets.form_errors import ErrorSummary, FormErrors

# (field, label, placeholder) in the order the form asks; * = must be filled in.
FIELDS = (
    ("office_name", N_("Kontorets navn *"), N_("NAV Tønsberg")),
    ("department", N_("Brevhode: linjen under navnet"), N_("Kvalifiseringsprogrammet")),
    ("municipality_name", N_("Kommune *"), N_("Tønsberg")),
    ("municipality_number", N_("Kommunenummer (KOSTRA) *"), N_("3905")),
    ("district_number", N_("Bydelsnummer (KOSTRA)"), N_("00 når kommunen ikke har bydeler")),
    ("county", N_("Fylke (klager går til Statsforvalteren i …) *"), N_("Vestfold")),
    ("address", N_("Postadresse"), N_("Postboks 2400")),
    ("postcode", N_("Postnummer"), N_("3104")),
    ("postplace", N_("Poststed"), N_("Tønsberg")),
    ("phone", N_("Telefon"), N_("55 55 33 33")),
    ("email", N_("E-post"), ""),
    ("org_number", N_("Organisasjonsnummer"), N_("9 siffer")),
)


class OfficeSetupDialog(QDialog):
    """The office's identity on a new database (the administrator, right after the first login)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.created: office.OfficeView | None = None
        self.setObjectName("officeSetupDialog")
        self.setWindowTitle(_("Sett opp kontoret – KVP Desktop"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Før noen kan begynne å arbeide, trenger programmet kontorets navn og adresse til brevene, "
                         "kommunenummeret til KOSTRA-rapporteringen og målformen i brev. Felt merket * må fylles "
                         "ut. Resten kan endres senere under Innstillinger → Kontor."))
        intro.setObjectName("officeSetupIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = ErrorSummary()
        layout.addWidget(self.summary)
        self.errors = FormErrors(self.summary)

        body = QWidget()
        form = QFormLayout(body)
        self.edits: dict[str, QLineEdit] = {}
        for name, label, placeholder in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"setup_{name}")
            edit.setAccessibleName(_(label).rstrip(" *"))
            if placeholder:
                edit.setPlaceholderText(_(placeholder))
            self.edits[name] = edit
            self.errors.add_row(form, name, _(label) + ":", edit)
        self.edits["district_number"].setText("00")
        self.edits["department"].setText(_("Kvalifiseringsprogrammet"))
        self.written_standard = QComboBox()
        self.written_standard.setObjectName("setup_written_standard")
        self.written_standard.setAccessibleName(_("Målform i brev og i programmet"))
        self.written_standard.addItem(_("Bokmål"), "nb")
        self.written_standard.addItem(_("Nynorsk"), "nn")
        self.errors.add_row(form, "written_standard", _("Målform i brev *:"), self.written_standard)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("&Lagre og fortsett"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("setupSave")
        self.save_button.setDefault(True)
        cancel = buttons.addButton(_("&Avslutt"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("setupCancel")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 720)
        self.edits["office_name"].setFocus()

    def form_input(self) -> office.OfficeInput:
        values: dict[str, object] = {name: edit.text() for name, edit in self.edits.items()}
        values["written_standard"] = self.written_standard.currentData()
        return office.new_office_input(**values)

    def save(self) -> None:
        def create() -> None:
            self.created = office.create_office(self._ctx, self.form_input())

        if self.errors.attempt(create):
            self.accept()
