"""Office settings and rates kept on the context for the views: refreshed when this context saves them."""

from __future__ import annotations

import datetime as dt

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office import parameters, view_cache
from kvp_desktop.services.office import settings as office
from kvp_desktop.services.programmes import programmes
from tests.support.query_budget import count_queries


def test_the_office_is_read_once_and_refreshed_when_it_is_saved(demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")
    kept = view_cache.office(leader)
    assert kept is not None
    with count_queries(leader.db.engine) as counted:
        assert view_cache.office(leader) == kept
        programmes.holiday_weeks_setting(leader)  # the Programbygger asks on every edit of the plan
    assert counted.statements == 0
    weeks = 6 if kept.holiday_weeks_per_year != 6 else 4
    office.update_office(leader, office.input_from(kept, holiday_weeks_per_year=weeks), kept.version)
    assert programmes.holiday_weeks_setting(leader) == weeks  # the save refreshed what is kept
    assert leader.as_user("demo.saksbehandler").cached(view_cache.OFFICE_KEY, lambda: None) is not None


def test_the_rates_are_read_once_and_read_again_when_a_local_value_is_registered(demo_ctx: AppContext) -> None:
    leader = demo_ctx.as_user("demo.leder")
    before = view_cache.parameters(leader)
    with count_queries(leader.db.engine) as counted:
        assert view_cache.parameters(leader) is before
    assert counted.statements == 0
    parameters.register_local_value(leader, "g", dt.date(2026, 5, 1), "130160", "Prop. 1 S (test)")
    after = view_cache.parameters(leader)
    assert after is not before
    assert str(after.parameter("g").value_on(dt.date(2026, 6, 1)).value) == "130160"
