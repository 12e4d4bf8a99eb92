"""Registering persons: Norwegian messages for bad input, and nothing written."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio import persons
from kvp_desktop.store.models import AuditEvent, Person

TODAY = dt.date(2026, 11, 23)
VALID = synthetic_fodselsnummer(random.Random(5), dt.date(1999, 3, 14), "2")


def _count(ctx: AppContext, model: type) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_valid_person_is_saved_with_birth_date_sex_and_audit(ctx: AppContext) -> None:
    data = persons.PersonInput(
        fodselsnummer=VALID, first_name=" Máret ", last_name="Čuđe Ŋuolja", postcode="3140",
        children=(persons.ChildInput("02.05.2019", "Ánde"),),
    )
    saved = persons.create_person(ctx, data, today=TODAY)
    assert saved.first_name == "Máret"
    assert saved.birth_date == dt.date(1999, 3, 14)
    assert saved.sex == "2"
    assert saved.masked_id == "14.03.99 *****"
    assert saved.children[0].birth_date == dt.date(2019, 5, 2)
    opened = persons.get_person(ctx, saved.id)
    assert opened.full_name == "Máret Čuđe Ŋuolja"
    with ctx.uow() as uow:
        actions = uow.session.scalars(select(AuditEvent.action).where(AuditEvent.person_id == saved.id)).all()
    assert actions == ["create", "open"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fodselsnummer", "14039912345", "kontrollsifrene"),
        ("fodselsnummer", "1403991234", "11 siffer"),
        ("fodselsnummer", "", "mangler"),
        ("fodselsnummer", "32139912345", "ikke gyldig"),
        ("first_name", "   ", "Fornavn må fylles ut"),
        ("last_name", "", "Etternavn må fylles ut"),
        ("postcode", "31", "fire siffer"),
        ("aap_end_date", "31.02.2026", "ikke en gyldig dato"),
        ("first_social_assistance_application", "2026-13-01", "ikke en gyldig dato"),
        ("phone", "9" * 41, "Telefon kan ha høyst 40 tegn"),  # PostgreSQL refused it as a DataError
        ("email", "k" * 190 + "@example.no", "E-post kan ha høyst 200 tegn"),
        ("municipality_number", "٣١٤٠", "fire siffer"),
    ],
)
def test_bad_input_is_refused_in_norwegian_and_nothing_is_written(
    ctx: AppContext, field: str, value: str, message: str
) -> None:
    base = {"fodselsnummer": VALID, "first_name": "Kari", "last_name": "Nordmann"}
    base[field] = value
    with pytest.raises(ValidationError) as error:
        persons.create_person(ctx, persons.PersonInput(**base), today=TODAY)  # type: ignore[arg-type]
    assert field in error.value.problems
    assert message in error.value.problems[field]
    assert _count(ctx, Person) == 0
    assert _count(ctx, AuditEvent) == 0


def test_child_with_impossible_date_is_refused(ctx: AppContext) -> None:
    data = persons.PersonInput(VALID, "Kari", "Nordmann", children=(persons.ChildInput("30.02.2020"),))
    with pytest.raises(ValidationError) as error:
        persons.create_person(ctx, data, today=TODAY)
    assert "children.1" in error.value.problems
    assert _count(ctx, Person) == 0


def test_all_problems_are_reported_at_once(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as error:
        persons.create_person(ctx, persons.PersonInput("123", "", ""), today=TODAY)
    assert set(error.value.problems) == {"fodselsnummer", "first_name", "last_name"}


def test_duplicate_identity_number_is_refused(ctx: AppContext) -> None:
    persons.create_person(ctx, persons.PersonInput(VALID, "Kari", "Nordmann"), today=TODAY)
    with pytest.raises(ValidationError) as error:
        persons.create_person(ctx, persons.PersonInput(VALID, "Kari", "Annen"), today=TODAY)
    assert "finnes allerede" in error.value.problems["fodselsnummer"]
    assert _count(ctx, Person) == 1


def test_missing_person_gives_norwegian_message(ctx: AppContext) -> None:
    with pytest.raises(NotFoundError, match="finnes ikke"):
        persons.get_person(ctx, 999)


def test_search_by_name_and_number_in_norwegian_order(ctx: AppContext) -> None:
    rng = random.Random(9)
    for last in ("Ødegård", "Zahl", "Aasen", "Ås"):
        number = synthetic_fodselsnummer(rng, dt.date(1990, 1, 2), "1")
        persons.create_person(ctx, persons.PersonInput(number, "Per", last), today=TODAY)
    labels = [choice.label.split(",")[0] for choice in persons.search_persons(ctx)]
    assert labels == ["Zahl", "Ødegård", "Ås", "Aasen"]
    assert [c.label.split(",")[0] for c in persons.search_persons(ctx, "øde")] == ["Ødegård"]
    assert len(persons.search_persons(ctx, "0241")) == 4
