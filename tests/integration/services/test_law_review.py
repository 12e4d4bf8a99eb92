"""Findings of the legal review of the letters and payouts, each as a regression test
(on SQLite and PostgreSQL, from the demo office)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kvp_desktop.services import decisions
from kvp_desktop.services.context import AppContext
from kvp_desktop.services.decisions import DocumentRef, DraftChanges
from kvp_desktop.services.errors import ValidationError
from kvp_desktop.store.models import Programme


def _text(pdf: bytes) -> str:
    raw = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw.replace("\u00a0", " "))


def _worker(ctx: AppContext) -> AppContext:
    return ctx.as_user("demo.saksbehandler")


def _active(ctx: AppContext) -> tuple[int, int]:
    with ctx.uow() as uow:
        programme = uow.session.scalars(select(Programme).where(Programme.status == "active")
                                        .order_by(Programme.id)).first()
        assert programme is not None
        return programme.person_id, programme.id


CONSIDERED = {"considerations": "Fraværet har vart over tid, og du har ikke tatt kontakt for å endre planen."}


# --- stans: never an invented advance notice (fvl. §§ 16, 17, 25; stl. § 34) -----------------------------
def test_a_stop_without_an_issued_notice_names_no_notice_and_cannot_be_issued(demo_ctx: AppContext,
                                                                             today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    ref = decisions.create_draft(ctx, person_id, "stans", programme_id=programme_id, today=today)
    form = {f.name: f.value for f in decisions.draft_form(ctx, ref).fields}
    assert form["notice_date"] == ""  # no date is invented
    body = _text(decisions.preview(ctx, ref, today=today))
    assert "forhåndsvarsel om stans" not in body and "Vi har ikke fått noen uttalelse" not in body
    decisions.update_draft(ctx, ref, DraftChanges(fields=CONSIDERED), today=today)
    with pytest.raises(ValidationError, match="forhåndsvarsel"):
        decisions.issue(ctx, ref, today=today)
    # A recorded exception under fvl. § 16 with its reason lets it be issued, and the letter says why.
    reason = "Du har flyttet og har ikke oppgitt noen adresse vi kan nå deg på."
    decisions.update_draft(ctx, ref, DraftChanges(fields={"notice_exception": reason}), today=today)
    issued = decisions.issue(ctx, ref, today=today)
    text = _text(issued.pdf)
    assert "Vi har ikke sendt deg forhåndsvarsel" in text and reason in text and "forvaltningsloven § 16" in text


def test_a_stop_waits_for_the_notice_deadline_and_assesses_the_statement(demo_ctx: AppContext,
                                                                         today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    notice = decisions.create_draft(ctx, person_id, "forhandsvarsel_stans", programme_id=programme_id, today=today)
    decisions.issue(ctx, notice, today=today)
    deadline = today + dt.timedelta(days=14)
    stop = decisions.create_draft(ctx, person_id, "stans", programme_id=programme_id, today=today)
    decisions.update_draft(ctx, stop, DraftChanges(fields=CONSIDERED), today=today)
    with pytest.raises(ValidationError, match="Fristen for å uttale seg"):
        decisions.issue(ctx, stop, today=deadline)
    decisions.update_draft(ctx, stop, DraftChanges(fields={"participant_comments": "Jeg var syk."}), today=today)
    after = deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="vurdert deltakerens uttalelse"):
        decisions.issue(ctx, stop, today=after)
    assessment = "Du meldte ikke fra om sykdom de dagene du var borte."
    decisions.update_draft(ctx, stop, DraftChanges(fields={"comments_assessment": assessment}), today=today)
    text = _text(decisions.issue(ctx, stop, today=after).pdf)
    assert f"forhåndsvarsel om stans {today.day}. november 2026" in text
    assert "Jeg var syk." in text and assessment in text


def test_a_stop_cannot_name_a_notice_that_was_never_issued(demo_ctx: AppContext, today: dt.date) -> None:
    ctx = _worker(demo_ctx)
    person_id, programme_id = _active(ctx)
    ref = decisions.create_draft(ctx, person_id, "stans", programme_id=programme_id, today=today)
    decisions.update_draft(ctx, ref, DraftChanges(fields={**CONSIDERED, "notice_date": "02.11.2026"}), today=today)
    with pytest.raises(ValidationError, match="ikke noe fattet forhåndsvarsel"):
        decisions.issue(ctx, ref, today=today)
    assert decisions.document(ctx, DocumentRef("decision", ref.id)).state == "draft"
