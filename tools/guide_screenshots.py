"""Make the user guide's screenshots with the program itself, so they show the current version.

    .venv/bin/python tools/guide_screenshots.py           # every picture
    .venv/bin/python tools/guide_screenshots.py kontor    # only the first start, office and users
"""

import os
import subprocess
import sys
from pathlib import Path

TABS = {"portefolje": "Portefølje", "inngangsvilkar": "Inngangsvilkår", "programbygger": "Programbygger",
        "utbetalinger": "Utbetalinger"}

GUIDE_WIDTH = 840  # the guide's pane is about 860 pixels wide


def office_shots(folder: Path) -> None:
    """The first start on a new database, the office set-up and the user administration, drawn by the
    program's own dialogs on a throw-away database with invented names."""
    import tempfile

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QWidget

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.services.office import settings as office
    from kvp_desktop.services.office import users
    from ui.qt_translations import install_qt_translator
    from ui.settings.login import FirstAdminDialog, LoginDialog
    from ui.settings.office_setup import OfficeSetupDialog
    from ui.settings.users_dialog import NewUserDialog, UsersDialog

    app = QApplication.instance() or QApplication([])
    install_qt_translator("nb")
    password = "eksempel-passord-1"

    def save(widget: QWidget, name: str) -> None:
        widget.show()
        for _round in range(5):
            app.processEvents()
        image = widget.grab().toImage()
        if image.width() > GUIDE_WIDTH:
            image = image.scaledToWidth(GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation)
        image.save(str(folder / f"{name}.png"))
        widget.close()
        print(folder / f"{name}.png")

    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(f"sqlite:///{Path(tmp) / 'nytt-kontor.db'}")
        first = FirstAdminDialog(ctx)
        first.full_name.setText("Ada Administrator")
        first.password.setText(password)
        first.repeated.setText(password)
        save(first, "forste-oppstart")
        users.create_first_admin(ctx, "admin", "Ada Administrator", password, password)
        admin = users.login(ctx, "admin", password)

        setup = OfficeSetupDialog(admin)
        values = {"office_name": "NAV Eksempelby", "municipality_name": "Eksempelby", "municipality_number": "3905",
                  "county": "Vestfold", "address": "Postboks 2400", "postcode": "3104", "postplace": "Eksempelby",
                  "phone": "55 55 33 33", "org_number": "974760674"}
        for field, value in values.items():
            setup.edits[field].setText(value)
        setup.save()  # one digit wrong in the org.nr.: the error summary and the message by the field
        save(setup, "kontor-oppsett")
        setup.edits["org_number"].setText("974760673")
        office.create_office(admin, setup.form_input())

        for full_name, username, role in (("Siri Saksbehandler", "siri", "saksbehandler"),
                                          ("Arne Attestant", "arne", "attestant"), ("Lise Leder", "lise", "leder"),
                                          ("Vera Veileder", "vera", "veileder")):
            users.create_user(admin, username, full_name, role, password)
        new = NewUserDialog(admin)
        new.full_name.setText("Kari Nordmann")
        new.username.setText("kari.nordmann")
        new.role.setCurrentIndex(new.role.findData("saksbehandler"))
        save(new, "ny-bruker")
        listing = UsersDialog(admin)
        listing.resize(820, 420)
        listing.select_username("vera")
        save(listing, "brukere")
        login = LoginDialog(ctx, "NAV Eksempelby")
        login.username.setText("siri")
        save(login, "logg-inn")
        ctx.close()


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "resources" / "help" / "bilder"
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    os.environ.setdefault("QT_QPA_PLATFORM", env["QT_QPA_PLATFORM"])
    office_shots(folder)
    if sys.argv[1:] == ["kontor"]:
        raise SystemExit(0)
    for name, tab in TABS.items():
        target = folder / f"{name}.png"
        subprocess.run([sys.executable, "-m", "ui", "--demo", "--screenshot", str(target), "--tab", tab], check=True,
                       env=env)
        # The guide's pane is about 860 pixels wide; scale the 1400-pixel window to fit.
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QImage

        QImage(str(target)).scaledToWidth(GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation).save(str(target))
        print(target)
    # The case flow's windows (person form, next step, «Opprett program», «Mine oppgaver»).
    from guide_caseflow import make as make_case_flow

    make_case_flow(folder)
