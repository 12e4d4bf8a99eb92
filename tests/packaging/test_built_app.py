"""The PyInstaller build (build.spec) works on its own: the window takes screenshots of every tab, the
``kvp`` command reads parameters, creates and checks a database and writes a nynorsk letter, and all
of it comes from inside the built folder, never from the source tree or a Python environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage

from tests.support.bundle import ROOT, Bundle, run, start
from tests.support.postgres import Databases

TABS = ("Portefølje", "Inngangsvilkår", "Programbygger", "Utbetalinger")
SCREENSHOT_SIZE = (1400, 900)


@pytest.fixture(scope="module")
def screenshots(bundle: Bundle, office_pc: Path) -> dict[str, tuple[int, str, Path]]:
    """``kvp-desktop --demo --screenshot`` for every tab, started side by side: tab → (exit code, stderr, PNG)."""
    folder = office_pc / "screenshots"
    folder.mkdir()
    running = {tab: (start(bundle, office_pc, "kvp-desktop",
                           ["--demo", "--screenshot", str(folder / f"{index}.png"), "--tab", tab]),
                     folder / f"{index}.png")
               for index, tab in enumerate(TABS)}
    results = {}
    for tab, (process, png) in running.items():
        try:
            _out, err = process.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
        results[tab] = (process.returncode, err, png)
    return results


def _samples(image: QImage, step: int = 7) -> list[int]:
    return [image.pixel(x, y) for y in range(0, image.height(), step) for x in range(0, image.width(), step)]


@pytest.mark.parametrize("tab", TABS)
def test_the_built_window_takes_a_real_screenshot_of_each_tab(
    screenshots: dict[str, tuple[int, str, Path]], tab: str
) -> None:
    code, err, png = screenshots[tab]
    assert code == 0, err
    assert "Traceback" not in err, err
    image = QImage(str(png))
    assert not image.isNull(), f"{png} er ikke et bilde"
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    pixels = _samples(image)
    colours = Counter(pixels)
    # A drawn window: menus, tables and text give many colours, no single colour fills the picture,
    # and there is dark text on it.
    assert len(colours) > 40, f"bare {len(colours)} farger i {tab}"
    assert colours.most_common(1)[0][1] < 0.8 * len(pixels)
    dark = sum(1 for p in pixels if ((p >> 16 & 0xFF) + (p >> 8 & 0xFF) + (p & 0xFF)) < 200)
    assert dark > 0.005 * len(pixels), f"nesten ingen tekst i {tab}"


def test_each_tab_option_shows_a_different_tab(screenshots: dict[str, tuple[int, str, Path]]) -> None:
    pictures = {tab: _samples(QImage(str(png))) for tab, (code, _err, png) in screenshots.items() if code == 0}
    assert len(pictures) == len(TABS)
    tabs = list(pictures)
    for i, first in enumerate(tabs):
        for second in tabs[i + 1:]:
            differing = sum(1 for a, b in zip(pictures[first], pictures[second], strict=True) if a != b)
            assert differing > 0.05 * len(pictures[first]), f"{first} og {second} ser like ut"


def test_the_built_console_reads_the_shipped_parameters(bundle: Bundle, office_pc: Path) -> None:
    done = run(bundle, office_pc, "kvp", ["rates", "--date", "2025-06-01", "--json"])
    assert done.returncode == 0, done.stderr
    rates = json.loads(done.stdout)
    assert rates["g"] == 130160
    assert rates["full_rate"] == 265657  # 2,041 G, stl. § 35
    assert rates["sources"]["g"]["source"] == "FOR-2025-05-23-837 § 1"

    version = run(bundle, office_pc, "kvp", ["--version"])
    assert version.returncode == 0 and version.stdout.startswith("kvp "), version.stdout + version.stderr


def test_the_built_console_check_reports_an_empty_default_database(bundle: Bundle, office_pc: Path) -> None:
    """Plain ``kvp check``: the default database in the (private) user data folder is new and empty."""
    done = run(bundle, office_pc, "kvp", ["check"])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FEIL: Databasen er tom" in done.stdout
    database_line = done.stdout.splitlines()[0]
    assert database_line.startswith("Database: ") and str(office_pc) in database_line  # the user's folder


def test_the_built_console_creates_and_checks_a_demo_database(bundle: Bundle, office_pc: Path) -> None:
    url = f"sqlite:///{office_pc / 'demo-cli.db'}"
    created = run(bundle, office_pc, "kvp", ["--database", url, "demo"])
    assert created.returncode == 0, created.stderr
    assert "Demokontoret er opprettet: 60 personer" in created.stdout
    checked = run(bundle, office_pc, "kvp", ["--database", url, "check"])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert "Integritetskontroll: ok" in lines
    assert "Personer: 60" in lines
    assert any(line.startswith("Skjemaversjon: ") and line.endswith("(nyeste)") for line in lines)  # migrations
    assert lines[-1] == "Resultat: OK"


@pytest.mark.postgres
def test_the_built_console_upgrades_and_checks_a_postgresql_database(
    bundle: Bundle, office_pc: Path, pg_databases: Databases
) -> None:
    """The bundled psycopg driver and the migrations work on the shared office's PostgreSQL too."""
    url = pg_databases.create()
    upgraded = run(bundle, office_pc, "kvp", ["--database", url, "migrate", "upgrade"])
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert "Databasen er på nyeste skjemaversjon" in upgraded.stdout
    checked = run(bundle, office_pc, "kvp", ["--database", url, "check"])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert "Tilkobling: ok" in lines
    assert "Personer: 0" in lines
    assert lines[-1] == "Resultat: OK"


