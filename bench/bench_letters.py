"""Benchmark: how many letters per second KVP Desktop makes, next to LibreOffice converting .odt/.docx.

    .venv/bin/python bench/bench_letters.py [--count 1000] [--lang nb] [--skip-service] [--skip-libreoffice]

Three measurements, side by side:

1. the letter engine alone: ``render_letter`` on innvilgelse DTOs, each with its own recipient;
2. the real path through the service: a demo office in a temporary SQLite database, ``count``
   innvilgelse drafts made with ``decision_drafts.create_grant_draft`` (office, person and amounts
   from the database and the rules engine), then issued with ``decisions.issue_batch`` in runs of
   50: compose the DTO, render, SHA-256, store the PDF in the database, audit row;
3. LibreOffice (when installed): the same number of word-processor letters, written here as
   .odt and as .docx, converted with one ``soffice --headless --convert-to pdf`` process.

Each letter gets its own recipient name (so no two PDFs are the same). If LibreOffice
(``soffice`` or ``libreoffice``) is on PATH, the same number of simple .odt and .docx
letters (made from a minimal template here) are converted to PDF with
``soffice --headless --convert-to pdf`` for comparison; otherwise the script says so.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from kvp_desktop.documents.letters import render_letter, sha256
from kvp_desktop.documents.samples import sample_letter


def bench_service(count: int) -> tuple[float, float]:
    """Seconds to make ``count`` grant drafts and to issue them, through the services and a database."""
    import datetime as dt

    from sqlalchemy import select

    from kvp_desktop.services import decisions
    from kvp_desktop.services.context import open_context
    from kvp_desktop.services.decision_drafts import GrantDraftInput, create_grant_draft
    from kvp_desktop.services.decisions import DocumentRef
    from kvp_desktop.services.demo import create_demo
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
            for first in range(0, count, 50):
                for issued in decisions.issue_batch(worker, refs[first:first + 50], today=today):
                    hashes.add(issued.sha256)
            issued_seconds = time.perf_counter() - begin
            assert len(hashes) == count
        finally:
            ctx.close()
    return drafted, issued_seconds


def bench_reportlab(count: int, lang: str) -> float:
    base = sample_letter("innvilgelse", lang)  # type: ignore[arg-type]
    render_letter(base)  # warm up: fonts, templates
    hashes: set[str] = set()
    start = time.perf_counter()
    for number in range(count):
        letter = replace(base, recipient=replace(base.recipient, name=f"Deltaker nr. {number:05d}"))
        hashes.add(sha256(render_letter(letter)))
    elapsed = time.perf_counter() - start
    assert len(hashes) == count
    return elapsed


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
    return [f"Deltaker nr. {number:05d}", *_letter_text()]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--lang", choices=("nb", "nn"), default="nb")
    parser.add_argument("--skip-service", action="store_true", help="bare malmotoren, ikke tjenestelaget")
    parser.add_argument("--skip-libreoffice", action="store_true")
    args = parser.parse_args(argv)

    elapsed = bench_reportlab(args.count, args.lang)
    print(f"Brevmotoren (render_letter): {args.count} innvilgelsesbrev ({args.lang}) på {elapsed:.1f} s = "
          f"{args.count / elapsed:.1f} brev/s")
    if not args.skip_service:
        drafted, issued = bench_service(args.count)
        print(f"Tjenestelaget (bokmål, kontorets målform): {args.count} utkast på {drafted:.1f} s; "
              f"fattet (PDF + SHA-256 lagret) på {issued:.1f} s = {args.count / issued:.1f} brev/s; "
              f"til sammen {drafted + issued:.1f} s")

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if args.skip_libreoffice:
        return 0
    if soffice is None:
        print("LibreOffice (soffice) er ikke installert på denne maskinen: ingen sammenligning med "
              ".odt/.docx-konvertering. Installer libreoffice-writer for å måle den.")
        return 0
    for suffix in ("odt", "docx"):
        seconds = bench_libreoffice(soffice, args.count, suffix)
        rate = args.count / seconds
        print(f"LibreOffice .{suffix} → PDF: {args.count} filer på {seconds:.1f} s = {rate:.1f} filer/s "
              f"({seconds / elapsed:.1f} × brevmotoren)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
