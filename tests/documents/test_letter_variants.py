"""The optional parts of letters: refused leave, under-25 rate, no children, unchanged allowance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from kvp_desktop.documents.model import ExtensionLetter, GrantLetter, LeaveLetter, NoIndividualPlanLetter
from kvp_desktop.documents.samples import sample_letter


@pytest.mark.parametrize(("lang", "title", "absence"), [
    ("nb", "Vedtak om avslag på søknad om permisjon fra kvalifiseringsprogrammet", "ugyldig fravær"),
    ("nn", "Vedtak om avslag på søknad om permisjon frå kvalifiseringsprogrammet", "ugyldig fråvær"),
])
def test_refused_leave(lang: str, title: str, absence: str, letter_text: Callable[..., str]) -> None:
    letter = sample_letter("permisjon", lang)  # type: ignore[arg-type]
    assert isinstance(letter, LeaveLetter)
    text = letter_text(replace(letter, granted=False, new_end_date=None), lang)
    assert title in text and absence in text
    assert "11. juni 2027" not in text


def test_leave_without_allowance(letter_text: Callable[..., str]) -> None:
    letter = sample_letter("permisjon", "nb")
    assert isinstance(letter, LeaveLetter)
    text = letter_text(replace(letter, with_allowance=False))
    assert "Du får ikke kvalifiseringsstønad mens du har permisjon." in text


@pytest.mark.parametrize(("lang", "under_25", "one_month"), [
    ("nb", "Fordi du er under 25 år, får du to tredjedeler av full stønad", "Vedtaket gjelder for 1 måned."),
    ("nn", "Fordi du er under 25 år, får du to tredjedelar av full stønad", "Vedtaket gjeld for 1 månad."),
])
def test_grant_under_25_without_children(lang: str, under_25: str, one_month: str,
                                         letter_text: Callable[..., str]) -> None:
    letter = sample_letter("innvilgelse", lang)  # type: ignore[arg-type]
    assert isinstance(letter, GrantLetter)
    text = letter_text(replace(letter, under_25_rate=True, children=0, duration_months=1, calculation=()), lang)
    assert under_25 in text and one_month in text
    assert "Barnetillegget er" not in text
    assert "Grunnlag" not in text  # no calculation table


def test_extension_without_amounts_says_the_allowance_continues(letter_text: Callable[..., str]) -> None:
    letter = sample_letter("forlengelse", "nn")
    assert isinstance(letter, ExtensionLetter)
    text = letter_text(replace(letter, annual_amount=None, monthly_amount=None))
    assert "Kvalifiseringsstønaden held fram som før." in text
    assert "278 697 kr" not in text


def test_no_plan_without_a_request_and_with_your_reference(letter_text: Callable[..., str]) -> None:
    letter = sample_letter("ikke_individuell_plan", "nb")
    assert isinstance(letter, NoIndividualPlanLetter)
    text = letter_text(replace(letter, request_date=None, case=replace(letter.case, your_reference="ADV-77")))
    assert "ba om å få en individuell plan" not in text
    assert "Deres referanse" in text and "ADV-77" in text


def test_user_text_with_markup_characters_is_printed_as_is(letter_text: Callable[..., str]) -> None:
    letter = sample_letter("stans", "nb")
    text = letter_text(replace(letter, participant_comments="Jeg var syk <fra> 1 & 2 dager; se \"vedlegg\"."))
    assert "Jeg var syk <fra> 1 & 2 dager; se \"vedlegg\"." in text
