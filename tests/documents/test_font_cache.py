"""The remembered font subsets (documents.fonts): same bytes cold and warm, shared across names."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from kvp_desktop.documents import fonts
from kvp_desktop.documents.layout import FONT, register_fonts
from kvp_desktop.documents.letters import render_letter
from kvp_desktop.documents.samples import sample_letter

from .conftest import pdf_text


def test_cold_and_warm_font_caches_give_the_same_bytes() -> None:
    fonts.clear_cache()
    cold = render_letter(sample_letter("innvilgelse", "nn", "Máret Čuđe Ŋuolja"), "nn")
    warm = render_letter(sample_letter("innvilgelse", "nn", "Máret Čuđe Ŋuolja"), "nn")
    assert cold == warm
    assert "Máret Čuđe Ŋuolja" in pdf_text(warm)


def test_names_with_aeoeaa_in_another_order_share_one_subset(tmp_path: Path) -> None:
    register_fonts()
    regular = pdfmetrics.getFont(FONT)
    assert isinstance(regular, fonts.LetterFont)
    render_letter(sample_letter("avslag", "nb", "Åse Løvås"))
    made = regular.subsets_made.made
    names = ("Bjørn Ødegård", "Kjærsti Sæther", "Øystein Åsheim")
    pdfs = [render_letter(sample_letter("avslag", "nb", name)) for name in names]
    assert regular.subsets_made.made == made, "æøå have fixed codes, so the subset is the same"
    for name, pdf in zip(names, pdfs, strict=True):
        assert name in pdf_text(pdf)
        path = tmp_path / "brev.pdf"
        path.write_bytes(pdf)
        listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
        embedded = [line for line in listing.splitlines() if "NotoSans" in line]
        assert embedded and all(" yes yes yes " in line for line in embedded)


def test_remembered_text_runs_do_not_leak_between_letters() -> None:
    """A letter rendered after many others (warm caches) is byte-identical to one rendered cold."""
    fonts.clear_cache()
    cold = render_letter(sample_letter("stans", "nb", "Máret Čuđe Ŋuolja"))
    for kind, name in (("innvilgelse", "Åse Løvås"), ("avslag", "Bjørn Ødegård"), ("deltakerbevis", "Ola Nordmann")):
        render_letter(sample_letter(kind, "nn", name), "nn")
    assert render_letter(sample_letter("stans", "nb", "Máret Čuđe Ŋuolja")) == cold
