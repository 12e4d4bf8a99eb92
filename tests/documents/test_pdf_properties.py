"""The PDF itself: embedded font, metadata, determinism, window-envelope position, rendering."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kvp_desktop.documents.layout import (
    ADDRESS_LEFT_MM,
    FONT_FILES,
    WINDOW_HEIGHT_MM,
    WINDOW_LEFT_MM,
    WINDOW_TOP_MM,
    WINDOW_WIDTH_MM,
)
from kvp_desktop.documents.letters import letter_types, render_letter, sha256
from kvp_desktop.documents.model import Recipient
from kvp_desktop.documents.samples import SAMPLE_NAME, sample_letter

PAGE_HEIGHT_PT = 841.89


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("letter_type", ["innvilgelse", "deltakerbevis"])
def test_pdffonts_shows_noto_embedded_and_nothing_else(
    letter_type: str, lang: str, sample_pdf: Callable[[str, str], bytes], tmp_path: Path
) -> None:
    path = tmp_path / "brev.pdf"
    path.write_bytes(sample_pdf(letter_type, lang))
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in output.splitlines()[2:] if line.strip()]
    assert rows, output
    for row in rows:
        name, emb = row[0], row[-5]
        assert "NotoSans" in name, output
        assert emb == "yes", output
    assert any("NotoSans-Bold" in row[0] for row in rows)


def test_fonts_are_shipped_with_the_licence() -> None:
    from importlib import resources

    folder = resources.files("resources") / "fonts"
    for filename in FONT_FILES.values():
        data = (folder / filename).read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00"  # TrueType
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2015 Google LLC" in licence


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("letter_type", letter_types())
def test_same_dto_gives_identical_bytes(letter_type: str, lang: str) -> None:
    letter = sample_letter(letter_type, lang)  # type: ignore[arg-type]
    first = render_letter(letter, lang)  # type: ignore[arg-type]
    second = render_letter(sample_letter(letter_type, lang), lang)  # type: ignore[arg-type]
    assert first == second
    assert sha256(first) == sha256(second)
    assert re.fullmatch(r"[0-9a-f]{64}", sha256(first))


def test_a_changed_name_changes_the_hash() -> None:
    letter = sample_letter("innvilgelse", "nb")
    other = replace(letter, recipient=replace(letter.recipient, name="Áile Ŧ. Sara"))
    assert sha256(render_letter(letter)) != sha256(render_letter(other))


def test_bytes_do_not_depend_on_the_clock_or_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    letter = sample_letter("stans", "nn")
    before = render_letter(letter)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render_letter(letter) == before


def test_dtos_are_frozen() -> None:
    letter = sample_letter("innvilgelse", "nb")
    with pytest.raises(FrozenInstanceError):
        letter.recipient = Recipient(name="x", address_lines=(), postal_code="", postal_place="")  # type: ignore[misc]


@pytest.mark.parametrize(("lang", "tag", "title"), [
    ("nb", "nb-NO", "Vedtak om forlengelse av kvalifiseringsprogrammet"),
    ("nn", "nn-NO", "Vedtak om forlenging av kvalifiseringsprogrammet"),
])
def test_pdf_metadata(lang: str, tag: str, title: str, sample_pdf: Callable[[str, str], bytes]) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf("forlengelse", lang)))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == title
    assert meta.author == "NAV Fjordvik"
    assert meta.creator == "KVP Desktop"
    assert meta.subject and "orleng" in meta.subject
    assert meta.creation_date is not None
    assert meta.creation_date.date() == dt.date(2026, 12, 1)
    assert reader.trailer["/Root"]["/Lang"] == tag


def test_letter_language_defaults_to_the_office_written_standard(text_of: Callable[[bytes], str]) -> None:
    letter = sample_letter("avslag", "nn")
    assert letter.office.written_standard == "nn"
    assert "Klagefristen er tre veker" in text_of(render_letter(letter))
    with pytest.raises(ValueError, match="målform"):
        render_letter(letter, "en")  # type: ignore[arg-type]


def _text_positions(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x in mm from left, y in mm from top) of each text run on a page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x / mm, (PAGE_HEIGHT_PT - y) / mm))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("letter_type", ["innvilgelse", "forhandsvarsel_stans", "deltakerbevis"])
def test_recipient_block_sits_in_the_envelope_window(
    letter_type: str, sample_pdf: Callable[[str, str], bytes]
) -> None:
    positions = _text_positions(sample_pdf(letter_type, "nb"))
    wanted = [SAMPLE_NAME, "c/o Åse Løvås", "Kjærlighetsstien 7 B", "5999 Fjordvik"]
    for line in wanted:
        hits = [(x, y) for text, x, y in positions if text == line]
        assert hits, f"fant ikke «{line}» som egen linje"
        x, y = hits[0]
        assert WINDOW_LEFT_MM + 2 <= x <= WINDOW_LEFT_MM + WINDOW_WIDTH_MM - 20
        assert abs(x - ADDRESS_LEFT_MM) < 0.5
        assert WINDOW_TOP_MM + 5 <= y <= WINDOW_TOP_MM + WINDOW_HEIGHT_MM - 3, (line, y)
    # and the letter text starts below the window
    title_y = [y for text, _x, y in positions if text.startswith(("Vedtak om", "Forhåndsvarsel", "Deltakerbevis"))]
    assert title_y and min(title_y) > WINDOW_TOP_MM + WINDOW_HEIGHT_MM


def test_long_address_lines_are_cut_to_fit_the_window(text_of: Callable[[bytes], str]) -> None:
    letter = sample_letter("stans", "nb")
    long_line = "Langgata " + "x" * 120
    many = replace(letter.recipient, address_lines=(long_line, "b", "c", "d", "e", "f"))
    data = render_letter(replace(letter, recipient=many))
    positions = _text_positions(data)
    cut = [text for text, _x, _y in positions if text.startswith("Langgata")]
    assert cut and cut[0].endswith("…") and len(cut[0]) < len(long_line)
    assert not any(text == "f" for text, _x, _y in positions)  # at most six lines in the window


def test_page_numbers_count_all_pages(sample_pdf: Callable[[str, str], bytes], text_of: Callable[[bytes], str]) -> None:
    data = sample_pdf("innvilgelse", "nb")
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages >= 2
    text = text_of(data)
    for number in range(1, pages + 1):
        assert f"Side {number} av {pages}" in text
    assert "NAV Fjordvik – vår referanse 2026/1234-7" in text  # running head on later pages


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_letter_rasterizes_with_pdftoppm(lang: str, sample_pdf: Callable[[str, str], bytes],
                                               tmp_path: Path) -> None:
    for letter_type in letter_types():
        data = sample_pdf(letter_type, lang)
        pdf = tmp_path / f"{letter_type}.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / letter_type)], check=True)
        pngs = sorted(tmp_path.glob(f"{letter_type}-*.png"))
        assert len(pngs) == len(PdfReader(io.BytesIO(data)).pages)
        assert all(png.stat().st_size > 1000 for png in pngs)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_sami_letter_survives_extraction(lang: str, text_of: Callable[[bytes], str]) -> None:
    sami = "á č đ ŋ š ŧ ž Á Č Đ Ŋ Š Ŧ Ž"
    name = "Ánne " + sami.replace(" ", "")
    letter = sample_letter("deltakerbevis", lang)  # type: ignore[arg-type]
    letter = replace(letter, recipient=replace(letter.recipient, name=name), participant_name=name,
                     participant_statement=f"Sámegiella: {sami}. Æ Ø Å æ ø å.")
    text = text_of(render_letter(letter))
    assert text.count(name) >= 2  # window and certificate body
    assert f"Sámegiella: {sami}. Æ Ø Å æ ø å." in text
