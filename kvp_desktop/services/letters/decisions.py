"""Decisions and certificates once drafted: read, preview, issue, reprint, send.

One function per caseworker job (see ``docs/letters.md``, section «Vedtak i saken»):

* :func:`documents_for_person` / :func:`document` — a person's letters with their state;
* :func:`preview` — render a draft without issuing;
* :func:`issue` / :func:`issue_batch` — render, store the PDF bytes and their SHA-256, freeze the
  row (the database triggers of migration 0001 refuse any later change);
* :func:`reprint` / :func:`reprint_batch` — the stored bytes, byte-identical; :func:`mark_sent`;
* :func:`template_preview` — any letter type with the office's settings and a sample case.

The rest of the letter work is next door: drafts are made, edited and discarded in
:mod:`.drafting` (their default texts in :mod:`.default_content`, the deltakerbevis in
:mod:`.certificates`); the records the callers see are in :mod:`.dto`; the two-table row, the
permissions and the letter's office/recipient/case parts in :mod:`.rows`.

Documents live in two tables (``decisions`` and ``certificates``); a :class:`DocumentRef` names one.
The in-force date of the new forvaltningsloven comes from the dated parameter
``public_administration_act`` (shipped value laid over by the office's local value in Settings):
the first date whose value is ``2025``. ``OfficeSettings.fvl_2025_in_force`` is not read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.documents.letters import render_letter, sha256
from kvp_desktop.documents.model import (
    WRITTEN_STANDARDS,
    Letter,
    WrittenStandard,
)
from kvp_desktop.documents.samples import sample_letter
from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.letters import content as content_
from kvp_desktop.services.letters import kinds
from kvp_desktop.services.letters.certificates import check_ended
from kvp_desktop.services.letters.default_content import check_stop
from kvp_desktop.services.letters.dto import CERTIFICATE_STATES, STATES, DocumentRef, DocumentView, IssuedDocument
from kvp_desktop.services.letters.rows import (
    Doc,
    compose,
    load,
    load_person,
    new_fvl_in_force,
    no_pdf_message,
    office_info,
    require_draft_state,
    require_read,
)
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.store.models import (
    Certificate,
    Decision,
    OfficeSettings,
    Programme,
)

# --- reading ------------------------------------------------------------------------------------


def _view(doc: Doc) -> DocumentView:
    labels = CERTIFICATE_STATES if doc.table == "certificate" else STATES
    row = doc.row
    created = row.created_at.date() if getattr(row, "created_at", None) else dt.date.today()
    return DocumentView(
        ref=doc.ref, letter_type=doc.letter_type, title=kinds.letter_title(doc.letter_type, "nb"), state=doc.state,
        state_label=_(labels.get(doc.state, doc.state)), written_standard=doc.written_standard,
        date=doc.decision_date, created=created, issued_at=row.issued_at, sha256=row.sha256,
        recipient_overridden=bool(doc.content.get("recipient")), has_pdf=row.sha256 is not None,
    )


def documents_for_person(ctx: AppContext, person_id: int) -> list[DocumentView]:
    """All the person's letters (decisions, notices, certificates), newest first."""
    require_read(ctx)
    with ctx.read() as uow:  # no transaction round trips on a server
        return documents_in(uow.session, person_id)


def documents_in(session: Session, person_id: int) -> list[DocumentView]:
    """:func:`documents_for_person` in the caller's session: two statements."""
    docs = [Doc(session, row) for row in session.scalars(select(Decision).where(Decision.person_id == person_id))]
    # The certificates with their programmes in one statement (Doc finds the programme in the session).
    docs += [Doc(session, row) for row, _programme in session.execute(
        select(Certificate, Programme).join(Programme, Programme.id == Certificate.programme_id)
        .where(Programme.person_id == person_id)).tuples()]
    if not docs:
        load_person(session, person_id)  # no letters: the person may be gone (a letter means the person exists)
    views = [_view(doc) for doc in docs]
    return sorted(views, key=lambda v: (v.date or v.created, v.ref.id, v.ref.table), reverse=True)


def document(ctx: AppContext, ref: DocumentRef) -> DocumentView:
    require_read(ctx)
    with ctx.uow() as uow:
        return _view(load(uow.session, ref))


# --- preview, issue, reprint, send ------------------------------------------------------------------


