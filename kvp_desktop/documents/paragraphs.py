"""A ReportLab paragraph that remembers its parse, line breaks and drawing across letters.

Most of a decision letter is standing text: the complaint, access and postponement blocks,
the reductions list, headings and labels are the same in every letter an office sends. Parsing
that markup, breaking it into lines and turning the lines into PDF operators is most of
ReportLab's work per letter, and the result depends only on the markup, the style, the width and
(for the operators) the names the document gave its fonts. :class:`LetterParagraph` keeps these
results in small process-wide caches, so a batch of 1 000 letters lays out and draws each
standing paragraph once; paragraphs with the person's own dates and amounts are done anew.

The cached objects are shared by every paragraph with the same key and must stay unchanged.
ReportLab changes them only when it splits a paragraph over a page break (it may append a
space to a word of the cut line), so :meth:`LetterParagraph.split` hands the split to a freshly
parsed, uncached :class:`~reportlab.platypus.Paragraph`. Drawing only reads them. Drawn
operators are replayed only under the conditions in :meth:`LetterParagraph.draw`. The output is
byte-for-byte what plain ``Paragraph`` produces (tested in ``tests/documents``).
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from kvp_desktop.documents.fonts import LetterFont

# Entries, not bytes: a letter has about 80 paragraphs; a few thousand keep the standing text of
# every letter type in both written standards with room for the varying ones of a batch.
MAX_ENTRIES = 4096

_lock = threading.Lock()
_parsed: dict[tuple[str, ParagraphStyle, Any], tuple[str, ParagraphStyle, list[Any], Any]] = {}
_broken: dict[tuple[tuple[str, ParagraphStyle, Any], float, float], tuple[Any, float]] = {}
_drawn: dict[tuple[Any, ...], tuple[str, ...]] = {}
_counts = {"hits": 0, "misses": 0}  # line breaks taken from the cache / worked out anew


def _remember(store: dict[Any, Any], key: Any, value: Any) -> None:
    with _lock:
        if len(store) >= MAX_ENTRIES:
            store.clear()  # a batch of very different letters: start over rather than grow
        store[key] = value


def clear_cache() -> None:
    """Forget every remembered parse and line break (tests, template changes)."""
    with _lock:
        _parsed.clear()
        _broken.clear()
        _drawn.clear()
        _counts.update(hits=0, misses=0)


def cache_stats() -> tuple[int, int]:
    """(hits, misses) of the line-break cache since the last :func:`clear_cache`."""
    return _counts["hits"], _counts["misses"]


class LetterParagraph(Paragraph):
    """A :class:`~reportlab.platypus.Paragraph` for letter text whose layout is cached by content."""

    _cache_key: tuple[str, ParagraphStyle, Any] | None = None

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is not None or not isinstance(text, str) or cleaner is not cleanBlockQuotedText:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, style, bulletText)
        found = _parsed.get(key)
        if found is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            made = self.__dict__
            _remember(_parsed, key, (made["text"], made["style"], made["frags"], made["bulletText"]))
        else:
            self.__dict__.update(text=found[0], style=found[1], frags=found[2], bulletText=found[3], debug=0)
        self._cache_key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        key = self._cache_key
        if key is None or self.__dict__.get("_splitpara"):
            return super().wrap(availWidth, availHeight)
        style = self.style
        first = availWidth - (style.leftIndent + style.firstLineIndent) - style.rightIndent
        later = availWidth - style.leftIndent - style.rightIndent
        broken_key = (key, first, later)
        self._broken_key = broken_key
        found = _broken.get(broken_key)
        if found is None:
            _counts["misses"] += 1
            width, height = super().wrap(availWidth, availHeight)
            if width == availWidth:  # not the "cannot fit here" answer for a tiny width
                _remember(_broken, broken_key, (self.__dict__["blPara"], height))
            return width, height
        _counts["hits"] += 1
        self.width = availWidth
        self._wrapWidths = [first, later]
        self.blPara, self.height = found
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if self._cache_key is None:
            return super().split(availWidth, availHeight)
        # ReportLab may change the line objects while splitting: let an uncached twin do it.
        text, style, bulletText = self._cache_key
        twin = Paragraph(text, style, bulletText=bulletText)
        for name in ("autoLeading", "allowOrphans", "allowWidows"):
            if name in self.__dict__:
                setattr(twin, name, self.__dict__[name])
        twin.wrap(availWidth, availHeight)
        return twin.split(availWidth, availHeight)

    def draw(self) -> None:
        """Draw, or replay the PDF operators this paragraph made last time in the same setting.

        What ``drawPara`` writes is relative to the paragraph's origin (``drawOn`` moves there
        first) and, in our letters, depends only on the lines, the style and the names the
        document gave its fonts. It is replayed only when the fonts are :class:`LetterFont` with
        the same names in this document and every character had a fixed code when it was recorded;
        the canvas state is saved and restored around it, so nothing else changes.
        """
        key = self._cache_key
        canvas = self.canv
        doc = canvas._doc
        mapping = doc.fontMapping
        if key is None or "_broken_key" not in self.__dict__:
            super().draw()
            return
        draw_key = (self._broken_key, self.width, self.height, tuple(mapping.items()))
        found = _drawn.get(draw_key)
        if found is not None:
            canvas._code.extend(found)
            return
        used = [pdfmetrics.getFont(name) for name in mapping]
        if not all(isinstance(font, LetterFont) for font in used):
            super().draw()
            return
        unfixed = sum(font.unfixed_splits for font in used)
        fonts_before = len(mapping)
        code = canvas._code
        start = len(code)
        super().draw()
        if len(mapping) == fonts_before and sum(font.unfixed_splits for font in used) == unfixed:
            _remember(_drawn, draw_key, tuple(code[start:]))
