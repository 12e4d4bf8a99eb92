"""Portfolio review (porteføljegjennomgang): the office's clients with their stop points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from kvp_desktop.i18n import N_
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.validation import mask_identity_number
from kvp_desktop.store.models import Person, PortfolioEvent, PortfolioReview

# The eight stop points (process_and_glossary.md step 1), in the order caseworkers list them.
STOP_POINTS: dict[str, str] = {
    "first_social_assistance": N_("Første søknad om økonomisk sosialhjelp"),
    "conditions_20a": N_("Før vilkår etter § 20a settes"),
    "long_term_social_assistance": N_("Sosialhjelp som eneste inntekt over tid"),
    "aap_ended": N_("AAP er avsluttet"),
    "intro_ended": N_("Introduksjonsprogram er avsluttet"),
    "no_apprenticeship": N_("Ung uten læreplass"),
    "upper_secondary_dropout": N_("Ung som har avbrutt videregående"),
    "little_work_experience": N_("Lite eller ingen arbeidserfaring"),
}

REVIEW_OUTCOMES: dict[str, str] = {
    "vurder_kvp": N_("Vurder KVP"),
    "ikke_aktuelt": N_("Ikke aktuelt nå"),
    "annen_rettighet": N_("Har annen rettighet"),
    "i_kvp": N_("Allerede i KVP"),
}


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    name: str
    sort_key: str
    masked_id: str
    birth_date: dt.date
    stop_points: tuple[str, ...]
    last_outcome: str | None
    last_reviewed: dt.datetime | None


def portfolio_ids(ctx: AppContext, stop_point: str | None = None) -> list[int]:
    """Ordered person ids (Norwegian name order), optionally only those with ``stop_point``."""
    with ctx.uow() as uow:
        query = select(Person.id).order_by(Person.sort_key, Person.id)
        if stop_point:
            query = query.where(
                Person.id.in_(select(PortfolioEvent.person_id).where(PortfolioEvent.kind == stop_point))
            )
        return list(uow.session.scalars(query))


def portfolio_rows(ctx: AppContext, ids: list[int]) -> list[PortfolioRow]:
    """Row data for a batch of ids (the table model asks for one screenful at a time)."""
    if not ids:
        return []
    with ctx.uow() as uow:
        session = uow.session
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        events: dict[int, list[str]] = {}
        for person_id, kind in session.execute(
            select(PortfolioEvent.person_id, PortfolioEvent.kind)
            .where(PortfolioEvent.person_id.in_(ids))
            .order_by(PortfolioEvent.event_date)
        ):
            events.setdefault(person_id, []).append(kind)
        latest = (
            select(PortfolioReview.person_id, func.max(PortfolioReview.id).label("last_id"))
            .where(PortfolioReview.person_id.in_(ids))
            .group_by(PortfolioReview.person_id)
            .subquery()
        )
        reviews = {
            r.person_id: r
            for r in session.scalars(select(PortfolioReview).join(latest, PortfolioReview.id == latest.c.last_id))
        }
        rows = []
        for person_id in ids:
            person = people.get(person_id)
            if person is None:
                continue
            review = reviews.get(person_id)
            rows.append(
                PortfolioRow(
                    id=person.id,
                    name=f"{person.last_name}, {person.first_name}",
                    sort_key=person.sort_key,
                    masked_id=mask_identity_number(person.fodselsnummer),
                    birth_date=person.birth_date,
                    stop_points=tuple(dict.fromkeys(events.get(person_id, []))),
                    last_outcome=review.outcome if review else None,
                    last_reviewed=review.reviewed_at if review else None,
                )
            )
        return rows


def stop_point_counts(ctx: AppContext) -> dict[str, int]:
    """How many persons have each stop point (counted in SQL)."""
    with ctx.uow() as uow:
        result = uow.session.execute(
            select(PortfolioEvent.kind, func.count(func.distinct(PortfolioEvent.person_id))).group_by(
                PortfolioEvent.kind
            )
        )
        counts = dict.fromkeys(STOP_POINTS, 0)
        counts.update({kind: int(n) for kind, n in result})
        return counts
