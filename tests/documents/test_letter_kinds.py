"""One table of letter kinds: the documents layer's (class, template, title, body) and the
services' (default content, table, who may issue) name the same kinds in the same order, and every
place that lists or writes letters asks it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kvp_desktop.documents import letters
from kvp_desktop.documents.model import LETTER_CLASSES, LETTER_TYPES
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.letters import kinds


def test_the_two_layers_name_the_same_kinds_in_the_same_order() -> None:
    assert tuple(kinds.KINDS) == tuple(letters.KINDS)
    assert kinds.letter_types() == letters.letter_types()
    assert set(letters.KINDS) == set(LETTER_TYPES)
    assert {kind.document for kind in letters.KINDS.values()} == set(LETTER_CLASSES)


@pytest.mark.parametrize("key", list(letters.KINDS))
def test_each_kind_is_its_documents_class_and_has_titles_in_both_standards(key: str) -> None:
    kind = kinds.kind(key)
    assert kind.document.document.letter_type == key
    assert kind.document.template == key
    nb, nn = kind.title("nb"), kind.title("nn")
    assert nb and nn
    assert kinds.letter_title(key, "nn") == nn == letters.letter_title(key, "nn")
    assert kind.permission is Permission.ISSUE_DECISION
    assert kind.table == ("certificate" if key == "deltakerbevis" else "decision")


@pytest.mark.parametrize("key", list(letters.KINDS))
def test_rendering_dispatches_on_the_kind(key: str) -> None:
    letter = sample_letter(key, "nb")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letters.render_letter(letter, "nb"))).pages)
    assert text.strip()
    # the body composer of the kind wrote something beyond the common blocks
    called: list[str] = []
    kind = letters.KINDS[key]
    original = kind.body

    def spy(w: object, doc: object) -> None:
        called.append(key)
        original(w, doc)  # type: ignore[arg-type]

    object.__setattr__(kind, "body", spy)
    try:
        letters.render_letter(letter, "nb")
    finally:
        object.__setattr__(kind, "body", original)
    assert called == [key]


def test_an_unknown_kind_is_a_norwegian_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        kinds.kind("finnes_ikke")
    assert "Ukjent brevtype: finnes_ikke" in str(caught.value.problems)
