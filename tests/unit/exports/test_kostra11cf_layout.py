"""The 11CF layouts: SSB's YAML per reporting year, found through importlib.resources."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from kvp_desktop.exports.kostra11cf import (
    DataType,
    LayoutNotFoundError,
    available_years,
    load_layout,
)
from kvp_desktop.exports.kostra11cf.layout import LAYOUT_PACKAGE, LayoutError, _parse_layout

YEARS = (2025, 2026)


def _raw_fields(year: int) -> list[dict[str, object]]:
    text = (resources.files(LAYOUT_PACKAGE) / f"{year}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["reportingYear"] == year
    return list(data["fields"])


def test_both_years_have_a_layout() -> None:
    assert set(YEARS) <= set(available_years())


@pytest.mark.parametrize("year", YEARS)
def test_record_length_matches_the_yaml(year: int) -> None:
    layout = load_layout(year)
    raw = _raw_fields(year)
    expected_length = max(int(f["from"]) + int(f["size"]) - 1 for f in raw)  # type: ignore[call-overload]
    assert layout.record_length == expected_length == 152
    assert len(layout.fields) == len(raw) == 53
    assert sum(spec.size for spec in layout.fields) == layout.record_length


@pytest.mark.parametrize("year", YEARS)
def test_fields_carry_position_type_mandatory_pattern_and_codes(year: int) -> None:
    layout = load_layout(year)
    fnr = layout.field("PERSON_FODSELSNR")
    assert (fnr.start, fnr.size, fnr.end) == (25, 11, 35)
    assert fnr.mandatory is True and fnr.data_type is DataType.STRING

    born = layout.field("FODSELSDATO")
    assert born.data_type is DataType.DATE and born.date_pattern == "ddMMyyyy"

    amount = layout.field("KVP_STONAD")
    assert (amount.start, amount.size, amount.data_type) == (105, 7, DataType.INTEGER)
    assert amount.mandatory is False

    status = layout.field("STATUS")
    assert sorted(status.code_values) == ["1", "2", "3", "4", "5", "6", "7"]
    assert layout.field("KJONN").code_list_text() == "[1=Mann, 2=Kvinne]"
    assert layout.field("SAKSBEHANDLER").end == 152


def test_2026_replaces_individstonad_with_tiltakspenger_in_the_same_position() -> None:
    old, new = load_layout(2025), load_layout(2026)
    assert "YTELSE_INDIVIDSTONAD" in old and "YTELSE_INDIVIDSTONAD" not in new
    assert "YTELSE_TILTAKSPENGER" in new and "YTELSE_TILTAKSPENGER" not in old
    assert old.field("YTELSE_INDIVIDSTONAD").start == new.field("YTELSE_TILTAKSPENGER").start == 73
    assert old.field("KOMMNR_KVP_KOMM").code_values == new.field("KOMMNR_KVP_KOMM").code_values


def test_a_year_without_layout_is_refused_in_norwegian() -> None:
    with pytest.raises(LayoutNotFoundError) as excinfo:
        load_layout(2024)
    message = str(excinfo.value)
    assert "Det finnes ingen filbeskrivelse for KOSTRA-skjema 11CF for rapporteringsåret 2024" in message
    assert "2025, 2026" in message


def test_ssb_licence_is_shipped_beside_the_layouts() -> None:
    licence = (resources.files(LAYOUT_PACKAGE) / "LICENSE-SSB.md").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Statistisk sentralbyrå" in licence


def test_a_layout_with_a_gap_is_refused() -> None:
    data = {"reportingYear": 2030, "fields": _raw_fields(2025)}
    data["fields"] = [dict(f) for f in data["fields"]]
    data["fields"][3]["from"] = 10  # FODSELSDATO should start at 9
    with pytest.raises(LayoutError, match="FODSELSDATO"):
        _parse_layout(data, 2030)