#: Default reasons that stand for a discretionary assessment the caseworker must write for the case
#: (fvl. § 25 third paragraph: the main considerations of the discretion). A letter is not issued
#: while one of them is still the default text.
DISCRETIONARY_DEFAULTS = ("reasons.extension", "reasons.exceptional", "reasons.repayment", "reasons.no_plan",
                          "reasons.not_followed")


def _default_reasons(letter: Letter) -> list[str]:
    defaults = {content_.case_text(lang, key) for key in DISCRETIONARY_DEFAULTS for lang in WRITTEN_STANDARDS}
    reasons = getattr(letter, "reasons", ()) or getattr(letter, "grounds", ())
    return [reason.text for reason in reasons if reason.text.strip() in defaults]


def _check_issuable(letter: Letter, session: Session | None = None, person_id: int | None = None,
                    today: dt.date | None = None) -> None:
    problems: dict[str, str] = {}
    if letter.is_decision and _default_reasons(letter):
        problems["reasons"] = _("Begrunnelsen er fortsatt standardteksten («{tekst}»). Skriv den konkrete vurderingen "
                                "i saken før vedtaket fattes.", tekst=_default_reasons(letter)[0])
    if letter.letter_type == "stans" and session is not None and person_id is not None:
        check_stop(session, person_id, letter, today or letter.case.decision_date, problems)
    if not letter.recipient.name.strip() or not letter.recipient.postal_code.strip():
        problems["recipient"] = _("Mottakeren mangler navn eller adresse. Fyll inn adressen før brevet fattes.")
    values = {f.name: getattr(letter, f.name) for f in dataclasses.fields(letter)}
    for spec in content_.EDITABLE[letter.letter_type]:
        value = values.get(spec.name)
        if spec.required and (value is None or value == "" or value == ()):
            problems[spec.name] = _("{felt} må fylles ut før brevet fattes.", felt=_(spec.label))
    if letter.letter_type in ("refusjon", "tilbakebetaling"):
        amount = values.get("refund_amount") if letter.letter_type == "refusjon" else values.get("repayment_amount")
        if not amount or amount <= 0:
            problems["amount"] = _("Beløpet som kreves, må være større enn null.")
    if problems:
        raise ValidationError(problems)


def preview(ctx: AppContext, ref: DocumentRef, today: dt.date | None = None) -> bytes:
    """The PDF of a draft as it would look if issued ``today``; an issued letter gives its stored PDF."""
    require_read(ctx)
    with ctx.uow() as uow:
        session = uow.session
        doc = load(session, ref)
        if doc.state != "draft":
            if doc.row.pdf is None:
                raise ServiceError(no_pdf_message())
            data = bytes(doc.row.pdf)
        else:
            letter = compose(ctx, doc, today or dt.date.today(), ctx.user.id)
            data = render_letter(letter, doc.written_standard)
        ctx.audit(session, "open", doc.table, ref.id, doc.person_id, doc.letter_type)
        uow.commit()
    return data


def _issue_one(ctx: AppContext, session: Session, ref: DocumentRef, today: dt.date, now: dt.datetime) -> IssuedDocument:
    doc = load(session, ref)
    require_draft_state(doc)
    require(ctx, kinds.kind(doc.letter_type).permission)
    if isinstance(doc.row, Certificate):  # stl. § 30: only for a programme that has ended
        check_ended(session.get(Programme, doc.row.programme_id), today)  # type: ignore[arg-type]
    letter = compose(ctx, doc, today, ctx.user.id)
    _check_issuable(letter, session, doc.person_id, today)
    pdf = render_letter(letter, doc.written_standard)
    digest = sha256(pdf)
    data = doc.content
    data["letter"] = content_.to_json(letter)
    row = doc.row
    if isinstance(row, Decision):
        row.decision_date = today
        row.issued_by_id = ctx.user.id
    else:
        data["date"] = today.isoformat()
        data["issued_by_id"] = ctx.user.id
    doc.set_content(data)
    row.pdf = pdf
    row.sha256 = digest
    row.issued_at = now
    row.state = "issued"
    ctx.audit(session, "issue", doc.table, ref.id, doc.person_id, f"{doc.letter_type} sha256={digest[:16]}")
    return IssuedDocument(ref, doc.letter_type, digest, now, today, pdf)


