"""Bad input never reaches the user as a crash: every parser and form check either accepts the
input or refuses it with its own Norwegian error. Hypothesis generates the inputs.

Examples per test: ``KVP_FUZZ_EXAMPLES`` (default 300; the nightly variant marked ``slow`` runs
5 000 per test). The count tried is printed at the end of the run (``-s`` or ``-rA``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvp_desktop.exports.kostra11cf.validator import check_file
from kvp_desktop.i18n import parse_date
from kvp_desktop.money import MoneyError, parse_amount
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.scenario import parse_scenario
from kvp_desktop.services.infrastructure.validation import check_date, check_identity_number, check_postcode

EXAMPLES = int(os.environ.get("KVP_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRIED: Counter[str] = Counter()

NORWEGIAN_HINTS = ("må", "ikke", "mangler", "gyldig", "kan", "skal", "er ", "Beløpet", "dato", "Fødsels")

digits_like = st.one_of(
    st.text(alphabet="0123456789 -.", max_size=14),
    st.text(max_size=20),
    st.from_regex(r"[0-7]\d[0-5]\d\d\d \d{5}", fullmatch=True),
)


def _norwegian(message: str) -> bool:
    return bool(message.strip()) and any(hint in message for hint in NORWEGIAN_HINTS)


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    print("\nFuzz-inndata prøvd:", dict(TRIED), "sum", sum(TRIED.values()))


@FUZZ
@given(digits_like)
def test_identity_number(text: str) -> None:
    TRIED["fødselsnummer"] += 1
    try:
        found = check_identity_number(text, dt.date(2026, 11, 23))
    except ValueError as error:
        assert _norwegian(str(error)), str(error)
    else:
        assert len(found.number) == 11 and found.birth_date <= dt.date(2026, 11, 23)


@FUZZ
@given(st.one_of(st.text(max_size=16), st.from_regex(r"\d{1,2}\.\d{1,2}\.\d{1,5}", fullmatch=True),
                 st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True)))
def test_dates(text: str) -> None:
    TRIED["dato"] += 1
    try:
        parse_date(text)
    except ValueError as error:
        assert "gyldig dato" in str(error)
    try:
        check_date(text, "Startdato", required=False)
    except ValueError as error:
        assert str(error).startswith("Startdato")


@FUZZ
@given(st.one_of(st.text(max_size=20), st.decimals(allow_nan=True, allow_infinity=True, places=None),
                 st.integers(), st.from_regex(r"-?[\d ]{1,9}(,\d{1,3})?( kr)?", fullmatch=True)))
def test_amounts(value: object) -> None:
    TRIED["beløp"] += 1
    try:
        amount = parse_amount(value)  # type: ignore[arg-type]
    except MoneyError as error:
        assert _norwegian(str(error)), str(error)
    else:
        assert isinstance(amount, Decimal) and amount == amount.quantize(Decimal("0.01"))


@FUZZ
@given(st.text(max_size=8))
def test_postcode(text: str) -> None:
    TRIED["postnummer"] += 1
    try:
        assert len(check_postcode(text)) in (0, 4)
    except ValueError as error:
        assert "fire siffer" in str(error)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12)
    | st.sampled_from(["2026-05-01", "2026-13-01", "1999-03-14", "7.5", "-3", "3000.00"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["participant", "programme", "period", "birth_date", "children", "start", "end", "from",
                         "to", "invalid_absence", "paid_work", "other_benefits", "date", "hours", "type",
                         "amount", "recovery_deduction", "x"]), children, max_size=5),
    max_leaves=20,
)


@FUZZ
@given(json_values)
def test_scenario_files(document: object) -> None:
    TRIED["scenariofil"] += 1
    try:
        parse_scenario(json.loads(json.dumps(document)))
    except RulesInputError as error:
        assert str(error).strip()


@FUZZ
@given(st.one_of(st.binary(max_size=400),
                 st.lists(st.text(alphabet="0123456789 ABCæøå\t", min_size=0, max_size=160), max_size=4).map(
                     lambda lines: "\r\n".join(lines).encode("latin-1", "replace"))))
def test_kostra_check_input(content: bytes) -> None:
    TRIED["KOSTRA-fil"] += 1
    report = check_file(content, 2026)
    assert report.record_count >= 0
    for finding in report.findings:
        assert finding.message.strip()


@pytest.mark.slow
def test_nightly_fuzz_runs_many_more_examples() -> None:
    """The long variant: the same properties with 5 000 examples each, in a fresh process."""
    import subprocess
    import sys

    env = {**os.environ, "KVP_FUZZ_EXAMPLES": "5000"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-s", __file__,
                             "-m", "not slow"], env=env, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "sum" in result.stdout
