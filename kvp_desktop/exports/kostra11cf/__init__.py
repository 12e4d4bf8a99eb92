"""KOSTRA form 11CF (kvalifiseringsstønad): SSB's fixed-width file and SSB's control rules.

Pure Python: no Qt, no database. See ``docs/kostra11cf.md``.
"""

from kvp_desktop.exports.kostra11cf.layout import (
    Code,
    DataType,
    FieldSpec,
    Layout,
    LayoutError,
    LayoutNotFoundError,
    available_years,
    load_layout,
)
from kvp_desktop.exports.kostra11cf.record import (
    FieldValue,
    Kostra11CFRecord,
    RecordFormatError,
    format_field,
    format_record,
    parse_line,
    parse_value,
)
from kvp_desktop.exports.kostra11cf.writer import LINE_ENDING, encode_records, format_lines, write_file

__all__ = [
    "LINE_ENDING",
    "Code",
    "DataType",
    "FieldSpec",
    "FieldValue",
    "Kostra11CFRecord",
    "Layout",
    "LayoutError",
    "LayoutNotFoundError",
    "RecordFormatError",
    "available_years",
    "encode_records",
    "format_field",
    "format_lines",
    "format_record",
    "load_layout",
    "parse_line",
    "parse_value",
    "write_file",
]
