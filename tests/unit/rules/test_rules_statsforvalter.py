"""The Statsforvalter that decides complaints (stl. § 48) comes from the kommunenummer, never free text."""

from __future__ import annotations

import pytest

from kvp_desktop.rules.statsforvalter import OFFICES, office_for, region_for, statsforvalter_name


@pytest.mark.parametrize(("number", "region"), [
    ("3911", "Vestfold og Telemark"),  # Færder (Vestfold from 2024)
    ("3811", "Vestfold og Telemark"),  # Færder 2020–2023
    ("4001", "Vestfold og Telemark"),  # Porsgrunn (Telemark)
    ("0301", "Østfold, Buskerud, Oslo og Akershus"),  # Oslo
    ("3301", "Østfold, Buskerud, Oslo og Akershus"),  # Drammen
    ("3024", "Østfold, Buskerud, Oslo og Akershus"),  # Bærum in Viken 2020–2023
    ("4601", "Vestland"), ("1103", "Rogaland"), ("1507", "Møre og Romsdal"), ("1804", "Nordland"),
    ("3403", "Innlandet"), ("4204", "Agder"), ("5001", "Trøndelag"), ("5501", "Troms og Finnmark"),
    ("5601", "Troms og Finnmark"), ("5401", "Troms og Finnmark"),
])
def test_every_county_maps_to_one_of_the_ten_offices(number: str, region: str) -> None:
    assert region_for(number) == region
    assert statsforvalter_name(number) == f"Statsforvalteren i {region}"


def test_there_are_ten_offices_and_unknown_numbers_give_none() -> None:
    assert len(OFFICES) == 10
    assert "Vestfold" not in OFFICES.values()  # «Statsforvalteren i Vestfold» does not exist
    for bad in ("", "39", "9999", "abcd", "12345"):
        assert office_for(bad) is None and statsforvalter_name(bad) is None
