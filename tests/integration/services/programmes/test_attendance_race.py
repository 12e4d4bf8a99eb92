"""Attendance edits are never silently undone: two users edit the same participant's week, one
after the other and at the same moment (threads and processes), on SQLite and PostgreSQL.

Both load the week first. A sets Monday to unauthorised absence; B, whose sheet is older, adds a
note on Wednesday (different days: both must be kept) or on Monday too (the same day: the later
save must be refused with the conflict message). An edit is *silently lost* when its save said
«lagret» but the value is not in the database afterwards; that count must be 0.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.errors import ConflictError
from kvp_desktop.services.infrastructure.locking import RecordConflictError
from kvp_desktop.services.programmes import attendance
from tests.support import payout_race as race

DEFAULT_PAIRS = 24
SLOW_PAIRS = 1000
ABSENT = Decimal("7.5")


def _edits(index: int) -> tuple[race.Edit, race.Edit]:
    a = race.Edit(0, invalid_absence=ABSENT)
    b = race.Edit(2 if index % 2 == 0 else 0, note=f"B var her {index}")
    return a, b


def _lost(ctx: AppContext, programme_id: int, edits: tuple[race.Edit, race.Edit], results: list[str]) -> int:
    stored = race.stored_days(ctx, programme_id)
    lost = 0
    for edit, result in zip(edits, results, strict=True):
        if result != "ok":
            continue
        hours, note = stored.get(edit.weekday, (Decimal(0), ""))
        if (edit.invalid_absence and hours != edit.invalid_absence) or (edit.note and note != edit.note):
            lost += 1
    return lost


def _check(kind: str, backend: str, pairs: int, lost: int, tally: dict[str, int], same_day_saved_twice: int) -> None:
    print(f"\n[tapte endringer] {backend} {kind}: {pairs} par, {tally['ok']} lagret, {tally['conflict']} avvist "
          f"med konfliktmelding, {tally['error']} andre feil, {lost} stille tapte endringer")
    assert tally["error"] == 0, tally
    assert lost == 0
    assert same_day_saved_twice == 0


def _run(ctx_a: AppContext, ctx_b: AppContext, ctx: AppContext, programme_id: int, pairs: int, mode: str,
         processes: race.ProcessPair | None = None) -> tuple[int, dict[str, int], int]:
    lost = twice = 0
    tally = {"ok": 0, "conflict": 0, "error": 0}
    for index in range(pairs):
        race.reset_week(ctx, programme_id)
        row = race.load_week(ctx, programme_id)  # both sheets show the week as it was
        edits = _edits(index)
        if processes is not None:
            results = processes.pair(((edits[0], row), (edits[1], row)))
        elif mode == "after":
            results = [race.save_edit(ctx_a, row, edits[0]), race.save_edit(ctx_b, row, edits[1])]
        else:
            results = race.at_once((lambda row=row, edit=edits[0]: race.save_edit(ctx_a, row, edit),
                                    lambda row=row, edit=edits[1]: race.save_edit(ctx_b, row, edit)))
        for result in results:
            tally[result.split(":", 1)[0]] += 1
        lost += _lost(ctx, programme_id, edits, results)
        if edits[0].weekday == edits[1].weekday and results == ["ok", "ok"]:
            twice += 1
        if mode == "after" and edits[0].weekday != edits[1].weekday:
            assert results == ["ok", "ok"]  # another day is no conflict: both are kept
    return lost, tally, twice


def _contexts(db_url: str) -> tuple[AppContext, AppContext, AppContext, int]:
    ctx = open_context(db_url)
    programme_id = race.make_office(ctx, participants=1)[0]
    a = open_context(db_url, prepare=False).as_user("clerk.a")
    b = open_context(db_url, prepare=False).as_user("clerk.b")
    return ctx, a, b, programme_id


@pytest.mark.parametrize("mode", ["after", "threads", "processes"])
def test_two_users_never_silently_undo_each_other(db_url: str, backend: str, mode: str) -> None:
    _pairs(db_url, backend, mode, DEFAULT_PAIRS if mode != "processes" else DEFAULT_PAIRS // 2)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["after", "threads", "processes"])
def test_two_users_never_silently_undo_each_other_many(db_url: str, backend: str, mode: str) -> None:
    _pairs(db_url, backend, mode, SLOW_PAIRS)


def _pairs(db_url: str, backend: str, mode: str, pairs: int) -> None:
    ctx, a, b, programme_id = _contexts(db_url)
    processes = race.ProcessPair(db_url, ("clerk.a", "clerk.b"), "edit") if mode == "processes" else None
    try:
        lost, tally, twice = _run(a, b, ctx, programme_id, pairs, mode, processes)
    finally:
        if processes is not None:
            processes.close()
        for context in (ctx, a, b):
            context.close()
    _check(mode, backend, pairs, lost, tally, twice)


def test_the_later_save_of_the_same_day_is_refused_with_what_changed(ctx: AppContext) -> None:
    programme_id = race.make_office(ctx, participants=1)[0]
    a, b = ctx.as_user("clerk.a"), ctx.as_user("clerk.b")
    row = race.load_week(ctx, programme_id)
    assert race.save_edit(a, row, race.Edit(0, invalid_absence=ABSENT)) == "ok"
    day = row.days[0]
    with pytest.raises(RecordConflictError, match="endret av en annen bruker") as caught:
        attendance.save_week(b, race.MONDAY, {programme_id: [attendance.DayInput(
            day.day, note="B", expected_version=day.version)]})
    assert any("ugyldig fravær" in field and now == "7,5" for field, (_before, now) in caught.value.changes.items())
    assert race.stored_days(ctx, programme_id)[0] == (ABSENT, "")
    fresh = race.load_week(ctx, programme_id).days[0]
    assert fresh.version is not None and fresh.version != day.version
    attendance.save_week(b, race.MONDAY, {programme_id: [attendance.DayInput(
        day.day, invalid_absence=ABSENT, note="B", expected_version=fresh.version)]})
    assert race.stored_days(ctx, programme_id)[0] == (ABSENT, "B")
    assert isinstance(caught.value, ConflictError)
