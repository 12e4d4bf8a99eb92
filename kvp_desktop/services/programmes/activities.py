"""The office's activity catalogue: measures and providers the week grid offers (Innstillinger)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.store.models import Activity

#: A sensible starting catalogue (activity categories of forskrift § 1): name, category, provider.
STARTING_CATALOGUE: tuple[tuple[str, str, str], ...] = (
    ("Arbeidstrening", "work_directed_measure", ""),
    ("Praksisplass", "work_directed_measure", ""),
    ("AFT – arbeidsforberedende trening", "work_directed_measure", ""),
    ("Lønnstilskudd", "work_directed_measure", ""),
    ("Arbeidsrettet rehabilitering", "work_directed_measure", ""),
    ("Enkeltfag videregående", "training_education", "Videregående skole"),
    ("Norskopplæring", "training_education", "Voksenopplæringen"),
    ("Kurs (AMO)", "training_education", ""),
    ("Jobbklubb", "job_seeking", "NAV-kontoret"),
    ("Jobbsøking med veileder", "job_seeking", "NAV-kontoret"),
    ("Motivasjonskurs", "motivation_mastery", ""),
    ("Mestringskurs", "motivation_mastery", ""),
    ("Helsehjelp", "health_treatment", ""),
    ("Behandling hos psykisk helseteam", "health_treatment", ""),
    ("Trening med Frisklivssentralen", "physical_training", "Frisklivssentralen"),
    ("Egenaktivitet etter plan", "own_activity", ""),
    ("Hvile", "rest", ""),
    ("Lønnet deltidsarbeid", "paid_work", ""),
)

# Activity categories (forskrift § 1, see docs/rules.md); the programme rules check them.
CATEGORIES: dict[str, str] = {
    "work_directed_measure": N_("Arbeidsrettet tiltak"),
    "job_seeking": N_("Jobbsøking"),
    "training_education": N_("Opplæring/utdanning"),
    "motivation_mastery": N_("Motivasjons- og mestringstrening"),
    "health_treatment": N_("Helsehjelp/behandling"),
    "physical_training": N_("Fysisk trening"),
    "own_activity": N_("Egenaktivitet"),
    "rest": N_("Hvile"),
    "paid_work": N_("Lønnet arbeid"),
    "other": N_("Annet"),
}


@dataclass(frozen=True)
class ActivityView:
    id: int
    name: str
    category: str
    provider: str
    contact: str
    active: bool


@dataclass(frozen=True)
class ActivityInput:
    name: str
    category: str
    provider: str = ""
    contact: str = ""
    active: bool = True


def _view(row: Activity) -> ActivityView:
    return ActivityView(row.id, row.name, row.category, row.provider, row.contact, row.active)


def list_activities(ctx: AppContext, *, include_inactive: bool = False) -> list[ActivityView]:
    """The catalogue sorted by name (the grid offers the active ones)."""
    with ctx.uow() as uow:
        query = select(Activity).order_by(Activity.name, Activity.provider)
        if not include_inactive:
            query = query.where(Activity.active.is_(True))
        return [_view(r) for r in uow.session.scalars(query)]


def _validate(data: ActivityInput) -> None:
    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = _("Aktiviteten må ha et navn.")
    elif len(data.name) > 200 or len(data.provider) > 200 or len(data.contact) > 200:
        problems["name"] = _("Navn, tilbyder og kontakt kan ha høyst 200 tegn.")
    if data.category not in CATEGORIES:
        problems["category"] = _("Velg en kategori fra listen.")
    if problems:
        raise ValidationError(problems)


def create_activity(ctx: AppContext, data: ActivityInput) -> ActivityView:
    roles.require(ctx, Permission.CHANGE_SETTINGS)
    _validate(data)
    with ctx.uow() as uow:
        row = Activity(name=data.name.strip(), category=data.category, provider=data.provider.strip(),
                       contact=data.contact.strip(), active=data.active)
        uow.session.add(row)
        uow.session.flush()
        ctx.audit(uow.session, "create", "activity", row.id)
        uow.commit()
        return _view(row)


def update_activity(ctx: AppContext, activity_id: int, data: ActivityInput) -> ActivityView:
    roles.require(ctx, Permission.CHANGE_SETTINGS)
    _validate(data)
    with ctx.uow() as uow:
        row = uow.session.get(Activity, activity_id)
        if row is None:
            raise NotFoundError(_("Fant ikke aktiviteten."))
        row.name, row.category, row.provider = data.name.strip(), data.category, data.provider.strip()
        row.contact, row.active = data.contact.strip(), data.active
        ctx.audit(uow.session, "change", "activity", row.id)
        uow.commit()
        return _view(row)


def add_starting_catalogue(ctx: AppContext) -> int:
    """Add the starting catalogue's activities the office does not have yet; returns how many."""
    roles.require(ctx, Permission.CHANGE_SETTINGS)
    with ctx.uow() as uow:
        have = {(r.name.casefold(), r.category) for r in uow.session.scalars(select(Activity))}
        added = 0
        for name, category, provider in STARTING_CATALOGUE:
            if (name.casefold(), category) not in have:
                uow.session.add(Activity(name=name, category=category, provider=provider))
                added += 1
        ctx.audit(uow.session, "create", "activity", None, None, f"added={added}")
        uow.commit()
        return added
