"""The appeal route has one home (``rules.appeal``): for every combination of failed § 29
criteria the conclusion dialog, the refusal draft and the refusal letter name the same body."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kvp_desktop.documents.model import RefusalLetter
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.documents.templates import load_templates
from kvp_desktop.i18n import translate
from kvp_desktop.rules import appeal
from kvp_desktop.rules.entry_conditions import Criterion
from kvp_desktop.services.letters.default_content import refusal_reasons
from kvp_desktop.services.screening import screening

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = tuple(Criterion)
COMBINATIONS = [combo for size in range(1, len(CRITERIA) + 1) for combo in itertools.combinations(CRITERIA, size)]
BODIES = {"nb": ("Statsforvalteren i Vestland", "NAV klageinstans"),
          "nn": ("Statsforvaltaren i Vestland", "NAV klageinstans")}


def _failed(combo: tuple[Criterion, ...]) -> tuple[tuple[str, str, str, bool], ...]:
    """The failed criteria as the screening's conclusion passes them to the refusal draft."""
    return tuple((screening.LABELS[c], "Begrunnelse.", "stl. § 29", appeal.rests_on_14a(c)) for c in combo)


def _letter(combo: tuple[Criterion, ...], lang: str) -> RefusalLetter:
    letter = sample_letter("avslag", lang)  # type: ignore[arg-type]
    assert isinstance(letter, RefusalLetter)
    return replace(letter, reasons=refusal_reasons(_failed(combo), lang))  # type: ignore[arg-type]


def _expected(combo: tuple[Criterion, ...]) -> str:
    has_14a = Criterion.WORK_ABILITY_ASSESSMENT in combo
    if has_14a and len(combo) == 1:
        return "nav_klageinstans"
    return "both" if has_14a else "statsforvalteren"


def test_every_combination_of_failed_criteria_gives_one_route_in_dialog_draft_and_letter() -> None:
    assert len(COMBINATIONS) == 2 ** len(CRITERIA) - 1
    for combo in COMBINATIONS:
        expected = _expected(combo)
        dialog = screening.appeal_route(c.value for c in combo)  # what the conclusion dialog shows
        assert dialog == expected, combo
        assert screening.APPEAL_ROUTES[dialog] == appeal.LABELS[expected]
        for lang in ("nb", "nn"):
            letter = _letter(combo, lang)
            assert letter.appeal_route == expected, (combo, lang)
            text = load_templates("avslag", lang).text(f"text.appeal_{letter.appeal_route}",
                                                       complaint_reference="x", statsforvalter="«SF»")
            dialog_text = translate(screening.APPEAL_ROUTES[dialog], lang)
            # The dialog and the letter name the same bodies.
            assert ("NAV klageinstans" in text) == ("NAV klageinstans" in dialog_text), combo
            assert ("«SF»" in text) == ("Statsforvalteren" in screening.APPEAL_ROUTES[dialog]), combo


_RENDERED = [(Criterion.WORK_ABILITY_ASSESSMENT,), (Criterion.AGE,), (Criterion.SUITABLE_PROGRAMME,),
             (Criterion.WORK_ABILITY_ASSESSMENT, Criterion.OTHER_BENEFITS),
             (Criterion.WORK_ABILITY_ASSESSMENT, Criterion.REDUCED_CAPACITY, Criterion.CLOSE_COORDINATED_HELP),
             CRITERIA]


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("combo", _RENDERED, ids=lambda c: "+".join(x.value for x in c))
def test_the_printed_letter_names_the_route_the_dialog_showed(
    combo: tuple[Criterion, ...], lang: str, letter_text: Callable[..., str]
) -> None:
    text = letter_text(_letter(combo, lang), lang)
    statsforvalter, klageinstans = BODIES[lang]
    route = screening.appeal_route(c.value for c in combo)
    assert (klageinstans in text) == (route in ("nav_klageinstans", "both"))
    assert (statsforvalter in text) == (route in ("statsforvalteren", "both"))


def test_no_appeal_route_is_decided_outside_rules() -> None:
    """No other module compares failed criteria or § 14 a flags to pick a complaint body."""
    offenders = []
    for path in [*(ROOT / "kvp_desktop").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        if path.parts[-2] == "rules" and path.name == "appeal.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in ("nav_klageinstans", "both"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
