"""``kvp letter``: via main([...]) and once as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from kvp_desktop.cli.main import main
from kvp_desktop.documents.letters import letter_types


def test_types_lists_every_letter_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letter", "types"]) == 0
    out = capsys.readouterr().out
    for letter_type in letter_types():
        assert letter_type in out
    assert "Vedtak om kvalifiseringsprogram og kvalifiseringsstønad" in out
    assert main(["letter", "types", "--lang", "nn"]) == 0
    assert "Vedtak om forlenging av kvalifiseringsprogrammet" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_preview_writes_the_letter_with_the_given_name(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], text_of: Callable[[bytes], str]
) -> None:
    out = tmp_path / "brev.pdf"
    name = "Biret Ánde Ŧuođđa Žáŋ"
    assert main(["letter", "preview", "avslag", "--lang", lang, "--name", name, "--out", str(out)]) == 0
    text = text_of(out.read_bytes())
    assert name in text
    assert ("Klagefristen er tre uker" if lang == "nb" else "Klagefristen er tre veker") in text
    assert "SHA-256" in capsys.readouterr().out


def test_preview_of_every_type(tmp_path: Path) -> None:
    for letter_type in letter_types():
        out = tmp_path / f"{letter_type}.pdf"
        assert main(["letter", "preview", letter_type, "--out", str(out)]) == 0
        assert out.read_bytes().startswith(b"%PDF-")


def test_unknown_type_and_unwritable_file_are_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letter", "preview", "brev", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "Ukjent brevtype «brev»" in capsys.readouterr().err
    assert main(["letter", "preview", "stans", "--out", str(tmp_path / "mangler" / "x.pdf")]) == 1
    assert "Kan ikke skrive" in capsys.readouterr().err
    assert main(["letter"]) == 2


def test_preview_as_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "innvilgelse.pdf"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "kvp_desktop.cli.main", "letter", "preview", "innvilgelse", "--lang", "nn",
         "--name", "Máret Čuđe Ŋuolja", "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert "Máret Čuđe Ŋuolja" in text
    assert "Statsforvaltaren i Vestland" in text.replace("\n", " ")
