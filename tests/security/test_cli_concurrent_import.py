"""Two imports of the same file at the same moment: one wins, the other gets a Norwegian message —
never a traceback with fødselsnumre and names on the terminal, never a duplicate person."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.store.models import Person
from tests.security.conftest import USERS

HEADER = "Fødselsnummer;Fornavn;Etternavn;Adresse;Postnummer;Poststed;Arbeidserfaring"
ROUNDS = 2


def _persons(path: Path) -> int:
    ctx = open_context(f"sqlite:///{path}")
    with ctx.uow() as uow:
        count = uow.session.scalar(select(func.count(Person.id))) or 0
    ctx.close()
    return count


def test_concurrent_imports_of_one_file(office: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "KVP_PASSWORD": USERS["demo.saksbehandler"][1]}
    rng = random.Random(17)
    outcomes = []
    for round_number in range(ROUNDS):
        rows = []
        for index in range(5):
            number = synthetic_fodselsnummer(rng, dt.date(1980 + index, 1 + round_number, 10 + index), "1")
            rows.append((number, f"Navn{round_number}{index}", f"Etternavnesen{round_number}{index}"))
        csv = tmp_path / f"runde{round_number}.csv"
        csv.write_text("\n".join([HEADER, *(f"{n};{f};{e};;3140;;lite" for n, f, e in rows)]) + "\n",
                       encoding="utf-8")
        before = _persons(office)
        processes = [subprocess.Popen([sys.executable, "-m", "kvp_desktop", "--database", str(office), "import",
                                       "persons", str(csv), "--user", "demo.saksbehandler"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                      text=True, env=env) for _ in range(2)]
        for process in processes:
            _out, err = process.communicate(timeout=180)
            outcomes.append(process.returncode)
            assert process.returncode in (0, 1), err
            assert "Traceback" not in err and "UniqueViolation" not in err and "IntegrityError" not in err
            for number, first, last in rows:
                assert number not in err and first not in err and last not in err
            if err:
                assert err.startswith("Feil: "), err
        assert _persons(office) == before + 5  # each person once, whoever won
    assert 0 in outcomes
