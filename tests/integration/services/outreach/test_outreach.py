"""Outreach copy: check out, work offline, check in — on SQLite and on PostgreSQL as the office."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ServiceError, ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.outreach import copies as outreach
from kvp_desktop.services.outreach import crypto as outreach_crypto
from kvp_desktop.services.portfolio import persons
from kvp_desktop.store.models import (
    Application,
    Attendance,
    AuditEvent,
    Child,
    Mapping,
    OutreachCheckout,
    OutreachConflict,
    Person,
    Programme,
)

TODAY = dt.date(2026, 11, 23)
PASS = "fire tilfeldige ord i fjæra"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at N=2**14 keeps the tests fast; the file records what was used (default: 2**17)."""
    monkeypatch.setattr(outreach_crypto, "SCRYPT_LOG2_N", 14)


@pytest.fixture
def office(demo_ctx: AppContext) -> AppContext:
    return demo_ctx.as_user("demo.saksbehandler")


def _five_with_cases(ctx: AppContext) -> list[int]:
    """Five persons with an application that has a mapping, and a programme with attendance."""
    with ctx.uow() as uow:
        s = uow.session
        ids = s.scalars(
            select(Person.id).join(Application, Application.person_id == Person.id)
            .join(Mapping, Mapping.application_id == Application.id)
            .join(Programme, Programme.person_id == Person.id)
            .where(Programme.id.in_(select(Attendance.programme_id)))
            .distinct().order_by(Person.id).limit(5)
        ).all()
    assert len(ids) == 5
    return list(ids)


def _mapping_of(session, person_id: int) -> Mapping:  # type: ignore[no-untyped-def]
    return session.scalars(select(Mapping).join(Application).where(Application.person_id == person_id)
                           .order_by(Mapping.id)).first()


def _attendance_of(session, person_id: int) -> Attendance:  # type: ignore[no-untyped-def]
    return session.scalars(select(Attendance).join(Programme).where(Programme.person_id == person_id)
                           .order_by(Attendance.day.desc())).first()


@pytest.fixture
def copy_session(office: AppContext, tmp_path: Path) -> Iterator[tuple[outreach.CheckoutResult, list[int]]]:
    ids = _five_with_cases(office)
    result = outreach.check_out(office, ids, PASS, tmp_path / "ute", today=TODAY)
    yield result, ids


