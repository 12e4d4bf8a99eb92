"""Templates: nb and nn complete and parallel, office overrides checked when loaded."""

from __future__ import annotations

import ast
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from kvp_desktop.documents.letters import letter_types, render_letter
from kvp_desktop.documents.model import LETTER_TYPES
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.documents.templates import (
    COMMON,
    TemplateError,
    key_shape,
    load_templates,
    placeholders,
    shipped_template,
    template_names,
)


def test_one_template_per_letter_type_plus_common_in_both_standards() -> None:
    expected = tuple(sorted((*LETTER_TYPES, COMMON)))
    assert template_names("nb") == expected
    assert template_names("nn") == expected


@pytest.mark.parametrize("name", sorted((*LETTER_TYPES, COMMON)))
def test_nb_and_nn_have_the_same_keys_and_placeholders(name: str) -> None:
    nb = key_shape(shipped_template("nb", name))
    nn = key_shape(shipped_template("nn", name))
    assert nb.keys() == nn.keys()
    for key in nb:
        assert nb[key] == nn[key], f"{name}.yaml «{key}»: {sorted(nb[key])} ≠ {sorted(nn[key])}"


def test_both_acts_have_the_same_reference_slots() -> None:
    for lang in ("nb", "nn"):
        acts = shipped_template(lang, COMMON)["acts"]
        assert set(acts) == {"fvl1967", "fvl2025"}
        assert set(acts["fvl1967"]) == set(acts["fvl2025"])


def test_letter_text_is_not_in_the_python_code() -> None:
    """Norwegian sentences of the letters live in YAML: letters.py has no long string literals."""
    source = (Path(__file__).parents[2] / "kvp_desktop" / "documents" / "letters.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    sentences = [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and len(node.value.split()) >= 4 and not node.value.startswith(("Ukjent", "«"))
    ]
    assert sentences == []


def test_placeholders_are_found_and_bad_ones_refused() -> None:
    assert placeholders("Du får ${a} fra $b til ${c}. Koster $$5.") == {"a", "b", "c"}
    with pytest.raises(TemplateError):
        placeholders("pris $ 5")


def test_missing_parameter_is_a_template_error() -> None:
    t = load_templates("innvilgelse", "nb")
    with pytest.raises(TemplateError, match="plassholderen"):
        t.text("intro")
    with pytest.raises(TemplateError, match="mangler teksten"):
        t.text("finnes.ikke")


def _write(folder: Path, lang: str, name: str, text: str) -> Path:
    (folder / lang).mkdir(parents=True, exist_ok=True)
    (folder / lang / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_office_override_changes_only_the_given_keys(tmp_path: Path, text_of: Callable[[bytes], str]) -> None:
    folder = _write(tmp_path, "nb", "innvilgelse", (
        "intro: Takk for søknaden din, som kom inn ${application_date}. Velkommen til programmet!\n"
        "headings:\n  payment: Når pengene kommer\n"
    ))
    _write(folder, "nb", "common", "text:\n  closing: Beste hilsen\n")
    letter = sample_letter("innvilgelse", "nb")
    text = text_of(render_letter(letter, "nb", template_dir=folder))
    assert "Takk for søknaden din, som kom inn 3. november 2026. Velkommen til programmet!" in text
    assert "Når pengene kommer" in text and "Beste hilsen" in text
    assert "Klagefristen er tre uker" in text  # untouched keys stay
    # the shipped templates are not changed by an override
    assert "Vi viser til søknaden din" in text_of(render_letter(letter, "nb"))


@pytest.mark.parametrize(("content", "message"), [
    ("intro: Hei ${fornavn}\n", "ukjente plassholdere"),
    ("introo: Hei\n", "ukjent nøkkel"),
    ("rules: bare én tekst\n", "samme form"),
    ("headings: Overskrift\n", "samling"),
    ("intro: [1, 2]\n", "liste med tekster"),
    ("- bare\n- en liste\n", "samling nøkler"),
    ("intro: 'uavsluttet\n", "kan ikke leses"),
])
def test_bad_override_is_refused_when_loaded(tmp_path: Path, content: str, message: str) -> None:
    folder = _write(tmp_path, "nb", "avslag", content)
    with pytest.raises(TemplateError, match=message):
        load_templates("avslag", "nb", folder)


def test_override_folder_without_the_file_uses_the_shipped_text(tmp_path: Path) -> None:
    t = load_templates("avslag", "nn", tmp_path)
    assert t.text("title") == "Vedtak om avslag på søknad om kvalifiseringsprogram"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(TemplateError, match="målform"):
        load_templates("avslag", "se")


def test_templates_ship_inside_the_resources_package() -> None:
    root = resources.files("resources") / "letters"
    for lang in ("nb", "nn"):
        for letter_type in letter_types():
            assert (root / lang / f"{letter_type}.yaml").is_file()
