"""Benchmark: how fast KVP Desktop makes letters, next to LibreOffice converting .odt/.docx letters.

    .venv/bin/python bench/bench_letters.py [--count 1000] [--lang nb] [--skip-service] [--skip-libreoffice]
                                            [--markdown]

From another script (``bench/run.py``)::

    result = bench_letters.measure(count=1000, lang="nb", libreoffice=True, service=True)
    result.markdown()  # the section body for docs/performance.md (bokmål)
    result.targets()   # the summary row: the engine against the faster LibreOffice variant

Measurements, side by side on the same machine:

1. the letter engine alone: ``render_letter`` on ``count`` innvilgelse letters, each to its own
   recipient (Norwegian names, æøå and Sámi letters) with its own case number, dates, amounts and
   number of children. The fonts and templates are loaded before the clock starts (once per
   process in the app too); the layout caches start empty, so the batch pays for laying out the
   standing text once;
2. the real path through the services (``service``): a demo office in a temporary SQLite
   database, ``count`` innvilgelse drafts made with ``drafting.create_grant_draft`` (office,
   person and amounts from the database and the rules engine), then issued with
   ``decisions.issue_batch`` in runs of 50: compose the DTO, render, SHA-256, store the PDF in the
   database, audit row;
3. LibreOffice (``libreoffice``, when ``soffice`` is installed): the same number of word-processor
   letters with the engine letter's text, written here as .odt and as .docx, converted with
   ``soffice --headless --convert-to pdf``, 200 files per process.

The target is met when the engine takes at most half the time of the faster LibreOffice
variant ("en brøkdel av LibreOffice-tiden"). Nothing is hard-coded: every figure is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Target, num

from kvp_desktop.documents import fonts, paragraphs
from kvp_desktop.documents import letters as letter_engine
from kvp_desktop.documents.letters import render_letter, sha256
from kvp_desktop.documents.model import GrantLetter
from kvp_desktop.documents.samples import sample_letter

Progress = Callable[[str], None]

#: The engine meets the target when it takes at most this share of the faster LibreOffice variant.
TARGET_SHARE = 0.5
ISSUE_RUN = 50

_FIRST_NAMES = ("Ola", "Åse", "Bjørn", "Kari", "Øystein", "Sølvi", "Per", "Máret", "Ærle", "Ingrid", "Jon", "Tuva")
_LAST_NAMES = ("Hansen", "Løvås", "Ødegård", "Berg", "Sæther", "Nilsen", "Åsheim", "Čuđe", "Haugen", "Dahl")


def _quiet(_message: str) -> None:
    """A progress callback that says nothing."""


def recipient_name(number: int) -> str:
    """A different Norwegian (now and then Sámi) name for each letter."""
    first = _FIRST_NAMES[number % len(_FIRST_NAMES)]
    last = _LAST_NAMES[(number // len(_FIRST_NAMES)) % len(_LAST_NAMES)]
    return f"{first} {last} {number:05d}"


def varied_grant(base: GrantLetter, number: int) -> GrantLetter:
    """``base`` for participant ``number``: own name, address, case, dates, amounts and children."""
    shift = dt.timedelta(days=7 * (number % 40))
    annual = base.annual_amount + number % 5000
    monthly = (annual / 12).quantize(Decimal("0.01"))
    children = number % 4
    calculation = tuple(
        replace(line, amount=annual) if line.amount == base.annual_amount
        else replace(line, amount=monthly) if line.amount == base.monthly_amount else line
        for line in base.calculation)
    return replace(
        base,
        recipient=replace(base.recipient, name=recipient_name(number),
                          address_lines=(f"Storgata {number % 150 + 1}",), postal_code=f"{5000 + number % 900}"),
        case=replace(base.case, journal_number=f"2026/{1000 + number}-1", case_number=f"KVP-2026-{number:05d}"),
        application_date=base.application_date + shift - dt.timedelta(days=number % 20),
        start_date=base.start_date + shift,
        end_date=base.end_date + shift,
        annual_amount=annual,
        monthly_amount=monthly,
        children=children,
        child_supplement_monthly=(base.child_supplement_monthly / 2 * children).quantize(Decimal("0.01")),
        calculation=calculation,
        first_payout_period_from=base.first_payout_period_from + shift,
        first_payout_period_to=base.first_payout_period_to + shift,
        first_payout_date=base.first_payout_date + shift,
    )


def bench_service(count: int) -> tuple[float, float]:
    """Seconds to make ``count`` grant drafts and to issue them, through the services and a database."""
    import datetime as dt

    from sqlalchemy import select

    from kvp_desktop.demo.office import create_demo
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.services.letters import decisions
    from kvp_desktop.services.letters.drafting import GrantDraftInput, create_grant_draft
    from kvp_desktop.services.letters.dto import DocumentRef
    from kvp_desktop.store.models import Application

    today = dt.date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            create_demo(ctx, persons=60, seed=1, today=today)
            worker = ctx.as_user("demo.saksbehandler")
            with worker.uow() as uow:
                cases = uow.session.execute(select(Application.person_id, Application.id)).all()
            start = dt.date(2026, 12, 7)
            begin = time.perf_counter()
            refs = []
            for number in range(count):
                person_id, application_id = cases[number % len(cases)]
                refs.append(DocumentRef("decision", create_grant_draft(worker, GrantDraftInput(
                    person_id, application_id, start, dt.date(2027, 12, 6), f"Vurdering nr. {number}", today=today))))
            drafted = time.perf_counter() - begin
            begin = time.perf_counter()
            hashes = set()
            for first in range(0, count, ISSUE_RUN):
                for issued in decisions.issue_batch(worker, refs[first:first + ISSUE_RUN], today=today):
                    hashes.add(issued.sha256)
            issued_seconds = time.perf_counter() - begin
            assert len(hashes) == count
        finally:
            ctx.close()
    return drafted, issued_seconds


def bench_reportlab(count: int, lang: str) -> tuple[float, float]:
    """Seconds for ``count`` varied innvilgelse letters, and the share of paragraph layouts from the cache."""
    base = sample_letter("innvilgelse", lang)  # type: ignore[arg-type]
    assert isinstance(base, GrantLetter)
    render_letter(base, lang)  # type: ignore[arg-type]  # warm-up: font files, templates, styles
    batch = [varied_grant(base, number) for number in range(count)]
    paragraphs.clear_cache()
    fonts.clear_cache()
    letter_engine.format_date.cache_clear()
    letter_engine._money_text.cache_clear()
    hashes: set[str] = set()
    start = time.perf_counter()
    for letter in batch:
        hashes.add(sha256(render_letter(letter, lang)))  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert len(hashes) == count
    hits, misses = paragraphs.cache_stats()
    return elapsed, hits / max(hits + misses, 1)


_ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ns} office:version="1.2">
<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>"""
# A letter template as an office would make one: A4, Noto Sans, a letterhead in the header, the
# office's address and "Side n" in the footer, heading and body styles.
_ODT_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ns} office:version="1.2">
<office:font-face-decls><style:font-face style:name="Noto Sans" svg:font-family="'Noto Sans'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/>
<style:text-properties style:font-name="Noto Sans" fo:font-size="10pt" fo:language="nb" fo:country="NO"/>
</style:default-style>
<style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.4cm"/>
<style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm"
 fo:page-height="29.7cm" fo:margin-left="2.5cm" fo:margin-right="2cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm"/>
