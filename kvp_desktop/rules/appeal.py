"""Who decides a complaint about a refusal of KVP (the appeal route), decided here only.

A refusal of kvalifiseringsprogram is a decision under sosialtjenesteloven; a complaint goes
through the NAV office to Statsforvalteren (stl. § 48, forvaltningsloven § 28). The assessment
of the need for help under NAV-loven § 14 a (arbeidsevnevurderingen, the innsatsgruppe) is a
state decision; a complaint about that part is decided by NAV klageinstans (NAV-loven § 14 a,
forvaltningsloven § 28). So a refusal that rests

* only on the § 14 a assessment → NAV klageinstans;
* on the § 14 a assessment and on another criterion → both: NAV klageinstans decides the
  § 14 a part, Statsforvalteren the rest;
* on other criteria only → Statsforvalteren.

The conclusion dialog, the refusal draft and the refusal letter all ask :func:`appeal_route`
(see ``docs/rules.md``, «Klage»).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from kvp_desktop.i18n import N_
from kvp_desktop.rules.entry_conditions import Criterion

REFERENCES = ("stl. § 48", "NAV-loven § 14 a", "forvaltningsloven § 28")


class AppealRoute(StrEnum):
    STATSFORVALTEREN = "statsforvalteren"
    NAV_KLAGEINSTANS = "nav_klageinstans"
    BOTH = "both"


#: What the caseworker sees (the conclusion dialog); bokmål msgids.
LABELS: dict[str, str] = {
    AppealRoute.NAV_KLAGEINSTANS: N_("NAV klageinstans (avslaget bygger bare på vurderingen etter NAV-loven § 14 a)"),
    AppealRoute.STATSFORVALTEREN: N_("Statsforvalteren (klagen sendes gjennom NAV-kontoret)"),
    AppealRoute.BOTH: N_("NAV klageinstans for den delen som gjelder vurderingen etter NAV-loven § 14 a, "
                         "Statsforvalteren for resten (klagen sendes gjennom NAV-kontoret)"),
}


def rests_on_14a(criterion: Criterion | str) -> bool:
    """Whether a failed criterion is the NAV-loven § 14 a assessment (arbeidsevnevurderingen)."""
    return str(criterion) == Criterion.WORK_ABILITY_ASSESSMENT.value


def appeal_route(flags: Iterable[bool]) -> AppealRoute:
    """The route for a refusal whose failed criteria carry these «rests on § 14 a» flags.

    stl. § 48, NAV-loven § 14 a, forvaltningsloven § 28. An empty refusal (no failed criterion)
    is not a refusal; it is given Statsforvalteren, the route of every other KVP decision.
    """
    values = list(flags)
    if values and all(values):
        return AppealRoute.NAV_KLAGEINSTANS
    if any(values):
        return AppealRoute.BOTH
    return AppealRoute.STATSFORVALTEREN


def appeal_route_for_criteria(failed: Iterable[Criterion | str]) -> AppealRoute:
    """The route for a refusal on these failed criteria (codes or :class:`Criterion`)."""
    return appeal_route(rests_on_14a(code) for code in failed)


__all__ = ["LABELS", "REFERENCES", "AppealRoute", "appeal_route", "appeal_route_for_criteria", "rests_on_14a"]
