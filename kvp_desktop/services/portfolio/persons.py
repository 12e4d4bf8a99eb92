"""Persons: register, read and list the office's clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.locking import check_version
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.infrastructure.validation import (
    Problems,
    check_bank_account,
    check_date,
    check_identity_number,
    check_postcode,
    mask_identity_number,
    optional_text,
    required_text,
)
from kvp_desktop.sort_key import person_sort_key
from kvp_desktop.store.models import Child, Person

if TYPE_CHECKING:
    from kvp_desktop.services.screening.deadlines import PersonDeadlines

MARITAL_STATUSES = {"1": "Ugift", "2": "Gift", "3": "Samboer", "4": "Skilt/separert", "5": "Enke/enkemann"}
WORK_EXPERIENCE = ("none", "little", "some")
# Written standard of the person's letters (målform); "" means the office's.
WRITTEN_STANDARDS = {"": N_("Kontorets målform"), "nb": N_("Bokmål"), "nn": N_("Nynorsk")}
# Suggestions for the preferred language (free text is allowed: any language the person speaks).
LANGUAGE_SUGGESTIONS = (N_("norsk"), N_("engelsk"), N_("arabisk"), N_("somali"), N_("tigrinja"), N_("dari"),
                        N_("ukrainsk"), N_("polsk"), N_("nordsamisk"))


@dataclass(frozen=True)
class ChildInput:
    """A child of the person. The child supplement is paid for a child under 18 whom the
    participant supports (stl. § 35, forskrift § 3): ``supported``; ``in_household`` is for KOSTRA."""

    birth_date: dt.date | str
    first_name: str = ""
    in_household: bool = True
    supported: bool = True


@dataclass(frozen=True)
class PersonInput:
    fodselsnummer: str
    first_name: str
    last_name: str
    address: str = ""
    postcode: str = ""
    postplace: str = ""
    municipality_number: str = ""
    marital_status: str = "1"
    phone: str = ""
    email: str = ""
    bank_account: str = ""
    preferred_language: str = ""
    written_standard: str = ""  # "" (the office's), "nb" or "nn"
    journal_number: str = ""
    caseworker_id: int | None = None
    children: tuple[ChildInput, ...] = ()
    first_social_assistance_application: dt.date | str | None = None
    social_assistance_only_income_months: int = 0
    planned_20a_conditions: bool = False
    aap_end_date: dt.date | str | None = None
    intro_programme_end_date: dt.date | str | None = None
    youth_without_apprenticeship: bool = False
    upper_secondary_dropout: bool = False
    work_experience: str = "some"
    notes: str = ""


@dataclass(frozen=True)
class ChildDTO:
    first_name: str
    birth_date: dt.date
    in_household: bool
    supported: bool = True

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def gives_supplement_on(self, day: dt.date) -> bool:
        """Under 18 and supported by the participant on ``day`` (forskrift § 3)."""
        return self.supported and self.birth_date <= day and self.age_on(day) < 18


@dataclass(frozen=True)
class PersonDTO:
    id: int
    fodselsnummer: str
    masked_id: str
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    marital_status: str
    address: str
    postcode: str
    postplace: str
    municipality_number: str
    journal_number: str
    caseworker_id: int | None
    version: int
    children: tuple[ChildDTO, ...] = field(default=())
    notes: str = ""
    phone: str = ""
    email: str = ""
    bank_account: str = ""
    preferred_language: str = ""
    written_standard: str = ""
    first_social_assistance_application: dt.date | None = None
    social_assistance_only_income_months: int = 0
    planned_20a_conditions: bool = False
    aap_end_date: dt.date | None = None
    intro_programme_end_date: dt.date | None = None
    youth_without_apprenticeship: bool = False
    upper_secondary_dropout: bool = False
    work_experience: str = "some"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def _to_dto(row: Person) -> PersonDTO:
    return PersonDTO(
        id=row.id,
        fodselsnummer=row.fodselsnummer,
        masked_id=mask_identity_number(row.fodselsnummer),
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        sex=row.sex,
        marital_status=row.marital_status,
        address=row.address,
        postcode=row.postcode,
        postplace=row.postplace,
        municipality_number=row.municipality_number,
        journal_number=row.journal_number,
        caseworker_id=row.caseworker_id,
        version=row.version,
        children=tuple(ChildDTO(c.first_name, c.birth_date, c.in_household, c.supported) for c in row.children),
        notes=row.notes,
        phone=row.phone,
        email=row.email,
        bank_account=row.bank_account or "",
        preferred_language=row.preferred_language or "",
        written_standard=row.written_standard or "",
        first_social_assistance_application=row.first_social_assistance_application,
        social_assistance_only_income_months=row.social_assistance_only_income_months,
        planned_20a_conditions=row.planned_20a_conditions,
        aap_end_date=row.aap_end_date,
        intro_programme_end_date=row.intro_programme_end_date,
        youth_without_apprenticeship=row.youth_without_apprenticeship,
        upper_secondary_dropout=row.upper_secondary_dropout,
        work_experience=row.work_experience,
    )


def validate_person(data: PersonInput, today: dt.date) -> tuple[Person, list[Child]]:
    """Check every field; raise ``ValidationError`` with all problems, or return unsaved rows."""
    problems = Problems()
    ident = problems.check("fodselsnummer", check_identity_number, data.fodselsnummer, today)
    first = problems.check("first_name", required_text, data.first_name, _("Fornavn"), 100)
    last = problems.check("last_name", required_text, data.last_name, _("Etternavn"), 100)
    address = problems.check("address", optional_text, data.address, _("Adresse"))
    postcode = problems.check("postcode", check_postcode, data.postcode)
    postplace = problems.check("postplace", optional_text, data.postplace, _("Poststed"), 100)
    notes = problems.check("notes", optional_text, data.notes, _("Notater"), 4000)
    # The column sizes (PostgreSQL refuses longer text; the caseworker gets a message instead).
    phone = problems.check("phone", optional_text, data.phone, _("Telefon"), 40)
    email = problems.check("email", optional_text, data.email, _("E-post"), 200)
    account = problems.check("bank_account", check_bank_account, data.bank_account)
    language = problems.check("preferred_language", optional_text, data.preferred_language, _("Foretrukket språk"), 40)
    if data.written_standard not in WRITTEN_STANDARDS:
        problems.add("written_standard", _("Målformen må være bokmål (nb) eller nynorsk (nn)."))
    if data.marital_status not in MARITAL_STATUSES:
        problems.add("marital_status", _("Ukjent sivilstand."))
    if data.work_experience not in WORK_EXPERIENCE:
        problems.add("work_experience", _("Ukjent verdi for arbeidserfaring."))
    if data.municipality_number and not (len(data.municipality_number) == 4 and data.municipality_number.isascii()
                                         and data.municipality_number.isdigit()):
        problems.add("municipality_number", _("Kommunenummeret må ha fire siffer."))
    if not 0 <= data.social_assistance_only_income_months <= 600:
        problems.add("social_assistance_only_income_months", _("Antall måneder må være mellom 0 og 600."))
    dates = {}
    for name, label in (
        ("first_social_assistance_application", _("Første søknad om sosialhjelp")),
        ("aap_end_date", _("AAP avsluttet")),
        ("intro_programme_end_date", _("Introduksjonsprogram avsluttet")),
    ):
        dates[name] = problems.check(name, check_date, getattr(data, name), label, required=False)
    children: list[Child] = []
    for index, child in enumerate(data.children, start=1):
        born = problems.check(f"children.{index}", check_date, child.birth_date, _("Barnets fødselsdato"))
        if born is not None:
            if born > today:
                problems.add(f"children.{index}", _("Barnets fødselsdato kan ikke være fram i tid."))
            if len(child.first_name.strip()) > 100:
                problems.add(f"children.{index}", _("Barnets navn kan ha høyst 100 tegn."))
            children.append(Child(first_name=child.first_name.strip()[:100], birth_date=born,
                                  in_household=child.in_household, supported=child.supported))
    problems.raise_if_any()
    assert ident is not None and first is not None and last is not None
    person = Person(
        fodselsnummer=ident.number,
        first_name=first,
        last_name=last,
        sort_key=person_sort_key(last, first),
        birth_date=ident.birth_date,
        sex=ident.sex,
        marital_status=data.marital_status,
        address=address or "",
        postcode=postcode or "",
        postplace=postplace or "",
        municipality_number=data.municipality_number,
        phone=phone or "",
        email=email or "",
        bank_account=account or "",
        preferred_language=language or "",
        written_standard=data.written_standard or None,
        journal_number=data.journal_number.strip()[:8],
        caseworker_id=data.caseworker_id,
        social_assistance_only_income_months=data.social_assistance_only_income_months,
        planned_20a_conditions=data.planned_20a_conditions,
        youth_without_apprenticeship=data.youth_without_apprenticeship,
        upper_secondary_dropout=data.upper_secondary_dropout,
        work_experience=data.work_experience,
        notes=notes or "",
        **dates,
    )
    return person, children


def create_person(ctx: AppContext, data: PersonInput, today: dt.date | None = None) -> PersonDTO:
    """Register a new person. Refuses a fødselsnummer that is already in the register."""
    require(ctx, Permission.REGISTER_PERSONS)
    today = today or dt.date.today()
    person, children = validate_person(data, today)
    with ctx.uow() as uow:
        session = uow.session
        existing = session.scalar(select(Person.id).where(Person.fodselsnummer == person.fodselsnummer))
        if existing is not None:
            raise ValidationError({"fodselsnummer": _("Det finnes allerede en person med dette fødselsnummeret.")})
        person.children = children
        session.add(person)
        try:
            session.flush()
        except IntegrityError as exc:  # a concurrent insert of the same number
            raise ValidationError(
                {"fodselsnummer": _("Det finnes allerede en person med dette fødselsnummeret.")}
            ) from exc
        ctx.audit(session, "create", "person", person.id, person.id)
        dto = _to_dto(person)
        uow.commit()
    return dto


_LABELS = {"first_name": N_("Fornavn"), "last_name": N_("Etternavn"), "address": N_("Adresse"),
           "postcode": N_("Postnummer"), "postplace": N_("Poststed"), "marital_status": N_("Sivilstand"),
           "phone": N_("Telefon"), "email": N_("E-post"), "bank_account": N_("Kontonummer"),
           "preferred_language": N_("Foretrukket språk"),
           "journal_number": N_("Journalnummer"), "notes": N_("Notater")}


# The columns a person form owns (others — caseworker, checkout marks, flags — have their own jobs).
_FORM_COLUMNS = (
    "first_name", "last_name", "sort_key", "birth_date", "sex", "marital_status", "address", "postcode", "postplace",
    "municipality_number", "phone", "email", "bank_account", "preferred_language", "written_standard",
    "journal_number", "notes", "first_social_assistance_application",
    "social_assistance_only_income_months", "planned_20a_conditions", "aap_end_date", "intro_programme_end_date",
    "youth_without_apprenticeship", "upper_secondary_dropout", "work_experience",
)


def update_person(
    ctx: AppContext, person_id: int, data: PersonInput, expected_version: int, loaded: PersonDTO | None = None,
    today: dt.date | None = None,
) -> PersonDTO:
    """Save changes to a person's identity and facts. The fødselsnummer itself cannot change here.

    ``expected_version`` is the version the form was loaded with: if someone else saved the person
    since, a ``RecordConflictError`` says what they changed and nothing is written.
    """
    require(ctx, Permission.REGISTER_PERSONS)
    fresh, children = validate_person(data, today or dt.date.today())
    with ctx.uow() as uow:
        row = uow.session.get(Person, person_id)
        if row is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        if fresh.fodselsnummer != row.fodselsnummer:
            raise ValidationError({"fodselsnummer": _("Fødselsnummeret kan ikke endres her.")})
        before = {f: getattr(loaded, f) for f in _LABELS} if loaded is not None else None
        check_version(row, expected_version, _("Personen"), before, {k: _(v) for k, v in _LABELS.items()})
        for column in _FORM_COLUMNS:
            setattr(row, column, getattr(fresh, column))
        row.caseworker_id = data.caseworker_id if data.caseworker_id is not None else row.caseworker_id
        row.children = children
        ctx.audit(uow.session, "change", "person", row.id, row.id)
        uow.session.flush()
        dto = _to_dto(row)
        uow.commit()
    return dto


def input_from(person: PersonDTO, **changes: object) -> PersonInput:
    """A form's input built from a loaded person, with ``changes`` applied."""
    base = PersonInput(
        fodselsnummer=person.fodselsnummer, first_name=person.first_name, last_name=person.last_name,
        address=person.address, postcode=person.postcode, postplace=person.postplace,
        municipality_number=person.municipality_number, marital_status=person.marital_status,
        journal_number=person.journal_number, caseworker_id=person.caseworker_id, notes=person.notes,
        children=tuple(ChildInput(c.birth_date, c.first_name, c.in_household, c.supported)
                       for c in person.children),
        first_social_assistance_application=person.first_social_assistance_application,
        social_assistance_only_income_months=person.social_assistance_only_income_months,
        planned_20a_conditions=person.planned_20a_conditions, aap_end_date=person.aap_end_date,
        intro_programme_end_date=person.intro_programme_end_date,
        youth_without_apprenticeship=person.youth_without_apprenticeship,
        upper_secondary_dropout=person.upper_secondary_dropout, work_experience=person.work_experience,
        phone=person.phone, email=person.email, bank_account=person.bank_account,
        preferred_language=person.preferred_language, written_standard=person.written_standard,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reapply(loaded: PersonDTO, mine: PersonInput, current: PersonDTO) -> PersonInput:
    """After a conflict: the caseworker's own changes (``mine`` against what they loaded) laid
    over the version saved now, so neither person's edit is lost."""
    own = {f.name: getattr(mine, f.name) for f in fields(PersonInput)
           if getattr(mine, f.name) != getattr(input_from(loaded), f.name)}
    return input_from(current, **own)


def get_person(ctx: AppContext, person_id: int, *, audit: bool = True) -> PersonDTO:
    """Open one person's data (recorded in the audit trail)."""
    with ctx.uow() as uow:
        row = uow.session.get(Person, person_id)
        if row is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        dto = _to_dto(row)
        if audit:
            ctx.audit(uow.session, "open", "person", person_id, person_id)
            uow.commit()
    return dto


def count_persons(ctx: AppContext) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count(Person.id))) or 0)