</style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">
<style:header><text:p text:style-name="Heading">NAV Fjordvik – Kvalifiseringsprogrammet</text:p></style:header>
<style:footer><text:p>NAV Fjordvik · Postboks 123, 5999 Fjordvik · Side <text:page-number text:select-page="current"/>
</text:p></style:footer></style:master-page></office:master-styles>
</office:document-styles>"""
_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
_DOCX_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_DOCX_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_DOCX_DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="850" w:right="1134" w:bottom="850" w:left="1417"
 w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"""


@cache
def _letter_text() -> tuple[str, ...]:
    """The words of the sample innvilgelse letter, line by line, read back from its PDF."""
    from pypdf import PdfReader

    pdf = render_letter(sample_letter("innvilgelse", "nb"))
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _lines(number: int) -> list[str]:
    """The same text as the engine's letter (about three pages), addressed to participant ``number``."""
    return [recipient_name(number), *_letter_text()]


def _is_heading(line: str) -> bool:
    return len(line) < 50 and not line.endswith((".", ":")) and not any(ch.isdigit() for ch in line)


def write_odt(path: Path, number: int) -> None:
    paragraphs = "".join(
        f'<text:p text:style-name="Heading">{escape(line)}</text:p>' if _is_heading(line)
        else f"<text:p>{escape(line)}</text:p>" for line in _lines(number))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("styles.xml", _ODT_STYLES.format(ns=_ODT_NS), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _ODT_CONTENT.format(ns=_ODT_NS, paragraphs=paragraphs),
                         compress_type=zipfile.ZIP_DEFLATED)


