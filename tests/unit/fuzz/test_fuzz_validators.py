"""The form checks of services.infrastructure.validation not fuzzed in test_fuzz_inputs (required and optional
text, dates given as date objects, the masked fødselsnummer, collecting problems), and the hours
parser behind the attendance week and import. Counts: see ``fuzz_support``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvp_desktop.hours import hours_from_minutes, whole_minutes
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.infrastructure.validation import (
    EARLIEST_DATE,
    LATEST_DATE,
    Problems,
    check_date,
    check_identity_number,
    mask_identity_number,
    optional_text,
    required_text,
)
from kvp_desktop.services.programmes.attendance import parse_hours
from tests.unit.fuzz.fuzz_support import FUZZ, norwegian, report, run_nightly

TRIED: Counter[str] = Counter()
texts = st.one_of(st.none(), st.text(max_size=60), st.integers(0, 300).map(lambda n: " x" * n))


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    report(TRIED, "Fuzz-inndata prøvd (skjemakontroller)")


@FUZZ
@given(texts, st.integers(1, 300), st.booleans())
def test_required_and_optional_text(value: str | None, limit: int, required: bool) -> None:
    TRIED["tekstfelt"] += 1
    check = required_text if required else optional_text
    try:
        text = check(value, "Etternavn", limit)
    except ValueError as error:
        assert str(error).startswith("Etternavn ") and norwegian(str(error)), str(error)
        stripped = (value or "").strip()
        assert len(stripped) > limit or (required and not stripped)
    else:
        assert text == (value or "").strip() and len(text) <= limit and (text or not required)


@FUZZ
@given(st.one_of(st.none(), st.just(""), st.dates(), st.datetimes(), st.text(max_size=12),
                 st.dates().map(lambda d: d.strftime("%d.%m.%Y"))), st.booleans())
def test_dates_of_every_kind(value: object, required: bool) -> None:
    TRIED["dato (også datoobjekter)"] += 1
    try:
        found = check_date(value, "Frist", required=required)  # type: ignore[arg-type]
    except ValueError as error:
        assert str(error).startswith("Frist") and norwegian(str(error)), str(error)
    else:
        assert found is None or (type(found) is dt.date and EARLIEST_DATE <= found <= LATEST_DATE)
        assert found is not None or not required


valid_numbers = st.builds(lambda seed, born: synthetic_fodselsnummer(random.Random(seed), born, "1"),
                          st.integers(0, 2**32), st.dates(dt.date(1900, 1, 1), dt.date(2026, 11, 23)))


@FUZZ
@given(st.one_of(valid_numbers, valid_numbers.map(lambda n: f"{n[:6]} {n[6:]}"), st.text(max_size=14),
                 st.text(alphabet="0123456789 .-", max_size=16)))
def test_masked_identity_numbers_never_show_the_personal_number(text: str) -> None:
    TRIED["maskert fødselsnummer"] += 1
    masked = mask_identity_number(text)
    digits = "".join(ch for ch in text if ch.isdigit())
    assert masked.endswith("*****") and len(masked) in (11, 14)
    if len(digits) == 11:
        assert digits[6:] not in masked and masked[2] == "." and masked[5] == "."
    try:
        ident = check_identity_number(text)
    except ValueError:
        return
    assert masked == f"{ident.birth_date:%d.%m.%y} *****"


@FUZZ
@given(st.dictionaries(st.sampled_from(["fornavn", "etternavn", "postnummer", "dato"]), texts, max_size=4))
def test_problems_collect_every_message_and_raise_once(values: dict[str, str | None]) -> None:
    TRIED["skjema med flere felt"] += 1
    problems = Problems()
    results = {name: problems.check(name, required_text, value, name.capitalize(), 20)
               for name, value in values.items()}
    failed = {name for name, value in values.items() if not (value or "").strip() or len((value or "").strip()) > 20}
    assert set(problems.items) == failed
    assert all(results[name] is None for name in failed)
    if failed:
        with pytest.raises(ValidationError) as error:
            problems.raise_if_any()
        assert set(error.value.problems) == failed and norwegian(error.value.message)
    else:
        problems.raise_if_any()


@FUZZ
@given(st.one_of(
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"-?\d{1,3}([.,:]\d{1,4})?", fullmatch=True),
    st.sampled_from(["7:30", "7:3", "24:00", "23:61", "1e2", "sNaN", "Infinity", "٧,٥", "1_0", "9" * 5000, "0,001"]),
))
def test_hours(text: str) -> None:
    TRIED["timer"] += 1
    try:
        hours = parse_hours(text)
    except ValueError as error:
        assert norwegian(str(error)), str(error)
    else:  # whole minutes, in the two-decimal form the database reads back («7:20» → 7,33 → 440 minutes)
        assert isinstance(hours, Decimal) and 0 <= hours <= 24 and hours == hours.quantize(Decimal("0.01"))
        minutes = whole_minutes(hours)
        assert minutes is not None and hours_from_minutes(minutes) == hours.quantize(Decimal("0.01"))


@pytest.mark.slow
def test_nightly_validator_fuzz_runs_2000_per_check() -> None:
    """The long variant: every property above with 2 000 examples, in a fresh process."""
    output = run_nightly(__file__)
    assert "Fuzz-inndata prøvd (skjemakontroller)" in output and "sum" in output
