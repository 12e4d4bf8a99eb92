"""Outcomes per year: the service's numbers equal a raw SQL count on the same data (both backends)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.reports import outcomes
from kvp_desktop.store.models import Programme

TODAY = dt.date(2026, 11, 23)

# The situation after ending, written out in plain SQL (the service builds it with SQLAlchemy).
RAW_SITUATION = """
CASE WHEN p.kostra_status IN ('5', '6') OR p.status = 'moved' THEN 'moved'
     WHEN p.main_income_after IN ('01', '11') THEN 'work'
     WHEN p.main_income_after = '04' THEN 'education'
     WHEN p.main_income_after IN ('03', '13', '14') THEN 'benefits'
     WHEN p.main_income_after IN ('15', '16') THEN 'social_assistance'
     WHEN p.main_income_after = '10' THEN 'other'
     ELSE 'unknown' END
"""


def raw_counts(ctx: AppContext, year: int, caseworker_id: int | None = None,
               born: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
    where = "p.status <> 'planned'"
    params: dict[str, Any] = {"first": dt.date(year, 1, 1), "last": dt.date(year, 12, 31)}
    if caseworker_id is not None:
        where += " AND p.caseworker_id = :cw"
        params["cw"] = caseworker_id
    if born is not None:
        where += " AND s.birth_date BETWEEN :b0 AND :b1"
        params["b0"], params["b1"] = born
    base = f"FROM programmes p JOIN persons s ON s.id = p.person_id WHERE {where}"
    with ctx.uow() as uow:
        run = uow.session.execute
        participants = run(text(f"SELECT COUNT(DISTINCT p.person_id) {base} AND p.start_date <= :last "
                                "AND (p.end_date IS NULL OR p.end_date >= :first)"), params).scalar_one()
        started = run(text(f"SELECT COUNT(*) {base} AND p.start_date BETWEEN :first AND :last"), params).scalar_one()
        ended = run(text(f"SELECT COUNT(*) {base} AND p.end_date BETWEEN :first AND :last"), params).scalar_one()
        situations = dict(run(text(f"SELECT {RAW_SITUATION} AS sit, COUNT(*) {base} "
                                   "AND p.end_date BETWEEN :first AND :last GROUP BY 1"), params).tuples().all())
    return {"participants": participants, "started": started, "ended": ended, "situations": situations}


def assert_equal(item: outcomes.YearOutcome, raw: dict[str, Any]) -> None:
    assert (item.participants, item.started, item.ended) == (raw["participants"], raw["started"], raw["ended"])
    assert {key: value for key, value in item.situations if value} == raw["situations"]
    assert sum(value for _key, value in item.situations) == item.ended


def test_every_year_and_filter_matches_a_raw_sql_count(demo_ctx: AppContext) -> None:
    years = outcomes.available_years(demo_ctx, TODAY)
    assert years[0] <= 2025 and years[-1] == 2026
    report = outcomes.outcomes(demo_ctx, years)
    for item in report.years:
        assert_equal(item, raw_counts(demo_ctx, item.year))
    year_2026 = report.year(2026)
    assert year_2026.participants > 10 and year_2026.ended > 3 and year_2026.situation("work") > 0
    workers = outcomes.caseworkers(demo_ctx)
    assert len(workers) == 2  # the KVP caseworker and the leader share the caseload
    for worker in workers:
        assert_equal(outcomes.count_year(demo_ctx, 2026, outcomes.OutcomeFilter(caseworker_id=worker.id)),
                     raw_counts(demo_ctx, 2026, caseworker_id=worker.id))
    total = 0
    for key, (low, high) in outcomes.AGE_GROUPS.items():
        item = outcomes.count_year(demo_ctx, 2026, outcomes.OutcomeFilter(age_group=key))
        assert_equal(item, raw_counts(demo_ctx, 2026, born=(dt.date(2026 - high, 1, 1), dt.date(2026 - low, 12, 31))))
        total += item.participants
    assert total == year_2026.participants  # every demo participant is 18–67: the groups add up
    both = outcomes.OutcomeFilter(caseworker_id=workers[0].id, age_group="18-24")
    assert_equal(outcomes.count_year(demo_ctx, 2026, both),
                 raw_counts(demo_ctx, 2026, workers[0].id, (dt.date(2002, 1, 1), dt.date(2008, 12, 31))))


def test_moved_and_the_situation_codes_are_counted_where_they_belong(demo_ctx: AppContext) -> None:
    with demo_ctx.uow() as uow:
        ended = uow.session.query(Programme).filter(Programme.end_date.between(dt.date(2026, 1, 1),
                                                                                dt.date(2026, 12, 31))).all()
        assert len(ended) >= 3
        ended[0].kostra_status, ended[0].status = "5", "moved"
        ended[1].main_income_after = "10"
        ended[2].main_income_after = ""
        uow.commit()
    item = outcomes.count_year(demo_ctx, 2026)
    assert item.situation("moved") >= 1 and item.situation("other") >= 1 and item.situation("unknown") >= 1
    assert_equal(item, raw_counts(demo_ctx, 2026))


def test_bad_filters_are_refused_in_norwegian(demo_ctx: AppContext) -> None:
    with pytest.raises(ValidationError, match="Ukjent aldersgruppe"):
        outcomes.outcomes(demo_ctx, [2026], outcomes.OutcomeFilter(age_group="12-17"))
    with pytest.raises(ValidationError, match="minst ett år"):
        outcomes.outcomes(demo_ctx, [])


def test_xlsx_and_pdf_hold_the_same_numbers(demo_ctx: AppContext, tmp_path: Path) -> None:
    report = outcomes.outcomes(demo_ctx, outcomes.available_years(demo_ctx, TODAY))
    chosen = report.year(2026)
    book = load_workbook(outcomes.save_xlsx(report, 2026, tmp_path / "resultater.xlsx", TODAY))
    sheet = book["Resultater"]
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(7, 17)}
    assert cells["Deltakere"] == chosen.participants and cells["Avsluttet"] == chosen.ended
    assert cells["Arbeid (heltid/deltid)"] == chosen.situation("work")
    assert sheet._charts, "the sheet has the bar chart"
    years = book["Per år"]
    assert [years.cell(row=5, column=c).value for c in range(2, 2 + len(report.years))] == [
        str(item.year) for item in report.years]
    pdf = outcomes.save_pdf(report, 2026, tmp_path / "resultater.pdf", TODAY)
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Resultater i kvalifiseringsprogrammet 2026" in words and "Side 1 av 1" in words
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("NotoSans" in line and " yes yes yes " in line for line in fonts)  # only embedded Noto
    deltakere = next(line for line in words.splitlines() if line.strip().startswith("Deltakere"))
    assert deltakere.split()[-1] == str(chosen.participants)
