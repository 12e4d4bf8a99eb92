"""Two caseworkers, two database sessions, one record: one success, one conflict, nothing lost."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from kvp_desktop.services.infrastructure.context import AppContext, open_context
from kvp_desktop.services.infrastructure.errors import ConflictError
from kvp_desktop.services.infrastructure.locking import RecordConflictError
from kvp_desktop.services.portfolio import persons
from kvp_desktop.store.models import Person

TODAY = dt.date(2026, 11, 23)


def _two_caseworkers(demo_ctx: AppContext) -> tuple[AppContext, AppContext]:
    """Two independent connections (engines) to the same database, as two office PCs have."""
    first = open_context(demo_ctx.db.url).as_user("demo.veileder")
    second = open_context(demo_ctx.db.url).as_user("demo.saksbehandler")
    return first, second


def test_second_save_gets_a_conflict_showing_what_changed_and_both_edits_survive(demo_ctx: AppContext) -> None:
    anne, bjorn = _two_caseworkers(demo_ctx)
    try:
        person_id = 1
        loaded_a = persons.get_person(anne, person_id)
        loaded_b = persons.get_person(bjorn, person_id)
        persons.update_person(anne, person_id, persons.input_from(loaded_a, address="Nyveien 5"),
                              loaded_a.version, loaded_a, TODAY)
        mine = persons.input_from(loaded_b, notes="Ønsker arbeidstrening i butikk.")
        with pytest.raises(RecordConflictError) as conflict:
            persons.update_person(bjorn, person_id, mine, loaded_b.version, loaded_b, TODAY)
        assert "endret av en annen bruker" in str(conflict.value)
        assert conflict.value.changes == {"Adresse": (loaded_b.address, "Nyveien 5")}
        assert persons.get_person(bjorn, person_id).notes == loaded_b.notes  # nothing written
        current = persons.get_person(bjorn, person_id)
        saved = persons.update_person(bjorn, person_id, persons.reapply(loaded_b, mine, current), current.version,
                                      current, TODAY)
        assert saved.address == "Nyveien 5" and saved.notes == "Ønsker arbeidstrening i butikk."
        assert saved.version == loaded_a.version + 2
    finally:
        anne.close()
        bjorn.close()


def test_a_race_past_the_version_check_is_caught_by_the_database(demo_ctx: AppContext) -> None:
    """Both sessions read version 1 and change the row; the later commit fails, the first stands."""
    anne, bjorn = _two_caseworkers(demo_ctx)
    try:
        with anne.uow() as uow_a, bjorn.uow() as uow_b:
            row_a = uow_a.session.get(Person, 2)
            row_b = uow_b.session.get(Person, 2)
            assert row_a is not None and row_b is not None and row_a.version == row_b.version
            row_a.notes = "Anne sitt notat"
            uow_a.commit()
            row_b.notes = "Bjørn sitt notat"
            with pytest.raises(ConflictError, match="samtidig"):
                uow_b.commit()
        assert persons.get_person(demo_ctx, 2).notes == "Anne sitt notat"
    finally:
        anne.close()
        bjorn.close()


def test_two_caseworkers_edit_the_same_programme(demo_ctx: AppContext) -> None:
    """One saves, the other gets a conflict; after reloading, the second edit is re-applied and
    both caseworkers' changes are in the programme."""
    from kvp_desktop.services.programmes import programmes
    from kvp_desktop.store.models import Programme as ProgrammeRow

    with demo_ctx.uow() as uow:
        programme_id = uow.session.scalars(sa.select(ProgrammeRow.id).order_by(ProgrammeRow.id)).first()
    assert programme_id is not None
    anne, bjorn = _two_caseworkers(demo_ctx)
    anne, bjorn = anne.as_user("demo.saksbehandler"), bjorn.as_user("demo.leder")
    try:
        seen_by_anne = programmes.get_programme(anne, programme_id)
        seen_by_bjorn = programmes.get_programme(bjorn, programme_id)
        programmes.update_programme(anne, programme_id, goals="Fast jobb i butikk innen ett år.",
                                    individual_plan=seen_by_anne.individual_plan,
                                    expected_version=seen_by_anne.version)
        with pytest.raises(ConflictError):
            programmes.update_programme(bjorn, programme_id, goals=seen_by_bjorn.goals, individual_plan="made",
                                        expected_version=seen_by_bjorn.version)
        assert programmes.get_programme(bjorn, programme_id).individual_plan == seen_by_bjorn.individual_plan
        fresh = programmes.get_programme(bjorn, programme_id)  # reload, then re-apply his own change
        programmes.update_programme(bjorn, programme_id, goals=fresh.goals, individual_plan="made",
                                    expected_version=fresh.version)
        final = programmes.get_programme(demo_ctx, programme_id)
        assert final.goals == "Fast jobb i butikk innen ett år." and final.individual_plan == "made"
    finally:
        anne.close()
        bjorn.close()
