"""Form checks in services.infrastructure.validation: the cases fuzzing found (tests/unit/fuzz/)."""

from __future__ import annotations

import datetime as dt

import pytest

from kvp_desktop.services.infrastructure.validation import check_date, check_postcode


@pytest.mark.parametrize("value", ["31.12.9999", "9999-12-31", "0001-01-01", dt.date(9999, 12, 31),
                                   dt.datetime(1899, 12, 31, 12, 0)])
def test_dates_far_outside_any_case_are_refused(value: object) -> None:
    """31.12.9999 passed and overflowed when the rules added a deadline to it (OverflowError)."""
    with pytest.raises(ValueError, match=r"^AAP avsluttet: datoen må være mellom 1900 og 2199"):
        check_date(value, "AAP avsluttet")  # type: ignore[arg-type]


def test_dates_at_the_edges_and_datetimes_are_accepted() -> None:
    assert check_date("01.01.1900", "Dato") == dt.date(1900, 1, 1)
    assert check_date(dt.datetime(2199, 12, 31, 23, 59), "Dato") == dt.date(2199, 12, 31)
    assert check_date("", "Dato", required=False) is None


@pytest.mark.parametrize("value", ["²²²²", "٣١٤٠", "3 40"])
def test_postcodes_are_four_ascii_digits(value: str) -> None:
    """"²²²²".isdigit() is true: it was saved as a postcode."""
    with pytest.raises(ValueError, match="fire siffer"):
        check_postcode(value)
    assert check_postcode(" 0314 ") == "0314"


@pytest.mark.parametrize(("typed", "stored"), [("1234.56.78903", "12345678903"), (" 1234 56 78903 ", "12345678903"),
                                               ("", "")])
def test_a_kontonummer_is_stored_as_eleven_digits(typed: str, stored: str) -> None:
    from kvp_desktop.services.infrastructure.validation import check_bank_account

    assert check_bank_account(typed) == stored


@pytest.mark.parametrize(("typed", "message"), [("1234.56.78901", "kontrollsifferet"), ("12345", "11 siffer"),
                                                ("١٢٣٤٥٦٧٨٩٠٣", "11 siffer"), ("1234.56.7890x", "11 siffer")])
def test_a_kontonummer_with_a_wrong_control_digit_or_length_is_refused(typed: str, message: str) -> None:
    """Mod 11 (python-stdnum ``no.kontonr``): a mistyped digit is caught before anything is saved."""
    from kvp_desktop.services.infrastructure.validation import check_bank_account

    with pytest.raises(ValueError, match=message):
        check_bank_account(typed)
