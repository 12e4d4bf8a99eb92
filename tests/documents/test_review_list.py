"""The printable review list: what a meeting needs, masked numbers only, several pages numbered."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

from pypdf import PdfReader

from kvp_desktop.documents.review_list import ReviewList, ReviewListRow, render_review_list
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.portfolio import reviews
from kvp_desktop.services.portfolio.persons import get_person

TODAY = dt.date(2026, 11, 23)


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages).replace("\u00a0", " ")
    return " ".join(text.split())  # cells wrap: compare words, not line breaks


def test_review_list_of_the_demo_office(demo_ctx: AppContext, tmp_path: Path) -> None:
    ctx = demo_ctx.as_user("demo.veileder")
    session = reviews.review_session(ctx, dt.date(2026, 9, 1), TODAY)
    data = reviews.review_list_pdf(ctx, session)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    assert reader.metadata is not None and reader.metadata.title == "Gjennomgangsliste – porteføljegjennomgang"
    text = _text(data)
    assert "NAV Færder (demo)" in text
    assert "ikke er gjennomgått siden 1. september 2026" in text
    assert f"{session.total} personer" in text
    assert f"Side 1 av {len(reader.pages)}" in text
    for header in ("Navn", "Fødselsnr.", "Veileder", "Stoppunkter (dato)", "Siste gjennomgang", "Utfall"):
        assert header in text
    for outcome in ("Vurder KVP", "Ikke aktuelt nå", "Har annen rettighet", "Allerede i KVP"):
        assert outcome in text
    first = session.rows[0]
    assert first.name in text and first.masked_id in text
    for row in session.rows:  # never a full fødselsnummer
        number = get_person(ctx, row.id, audit=False).fodselsnummer
        assert number not in text.replace(" ", "")
    assert "Fortrolig – inneholder personopplysninger" in text
    # Rendered for a look (pdftoppm -r 60): the PNG must exist and not be blank.
    target = tmp_path / "liste.pdf"
    target.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(target), str(tmp_path / "side")],
                   check=True)
    png = next(tmp_path.glob("side*.png"))
    assert png.stat().st_size > 10_000
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert "NotoSans" in fonts


def test_an_empty_list_says_so_and_a_capped_list_says_how_many_more() -> None:
    base = dict(title="Gjennomgangsliste", office="NAV Test", subtitle="Ingen", printed=TODAY,
                headers=("Navn", "Fødselsnr.", "År", "Veileder", "Stoppunkter", "Siste", "Utfall"),
                outcome_boxes=("Vurder KVP", "Ikke aktuelt nå", "Har annen rettighet", "Allerede i KVP"),
                footer="Fortrolig", page_label="Side {side} av {sider}",
                empty_text="Ingen flaggede personer mangler gjennomgang i dette utvalget.")
    assert "Ingen flaggede personer mangler gjennomgang" in _text(render_review_list(ReviewList(rows=(), **base)))
    row = ReviewListRow("Ås, Åse", "01.02.03 *****", "23", "Sigrid Haugen", ("AAP er avsluttet (01.10.2026)",),
                        "Ikke gjennomgått")
    data = render_review_list(ReviewList(rows=(row,), more_text="… og 5 personer til.", **base))
    text = _text(data)
    assert "Ås, Åse" in text and "… og 5 personer til." in text and "Side 1 av 1" in text
    assert data == render_review_list(ReviewList(rows=(row,), more_text="… og 5 personer til.", **base))
