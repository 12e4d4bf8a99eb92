"""Synthetic fødselsnummer for demo and test data — valid numbers that are never a real person's.

They use the *H-number* form: 40 is added to the birth month (e.g. born 14.03.1999 →
``14 43 99 …``). python-stdnum accepts H-numbers as valid identity numbers (control digits and
birth date check out), but the Norwegian population register never gives an H-number to a
person as their fødselsnummer or D-nummer: they are auxiliary numbers. So no demo number can
point at a real resident. The individual number is drawn from the range that encodes the birth
century, its third digit gives the legal sex (odd: male), and the two control digits are
computed with stdnum; draws giving control digit 10 are discarded, as in the real scheme.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum.no import fodselsnummer


def synthetic_fodselsnummer(rng: random.Random, birth: dt.date, sex: str) -> str:
    """A valid synthetic identity number for someone born on ``birth`` with KOSTRA sex 1/2."""
    if 1900 <= birth.year <= 1999:
        low, high = 0, 499
    elif 2000 <= birth.year <= 2039:
        low, high = 500, 999
    else:
        raise ValueError("Syntetiske numre lages bare for fødselsår 1900–2039")
    prefix = f"{birth.day:02d}{birth.month + 40:02d}{birth.year % 100:02d}"
    while True:
        individual = rng.randint(low, high)
        if (individual % 10) % 2 != (1 if sex == "1" else 0):
            continue
        first9 = f"{prefix}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(first9)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(first9 + k1)
        if len(k2) != 1:
            continue
        return first9 + k1 + k2


def is_synthetic(number: str) -> bool:
    """True for our synthetic (H-number) form: the month digits are 41–52."""
    return len(number) == 11 and number.isdigit() and 41 <= int(number[2:4]) <= 52
