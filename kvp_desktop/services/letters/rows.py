"""A letter row of either table (``decisions`` or ``certificates``) behind one interface, who may read
or draft letters, and the parts of a letter that come from the office, the person and the case
(letterhead, recipient, case handler, case reference): :func:`compose` builds the letter DTO of a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.documents.model import (
    CaseRef,
    Caseworker,
    Letter,
    OfficeInfo,
    Recipient,
    WrittenStandard,
)
from kvp_desktop.i18n import _
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import administrative_act, statsforvalter
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ServiceError
from kvp_desktop.services.infrastructure.roles import Permission, allowed, require
from kvp_desktop.services.letters import content as content_
from kvp_desktop.services.letters.dto import DocumentRef, Table
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.store.models import (
    Application,
    Certificate,
    Decision,
    OfficeSettings,
    Person,
    Programme,
    User,
)

# --- permissions ---------------------------------------------------------------------------------


def require_read(ctx: AppContext) -> None:
    """Reading a person's letters: the caseworker roles and the leader."""
    if not (allowed(ctx, Permission.ISSUE_DECISION) or allowed(ctx, Permission.REVIEW_PORTFOLIO)):
        require(ctx, Permission.ISSUE_DECISION)


def require_draft_permission(ctx: AppContext) -> None:
    """Making a draft from a concluded screening needs either permission."""
    if not allowed(ctx, Permission.CONCLUDE_SCREENING):
        require(ctx, Permission.ISSUE_DECISION)


# --- a row of either table -----------------------------------------------------------------------


class Doc:
    """The common view of a ``Decision`` or ``Certificate`` row."""

    def __init__(self, session: Session, row: Decision | Certificate) -> None:
        self.session = session
        self.row = row
        if isinstance(row, Decision):
            self.table: Table = "decision"
            self.person_id = row.person_id
            self.letter_type = row.kind
            self.application_id = row.application_id
            self.programme_id = row.programme_id
        else:
            self.table = "certificate"
            programme = session.get(Programme, row.programme_id)
            assert programme is not None
            self.person_id = programme.person_id
            self.letter_type = "deltakerbevis"
            self.application_id = programme.application_id
            self.programme_id = row.programme_id

    @property
    def ref(self) -> DocumentRef:
        return DocumentRef(self.table, self.row.id)

    @property
    def content(self) -> dict[str, Any]:
        return dict(self.row.content or {})

    @property
    def state(self) -> str:
        return self.row.state

    @property
    def written_standard(self) -> WrittenStandard:
        value = self.row.written_standard if isinstance(self.row, Decision) else self.content.get("written_standard")
        return "nn" if value == "nn" else "nb"

    @property
    def decision_date(self) -> dt.date | None:
        if isinstance(self.row, Decision):
            return self.row.decision_date if self.row.state != "draft" else None
        raw = self.content.get("date")
        return dt.date.fromisoformat(raw) if raw and self.row.state != "draft" else None

    @property
    def created_by_id(self) -> int | None:
        if isinstance(self.row, Decision):
            return self.row.created_by_id
        value = self.content.get("created_by_id")
        return int(value) if value is not None else None

    def set_content(self, data: dict[str, Any]) -> None:
        self.row.content = data  # a new dict, so the JSON column is marked changed

    def set_written_standard(self, lang: str) -> None:
        if isinstance(self.row, Decision):
            self.row.written_standard = lang
        else:
            data = self.content
            data["written_standard"] = lang
            self.set_content(data)


def load(session: Session, ref: DocumentRef) -> Doc:
    row: Decision | Certificate | None
    if ref.table == "decision":
        row = session.get(Decision, ref.id)
    elif ref.table == "certificate":
        row = session.get(Certificate, ref.id)
    else:
        row = None
    if row is None:
        raise NotFoundError(_("Fant ikke brevet (det kan være slettet)."))
    return Doc(session, row)


def no_pdf_message() -> str:
    return _("Vedtaket er registrert som fattet, men brevet ble ikke laget i KVP Desktop. Det finnes ingen "
             "lagret PDF å vise eller skrive ut.")


def require_draft_state(doc: Doc) -> None:
    if doc.state != "draft":
        if doc.table == "certificate":
            raise ServiceError(_("Deltakerbeviset er utstedt og kan ikke endres. Lag et nytt utkast om noe må rettes."))
        raise ServiceError(_("Vedtaket er fattet og kan ikke endres. Lag et nytt vedtak om noe må rettes."))


