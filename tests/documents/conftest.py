"""Helpers for letter tests: render once per (type, language), extract text with pypdf."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from kvp_desktop.documents.letters import render_letter
from kvp_desktop.documents.model import Letter
from kvp_desktop.documents.samples import sample_letter

_cache: dict[tuple[str, str], bytes] = {}


def normalize(text: str) -> str:
    """Non-breaking and thin spaces become spaces; runs of whitespace (line breaks) one space."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return normalize("\n".join(page.extract_text() or "" for page in reader.pages))


def render_text(letter: Letter, lang: str | None = None) -> str:
    return pdf_text(render_letter(letter, lang))  # type: ignore[arg-type]


@pytest.fixture
def sample_pdf() -> Callable[[str, str], bytes]:
    """The sample letter of a type in a language, rendered once per test session."""

    def get(letter_type: str, lang: str) -> bytes:
        key = (letter_type, lang)
        if key not in _cache:
            _cache[key] = render_letter(sample_letter(letter_type, lang), lang)  # type: ignore[arg-type]
        return _cache[key]

    return get


@pytest.fixture
def text_of() -> Callable[[bytes], str]:
    """Extract the normalized text of PDF bytes."""
    return pdf_text


@pytest.fixture
def letter_text() -> Callable[..., str]:
    """Render a DTO and return its normalized text."""
    return render_text
