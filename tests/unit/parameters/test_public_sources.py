"""The rates screen and the letters cite public sources only: no internal notes, test constants or
source code named as the source of a value that moves money."""

from __future__ import annotations

from importlib import resources

from kvp_desktop.parameters import load_parameters

INTERNAL = ("kvp_rules", "testkonstant", "åpent spørsmål", "navikt", "kildekode", "seed 0", "digest")


def test_every_parameter_cites_public_sources() -> None:
    params = load_parameters()
    for name in params.names():
        parameter = params.parameter(name)
        texts = [parameter.description, parameter.documentation, *parameter.references]
        for value in parameter.values:
            texts += [value.source, value.note or ""]
        found = [(name, word) for text in texts for word in INTERNAL if word in text]
        assert found == []


def test_letter_templates_cite_public_sources() -> None:
    root = resources.files("resources") / "letters"
    for folder in ("nb", "nn", "case_texts"):
        for item in (root / folder).iterdir():
            text = item.read_text(encoding="utf-8")
            assert [word for word in INTERNAL if word in text] == [], item.name
