"""Fødselsnummer as SSB's kontrollprogram reads them (``SsnValidationUtils``), and masking.

SSB accepts an 11-digit number when the two modulo-11 control digits are right (it does not check
that the first six digits are a real date, so D-numbers and synthetic test numbers pass), or when
the number is a birth date followed by one of the "adapted" endings ``00100`` (man), ``00200``
(woman) or ``99999`` (unknown), which municipalities use when the real number is not known.

Never print a whole fødselsnummer: use :func:`mask` (``ddmmåå*****``).
"""

from __future__ import annotations

import calendar
import datetime as dt

ADAPTED_SUFFIXES = frozenset({"00100", "00200", "99999"})
_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _is_digits(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


def check_digits(first_nine: str) -> str:
    """The two control digits for nine digits (``ddmmåå`` + individual number); ``ValueError`` when
    no valid pair exists (the first control digit would be 10)."""
    if not _is_digits(first_nine, 9):
        raise ValueError("Trenger ni sifre")
    digits = [int(char) for char in first_nine]
    k1 = (11 - sum(d * w for d, w in zip(digits, _WEIGHTS_1[:9], strict=True)) % 11) % 11
    if k1 == 10:
        raise ValueError("Ingen gyldig første kontrollsiffer for disse sifrene")
    digits.append(k1)
    k2 = (11 - sum(d * w for d, w in zip(digits, _WEIGHTS_2[:10], strict=True)) % 11) % 11
    if k2 == 10:
        raise ValueError("Ingen gyldig andre kontrollsiffer for disse sifrene")
    return f"{k1}{k2}"


def is_modulo11_valid(value: str) -> bool:
    """Both weighted sums (control digits included) are divisible by 11, as SSB checks."""
    if not _is_digits(value, 11):
        return False
    digits = [int(char) for char in value]
    first = sum(d * w for d, w in zip(digits[:10], _WEIGHTS_1, strict=True))
    second = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True))
    return first % 11 == 0 and second % 11 == 0


def lenient_date(day: int, month: int, year: int) -> dt.date | None:
    """A date read like Java's default ("smart") parser: day 1–31 and month 1–12 are accepted, and
    a day past the end of the month is moved back to the month's last day (31.04 → 30.04)."""
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1 <= year <= 9999):
        return None
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _ddmmyy(value: str) -> dt.date | None:
    """``ddMMyy`` in 2000–2099, as Java parses a two-digit year."""
    return lenient_date(int(value[0:2]), int(value[2:4]), 2000 + int(value[4:6]))


def _minus_years(value: dt.date, years: int) -> dt.date:
    year = value.year - years
    return value.replace(year=year, day=min(value.day, calendar.monthrange(year, value.month)[1]))


def birth_date(value: str, reporting_year: int) -> dt.date | None:
    """The birth date SSB reads from an 11-digit number (D-number and synthetic months understood),
    or ``None``. The control digits are not checked here."""
    if not _is_digits(value, 11):
        return None
    if value[6:] in ADAPTED_SUFFIXES:
        date = _ddmmyy(value)
        if date is None:
            return None
        return _minus_years(date, 100) if date > dt.date(reporting_year + 1, 12, 31) else date
    first = int(value[0])
    third = int(value[2])
    converted = str(first - 4 if first > 3 else first) + value[1] + str(third - 8 if third >= 8 else third) + value[3:]
    date = _ddmmyy(converted)
    if date is None:
        return None
    individual = int(converted[6:9])
    two_digit_year = int(converted[4:6])
    if 500 <= individual <= 999 and two_digit_year <= 39:
        return date
    if 500 <= individual <= 749 and two_digit_year >= 54:
        return _minus_years(date, 200)
    if individual <= 499 or 900 <= individual <= 999:
        return _minus_years(date, 100)
    return date


def is_valid(value: str, reporting_year: int) -> bool:
    """SSB's acceptance test (``isValidSocialSecurityIdOrDnr``)."""
    if not _is_digits(value, 11):
        return False
    if is_modulo11_valid(value):
        return True
    return value[6:] in ADAPTED_SUFFIXES and birth_date(value, reporting_year) is not None


def age_in_years(value: str, reporting_year: int) -> int | None:
    """SSB's age: the reporting year minus the birth year read from the number."""
    born = birth_date(value, reporting_year)
    return None if born is None else reporting_year - born.year


def mask(value: str | None) -> str | None:
    """``"01018512345"`` → ``"010185*****"``; ``None`` for a blank value. Never the whole number."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) < 6:
        return "*" * len(text)
    return text[:6] + "*****"
