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
from kvp_desktop.exports.kostra11cf.validator import (
    RULE_IDS,
    RULES,
    SEVERITIES,
    Finding,
    Report,
    Severity,
    check_file,
    check_records,
    check_text,
)
from kvp_desktop.exports.kostra11cf.writer import LINE_ENDING, encode_records, format_lines, write_file

__all__ = [
    "LINE_ENDING",
    "RULES",
    "RULE_IDS",
    "SEVERITIES",
    "Code",
    "DataType",
    "FieldSpec",
    "FieldValue",
    "Finding",
    "Kostra11CFRecord",
    "Layout",
    "LayoutError",
    "LayoutNotFoundError",
    "RecordFormatError",
    "Report",
    "Severity",
    "available_years",
    "check_file",
    "check_records",
    "check_text",
    "encode_records",
    "format_field",
    "format_lines",
    "format_record",
    "load_layout",
    "parse_line",
    "parse_value",
    "write_file",
]
