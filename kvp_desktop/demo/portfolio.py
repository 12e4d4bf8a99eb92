"""Demo data for the portfolio: the rule-of-thumb facts, when the facts were registered, and
the stop-point flags computed by the rule (called from ``demo.create_demo``).

Uses its own random generator so the rest of the demo office stays exactly as before.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.services.portfolio.portfolio import recompute_flags
from kvp_desktop.store.models import Person, PortfolioReview, PortfolioState

OTHER_RIGHTS = ("Dagpenger", "AAP", "Uføretrygd", "Overgangsstønad")


def add_demo_portfolio(session: Session, today: dt.date, seed: int) -> None:
    rng = random.Random(seed * 7919 + 4)
    session.flush()
    people = list(session.scalars(select(Person).order_by(Person.id)))
    for person in people:
        person.facts_recorded_on = today - dt.timedelta(days=rng.randint(1, 120))
        if rng.random() < 0.45:
            person.needs_help_to_work = True
            if rng.random() < 0.3:
                person.other_nav_rights = rng.choice(OTHER_RIGHTS)
    session.flush()
    recompute_flags(session, [p.id for p in people], today)
    # The latest review per person, as the review service keeps it.
    latest: dict[int, PortfolioReview] = {}
    for review in session.scalars(select(PortfolioReview).order_by(PortfolioReview.reviewed_at, PortfolioReview.id)):
        latest[review.person_id] = review
    for state in session.scalars(select(PortfolioState).where(PortfolioState.person_id.in_(latest))):
        review = latest[state.person_id]
        state.last_outcome, state.last_reviewed_at = review.outcome, review.reviewed_at
    session.flush()
