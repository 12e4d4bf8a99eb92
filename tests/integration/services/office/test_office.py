"""Office settings: saved by a leader, checked field by field, never over someone else's save."""

from __future__ import annotations

import pytest

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, PermissionDeniedError, ValidationError
from kvp_desktop.services.office import settings as office


def test_leader_changes_the_settings(demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")
    before = office.get_office(leader)
    assert before is not None
    saved = office.update_office(leader, office.input_from(before, written_standard="nn", idle_lock_minutes=5,
                                                           county="Vestfold"), before.version)
    assert saved.written_standard == "nn" and saved.idle_lock_minutes == 5 and saved.version == before.version + 1
    with pytest.raises(ConflictError, match="endret av en annen"):  # a second form opened before that save
        office.update_office(leader, office.input_from(before, payday=20), before.version)


def test_bad_values_are_refused_in_norwegian_and_nothing_changes(demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")
    before = office.get_office(leader)
    assert before is not None
    with pytest.raises(ValidationError) as error:
        office.update_office(leader, office.input_from(before, municipality_number="39", payday=31,
                                                       written_standard="se"), before.version)
    assert set(error.value.problems) == {"municipality_number", "payday", "written_standard"}
    assert office.get_office(leader) == before


def test_a_caseworker_may_not_change_the_settings(demo_ctx: AppContext) -> None:
    before = office.get_office(demo_ctx)
    assert before is not None
    with pytest.raises(PermissionDeniedError):
        office.update_office(demo_ctx.as_user("demo.saksbehandler"), office.input_from(before), before.version)
