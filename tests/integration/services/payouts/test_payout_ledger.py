"""The payout ledger end to end: a May with a late-registered G, a 25th birthday, invalid absence,
paid work and sykepenger; the same totals as ``kvp payout simulate``; four eyes; frozen runs;
back-pay and corrections as new lines; the specification PDF and the payroll export read back."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DatabaseError

from kvp_desktop.cli.main import main
from kvp_desktop.documents.payout_spec import payout_specification_pdf, run_summary_pdf
from kvp_desktop.i18n import format_money
from kvp_desktop.money import ZERO
from kvp_desktop.rules import recovery as recovery_rules
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError, ServiceError, ValidationError
from kvp_desktop.services.office import parameters
from kvp_desktop.services.payouts import payroll, recoveries, refunds
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.payouts import views as payouts
from kvp_desktop.services.programmes import attendance
from kvp_desktop.store.models import (
    Attendance,
    Child,
    OtherBenefit,
    PayoutLine,
    PayoutRun,
    Person,
    Programme,
    User,
)

MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
PROGRAMME = (dt.date(2026, 1, 5), dt.date(2026, 12, 31))
# (name, birth, children, invalid absence, paid work, sykepenger) — each participant has one of the facts.
PARTICIPANTS = [
    ("Bursdag", dt.date(2001, 5, 14), [], [], [], None),
    ("Fravær", dt.date(1990, 2, 2), [dt.date(2020, 1, 1)], [("2026-05-05", "7.5"), ("2026-05-20", "3")], [], None),
    ("Arbeid", dt.date(1985, 8, 8), [dt.date(2015, 6, 1)], [], [("2026-05-11", "4"), ("2026-05-12", "4.5")], None),
    ("Syk", dt.date(1979, 11, 30), [], [], [], ("2026-04-20", "2026-05-10", "5000.00")),
]


def _setup(ctx: AppContext) -> dict[str, int]:
    with ctx.uow() as uow:
        s = uow.session
        for username, role in (("maker", "saksbehandler"), ("checker", "attestant"), ("boss", "leder")):
            s.add(User(username=username, full_name=username.title(), role=role))
        people = {}
        for index, (name, birth, kids, absent, work, sick) in enumerate(PARTICIPANTS):
            person = Person(fodselsnummer=f"{birth:%d%m%y}{index:05d}", first_name="Test", last_name=name,
                            sort_key=name.lower(), birth_date=birth, sex="1", bank_account="12345678903",
                            address="Storgata 1", postcode="3140", postplace="Nøtterøy")
            person.children = [Child(birth_date=b) for b in kids]
            s.add(person)
            s.flush()
            programme = Programme(person_id=person.id, start_date=PROGRAMME[0], planned_end_date=PROGRAMME[1])
            s.add(programme)
            s.flush()
            for day, hours in absent:
                s.add(Attendance(programme_id=programme.id, day=dt.date.fromisoformat(day),
                                 invalid_absence_hours=Decimal(hours), planned_hours=Decimal("7.5")))
            for day, hours in work:
                s.add(Attendance(programme_id=programme.id, day=dt.date.fromisoformat(day),
                                 paid_work_hours=Decimal(hours), planned_hours=Decimal("7.5")))
            if sick:
                s.add(OtherBenefit(programme_id=programme.id, kind="sykepenger", from_date=dt.date.fromisoformat(
                    sick[0]), to_date=dt.date.fromisoformat(sick[1]), amount=Decimal(sick[2])))
            people[name] = person.id
        uow.commit()
    return people


def _scenario(tmp_path: Path, index: int) -> Path:
    name, birth, kids, absent, work, sick = PARTICIPANTS[index]
    data: dict[str, object] = {
        "participant": {"birth_date": birth.isoformat(), "children": [{"birth_date": b.isoformat()} for b in kids]},
        "programme": {"start": PROGRAMME[0].isoformat(), "end": PROGRAMME[1].isoformat()},
        "period": {"from": MAY[0].isoformat(), "to": MAY[1].isoformat()},
        "invalid_absence": [{"date": d, "hours": h} for d, h in absent],
        "paid_work": [{"date": d, "hours": h} for d, h in work],
        "other_benefits": [{"type": "sykepenger", "from": sick[0], "to": sick[1], "amount": sick[2]}] if sick else [],
    }
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _simulate(capsys: pytest.CaptureFixture[str], path: Path, db_url: str, office: bool) -> Decimal:
    args = ["--database", db_url, "payout", "simulate", str(path), "--json"] + (["--office-rates"] if office else [])
    capsys.readouterr()
    assert main(args) == 0
    return Decimal(json.loads(capsys.readouterr().out)["total"])


def _person_totals(ctx: AppContext, run_id: int) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for line in payouts.run_lines(ctx, run_id):
        totals[line.person_id] = totals.get(line.person_id, ZERO) + line.amount
    return totals


def test_may_run_matches_simulate_and_late_g_is_back_paid(
    ctx: AppContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = _setup(ctx)
    # The attestant makes the run; the leader (another approver) approves it.
    caseworker, maker, boss = ctx.as_user("maker"), ctx.as_user("checker"), ctx.as_user("boss")
    may = payout_runs.create_draft_run(maker, "2026-05")
    may_totals = _person_totals(ctx, may)
    for index, (name, *_rest) in enumerate(PARTICIPANTS):
        assert may_totals[people[name]] == _simulate(capsys, _scenario(tmp_path, index), db_url, office=False), name
    lines = payouts.run_lines(ctx, may)
    codes = {line.code for line in lines}
    assert {"allowance", "child_supplement", "invalid_absence", "paid_work", "other_benefit"} <= codes
    birthday = [x for x in lines if x.person_id == people["Bursdag"] and x.code == "allowance"]
    assert len(birthday) == 2  # under-25 rate until 14 May, full rate from the birthday

    # Four eyes: the maker cannot approve; another approver can.
    with pytest.raises(PermissionDeniedError, match="laget selv"):
        payout_runs.approve_run(maker, may)
    with pytest.raises(PermissionDeniedError, match="attestant"):
        payout_runs.approve_run(caseworker, may)
    payout_runs.approve_run(boss, may)

    # The G for 1 May is registered in June (after May was paid): audited, source required.
    with pytest.raises(ValidationError, match="kilden"):
        parameters.register_local_value(boss, "g", dt.date(2026, 5, 1), "137000", " ")
    with pytest.raises(PermissionDeniedError):
        parameters.register_local_value(caseworker, "g", dt.date(2026, 5, 1), "137000", "FOR-2026-05-29")
    parameters.register_local_value(boss, "g", dt.date(2026, 5, 1), "137000", "FOR-2026-05-29 (fastsatt i juni)")
    view = next(p for p in parameters.list_parameters(ctx, dt.date(2026, 6, 1)) if p.name == "g")
    assert view.office and view.office.value == "137000" and view.shipped and view.shipped.value == "136549"
    assert view.mark == ""  # the office value is confirmed by its source

    june = payout_runs.create_draft_run(maker, "2026-06")
    back = [x for x in payouts.run_lines(ctx, june) if x.period_from == MAY[0]]
    assert {x.person_id for x in back} == set(people.values())  # everyone paid in May gets back-pay
    may_line_ids = {x.id for x in lines}
    for line in back:
        assert line.amount != 0 and line.corrects_line_id in may_line_ids and "Ny sats" in line.correction_reason
        assert "Etterbetaling" in line.text and "ny beregning" in line.basis
    for person_id in people.values():  # a higher G pays more on the whole (a larger § 37 reduction too)
        assert sum((x.amount for x in back if x.person_id == person_id), ZERO) > 0
    for index, (name, *_rest) in enumerate(PARTICIPANTS):
        paid_for_may = may_totals[people[name]] + sum((x.amount for x in back if x.person_id == people[name]), ZERO)
        assert paid_for_may == _simulate(capsys, _scenario(tmp_path, index), db_url, office=True), name
    payout_runs.approve_run(boss, june)
    july = payout_runs.create_draft_run(maker, "2026-07")
    assert not [x for x in payouts.run_lines(ctx, july) if x.period_from == MAY[0]]  # never paid twice


def test_approved_run_is_frozen_and_corrections_are_new_lines(ctx: AppContext) -> None:
    people = _setup(ctx)
    maker, checker = ctx.as_user("maker"), ctx.as_user("checker")
    may = payout_runs.create_draft_run(maker, "2026-05")
    payout_runs.approve_run(checker, may)
    line = next(x for x in payouts.run_lines(ctx, may) if x.person_id == people["Fravær"] and x.code == "allowance")
    # Service layer
    with pytest.raises(ServiceError, match="kan ikke endres"):
        payout_runs.delete_draft_run(maker, may)
    with pytest.raises(ServiceError, match="kan ikke endres"):
        payout_runs.change_line_amount(maker, line.id, Decimal("1.00"))
    with pytest.raises(ServiceError, match="allerede godkjent"):
        payout_runs.create_draft_run(maker, "2026-05")
    # Database
    with ctx.uow() as uow, pytest.raises(DatabaseError):
        uow.session.execute(update(PayoutLine).where(PayoutLine.id == line.id).values(amount=Decimal("1.00")))
    with ctx.uow() as uow, pytest.raises(DatabaseError):
        uow.session.execute(delete(PayoutRun).where(PayoutRun.id == may))
    with ctx.uow() as uow, pytest.raises(DatabaseError):
        uow.session.execute(update(PayoutRun).where(PayoutRun.id == may).values(total=Decimal("1.00")))

    with pytest.raises(ValidationError, match="hvorfor"):
        payout_runs.register_correction(maker, line.id, Decimal("250.00"), "")
    payout_runs.register_correction(maker, line.id, Decimal("250.00"), "Fraværet 20. mai var gyldig (legeerklæring)")
    june = payout_runs.create_draft_run(maker, "2026-06")
    correction = [x for x in payouts.run_lines(ctx, june) if x.code == payout_runs.CORRECTION]
    assert len(correction) == 1
    assert correction[0].corrects_line_id == line.id and correction[0].amount == Decimal("250.00")
    assert correction[0].period_from == MAY[0] and "legeerklæring" in correction[0].correction_reason
    assert next(x for x in payouts.run_lines(ctx, may) if x.id == line.id).amount == line.amount  # untouched
    # Recomputing the draft keeps exactly one correction line.
    june = payout_runs.create_draft_run(maker, "2026-06")
    assert len([x for x in payouts.run_lines(ctx, june) if x.code == payout_runs.CORRECTION]) == 1
    payout_runs.approve_run(checker, june)
    july = payout_runs.create_draft_run(maker, "2026-07")
    assert not [x for x in payouts.run_lines(ctx, july) if x.code == payout_runs.CORRECTION]


def test_specification_pdf_and_payroll_export_match_the_ledger(ctx: AppContext, tmp_path: Path) -> None:
    people = _setup(ctx)
    maker, checker = ctx.as_user("maker"), ctx.as_user("checker")
    may = payout_runs.create_draft_run(maker, "2026-05")
    with pytest.raises(ServiceError, match="godkjennes"):
        payroll.export_csv(checker, may, tmp_path / "x.csv")
    payout_runs.approve_run(checker, may)
    with pytest.raises(PermissionDeniedError):
        payroll.export_csv(ctx.as_user("boss").__class__(ctx.db, ctx.as_user("boss").user.__class__(
            None, "v", "V", "veileder")), may, tmp_path / "x.csv")

    lines = payouts.run_lines(ctx, may)
    totals = _person_totals(ctx, may)
    spec = payouts.specification(maker, may, people["Arbeid"])
    pdf = tmp_path / "spec.pdf"
    pdf.write_bytes(payout_specification_pdf(spec, dt.date(2026, 6, 5)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for line in lines:
        if line.person_id == people["Arbeid"]:
            assert _plain(format_money(line.amount, "nb")) in _plain(text)
    assert _plain(format_money(totals[people["Arbeid"]], "nb")) in _plain(text)
    assert "stl. § 37" in text and "Til utbetaling" in text and "1234.56.78903" in text
    assert "".join(page.extract_text() for page in PdfReader(pdf).pages).count("Kvalifiseringsstønad") >= 1
    summary = run_summary_pdf(spec.office, payouts.get_run(ctx, may), lines, dt.date(2026, 6, 5))
    (tmp_path / "summary.pdf").write_bytes(summary)
    summary_text = subprocess.run(["pdftotext", str(tmp_path / "summary.pdf"), "-"], capture_output=True,
                                  text=True, check=True).stdout
    assert _plain(format_money(sum(totals.values(), ZERO), "nb")) in _plain(summary_text)

    assert payroll.export_xlsx(checker, may, tmp_path / "lonn.xlsx") == len(people)
    sheet = load_workbook(tmp_path / "lonn.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Fødselsnummer"
    by_number = {p.fodselsnummer: p.id for p in _persons(ctx)}
    for number, _name, start, end, gross, account, description in rows[1:]:
        assert Decimal(str(gross)).quantize(Decimal("0.01")) == totals[by_number[str(number)]]
        assert description == "kvalifiseringsstønad" and account == "12345678903"
        assert start.date() == MAY[0] and end.date() == MAY[1]
    payroll.export_csv(checker, may, tmp_path / "lonn.csv")
    with (tmp_path / "lonn.csv").open(encoding="utf-8-sig") as handle:
        csv_rows = list(csv.reader(handle, delimiter=";"))
    assert sum(Decimal(r[4].replace(",", ".")) for r in csv_rows[1:]) == sum(totals.values(), ZERO)
    assert payouts.get_run(ctx, may).state == "exported"
    with ctx.uow() as uow:
        from kvp_desktop.store.models import AuditEvent

        assert uow.session.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is not None
    annual = payouts.annual_totals(ctx, 2026)
    assert sum((a.gross for a in annual), ZERO) == sum(totals.values(), ZERO)


def _plain(text: str) -> str:
    """pdftotext gives ordinary spaces and the minus sign as hyphen-minus or U+2212."""
    return " ".join(text.replace("\xa0", " ").replace("\u2212", "-").split())


def _persons(ctx: AppContext) -> list[Person]:
    with ctx.uow() as uow:
        rows = list(uow.session.scalars(select(Person)))
        for row in rows:
            uow.session.expunge(row)
        return rows


def test_recovery_refund_and_week_sheet(ctx: AppContext) -> None:
    people = _setup(ctx)
    maker, checker = ctx.as_user("maker"), ctx.as_user("checker")
    with pytest.raises(ValidationError, match="§ 23"):
        recoveries.register_recovery(maker, people["Syk"], Decimal("900.00"), "Uriktige opplysninger om inntekt",
                                     incorrect_information=True, deduction_per_payout=Decimal("300.00"),
                                     registered_date=dt.date(2026, 5, 2))
    with pytest.raises(ValidationError, match="grunnlaget for trekket"):  # § 40: the basis is recorded
        recoveries.register_recovery(maker, people["Syk"], Decimal("900.00"), "Dobbelt utbetalt i april",
                                     incorrect_information=False, deduction_per_payout=Decimal("500.00"),
                                     registered_date=dt.date(2026, 5, 2))
    recoveries.register_recovery(maker, people["Syk"], Decimal("900.00"), "Dobbelt utbetalt i april",
                                 incorrect_information=False, deduction_per_payout=Decimal("500.00"),
                                 registered_date=dt.date(2026, 5, 2), deduction_basis="agreement",
                                 deduction_basis_date=dt.date(2026, 5, 2), deduction_notified_date=dt.date(2026, 5, 2))
    for label in ("2026-05", "2026-06"):
        payout_runs.approve_run(checker, payout_runs.create_draft_run(maker, label))
    entries = recoveries.balance(ctx, people["Syk"])
    assert [e.amount for e in entries] == [Decimal("900.00"), Decimal("-500.00"), Decimal("-400.00")]
    assert entries[-1].balance == ZERO

    with pytest.raises(ValidationError, match="større enn"):
        refunds.register_claim(maker, people["Syk"], "sykepenger", MAY[0], MAY[1], Decimal("999999.00"))
    claim = refunds.register_claim(maker, people["Syk"], "sykepenger", MAY[0], MAY[1], Decimal("3000.00"),
                                   registered_date=dt.date(2026, 7, 1))
    view = refunds.claims(ctx, people["Syk"])[0]
    assert view.id == claim and view.kvp_paid > Decimal("3000.00")

    # The week sheet: plan (or 7,5 on weekdays), saved days, a warning for a long egenmelding.
    monday = dt.date(2026, 9, 7)
    sheet = attendance.week_sheet(ctx, monday)
    assert len(sheet) == len(people) and sheet[0].days[0].planned == Decimal("7.5")
    pid = sheet[0].programme_id
    days = [attendance.DayInput(monday + dt.timedelta(days=n), valid_absence=Decimal("7.5"),
                                valid_absence_type="egenmelding") for n in range(5)]
    with pytest.raises(ValidationError):
        attendance.save_week(maker, monday, {pid: [attendance.DayInput(monday, attended=Decimal(25))]})
    assert attendance.save_week(maker, monday, {pid: days}) == 5
    row = attendance.week_sheet(ctx, monday, [pid])[0]
    assert row.days[4].valid_absence_type == "egenmelding" and row.days[4].registered
    assert any("legeerklæring" in w for w in row.warnings)


def test_the_run_caps_each_months_trekk_at_the_offices_limit(ctx: AppContext) -> None:
    """Two agreed deductions, each within the limit when registered, are together capped in the run
    at the office's share of a whole month's stønad (rules.recovery.max_deduction, stl. § 40)."""
    people = _setup(ctx)
    maker, checker = ctx.as_user("maker"), ctx.as_user("checker")
    person = next(p for p in _persons(ctx) if p.id == people["Fravær"])
    registered = dt.date(2026, 4, 30)
    with ctx.uow() as uow:
        params = parameters.office_parameters(uow.session)
        limit = recovery_rules.max_deduction(person.birth_date, MAY[0], params)  # the month of the run
        each = recovery_rules.max_deduction(person.birth_date, registered, params)  # checked when registered
    assert Decimal("1000.00") < each <= limit < 2 * each
    for cause in ("Dobbelt utbetalt i mars", "Dobbelt utbetalt i april"):
        recoveries.register_recovery(maker, person.id, Decimal("20000.00"), cause, incorrect_information=False,
                                     deduction_per_payout=each, registered_date=registered,
                                     deduction_basis="agreement", deduction_basis_date=registered,
                                     deduction_notified_date=registered)
    run_id = payout_runs.create_draft_run(maker, "2026-05")
    [trekk] = [line for line in payouts.run_lines(ctx, run_id)
               if line.person_id == person.id and line.code == "recovery_deduction"]
    assert trekk.amount == -limit  # not -2 × each
    payout_runs.approve_run(checker, run_id)
    assert [e.amount for e in recoveries.balance(ctx, person.id)][-1] == -limit
