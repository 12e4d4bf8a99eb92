"""Applications (søknad) and the mapping (kartlegging) before the § 29 screening.

An application holds what the transfer meeting and the registration give (docs/case-flow.md
steps 2–4) and the facts KOSTRA 11CF asks about it: the registration date (``REG_DATO``), the
benefits in the two months before (``YTELSE_*``) and whether the person comes from KVP in another
municipality (``KVP_KOMM``/``KOMMNR_KVP_KOMM``, SSB's municipality list in the 11CF layout).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _
from kvp_desktop.rules.entry_conditions import INNSATSGRUPPE_NAMES, Innsatsgruppe
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.infrastructure.validation import Problems, check_date, optional_text
from kvp_desktop.store.models import Application, Decision, Mapping, OfficeSettings, Person, Screening, User

APPLICATION_STATUSES: dict[str, str] = {
    "registered": N_("Registrert"),
    "screening": N_("Under vurdering"),
    "granted": N_("Innvilget"),
    "refused": N_("Avslått"),
    "withdrawn": N_("Trukket"),
}
# Concluded, but the decision letter is still a draft: nothing is decided for the applicant until
# the decision is issued (fvl. § 27), and the processing deadline runs on.
DECISION_IN_PROGRESS = N_("Vedtak under arbeid")

ASSESSMENT_STATES: dict[str, str] = {
    "met": N_("Oppfylt"),
    "not_met": N_("Ikke oppfylt"),
    "needs_assessment": N_("Må vurderes"),
}

CHANNELS: dict[str, str] = {
    "recommended": N_("Anbefalt av veileder etter overføringsmøte"),
    "direct": N_("Søkt direkte (uten anbefaling)"),
}

# The structured transfer note (overføringsnotat), in the order it is written.
TRANSFER_NOTE_FIELDS: dict[str, str] = {
    "person": N_("Om personen"),
    "historikk": N_("Historikk"),
    "familie": N_("Familie"),
    "arbeidserfaring": N_("Arbeidserfaring"),
    "utdanning": N_("Utdanning"),
    "kompetanse": N_("Kompetanse"),
    "interesser": N_("Interesser"),
}

# KOSTRA YTELSE_TYPE_SOSHJ: social assistance in the two months before the application.
SOCIAL_ASSISTANCE: dict[str, str] = {
    "": N_("Ingen sosialhjelp"),
    "2": N_("Sosialhjelp som viktigste kilde til livsopphold"),
    "3": N_("Supplerende sosialhjelp"),
}

# Older records wrote the § 14 a outcome in Arena's words; read them as the innsatsgruppe.
_LEGACY_OUTCOMES: dict[str, Innsatsgruppe] = {
    "standard_innsats": Innsatsgruppe.STANDARD,
    "situasjonsbestemt_innsats": Innsatsgruppe.SITUASJONSBESTEMT,
    "spesielt_tilpasset_innsats": Innsatsgruppe.SPESIELT_TILPASSET,
    "varig_tilpasset_innsats": Innsatsgruppe.VARIG,
}

# Kartlegging: the target-group characteristics (docs/case-flow.md step 2).
MAPPING_GROUPS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "arbeid": (N_("Bistand for å komme i jobb"), (
        ("ferdigheter", N_("Opplæring i arbeidsrelaterte og sosiale ferdigheter")),
        ("karriereveiledning", N_("Karriereveiledning")),
        ("tiltak", N_("Arbeidsrettede tiltak")),
        ("oppfolging_arbeidsplass", N_("Oppfølging på arbeidsplassen")),
        ("tilrettelegging", N_("Tilrettelegging")),
        ("arbeidserfaring", N_("Økt arbeidserfaring")),
    )),
    "oppfolging": (N_("Individuell oppfølging"), (
        ("motivasjon", N_("Motivasjonsarbeid")),
        ("livsmestring", N_("Livsmestring")),
        ("selvtillit", N_("Utvikling av selvtillit")),
        ("struktur", N_("Struktur i tilværelsen")),
        ("nettverk", N_("Utvikle nettverk")),
        ("instanser", N_("Støtte til å forholde seg til flere instanser")),
        ("bolig", N_("Finne fast bolig")),
    )),
    "utdanning": (N_("Utdanning og opplæring"), (
        ("grunnskole", N_("Grunnskoleutdanning")),
        ("videregaende", N_("Videregående opplæring")),
        ("fagkompetanse", N_("Forbedring av faglig kompetanse")),
        ("sprak", N_("Språkopplæring")),
        ("samfunnsfag", N_("Samfunnsfagopplæring")),
        ("lese_skrive", N_("Tilrettelegging for lese- og skrivevansker")),
    )),
    "helse": (N_("Psykiske og fysiske helseplager"), (
        ("behandling", N_("Undersøkelser og behandling")),
        ("rehabilitering", N_("Rehabilitering")),
        ("rus", N_("Rusbehandling og samtidige rus- og psykiske lidelser")),
    )),
    "okonomi": (N_("Økonomisk rådgivning"), (
        ("gjeld", N_("Gjeldsrådgivning")),
        ("supplering", N_("Økonomisk sosialhjelp/supplering")),
    )),
}  # fmt: skip
MAPPING_ITEMS = frozenset(key for _label, items in MAPPING_GROUPS.values() for key, _text in items)


def innsatsgruppe(code: str) -> Innsatsgruppe | None:
    """The § 14 a outcome stored on an application, read as an innsatsgruppe (or ``None``)."""
    if not code:
        return None
    if code in _LEGACY_OUTCOMES:
        return _LEGACY_OUTCOMES[code]
    try:
        return Innsatsgruppe(code)
    except ValueError:
        return None


def innsatsgruppe_label(code: str) -> str:
    group = innsatsgruppe(code)
    return _(INNSATSGRUPPE_NAMES[group]) if group else code


@cache
def municipalities() -> tuple[tuple[str, str], ...]:
    """SSB's municipality list (code, name) from the 11CF layout of the newest reporting year."""
    from kvp_desktop.exports.kostra11cf.layout import available_years, load_layout

    layout = load_layout(available_years()[-1])
    return tuple((code.code, code.value) for code in layout.field("KOMMNR_KVP_KOMM").codes)


