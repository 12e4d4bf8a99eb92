"""Write an 11CF file: ISO-8859-1, one record per line, every line exactly the layout's length.

Line ending: **CRLF** (``\\r\\n``) after every record, the last one included. SSB's kontrollprogram
splits the file on ``\\n`` and strips ``\\r`` from each line, so CRLF and LF are both read the same;
CRLF is what Windows tools and older KOSTRA readers expect. The submission service reads the file
as ISO-8859-1, so a character outside ISO-8859-1 is refused with a Norwegian message.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kvp_desktop.exports.kostra11cf.layout import Layout, load_layout
from kvp_desktop.exports.kostra11cf.record import ENCODING, Kostra11CFRecord, format_record

LINE_ENDING = "\r\n"
EMPTY_FILE_CONTENT = b" "
"""What SSB wants when the municipality has no participants: a file with a single space."""


def format_lines(records: Iterable[Kostra11CFRecord], layout: Layout) -> list[str]:
    """Every record formatted to one fixed-width line (without line ending)."""
    return [format_record(record, layout, number) for number, record in enumerate(records, start=1)]


def encode_records(records: Iterable[Kostra11CFRecord], year: int) -> bytes:
    """The whole file as bytes. No records gives SSB's "no participants" file: a single space."""
    layout = load_layout(year)
    lines = format_lines(records, layout)
    if not lines:
        return EMPTY_FILE_CONTENT
    text = "".join(line + LINE_ENDING for line in lines)
    return text.encode(ENCODING)  # format_record has already refused anything outside ISO-8859-1


def write_file(records: Iterable[Kostra11CFRecord], year: int, path: str | os.PathLike[str]) -> Path:
    """Format ``records`` for reporting ``year`` and write them to ``path`` atomically.

    Nothing is written if any record cannot be formatted (:class:`RecordFormatError`).
    """
    data = encode_records(records, year)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
