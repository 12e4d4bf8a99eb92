"""``kvp-desktop``: start the window (or take a screenshot of it and exit)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLocale, QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kvp_desktop.i18n import LANGUAGES, _, set_language
from kvp_desktop.logging_setup import configure_logging
from kvp_desktop.services import applications, portfolio, programmes, users
from kvp_desktop.services.context import AppContext, DatabaseDamagedError, DatabaseTooNewError, open_context
from kvp_desktop.services.errors import ServiceError
from kvp_desktop.services.office import get_office
from ui.errors import show_unexpected_error
from ui.login import FirstAdminDialog, IdleLock, LoginDialog
from ui.main_window import LANGUAGE_KEY, MainWindow, app_settings, tab_key

SCREENSHOT_SIZE = (1400, 900)
DEMO_USER = "demo.saksbehandler"


class StartError(Exception):
    """The program cannot start; ``str()`` is the Norwegian message for the user."""


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


def open_database(url: str | None, demo: bool) -> tuple[AppContext, Path | None]:
    """Open the database (or make a demo office in a fresh temporary folder)."""
    if demo:
        from kvp_desktop.services.demo import create_demo

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


def offer_latest_backup(error: DatabaseDamagedError) -> AppContext | None:
    """A damaged database file: offer to open a copy of the newest good backup as a new file."""
    from kvp_desktop.services.backups import recover_latest

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
    from kvp_desktop.services.backups import scheduled_backup

    def run() -> None:
        try:
            scheduled_backup(ctx)
        except Exception:  # a full disk must not stop the caseworker; it is logged for IT
            logging.getLogger(__name__).exception("Den daglige sikkerhetskopien feilet")

    QThreadPool.globalInstance().start(run)


def log_in(ctx: AppContext, headless: bool) -> AppContext | None:
    """Who works in this session: the demo user in a demo office, otherwise a real login.

    The first start of a new office database creates the administrator. Screenshot mode cannot
    ask anyone, so it works as the system identity (like the ``kvp`` command, which is for
    whoever already has the database itself).
    """
    office = get_office(ctx)
    if office is not None and office.demo:
        return ctx.as_user(DEMO_USER) if ctx.user.username != DEMO_USER else ctx
    if headless:
        return ctx
    if users.needs_first_admin(ctx):
        first = FirstAdminDialog(ctx)
        if first.exec() != FirstAdminDialog.DialogCode.Accepted:
            return None
    dialog = LoginDialog(ctx, office.office_name if office else _("nytt kontor"))
    if dialog.exec() != LoginDialog.DialogCode.Accepted:
        return None
    return dialog.result_ctx


def pick_person(ctx: AppContext, tab: str) -> int | None:
    """A person that has something to show on ``tab`` (for screenshots without ``--person``)."""
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


def _report(message: str, headless: bool) -> None:
    if headless:
        print(message, file=sys.stderr)
        return
    QMessageBox.critical(None, _("KVP Desktop"), message)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    with contextlib.suppress(OSError):  # a read-only profile must not stop the program
        configure_logging()
    headless = args.screenshot is not None
    if headless and _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kvp-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("KVP Desktop")
    app.setOrganizationName("KVP")
    app.setWindowIcon(application_icon())

    lang = args.lang or str(app_settings().value(LANGUAGE_KEY, "nb") or "nb")
    set_language(lang if lang in LANGUAGES else "nb")
    QLocale.setDefault(QLocale(
        QLocale.Language.NorwegianNynorsk if lang == "nn" else
        QLocale.Language.English if lang == "en" else QLocale.Language.NorwegianBokmal,
        QLocale.Country.UnitedKingdom if lang == "en" else QLocale.Country.Norway,
    ))

    key = "portefolje"
    if args.tab:
        found = tab_key(args.tab)
        if found is None:
            _report(_("Ukjent fane «{navn}». Bruk Portefølje, Inngangsvilkår, Programbygger eller Utbetalinger.",
                      navn=args.tab), headless)
            return 2
        key = found

    copy = None  # an outreach copy on a laptop (issue 10): in memory, saved encrypted on every change
    if args.outreach is not None:
        from ui.outreach.open_copy import open_outreach_copy

        copy = open_outreach_copy(args.outreach, headless)
        if copy is None:
            return 1
    try:
        ctx, demo_folder = (copy.ctx, None) if copy is not None else open_database(args.database, args.demo)
    except DatabaseTooNewError as error:
        _report(str(error), headless)
        return 1
    except DatabaseDamagedError as error:
        recovered = None if headless else offer_latest_backup(error)
        if recovered is None:
            _report(str(error), headless)
            return 1
        ctx, demo_folder = recovered, None
    except ServiceError as error:
        _report(error.message, headless)
        return 1
    except Exception as error:  # an unreadable file, an unreachable server
        _report(_("Databasen kunne ikke åpnes ({feil}). Sjekk stien eller adressen og prøv igjen.",
                  feil=type(error).__name__), headless)
        return 1

    try:
        logged_in = ctx if ctx.outreach else log_in(ctx, headless)  # the copy's passphrase was the login
        if logged_in is None:
            return 0  # the caseworker cancelled the login
        ctx = logged_in
        window = MainWindow(ctx)
        if not headless and users.can_lock(ctx):
            office = get_office(ctx)
            IdleLock(window, ctx, office.idle_lock_minutes if office else 15)  # a child of the window
        window.show_tab(key)
        person_id = args.person
        if person_id is None and headless:
            person_id = pick_person(ctx, key)
        # An unknown --person has been explained in a message box; the window still opens.
        if person_id is not None and not window.select_person(person_id) and headless:
            return 1
        if headless:
            return take_screenshot(window, app, args.screenshot)
        window.show()
        start_daily_backup(ctx)
        previous_hook = sys.excepthook
        sys.excepthook = lambda _type, error, _tb: show_unexpected_error(window, error)
        try:
            return app.exec()
        finally:
            sys.excepthook = previous_hook
            window.close()
    finally:
        QThreadPool.globalInstance().waitForDone(60_000)  # let the day's backup finish first
        if copy is not None:
            copy.close()
        ctx.close()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


def take_screenshot(window: MainWindow, app: QApplication, path: Path) -> int:
    """Show the window at 1400×900, wait until the tab shows its data, save a PNG."""
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
