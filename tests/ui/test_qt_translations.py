"""Qt's own texts in Norwegian: standard buttons, message boxes, text-field menus, file and print dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ui.qt_translations import install_qt_translator

STANDARD = (QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Ok)
EXPECTED = {
    "nb": {"save": "Lagre", "cancel": "Avbryt", "yes": "&Ja", "no": "&Nei", "details": "Vis detaljer …",
           "open": "&Åpne", "print": "&Skriv ut", "menu": "&Kopier"},
    "nn": {"save": "Lagra", "cancel": "Avbryt", "yes": "&Ja", "no": "&Nei", "details": "Vis detaljar …",
           "open": "&Opna", "print": "&Skriv ut", "menu": "&Kopier"},
}


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    install_qt_translator("en")


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_standard_buttons_and_message_boxes_speak_norwegian(qtbot: QtBot, lang: str, english_after: None) -> None:
    assert install_qt_translator(lang)
    want = EXPECTED[lang]
    box = QDialogButtonBox(STANDARD)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == want["save"]
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == want["cancel"]
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"

    message = QMessageBox(QMessageBox.Icon.Question, "KVP Desktop", "Vil du fortsette?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    message.setDetailedText("Rapport")
    assert message.button(QMessageBox.StandardButton.Yes).text() == want["yes"]
    assert message.button(QMessageBox.StandardButton.No).text() == want["no"]
    message.show()
    texts = {b.text() for b in message.findChildren(QPushButton)}
    assert want["details"] in {t.replace("\xa0", " ") for t in texts}, texts


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_file_and_print_dialogs_and_the_text_menu(qtbot: QtBot, lang: str, english_after: None,
                                                  tmp_path: Path) -> None:
    assert install_qt_translator(lang)
    want = EXPECTED[lang]
    files = QFileDialog(None, "Åpne database", str(tmp_path))
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    qtbot.addWidget(files)
    buttons = files.findChild(QDialogButtonBox)
    assert buttons is not None
    assert buttons.button(QDialogButtonBox.StandardButton.Open).text() == want["open"]

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    labels = {b.text() for b in dialog.findChildren(QPushButton)}
    assert want["print"] in labels, labels

    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setText("tekst")
    edit.selectAll()
    menu = edit.createStandardContextMenu()
    assert want["menu"] in [a.text().split("\t")[0] for a in menu.actions()]


def test_english_has_no_translator(english_after: None) -> None:
    assert not install_qt_translator("en")
    assert QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel).button(
        QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_bokmal_catalog_is_compiled_from_its_source() -> None:
    folder = Path(__file__).resolve().parents[2] / "resources" / "qt"
    ts, qm = folder / "qtbase_nb.ts", folder / "qtbase_nb.qm"
    assert ts.is_file() and qm.is_file() and qm.stat().st_size > 5_000
    compiled = qm.read_bytes()
    for translation in ("Vis detaljer", "Overordnet mappe", "Skriv til fil (PDF)"):  # QM keeps UTF-16 text
        assert translation in ts.read_text(encoding="utf-8") and translation.encode("utf-16-be") in compiled


@pytest.mark.parametrize(("lang", "save"), [("nn", "Lagra"), ("nb", "Lagre")])
def test_the_program_installs_the_translator_for_its_language_at_start(demo_url: str, tmp_path: Path, lang: str,
                                                                       save: str, english_after: None) -> None:
    from PySide6.QtCore import QCoreApplication

    from kvp_desktop.i18n import set_language
    from ui import app

    try:
        assert app.main(["--database", demo_url, "--lang", lang, "--screenshot", str(tmp_path / "v.png")]) == 0
        assert QCoreApplication.translate("QPlatformTheme", "Save") == save
    finally:
        set_language("nb")