def write_docx(path: Path, number: int) -> None:
    paragraphs = "".join(
        f"<w:p><w:r><w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr><w:t>{escape(line)}</w:t></w:r></w:p>"
        if _is_heading(line) else f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in _lines(number))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", _DOCX_DOCUMENT.format(paragraphs=paragraphs))


LIBREOFFICE_BATCH = 200


def bench_libreoffice(soffice: str, count: int, suffix: str) -> float:
    writer = write_odt if suffix == "odt" else write_docx
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in"
        target = Path(folder) / "out"
        source.mkdir()
        files = []
        for number in range(count):
            path = source / f"brev{number:05d}.{suffix}"
            writer(path, number)
            files.append(str(path))
        profile = Path(folder) / "profile"  # a fresh, private LibreOffice profile (no locks, no user settings)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        # Warm-up, not timed: the first start creates the profile and restarts itself, which loses
        # part of a batch given on that first command line.
        warm = Path(folder) / "warm"
        warm.mkdir()
        subprocess.run([*command, "--outdir", str(warm), files[0]], check=True, capture_output=True, timeout=600)
        start = time.perf_counter()
        # One soffice process per 200 files (starting it per file would be far slower; a single command
        # line with 1 000 files converted only the first 247 here, silently).
        for first in range(0, len(files), LIBREOFFICE_BATCH):
            subprocess.run([*command, "--outdir", str(target), *files[first:first + LIBREOFFICE_BATCH]],
                           check=True, capture_output=True, timeout=3600)
        elapsed = time.perf_counter() - start
        produced = len(list(target.glob("*.pdf")))
        if produced != count:
            raise RuntimeError(f"LibreOffice laget {produced} av {count} PDF-er")
        return elapsed


def _load() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on Windows
        return None


def libreoffice_version(soffice: str) -> str:
    try:
        out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice"
    words = out.split()
    return " ".join(words[:2]) if words else "LibreOffice"


def _ms(seconds: float, count: int) -> str:
    return f"{num(seconds * 1000 / count)} ms"


