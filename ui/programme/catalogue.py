"""Innstillinger → Aktivitetskatalog: the office's measures and providers (role: change settings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.programmes import activities
from ui.errors import call_service
from ui.programme.dialogs import category_combo
from ui.programme.grid import category_label

ID_ROLE = 256


class ActivityCatalogueDialog(QDialog):
    """A list of the catalogue and a form to add or change one activity."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityCatalogueDialog")
        self.setWindowTitle(_("Aktivitetskatalog"))
        self.resize(760, 520)
        self._ctx = ctx
        self.list = QTreeWidget()
        self.list.setObjectName("catalogueList")
        self.list.setAccessibleName(_("Aktiviteter"))
        self.list.setHeaderLabels([_("Aktivitet"), _("Kategori"), _("Tilbyder"), _("Kontakt"), _("I bruk")])
        self.list.setRootIsDecorated(False)
        self.list.currentItemChanged.connect(self._chosen)
        self.name = QLineEdit()
        self.name.setObjectName("catalogueName")
        self.name.setAccessibleName(_("Aktivitet"))
        self.category = category_combo("catalogueCategory", "work_directed_measure")
        self.provider = QLineEdit()
        self.provider.setObjectName("catalogueProvider")
        self.provider.setAccessibleName(_("Tilbyder"))
        self.contact = QLineEdit()
        self.contact.setObjectName("catalogueContact")
        self.contact.setAccessibleName(_("Kontakt"))
        self.active = QCheckBox(_("I bruk"))
        self.active.setObjectName("catalogueActive")
        self.active.setChecked(True)
        form = QFormLayout()
        form.addRow(_("&Aktivitet"), self.name)
        form.addRow(_("&Kategori"), self.category)
        form.addRow(_("&Tilbyder"), self.provider)
        form.addRow(_("K&ontakt"), self.contact)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        for text, name, slot in ((_("&Ny"), "catalogueNew", self.new), (_("&Lagre"), "catalogueSave", self.save),
                                 (_("Legg til &startkatalogen"), "catalogueStart", self.add_starting)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self._editing: int | None = None
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for item in call_service(self, lambda: activities.list_activities(self._ctx, include_inactive=True)) or []:
            row = QTreeWidgetItem([item.name, category_label(item.category), item.provider, item.contact,
                                   _("Ja") if item.active else _("Nei")])
            row.setData(0, ID_ROLE, item)
            self.list.addTopLevelItem(row)

    def _chosen(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        item = current.data(0, ID_ROLE)
        self._editing = item.id
        self.name.setText(item.name)
        self.category.setCurrentIndex(max(self.category.findData(item.category), 0))
        self.provider.setText(item.provider)
        self.contact.setText(item.contact)
        self.active.setChecked(item.active)

    def new(self) -> None:
        self._editing = None
        self.list.clearSelection()
        for edit in (self.name, self.provider, self.contact):
            edit.clear()
        self.active.setChecked(True)
        self.name.setFocus()

    def save(self) -> bool:
        data = activities.ActivityInput(self.name.text(), str(self.category.currentData()), self.provider.text(),
                                        self.contact.text(), self.active.isChecked())
        editing = self._editing
        if editing is None:
            done = call_service(self, lambda: activities.create_activity(self._ctx, data))
        else:
            done = call_service(self, lambda: activities.update_activity(self._ctx, editing, data))
        if done is not None:
            self._editing = done.id
            self.reload()
        return done is not None

    def add_starting(self) -> None:
        if call_service(self, lambda: activities.add_starting_catalogue(self._ctx)) is not None:
            self.reload()
