"""The full person record: children with the child supplement's conditions, kontonummer (mod 11),
phone, e-mail, preferred language and målform — saved, changed, and refused when wrong."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.letters import decisions, drafting
from kvp_desktop.services.letters.content import EDITABLE, FieldError, field_from_text
from kvp_desktop.services.portfolio import persons
from kvp_desktop.store.models import Child, Person

TODAY = dt.date(2026, 11, 23)
NUMBER = synthetic_fodselsnummer(random.Random(77), dt.date(1990, 6, 1), "2")
ACCOUNT = "1234.56.78903"  # a valid kontonummer (mod 11)


def _input(**changes: object) -> persons.PersonInput:
    base = persons.PersonInput(
        fodselsnummer=NUMBER, first_name="Sara", last_name="Nilsen", address="Storgata 1", postcode="3140",
        postplace="Nøtterøy", phone="+47 912 34 567", email="sara@example.no", bank_account=ACCOUNT,
        preferred_language="arabisk", written_standard="nn",
        children=(persons.ChildInput("14.02.2015", "Ida"),
                  persons.ChildInput(dt.date(2008, 1, 10), "Ola", True, False)),
    )
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


def _count(ctx: AppContext, model: type) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_whole_record_is_saved_and_read_back(ctx: AppContext) -> None:
    saved = persons.create_person(ctx, _input(), today=TODAY)
    assert saved.bank_account == "12345678903"
    assert (saved.phone, saved.email, saved.preferred_language, saved.written_standard) == (
        "+47 912 34 567", "sara@example.no", "arabisk", "nn")
    ida, ola = sorted(saved.children, key=lambda c: c.first_name)
    assert ida.supported and ida.gives_supplement_on(TODAY)
    assert not ola.supported and not ola.gives_supplement_on(TODAY)  # not supported by the participant
    assert not ida.gives_supplement_on(dt.date(2033, 2, 14))  # 18 that day
    with ctx.uow() as uow:
        row = uow.session.scalar(select(Person).where(Person.id == saved.id))
        assert row is not None and row.written_standard == "nn" and row.preferred_language == "arabisk"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bank_account", "1234.56.78901", "kontrollsifferet"),
        ("bank_account", "1234567", "11 siffer"),
        ("bank_account", "abcd.ef.ghijk", "11 siffer"),
        ("written_standard", "en", "bokmål (nb) eller nynorsk (nn)"),
        ("preferred_language", "x" * 41, "høyst 40 tegn"),
    ],
)
def test_bad_input_is_refused_in_norwegian_and_nothing_is_written(
    ctx: AppContext, field: str, value: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        persons.create_person(ctx, _input(**{field: value}), today=TODAY)
    assert message in caught.value.problems[field]
    assert _count(ctx, Person) == _count(ctx, Child) == 0


def test_a_child_in_the_future_is_refused(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as caught:
        persons.create_person(ctx, _input(children=(persons.ChildInput(TODAY + dt.timedelta(days=3), "Ny"),)),
                              today=TODAY)
    assert "fram i tid" in caught.value.problems["children.1"]


def test_changing_the_record_adds_and_removes_children_and_keeps_the_rest(ctx: AppContext) -> None:
    saved = persons.create_person(ctx, _input(), today=TODAY)
    changed = persons.update_person(
        ctx, saved.id, persons.input_from(saved, children=(persons.ChildInput("01.03.2020", "Mia"),),
                                          bank_account="", written_standard=""),
        expected_version=saved.version, loaded=saved, today=TODAY)
    assert [c.first_name for c in changed.children] == ["Mia"]
    assert changed.bank_account == "" and changed.written_standard == ""
    assert changed.preferred_language == "arabisk"
    assert _count(ctx, Child) == 1
    with pytest.raises(ValidationError) as caught:
        persons.update_person(ctx, saved.id, persons.input_from(changed, bank_account="99999999999"),
                              expected_version=changed.version, loaded=changed, today=TODAY)
    assert "kontrollsifferet" in caught.value.problems["bank_account"]
    assert persons.get_person(ctx, saved.id, audit=False).bank_account == ""


def test_the_repayment_letter_refuses_an_invalid_account_number() -> None:
    spec = next(s for s in EDITABLE["tilbakebetaling"] if s.name == "payment_account")
    assert field_from_text(spec, "12345678903") == "1234.56.78903"
    with pytest.raises(FieldError, match="kontrollsifferet"):
        field_from_text(spec, "1234.56.78901")


def test_the_persons_maalform_chooses_the_letters_language(demo_ctx: AppContext) -> None:
    worker = demo_ctx.as_user("demo.saksbehandler")
    number = synthetic_fodselsnummer(random.Random(78), dt.date(1988, 4, 4), "1")
    person = persons.create_person(worker, _input(fodselsnummer=number), today=TODAY)
    from kvp_desktop.services.screening import applications

    applications.register_application(worker, applications.ApplicationInput(person_id=person.id,
                                                                            registered_date=TODAY), TODAY)
    ref = drafting.create_draft(worker, person.id, "innvilgelse", today=TODAY)
    assert decisions.document(worker, ref).written_standard == "nn"