@dataclass(frozen=True)
class LetterResult:
    """The measured figures of one run (seconds for ``count`` letters; None = not measured)."""

    count: int
    lang: str
    engine_seconds: float
    draft_seconds: float | None
    issue_seconds: float | None
    odt_seconds: float | None
    docx_seconds: float | None
    libreoffice: str | None  # "LibreOffice 7.4.7.2", or None when not installed or not measured
    libreoffice_missing: bool  # asked for, but soffice is not on PATH
    layout_cache_share: float  # share of paragraph layouts taken from the cache in the engine run
    load_before: float | None  # 1-minute load average
    load_after: float | None
    cpus: int

    @property
    def engine_ms(self) -> float:
        return self.engine_seconds * 1000 / self.count

    @property
    def libreoffice_seconds(self) -> float | None:
        """The faster LibreOffice variant (.odt or .docx)."""
        measured = [s for s in (self.odt_seconds, self.docx_seconds) if s is not None]
        return min(measured) if measured else None

    @property
    def faster_variant(self) -> str | None:
        if self.libreoffice_seconds is None:
            return None
        return ".odt" if self.libreoffice_seconds == self.odt_seconds else ".docx"

    @property
    def ratio(self) -> float | None:
        """Engine time / the faster LibreOffice variant's time."""
        reference = self.libreoffice_seconds
        return None if reference is None else self.engine_seconds / reference

    @property
    def met(self) -> bool | None:
        return None if self.ratio is None else self.ratio <= TARGET_SHARE

    def targets(self) -> list[Target | str]:
        """The summary row for docs/performance.md."""
        label = f"{num(self.count, 0)} brev, brevmotoren per brev"
        reference = self.libreoffice_seconds
        if reference is None:
            return [f"{label}: {_ms(self.engine_seconds, self.count)}; LibreOffice ikke målt (ikke installert)"]
        return [Target("Brev", label, self.engine_ms, reference * 1000 / self.count, "ms", TARGET_SHARE,
                       on_ratio=True, reference_label=f"LibreOffice {self.faster_variant}")]

    def _share(self, seconds: float | None) -> str:
        reference = self.libreoffice_seconds
        if seconds is None or reference is None:
            return "—"
        return f"{num(seconds / reference, 2)}×"

    def markdown(self) -> str:
        """The section body for docs/performance.md, in bokmål."""
        n = num(self.count, 0)
        lang = "bokmål" if self.lang == "nb" else "nynorsk"
        rows = [
            f"| Måling ({n} brev) | Tid | Per brev | Mot raskeste LibreOffice |",
            "|---|---|---|---|",
            f"| Brevmotoren alene: `render_letter`, innvilgelsesbrev på {lang}, hvert til sin egen mottaker med "
            f"egne datoer og beløp | {num(self.engine_seconds)} s | {_ms(self.engine_seconds, self.count)} | "
            f"{self._share(self.engine_seconds)} |",
        ]
        if self.draft_seconds is not None and self.issue_seconds is not None:
            rows += [
                f"| Tjenestelaget: {n} utkast med `create_grant_draft` (kontor, person og beløp fra databasen og "
                f"regelmotoren) | {num(self.draft_seconds)} s | {_ms(self.draft_seconds, self.count)} | — |",
                f"| Tjenestelaget: `issue_batch` i runder på {ISSUE_RUN} (sette sammen, tegne, SHA-256, lagre PDF, "
                f"revisjonslogg) | {num(self.issue_seconds)} s | {_ms(self.issue_seconds, self.count)} | "
                f"{self._share(self.issue_seconds)} |",
            ]
        name = self.libreoffice or "LibreOffice"
        for suffix, seconds in ((".odt", self.odt_seconds), (".docx", self.docx_seconds)):
            if seconds is not None:
                rows.append(f"| {name}: {n} {suffix}-brev → PDF (`soffice --headless --convert-to pdf`, "
                            f"200 filer per prosess) | {num(seconds)} s | {_ms(seconds, self.count)} | "
                            f"{self._share(seconds)} |")
        text = "\n".join(rows) + "\n\n"
        if self.ratio is None:
            why = "ikke installert på denne maskinen" if self.libreoffice_missing else "ikke målt i denne kjøringen"
            text += (f"LibreOffice er {why}, så målet «en brøkdel av LibreOffice-tiden» er ikke vurdert. "
                     f"Brevmotoren brukte {_ms(self.engine_seconds, self.count)} per brev.")
        else:
            verdict = "er nådd" if self.met else "er **ikke** nådd"
            text += (f"Målet «en brøkdel av LibreOffice-tiden» {verdict}: brevmotoren bruker "
                     f"{num(self.ratio, 2)} av tiden LibreOffice bruker på den raskeste varianten "
                     f"({self.faster_variant}), og grensen er {num(TARGET_SHARE, 1)}.")
        load = ""
        if self.load_before is not None and self.load_after is not None:
            load = (f" Belastning (snitt siste minutt) før og etter: {num(self.load_before, 2)} og "
                    f"{num(self.load_after, 2)} på {self.cpus} logiske kjerner delt med andre prosesser.")
        text += (f"\n\n{num(self.layout_cache_share * 100, 0)} % av linjebrytingene i motorens brev ble hentet "
                 "fra mellomlageret (standardtekst som er lik i alle brev: klage, innsyn, utsatt iverksetting, "
                 f"trekk); avsnitt med datoer og beløp brytes på nytt i hvert brev.{load}")
        return text


