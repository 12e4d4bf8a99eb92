"""Outreach files under fuzzing: random bytes, cut and bit-flipped copies of a real outreach file and
wrong passphrases are refused in Norwegian by both "open" (laptop) and "check in" (office), and a
refused check-in changes nothing in the office database.

One real SQLite office (a copy of the demo office) per module, with one copy taken out; scrypt at
its lowest accepted cost (2**10) so each attempt is fast. Counts: see ``fuzz_support``.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.outreach import copies as outreach
from kvp_desktop.services.outreach import crypto as outreach_crypto
from kvp_desktop.services.outreach.rows import SYNCED_MODELS
from kvp_desktop.store.models import Person
from tests.conftest import TODAY
from tests.unit.fuzz.fuzz_support import (
    DB_EXAMPLES,
    FUZZ,
    FUZZ_DB,
    norwegian,
    office_copy,
    report,
    row_counts,
    run_nightly,
)

TRIED: Counter[str] = Counter()
PASS = "fire tilfeldige ord i fjæra"
TABLES = (*(m.__tablename__ for m in SYNCED_MODELS), "outreach_checkouts", "outreach_records",
          "outreach_conflicts", "audit_events")


@dataclass(repr=False)
class Office:
    ctx: AppContext
    db_file: Path
    pristine: Path  # the office right after the check-out, to go back to after an accepted check-in
    blob: bytes  # the real outreach file
    folder: Path
    plaintext: bytes  # the copy's SQLite database inside it
    key: outreach_crypto.SealingKey  # seals a changed database as the laptop would

    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example: not a whole database
        return f"Office({self.db_file})"


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    report(TRIED, "Fuzz-inndata prøvd (utekopi)")


@pytest.fixture(scope="module")
def office(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("fuzz_outreach")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outreach_crypto, "SCRYPT_LOG2_N", 10)
        ctx = office_copy(demo_template, folder, "demo.saksbehandler")
        with ctx.uow() as uow:
            ids = list(uow.session.scalars(select(Person.id).order_by(Person.id).limit(3)))
        result = outreach.check_out(ctx, ids, PASS, folder / "ute", today=TODAY)
        ctx.db.dispose()
        db_file = folder / "kvp.db"
        _sqlite_copy(db_file, folder / "pristine.db")
        blob = result.path.read_bytes()
        plaintext, key = outreach_crypto.unseal(blob, PASS)
        yield Office(ctx, db_file, folder / "pristine.db", blob, folder, plaintext, key)
        ctx.db.dispose()


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's backup API: right even with a write-ahead log beside the file."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _state(office: Office) -> tuple[object, ...]:
    counts = row_counts(office.ctx, TABLES)
    with office.ctx.uow() as uow:
        marks = uow.session.execute(text(
            "SELECT (SELECT group_concat(state) FROM outreach_checkouts), "
            "(SELECT count(*) FROM persons WHERE checked_out_by IS NOT NULL)")).one()
    return tuple(sorted(counts.items())), tuple(marks)


def _refused(office: Office, content: bytes, passphrase: str = PASS) -> list[str]:
    """Open and check in ``content``; both must refuse with a Norwegian ServiceError, changing nothing."""
    path = office.folder / "fuzz.kvpute"
    path.write_bytes(content)
    before = _state(office)
    messages = []
    for attempt in (lambda: outreach.open_copy(path, passphrase),
                    lambda: outreach.check_in(office.ctx, path, passphrase)):
        with pytest.raises(ServiceError) as error:
            attempt()
        assert norwegian(error.value.message), error.value.message
        messages.append(error.value.message)
    assert _state(office) == before
    return messages


@FUZZ
@given(st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=200).map(lambda b: outreach_crypto.MAGIC + b),
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from([0, 9, 10, 11, 12, 21, 255]),
              st.integers(0, 40), st.integers(0, 20), st.binary(min_size=28, max_size=28), st.binary(max_size=200))
    .map(lambda t: outreach_crypto.MAGIC + bytes(t[:5]) + t[5] + t[6]),
))
def test_random_bytes_are_refused_in_norwegian(office: Office, content: bytes) -> None:
    TRIED["utekopi: tilfeldige byte"] += 1
    _refused(office, content)


@FUZZ_DB
@given(st.data())
def test_cut_and_bit_flipped_copies_are_refused_in_norwegian(office: Office, data: st.DataObject) -> None:
    TRIED["utekopi: skadet ekte kopi"] += 1
    content = bytearray(office.blob)
    how = data.draw(st.sampled_from(["cut", "flip", "flip", "insert", "append"]))
    if how == "cut":
        content = content[:data.draw(st.integers(0, len(content) - 1))]
    elif how == "flip":  # anywhere, and often in the header (magic, version, scrypt cost, salt, nonce)
        for _ in range(data.draw(st.integers(1, 3))):
            at = data.draw(st.one_of(st.integers(0, outreach_crypto.HEADER_BYTES - 1),
                                     st.integers(0, len(content) - 1)))
            content[at] ^= 1 << data.draw(st.integers(0, 7))
    elif how == "insert":
        at = data.draw(st.integers(0, len(content)))
        content[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    else:
        content += data.draw(st.binary(min_size=1, max_size=8))
    assume(bytes(content) != office.blob)  # the same bit flipped twice
    messages = _refused(office, bytes(content))
    assert all("utekopi" in m.casefold() for m in messages), messages


@FUZZ_DB
@given(st.text(max_size=40).filter(lambda p: p != PASS))
def test_a_wrong_passphrase_is_refused_in_norwegian(office: Office, passphrase: str) -> None:
    TRIED["utekopi: feil passord"] += 1
    messages = _refused(office, office.blob, passphrase)
    expected = "passordet er feil" if passphrase else "Skriv inn passordet"
    assert all(expected in m for m in messages), messages


@settings(FUZZ_DB, max_examples=min(DB_EXAMPLES, 1000))  # ~90 ms each: 1 000 at most, also at night
@given(st.data())
def test_a_damaged_database_in_a_sound_envelope_is_refused_or_merged(office: Office, data: st.DataObject) -> None:
    """The right passphrase, but the database inside is cut, bit-flipped or not ours (a disk error on
    the laptop before the copy was sealed): refused in Norwegian with the office unchanged, or, if
    SQLite finds nothing wrong, merged as any copy is."""
    TRIED["utekopi: skadet database i riktig konvolutt"] += 1
    plain = bytearray(office.plaintext)
    how = data.draw(st.sampled_from(["cut", "flip", "flip", "random", "empty"]))
    if how == "cut":
        plain = plain[:data.draw(st.integers(0, len(plain) - 1))]
    elif how == "flip":  # often in SQLite's own header and first pages (schema, page map)
        for _ in range(data.draw(st.integers(1, 4))):
            at = data.draw(st.one_of(st.integers(0, 8191), st.integers(0, len(plain) - 1)))
            plain[at] ^= 1 << data.draw(st.integers(0, 7))
    elif how == "random":
        plain = bytearray(data.draw(st.binary(max_size=2000)))
    else:
        empty = sqlite3.connect(":memory:")
        empty.execute("CREATE TABLE t (x)")
        plain = bytearray(empty.serialize())
        empty.close()
    assume(bytes(plain) != office.plaintext)
    path = office.folder / "fuzz.kvpute"
    content = office.key.seal(bytes(plain))
    path.write_bytes(content)
    try:
        laptop = outreach.open_copy(path, PASS)
    except ServiceError as error:
        assert norwegian(error.message), error.message
    else:
        laptop.close(save=False)
    path.write_bytes(content)
    before = _state(office)
    try:
        outreach.check_in(office.ctx, path, PASS)
    except ServiceError as error:
        assert norwegian(error.message), error.message
        assert _state(office) == before
    else:  # accepted: back to the office as it was before the check-in, for the next example
        office.ctx.db.dispose()
        _sqlite_copy(office.pristine, office.db_file)


@pytest.mark.slow
def test_nightly_outreach_fuzz_runs_2000_per_parser() -> None:
    """The long variant: every property above with 2 000 examples, in a fresh process."""
    output = run_nightly(__file__)
    assert "Fuzz-inndata prøvd (utekopi)" in output and "sum" in output
