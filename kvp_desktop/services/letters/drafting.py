"""Letter drafts: made from the data or from a concluded § 29 screening, edited, reset, discarded.

* :func:`create_draft` — any letter type, with the defaults the data give (:mod:`.default_content`);
* :func:`create_grant_draft` / :func:`create_refusal_draft` (and ``add_*`` in the caller's transaction) —
  what the screening service calls when the caseworker concludes: an *innvilgelse* draft with programme
  start, first decision period and the amounts from the rules engine, or an *avslag* draft with each
  failed criterion as a reason with its legal reference (a criterion that rests on the NAV-loven § 14 a
  assessment sends that part of a complaint to NAV klageinstans);
* :func:`draft_form` / :func:`update_draft` — the fields the caseworker may change, as text;
  :func:`reset_draft`, :func:`discard_draft`.

Texts are given in bokmål (the UI language); a reason text that is a message id of the catalogs is
translated when the letter is written in nynorsk, other texts the caseworker adjusts in the draft.
Issuing is :mod:`.decisions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, joinedload, outerjoin

from kvp_desktop.documents.model import (
    NOTICE_MATTERS,
    WRITTEN_STANDARDS,
    WrittenStandard,
)
from kvp_desktop.i18n import _
from kvp_desktop.rules import calendar
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.letters import content as content_
from kvp_desktop.services.letters import kinds
from kvp_desktop.services.letters.certificates import create_certificate_draft
from kvp_desktop.services.letters.decisions import documents_in
from kvp_desktop.services.letters.default_content import Gen, latest_application
from kvp_desktop.services.letters.dto import (
    DocumentRef,
    DocumentView,
    DraftChanges,
    DraftField,
    DraftForm,
    RecipientOverride,
    RecipientView,
)
from kvp_desktop.services.letters.rows import (
    load,
    load_person,
    office_row,
    recipient_of,
    require_draft_permission,
    require_draft_state,
    require_read,
)
from kvp_desktop.store.models import (
    Application,
    Decision,
    OfficeSettings,
    Person,
    Programme,
    Screening,
)


@dataclass(frozen=True)
class GrantDraftInput:
    """What the screening knows when it concludes «innvilges»."""

    person_id: int
    application_id: int
    proposed_start: dt.date  # programme start (first day of the decision period)
    first_period_to: dt.date  # last day of the first decision period (inclusive)
    considerations: str = ""  # main considerations / reasons in the caseworker's words
    facts: tuple[str, ...] = ()  # facts the decision rests on (application, assessments …)
    reasons: tuple[tuple[str, str], ...] = ()  # optional (text, legal reference) per met criterion
    today: dt.date | None = None  # letter date of the draft; default: today's date


@dataclass(frozen=True)
class RefusalDraftInput:
    """What the screening knows when it concludes «avslås»."""

    person_id: int
    application_id: int
    # (criterion label, reason text, legal reference, rests_on_14a) per failed criterion
    failed_criteria: tuple[tuple[str, str, str, bool], ...]
    considerations: str = ""
    facts: tuple[str, ...] = ()
    today: dt.date | None = None



# --- creating drafts ------------------------------------------------------------------------------


def person_standard(session: Session, person: Person, office_standard: str | None = None) -> WrittenStandard:
    """The person's written standard, else the office's (``office_standard`` when the caller read it)."""
    value = person.written_standard or office_standard or office_row(session).written_standard
    return "nn" if value == "nn" else "nb"


def _new_decision(ctx: AppContext, session: Session, person: Person, letter_type: str, source: dict[str, Any],
                  today: dt.date, application_id: int | None, programme_id: int | None,
                  office_standard: str | None = None) -> Decision:
    lang = person_standard(session, person, office_standard)
    g = Gen(ctx, session, person, lang, today, source)
    fields = kinds.kind(letter_type).defaults(g)
    row = Decision(person_id=person.id, application_id=application_id, programme_id=programme_id, kind=letter_type,
                   state="draft", written_standard=lang, decision_date=None,
                   content={"fields": content_.fields_to_json(letter_type, fields), "source": source, "edited": []},
                   created_by_id=ctx.user.id)
    session.add(row)
    session.flush()
    ctx.audit(session, "create", "decision", row.id, person.id, letter_type)
    return row


def _check_application(session: Session, person_id: int, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None or application.person_id != person_id:
        raise ValidationError({"application_id": _("Søknaden hører ikke til denne personen.")})
    return application


def grant_source(data: GrantDraftInput) -> dict[str, Any]:
    """What an innvilgelse draft is made from (stored with it, JSON)."""
    return {"application_id": data.application_id, "proposed_start": data.proposed_start.isoformat(),
            "first_period_to": data.first_period_to.isoformat(), "considerations": data.considerations,
            "facts": list(data.facts), "reasons": [list(r) for r in data.reasons]}


def refusal_source(data: RefusalDraftInput) -> dict[str, Any]:
    """What an avslag draft is made from (stored with it, JSON)."""
    return {"application_id": data.application_id, "considerations": data.considerations,
            "facts": list(data.facts), "failed_criteria": [list(c) for c in data.failed_criteria]}


def _check_grant(data: GrantDraftInput) -> None:
    problems: dict[str, str] = {}
    # A first period longer than 12 months (forskrift § 2) is a warning for the caseworker, not a
    # block here (docs/rules.md, «Advarsler, ikke stopp»); the dates must still be in order.
    if data.first_period_to < data.proposed_start:
        problems["first_period_to"] = _("Første vedtaksperiode må slutte etter at den begynner.")
    if problems:
        raise ValidationError(problems)


def _check_refusal(data: RefusalDraftInput) -> None:
    if not data.failed_criteria:
        raise ValidationError({"failed_criteria": _("Et avslag må ha minst ett vilkår som ikke er oppfylt.")})
    for criterion in data.failed_criteria:
        if len(criterion) != 4 or not (str(criterion[0]).strip() or str(criterion[1]).strip()):
            raise ValidationError(
                {"failed_criteria": _("Hvert vilkår som ikke er oppfylt, må ha navn og begrunnelse.")})


def create_grant_draft(ctx: AppContext, data: GrantDraftInput) -> int:
    """An innvilgelse draft from a concluded screening (see the module docstring)."""
    with ctx.uow() as uow:  # add_grant_draft checks the role and the input before it writes anything
        row = add_grant_draft(ctx, uow.session, data)
        uow.commit()
        return row.id


def add_grant_draft(ctx: AppContext, session: Session, data: GrantDraftInput) -> Decision:
    """The innvilgelse draft added to the caller's transaction (the screening's conclusion), not committed."""
    require_draft_permission(ctx)
    _check_grant(data)
    today = data.today or dt.date.today()
    person = load_person(session, data.person_id)
    _check_application(session, person.id, data.application_id)
    source = grant_source(data)
    programme = session.scalars(select(Programme).where(Programme.application_id == data.application_id)).first()
    return _new_decision(ctx, session, person, "innvilgelse", source, today, data.application_id,
                         programme.id if programme else None)


def create_refusal_draft(ctx: AppContext, data: RefusalDraftInput) -> int:
    """An avslag draft with each failed criterion as a reason (see the module docstring)."""
    with ctx.uow() as uow:  # add_refusal_draft checks the role and the input before it writes anything
        row = add_refusal_draft(ctx, uow.session, data)
        uow.commit()
        return row.id


def add_refusal_draft(ctx: AppContext, session: Session, data: RefusalDraftInput) -> Decision:
    """The avslag draft added to the caller's transaction (the screening's conclusion), not committed."""
    require_draft_permission(ctx)
    _check_refusal(data)
    today = data.today or dt.date.today()
    person = load_person(session, data.person_id)
    _check_application(session, person.id, data.application_id)
    return _new_decision(ctx, session, person, "avslag", refusal_source(data), today, data.application_id, None)


def _failed_from_screening(session: Session, application_id: int) -> tuple[tuple[str, str, str, bool], ...]:
    screening = session.scalars(
        select(Screening).where(Screening.application_id == application_id)
        .order_by(Screening.revision.desc()).limit(1)
    ).first()
    if screening is None:
        return ()
    return tuple(
        (str(item.get("label", code)), str(item.get("reasoning", "")), str(item.get("reference", "")),
         bool(item.get("rests_on_14a", False)))
        for code, item in (screening.assessments or {}).items() if item.get("state") == "not_met"
    )


def failed_criteria(ctx: AppContext, application_id: int) -> tuple[tuple[str, str, str, bool], ...]:
    """The criteria the latest screening of the application found not met (label, reason, reference, § 14 a)."""
    require_read(ctx)
    with ctx.uow() as uow:
        return _failed_from_screening(uow.session, application_id)


def create_draft(ctx: AppContext, person_id: int, letter_type: str, *, programme_id: int | None = None,
                 application_id: int | None = None, today: dt.date | None = None,
                 matter: str | None = None,
                 before_commit: Callable[[Session, DocumentRef], None] | None = None) -> DocumentRef:
    """A draft of ``letter_type`` for the person, with the defaults the data give.

    ``matter`` chooses what a ``forhandsvarsel`` warns of: ``tilbakebetaling``, ``refusjon`` or
    ``trekk`` (default: from the person's latest recovery or refund claim).

    Innvilgelse and avslag use the person's latest application (and its screening); the other
    decisions and the deltakerbevis use the latest programme unless ``programme_id`` is given.
    """
    require(ctx, Permission.ISSUE_DECISION)
    kinds.kind(letter_type)  # a Norwegian error for a key that names no letter
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        grant_or_refusal = letter_type in ("innvilgelse", "avslag")
        person, office_standard, programme = _draft_basis(session, person_id, programme_id, not grant_or_refusal)
        application: Application | None = None
        if grant_or_refusal:  # the other letters are written from the programme
            application = (session.get(Application, application_id) if application_id
                           else latest_application(session, person.id))
            if application is None or application.person_id != person.id:
                raise ValidationError({"application_id": _("Personen har ingen søknad å fatte vedtak om.")})
            application_id = application.id
        if letter_type == "innvilgelse":
            assert application is not None
            start = _next_monday(today + dt.timedelta(days=7))
            data = GrantDraftInput(person.id, application.id, start,
                                   calendar.add_months(start, 12) - dt.timedelta(days=1), today=today)
            uow.rollback()
        elif letter_type == "avslag":
            assert application is not None
            failed = _failed_from_screening(session, application.id)
            if not failed:
                raise ValidationError({"letter_type": _("Vurderingen av søknaden har ingen vilkår som ikke er "
                                                        "oppfylt. Et avslag må bygge på minst ett.")})
            refusal = RefusalDraftInput(person.id, application.id, failed, today=today)
        else:
            if programme is None or programme.person_id != person.id:
                raise ValidationError({"programme": _("Personen har ikke noe kvalifiseringsprogram å skrive om.")})
            if letter_type == "deltakerbevis":
                uow.rollback()
                return DocumentRef("certificate", create_certificate_draft(ctx, programme.id, today=today))
            source: dict[str, Any] = {"programme_id": programme.id}
            if matter is not None:
                if matter not in NOTICE_MATTERS:
                    raise ValidationError({"matter": _("Forhåndsvarselet må gjelde tilbakebetaling, refusjon "
                                                       "eller trekk.")})
                source["matter"] = matter
            row = _new_decision(ctx, session, person, letter_type, source, today, programme.application_id,
                                programme.id, office_standard)
            if before_commit is not None:  # create_draft_shown: what the window shows, in this transaction
                session.flush()
                before_commit(session, DocumentRef("decision", row.id))
            uow.commit()
            return DocumentRef("decision", row.id)
    if letter_type == "innvilgelse":
        return DocumentRef("decision", create_grant_draft(ctx, data))
    return DocumentRef("decision", create_refusal_draft(ctx, refusal))


def _draft_basis(session: Session, person_id: int, programme_id: int | None,
                 with_programme: bool) -> tuple[Person, str | None, Programme | None]:
    """The person, the office's written standard and (``with_programme``) the programme ``programme_id`` —
    else the person's latest — with its periods, in one statement: a shared office's server is across a
    network, and each statement is a round trip. The standard is ``None`` when the office is not set up."""
    first_office = select(func.min(OfficeSettings.id)).scalar_subquery()
    joined = outerjoin(Person, OfficeSettings, OfficeSettings.id == first_office)
    query = select(Person, OfficeSettings.written_standard).where(Person.id == person_id)
    if with_programme:
        if programme_id:
            chosen = Programme.id == programme_id
        else:
            other = aliased(Programme)
            chosen = Programme.id == (select(other.id).where(other.person_id == Person.id)
                                      .order_by(other.start_date.desc(), other.id.desc()).limit(1)
                                      .correlate(Person).scalar_subquery())
        joined = joined.outerjoin(Programme, chosen)
        query = query.add_columns(Programme).options(joinedload(Programme.periods))
    found = session.execute(query.select_from(joined)).unique().first()
    if found is None:
        return load_person(session, person_id), None, None  # the Norwegian «not found»
    return found[0], found[1], (found[2] if with_programme else None)


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def draft_form(ctx: AppContext, ref: DocumentRef) -> DraftForm:
    """The fields of a letter as editor texts (also for an issued one, read-only in the UI)."""
    require_read(ctx)
    with ctx.read() as uow:
        return draft_form_in(uow.session, ref)


def draft_form_in(session: Session, ref: DocumentRef) -> DraftForm:
    """:func:`draft_form` in the caller's session."""
    doc = load(session, ref)
    person = load_person(session, doc.person_id)
    data = doc.content
    recipient, overridden = recipient_of(person, data)
    values = content_.fields_from_json(doc.letter_type, data.get("fields", {}))
    fields = tuple(
        DraftField(spec.name, _(spec.label), spec.kind, spec.required,
                   content_.field_as_text(spec, values.get(spec.name)))
        for spec in content_.EDITABLE[doc.letter_type]
    )
    return DraftForm(
        ref=ref, letter_type=doc.letter_type, title=kinds.letter_title(doc.letter_type, doc.written_standard),
        state=doc.state, written_standard=doc.written_standard,
        recipient=RecipientView(recipient.name, recipient.address_lines, recipient.postal_code,
                                recipient.postal_place, overridden),
        fields=fields,
    )


# --- editing --------------------------------------------------------------------------------------


def _check_recipient(override: RecipientOverride, problems: dict[str, str]) -> None:
    if not override.name.strip():
        problems["recipient_name"] = _("Mottakeren må ha et navn.")
    if not any(line.strip() for line in override.address_lines):
        problems["recipient_address"] = _("Mottakeren må ha en adresse.")
    if not (len(override.postal_code.strip()) == 4 and override.postal_code.strip().isdigit()):
        problems["recipient_postal_code"] = _("Postnummeret må ha fire sifre.")
    if not override.postal_place.strip():
        problems["recipient_postal_place"] = _("Poststedet må fylles ut.")
    if len([line for line in override.address_lines if line.strip()]) > 4:
        problems["recipient_address"] = _("Adressen kan ha høyst fire linjer (konvoluttvinduet).")


def update_draft(ctx: AppContext, ref: DocumentRef, changes: DraftChanges, today: dt.date | None = None) -> None:
    """Change the editable fields, the written standard or the recipient of a draft.

    Everything is checked before anything is written; an issued letter is refused.
    """
    require(ctx, Permission.ISSUE_DECISION)
    problems: dict[str, str] = {}
    if changes.written_standard is not None and changes.written_standard not in WRITTEN_STANDARDS:
        problems["written_standard"] = _("Målformen må være bokmål (nb) eller nynorsk (nn).")
    if changes.recipient is not None:
        _check_recipient(changes.recipient, problems)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        doc = load(session, ref)
        require_draft_state(doc)
        specs = {spec.name: spec for spec in content_.EDITABLE[doc.letter_type]}
        data = doc.content
        current = content_.fields_from_json(doc.letter_type, data.get("fields", {}))
        parsed: dict[str, Any] = {}
        for name, text in changes.fields.items():
            spec = specs.get(name)
            if spec is None:
                problems[name] = _("Feltet «{felt}» kan ikke endres i denne brevtypen.", felt=name)
                continue
            try:
                parsed[name] = content_.field_from_text(spec, text, current.get(name))
            except content_.FieldError as exc:
                problems[name] = str(exc)
        if problems:
            raise ValidationError(problems)
        edited = set(data.get("edited", []))
        if changes.written_standard is not None and changes.written_standard != doc.written_standard:
            # The default texts are written again in the new standard; what the caseworker wrote is kept.
            person = load_person(session, doc.person_id)
            lang: WrittenStandard = "nn" if changes.written_standard == "nn" else "nb"
            regenerated = kinds.kind(doc.letter_type).defaults(
                Gen(ctx, session, person, lang, today, dict(data.get("source", {}))))
            current = {**regenerated, **{k: v for k, v in current.items() if k in edited}}
            doc.set_written_standard(lang)
            data = doc.content
        current.update(parsed)
        edited.update(parsed)
        _check_dates(doc.letter_type, current, problems)
        if problems:
            raise ValidationError(problems)
        data["fields"] = content_.fields_to_json(doc.letter_type, current)
        data["edited"] = sorted(edited)
        if changes.clear_recipient:
            data.pop("recipient", None)
        if changes.recipient is not None:
            data["recipient"] = {
                "name": " ".join(changes.recipient.name.split()),
                "address_lines": [line.strip() for line in changes.recipient.address_lines if line.strip()],
                "postal_code": changes.recipient.postal_code.strip(),
                "postal_place": changes.recipient.postal_place.strip(),
            }
        doc.set_content(data)
        detail = ",".join(sorted([*parsed, *(["målform"] if changes.written_standard else []),
                                  *(["mottaker"] if changes.recipient or changes.clear_recipient else [])]))
        ctx.audit(session, "update", doc.table, doc.row.id, doc.person_id, detail)
        uow.commit()


def reset_draft(ctx: AppContext, ref: DocumentRef, source: Mapping[str, Any] | None = None,
                today: dt.date | None = None) -> None:
    """Write the draft's default texts again from the data (from ``source`` if given); edits are dropped."""
    require(ctx, Permission.ISSUE_DECISION)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        doc = load(session, ref)
        require_draft_state(doc)
        data = doc.content
        new_source = dict(source if source is not None else data.get("source", {}))
        person = load_person(session, doc.person_id)
        g = Gen(ctx, session, person, doc.written_standard, today, new_source)
        fields = kinds.kind(doc.letter_type).defaults(g)
        data.update({"fields": content_.fields_to_json(doc.letter_type, fields), "source": new_source, "edited": []})
        doc.set_content(data)
        if isinstance(doc.row, Decision) and doc.row.created_by_id is None:
            doc.row.created_by_id = ctx.user.id
        ctx.audit(session, "update", doc.table, ref.id, doc.person_id, "tilbakestilt")
        uow.commit()


def _check_dates(letter_type: str, values: Mapping[str, Any], problems: dict[str, str]) -> None:
    def before(first: str, second: str, message: str) -> None:
        a, b = values.get(first), values.get(second)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
            problems[second] = message

    before("period_from", "period_to", _("Perioden må slutte etter at den begynner."))
    before("leave_from", "leave_to", _("Permisjonen må slutte etter at den begynner."))
    if letter_type in ("forlengelse", "saerskilt_forlengelse"):
        before("previous_end_date", "new_end_date", _("Ny sluttdato må være etter den gjeldende sluttdatoen."))
    if letter_type == "forhandsvarsel_stans":
        before("comment_deadline", "planned_stop_date", _("Stansen kan ikke skje før fristen for å uttale seg."))


def discard_draft(ctx: AppContext, ref: DocumentRef) -> None:
    """Delete a draft (an issued letter is never deleted)."""
    require(ctx, Permission.ISSUE_DECISION)
    with ctx.uow() as uow:
        session = uow.session
        doc = load(session, ref)
        require_draft_state(doc)
        session.delete(doc.row)
        ctx.audit(session, "delete", doc.table, ref.id, doc.person_id, doc.letter_type)
        uow.commit()


# --- a new draft and what the Dokumenter window shows next, in one transaction ------------------------


@dataclass(frozen=True)
class ShownDraft:
    """A new draft with what the Dokumenter window shows next: the person's letters and the draft's form."""

    ref: DocumentRef
    documents: list[DocumentView]
    form: DraftForm


def create_draft_shown(ctx: AppContext, person_id: int, letter_type: str, **options: Any) -> ShownDraft:
    """:func:`create_draft`, returning the person's letters and the new draft's form read in the same
    transaction (a shared office's server is across a network: no second unit of work to show them).
    Drafts made through another job (innvilgelse, avslag, deltakerbevis) are read after it, in one read."""
    shown: list[ShownDraft] = []

    def read(session: Session, ref: DocumentRef) -> None:
        shown.append(ShownDraft(ref, documents_in(session, person_id), draft_form_in(session, ref)))

    ref = create_draft(ctx, person_id, letter_type, before_commit=read, **options)
    if shown and shown[0].ref == ref:
        return shown[0]
    with ctx.read() as uow:
        return ShownDraft(ref, documents_in(uow.session, person_id), draft_form_in(uow.session, ref))
