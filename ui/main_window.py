# Kept whole (~670 lines): the window frame (menus, tabs, person bar, idle lock, outreach banner); every
# menu's dialog lives in its tab's or settings' package, this module only wires them.
"""The main window: the person bar, the four tabs, the menus and the status bar."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import kvp_desktop
from kvp_desktop.i18n import LANGUAGES, _, current_language
from ui.errors import call_service, show_error
from ui.location import describe_database

# The window is shown before the services, SQLAlchemy and the tabs are imported (start-up time,
# docs/performance.md): ``MainWindow()`` draws the frame, ``attach(ctx)`` builds the working parts.
if TYPE_CHECKING:
    from kvp_desktop.services.infrastructure.changes import Changes, Kind
    from kvp_desktop.services.infrastructure.context import AppContext
    from ui.payouts.tab import PayoutsTab
    from ui.person_bar import PersonBar
    from ui.portfolio.tab import PortfolioTab
    from ui.programme.tab import ProgrammeTab
    from ui.screening.tab import ScreeningTab
    from ui.settings.login import IdleLock
    from ui.widgets.tab_page import TabPage

SETTINGS_ORGANISATION = "KVP"
SETTINGS_APPLICATION = "KVP Desktop"
LANGUAGE_KEY = "ui/language"
GEOMETRY_KEY = "ui/geometry"

# Tab keys in display order; ``tab_key`` maps what a user types (with or without æøå) to a key.
TAB_KEYS = ("portefolje", "inngangsvilkar", "programbygger", "utbetalinger")
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def tab_key(name: str) -> str | None:
    """``"Portefølje"``, ``"portefolje"``, ``"PORTEFOLJE"`` → ``"portefolje"``; unknown → ``None``."""
    folded = name.strip().casefold().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    folded = "".join(ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch))
    return folded if folded in TAB_KEYS else None


def app_settings() -> QSettings:
    return QSettings(SETTINGS_ORGANISATION, SETTINGS_APPLICATION)


class MainWindow(QMainWindow):
    """KVP Desktop's main window over one open database (``AppContext``)."""

    person_changed = Signal(int)
    #: The database is attached and the tabs are built (``attach``).
    ready = Signal()

    def __init__(self, ctx: AppContext | None = None, office_name: str | None = None) -> None:
        super().__init__()
        from ui.widgets.keyboard import install_keyboard_conventions

        install_keyboard_conventions()  # Tab moves on from text boxes and tables, in every dialog
        self.setObjectName("mainWindow")
        self.setAccessibleName(_("KVP Desktop"))
        self.setWindowTitle(_("KVP Desktop"))
        self._ctx: AppContext | None = None
        self._office_name = office_name

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(_("Arbeidsområder"))
        self.tabs.setDocumentMode(True)
        # No mnemonics on the tabs (Alt+I and Alt+P belong to the Innstillinger menu and the person
        # field); Ctrl+1 … Ctrl+4 choose a tab instead.
        for number, title in enumerate(self.tab_titles(), start=1):
            self.tabs.addTab(self._waiting_page(), title)
            self.tabs.setTabToolTip(number - 1, f"{title} (Ctrl+{number})")
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda index=number - 1: self.tabs.setCurrentIndex(index))

        central = QWidget()
        self._layout = QVBoxLayout(central)
        self._layout.setContentsMargins(6, 6, 6, 0)
        self._layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._placeholder_menus()
        self.database_label = QLabel()
        self.database_label.setObjectName("statusDatabase")
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().showMessage(_("Åpner databasen …"))
        self._restore_geometry()
        if ctx is not None:
            self.attach(ctx)

    def _restore_geometry(self) -> None:
        """Where the window was last closed; the first time, most of the screen (the frame shown while
        the database opens has no content to take its size from)."""
        saved = app_settings().value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1400, 900)
            return
        area = screen.availableGeometry()
        self.resize(min(1400, area.width() * 9 // 10), min(900, area.height() * 9 // 10))

    #: Whether closing the window remembers its place (not for ``--screenshot``'s fixed size).
    remember_geometry = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_geometry and self.isVisible() and not self.isMinimized():
            app_settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)

    @staticmethod
    def tab_titles() -> tuple[str, str, str, str]:
        return (_("Portefølje"), _("Inngangsvilkår"), _("Programbygger"), _("Utbetalinger"))

    def _waiting_page(self) -> QLabel:
        label = QLabel(_("Åpner databasen …"))
        label.setObjectName("waitingPage")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setEnabled(False)
        return label

    def attach(self, ctx: AppContext) -> None:
        """Work in ``ctx``: build the person bar, the four tabs and the menus that depend on the user."""
        from ui.payouts.tab import PayoutsTab
        from ui.person_bar import PersonBar
        from ui.portfolio.tab import PortfolioTab
        from ui.programme.tab import ProgrammeTab
        from ui.runner import runner
        from ui.screening.tab import ScreeningTab

        if self._ctx is not None:
            raise RuntimeError("attach() is called once; use switch_context() for another database")
        self._ctx = ctx
        self.person_bar: PersonBar = PersonBar(ctx)
        self.person_bar.person_changed.connect(self.person_changed)
        self.portfolio_tab: PortfolioTab = PortfolioTab(ctx)
        self.screening_tab: ScreeningTab = ScreeningTab(ctx)
        self.programme_tab: ProgrammeTab = ProgrammeTab(ctx)
        self.payouts_tab: PayoutsTab = PayoutsTab(ctx)
        current = self.tabs.currentIndex()
        # Hidden while the pages are swapped, so no page but the chosen one is shown (and loads).
        self.tabs.hide()
        self.tabs.blockSignals(True)
        titles = self.tab_titles()  # in the language now in force (the office's målform may have set it)
        for index, page in enumerate(self.pages()):
            waiting = self.tabs.widget(index)
            title, tip = titles[index], self.tabs.tabToolTip(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, title)
            self.tabs.setTabToolTip(index, tip)
            if waiting is not None:
                waiting.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        self.tabs.show()
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_person_search)
        for page in self.pages():
            self.person_changed.connect(page.set_person)
        self.portfolio_tab.person_activated.connect(self.select_person)
        self.screening_tab.changed.connect(self.person_bar.refresh_deadlines)
        self.screening_tab.deadlines_source = self.person_bar.deadlines_for  # read once, shown in both
        self.person_bar.tasks_requested.connect(self.open_tasks)  # «Mine oppgaver» (the case flow)
        self.screening_tab.task_requested.connect(self.open_task)
        runner().changes_made.connect(self.apply_changes)  # what background jobs changed

        at = 0
        if ctx.outreach:  # working in an outreach copy on a laptop (docs/outreach.md)
            from ui.outreach.banner import OutreachBanner

            self._layout.insertWidget(at, OutreachBanner())
            at += 1
        self._layout.insertWidget(at, self.person_bar)
        self._build_menus()
        self.statusBar().clearMessage()
        self._show_context()
        self.ready.emit()

    @property
    def is_ready(self) -> bool:
        return self._ctx is not None

    # --- the open database ---------------------------------------------------------------
    @property
    def ctx(self) -> AppContext:
        if self._ctx is None:
            raise RuntimeError("the window has no database yet (attach)")
        return self._ctx

    def pages(self) -> list[TabPage]:
        if self._ctx is None:
            return []
        return [self.portfolio_tab, self.screening_tab, self.programme_tab, self.payouts_tab]

    def _show_context(self) -> None:
        from kvp_desktop.services.office import view_cache

        location = describe_database(self.ctx.db.url)
        settings = view_cache.office(self.ctx)  # kept on the context (a save refreshes it)
        office = self._office_name or (settings.office_name if settings else location)
        self.setWindowTitle(_("KVP Desktop – {kontor}", kontor=office))
        self.database_label.setText(_("Database: {sted}", sted=location))
        self.database_label.setToolTip(_("Databasen programmet arbeider i"))
        user = self.ctx.user
        self.user_label.setText(_("Bruker: {navn} ({brukernavn})", navn=user.full_name, brukernavn=user.username))

    def switch_context(self, ctx: AppContext, office_name: str | None = None) -> None:
        """Work in another database, or as another user, from now on (a database left is closed)."""
        old = self.ctx
        self._ctx = ctx
        self._office_name = office_name
        self.person_bar.set_context(ctx)
        for page in self.pages():
            page.set_context(ctx)
        self._build_menus()  # what the menus offer depends on the user's role
        self._show_context()
        if self._idle_lock is not None:
            self._idle_lock.set_context(ctx)
        if old.db is not ctx.db:
            old.close()

    # --- who is working ------------------------------------------------------------------
    _idle_lock: IdleLock | None = None

    def start_idle_lock(self) -> None:
        """Lock the window after the office's idle time (users with a password; not in screenshots)."""
        from ui.settings.login import IdleLock

        if self._idle_lock is None:
            self._idle_lock = IdleLock(self, self.ctx, 15)
        self._idle_lock.set_context(self.ctx)

    def switch_user(self) -> bool:
        """Fil → Bytt bruker…: another user logs in on the same database; cancel keeps the current one."""
        from ui.settings.login import sign_in

        logged_in = sign_in(self.ctx, self, switching=True)
        if logged_in is None:
            return False
        self.switch_context(logged_in, self._office_name)
        self.statusBar().showMessage(_("Logget inn som {navn}.", navn=logged_in.user.full_name), 6000)
        return True

    def log_out(self) -> bool:
        """Fil → Logg ut: hide everything, ask for the next login; cancel ends the program."""
        from kvp_desktop.services.office import users
        from ui.settings.login import sign_in

        call_service(self, lambda: users.record_logout(self.ctx))
        central = self.centralWidget()
        if central is not None:
            central.setVisible(False)
        self.user_label.setText(_("Ingen er logget inn"))
        logged_in = sign_in(self.ctx, self)
        if logged_in is None:
            self.close()
            return False
        if central is not None:
            central.setVisible(True)
        self.switch_context(logged_in, self._office_name)
        return True

    # --- tabs and person ----------------------------------------------------------------
    def show_tab(self, key: str) -> None:
        found = tab_key(key)
        if found is None:
            raise ValueError(key)
        self.tabs.setCurrentIndex(TAB_KEYS.index(found))

    def current_page(self) -> TabPage:
        from ui.widgets.tab_page import TabPage

        page = self.tabs.currentWidget()
        assert isinstance(page, TabPage)
        return page

    def select_person(self, person_id: int) -> bool:
        chosen = self.person_bar.select_person(person_id)
        if chosen and self.person_bar.person is not None:
            self.statusBar().showMessage(_("Valgt: {navn}", navn=self.person_bar.person.full_name), 4000)
        return chosen

    @property
    def person_id(self) -> int | None:
        return self.person_bar.person_id

    def focus_person_search(self) -> None:
        self.person_bar.search.setFocus()
        self.person_bar.search.selectAll()

    # --- reports (ui.reports) ------------------------------------------------------------
    def open_kostra(self) -> None:
        from ui.reports import open_kostra_dialog

        open_kostra_dialog(self, self.ctx, self.go_to)

    def open_outcomes(self) -> None:
        from ui.reports import open_outcomes_dialog

        open_outcomes_dialog(self, self.ctx)

    def go_to(self, person_id: int, tab: str) -> None:
        """Select ``person_id`` and show ``tab`` (a report's "Gå til")."""
        if self.select_person(person_id):
            self.show_tab(tab)
            self.activateWindow()

    # --- menus ---------------------------------------------------------------------------
    def open_rates(self) -> None:
        from ui.settings.rates_dialog import RatesDialog  # Innstillinger → Satser

        RatesDialog(self.ctx, self).open()

    def _action(self, menu: QMenu, name: str, text: str, slot: object = None,
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _planned(self, menu: QMenu, name: str, text: str) -> QAction:
        """A menu entry for work that is planned but not in this version: shown, but disabled."""
        action = self._action(menu, name, text)
        action.setEnabled(False)
        action.setStatusTip(_("Kommer i en senere versjon."))
        action.setToolTip(_("Kommer i en senere versjon."))
        return action

    def _fresh_menu_bar(self) -> QMenuBar:
        """An empty menu bar in place of the old one, whose menus and entries are deleted (a new user
        must not keep the previous user's entries, and objectNames stay unique)."""
        old = self.menuBar()
        for menu in old.findChildren(QMenu):
            for action in menu.actions():
                if action.parent() is self:
                    action.setParent(None)
                    action.deleteLater()
        bar = QMenuBar()
        bar.setObjectName("menuBar")
        self.setMenuBar(bar)  # Qt takes the old bar out of the window and deletes it later
        return bar

    def open_users(self) -> None:
        from ui.settings.users_dialog import UsersDialog

        dialog = call_service(self, lambda: UsersDialog(self.ctx, self))
        if dialog is not None:
            dialog.exec()

    def _placeholder_menus(self) -> None:
        """The menu titles, greyed out, while the database opens (``_build_menus`` replaces them)."""
        bar = self.menuBar()
        bar.setObjectName("menuBar")
        for title in (_("&Fil"), _("&Dokumenter"), _("&Rapporter"), _("&Innstillinger"), _("&Hjelp")):
            bar.addMenu(title).setEnabled(False)

    def _build_menus(self) -> None:
        from kvp_desktop.services.infrastructure.roles import Permission, allowed
        from kvp_desktop.services.office import users
        from ui.help import UserGuideDialog
        from ui.outreach import menu as outreach_menu
        from ui.programme.catalogue import ActivityCatalogueDialog
        from ui.settings.office_dialog import OfficeSettingsDialog

        bar = self._fresh_menu_bar()

        file_menu = bar.addMenu(_("&Fil"))
        file_menu.setObjectName("menuFile")
        self._action(file_menu, "actionNewDatabase", _("&Ny database…"), self.new_database,
                     QKeySequence.StandardKey.New)
        self._action(file_menu, "actionOpenDatabase", _("Å&pne database…"), self.open_database,
                     QKeySequence.StandardKey.Open)
        may_copy = allowed(self.ctx, Permission.BACKUP_RESTORE)  # a copy of everything, or replacing it
        for name, text, slot in (("actionBackup", _("&Sikkerhetskopi…"), self.backup),
                                 ("actionRestore", _("&Gjenopprett fra sikkerhetskopi…"), self.restore)):
            action = self._action(file_menu, name, text, slot)
            action.setEnabled(may_copy)
            if not may_copy:
                action.setStatusTip(_("Bare administrator kan ta sikkerhetskopi av hele databasen eller "
                                      "gjenopprette den."))
        outreach_menu.add_file_actions(self, file_menu)  # Ta med ut / Lever inn (docs/outreach.md)
        file_menu.addSeparator()
        switch = self._action(file_menu, "actionSwitchUser", _("&Bytt bruker…"), self.switch_user)
        log_out = self._action(file_menu, "actionLogOut", _("&Logg ut"), self.log_out)
        if self.ctx.outreach or not users.can_lock(self.ctx):  # a copy is its taker's; demo users have no password
            why = (_("En utekopi brukes av den som tok den med ut.") if self.ctx.outreach
                   else _("Ingen innlogging i denne databasen."))
            for action in (switch, log_out):
                action.setEnabled(False)
                action.setStatusTip(why)
                action.setToolTip(why)
        self._action(file_menu, "actionQuit", _("&Avslutt"), self.close, QKeySequence.StandardKey.Quit)

        documents = bar.addMenu(_("&Dokumenter"))
        documents.setObjectName("menuDocuments")
        self._action(documents, "actionDecisionLetter", _("&Brev og vedtak for personen…"), self.open_documents,
                     QKeySequence("Ctrl+D"))
        self._action(documents, "actionCertificate", _("&Deltakerbevis…"), self.open_documents)
        self._action(documents, "actionMyTasks", _("&Mine oppgaver…"), self.open_tasks, QKeySequence("Ctrl+T"))

        reports = bar.addMenu(_("&Rapporter"))
        reports.setObjectName("menuReports")
        self._action(reports, "actionKostra", _("&KOSTRA 11CF…"), self.open_kostra)
        self._action(reports, "actionOutcomes", _("&Resultater…"), self.open_outcomes)
        self._planned(reports, "actionPortfolioReport", _("&Porteføljeoversikt…"))

        settings = bar.addMenu(_("&Innstillinger"))
        settings.setObjectName("menuSettings")
        self._action(settings, "actionOffice", _("&Kontor…"),
                     lambda: call_service(self, lambda: OfficeSettingsDialog(self.ctx, self).exec()))
        users_action = self._action(settings, "actionUsers", _("&Brukere…"), self.open_users)
        # Only the administrator sees user administration at all (the service refuses others too).
        users_action.setVisible(allowed(self.ctx, Permission.MANAGE_USERS) and not self.ctx.outreach)
        self._action(settings, "actionLetterTemplates", _("&Brevmaler…"), self.open_letter_templates)
        outreach_menu.add_audit_action(self, settings)  # Revisjonslogg
        self._action(settings, "actionRates", _("Sa&tser…"), self.open_rates)
        self._action(settings, "actionActivityCatalogue", _("&Aktivitetskatalog…"),
                     lambda: ActivityCatalogueDialog(self.ctx, self).exec())
        language_menu = settings.addMenu(_("&Språk"))
        language_menu.setObjectName("menuLanguage")
        group = QActionGroup(language_menu)
        group.setExclusive(True)
        for lang in LANGUAGES:
            action = self._action(language_menu, f"actionLanguage_{lang}", LANGUAGE_NAMES[lang])
            action.setCheckable(True)
            action.setChecked(lang == current_language())
            action.triggered.connect(lambda _checked=False, code=lang: self.choose_language(code))
            group.addAction(action)

        help_menu = bar.addMenu(_("&Hjelp"))
        help_menu.setObjectName("menuHelp")
        self._action(help_menu, "actionUserGuide", _("&Brukerveiledning"), lambda: UserGuideDialog(self).exec(),
                     QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "actionAbout", _("&Om KVP Desktop"), self.about)

    # --- menu commands -------------------------------------------------------------------
    def _open(self, url: str) -> AppContext | None:
        from kvp_desktop.services.infrastructure.context import DatabaseTooNewError, open_context

        try:
            return open_context(url)
        except DatabaseTooNewError as error:
            QMessageBox.critical(self, _("KVP Desktop"), str(error))
        except Exception as error:  # a file we cannot read, a server we cannot reach
            show_error(self, error)
        return None

    def new_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Ny database"), str(Path.home() / "kvp.db"), _("KVP-database (*.db)")
        )
        if not path:
            return
        if Path(path).exists():
            QMessageBox.warning(
                self,
                _("Ny database"),
                _("Filen {fil} finnes fra før. Velg et annet navn, eller bruk «Åpne database…».",
                  fil=Path(path).name),
            )
            return
        self._open_and_sign_in(f"sqlite:///{Path(path).resolve()}")

    def _open_and_sign_in(self, url: str) -> bool:
        """Open ``url`` and log in there (a new file: first administrator and office); cancel keeps the
        database and user the window has now."""
        from ui.settings.login import sign_in

        ctx = self._open(url)
        if ctx is None:
            return False
        try:
            logged_in = sign_in(ctx, self)
        except Exception:
            ctx.close()
            raise
        if logged_in is None:
            ctx.close()
            self.statusBar().showMessage(_("Databasen ble ikke åpnet: ingen logget inn."), 6000)
            return False
        self.switch_context(logged_in)
        return True

    def open_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Åpne database"), str(Path.home()), _("KVP-database (*.db);;Alle filer (*)")
        )
        if not path:
            return
        self._open_and_sign_in(f"sqlite:///{Path(path).resolve()}")

    def backup(self) -> None:
        """Fil → Sikkerhetskopi…: a verified online copy of the live database, where the user chooses."""
        from kvp_desktop.services.office import backups

        folder = call_service(self, lambda: backups.default_backup_folder(self.ctx))
        if folder is None:
            return
        stem = describe_database(self.ctx.db.url).rsplit(".", 1)[0]
        suggested = folder / f"{stem}-{dt.datetime.now():%Y%m%d-%H%M}.db"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Sikkerhetskopi"), str(suggested), _("KVP-database (*.db)")
        )
        if not path:
            return
        made = call_service(self, lambda: backups.make_backup(self.ctx, Path(path)))
        if made is not None:
            QMessageBox.information(
                self, _("Sikkerhetskopi"), _("Sikkerhetskopien er lagret og kontrollert: {fil}", fil=str(made))
            )

    def restore(self) -> None:
        """Fil → Gjenopprett fra sikkerhetskopi…: the service verifies the file and backs up first."""
        from kvp_desktop.services.office import backups

        folder = call_service(self, lambda: backups.default_backup_folder(self.ctx))
        if folder is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Gjenopprett fra sikkerhetskopi"), str(folder), _("KVP-database (*.db);;Alle filer (*)")
        )
        if not path:
            return
        answer = QMessageBox.question(
            self,
            _("Gjenopprett fra sikkerhetskopi"),
            _(
                "Alt i databasen {db} erstattes med innholdet i {fil}. Databasen slik den er nå, lagres "
                "først som en egen sikkerhetskopi. Vil du fortsette?",
                db=describe_database(self.ctx.db.url),
                fil=Path(path).name,
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        done = call_service(self, lambda: backups.restore_backup(self.ctx, Path(path)))
        if done is None:
            return
        _check, safety = done
        self.switch_context(self.ctx)  # everything shown may have changed
        QMessageBox.information(
            self,
            _("Gjenopprett fra sikkerhetskopi"),
            _("Databasen er gjenopprettet. Databasen slik den var, ligger i {fil}.", fil=str(safety)),
        )

    def choose_language(self, lang: str) -> None:
        app_settings().setValue(LANGUAGE_KEY, lang)
        if lang != current_language():
            QMessageBox.information(
                self, _("Språk"), _("Språket endres neste gang du starter KVP Desktop.")
            )

    def open_documents(self) -> None:
        """Dokumenter for the chosen person (``ui/documents``)."""
        from ui.documents.dialog import open_documents_dialog

        open_documents_dialog(self, self.ctx, self.person_bar.person)
        for page in (self.screening_tab, self.programme_tab):  # an issued decision moves the case on
            page.mark_stale()
        self.person_bar.refresh_deadlines()

    def open_tasks(self) -> None:
        """«Mine oppgaver» (non-modal; ``self.tasks_dialog`` while open)."""
        from ui.tasks_dialog import TasksDialog

        dialog = getattr(self, "tasks_dialog", None)
        if dialog is None:
            dialog = TasksDialog(self.ctx, self)
            dialog.open_requested.connect(self.open_task)
            self.tasks_dialog = dialog
        else:
            dialog.set_context(self.ctx)  # the user may have changed since it was opened
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def open_task(self, task: object) -> None:
        """Go where a task from «Mine oppgaver» is done: the tab on the person, or Dokumenter."""
        from kvp_desktop.services.portfolio.tasks import WorkTask

        assert isinstance(task, WorkTask)
        if task.person_id is not None and not self.select_person(task.person_id):
            return
        if task.target == "dokumenter":
            self.open_documents()
        else:
            self.show_tab(task.target)
            if task.kind == "create_programme":
                self.programme_tab.create_programme()
        dialog = getattr(self, "tasks_dialog", None)
        if dialog is not None and dialog.isVisible():
            QTimer.singleShot(0, dialog.reload)  # after the key or click that opened the task

    def open_letter_templates(self) -> None:
        from ui.settings.templates_dialog import TemplatePreviewDialog

        TemplatePreviewDialog(self.ctx, self).exec()

    def about(self) -> None:
        from importlib import metadata

        try:
            licence = (metadata.metadata("kvp-desktop").get_all("License") or [""])[0]
        except metadata.PackageNotFoundError:
            licence = ""
        licence_text = _("Proprietær programvare") if licence in ("", "Proprietary") else licence
        QMessageBox.about(
            self,
            _("Om KVP Desktop"),
            "<p><b>" + _("KVP Desktop {versjon}", versjon=kvp_desktop.__version__) + "</b></p><p>"
            + _("Saksbehandling av kvalifiseringsprogrammet (KVP) for NAV-kontor: finn kandidater, "
                "vurder inngangsvilkår, bygg program og betal stønad.")
            + "</p><p>" + _("Lisens: {lisens}", lisens=licence_text) + "<br>"
            + _("Bygd med Qt for Python (PySide6 {versjon}, LGPL v3). Skriften Noto Sans brukes under "
                "SIL Open Font License 1.1.", versjon=pyside_version)
            + "</p><p>" + _("KVP Desktop virker uten internett. Alle opplysninger lagres bare i kontorets egen "
                            "database, og programmet sender ingen data ut.") + "</p>",
        )

    # --- what background work changed --------------------------------------------------------
    def tab_kinds(self) -> dict[TabPage, frozenset[Kind]]:
        """Which kinds of data each tab shows (``services.changes``)."""
        from kvp_desktop.services.infrastructure.changes import Kind

        return {
            self.portfolio_tab: frozenset({Kind.PERSONS, Kind.OFFICE}),
            self.screening_tab: frozenset({Kind.PERSONS, Kind.SCREENING, Kind.LETTERS}),
            self.programme_tab: frozenset({Kind.PROGRAMME, Kind.SCREENING, Kind.LETTERS, Kind.OFFICE}),
            self.payouts_tab: frozenset({Kind.PAYOUTS, Kind.PROGRAMME, Kind.PERSONS, Kind.OFFICE}),
        }

    def apply_changes(self, changes: Changes) -> None:
        """Mark stale the tabs that show what changed (the visible one loads again at once)."""
        try:
            if not self.is_ready or not self.isVisible():  # a closed window loads nothing
                return
            kinds = self.tab_kinds()
        except RuntimeError:  # this window is being destroyed
            return
        for page, shown in kinds.items():
            if changes.concerns(shown, page.person_id if page.follows_person else None):
                page.mark_stale()
        if changes.concerns(frozenset(kinds[self.screening_tab] | kinds[self.programme_tab]), self.person_id):
            self.person_bar.refresh_deadlines()
