"""``kvp programme create``: «Opprett program» after an issued grant, with the decision's dates, from a
template; refused in Norwegian before the grant is issued; one real subprocess."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kvp_desktop.cli.main import main
from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.letters import decisions
from kvp_desktop.services.letters.dto import DocumentRef
from kvp_desktop.services.portfolio import persons
from kvp_desktop.services.programmes import programmes
from kvp_desktop.services.screening import applications, screening
from kvp_desktop.services.screening.screening import ConclusionInput, Judgement, ScreeningFacts

TODAY = dt.date(2026, 11, 23)
NUMBER = synthetic_fodselsnummer(random.Random(41), dt.date(1991, 9, 9), "1")


@pytest.fixture
def granted(tmp_path: Path) -> tuple[str, int]:
    """A demo office with one person whose screening concluded in a grant (the letter still a draft)."""
    url = f"sqlite:///{tmp_path / 'kvp.db'}"
    assert main(["--database", url, "demo", "--persons", "3", "--today", TODAY.isoformat()]) == 0
    ctx = open_context(url).as_user("demo.saksbehandler")
    try:
        person = persons.create_person(ctx, persons.PersonInput(NUMBER, "Kim", "Kommandolinje", address="Vei 1",
                                                                postcode="3140", postplace="Nøtterøy"), TODAY)
        app = applications.register_application(ctx, applications.ApplicationInput(
            person_id=person.id, registered_date=TODAY, work_ability_assessment_date=TODAY - dt.timedelta(days=9),
            work_ability_outcome="spesielt_tilpasset"), TODAY)
        view = screening.start_screening(ctx, app.id, TODAY)
        judged = tuple(Judgement(code, "met", "Begrunnet i samtalen.")
                       for code in ("reduced_capacity", "close_coordinated_help", "suitable_programme"))
        result = screening.conclude_screening(
            ctx, view.id, view.version, ScreeningFacts(lawful_residence=True, fixed_abode=True,
                                                       language_only_obstacle=False), judged,
            ConclusionInput(dt.date(2026, 12, 7), dt.date(2027, 12, 5)), now=dt.datetime(2026, 11, 23, 9))
    finally:
        ctx.close()
    return url, result.decision_id


def test_refused_before_the_grant_is_issued_then_created_with_the_decisions_dates(
    granted: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    url, decision_id = granted
    args = ["--database", url, "programme", "create", "--person", NUMBER, "--user", "demo.saksbehandler",
            "--today", TODAY.isoformat()]
    capsys.readouterr()
    assert main(args) == 1
    assert "ikke et fattet vedtak om innvilgelse" in capsys.readouterr().err
    ctx = open_context(url).as_user("demo.saksbehandler")
    try:
        decisions.issue(ctx, DocumentRef("decision", decision_id), today=TODAY)
    finally:
        ctx.close()
    assert main([*args, "--template", "ukjent mal"]) == 1
    assert "Fant ikke malen" in capsys.readouterr().err
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    assert main(["--database", url, "programme", "templates"]) == 0
    template = capsys.readouterr().out.splitlines()[0].split("\t")[1]
    result = subprocess.run([sys.executable, "-m", "kvp_desktop", *args, "--template", template],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Programmet er opprettet" in result.stdout and "07.12.2026–05.12.2027" in result.stdout
    ctx = open_context(url)
    try:
        person_id = next(p.id for p in persons.search_persons(ctx, NUMBER))
        found = programmes.programmes_for_person(ctx, person_id)
        assert [(p.start_date, p.planned_end_date) for p in found] == [(dt.date(2026, 12, 7), dt.date(2027, 12, 5))]
        assert found[0].phases
    finally:
        ctx.close()
    assert main(args) == 1  # a second programme for the same grant is refused
    assert "uten program" in capsys.readouterr().err