# --- office, recipient, case handler, case reference -----------------------------------------------


def office_row(session: Session) -> OfficeSettings:
    row = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
    if row is None:
        raise ServiceError(_("Kontoret er ikke satt opp ennå. Fyll inn kontoopplysningene under Innstillinger."))
    return row


def _org_number(raw: str) -> str:
    digits = "".join(ch for ch in raw if ch.isdigit())
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 9 else raw


def office_info(session: Session, lang: WrittenStandard | None = None) -> OfficeInfo:
    """The office's letterhead from Settings (name, address). The Statsforvalter that decides
    complaints is mapped from the office's kommunenummer (``rules.statsforvalter``, stl. § 48);
    the free-text county in Settings is not used in letters."""
    row = office_row(session)
    standard: WrittenStandard = lang or ("nn" if row.written_standard == "nn" else "nb")
    municipality = f"{row.municipality_name} kommune"
    return OfficeInfo(
        name=row.office_name,
        department=row.department,
        address_lines=(row.address,) if row.address else (),
        postal_code=row.postcode,
        postal_place=row.postplace,
        phone=row.phone,
        email=row.email,
        org_number=_org_number(row.org_number),
        municipality=municipality,
        county=statsforvalter.region_for(row.municipality_number) or "",
        written_standard=standard,
        letterhead_text=municipality,
    )


def new_fvl_in_force(params: ParameterSet) -> dt.date | None:
    """The first date the dated parameter ``public_administration_act`` says «2025» (rules)."""
    return administrative_act.new_act_in_force(params)


def load_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("Fant ikke personen (id {id}).", id=person_id))
    return person


def recipient_of(person: Person, data: Mapping[str, Any]) -> tuple[Recipient, bool]:
    override = data.get("recipient")
    if override:
        return Recipient(name=override["name"], address_lines=tuple(override["address_lines"]),
                         postal_code=override["postal_code"], postal_place=override["postal_place"]), True
    return Recipient(name=f"{person.first_name} {person.last_name}",
                     address_lines=(person.address,) if person.address else (),
                     postal_code=person.postcode, postal_place=person.postplace), False


def caseworker_of(session: Session, user_id: int | None, fallback: AppContext) -> Caseworker:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        return Caseworker(name=fallback.user.full_name, title="")
    return Caseworker(name=user.full_name, title=user.title, phone=user.phone, email=user.email)


def case_ref(session: Session, doc: Doc, person: Person, letter_date: dt.date) -> CaseRef:
    prefix = "D" if doc.table == "certificate" else ""
    journal = f"{person.journal_number or person.id}-{prefix}{doc.row.id}"
    if doc.application_id is not None:
        application = session.get(Application, doc.application_id)
        year = application.registered_date.year if application else letter_date.year
        case_number = f"KVP-{year}-{doc.application_id:04d}"
    elif doc.programme_id is not None:
        case_number = f"KVP-P-{doc.programme_id:04d}"
    else:
        case_number = f"KVP-{person.journal_number or person.id}"
    return CaseRef(journal_number=journal, case_number=case_number, decision_date=letter_date)


def compose(ctx: AppContext, doc: Doc, letter_date: dt.date, approver_id: int | None = None) -> Letter:
    """The letter DTO of a draft as it would be issued on ``letter_date``."""
    session = doc.session
    lang = doc.written_standard
    person = load_person(session, doc.person_id)
    data = doc.content
    recipient, _overridden = recipient_of(person, data)
    caseworker_id = doc.created_by_id or person.caseworker_id
    approver = None
    if approver_id is not None and approver_id != caseworker_id:
        approver = caseworker_of(session, approver_id, ctx)
    base = {
        "office": office_info(session, lang),
        "recipient": recipient,
        "caseworker": caseworker_of(session, caseworker_id, ctx),
        "case": case_ref(session, doc, person, letter_date),
        "approver": approver,
        "new_fvl_in_force": new_fvl_in_force(office_parameters(session)),
    }
    fields = content_.fields_from_json(doc.letter_type, data.get("fields", {}))
    try:
        return content_.build_letter(doc.letter_type, base, fields)
    except TypeError as exc:  # a field missing: the draft was made by an older program
        raise ServiceError(_("Utkastet mangler opplysninger. Lag et nytt utkast.")) from exc