def issue(ctx: AppContext, ref: DocumentRef, today: dt.date | None = None,
          now: dt.datetime | None = None) -> IssuedDocument:
    """Issue (fatte) a draft: render, store PDF + SHA-256, freeze. Needs ``ISSUE_DECISION``."""
    return issue_batch(ctx, [ref], today, now)[0]


def issue_batch(ctx: AppContext, refs: Sequence[DocumentRef], today: dt.date | None = None,
                now: dt.datetime | None = None) -> list[IssuedDocument]:
    """Issue several drafts in one transaction: all of them, or none if one cannot be issued."""
    require(ctx, Permission.ISSUE_DECISION)
    if not refs:
        raise ValidationError({"refs": _("Velg minst ett utkast.")})
    today = today or dt.date.today()
    now = now or dt.datetime.now().replace(microsecond=0)
    with ctx.uow() as uow:
        session = uow.session
        issued = [_issue_one(ctx, session, ref, today, now) for ref in refs]
        uow.commit()
    return issued


def reprint(ctx: AppContext, ref: DocumentRef, purpose: Literal["print", "export"] = "print") -> bytes:
    """The stored PDF of an issued letter, byte for byte; the print or export is audited.

    Saving to a file (``export``) needs ``EXPORT_PERSONAL_DATA``.
    """
    return reprint_batch(ctx, [ref], purpose)[0]


def reprint_batch(ctx: AppContext, refs: Iterable[DocumentRef],
                  purpose: Literal["print", "export"] = "print") -> list[bytes]:
    """The stored PDFs of several issued letters (batch print), each print audited."""
    if purpose == "export":
        require(ctx, Permission.EXPORT_PERSONAL_DATA)
    else:
        require_read(ctx)
    result = []
    with ctx.uow() as uow:
        session = uow.session
        for ref in refs:
            doc = load(session, ref)
            if doc.state == "draft":
                raise ServiceError(_("Brevet er ikke fattet ennå. Forhåndsvis utkastet, eller fatt det først."))
            if doc.row.pdf is None:
                raise ServiceError(no_pdf_message())
            data = bytes(doc.row.pdf)
            if sha256(data) != doc.row.sha256:  # the archive must give back exactly what was issued
                raise ServiceError(_("Det lagrede brevet stemmer ikke med sjekksummen. Kontakt systemansvarlig."))
            ctx.audit(session, purpose, doc.table, ref.id, doc.person_id, doc.letter_type)
            result.append(data)
        uow.commit()
    return result


def mark_sent(ctx: AppContext, ref: DocumentRef) -> None:
    """Record that an issued letter was sent (or a certificate handed over)."""
    require(ctx, Permission.ISSUE_DECISION)
    with ctx.uow() as uow:
        session = uow.session
        doc = load(session, ref)
        if doc.state == "draft":
            raise ServiceError(_("Et utkast kan ikke sendes. Fatt vedtaket først."))
        if doc.state == "sent":
            return
        doc.row.state = "sent"
        ctx.audit(session, "send", doc.table, ref.id, doc.person_id, doc.letter_type)
        uow.commit()


def issued_letter(ctx: AppContext, ref: DocumentRef) -> Letter:
    """The DTO an issued letter was rendered from (as archived with it)."""
    require_read(ctx)
    with ctx.uow() as uow:
        doc = load(uow.session, ref)
        if doc.state == "draft" or "letter" not in doc.content:
            raise ServiceError(_("Brevet er ikke fattet ennå."))
        return content_.letter_from_json(doc.letter_type, doc.content["letter"])


def template_preview(ctx: AppContext, letter_type: str, lang: WrittenStandard = "nb",
                     name: str | None = None) -> bytes:
    """Any letter type with the office's letterhead and a sample case (Settings → Brevmaler)."""
    kinds.kind(letter_type)  # a Norwegian error for a key that names no letter
    if lang not in WRITTEN_STANDARDS:
        raise ValidationError({"lang": _("Målformen må være bokmål (nb) eller nynorsk (nn).")})
    letter = sample_letter(letter_type, lang, name or None)
    with ctx.uow() as uow:
        session = uow.session
        if session.scalars(select(OfficeSettings.id).limit(1)).first() is not None:
            office = office_info(session, lang)
            letter = dataclasses.replace(letter, office=office,
                                         new_fvl_in_force=new_fvl_in_force(office_parameters(session)))
    return render_letter(letter, lang)
