"""The layout cache (documents.paragraphs) changes nothing in the PDF bytes, only the time.

Every letter type in both written standards is rendered with ReportLab's own Paragraph (no
cache: parse, line breaks and drawing done every time), then with the cache cold and warm in
another order (line breaks and drawn operators replayed): the bytes must be identical. A
letter with a reason paragraph too long for one page checks the split path, which may not
change the shared cached lines.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.platypus import Paragraph

from kvp_desktop.documents import letters, paragraphs
from kvp_desktop.documents.letters import letter_types, render_letter, sha256
from kvp_desktop.documents.model import ReasonLine, RefusalLetter
from kvp_desktop.documents.samples import sample_letter


def _render_all(order: list[tuple[str, str, str | None]]) -> dict[tuple[str, str, str | None], str]:
    return {(kind, lang, name): sha256(render_letter(sample_letter(kind, lang, name), lang))  # type: ignore[arg-type]
            for kind, lang, name in order}


def _long_refusal() -> RefusalLetter:
    """An avslag whose first reason (with a <br/> and a smaller font) runs over more than a page."""
    base = sample_letter("avslag", "nb")
    assert isinstance(base, RefusalLetter)
    long_text = " ".join(f"Setning nummer {n} om søkerens situasjon, med æ, ø og å." for n in range(160))
    reasons = (ReasonLine(text=long_text, reference="sosialtjenesteloven § 29 første ledd"), *base.reasons)
    return replace(base, reasons=reasons)


def test_cached_layout_gives_the_same_bytes_as_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Sámi name has characters without a fixed font code: paragraphs with it (the certificate's
    # introduction) must never be replayed into another letter.
    order = [(kind, lang, name) for lang in ("nb", "nn") for kind in letter_types()
             for name in (None, "Máret Čuđe Ŋuolja", "Åse Løvås")]
    with monkeypatch.context() as patch:
        patch.setattr(letters, "Paragraph", Paragraph)
        plain = _render_all(order)
        plain_long = render_letter(_long_refusal())

    paragraphs.clear_cache()
    cold = _render_all(order)
    hits_after_cold, misses_after_cold = paragraphs.cache_stats()
    warm = _render_all(list(reversed(order)))
    hits, misses = paragraphs.cache_stats()

    assert cold == plain
    assert warm == plain
    assert misses == misses_after_cold, "the second round lays out nothing anew"
    assert hits > hits_after_cold
    assert paragraphs._drawn, "drawn paragraphs were remembered and replayed"
    remembered_texts = [draw_key[0][0][0] for draw_key in paragraphs._drawn]
    assert any("Løvås" in text for text in remembered_texts), "æøå have fixed codes: replayable"
    assert not any("Čuđe" in text for text in remembered_texts), "Č and đ are numbered per document"

    splits: list[int] = []
    original_split = paragraphs.LetterParagraph.split

    def counting_split(self: paragraphs.LetterParagraph, width: float, height: float) -> list[object]:
        splits.append(1)
        return original_split(self, width, height)

    monkeypatch.setattr(paragraphs.LetterParagraph, "split", counting_split)
    first = render_letter(_long_refusal())
    second = render_letter(_long_refusal())
    assert splits, "the long reason was split over a page break"
    assert first == second == plain_long
    # ...and the cached lines were not changed by the split: the normal letters still match.
    assert _render_all(order) == plain


def test_cache_is_bounded() -> None:
    paragraphs.clear_cache()
    for number in range(paragraphs.MAX_ENTRIES + 10):
        paragraphs.LetterParagraph(f"Avsnitt {number}").wrap(300, 800)
    parsed, broken = len(paragraphs._parsed), len(paragraphs._broken)
    assert parsed <= paragraphs.MAX_ENTRIES
    assert broken <= paragraphs.MAX_ENTRIES
    paragraphs.clear_cache()