def test_round_trip_nothing_is_lost(office: AppContext, copy_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, ids = copy_session
    a, b, c, d, _e = ids
    assert result.path.suffix == ".kvpute" and result.persons == 5
    assert outreach.checked_out_persons(office) == dict.fromkeys(ids, "demo.saksbehandler")

    # --- offline on the laptop: the ordinary services on the copy ---------------------------------
    laptop = outreach.open_copy(result.path, PASS)
    assert laptop.ctx.outreach and laptop.ctx.user.username == "demo.saksbehandler"
    assert laptop.info.person_count == 5
    loaded = persons.get_person(laptop.ctx, a)
    persons.update_person(laptop.ctx, a, persons.input_from(loaded, phone="41234567", notes="Møtt på kafeen."),
                          loaded.version, loaded, today=TODAY)
    with laptop.ctx.uow() as uow:
        _mapping_of(uow.session, b).notes = "Kartleggingsnotat fra utesamtalen."
        _attendance_of(uow.session, c).attended_hours = Decimal("3.5")
        uow.commit()
    new_number = synthetic_fodselsnummer(random.Random(77), dt.date(2001, 6, 5), "1")
    created = persons.create_person(laptop.ctx, persons.PersonInput(
        fodselsnummer=new_number, first_name="Aslak", last_name="Ny Utekontakt",
        children=(persons.ChildInput("03.02.2022", "Ánne"),)), today=TODAY)
    laptop.close()

    # --- meanwhile at the office: two of the same three --------------------------------------------
    loaded = persons.get_person(office, a)
    persons.update_person(office, a, persons.input_from(loaded, address="Kontorgata 7"), loaded.version, loaded,
                          today=TODAY)
    with office.uow() as uow:
        _mapping_of(uow.session, b).education = "Fagbrev i salg (registrert på kontoret)."
        uow.session.get(Person, d).notes = "Ringt fra kontoret."
        uow.commit()

    # --- check in ---------------------------------------------------------------------------------
    back = outreach.check_in(office, result.path, PASS)
    assert back.conflicts == 2  # person a (both sides) and b's mapping (both sides)
    assert back.inserted == 2  # the new person and the child
    assert back.updated >= 1  # c's attendance
    assert back.audit_events >= 3  # opened offline, changed, created
    conflicts = outreach.list_conflicts(office)
    assert {(x.table, x.person_id) for x in conflicts} == {("persons", a), ("mappings", b)}
    person_conflict = next(x for x in conflicts if x.table == "persons")
    sides = {f.name: (f.office, f.laptop) for f in person_conflict.fields if f.differs}
    assert sides["address"][0] == "Kontorgata 7" and sides["phone"][1] == "41234567"
    assert person_conflict.kind_label == "Endret både på kontoret og i utekopien"
    assert "*****" in person_conflict.person_label

    # The clean merges are there already; the conflicted records are still the office's.
    with office.uow() as uow:
        s = uow.session
        assert _attendance_of(s, c).attended_hours == Decimal("3.50")
        assert s.get(Person, d).notes == "Ringt fra kontoret."
        assert s.get(Person, a).phone != "41234567"
        assert s.scalar(select(func.count()).select_from(Person).where(Person.checked_out_by.is_not(None))) == 0
        newcomer = s.scalar(select(Person).where(Person.fodselsnummer == new_number))
        assert newcomer is not None and [ch.first_name for ch in newcomer.children] == ["Ánne"]
        assert s.scalar(select(OutreachCheckout.state)) == "returned"

    for conflict in conflicts:  # field by field: each side's change is kept
        outreach.resolve_conflict(office, conflict.id, "merge")
    assert outreach.list_conflicts(office) == []

    with office.uow() as uow:
        s = uow.session
        person_a = s.get(Person, a)
        assert (person_a.address, person_a.phone, person_a.notes) == ("Kontorgata 7", "41234567", "Møtt på kafeen.")
        mapping_b = _mapping_of(s, b)
        assert mapping_b.notes == "Kartleggingsnotat fra utesamtalen."
        assert mapping_b.education == "Fagbrev i salg (registrert på kontoret)."
        kept = s.scalars(select(OutreachConflict)).all()
        assert all(k.laptop_data and k.state == "resolved" for k in kept)  # the laptop's version stays
        offline = s.scalars(select(AuditEvent.action).where(AuditEvent.detail.like("utekopi%"))).all()
        assert {"open", "change", "create"} <= set(offline)
    assert created.id is not None


def test_same_field_changed_on_both_sides_needs_a_choice(office: AppContext, copy_session) -> None:  # type: ignore[no-untyped-def]
    result, ids = copy_session
    laptop = outreach.open_copy(result.path, PASS)
    with laptop.ctx.uow() as uow:
        uow.session.get(Person, ids[0]).notes = "Fra utekopien"
        uow.commit()
    laptop.close()
    with office.uow() as uow:
        uow.session.get(Person, ids[0]).notes = "Fra kontoret"
        uow.commit()
    assert outreach.check_in(office, result.path, PASS).conflicts == 1
    conflict = outreach.list_conflicts(office)[0]
    notes = next(f for f in conflict.fields if f.name == "notes")
    assert (notes.base, notes.office, notes.laptop, notes.suggested) == ("", "Fra kontoret", "Fra utekopien", "choose")
    with pytest.raises(ValidationError, match="Velg hvilken verdi som skal gjelde for: Notater"):
        outreach.resolve_conflict(office, conflict.id, "merge")
    outreach.resolve_conflict(office, conflict.id, "merge", {"notes": "laptop"})
    with office.uow() as uow:
        assert uow.session.get(Person, ids[0]).notes == "Fra utekopien"
    with pytest.raises(ValidationError, match="allerede løst"):
        outreach.resolve_conflict(office, conflict.id, "office")
    with pytest.raises(ValidationError, match="allerede levert inn"):
        outreach.check_in(office, result.path, PASS)


def test_keep_office_still_keeps_the_laptop_version(office: AppContext, copy_session) -> None:  # type: ignore[no-untyped-def]
    result, ids = copy_session
    laptop = outreach.open_copy(result.path, PASS)
    with laptop.ctx.uow() as uow:
        uow.session.get(Person, ids[1]).phone = "99999999"
        uow.commit()
    laptop.close()
    with office.uow() as uow:
        uow.session.get(Person, ids[1]).phone = "11111111"
        uow.commit()
    outreach.check_in(office, result.path, PASS)
    conflict = outreach.list_conflicts(office)[0]
    outreach.resolve_conflict(office, conflict.id, "office")
    with office.uow() as uow:
        assert uow.session.get(Person, ids[1]).phone == "11111111"
        stored = uow.session.get(OutreachConflict, conflict.id)
        assert stored.laptop_data["phone"] == "99999999" and stored.resolution == "office"


def test_new_person_with_a_number_the_office_has_is_a_conflict(office: AppContext, copy_session) -> None:  # type: ignore[no-untyped-def]
    result, _ids = copy_session
    number = synthetic_fodselsnummer(random.Random(8), dt.date(1990, 1, 17), "2")
    laptop = outreach.open_copy(result.path, PASS)
    persons.create_person(laptop.ctx, persons.PersonInput(
        fodselsnummer=number, first_name="Hiba", last_name="Utekontakt", phone="40000000",
        children=(persons.ChildInput("01.01.2020", "Sara"),)), today=TODAY)
    laptop.close()
    at_office = persons.create_person(office, persons.PersonInput(
        fodselsnummer=number, first_name="Hiba", last_name="Utekontakt", address="Storgata 1"), today=TODAY)
    back = outreach.check_in(office, result.path, PASS)
    assert back.conflicts == 1 and back.inserted == 0
    conflict = outreach.list_conflicts(office)[0]
    assert conflict.kind == "duplicate" and conflict.person_id == at_office.id and conflict.dependents == 1
    outreach.resolve_conflict(office, conflict.id, "merge")  # empty fields at the office take the laptop's
    with office.uow() as uow:
        person = uow.session.get(Person, at_office.id)
        assert (person.address, person.phone) == ("Storgata 1", "40000000")
        assert [child.first_name for child in person.children] == ["Sara"]
        assert uow.session.scalar(select(func.count()).select_from(Person).where(Person.fodselsnummer == number)) == 1


def _variants(text: str) -> list[bytes]:
    found = [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    with contextlib.suppress(UnicodeEncodeError):  # a name Latin-1 cannot hold cannot appear in it either
        found.append(text.encode("iso-8859-1"))
    return found


def test_file_reveals_no_identity_and_needs_the_passphrase(office: AppContext, copy_session) -> None:  # type: ignore[no-untyped-def]
    result, ids = copy_session
    secrets = []
    with office.uow() as uow:
        for person in uow.session.scalars(select(Person).where(Person.id.in_(ids))):
            secrets += [person.fodselsnummer, person.first_name, person.last_name]
    raw = result.path.read_bytes()
    for secret in secrets:
        for encoded in _variants(secret):
            assert encoded not in raw, secret
    assert b"SQLite format 3" not in raw
    with pytest.raises(outreach_crypto.OutreachCryptoError, match="Skriv inn passordet"):
        outreach.open_copy(result.path, "")
    with pytest.raises(outreach_crypto.OutreachCryptoError, match="passordet er feil"):
        outreach.open_copy(result.path, PASS + "x")
    with pytest.raises(outreach_crypto.OutreachCryptoError, match="passordet er feil"):
        outreach.check_in(office, result.path, "feil passord helt klart")
    # Saved again on the laptop: still nothing readable, and the fingerprint changed.
    laptop = outreach.open_copy(result.path, PASS)
    laptop.save()
    laptop.close(save=False)
    raw_again = result.path.read_bytes()
    assert raw_again != raw
    for secret in secrets:
        for encoded in _variants(secret):
            assert encoded not in raw_again


def test_tampering_is_detected(office: AppContext, copy_session) -> None:  # type: ignore[no-untyped-def]
    result, _ids = copy_session
    original = result.path.read_bytes()
    for position in (len(original) // 2, outreach_crypto.HEADER_BYTES - 3, len(original) - 1, 20):
        changed = bytearray(original)
        changed[position] ^= 0x01
        result.path.write_bytes(bytes(changed))
        with pytest.raises(outreach_crypto.OutreachCryptoError, match="endret eller skadet"):
            outreach.open_copy(result.path, PASS)
    result.path.write_bytes(original[:-40])
    with pytest.raises(outreach_crypto.OutreachCryptoError, match="endret eller skadet"):
        outreach.open_copy(result.path, PASS)
    result.path.write_bytes(b"PK\x03\x04 not ours" * 10)
    with pytest.raises(outreach_crypto.OutreachCryptoError, match="ikke en utekopi"):
        outreach.open_copy(result.path, PASS)


def test_office_only_jobs_are_refused_in_the_copy(office: AppContext, copy_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kvp_desktop.services.infrastructure import audit
    from kvp_desktop.services.infrastructure.roles import require_office
    from kvp_desktop.services.payouts import runs as payout_runs

    result, ids = copy_session
    laptop = outreach.open_copy(result.path, PASS)
    try:
        with pytest.raises(PermissionDeniedError, match="bare på kontoret"):
            require_office(laptop.ctx)
        with pytest.raises(PermissionDeniedError, match="bare på kontoret"):
            payout_runs.create_draft_run(laptop.ctx, "2026-11")
        with pytest.raises(ServiceError, match="ikke tas med ut fra en utekopi"):
            outreach.check_out(laptop.ctx, ids[:1], PASS, tmp_path / "igjen")
        with pytest.raises(PermissionDeniedError, match="bare på kontoret"):
            outreach.check_in(laptop.ctx, result.path, PASS)
    finally:
        laptop.close(save=False)
    require_office(office)  # at the office: fine
    # A leader's copy: approving payouts and reading the audit trail are office work too.
    leader = office.as_user("demo.leder")
    with leader.uow() as uow:
        other = uow.session.scalar(select(Person.id).where(Person.id.not_in(ids)).order_by(Person.id))
    copy = outreach.check_out(leader, [other], PASS, tmp_path / "leder", today=TODAY)
    laptop = outreach.open_copy(copy.path, PASS)
    try:
        assert laptop.ctx.user.role == "leder"
        with pytest.raises(PermissionDeniedError, match="bare på kontoret"):
            audit.search(laptop.ctx, audit.AuditFilter())
        with pytest.raises(PermissionDeniedError, match="bare på kontoret"):
            payout_runs.approve_run(laptop.ctx, 1)
    finally:
        laptop.close(save=False)


def test_checkout_is_refused_without_the_role_or_twice(demo_ctx: AppContext, office: AppContext,
                                                       tmp_path: Path) -> None:
    ids = _five_with_cases(office)
    tmp_path = tmp_path / "ut"
    tmp_path.mkdir()
    caseworker = demo_ctx.as_user("demo.veileder")
    with pytest.raises(PermissionDeniedError, match="eksportere personopplysninger"):
        outreach.check_out(caseworker, ids, PASS, tmp_path / "a")
    with pytest.raises(ValidationError, match="minst 12 tegn"):
        outreach.check_out(office, ids, "kort", tmp_path / "a")
    with pytest.raises(ValidationError, match="minst én person"):
        outreach.check_out(office, [], PASS, tmp_path / "a")
    assert not list(tmp_path.iterdir())
    with office.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutreachCheckout)) == 0
    outreach.check_out(office, ids[:2], PASS, tmp_path / "a", today=TODAY)
    with pytest.raises(ValidationError, match="allerede tatt med ut"):
        outreach.check_out(office, ids[1:3], PASS, tmp_path / "b", today=TODAY)
    assert [p.name for p in tmp_path.iterdir()] == ["a.kvpute"]
    with office.uow() as uow:
        exported = uow.session.scalars(select(AuditEvent.person_id).where(
            AuditEvent.action == "export", AuditEvent.entity == "person")).all()
    assert sorted(exported) == sorted(ids[:2])


def test_copy_holds_the_persons_and_no_password_hashes(office: AppContext, copy_session) -> None:  # type: ignore[no-untyped-def]
    from kvp_desktop.store.models import Decision, PayoutRun, User

    result, ids = copy_session
    laptop = outreach.open_copy(result.path, PASS)
    try:
        with laptop.ctx.uow() as uow:
            s = uow.session
            assert sorted(s.scalars(select(Person.id))) == sorted(ids)
            assert s.scalar(select(func.count()).select_from(User)) >= 5
            assert s.scalar(select(func.count()).select_from(User).where(User.password_hash.is_not(None))) == 0
            assert s.scalar(select(func.count()).select_from(Decision)) == 0
            assert s.scalar(select(func.count()).select_from(PayoutRun)) == 0
            oldest = s.scalar(select(func.min(Attendance.day)))
            assert oldest is not None and oldest >= TODAY - dt.timedelta(weeks=outreach.ATTENDANCE_WEEKS)
            assert s.scalar(select(func.count()).select_from(Child)) >= 0
    finally:
        laptop.close(save=False)


def test_plaintext_never_reaches_the_disk(office: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file created while checking out and working offline is encrypted."""
    import tempfile

    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    target = tmp_path / "ut"
    target.mkdir()
    ids = _five_with_cases(office)
    result = outreach.check_out(office, ids, PASS, target / "kopi", today=TODAY)
    laptop = outreach.open_copy(result.path, PASS)
    saved = result.path.read_bytes()
    with laptop.ctx.uow() as uow:
        uow.session.get(Person, ids[0]).notes = "endret ute"
        uow.commit()
    assert laptop.saves >= 1 and result.path.read_bytes() != saved  # saved encrypted at the commit
    reopened = outreach.open_copy(result.path, PASS)
    assert persons.get_person(reopened.ctx, ids[0]).notes == "endret ute"
    reopened.close(save=False)
    laptop.close()
    files = [p for p in (*spool.rglob("*"), *target.rglob("*")) if p.is_file()]
    assert [p.name for p in files] == ["kopi.kvpute"]
    assert all(not p.read_bytes().startswith(b"SQLite format 3") for p in files)


def test_migration_fills_uuids_for_existing_rows(demo_ctx: AppContext) -> None:
    from kvp_desktop.store import migrate

    migrate.downgrade(demo_ctx.db, "0005")
    migrate.upgrade(demo_ctx.db)
    with demo_ctx.uow() as uow:
        s = uow.session
        for model in (Person, Child, Application, Mapping, Programme, Attendance):
            total, distinct = s.execute(select(func.count(), func.count(func.distinct(model.uuid)))).one()
            assert total > 0 and total == distinct, model.__tablename__
            sample = s.scalar(select(model.uuid).limit(1))
            assert len(sample) == 36 and sample[14] == "4", sample


def test_an_empty_database_in_a_sound_envelope_is_refused_in_norwegian(office: AppContext, tmp_path: Path) -> None:
    """Found by fuzzing: the right passphrase around nothing gave sqlite3's MemoryError, not a message."""
    path = tmp_path / "tom.kvpute"
    path.write_bytes(outreach_crypto.SealingKey.new(PASS).seal(b""))
    with office.uow() as uow:
        audit_before = uow.session.scalar(select(func.count(AuditEvent.id)))
    for attempt in (lambda: outreach.open_copy(path, PASS), lambda: outreach.check_in(office, path, PASS)):
        with pytest.raises(outreach_crypto.OutreachCryptoError, match="Utekopien er skadet"):
            attempt()
    with office.uow() as uow:
        assert uow.session.scalar(select(func.count(AuditEvent.id))) == audit_before


@pytest.mark.parametrize("damage", ["page-count", "cut-in-half", "schema-byte"])
def test_a_damaged_database_in_a_sound_envelope_is_refused_and_changes_nothing(
        office: AppContext, copy_session, damage: str) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: SQLite's «database disk image is malformed», an undecodable schema text and a
    migration run on a copy whose revision was garbled reached the user as sqlalchemy errors."""
    result, _ids = copy_session
    plain, key = outreach_crypto.unseal(result.path.read_bytes(), PASS)
    damaged = bytearray(plain)
    if damage == "page-count":
        damaged[31] ^= 1  # the header's database size in pages
    elif damage == "cut-in-half":
        damaged = damaged[:len(damaged) // 2]
    else:
        at = damaged.index(b"CREATE TABLE")
        damaged[at + 20] = 0xCE  # no longer UTF-8
    result.path.write_bytes(key.seal(bytes(damaged)))
    with office.uow() as uow:
        before = (uow.session.scalar(select(func.count(AuditEvent.id))),
                  uow.session.scalar(select(OutreachCheckout.state)))
    for attempt in (lambda: outreach.open_copy(result.path, PASS),
                    lambda: outreach.check_in(office, result.path, PASS)):
        with pytest.raises(outreach_crypto.OutreachCryptoError, match="Utekopien er skadet"):
            attempt()
    with office.uow() as uow:
        assert (uow.session.scalar(select(func.count(AuditEvent.id))),
                uow.session.scalar(select(OutreachCheckout.state))) == before == (before[0], "out")