@dataclass(frozen=True)
class PersonChoice:
    """A line in the person selector: enough to recognise someone, no full fødselsnummer."""

    id: int
    label: str


def search_persons(ctx: AppContext, text: str = "", limit: int = 50) -> list[PersonChoice]:
    """Persons whose name starts with ``text`` (or whose fødselsnummer starts with the digits)."""
    from kvp_desktop.sort_key import norwegian_sort_key

    with ctx.uow() as uow:
        query = select(Person.id, Person.first_name, Person.last_name, Person.birth_date)
        text = text.strip()
        if text.isdigit():
            query = query.where(Person.fodselsnummer.startswith(text))
        elif text:
            key = norwegian_sort_key(text)
            query = query.where(
                Person.sort_key.startswith(key) | func.lower(Person.first_name).startswith(text.casefold())
            )
        rows = uow.session.execute(query.order_by(Person.sort_key).limit(limit)).all()
    return [
        PersonChoice(r.id, f"{r.last_name}, {r.first_name} ({r.birth_date.strftime('%d.%m.%Y')})") for r in rows
    ]


@dataclass(frozen=True)
class ChosenPerson:
    """What the person bar shows when a person is chosen: the person and the deadlines."""

    person: PersonDTO
    deadlines: PersonDeadlines


def choose_person(ctx: AppContext, person_id: int, today: dt.date | None = None) -> ChosenPerson:
    """Open a person (recorded in the audit trail, as :func:`get_person`) with the deadlines, in one
    unit of work: a shared office across a slow network pays a round trip per statement and two per
    transaction, so the person bar asks once."""
    from sqlalchemy.orm import joinedload

    from kvp_desktop.services.screening.deadlines import deadlines_in

    with ctx.uow() as uow:
        row = uow.session.scalars(select(Person).options(joinedload(Person.children))
                                  .where(Person.id == person_id)).unique().first()
        if row is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        dto = _to_dto(row)
        found = deadlines_in(ctx, uow.session, person_id, row.birth_date, today or dt.date.today())
        ctx.audit(uow.session, "open", "person", person_id, person_id)
        uow.commit()
    return ChosenPerson(dto, found)
