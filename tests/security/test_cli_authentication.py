"""Who the ``kvp`` command works as: a named user whose password is verified (argon2id), per role.

An attestant must not be able to make a payout run in a saksbehandler's name (and then approve it
as the second pair of eyes): the audit trail must always name the person who did the work.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.store.models import AuditEvent, PayoutRun, Person
from tests.security.conftest import USERS, run_kvp

PERSON_HEADER = "Fødselsnummer;Fornavn;Etternavn;Adresse;Postnummer;Poststed;Arbeidserfaring"


def _runs(path: Path) -> list[tuple[int, int | None, str]]:
    ctx = open_context(f"sqlite:///{path}")
    with ctx.uow() as uow:
        rows = uow.session.execute(select(PayoutRun.id, PayoutRun.created_by_id, PayoutRun.label)).all()
    ctx.close()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _audit_users(path: Path) -> list[str]:
    ctx = open_context(f"sqlite:///{path}")
    with ctx.uow() as uow:
        names = list(uow.session.scalars(select(AuditEvent.username).order_by(AuditEvent.id)))
    ctx.close()
    return names


def test_attestant_cannot_make_a_run_in_a_saksbehandlers_name(office: Path) -> None:
    before_runs, before_audit = _runs(office), _audit_users(office)
    attempt = run_kvp("--database", str(office), "payout", "run", "--period", "2024-01", "--user",
                      "demo.saksbehandler", password=USERS["demo.attestant"][1])
    assert attempt.returncode == 4, attempt.stderr
    assert attempt.stderr.strip() == "Feil: Feil brukernavn eller passord."
    assert _runs(office) == before_runs and _audit_users(office) == before_audit


def test_no_password_in_a_script_is_refused_before_anything_is_saved(office: Path, tmp_path: Path) -> None:
    before = _runs(office)
    result = run_kvp("--database", str(office), "payout", "run", "--period", "2024-01", "--user", "demo.saksbehandler")
    assert result.returncode == 4
    assert "Passordet til demo.saksbehandler mangler" in result.stderr and "KVP_PASSWORD" in result.stderr
    system = run_kvp("--database", str(office), "payout", "run", "--period", "2024-01")  # the system identity
    assert system.returncode == 1 and "--user" in system.stderr
    assert _runs(office) == before


def test_the_run_and_its_audit_row_name_the_authenticated_user_who_cannot_approve_it(office: Path) -> None:
    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.office import users
    from kvp_desktop.services.payouts import runs as payout_runs

    made = run_kvp("--database", str(office), "payout", "run", "--period", "2024-01", "--user", "demo.attestant",
                   "--json", password=USERS["demo.attestant"][1])
    assert made.returncode == 0, made.stderr
    ctx = open_context(f"sqlite:///{office}")
    attestant = users.login(ctx, "demo.attestant", USERS["demo.attestant"][1])
    run_id = next(r[0] for r in _runs(office) if r[2] == "2024-01")
    assert next(r[1] for r in _runs(office) if r[0] == run_id) == attestant.user.id
    assert _audit_users(office)[-2:] == ["demo.attestant", "demo.attestant"]  # login, then the run
    with pytest.raises(ServiceError):
        payout_runs.approve_run(attestant, run_id)  # four eyes: not the one who made it
    ctx.close()


def test_password_file_must_be_the_owners_alone(office: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passord.txt"
    secret.write_text(USERS["demo.saksbehandler"][1] + "\n", encoding="utf-8")
    args = ["--database", str(office), "payout", "run", "--period", "2024-02", "--user", "demo.saksbehandler",
            "--password-file", str(secret)]
    if os.name == "posix":
        secret.chmod(0o644)
        shared = run_kvp(*args)
        assert shared.returncode == 4 and "kan leses av andre" in shared.stderr and "chmod 600" in shared.stderr
    secret.chmod(0o600)
    ok = run_kvp(*args)
    assert ok.returncode == 0, ok.stderr
    assert "Lagret som utkast" in ok.stdout


# What each role may do through the command line (services/infrastructure/roles.py decides; the CLI only authenticates).
ALLOWED = {
    "payout": {"saksbehandler", "attestant", "leder"},
    "import": {"veileder", "saksbehandler", "leder"},
    "kostra": {"saksbehandler", "attestant", "leder"},
}


@pytest.mark.parametrize("username", list(USERS))
def test_each_role_may_do_what_its_role_allows_and_nothing_else(username: str, office: Path, tmp_path: Path) -> None:
    role, password = USERS[username]
    month = f"2024-{list(USERS).index(username) + 1:02d}"
    runs_before = len(_runs(office))
    made = run_kvp("--database", str(office), "payout", "run", "--period", month, "--user", username,
                   password=password)
    if role in ALLOWED["payout"]:
        assert made.returncode == 0, made.stderr
        assert len(_runs(office)) == runs_before + 1
    else:
        assert made.returncode == 1 and "ikke tilgang til å lage utbetalingskjøringer" in made.stderr
        assert len(_runs(office)) == runs_before

    csv = tmp_path / "nye.csv"
    csv.write_text(f"{PERSON_HEADER}\n{_h_number()};Nora;Testesen;;3140;;lite\n", encoding="utf-8")
    persons_before = _count_persons(office)
    imported = run_kvp("--database", str(office), "import", "persons", str(csv), "--user", username,
                       password=password)
    if role in ALLOWED["import"]:
        assert imported.returncode == 0, imported.stdout + imported.stderr
        assert _count_persons(office) == persons_before + 1
    else:
        assert imported.returncode == 1 and "ikke tilgang" in imported.stderr
        assert _count_persons(office) == persons_before

    out = tmp_path / "11cf.dat"
    export = run_kvp("--database", str(office), "kostra11cf", "--year", "2026", "--out", str(out), "--user",
                     username, password=password)
    if role in ALLOWED["kostra"]:
        assert export.returncode == 0, export.stdout + export.stderr
        assert out.exists()
    else:
        assert export.returncode == 1 and "ikke tilgang til å eksportere personopplysninger" in export.stderr
        assert not out.exists()
    assert "Traceback" not in made.stderr + imported.stderr + export.stderr


def test_kostra_export_needs_a_user(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "11cf.dat"
    result = run_kvp("--database", str(office), "kostra11cf", "--year", "2026", "--out", str(out))
    assert result.returncode == 2 and "--user" in result.stderr and not out.exists()


def _count_persons(path: Path) -> int:
    ctx = open_context(f"sqlite:///{path}")
    with ctx.uow() as uow:
        count = uow.session.scalar(select(func.count(Person.id))) or 0
    ctx.close()
    return count


def _h_number() -> str:
    """A synthetic H-number (never a real person's), valid by python-stdnum."""
    return synthetic_fodselsnummer(random.Random(99), dt.date(1990, 5, 17), "2")
