"""Demo screenings: facts run through ``rules.entry_conditions`` so the tab shows real reasons.

Called from ``demo._add_case``. It draws from the demo's random stream exactly as many times
as the hand-written version it replaces did (one pick per criterion that was "met"), so the
rest of the demo office stays the same for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _
from kvp_desktop.rules import calendar
from kvp_desktop.services.screening.screening import Judgement, ScreeningFacts, new_screening_row
from kvp_desktop.store.models import Application, Person, Screening

# (reduced capacity, close and coordinated help, suitable programme) in a caseworker's words.
_REASONINGS = (
    (N_("Du har vært lenge uten arbeid, skolegangen din ble avbrutt, og du har psykiske plager. Derfor er "
        "arbeidsevnen din vesentlig nedsatt, slik arbeidsevnevurderingen viser."),
     N_("Du trenger oppfølging over tid fra NAV, fastlegen og kommunens psykiske helsetjeneste."),
     N_("Vi kan tilby arbeidstrening, norsk som enkeltfag og jobbklubb tilpasset målet ditt om arbeid i butikk.")),
    (N_("Du har aldri vært i ordinært arbeid og har rusproblemer i perioder. Arbeidsevnen din er vesentlig "
        "nedsatt."),
     N_("Du trenger samordnet hjelp fra NAV, rustjenesten og boligkontoret."),
     N_("Vi kan sette sammen et program med arbeidsforberedende trening (AFT), praksisplass og trening.")),
    (N_("Du har ADHD, lite nettverk og ingen arbeidserfaring. Arbeids- og inntektsevnen din er vesentlig "
        "nedsatt."),
     N_("Du trenger tett oppfølging, og vi må samarbeide med BUP/DPS og skolen."),
     N_("Vi har praksisplasser og enkeltfag som passer målet ditt om å bli elektriker.")),
)
_LANGUAGE = N_("Det som hindrer deg i å komme i arbeid, er først og fremst språket. Du følger ordinær grunnskole "
               "med gode resultater og har ingen andre hindringer. Språkproblemer alene gir ikke rett til program.")


def add_demo_screening(
    session: Session,
    rng: random.Random,
    application: Application,
    outcome: str,
    registered: dt.date,
    concluded_by_id: int,
) -> Screening:
    """A screening version for ``application``: ``screening`` (in progress), ``granted`` or
    ``refused`` (concluded 18 days after registration)."""
    draws = {"screening": 4, "refused": 6}.get(outcome, 7)  # granted and withdrawn: 7
    picks = [rng.choice(_REASONINGS) for _draw in range(draws)]  # the demo's stream, as before
    reduced, close, suitable = picks[0]
    facts = ScreeningFacts(lawful_residence=True, fixed_abode=True)
    judgements: tuple[Judgement, ...]
    if outcome == "refused":
        facts = ScreeningFacts(lawful_residence=True, fixed_abode=True, language_only_obstacle=True,
                               in_ordinary_education=True)
        judgements = (
            Judgement("reduced_capacity", "not_met", _(_LANGUAGE)),
            Judgement("close_coordinated_help", "met", _(close)),
            Judgement("suitable_programme", "met", _(suitable)),
        )
    elif outcome == "granted":
        judgements = (
            Judgement("reduced_capacity", "met", _(reduced)),
            Judgement("close_coordinated_help", "met", _(close)),
            Judgement("suitable_programme", "met", _(suitable)),
        )
    else:  # in progress (or withdrawn): the first judgement written, the others still open
        facts = ScreeningFacts(lawful_residence=True, fixed_abode=None if picks[1] is picks[2] else True,
                               language_only_obstacle=False)
        judgements = (Judgement("reduced_capacity", "met", _(reduced)),)
    concluded = outcome in ("granted", "refused")
    on = registered + dt.timedelta(days=18) if concluded else registered
    if concluded:  # a demo person drawn young may have applied before turning 18: decide on the birthday
        person = session.get(Person, application.person_id)
        assert person is not None
        on = max(on, calendar.anniversary(person.birth_date, 18))
    row = new_screening_row(session, application, on, 1, facts, judgements)
    if concluded:
        row.conclusion = "grant" if outcome == "granted" else "refuse"
        row.concluded_at = dt.datetime.combine(on, dt.time(13, 0))
        row.concluded_by_id = concluded_by_id
    return row
