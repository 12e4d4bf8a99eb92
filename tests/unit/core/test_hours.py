"""Hours in two decimals and whole minutes in the database stay in step."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kvp_desktop.hours import hours_from_minutes, whole_minutes


def test_every_minute_of_a_day_has_one_two_decimal_form_and_back() -> None:
    forms = [hours_from_minutes(minute) for minute in range(24 * 60 + 1)]
    assert len(set(forms)) == len(forms)
    assert all(whole_minutes(form) == minute for minute, form in enumerate(forms))


@pytest.mark.parametrize(
    ("hours", "minutes"),
    [("7.5", 450), ("7.33", 440), ("7.3333333333", None), ("0.02", 1), ("7.34", None), ("7.001", None),
     ("24", 1440), ("0", 0)],
)
def test_whole_minutes(hours: str, minutes: int | None) -> None:
    assert whole_minutes(Decimal(hours)) == minutes
