"""bench/bench_letters.py: the importable measure() for bench/run.py, its Markdown and its letters."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench import bench_letters
from kvp_desktop.documents.letters import kroner, render_letter
from kvp_desktop.documents.model import GrantLetter
from kvp_desktop.documents.samples import sample_letter

from .conftest import pdf_text


def test_measure_engine_only_says_libreoffice_was_not_measured() -> None:
    result = bench_letters.measure(count=4, lang="nn", libreoffice=False, service=False)
    assert result.count == 4 and result.lang == "nn"
    assert 0 < result.engine_seconds < 30
    assert result.draft_seconds is None and result.issue_seconds is None
    assert result.odt_seconds is None and result.docx_seconds is None
    assert result.ratio is None and result.met is None
    assert 0 <= result.layout_cache_share <= 1
    text = result.markdown()
    assert "| Brevmotoren alene: `render_letter`, innvilgelsesbrev på nynorsk" in text
    assert "ikke målt i denne kjøringen" in text and "ikke vurdert" in text
    assert "LibreOffice" in str(result.targets()[0])


@pytest.mark.parametrize(("engine", "met", "words"), [(10.0, True, "er nådd"), (30.0, False, "er **ikke** nådd")])
def test_markdown_states_the_ratio_to_the_faster_libreoffice_and_the_verdict(engine: float, met: bool,
                                                                              words: str) -> None:
    result = bench_letters.LetterResult(
        count=1000, lang="nb", engine_seconds=engine, draft_seconds=5.0, issue_seconds=15.0, odt_seconds=48.0,
        docx_seconds=56.0, libreoffice="LibreOffice 7.4.7.2", libreoffice_missing=False, layout_cache_share=0.97,
        load_before=0.5, load_after=1.25, cpus=2)
    assert result.faster_variant == ".odt"
    assert result.ratio == pytest.approx(engine / 48.0)
    assert result.met is met
    text = result.markdown()
    assert f"Målet «en brøkdel av LibreOffice-tiden» {words}" in text
    ratio = f"{engine / 48:.2f}".replace(".", ",")
    assert f"bruker {ratio} av tiden" in text and "(.odt)" in text and "grensen er 0,5" in text
    assert f"| {ratio}× |" in text  # the engine row's share
    assert "| LibreOffice 7.4.7.2: 1 000 .docx-brev → PDF" in text and "| 56,0 ms |" in text
    assert "Belastning (snitt siste minutt) før og etter: 0,50 og 1,25 på 2 logiske kjerner" in text
    target = result.targets()[0]
    assert not isinstance(target, str)
    assert target.met is met and target.reference == pytest.approx(48.0)


def test_missing_libreoffice_is_said_plainly() -> None:
    result = bench_letters.LetterResult(
        count=10, lang="nb", engine_seconds=0.1, draft_seconds=None, issue_seconds=None, odt_seconds=None,
        docx_seconds=None, libreoffice=None, libreoffice_missing=True, layout_cache_share=0.9, load_before=None,
        load_after=None, cpus=2)
    assert "LibreOffice er ikke installert på denne maskinen" in result.markdown()


def test_benchmark_letters_are_real_letters_each_to_its_own_person() -> None:
    base = sample_letter("innvilgelse", "nb")
    assert isinstance(base, GrantLetter)
    first, other = bench_letters.varied_grant(base, 7), bench_letters.varied_grant(base, 130)
    assert first.recipient.name != other.recipient.name and first.start_date != other.start_date
    text = pdf_text(render_letter(first))
    assert first.recipient.name in text
    assert kroner(first.annual_amount, "nb").replace("\u00a0", " ") in text
    assert first.monthly_amount == (first.annual_amount / 12).quantize(first.monthly_amount)
    assert replace(first, recipient=base.recipient) != base


def test_command_line_still_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_letters.main(["--count", "3", "--skip-service", "--skip-libreoffice"]) == 0
    assert "Brevmotoren (render_letter): 3 innvilgelsesbrev (nb)" in capsys.readouterr().out
