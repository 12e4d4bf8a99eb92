"""KOSTRA 11CF from the database: the demo office passes SSB's checks, and one participant's record
is checked position by position against SSB's 2026 file description (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from kvp_desktop.exports.kostra11cf import check_file, fodselsnummer, load_layout
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ServiceError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.reports import kostra
from kvp_desktop.store.models import (
    Application,
    AuditEvent,
    Child,
    Decision,
    OfficeSettings,
    PayoutLine,
    PayoutRun,
    Person,
    Programme,
    SupplementaryBenefit,
    User,
)

D = dt.date


def test_demo_office_2026_passes_ssbs_checks_and_every_record_has_ssbs_length(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    ctx = demo_ctx.as_user("demo.saksbehandler")
    check = kostra.check_year(ctx, 2026)
    assert check.record_count > 10
    assert check.counts["FATAL"] == check.counts["ERROR"] == 0, [f.message for f in check.findings if f.blocks]
    assert not check.blocks_export
    with ctx.uow() as uow:
        audits_before = uow.session.scalar(select(func.count(AuditEvent.id))) or 0
    result = kostra.export_file(ctx, 2026, tmp_path / "kostra.dat")
    data = result.path.read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and len(lines) - 1 == result.record_count == check.record_count
    assert all(len(line) == load_layout(2026).record_length == 152 for line in lines[:-1])
    data.decode("iso-8859-1")
    report = check_file(result.path, 2026, "3911")
    assert not report.blocks_submission and report.record_count == result.record_count
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.username, AuditEvent.person_id, AuditEvent.detail)
            .where(AuditEvent.entity == "kostra11cf").order_by(AuditEvent.id)
        ).all()
        assert uow.session.scalar(select(func.count(AuditEvent.id))) == audits_before + result.record_count + 1
    assert {row.action for row in rows} == {"export"} and {row.username for row in rows} == {"demo.saksbehandler"}
    assert len({row.person_id for row in rows if row.person_id is not None}) == result.record_count
    # The detail names the report, never a fødselsnummer or a name.
    assert {row.detail for row in rows} == {"KOSTRA 11CF 2026", f"KOSTRA 11CF 2026: {result.record_count} poster"}


def test_the_demo_identity_numbers_give_ssb_no_birth_date_so_age_comes_from_fodselsdato(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow:
        number, born = uow.session.execute(select(Person.fodselsnummer, Person.birth_date).limit(1)).one()
    assert fodselsnummer.is_valid(number, 2026)  # Rule005 accepts the H-number by its control digits
    assert fodselsnummer.birth_date(number, 2026) is None  # month + 40 is no date to SSB
    record = {"FODSELSDATO": dt.date(2010, 5, 1), "PERSON_FODSELSNR": number, "PERSON_JOURNALNR": "1"}
    from kvp_desktop.exports.kostra11cf import check_records

    found = check_records([record], 2026).by_rule("Rule006AlderUnder18Aar")
    assert len(found) == 1 and "(16 år)" in found[0].message
    assert born.year < 2010


# --- one participant, position by position ------------------------------------------------------


def _participant(ctx: AppContext) -> tuple[int, str]:
    """A participant whose programme runs 3.11.2025–30.9.2026 and ended with work; supplementary
    social assistance; 25 on 1.6.2026; one child under 18 at home; paid in arrears in approved runs."""
    born = D(2001, 6, 1)
    number = synthetic_fodselsnummer(random.Random(5), born, "2")
    with ctx.uow() as uow:
        s = uow.session
        s.add(OfficeSettings(office_name="NAV Test", municipality_number="3911", municipality_name="Færder",
                             district_number="00", county="Vestfold"))
        worker = User(username="kari", full_name="Kari Nordmann", role="saksbehandler", caseworker_number="1002")
        approver = User(username="ola", full_name="Ola Attestant", role="attestant", caseworker_number="")
        s.add_all([worker, approver])
        s.flush()
        person = Person(fodselsnummer=number, first_name="Åse", last_name="Ødegård", sort_key="odegard ase",
                        birth_date=born, sex="2", marital_status="3", journal_number="26000042",
                        caseworker_id=approver.id)
        person.children = [Child(first_name="Lille", birth_date=D(2019, 4, 2)),
                           Child(first_name="Voksen", birth_date=D(2008, 1, 10)),  # 18 before 30.9.2026
                           Child(first_name="Borte", birth_date=D(2020, 1, 1), in_household=False)]
        s.add(person)
        s.flush()
        application = Application(person_id=person.id, registered_date=D(2025, 10, 6), benefit_social_assistance="3",
                                  kvp_caseworker_id=worker.id, status="granted")
        s.add(application)
        s.flush()
        programme = Programme(person_id=person.id, application_id=application.id, caseworker_id=worker.id,
                              start_date=D(2025, 11, 3), planned_end_date=D(2026, 11, 2), end_date=D(2026, 9, 30),
                              status="completed", kostra_status="3", end_situations=["01"], main_income_after="01")
        s.add(programme)
        s.flush()
        s.add(Decision(person_id=person.id, application_id=application.id, programme_id=programme.id,
                       kind="innvilgelse", state="issued", decision_date=D(2025, 10, 20),
                       issued_at=dt.datetime(2025, 10, 20, 14, 0)))
        s.add(Decision(person_id=person.id, application_id=application.id, kind="innvilgelse", state="draft",
                       decision_date=D(2025, 10, 1)))  # a draft is no decision
        s.add(SupplementaryBenefit(programme_id=programme.id, year=2026, kind="sosialhjelp_supplement"))
        s.add(SupplementaryBenefit(programme_id=programme.id, year=2025, kind="husbank_bostotte"))
        months: list[tuple[int, int, list[Decimal], str]] = [(2025, 11, [Decimal("15483.17")], "approved"),
                                                             (2025, 12, [Decimal("15483.17")], "paid")]
        months += [(2026, m, [Decimal("15483.17")], "approved") for m in range(1, 6)]
        months[4] = (2026, 3, [Decimal("15483.17"), Decimal("-500.10")], "exported")  # a deduction in March
        months += [(2026, 6, [Decimal("19000.50")], "approved")]  # the 25th birthday: higher rate from June
        months += [(2026, m, [Decimal("23224.75")], "approved") for m in (7, 8, 9)]
        months += [(2026, 10, [Decimal("999.00")], "draft")]  # not approved: not paid
        for year, month, amounts, state in months:
            first = D(year, month, 1)
            last = (D(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
            run = PayoutRun(label=f"{year}-{month:02d}", period_from=first, period_to=last, total=sum(amounts))
            s.add(run)
            s.flush()
            s.add_all(PayoutLine(run_id=run.id, person_id=person.id, programme_id=programme.id, period_from=first,
                                 period_to=last, code="allowance", text="Stønad", reference="stl. § 35",
                                 amount=amount) for amount in amounts)
            s.flush()
            run.state = state
        uow.commit()
        return person.id, number


def test_a_participant_across_two_years_position_by_position(ctx: AppContext, tmp_path: Path) -> None:
    _person_id, number = _participant(ctx)
    result = kostra.export_file(ctx, 2026, tmp_path / "11cf_2026.dat")
    data = result.path.read_bytes()
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 1
    line = data[:-2].decode("iso-8859-1")
    # 5 × 15 483,17 − 500,10 + 19 000,50 + 3 × 23 224,75 = 165 590,50 → 165 591 (whole kroner, half up)
    expected = [
        (1, 4, "3911"),  # KOMMUNE_NR from the settings
        (5, 6, "26"),  # VERSION
        (7, 8, "  "),  # BYDELSNR: blank outside Oslo (the settings' 00 means none)
        (9, 16, "01062001"),  # FODSELSDATO
        (17, 24, "26000042"),  # PERSON_JOURNALNR
        (25, 35, number),  # PERSON_FODSELSNR
        (36, 36, "2"),  # KJONN
        (37, 37, "3"),  # EKTSTAT samboer
        (38, 38, "1"),  # BU18: one child under 18 at home on the end date
        (39, 40, " 1"),  # ANTBU18
        (41, 48, "06102025"),  # REG_DATO
        (49, 56, "20102025"),  # VEDTAK_DATO: the issued innvilgelse, not the draft
        (57, 64, "03112025"),  # BEGYNT_DATO
        (65, 65, "2"),  # KVP_KOMM nei
        (66, 69, "    "),  # KOMMNR_KVP_KOMM
        (70, 70, "1"),  # YTELSE_SOSHJELP
        (71, 71, "3"),  # YTELSE_TYPE_SOSHJ supplerende
        (72, 74, "   "),  # YTELSE_INTRO, YTELSE_TILTAKSPENGER, YTELSE_FOLKETRYGDL
        (75, 75, "1"),  # KVP_MED_ASTONAD ja
        (76, 79, "    "),  # KOMMBOS, HUSBANKBOS (that was 2025), SOSHJ_ENGANG, SOSHJ_PGM
        (80, 80, "7"),  # KVP_MED_SOSHJ_SUP
        (81, 104, "010203040506070809      "),  # STMND_1 … STMND_12: January–September
        (105, 111, " 165591"),  # KVP_STONAD
        (112, 112, "3"),  # STATUS fullført
        (113, 120, "30092026"),  # AVSL_DATO
        (121, 122, "01"),  # AVSL_ORDINAERTARB
        (123, 140, " " * 18),  # the other situations
        (141, 142, "01"),  # AVSL_VIKTIGSTE_INNTEKT
        (143, 152, "1002      "),  # SAKSBEHANDLER: the programme's caseworker
    ]
    position = 1
    for start, end, text in expected:
        assert start == position, "the expected segments cover the record without gaps"
        assert line[start - 1:end] == text, (start, end, line[start - 1:end], text)
        position = end + 1
    assert position == 153 == len(line) + 1
    assert kostra.check_year(ctx, 2026).findings == ()

    line_2025 = kostra.export_file(ctx, 2025, tmp_path / "11cf_2025.dat").path.read_bytes()[:-2].decode("latin-1")
    assert line_2025[4:6] == "25" and line_2025[74:80] == "1 5   "  # Husbanken's bostøtte in 2025
    assert line_2025[80:104] == " " * 20 + "1112"  # November and December 2025
    assert line_2025[104:111] == "  30966" and line_2025[111] == "1"  # 2 × 15 483,17; still in programme
    assert line_2025[112:142] == " " * 30  # no end date, no situation
    assert line_2025[37:40] == "1 2"  # on 31.12.2025 the child born 2008 was 17: two children


def test_findings_map_to_where_the_data_is_fixed_and_block_the_export(ctx: AppContext, tmp_path: Path) -> None:
    person_id, _number = _participant(ctx)
    with ctx.uow() as uow:
        uow.session.execute(update(Person).values(marital_status="9"))
        uow.session.execute(update(Programme).values(main_income_after=""))
        uow.session.execute(update(OfficeSettings).values(municipality_number="0301", district_number="00"))
        uow.commit()
    check = kostra.check_year(ctx, 2026)
    assert check.blocks_export
    by_rule = {finding.rule_id: finding for finding in check.findings}
    marital = by_rule["Rule009Sivilstand"]
    assert marital.field == "EKTSTAT" and marital.field_label == "Sivilstand" and marital.severity_label == "FEIL"
    assert marital.target == kostra.FixTarget("person", person_id, person_id, "portefolje")
    assert marital.masked_person.endswith("*****") and marital.person_name == "Ødegård, Åse"
    income = by_rule["Rule039FullforteAvsluttedeProgramInntektkilde"]
    assert income.target.area == "programme" and income.target.tab == "programbygger"
    district = by_rule["Rule003Bydelsnummer"]
    assert district.target == kostra.FixTarget("settings", None, None, None)
    target = tmp_path / "refused.dat"
    with ctx.uow() as uow:
        before = uow.session.scalar(select(func.count(AuditEvent.id)))
    with pytest.raises(ServiceError, match="ikke lagret"):
        kostra.export_file(ctx, 2026, target)
    assert not target.exists()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count(AuditEvent.id))) == before


def test_only_users_who_may_export_personal_data(ctx: AppContext, tmp_path: Path) -> None:
    _participant(ctx)
    with ctx.uow() as uow:
        uow.session.add(User(username="vera", full_name="Vera Veileder", role="veileder"))
        uow.commit()
    with pytest.raises(PermissionDeniedError, match="eksportere personopplysninger"):
        kostra.check_year(ctx.as_user("vera"), 2026)
    with pytest.raises(PermissionDeniedError):
        kostra.export_file(ctx.as_user("vera"), 2026, tmp_path / "x.dat")
    assert not (tmp_path / "x.dat").exists()
    assert kostra.check_year(ctx.as_user("kari"), 2026).record_count == 1


def test_a_year_without_a_layout_is_refused_in_norwegian(ctx: AppContext) -> None:
    _participant(ctx)
    with pytest.raises(ServiceError, match="ingen filbeskrivelse"):
        kostra.check_year(ctx, 2024)
