"""``kvp kostra11cf --check`` grows linearly with the number of records.

A file with thousands of copies of one person used to be quadratic (the duplicate rule named every
other journal in every finding: 16 000 records 6,7 s, 64 000 records 180 s). Counting the Python
function calls the check makes is exact and independent of the machine's load; the slow variant
also times it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from kvp_desktop.exports.kostra11cf import check_text
from tests.unit.exports.test_kostra11cf_rules import line_of, synthetic_fnr, valid_record

YEAR = 2026


def _file(records: int, *, same_person: bool) -> str:
    """``records`` lines: all the same person (the worst case), or distinct persons half of them twice."""
    import datetime as dt

    if same_person:
        line = line_of(valid_record(YEAR), YEAR)
        return (line + "\r\n") * records
    lines = []
    for index in range(records):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=(index // 2) % 12000)
        lines.append(line_of(valid_record(YEAR, PERSON_FODSELSNR=synthetic_fnr(born),
                                          PERSON_JOURNALNR=f"J{index:07d}", FODSELSDATO=born), YEAR))
    return "".join(line + "\r\n" for line in lines)


def _calls(action: Callable[[], Any]) -> int:
    count = 0

    def profile(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("same_person", [True, False], ids=["én-person", "ulike-personer"])
def test_four_times_the_records_cost_about_four_times_the_work(same_person: bool) -> None:
    small, large = _file(400, same_person=same_person), _file(1600, same_person=same_person)
    check_text(small, YEAR, "3401")  # warm caches (layout, imports) before counting
    work_small = _calls(lambda: check_text(small, YEAR, "3401"))
    work_large = _calls(lambda: check_text(large, YEAR, "3401"))
    assert work_large <= 4.5 * work_small, (work_small, work_large)


@pytest.mark.slow
def test_timed_growth_is_linear_for_a_large_file() -> None:
    timings = []
    for records in (16_000, 64_000):
        text = _file(records, same_person=True)
        started = time.perf_counter()
        report = check_text(text, YEAR, "3401")
        timings.append(time.perf_counter() - started)
        assert report.record_count == records
    assert timings[1] <= 6 * timings[0] + 1.0, timings
