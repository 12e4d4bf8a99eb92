"""Which forvaltningsloven applies to a letter: the 1967 act or the new act (LOV-2025-06-20-81).

The in-force date of the new act is the first date the dated parameter
``public_administration_act`` says «2025» (shipped value, laid over by the office's value in
Settings). A letter dated on or after that date cites the 2025 act; earlier letters the 1967 act.
The letter engine and the decision service both ask these two functions.
"""

from __future__ import annotations

import datetime as dt

from kvp_desktop.parameters import ParameterSet

ACT_1967 = "fvl1967"
ACT_2025 = "fvl2025"


def new_act_in_force(params: ParameterSet) -> dt.date | None:
    """The first date ``public_administration_act`` is «2025»; ``None`` while not in force."""
    for value in params.parameter("public_administration_act").values:
        if str(value.value) == "2025":
            return value.effective_from
    return None


def act_for(decision_date: dt.date, new_act_in_force: dt.date | None) -> str:
    """``fvl2025`` once the new act's in-force date has passed, else ``fvl1967``."""
    if new_act_in_force is not None and decision_date >= new_act_in_force:
        return ACT_2025
    return ACT_1967


__all__ = ["ACT_1967", "ACT_2025", "act_for", "new_act_in_force"]