def measure(count: int = 1000, lang: str = "nb", libreoffice: bool = True, service: bool = True,
            progress: Progress | None = None) -> LetterResult:
    """Time the engine, the service path and LibreOffice on ``count`` letters each."""
    say = progress or _quiet
    load_before = _load()
    say(f"brevmotoren: {count} brev")
    engine, share = bench_reportlab(count, lang)
    drafted = issued = None
    if service:
        say(f"tjenestelaget: {count} utkast og fatting")
        drafted, issued = bench_service(count)
    odt = docx = None
    version = None
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if libreoffice and soffice is not None:
        version = libreoffice_version(soffice)
        say(f"{version}: {count} .odt-brev")
        odt = bench_libreoffice(soffice, count, "odt")
        say(f"{version}: {count} .docx-brev")
        docx = bench_libreoffice(soffice, count, "docx")
    return LetterResult(count=count, lang=lang, engine_seconds=engine, draft_seconds=drafted, issue_seconds=issued,
                        odt_seconds=odt, docx_seconds=docx, libreoffice=version,
                        libreoffice_missing=libreoffice and soffice is None, layout_cache_share=share,
                        load_before=load_before, load_after=_load(), cpus=os.cpu_count() or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--lang", choices=("nb", "nn"), default="nb")
    parser.add_argument("--skip-service", action="store_true", help="bare brevmotoren, ikke tjenestelaget")
    parser.add_argument("--skip-libreoffice", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="skriv avsnittet til docs/performance.md")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        print(f"… {message}", file=sys.stderr, flush=True)

    result = measure(args.count, args.lang, libreoffice=not args.skip_libreoffice, service=not args.skip_service,
                     progress=progress)
    if args.markdown:
        print(result.markdown())
        return 0
    count = result.count
    print(f"Brevmotoren (render_letter): {count} innvilgelsesbrev ({args.lang}) på {result.engine_seconds:.1f} s = "
          f"{result.engine_ms:.1f} ms per brev ({result.layout_cache_share:.0%} av linjebrytingene fra mellomlageret)")
    if result.draft_seconds is not None and result.issue_seconds is not None:
        print(f"Tjenestelaget (bokmål, kontorets målform): {count} utkast på {result.draft_seconds:.1f} s; "
              f"fattet (PDF + SHA-256 lagret) på {result.issue_seconds:.1f} s = "
              f"{result.issue_seconds * 1000 / count:.1f} ms per brev")
    if result.libreoffice_missing:
        print("LibreOffice (soffice) er ikke installert på denne maskinen: ingen sammenligning med "
              ".odt/.docx-konvertering. Installer libreoffice-writer for å måle den.")
    for suffix, seconds in (("odt", result.odt_seconds), ("docx", result.docx_seconds)):
        if seconds is not None:
            print(f"{result.libreoffice}: .{suffix} → PDF: {count} filer på {seconds:.1f} s = "
                  f"{seconds * 1000 / count:.1f} ms per fil ({seconds / result.engine_seconds:.1f} × brevmotoren)")
    if result.ratio is not None:
        print(f"Brevmotoren / raskeste LibreOffice ({result.faster_variant}): {result.ratio:.2f} — mål ≤ "
              f"{TARGET_SHARE}: {'nådd' if result.met else 'IKKE nådd'}")
    if result.load_before is not None:
        print(f"Belastning før/etter: {result.load_before:.2f} / {result.load_after:.2f} ({result.cpus} kjerner)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
