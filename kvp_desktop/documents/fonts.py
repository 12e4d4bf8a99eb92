"""Noto Sans for ReportLab, with the per-document font work remembered across documents.

ReportLab embeds a TrueType font as subsets: for every PDF it numbers the characters the
document uses (ASCII keeps its own codes, the others get codes in the order they first appear),
builds a small font file with those glyphs, compresses it and writes a width array. Letters from
one office use nearly the same characters, so this is nearly always the same work as for the
previous letter. :class:`LetterFont`

* gives the usual non-ASCII characters of Norwegian letters (:data:`SEED_CHARACTERS`) fixed
  codes at the start of every document, so letters to different names number æøå alike (their
  glyphs are then in the subset even when a letter does not use them: a few hundred bytes);
* remembers subsets, their compressed font files and width arrays by their exact content;
* remembers how a drawn string splits into subset codes when every character in it has a fixed
  code (characters like the Sámi Č and đ are numbered per document and never remembered).

Apart from the seeded glyphs, the PDF bytes are those of ReportLab's plain ``TTFont``
(tests/documents/test_font_cache.py).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

# Per font: distinct subsets kept. A batch of letters needs one or two; a mixed run a few more.
MAX_SUBSETS = 32
# Per font: distinct drawn strings (text lines, labels) whose encoding is remembered.
MAX_SPLITS = 16384

# Characters of Norwegian letter text outside ASCII, given codes first in every document. The
# codes of the others follow the order they appear in, and the recipient's name comes early on
# page 1: without this, "Åse Løvås" and "Bjørn Ødegård" would number æøå differently and every
# letter would need its own subset.
SEED_CHARACTERS = "åøæÅØÆ§–•«»×÷é"

_lock = threading.Lock()


class _Remembered:
    """A small bounded map (cleared when full: the working set of a batch is tiny)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: dict[Any, Any] = {}
        self.made = 0  # how often the work was done (not found)

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        found = self.items.get(key)
        if found is None:
            self.made += 1
            found = make()
            with _lock:
                if len(self.items) >= self.limit:
                    self.items.clear()
                self.items[key] = found
        return found


class _RememberedFlate:
    """ReportLab's FlateDecode stream filter, remembering the compressed font files."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._done = _Remembered(MAX_SUBSETS * 4)

    def encode(self, data: bytes) -> bytes:
        return self._done.get(data, lambda: zlib.compress(data))

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_FLATE = _RememberedFlate()
_WIDTHS = _Remembered(MAX_SUBSETS * 4)
_ALL: list[_Remembered] = [_FLATE._done, _WIDTHS]


def clear_cache() -> None:
    """Forget every remembered subset, compressed font file and width array (tests)."""
    with _lock:
        for remembered in _ALL:
            remembered.items.clear()


class _WidthArray(pdfdoc.PDFArray):
    """A font's /Widths array, written once per distinct content."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        return _WIDTHS.get(tuple(self.sequence), lambda: super(_WidthArray, self).format(document, IND))


class LetterFont(TTFont):
    """A ReportLab ``TTFont`` that remembers its subsets (see the module docstring)."""

    def __init__(self, name: str, source: Any) -> None:
        super().__init__(name, source)
        face = self.face
        make_subset = face.makeSubset
        subsets = self.subsets_made = _Remembered(MAX_SUBSETS)
        _ALL.append(subsets)

        def remembered_subset(subset: list[int]) -> bytes:
            return subsets.get(tuple(subset), lambda: make_subset(subset))

        face.makeSubset = remembered_subset
        self._seeded: Any = None  # the document last given its SEED_CHARACTERS (kept alive until the next)
        self._fixed: frozenset[int] | None = None  # characters with the same code in every document
        self._split = _Remembered(MAX_SPLITS)  # drawn text → its (subset, bytes) runs
        self.unfixed_splits = 0  # text drawn with a character whose code depends on the document
        _ALL.append(self._split)

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        if doc is not self._seeded:
            if doc not in self.state:
                super().splitString(SEED_CHARACTERS, doc)
                if self._fixed is None:
                    self._fixed = frozenset((*self.state[doc].assignments, 0xA0))  # 0xA0 is drawn as a space
            self._seeded = doc
        found = self._split.items.get(text)
        if found is not None:
            return found
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        # Only text whose every character has a fixed code (ASCII and SEED_CHARACTERS) splits the
        # same way in every document, and splitting it changes nothing in the document's state.
        if self._fixed is not None and self._fixed.issuperset(map(ord, text)):
            self._split.get(text, lambda: result)
        else:
            self.unfixed_splits += 1
        return result

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        names = [] if state is None else [self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name in names:
            pdf_font = fonts[name]
            pdf_font.Widths = _WidthArray(pdf_font.Widths.sequence)
            descriptor = doc.idToObject[pdf_font.FontDescriptor.name]
            font_file = doc.idToObject[descriptor.dict["FontFile2"].name]
            if font_file.filters == [pdfdoc.PDFZCompress]:
                font_file.filters = [_FLATE]
