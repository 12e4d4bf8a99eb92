"""``kvp-desktop``: options, screenshots of each tab, and refusing a database it must not open."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from kvp_desktop.services.infrastructure.context import open_context
from tests.support.event_loop import real_event_loop
from ui import app
from ui.location import describe_database
from ui.main_window import MainWindow, tab_key


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


@pytest.mark.parametrize("tab", ["Portefølje", "Inngangsvilkår", "Programbygger", "Utbetalinger"])
def test_screenshot_of_each_tab_on_a_demo_office(tmp_path: Path, tab: str) -> None:
    png = tmp_path / f"{tab_key(tab)}.png"
    assert app.main(["--demo", "--screenshot", str(png), "--tab", tab]) == 0
    assert png.stat().st_size > 20_000
    image = QImage(str(png))
    assert (image.width(), image.height()) == app.SCREENSHOT_SIZE
    assert _distinct_colours(image) > 20  # text, tables and colours, not one flat surface


def test_the_program_draws_its_window_in_the_shipped_noto_sans(tmp_path: Path) -> None:
    from PySide6.QtGui import QFontInfo

    from ui.fonts import FAMILY

    assert app.main(["--demo", "--screenshot", str(tmp_path / "p.png")]) == 0
    font = QApplication.font()
    assert font.family() == FAMILY and QFontInfo(font).family() == FAMILY


def test_screenshot_of_a_given_database_person_and_language(tmp_path: Path, demo_url: str) -> None:
    png = tmp_path / "en.png"
    assert app.main(["--database", demo_url, "--screenshot", str(png), "--tab", "INNGANGSVILKAR",
                     "--person", "1", "--lang", "en"]) == 0
    assert QImage(str(png)).width() == 1400


def test_unknown_tab_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--demo", "--screenshot", str(tmp_path / "x.png"), "--tab", "Vedtak"]) == 2
    assert "Ukjent fane «Vedtak»" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_unknown_person_is_refused_in_norwegian(
    tmp_path: Path, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert app.main(["--database", demo_url, "--screenshot", str(tmp_path / "x.png"), "--person", "99999"]) == 1
    assert shown == ["Personen finnes ikke (lenger) i registeret."]


def _too_new(path: Path) -> str:
    url = f"sqlite:///{path}"
    open_context(url).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_fra_framtiden'")
    return url


def test_a_database_from_a_newer_program_is_refused_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _too_new(tmp_path / "ny.db")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: shown.append(text) or 0)
    assert app.main(["--database", url]) == 1
    assert len(shown) == 1 and "nyere versjon av KVP Desktop" in shown[0]


def test_a_newer_database_in_screenshot_mode_goes_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _too_new(tmp_path / "ny.db")
    assert app.main(["--database", url, "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "nyere versjon av KVP Desktop" in capsys.readouterr().err


def test_default_database_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fra-miljoet.db"
    monkeypatch.setenv("KVP_DATABASE_URL", f"sqlite:///{target}")
    assert app.main(["--screenshot", str(tmp_path / "x.png")]) == 0
    assert target.is_file()  # created and migrated


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Portefølje", "portefolje"), ("portefolje", "portefolje"), ("PORTEFØLJE", "portefolje"),
     ("Inngangsvilkår", "inngangsvilkar"), ("inngangsvilkar", "inngangsvilkar"),
     ("Programbygger", "programbygger"), (" utbetalinger ", "utbetalinger"), ("Vedtak", None)],
)
def test_tab_names_with_or_without_norwegian_letters(typed: str, key: str | None) -> None:
    assert tab_key(typed) == key


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:////home/kari/.local/share/KVP Desktop/kvp.db", "kvp.db"),
        ("sqlite:///C:\\Users\\kari\\AppData\\kvp.db", "kvp.db"),
        ("sqlite:///relative/demo.db", "demo.db"),
        ("sqlite://", ":memory:"),
        ("postgresql+psycopg://kvp:hemmelig@db.kontor.local:5432/kvp_faerder", "db.kontor.local/kvp_faerder"),
        ("postgresql://db.kontor.local/kvp", "db.kontor.local/kvp"),
        ("/tmp/plain/path.db", "path.db"),
    ],
)
def test_database_location_never_shows_a_password(url: str, shown: str) -> None:
    assert describe_database(url) == shown
    assert "hemmelig" not in describe_database(url)


def test_the_window_icon_is_drawn_from_the_bundled_svg() -> None:
    icon = app.application_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64 and _distinct_colours(image, step=4) >= 3  # blue, white, yellow


def _shown_window() -> MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())


def _exec_until_ready(inspect: Callable[[MainWindow], int]) -> Callable[[], int]:
    """A stand-in for ``QApplication.exec``: the real event loop, ended when the window has its
    database and tabs (``MainWindow.ready``) with the code ``inspect`` returns, or by the start-up itself."""

    def run() -> int:
        window = _shown_window()
        assert not window.is_ready  # shown first, filled in after
        # Inspected on the next turn of the loop: the start-up chooses the person right after ``ready``.
        window.ready.connect(lambda: QTimer.singleShot(0, lambda: QApplication.exit(inspect(window))))
        return real_event_loop(code_on_limit=99)

    return run


def test_interactive_start_shows_the_window_on_the_chosen_tab_and_person(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int | None, str]] = []

    def inspect(window: MainWindow) -> int:
        seen.append((window.tabs.tabText(window.tabs.currentIndex()).replace("&", ""), window.person_id,
                     window.user_label.text()))
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(_exec_until_ready(inspect)))
    assert app.main(["--database", demo_url, "--tab", "programbygger", "--person", "3"]) == 0
    assert seen == [("Programbygger", 3, "Bruker: Jonas Bergersen (demo.saksbehandler)")]


def test_the_window_is_shown_while_the_database_opens(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    frames: list[tuple[bool, str, list[str]]] = []

    def look_before_loading() -> int:
        window = _shown_window()
        frames.append((window.isVisible(), window.tabs.tabText(0),
                       [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]))  # type: ignore[union-attr]
        return _exec_until_ready(lambda ready: len(ready.pages()))()

    monkeypatch.setattr(QApplication, "exec", staticmethod(look_before_loading))
    assert app.main(["--database", demo_url]) == 4  # the four real tabs replaced the waiting pages
    assert frames == [(True, "Portefølje", ["waitingPage"] * 4)]


def test_interactive_start_with_an_unknown_person_still_opens(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(_exec_until_ready(lambda _window: 7)))
    assert app.main(["--database", demo_url, "--person", "99999"]) == 7
    assert shown == ["Personen finnes ikke (lenger) i registeret."]


def test_a_damaged_database_offers_the_latest_backup_and_keeps_the_damaged_file(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.services.office import backups
    from kvp_desktop.store.db import sqlite_path

    path = sqlite_path(demo_url)
    assert path is not None
    ctx = open_context(demo_url)
    backups.make_backup(ctx)
    ctx.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path.write_bytes(path.read_bytes()[:5000])
    damaged = path.read_bytes()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: told.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]) or 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(_exec_until_ready(lambda window: 0)))
    assert app.main(["--database", demo_url]) == 0
    assert "er skadet" in told[0] and "ny database" in told[1]
    assert path.read_bytes() == damaged
    assert list(path.parent.glob("*-gjenopprettet-*.db"))


# --- the window-mode Windows program has no console (sys.stdout and sys.stderr are None) ----------------


@pytest.fixture
def no_console(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """As a windowed PyInstaller exe on Windows: nothing to print to. Message boxes are recorded.

    ``main`` is wrapped so the streams are taken away while it runs (pytest puts its own capture
    streams back between a fixture and the test)."""
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append((box.icon().name, box.text())) or 0)
    real_main = app.main

    def main_without_console(argv: list[str]) -> int:
        with monkeypatch.context() as inner:
            inner.setattr("sys.stdout", None)
            inner.setattr("sys.stderr", None)
            return real_main(argv)

    monkeypatch.setattr(app, "main", main_without_console)
    return boxes


def _log_text() -> str:
    from ui.console import log_file

    return log_file().read_text(encoding="utf-8")


def test_help_without_a_console_is_shown_in_a_message_box(no_console: list[tuple[str, str]]) -> None:
    assert app.main(["--help"]) == 0
    assert len(no_console) == 1
    icon, text = no_console[0]
    assert icon == "Information"
    assert "--screenshot" in text and "--database" in text
    assert "skrives til loggen" in text and "kvp.log" in text


def test_a_wrong_option_without_a_console_is_shown_and_exits_2(no_console: list[tuple[str, str]]) -> None:
    assert app.main(["--finnes-ikke"]) == 2
    assert [icon for icon, _text in no_console] == ["Critical"]
    assert "--finnes-ikke" in no_console[0][1]


def test_a_screenshot_error_without_a_console_goes_to_the_log(
    tmp_path: Path, no_console: list[tuple[str, str]]
) -> None:
    assert app.main(["--demo", "--screenshot", str(tmp_path / "x.png"), "--tab", "Vedtak"]) == 2
    assert no_console == []  # screenshot mode never waits for anyone to click
    assert "Ukjent fane «Vedtak»" in _log_text()
