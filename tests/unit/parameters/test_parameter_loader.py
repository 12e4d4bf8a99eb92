"""The strict parameter loader: shipped files, broken files, overrides, typed lookups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from kvp_desktop.parameters import (
    Override,
    ParameterError,
    ParameterSet,
    load_directory,
    load_parameters,
    parse_parameter,
)
from kvp_desktop.parameters.loader import REQUIRED_PARAMETERS

CASES = Path(__file__).with_name("cases_parameters.yaml")

GOOD = """\
description: Test.
unit: currency-NOK
reference: [testlov § 1]
values:
  2020-01-01:
    value: 100
    source: kilde A
  2021-01-01:
    value: 110.50
    source: kilde B
    announced: 2021-02-01
    unconfirmed: true
    note: Kontroller.
"""


def test_shipped_set_has_every_required_parameter_and_every_value_a_source() -> None:
    params = load_parameters()
    assert set(params.names()) >= REQUIRED_PARAMETERS
    for name in params.names():
        for value in params.parameter(name).values:
            assert value.source.strip()
            assert value.origin == "shipped"
            if value.unconfirmed:
                assert value.note and "Kontroller mot gjeldende regelverk" in value.note


def test_every_effective_date_has_a_case_on_both_sides() -> None:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    params = load_parameters()
    assert set(cases) == set(params.names()), "every parameter file needs legislation cases"
    for name in params.names():
        days = {dt.date.fromisoformat(str(day)) for day in cases[name]}
        for value in params.parameter(name).values:
            assert value.effective_from in days, f"{name}: no case on {value.effective_from}"
            assert value.effective_from - dt.timedelta(days=1) in days, f"{name}: no case before {value.effective_from}"


def test_a_good_file_parses_with_decimals_never_floats() -> None:
    parameter = parse_parameter("test", GOOD)
    assert parameter.values[1].value == Decimal("110.50")
    assert isinstance(parameter.values[1].value, Decimal)
    assert parameter.values[1].announced == dt.date(2021, 2, 1)
    assert parameter.values[1].unconfirmed
    assert parameter.value_on(dt.date(2020, 12, 31)).source == "kilde A"
    assert "ikke bekreftet" in parameter.values[1].describe()
    assert "levert med programmet" in parameter.values[0].describe()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("2021-01-01", "2019-01-01"), "stigende rekkefølge"),
        (GOOD.replace("2021-01-01", "2020-01-01"), "står to ganger"),
        (GOOD + "extra: 1\n", "ukjent nøkkel extra"),
        (GOOD.replace("    source: kilde A\n", "    source: kilde A\n    sorce: x\n"), "ukjent nøkkel sorce"),
        (GOOD.replace("    source: kilde A\n", ""), "mangler «source»"),
        (GOOD.replace("source: kilde A", "source: '  '"), "mangler «source»"),
        (GOOD.replace("unit: currency-NOK", "unit: kroner"), "ukjent enhet «kroner»"),
        (GOOD.replace("unit: currency-NOK", "unit: day"), "heltall"),
        (GOOD.replace("value: 100", "value: hundre"), "ikke et tall"),
        (GOOD.replace("value: 100", "value: true"), "må være et tall"),
        (GOOD.replace("value: 100", "value: [1]"), "må være et tall"),
        (GOOD.replace("value: 100", "value: -5"), "negativ"),
        (GOOD.replace("value: 100", "value: Infinity"), "endelig"),
        (GOOD.replace("value: 100", "value: .nan"), "gyldig tall"),
        (GOOD.replace("    note: Kontroller.\n", ""), "note"),
        (GOOD.replace("note: Kontroller.", "note: ''"), "«note» må være en tekst"),
        (GOOD.replace("unconfirmed: true", "unconfirmed: kanskje"), "«unconfirmed» må være true eller false"),
        (GOOD.replace("announced: 2021-02-01", "announced: snart"), "ikke en dato"),
        (GOOD.replace("  2020-01-01:", "  januar:"), "ikke en dato"),
        (GOOD.replace("  2020-01-01:", "  2020-01-01 10:00:00:"), "ikke en dato"),
        (GOOD.replace("    value: 100\n", ""), "mangler «value»"),
        ("description: x\nunit: factor\nreference: [a]\nvalues:\n  2020-01-01: 5\n", "tabell med value og source"),
        ("description: x\nunit: factor\nreference: [a]\nvalues: {}\n", "minst én datert verdi"),
        ("- a\n- b\n", "YAML-tabell"),
        ("description: [x\n", "ikke gyldig YAML"),
        (GOOD.replace("description: Test.\n", ""), "mangler «description»"),
        (GOOD.replace("description: Test.", "description: ''"), "«description» må være en tekst"),
        (GOOD.replace("reference: [testlov § 1]", "reference: []"), "«reference»"),
        (GOOD.replace("reference: [testlov § 1]", "reference: [1]"), "«reference»"),
        (GOOD + "allowed: [a]\n", "«allowed» brukes bare med enheten enum"),
        (GOOD + "documentation: [a]\n", "«documentation» må være en tekst"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message) as info:
        parse_parameter("test", text)
    assert str(info.value).startswith("test.yaml")


ENUM = (
    "description: x\nunit: enum\nallowed: [a, b]\nreference: lov\n"
    "values:\n  2020-01-01:\n    value: {v}\n    source: s\n"
)


def test_enum_bool_and_fraction_units() -> None:
    assert parse_parameter("e", ENUM.format(v="b")).values[0].value == "b"
    with pytest.raises(ParameterError, match="tillatte verdiene"):
        parse_parameter("e", ENUM.format(v="c"))
    with pytest.raises(ParameterError, match="krever «allowed»"):
        parse_parameter("e", ENUM.format(v="a").replace("allowed: [a, b]\n", ""))
    flag = ENUM.replace("unit: enum\nallowed: [a, b]\n", "unit: bool\n")
    assert parse_parameter("f", flag.format(v="true")).values[0].value is True
    with pytest.raises(ParameterError, match="true eller false"):
        parse_parameter("f", flag.format(v="1"))
    share = ENUM.replace("unit: enum\nallowed: [a, b]\n", "unit: fraction\n")
    assert parse_parameter("s", share.format(v="2/3")).values[0].value == Fraction(2, 3)
    assert parse_parameter("s", share.format(v="0.5")).values[0].value == Fraction(1, 2)
    with pytest.raises(ParameterError, match="nevneren"):
        parse_parameter("s", share.format(v="2/0"))
    with pytest.raises(ParameterError, match="ikke en brøk"):
        parse_parameter("s", share.format(v="to tredjedeler"))
    with pytest.raises(ParameterError, match="må være et tall"):
        parse_parameter("s", share.format(v="false"))


def test_bad_parameter_name() -> None:
    with pytest.raises(ParameterError, match="ugyldig parameternavn"):
        parse_parameter("Grunnbeløp", GOOD)


def test_directory_loading_from_tmp_path(tmp_path: Path) -> None:
    (tmp_path / "test.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a parameter", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    params = load_directory(tmp_path, required=["test"])
    assert params.names() == ("test",)
    with pytest.raises(ParameterError, match="Mangler parameterfil for: g"):
        load_directory(tmp_path, required=["g", "test"])
    (tmp_path / "broken.yaml").write_text(GOOD.replace("2021-01-01", "2019-01-01"), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"broken\.yaml"):
        load_directory(tmp_path, required=[])


def test_lookups_are_typed_and_unknown_names_refused() -> None:
    params = load_parameters()
    on = dt.date(2025, 6, 1)
    assert params.decimal("g", on) == Decimal(130160)
    assert params.integer("days_per_year", on) == 260
    assert params.fraction("under_25_share", on) == Fraction(2, 3)
    assert params.text("full_rate_start", on) == "birthday"
    assert params.flag("eea_abode_exception", on) is True
    for method, name in [
        (params.decimal, "full_rate_start"),
        (params.decimal, "eea_abode_exception"),
        (params.integer, "g"),
        (params.integer, "eea_abode_exception"),
        (params.fraction, "g"),
        (params.text, "g"),
        (params.flag, "g"),
    ]:
        with pytest.raises(ParameterError, match=f"«{name}» er ikke"):
            method(name, on)
    with pytest.raises(ParameterError, match="Ukjent parameter «gg»"):
        params.value("gg", on)
    snapshot = params.at(on)
    assert snapshot["g"].value == Decimal(130160)
    assert len(snapshot) == len(params.names()) and "g" in set(snapshot)


def test_parameter_set_is_immutable() -> None:
    params = load_parameters()
    with pytest.raises(AttributeError):
        params.parameters = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        params.parameters["g"] = params.parameter("g")  # type: ignore[index]


def test_office_override_wins_on_its_date_and_says_where_it_came_from() -> None:
    shipped = load_parameters()
    office = shipped.with_overrides(
        [
            Override("g", dt.date(2026, 5, 1), "140 000", "Registrert i Innstillinger 02.06.2026"),
            Override("sick_child_days", dt.date(2020, 1, 1), 12, "Lokal retningslinje"),
        ]
    )
    value = office.value("g", dt.date(2026, 6, 1))
    assert (value.value, value.origin) == (Decimal(140000), "office")
    assert value.source == "Registrert i Innstillinger 02.06.2026"
    assert not value.unconfirmed
    assert office.value("g", dt.date(2026, 4, 30)).origin == "shipped"
    assert office.value("sick_child_days", dt.date(2019, 12, 31)).value == 10
    assert office.value("sick_child_days", dt.date(2020, 1, 1)).value == 12
    # the shipped set is unchanged
    assert shipped.value("g", dt.date(2026, 6, 1)).value == Decimal(136549)
    assert "lokal verdi" in value.describe()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (Override("gg", dt.date(2026, 5, 1), "1", "x"), "Ukjent parameter"),
        (Override("g", dt.date(2026, 5, 1), "1", " "), "mangler kilde"),
        (Override("g", dt.date(2026, 5, 1), "mye", "x"), "ikke et tall"),
        (Override("min_age", dt.date(2026, 5, 1), "18.5", "x"), "heltall"),
        (Override("full_rate_start", dt.date(2026, 5, 1), "soon", "x"), "tillatte verdiene"),
    ],
)
def test_bad_overrides_are_refused(override: Override, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        load_parameters().with_overrides([override])


def test_empty_override_list_gives_an_equal_set() -> None:
    params = load_parameters()
    assert isinstance(params.with_overrides([]), ParameterSet)
    assert params.with_overrides([]).value("g", dt.date(2025, 6, 1)) == params.value("g", dt.date(2025, 6, 1))
