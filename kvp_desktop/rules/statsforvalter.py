"""Which Statsforvalter decides a complaint, from the office's kommunenummer (stl. § 48).

There are ten Statsforvalter offices (from 1 January 2024 «Statsforvalteren i Østfold,
Buskerud, Oslo og Akershus» serves the former Viken and Oslo). A municipality belongs to the
office of its county; the county is the first two digits of the kommunenummer. Both the county
numbers in force from 2024 and those of 2020–2023 (Viken 30, Vestfold og Telemark 38, Troms og
Finnmark 54) are mapped, so an office that has not yet updated its number still gets the right
Statsforvalter. The letters print the full name, never a free-text county.
"""

from __future__ import annotations

#: The ten offices: key → the region in the office's name («Statsforvalteren i <region>»; the
#: letters write «Statsforvalteren»/«Statsforvaltaren» from their templates, the region is a proper
#: name and the same in bokmål and nynorsk).
OFFICES: dict[str, str] = {
    "agder": "Agder",
    "innlandet": "Innlandet",
    "more_og_romsdal": "Møre og Romsdal",
    "nordland": "Nordland",
    "ostfold_buskerud_oslo_akershus": "Østfold, Buskerud, Oslo og Akershus",
    "rogaland": "Rogaland",
    "troms_og_finnmark": "Troms og Finnmark",
    "trondelag": "Trøndelag",
    "vestfold_og_telemark": "Vestfold og Telemark",
    "vestland": "Vestland",
}

#: County number (first two digits of the kommunenummer) → office key.
_COUNTIES: dict[str, str] = {
    "03": "ostfold_buskerud_oslo_akershus",  # Oslo
    "11": "rogaland",
    "15": "more_og_romsdal",
    "18": "nordland",
    "30": "ostfold_buskerud_oslo_akershus",  # Viken 2020–2023
    "31": "ostfold_buskerud_oslo_akershus",  # Østfold
    "32": "ostfold_buskerud_oslo_akershus",  # Akershus
    "33": "ostfold_buskerud_oslo_akershus",  # Buskerud
    "34": "innlandet",
    "38": "vestfold_og_telemark",  # Vestfold og Telemark 2020–2023
    "39": "vestfold_og_telemark",  # Vestfold
    "40": "vestfold_og_telemark",  # Telemark
    "42": "agder",
    "46": "vestland",
    "50": "trondelag",
    "54": "troms_og_finnmark",  # Troms og Finnmark 2020–2023
    "55": "troms_og_finnmark",  # Troms
    "56": "troms_og_finnmark",  # Finnmark
}


def office_for(municipality_number: str) -> str | None:
    """The office key for a four-digit kommunenummer, or ``None`` if the number is unknown."""
    number = municipality_number.strip()
    if len(number) != 4 or not number.isdigit():
        return None
    return _COUNTIES.get(number[:2])


def region_for(municipality_number: str) -> str | None:
    """The region of the Statsforvalter for a kommunenummer («Vestfold og Telemark»), or ``None``."""
    key = office_for(municipality_number)
    return OFFICES[key] if key else None


def statsforvalter_name(municipality_number: str) -> str | None:
    """«Statsforvalteren i …» (bokmål) for a kommunenummer, or ``None`` if the number is unknown."""
    region = region_for(municipality_number)
    return f"Statsforvalteren i {region}" if region else None


__all__ = ["OFFICES", "office_for", "region_for", "statsforvalter_name"]
