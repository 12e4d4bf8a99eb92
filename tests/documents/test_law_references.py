"""The forvaltningsloven switch (1967 act → LOV-2025-06-20-81) and the appeal route."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from kvp_desktop.documents.model import ReasonLine, RefusalLetter, StopNoticeLetter
from kvp_desktop.documents.samples import DECISION_DATE, sample_letter
from kvp_desktop.documents.templates import ACT_1967, ACT_2025, act_for

OLD_REFS = {
    "nb": ("forvaltningsloven § 29", "forvaltningsloven §§ 18 og 19", "forvaltningsloven § 42",
           "forvaltningsloven §§ 24 og 25"),
    "nn": ("forvaltningslova § 29", "forvaltningslova §§ 18 og 19", "forvaltningslova § 42",
           "forvaltningslova §§ 24 og 25"),
}
NEW_REFS = {
    "nb": ("forvaltningsloven (2025) § 63", "forvaltningsloven (2025) § 46", "forvaltningsloven (2025) § 59",
           "forvaltningsloven (2025) §§ 56 og 57"),
    "nn": ("forvaltningslova (2025) § 63", "forvaltningslova (2025) § 46", "forvaltningslova (2025) § 59",
           "forvaltningslova (2025) §§ 56 og 57"),
}


def test_act_for_switches_on_the_in_force_date() -> None:
    day = dt.date(2027, 1, 1)
    assert act_for(day, None) == ACT_1967
    assert act_for(day, day + dt.timedelta(days=1)) == ACT_1967
    assert act_for(day, day) == ACT_2025
    assert act_for(day, day - dt.timedelta(days=1)) == ACT_2025


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize(
    ("in_force", "new_act"),
    [
        (None, False),
        (DECISION_DATE + dt.timedelta(days=1), False),
        (DECISION_DATE, True),
        (dt.date(2026, 7, 1), True),
    ],
)
def test_decision_letters_cite_the_act_in_force_on_the_decision_date(
    lang: str, in_force: dt.date | None, new_act: bool, letter_text: Callable[..., str]
) -> None:
    letter = replace(sample_letter("stans", lang), new_fvl_in_force=in_force)  # type: ignore[arg-type]
    text = letter_text(letter, lang)
    expected, absent = (NEW_REFS, OLD_REFS) if new_act else (OLD_REFS, NEW_REFS)
    for reference in expected[lang]:
        assert reference in text
    for reference in absent[lang]:
        assert reference not in text
    # the deadline itself does not change with the act
    assert ("Klagefristen er tre uker" if lang == "nb" else "Klagefristen er tre veker") in text


@pytest.mark.parametrize(("in_force", "reference"), [(None, "forvaltningsloven § 16"),
                                                     (DECISION_DATE, "forvaltningsloven (2025) § 42")])
def test_advance_notice_cites_the_notice_rule_of_the_act_in_force(
    in_force: dt.date | None, reference: str, letter_text: Callable[..., str]
) -> None:
    letter = sample_letter("forhandsvarsel_stans", "nb")
    assert isinstance(letter, StopNoticeLetter)
    text = letter_text(replace(letter, new_fvl_in_force=in_force), "nb")
    assert reference in text
    assert text.count(reference) >= 2  # in the rules list and in "Dette er ikke et vedtak"


def _refusal(lang: str, flags: tuple[bool, ...]) -> RefusalLetter:
    letter = sample_letter("avslag", lang)  # type: ignore[arg-type]
    assert isinstance(letter, RefusalLetter)
    reasons = tuple(ReasonLine(text=f"Grunn {i}", reference="sosialtjenesteloven § 29", rests_on_14a=flag)
                    for i, flag in enumerate(flags))
    return replace(letter, reasons=reasons)


@pytest.mark.parametrize(
    ("flags", "route"),
    [((True,), "nav_klageinstans"), ((True, True), "nav_klageinstans"), ((True, False), "both"),
     ((False,), "statsforvalteren"), ((), "statsforvalteren")],
)
def test_appeal_route_follows_the_14a_flags(flags: tuple[bool, ...], route: str) -> None:
    assert _refusal("nb", flags).appeal_route == route


@pytest.mark.parametrize(
    ("lang", "body", "klageinstans"),
    [("nb", "Statsforvalteren i Vestland", "NAV klageinstans"), ("nn", "Statsforvaltaren i Vestland",
                                                                  "NAV klageinstans")],
)
def test_refusal_names_the_right_appeal_body(
    lang: str, body: str, klageinstans: str, letter_text: Callable[..., str]
) -> None:
    only_14a = letter_text(_refusal(lang, (True,)), lang)
    assert klageinstans in only_14a and body not in only_14a
    none_14a = letter_text(_refusal(lang, (False,)), lang)
    assert body in none_14a and klageinstans not in none_14a
    both = letter_text(_refusal(lang, (True, False)), lang)
    assert body in both and klageinstans in both