def municipality_name(code: str) -> str:
    return dict(municipalities()).get(code, code)


# --- read views ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CriterionView:
    code: str
    label: str
    state: str  # met | not_met | needs_assessment
    reasoning: str
    reference: str


@dataclass(frozen=True)
class ApplicationView:
    id: int
    registered_date: dt.date
    channel: str
    status: str
    work_ability_outcome: str
    screening_revision: int | None
    concluded: bool
    conclusion: str | None
    criteria: tuple[CriterionView, ...]
    decision_id: int | None = None
    decision_state: str | None = None  # draft | issued | sent, of the concluded screening's decision

    @property
    def decision_pending(self) -> bool:
        """Concluded, but the decision is not issued yet."""
        return self.status in ("granted", "refused") and self.decision_state == "draft"

    @property
    def status_label(self) -> str:
        """The status as the caseworker reads it (bokmål msgid): «Vedtak under arbeid» until issued."""
        if self.decision_pending:
            return DECISION_IN_PROGRESS
        return APPLICATION_STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class ApplicationInput:
    """What the application form holds. Dates as ``date`` or ``dd.mm.åååå`` text."""

    person_id: int
    registered_date: dt.date | str | None
    channel: str = "recommended"
    transfer_meeting_date: dt.date | str | None = None
    kvp_caseworker_id: int | None = None
    transfer_note: dict[str, str] = field(default_factory=dict)
    work_ability_assessment_date: dt.date | str | None = None
    work_ability_outcome: str = ""  # an Innsatsgruppe value
    benefit_social_assistance: str = ""  # "" | "2" main | "3" supplementary
    benefit_introduction: bool = False
    benefit_tiltakspenger: bool = False
    benefit_folketrygd: bool = False
    from_other_municipality: bool = False
    other_municipality_number: str = ""
    needs_social_assistance_while_waiting: bool = False


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    person_id: int
    version: int
    registered_date: dt.date
    channel: str
    transfer_meeting_date: dt.date | None
    kvp_caseworker_id: int | None
    kvp_caseworker_name: str
    transfer_note: dict[str, str]
    work_ability_assessment_date: dt.date | None
    work_ability_outcome: str
    benefit_social_assistance: str
    benefit_introduction: bool
    benefit_tiltakspenger: bool
    benefit_folketrygd: bool
    from_other_municipality: bool
    other_municipality_number: str
    needs_social_assistance_while_waiting: bool
    status: str

    def as_input(self) -> ApplicationInput:
        return ApplicationInput(
            self.person_id, self.registered_date, self.channel, self.transfer_meeting_date, self.kvp_caseworker_id,
            dict(self.transfer_note), self.work_ability_assessment_date, self.work_ability_outcome,
            self.benefit_social_assistance, self.benefit_introduction, self.benefit_tiltakspenger,
            self.benefit_folketrygd, self.from_other_municipality, self.other_municipality_number,
            self.needs_social_assistance_while_waiting,
        )


