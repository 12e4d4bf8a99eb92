"""The participant's plan as a PDF: one A4 page per phase, text read back, nb and nn, rendered."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from pypdf import PdfReader

from kvp_desktop.i18n import format_date_short
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.programmes import programmes
from tests.conftest import TODAY
from tests.documents.conftest import pdf_text
from ui.app import pick_person


def plan(demo_ctx: AppContext) -> programmes.ProgrammeView:
    person_id = pick_person(demo_ctx, "programbygger")
    assert person_id is not None
    return programmes.programmes_for_person(demo_ctx, person_id)[0]


def test_plan_pdf_has_a_page_per_phase_with_activities_hours_and_dates(demo_ctx: AppContext) -> None:
    view = plan(demo_ctx)
    data = programmes.plan_pdf(demo_ctx, view.id, today=TODAY)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(view.phases)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    assert round(float(page.mediabox.width)) == 842
    text = pdf_text(data)
    assert "Plan for kvalifiseringsprogrammet" in text and "Ukeplan" in text
    for phase in view.phases:
        assert phase.name in text
        assert format_date_short(phase.from_date) in text and format_date_short(phase.to_date) in text
        for block in phase.blocks:
            assert block.activity in text
    assert "37,5 timer per uke" in text
    assert "08:30–12:00" in text
    assert format_date_short(view.evaluations[0].scheduled_date) in text
    assert "Halvveis" in text and "Mål" in text and "Kontakter" in text
    assert view.goals[:30] in text


def test_plan_pdf_in_nynorsk_is_audited_and_deterministic(demo_ctx: AppContext) -> None:
    view = plan(demo_ctx)
    data = programmes.plan_pdf(demo_ctx, view.id, today=TODAY, lang="nn")
    text = pdf_text(data)
    assert "Vekeplan" in text and "timar per veke" in text and "Måndag" in text and "Halvvegs" in text
    assert programmes.plan_pdf(demo_ctx, view.id, today=TODAY, lang="nn") == data


def test_plan_pdf_renders(demo_ctx: AppContext, tmp_path: Path) -> None:
    view = plan(demo_ctx)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(programmes.plan_pdf(demo_ctx, view.id, today=TODAY))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    [png] = list(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 10_000
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "NotoSans" in fonts