def test_the_built_console_writes_a_nynorsk_letter_with_the_bundled_fonts(bundle: Bundle, office_pc: Path) -> None:
    pdf = office_pc / "innvilgelse-nn.pdf"
    done = run(bundle, office_pc, "kvp", ["letter", "preview", "innvilgelse", "--lang", "nn", "--out", str(pdf)])
    assert done.returncode == 0, done.stderr
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Sakshandsamar" in text  # nynorsk template ("Saksbehandler" in bokmål)
    assert "kvalifiseringsprogrammet" in text.casefold()
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("NotoSans" in name for name in fonts), fonts


def _data_files(package: str) -> set[str]:
    """The package's data files relative to the repository root, as build.spec collects them."""
    found = set()
    for path in (ROOT / package).rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(ROOT).as_posix()
        if path.suffix not in {".py", ".pyc"} or relative.startswith("kvp_desktop/store/migrations/"):
            found.add(relative)
    return found


def test_every_data_file_is_inside_the_built_folder(bundle: Bundle) -> None:
    expected = _data_files("kvp_desktop") | _data_files("resources")
    assert {"kvp_desktop/parameters/g.yaml", "resources/fonts/NotoSans-Regular.ttf",
            "resources/letters/nn/innvilgelse.yaml", "resources/locale/nb/LC_MESSAGES/kvp.po",
            "resources/help/brukerveiledning.md", "resources/icons/kvp-desktop.svg",
            "kvp_desktop/store/migrations/versions/0001_initial_schema.py"} <= expected
    missing = sorted(name for name in expected if not (bundle.contents / name).is_file())
    assert not missing, f"mangler i bygget: {missing}"


@contextmanager
def _hidden(path: Path) -> Iterator[None]:
    """Move a folder of the built program aside for a moment."""
    aside = path.with_name(path.name + ".aside")
    os.rename(path, aside)
    try:
        yield
    finally:
        os.rename(aside, path)


def test_the_built_programs_read_their_data_from_the_built_folder(bundle: Bundle, office_pc: Path) -> None:
    """With a data folder moved out of the build, the programs fail: they do not fall back on the
    source tree (the working folder is outside it, and no PYTHONPATH points there)."""
    with _hidden(bundle.contents / "kvp_desktop" / "parameters"):
        rates = run(bundle, office_pc, "kvp", ["rates", "--date", "2025-06-01", "--json"])
    assert rates.returncode != 0, rates.stdout
    assert "130160" not in rates.stdout

    pdf = office_pc / "without-fonts.pdf"
    with _hidden(bundle.contents / "resources" / "fonts"):
        letter = run(bundle, office_pc, "kvp", ["letter", "preview", "innvilgelse", "--out", str(pdf)])
    assert letter.returncode != 0
    assert not pdf.exists()

    # Put back, the same commands work again.
    assert run(bundle, office_pc, "kvp", ["rates", "--date", "2025-06-01", "--json"]).returncode == 0


def test_the_built_programs_log_to_the_users_folder_without_personal_data(
    screenshots: dict[str, tuple[int, str, Path]], office_pc: Path
) -> None:
    """The window runs above wrote their log where the program keeps it, with no unmasked fødselsnummer."""
    text = "".join(path.read_text(encoding="utf-8") for path in (office_pc / "logs").glob("kvp.log*"))
    assert text.strip(), "de bygde programmene skrev ingen logg"
    assert not re.findall(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)", text)