@dataclass(frozen=True)
class MappingInput:
    characteristics: frozenset[str] = frozenset()  # MAPPING_ITEMS keys that apply
    group_notes: dict[str, str] = field(default_factory=dict)  # MAPPING_GROUPS key -> note
    education: str = ""
    work_experience: str = ""
    interests: str = ""
    obstacles: str = ""
    notes: str = ""


@dataclass(frozen=True)
class MappingView:
    application_id: int
    version: int | None  # None: nothing saved yet
    characteristics: frozenset[str]
    groups_marked: frozenset[str]  # groups marked as a whole (older records)
    group_notes: dict[str, str]
    education: str
    work_experience: str
    interests: str
    obstacles: str
    notes: str


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


def _criteria_of(screening: Screening | None) -> tuple[CriterionView, ...]:
    if screening is None:
        return ()
    return tuple(
        CriterionView(
            code=code,
            label=str(item.get("label", code)),
            state=str(item.get("state", "needs_assessment")),
            reasoning=str(item.get("reasoning", "")),
            reference=str(item.get("reference", "")),
        )
        for code, item in screening.assessments.items()
    )


def latest_screening(session: Session, application_id: int) -> Screening | None:
    return session.scalars(
        select(Screening)
        .where(Screening.application_id == application_id)
        .order_by(Screening.revision.desc())
        .limit(1)
    ).first()


def applications_for_person(ctx: AppContext, person_id: int) -> list[ApplicationView]:
    """The person's applications, newest first, each with its latest screening version."""
    with ctx.uow() as uow:
        session = uow.session
        apps = session.scalars(
            select(Application)
            .where(Application.person_id == person_id)
            .order_by(Application.registered_date.desc(), Application.id.desc())
        ).all()
        views = []
        decision_ids = [row.decision_id for row in session.scalars(
            select(Screening).where(Screening.application_id.in_([a.id for a in apps]),
                                    Screening.decision_id.is_not(None)))] if apps else []
        states = dict(session.execute(select(Decision.id, Decision.state).where(
            Decision.id.in_(decision_ids))).tuples().all()) if decision_ids else {}
        for app in apps:
            screening = latest_screening(session, app.id)
            views.append(
                ApplicationView(
                    id=app.id,
                    registered_date=app.registered_date,
                    channel=app.channel,
                    status=app.status,
                    work_ability_outcome=app.work_ability_outcome,
                    screening_revision=screening.revision if screening else None,
                    concluded=bool(screening and screening.concluded_at),
                    conclusion=screening.conclusion if screening else None,
                    criteria=_criteria_of(screening),
                    decision_id=screening.decision_id if screening else None,
                    decision_state=states.get(screening.decision_id) if screening and screening.decision_id else None,
                )
            )
        return views


def _detail(session: Session, row: Application) -> ApplicationDetail:
    caseworker = session.get(User, row.kvp_caseworker_id) if row.kvp_caseworker_id else None
    return ApplicationDetail(
        id=row.id, person_id=row.person_id, version=row.version, registered_date=row.registered_date,
        channel=row.channel, transfer_meeting_date=row.transfer_meeting_date,
        kvp_caseworker_id=row.kvp_caseworker_id, kvp_caseworker_name=caseworker.full_name if caseworker else "",
        transfer_note={str(k): str(v) for k, v in (row.transfer_note or {}).items()},
        work_ability_assessment_date=row.work_ability_assessment_date, work_ability_outcome=row.work_ability_outcome,
        benefit_social_assistance=row.benefit_social_assistance, benefit_introduction=row.benefit_introduction,
        benefit_tiltakspenger=row.benefit_tiltakspenger, benefit_folketrygd=row.benefit_folketrygd,
        from_other_municipality=row.from_other_municipality, other_municipality_number=row.other_municipality_number,
        needs_social_assistance_while_waiting=row.needs_social_assistance_while_waiting, status=row.status,
    )  # fmt: skip


def get_application(ctx: AppContext, application_id: int) -> ApplicationDetail:
    with ctx.uow() as uow:
        row = uow.session.get(Application, application_id)
        if row is None:
            raise NotFoundError(_("Søknaden finnes ikke (lenger)."))
        return _detail(uow.session, row)


