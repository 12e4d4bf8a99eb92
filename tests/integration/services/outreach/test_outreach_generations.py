"""An older save of an outreach copy (a USB copy) can never shadow the newest one.

Every save on the laptop bumps a generation inside the encrypted file. Whatever order the saves
come back in, the office ends with the newest work: an older save after a newer one is refused
with a message saying a newer one was delivered; a newer save after an older one is merged on top.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.outreach import copies as outreach
from kvp_desktop.services.outreach import crypto as outreach_crypto
from kvp_desktop.store.models import AuditEvent, OutreachConflict, Person

TODAY = dt.date(2026, 11, 23)
PASS = "fire tilfeldige ord i fjæra"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outreach_crypto, "SCRYPT_LOG2_N", 14)


def _generation(path: Path) -> int:
    plaintext, _key = outreach_crypto.unseal(path.read_bytes(), PASS)
    connection = sqlite3.connect(":memory:")
    connection.deserialize(plaintext)
    try:
        return outreach.generation(connection)
    finally:
        connection.close()


def _edit(path: Path, person_id: int, **values: str) -> None:
    laptop = outreach.open_copy(path, PASS)
    with laptop.ctx.uow() as uow:
        person = uow.session.get(Person, person_id)
        for name, value in values.items():
            setattr(person, name, value)
        uow.commit()
    laptop.close()


def _setup(demo_ctx: AppContext, tmp_path: Path) -> tuple[AppContext, Path, Path, list[int]]:
    office = demo_ctx.as_user("demo.saksbehandler")
    with office.uow() as uow:
        ids = list(uow.session.scalars(select(Person.id).order_by(Person.id).limit(2)))
    result = outreach.check_out(office, ids, PASS, tmp_path / "ute", today=TODAY)
    laptop_file, usb = result.path, tmp_path / "minnepinne.kvpute"
    _edit(laptop_file, ids[0], notes="Første besøk")
    shutil.copyfile(laptop_file, usb)  # the older save, left on a USB stick
    _edit(laptop_file, ids[0], notes="Andre besøk, etter kopien")
    _edit(laptop_file, ids[1], phone="40000000")
    assert _generation(laptop_file) > _generation(usb) > 1
    return office, laptop_file, usb, ids


def _state(office: AppContext, ids: list[int]) -> tuple[str, str]:
    with office.uow() as uow:
        first, second = (uow.session.get(Person, i) for i in ids)
        return first.notes, second.phone


def _laptop_audit_rows(office: AppContext) -> int:
    with office.uow() as uow:
        return uow.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.detail.like("utekopi %:%"))) or 0


def test_older_save_first_then_the_newest_is_merged_on_top(demo_ctx: AppContext, tmp_path: Path) -> None:
    office, laptop_file, usb, ids = _setup(demo_ctx, tmp_path)
    assert outreach.check_in(office, usb, PASS).updated == 1
    assert _state(office, ids)[0] == "Første besøk"
    newest = outreach.check_in(office, laptop_file, PASS)  # was refused as «allerede levert inn»
    assert newest.conflicts == 0 and newest.updated == 2
    assert _state(office, ids) == ("Andre besøk, etter kopien", "40000000")
    with office.uow() as uow:
        assert uow.session.scalar(select(func.count(OutreachConflict.id))) == 0
    audit_after = _laptop_audit_rows(office)
    with pytest.raises(ValidationError, match=r"eldre lagring av utekopien .* En nyere lagring"):
        outreach.check_in(office, usb, PASS)
    with pytest.raises(ValidationError, match="allerede levert inn"):
        outreach.check_in(office, laptop_file, PASS)
    assert _state(office, ids) == ("Andre besøk, etter kopien", "40000000")
    assert _laptop_audit_rows(office) == audit_after  # each laptop audit row copied once


def test_newest_first_then_the_older_is_refused_and_changes_nothing(demo_ctx: AppContext, tmp_path: Path) -> None:
    office, laptop_file, usb, ids = _setup(demo_ctx, tmp_path)
    outreach.check_in(office, laptop_file, PASS)
    before = (_state(office, ids), _laptop_audit_rows(office))
    with pytest.raises(ValidationError) as refused:
        outreach.check_in(office, usb, PASS)
    assert "En nyere lagring" in refused.value.message and "Ingenting er endret" in refused.value.message
    assert (_state(office, ids), _laptop_audit_rows(office)) == before


def test_a_change_at_the_office_between_the_two_deliveries_is_not_overwritten(demo_ctx: AppContext,
                                                                              tmp_path: Path) -> None:
    office, laptop_file, usb, ids = _setup(demo_ctx, tmp_path)
    outreach.check_in(office, usb, PASS)
    with office.uow() as uow:
        uow.session.get(Person, ids[0]).notes = "Rettet på kontoret"
        uow.commit()
    result = outreach.check_in(office, laptop_file, PASS)
    assert result.conflicts == 1  # both changed the note since the older save: the caseworker chooses
    conflict = outreach.list_conflicts(office)[0]
    notes = next(f for f in conflict.fields if f.name == "notes")
    assert (notes.base, notes.office, notes.laptop) == ("Første besøk", "Rettet på kontoret",
                                                         "Andre besøk, etter kopien")
    assert _state(office, ids)[1] == "40000000"
