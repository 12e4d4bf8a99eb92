"""``kvp-desktop``: start the window (or take a screenshot of it and exit).

Start-up order (the window within 2× the time of a bare PySide6 window, ``docs/performance.md``): the window
frame is shown first; the database is opened in a worker thread, which is also where SQLAlchemy,
Alembic and the services are imported; then come the login, when the office has one, and the tabs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kvp_desktop.i18n import LANGUAGES, _, set_language
from ui.console import parse_arguments, send_output_to_the_log
from ui.errors import known_error, show_error
from ui.fonts import use_shipped_font
from ui.main_window import LANGUAGE_KEY, MainWindow, app_settings, tab_key
from ui.runner import run_job, runner

if TYPE_CHECKING:
    from kvp_desktop.services.infrastructure.context import AppContext, DatabaseDamagedError
    from kvp_desktop.services.outreach.copies import OutreachSession

SCREENSHOT_SIZE = (1400, 900)
DEMO_USER = "demo.saksbehandler"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kvp-desktop", description=_("KVP Desktop – kvalifiseringsprogrammet for NAV-kontor.")
    )
    parser.add_argument("--database", metavar="URL",
                        help=_("databasen (SQLite-fil eller PostgreSQL-URL); standard: KVP_DATABASE_URL "
                               "eller programmets datamappe"))
    parser.add_argument("--outreach", metavar="FIL", type=Path,
                        help=_("åpne en kryptert utekopi (Ta med ut) uten nett; passordet spørres om"))
    parser.add_argument("--demo", action="store_true",
                        help=_("start med et nytt demokontor i en midlertidig mappe"))
    parser.add_argument("--screenshot", metavar="PNG", type=Path,
                        help=_("lagre et bilde av hovedvinduet og avslutt"))
    parser.add_argument("--tab", metavar="NAVN",
                        help=_("fanen som vises: Portefølje, Inngangsvilkår, Programbygger eller Utbetalinger"))
    parser.add_argument("--person", metavar="ID", type=int, help=_("personen som velges ved start"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("språk: nb (standard), nn eller en"))
    return parser


def application_icon() -> QIcon:
    """The window icon (``resources/icons/kvp-desktop.svg``)."""
    icon_file = resources.files("resources") / "icons" / "kvp-desktop.svg"
    # The resources package is a folder on disk (also in the PyInstaller build), so the path is real.
    return QIcon(str(icon_file)) if icon_file.is_file() else QIcon()


def _needs_offscreen() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    )


@dataclass(frozen=True)
class Opened:
    """What opening the database gave: a context, or the error to explain."""

    ctx: AppContext | None
    demo_folder: Path | None = None
    error: BaseException | None = None
    audit_problem: str = ""  # the start-up check of the audit trail's hash chain found a broken link


def open_database(url: str | None, demo: bool) -> tuple[AppContext, Path | None]:
    """Open the database (or make a demo office in a fresh temporary folder)."""
    from kvp_desktop.services.infrastructure.context import open_context

    if demo:
        from kvp_desktop.demo.office import create_demo

        folder = Path(tempfile.mkdtemp(prefix="kvp-demo-"))
        ctx = open_context(f"sqlite:///{folder / 'demo.db'}")
        try:
            create_demo(ctx)
            return ctx, folder
        except BaseException:
            ctx.close()
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return open_context(url), None


def preload_window_modules() -> None:
    """Import what ``MainWindow.attach`` builds: the person bar, the login and the four tab modules,
    which import the services they call. Runs in the worker that opens the database, so the GUI
    thread only makes widgets; importing defines classes and makes no Qt object.
    """
    import ui.payouts.tab
    import ui.person_bar
    import ui.portfolio.tab
    import ui.programme.tab
    import ui.screening.tab
    import ui.settings.login  # noqa: F401


def warm_up_rest() -> None:
    """What the first tab does not need, read once after it shows its rows (on a pool thread): the
    shipped rates, the year's public holidays (the holiday tables take a few tenths of a second) and
    Babel's locale data for amounts and dates. The services behind the menus' dialogs (letters,
    exports, reports) are imported when first used: importing them all here held 16 MiB more for the
    whole session (``docs/performance.md``). Only ``kvp_desktop`` (never Qt) is touched here.
    """
    import datetime as dt
    from decimal import Decimal

    from kvp_desktop.i18n import format_date, format_money
    from kvp_desktop.services.infrastructure.calendar import is_public_holiday
    from kvp_desktop.services.office.parameters import shipped_parameters

    shipped_parameters()  # cached for the process
    is_public_holiday(dt.date.today())  # builds the year's holiday table
    format_money(Decimal(1))
    format_date(dt.date.today())


def start_warm_up() -> None:
    """``warm_up_rest`` on the worker thread; a failure there only means that a later first use pays."""

    def failed(_error: BaseException) -> None:
        logging.getLogger(__name__).error("Forhåndslasting feilet", exc_info=_error)

    run_job(None, warm_up_rest, on_error=failed, show_errors=False)


def start_logging() -> None:
    """The log file (``logging_setup``); before the database is opened, after the window is shown."""
    from kvp_desktop.logging_setup import configure_logging, restrict_new_files

    restrict_new_files()  # the database, backups and log this process creates: owner only (POSIX)
    with contextlib.suppress(OSError):  # a read-only profile must not stop the program
        configure_logging()


def _log_opening_error(error: BaseException) -> None:
    """For IT: the kind of error (and a missing module's name); never its message, which may quote data."""
    detail = f" ({error.name})" if isinstance(error, ImportError) and error.name else ""
    logging.getLogger(__name__).error("Databasen kunne ikke åpnes: %s%s", type(error).__name__, detail)


def open_now(url: str | None, demo: bool) -> Opened:
    """Start the log, open the database and import the services; any error is handed back, not raised."""
    start_logging()
    try:
        ctx, folder = open_database(url, demo)
    except Exception as error:
        _log_opening_error(error)
        return Opened(None, error=error)
    try:
        preload_window_modules()
        from kvp_desktop.services.office.settings import get_office

        get_office(ctx)  # the first query sets up SQLAlchemy's mappers (a fifth of a second), here and not later
    except Exception as error:
        _log_opening_error(error)
        ctx.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        return Opened(None, error=error)
    return Opened(ctx, folder, audit_problem=check_audit_chain(ctx))


def check_audit_chain(ctx: AppContext) -> str:
    """The start-up check of the audit trail (the newest links and the chain's head; on the worker).
    A Norwegian message naming the first broken link, or "" when the chain holds."""
    from kvp_desktop.services.infrastructure.audit import verify_recent

    try:
        report = verify_recent(ctx)
    except Exception:  # a check must not stop the program; IT finds it in the log
        logging.getLogger(__name__).exception("Kontrollen av revisjonsloggen feilet")
        return ""
    if not report.ok:
        logging.getLogger(__name__).warning("Revisjonsloggen er brutt (rad %s)", report.broken_id)
    return "" if report.ok else report.message


class _OpenInBackground:
    """Runs ``open_now`` on the worker thread and hands the result to ``on_done`` on the GUI thread."""

    def __init__(self, url: str | None, demo: bool, on_done: Callable[[Opened], None]) -> None:
        #: Also kept here, for when the window is closed before the result arrives.
        self.result: Opened | None = None
        run_job(None, lambda: self._run(url, demo), on_done)  # open_now hands back every error

    def _run(self, url: str | None, demo: bool) -> Opened:
        self.result = open_now(url, demo)
        return self.result


def offer_latest_backup(error: DatabaseDamagedError) -> AppContext | None:
    """A damaged database file: offer to open a copy of the newest good backup as a new file."""
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.office.backups import recover_latest

    answer = QMessageBox.question(
        None, _("Skadet database"),
        str(error) + "\n\n" + _("Vil du åpne en kopi av den nyeste sikkerhetskopien? Den skadede filen beholdes "
                                 "uendret, så IT kan se på den."),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        recovered, used = recover_latest(error.path)
    except ServiceError as problem:
        QMessageBox.critical(None, _("Skadet database"), problem.message)
        return None
    QMessageBox.information(
        None, _("Skadet database"),
        _("Sikkerhetskopien «{kopi}» er åpnet som en ny database: {fil}. Endringer som ble gjort etter at "
          "kopien ble tatt, må registreres på nytt.", kopi=used.name, fil=recovered),
    )
    return open_context(f"sqlite:///{recovered}")


def start_daily_backup(ctx: AppContext) -> None:
    """Take the day's backup in the background (SQLite offices; never on the GUI thread)."""
    from kvp_desktop.services.office.backups import scheduled_backup

    def failed(error: BaseException) -> None:  # a full disk must not stop the caseworker; logged for IT
        logging.getLogger(__name__).error("Den daglige sikkerhetskopien feilet", exc_info=error)

    run_job(None, lambda: scheduled_backup(ctx), on_error=failed, show_errors=False)


def log_in(ctx: AppContext, headless: bool) -> AppContext | None:
    """Who works in this session: the demo user in a demo office, otherwise a real login.

    The first start of a new office database creates the administrator. Screenshot mode cannot
    ask anyone, so it works as the system identity (like the ``kvp`` command, which is for
    whoever already has the database itself).
    """
    from kvp_desktop.services.office.settings import get_office
    from ui.settings.login import sign_in

    office = get_office(ctx)
    if office is not None and office.demo:
        return ctx.as_user(DEMO_USER) if ctx.user.username != DEMO_USER else ctx
    if headless:
        return ctx
    return sign_in(ctx)  # the same login as Fil → Åpne/Ny database: first administrator and office set-up


def pick_person(ctx: AppContext, tab: str) -> int | None:
    """A person that has something to show on ``tab`` (for screenshots without ``--person``)."""
    from kvp_desktop.services.portfolio import portfolio
    from kvp_desktop.services.programmes import programmes
    from kvp_desktop.services.screening import applications

    ids = portfolio.portfolio_ids(ctx)
    if tab == "inngangsvilkar":
        for person_id in ids:
            if any(a.status == "screening" and a.criteria
                   for a in applications.applications_for_person(ctx, person_id)):
                return person_id
        for person_id in ids:
            if any(a.criteria for a in applications.applications_for_person(ctx, person_id)):
                return person_id
    elif tab == "programbygger":
        for person_id in ids:
            found = programmes.programmes_for_person(ctx, person_id)
            if found and found[0].status == "active" and any(p.blocks for p in found[0].phases):
                return person_id
        for person_id in ids:
            found = programmes.programmes_for_person(ctx, person_id)
            if found and any(p.blocks for p in found[0].phases):
                return person_id
    elif tab == "portefolje":
        # Someone with a stop point, so the person bar shows a typical candidate.
        rows = portfolio.portfolio_rows(ctx, ids[:200])
        return next((row.id for row in rows if row.stop_points), ids[0] if ids else None)
    return None


def _report(message: str, headless: bool, parent: MainWindow | None = None) -> None:
    if headless:
        print(message, file=sys.stderr)
        return
    QMessageBox.critical(parent, _("KVP Desktop"), message)


def apply_language(lang: str) -> None:
    """The interface language: our messages, Qt's own buttons and dialogs, and number and date formats."""
    from ui.qt_translations import install_qt_translator

    lang = lang if lang in LANGUAGES else "nb"
    set_language(lang)
    install_qt_translator(lang)  # Qt's own buttons and dialogs (OK/Avbryt, Ja/Nei, file and print dialogs)
    QLocale.setDefault(QLocale(
        QLocale.Language.NorwegianNynorsk if lang == "nn" else
        QLocale.Language.English if lang == "en" else QLocale.Language.NorwegianBokmal,
        QLocale.Country.UnitedKingdom if lang == "en" else QLocale.Country.Norway,
    ))


def follow_the_office(ctx: AppContext) -> None:
    """Work in the office's written standard (målform) when the user has not chosen a language."""
    from kvp_desktop.i18n import current_language
    from kvp_desktop.services.office.settings import get_office

    office = get_office(ctx)
    if office is not None and office.written_standard in LANGUAGES and office.written_standard != current_language():
        apply_language(office.written_standard)


class Startup:
    """One start of the program: the database, the login and the window, and what to close at the end."""

    def __init__(self, args: argparse.Namespace, tab: str, headless: bool, copy: OutreachSession | None) -> None:
        self.args, self.tab, self.headless, self.copy = args, tab, headless, copy
        self.ctx: AppContext | None = None
        self.demo_folder: Path | None = None
        self.window: MainWindow | None = None
        self._opener: _OpenInBackground | None = None

    def accept(self, opened: Opened) -> AppContext | None:
        """The opened context, or ``None`` when it could not be opened (the reason has been shown)."""
        from kvp_desktop.services.infrastructure.context import DatabaseDamagedError, DatabaseTooNewError

        error = opened.error
        if error is None:
            self.ctx, self.demo_folder = opened.ctx, opened.demo_folder
            return self.ctx
        if isinstance(error, DatabaseTooNewError):
            _report(str(error), self.headless, self.window)
        elif isinstance(error, DatabaseDamagedError):
            recovered = None if self.headless else offer_latest_backup(error)
            if recovered is None:
                _report(str(error), self.headless, self.window)
            self.ctx = recovered
        elif (known := known_error(error)) is not None:  # a server that is down says so in Norwegian
            _report(known.message, self.headless, self.window)
        else:  # an unreadable file, an unreachable server
            _report(_("Databasen kunne ikke åpnes ({feil}). Sjekk stien eller adressen og prøv igjen.",
                      feil=type(error).__name__), self.headless, self.window)
        return self.ctx

    def finish(self, window: MainWindow, ctx: AppContext) -> int | None:
        """Log in, build the tabs and choose the person; an exit code when the program must stop."""
        logged_in = ctx if ctx.outreach else log_in(ctx, self.headless)  # the copy's passphrase was the login
        if logged_in is None:
            return 0  # the caseworker cancelled the login
        self.ctx = ctx = logged_in
        if self.args.lang is None and not app_settings().contains(LANGUAGE_KEY):
            follow_the_office(ctx)  # an office that writes nynorsk works in nynorsk, unless the user chose
        window.attach(ctx)
        if not self.headless:
            window.start_idle_lock()  # follows the window to another user or database
        person_id = self.args.person
        if person_id is None and self.headless:
            person_id = pick_person(ctx, self.tab)
        # An unknown --person has been explained in a message box; the window still opens.
        if person_id is not None and not window.select_person(person_id) and self.headless:
            return 1
        return None

    def run_headless(self, app: QApplication) -> int:
        opened = Opened(self.copy.ctx) if self.copy is not None else open_now(self.args.database, self.args.demo)
        ctx = self.accept(opened)
        if ctx is None:
            return 1
        self.window = window = MainWindow()
        window.show_tab(self.tab)
        stop = self.finish(window, ctx)
        if stop is not None:
            return stop
        return take_screenshot(window, app, self.args.screenshot)

    def run_interactive(self, app: QApplication) -> int:
        self.window = window = MainWindow()
        window.show_tab(self.tab)
        if self.args.demo:
            window.statusBar().showMessage(_("Lager demokontoret …"))
        window.show()
        if self.copy is not None:
            copy_ctx = self.copy.ctx
            QTimer.singleShot(0, lambda: self._opened(Opened(copy_ctx)))
        else:
            self._opener = _OpenInBackground(self.args.database, self.args.demo, self._opened)
        previous_hook = sys.excepthook
        sys.excepthook = lambda _type, error, _tb: show_error(window, error)
        try:
            return app.exec()
        finally:
            sys.excepthook = previous_hook
            window.close()

    def _opened(self, opened: Opened) -> None:
        """On the GUI thread, once the worker has opened the database."""
        window = self.window
        assert window is not None
        ctx = self.accept(opened)
        if ctx is None:
            QApplication.exit(1)
            return
        stop = self.finish(window, ctx)
        if stop is not None:
            QApplication.exit(stop)
            return
        if opened.audit_problem:
            QMessageBox.warning(window, _("Revisjonsloggen er brutt"), opened.audit_problem)
        start_daily_backup(self.ctx or ctx)  # self.ctx is the logged-in context by now
        # After the first tab has painted its rows (a timer fires once the queued paints are done).
        QTimer.singleShot(200, start_warm_up)

    def close(self) -> None:
        runner().wait(60_000)  # the opening worker and the day's backup
        late = self._opener.result if self._opener is not None else None
        if self.ctx is None and late is not None and late.ctx is not None:  # the window closed while opening
            self.ctx, self.demo_folder = late.ctx, late.demo_folder
        if self.copy is not None:
            self.copy.close()
        if self.ctx is not None:
            self.ctx.close()
        window = self.window
        if window is not None and window.is_ready and (self.ctx is None or window.ctx.db is not self.ctx.db):
            window.ctx.close()  # a database opened later with Fil → Åpne/Ny database
        if self.demo_folder is not None:
            shutil.rmtree(self.demo_folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    # The window-mode Windows build has no console (sys.stdout is None): --help and option errors are
    # shown in a message box, and what would be printed later goes to the log (ui/console.py).
    parsed = parse_arguments(build_parser(), list(sys.argv[1:] if argv is None else argv))
    if isinstance(parsed, int):
        return parsed
    args = parsed
    send_output_to_the_log()
    headless = args.screenshot is not None
    if headless and _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kvp-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("KVP Desktop")
    app.setOrganizationName("KVP")
    app.setWindowIcon(application_icon())
    use_shipped_font(app)  # before any widget is sized: the same measures on every machine

    lang = args.lang or str(app_settings().value(LANGUAGE_KEY, "nb") or "nb")
    apply_language(lang)

    key = "portefolje"
    if args.tab:
        found = tab_key(args.tab)
        if found is None:
            _report(_("Ukjent fane «{navn}». Bruk Portefølje, Inngangsvilkår, Programbygger eller Utbetalinger.",
                      navn=args.tab), headless)
            return 2
        key = found

    copy = None  # an outreach copy on a laptop (docs/outreach.md): in memory, saved encrypted on every change
    if args.outreach is not None:
        from ui.outreach.open_copy import open_outreach_copy

        start_logging()  # the copy is opened before the window (its passphrase is the login)

        copy = open_outreach_copy(args.outreach, headless)
        if copy is None:
            return 1
    startup = Startup(args, key, headless, copy)
    try:
        return startup.run_headless(app) if headless else startup.run_interactive(app)
    finally:
        startup.close()


def take_screenshot(window: MainWindow, app: QApplication, path: Path) -> int:
    """Show the window at 1400×900, wait until the tab shows its data, save a PNG."""
    window.remember_geometry = False
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    page = window.current_page()
    # Tabs load synchronously when shown; an empty database has nothing more to wait for.
    deadline = time.monotonic() + 5
    while page.is_stale() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    deadline = time.monotonic() + 0.5
    while not page.has_data() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    # A few more rounds so lazily loaded rows and layouts settle before the picture.
    for _round in range(5):
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(path))
    window.close()
    if not saved:
        print(_("Kunne ikke lagre bildet {fil}.", fil=str(path)), file=sys.stderr)
        return 1
    return 0
