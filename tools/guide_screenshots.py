"""Make the user guide's screenshots with the program itself, so they show the current version.

    .venv/bin/python tools/guide_screenshots.py
"""

import os
import subprocess
import sys
from pathlib import Path

TABS = {"portefolje": "Portefølje", "inngangsvilkar": "Inngangsvilkår", "programbygger": "Programbygger",
        "utbetalinger": "Utbetalinger"}

if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "resources" / "help" / "bilder"
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for name, tab in TABS.items():
        target = folder / f"{name}.png"
        subprocess.run([sys.executable, "-m", "ui", "--demo", "--screenshot", str(target), "--tab", tab], check=True,
                       env=env)
        # The guide's pane is about 860 pixels wide; scale the 1400-pixel window to fit.
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QImage

        QImage(str(target)).scaledToWidth(840, Qt.TransformationMode.SmoothTransformation).save(str(target))
        print(target)
    # The case flow's windows (person form, next step, «Opprett program», «Mine oppgaver»).
    from guide_caseflow import make as make_case_flow

    make_case_flow(folder)
