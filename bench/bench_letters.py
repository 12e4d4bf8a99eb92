"""Benchmark: how many innvilgelse letters per second the ReportLab engine renders.

    .venv/bin/python bench/bench_letters.py [--count 1000] [--lang nb]

Each letter gets its own recipient name (so no two PDFs are the same). If LibreOffice
(``soffice`` or ``libreoffice``) is on PATH, the same number of simple .odt and .docx
letters (made from a minimal template here) are converted to PDF with
``soffice --headless --convert-to pdf`` for comparison; otherwise the script says so.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from kvp_desktop.documents.letters import render_letter, sha256
from kvp_desktop.documents.samples import sample_letter


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


_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>"""
_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
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
</w:body></w:document>"""


def _lines(number: int) -> list[str]:
    """The text of a minimal letter (the same words as the sample, flattened)."""
    return [f"Deltaker nr. {number:05d}", "Vedtak om kvalifiseringsprogram og kvalifiseringsstønad",
            "Du får kvalifiseringsprogram og kvalifiseringsstønad fra 4. januar 2027 til og med 3. januar 2028.",
            "Stønaden er 278 697 kr per år. For en hel måned utgjør det 23 224,75 kr.",
            "Klagefristen er tre uker fra den dagen du mottok dette brevet."] * 8


def write_odt(path: Path, number: int) -> None:
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in _lines(number))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _ODT_CONTENT.format(paragraphs=paragraphs), compress_type=zipfile.ZIP_DEFLATED)


def write_docx(path: Path, number: int) -> None:
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in _lines(number))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", _DOCX_DOCUMENT.format(paragraphs=paragraphs))


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
        start = time.perf_counter()
        # One soffice process converts the whole batch (starting it per file would be far slower).
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(target), *files],
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
    args = parser.parse_args(argv)

    elapsed = bench_reportlab(args.count, args.lang)
    print(f"ReportLab: {args.count} innvilgelsesbrev ({args.lang}) på {elapsed:.1f} s = "
          f"{args.count / elapsed:.1f} brev/s")

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) er ikke installert: ingen sammenligning med .odt/.docx-konvertering.")
        return 0
    for suffix in ("odt", "docx"):
        seconds = bench_libreoffice(soffice, args.count, suffix)
        rate = args.count / seconds
        print(f"LibreOffice .{suffix} → PDF: {args.count} filer på {seconds:.1f} s = {rate:.1f} filer/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