def kvp_caseworkers(ctx: AppContext) -> list[Choice]:
    """Users who can be the application's KVP veileder (KVP caseworkers and leaders)."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(User).where(User.role.in_(("saksbehandler", "leder"))).order_by(User.full_name)
        ).all()
        return [Choice(row.id, row.full_name) for row in rows]


# --- registering and changing ---------------------------------------------------------------------
def _validate(session: Session, data: ApplicationInput, today: dt.date) -> dict[str, Any]:
    problems = Problems()
    person = session.get(Person, data.person_id)
    if person is None:
        raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
    registered = problems.check("registered_date", check_date, data.registered_date, _("Registreringsdato"))
    meeting = problems.check("transfer_meeting_date", check_date, data.transfer_meeting_date, _("Overføringsmøte"),
                             required=False)
    assessed = problems.check("work_ability_assessment_date", check_date, data.work_ability_assessment_date,
                              _("Dato for arbeidsevnevurdering"), required=False)
    for name, value in (("registered_date", registered), ("transfer_meeting_date", meeting),
                        ("work_ability_assessment_date", assessed)):
        if value is not None and value > today:
            problems.add(name, _("Datoen kan ikke være fram i tid."))
        elif value is not None and value < person.birth_date:
            problems.add(name, _("Datoen kan ikke være før personen ble født."))
    if data.channel not in CHANNELS:
        problems.add("channel", _("Velg hvordan søknaden kom inn."))
    if meeting is not None and registered is not None and meeting > registered:
        problems.add("transfer_meeting_date", _("Overføringsmøtet må være før eller samme dag som søknaden."))
    if data.work_ability_outcome and innsatsgruppe(data.work_ability_outcome) is None:
        problems.add("work_ability_outcome", _("Ukjent innsatsgruppe."))
    if data.work_ability_outcome and assessed is None and "work_ability_assessment_date" not in problems.items:
        problems.add("work_ability_assessment_date", _("Skriv datoen for arbeidsevnevurderingen."))
    if data.benefit_social_assistance not in SOCIAL_ASSISTANCE:
        problems.add("benefit_social_assistance", _("Ukjent valg for sosialhjelp."))
    note: dict[str, str] = {}
    for key, text in (data.transfer_note or {}).items():
        if key not in TRANSFER_NOTE_FIELDS:
            problems.add(f"transfer_note.{key}", _("Ukjent felt i overføringsnotatet."))
            continue
        checked = problems.check(f"transfer_note.{key}", optional_text, text, _(TRANSFER_NOTE_FIELDS[key]), 4000)
        if checked:
            note[key] = checked
    number = data.other_municipality_number.strip()
    if data.from_other_municipality:
        own = session.scalar(select(OfficeSettings.municipality_number).limit(1)) or ""
        if not number:
            problems.add("other_municipality_number", _("Velg kommunen personen kommer fra."))
        elif number not in dict(municipalities()):
            problems.add("other_municipality_number", _("Kommunenummeret finnes ikke i SSBs kommuneliste."))
        elif number == own:
            problems.add("other_municipality_number", _("Velg en annen kommune enn kontorets egen."))
    else:
        number = ""
    if data.kvp_caseworker_id is not None:
        user = session.get(User, data.kvp_caseworker_id)
        if user is None:
            problems.add("kvp_caseworker_id", _("Fant ikke KVP-veilederen."))
    problems.raise_if_any()
    return {
        "registered_date": registered, "channel": data.channel, "transfer_meeting_date": meeting,
        "kvp_caseworker_id": data.kvp_caseworker_id, "transfer_note": note,
        "work_ability_assessment_date": assessed, "work_ability_outcome": data.work_ability_outcome,
        "benefit_social_assistance": data.benefit_social_assistance,
        "benefit_introduction": data.benefit_introduction, "benefit_tiltakspenger": data.benefit_tiltakspenger,
        "benefit_folketrygd": data.benefit_folketrygd, "from_other_municipality": data.from_other_municipality,
        "other_municipality_number": number,
        "needs_social_assistance_while_waiting": data.needs_social_assistance_while_waiting,
    }  # fmt: skip


def register_application(ctx: AppContext, data: ApplicationInput, today: dt.date | None = None) -> ApplicationDetail:
    """Register a new application for ``data.person_id``. Refused while the person has another
    application that is not decided yet."""
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        values = _validate(session, data, today)
        open_one = session.scalar(
            select(Application.id).where(
                Application.person_id == data.person_id, Application.status.in_(("registered", "screening"))
            )
        )
        if open_one is not None:
            raise ValidationError({"person_id": _(
                "Personen har allerede en søknad som ikke er avgjort. Behandle den, eller registrer den som trukket."
            )})
        row = Application(person_id=data.person_id, status="registered", **values)
        session.add(row)
        session.flush()
        ctx.audit(session, "create", "application", row.id, data.person_id)
        detail = _detail(session, row)
        uow.commit()
    return detail


def update_application(
    ctx: AppContext, application_id: int, version: int, data: ApplicationInput, today: dt.date | None = None
) -> ApplicationDetail:
    """Change an application that is not decided yet (``version`` as read: someone else's change
    in between is refused)."""
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(Application, application_id)
        if row is None:
            raise NotFoundError(_("Søknaden finnes ikke (lenger)."))
        if row.version != version:
            raise ConflictError(_("Søknaden er endret av en annen etter at du åpnet den. Åpne den på nytt."))
        if row.status not in ("registered", "screening"):
            raise ValidationError({"status": _("Søknaden er avgjort og kan ikke endres.")})
        if data.person_id != row.person_id:
            raise ValidationError({"person_id": _("Søknaden hører til en annen person.")})
        for name, value in _validate(session, data, today).items():
            setattr(row, name, value)
        session.flush()
        ctx.audit(session, "update", "application", row.id, row.person_id)
        detail = _detail(session, row)
        uow.commit()
    return detail


def withdraw_application(ctx: AppContext, application_id: int) -> None:
    """The applicant withdraws an application that is not decided yet."""
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    with ctx.uow() as uow:
        row = uow.session.get(Application, application_id)
        if row is None:
            raise NotFoundError(_("Søknaden finnes ikke (lenger)."))
        if row.status not in ("registered", "screening"):
            raise ValidationError({"status": _("Søknaden er avgjort og kan ikke trekkes.")})
        row.status = "withdrawn"
        uow.session.flush()
        ctx.audit(uow.session, "withdraw", "application", row.id, row.person_id)
        uow.commit()


# --- mapping --------------------------------------------------------------------------------------
def _mapping_view(application_id: int, row: Mapping | None) -> MappingView:
    if row is None:
        return MappingView(application_id, None, frozenset(), frozenset(), {}, "", "", "", "", "")
    raw = row.characteristics or {}
    items = frozenset(str(k) for k in raw.get("items", []) if k in MAPPING_ITEMS)
    groups = frozenset(k for k, v in raw.items() if k in MAPPING_GROUPS and v is True)
    notes = {str(k): str(v) for k, v in (raw.get("notes") or {}).items() if k in MAPPING_GROUPS}
    return MappingView(application_id, row.version, items, groups, notes, row.education, row.work_experience,
                       row.interests, row.obstacles, row.notes)


def get_mapping(ctx: AppContext, application_id: int) -> MappingView:
    with ctx.uow() as uow:
        row = uow.session.scalar(select(Mapping).where(Mapping.application_id == application_id))
        return _mapping_view(application_id, row)


def save_mapping(ctx: AppContext, application_id: int, version: int | None, data: MappingInput) -> MappingView:
    """Save the kartlegging for an application (``version`` as read, ``None`` for a first save)."""
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    problems = Problems()
    unknown = set(data.characteristics) - MAPPING_ITEMS
    if unknown:
        problems.add("characteristics", _("Ukjent kjennetegn i kartleggingen."))
    texts = {}
    for name, label in (("education", _("Utdanning")), ("work_experience", _("Arbeidserfaring")),
                        ("interests", _("Interesser")), ("obstacles", _("Hindringer")), ("notes", _("Notater"))):
        texts[name] = problems.check(name, optional_text, getattr(data, name), label, 4000) or ""
    notes = {}
    for key, text in data.group_notes.items():
        if key not in MAPPING_GROUPS:
            problems.add(f"group_notes.{key}", _("Ukjent gruppe i kartleggingen."))
            continue
        checked = problems.check(f"group_notes.{key}", optional_text, text, _(MAPPING_GROUPS[key][0]), 2000)
        if checked:
            notes[key] = checked
    problems.raise_if_any()
    with ctx.uow() as uow:
        session = uow.session
        application = session.get(Application, application_id)
        if application is None:
            raise NotFoundError(_("Søknaden finnes ikke (lenger)."))
        row = session.scalar(select(Mapping).where(Mapping.application_id == application_id))
        if row is None:
            if version is not None:
                raise ConflictError(_("Kartleggingen er endret av en annen. Åpne den på nytt."))
            row = Mapping(application_id=application_id)
            session.add(row)
        elif row.version != version:
            raise ConflictError(_("Kartleggingen er endret av en annen etter at du åpnet den. Åpne den på nytt."))
        groups = {k for k, (_label, items) in MAPPING_GROUPS.items() if any(key in data.characteristics
                                                                            for key, _t in items)}
        row.characteristics = {"items": sorted(data.characteristics), "notes": notes,
                               **{group: True for group in sorted(groups)}}
        for name, value in texts.items():
            setattr(row, name, value)
        session.flush()
        ctx.audit(session, "update", "mapping", row.id, application.person_id)
        view = _mapping_view(application_id, row)
        uow.commit()
    return view
