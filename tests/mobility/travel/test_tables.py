"""The shipped reference files: read once, with their source and year, and a file of the wrong
shape stops with a message naming the file and the field."""

from __future__ import annotations

import copy

import pytest

from campus.mobility.travel import TravelDataError, emission_factors, travel_table, travel_tables
from campus.mobility.travel.tables import DATA_DIR, parse_emission_factors, parse_travel_table

TRAVEL = {
    "call_year": 2025,
    "source": "Erasmus+ Call 2025",
    "distance": "one-way",
    "currency": "EUR",
    "bands": [
        {"min_km": 10, "max_km": 99, "standard": 28, "green": 56},
        {"min_km": 100, "max_km": None, "standard": 211, "green": 285},
    ],
    "green_travel": "bus, train",
    "travel_days": {"standard_max": 2, "green_max": 6},
}
FACTORS = {"source": "DESNZ 2025", "unit": "kg CO2e per passenger-km", "modes": {"coach": 0.03}}


def test_the_shipped_tables_with_their_source_and_year():
    table = travel_table()
    assert table.call_year == 2025
    assert "DAAD" in table.source and "Call 2025" in table.source
    assert "one-way" in table.distance_rule
    assert [(b.min_km, b.max_km) for b in table.bands] == [
        (10, 99),
        (100, 499),
        (500, 1999),
        (2000, 2999),
        (3000, 3999),
        (4000, 7999),
        (8000, None),
    ]
    assert (table.standard_travel_days, table.green_travel_days) == (2, 6)
    factors = emission_factors()
    assert "DESNZ" in factors.source and "2025" in factors.source
    assert factors.unit == "kg CO2e per passenger-km"
    assert factors.factors["coach"] == 0.02776


def test_the_files_are_read_once():
    assert travel_tables() is travel_tables()
    assert emission_factors() is emission_factors()


def test_the_data_folder_names_its_sources():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "erasmus-travel.json" in readme and "Call 2025" in readme
    assert "emission-factors.json" in readme and "DESNZ" in readme


def test_a_well_formed_table_is_read():
    table = parse_travel_table(TRAVEL, "t.json")
    assert table.band_for(150).standard_eur == 211
    assert table.band_for(9) is None


def broken(**changes):
    doc = copy.deepcopy(TRAVEL)
    for key, value in changes.items():
        if key.startswith("band1_"):
            doc["bands"][1][key.removeprefix("band1_")] = value
        elif value is None:
            del doc[key]
        else:
            doc[key] = value
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (broken(call_year=None), "t.json: missing field 'call_year'"),
        (broken(call_year="2025"), "t.json.call_year: expected int, got '2025'"),
        (broken(call_year=1999), "t.json.call_year: not an Erasmus\\+ call year: 1999"),
        (broken(bands=[]), "t.json.bands: no distance band"),
        (broken(bands="10-99"), "t.json.bands: expected list"),
        (broken(band1_standard=-5), "t.json.bands\\[1\\].standard: an amount cannot be negative"),
        (broken(band1_green="285"), "t.json.bands\\[1\\].green: expected int, got '285'"),
        (broken(band1_min_km=120), "t.json.bands\\[1\\]: starts at 120 km, but the band before"),
        (broken(band1_min_km=90), "t.json.bands\\[1\\]: starts at 90 km"),
        (broken(band1_max_km=50), "t.json.bands\\[1\\]: max_km 50 is below min_km 100"),
        (broken(band1_max_km="499"), "t.json.bands\\[1\\].max_km: expected int or null"),
        (broken(travel_days={"standard_max": 2}), "t.json.travel_days: missing field 'green_max'"),
        (broken(source=None), "t.json: missing field 'source'"),
        ([], "t.json: expected an object, got list"),
    ],
)
def test_a_travel_table_of_the_wrong_shape_says_what_is_wrong(doc, message):
    with pytest.raises(TravelDataError, match=message):
        parse_travel_table(doc, "t.json")


def test_only_the_last_band_may_be_open():
    doc = copy.deepcopy(TRAVEL)
    doc["bands"].append({"min_km": 500, "max_km": None, "standard": 1, "green": 1})
    with pytest.raises(TravelDataError, match="bands\\[2\\]: follows an open-ended band"):
        parse_travel_table(doc, "t.json")


@pytest.mark.parametrize(
    ("modes", "message"),
    [
        ({}, "f.json.modes: no emission factor"),
        ({"coach": -0.1}, "f.json.modes.coach: expected a non-negative number, got -0.1"),
        ({"coach": "0.03"}, "f.json.modes.coach: expected a non-negative number, got '0.03'"),
        ({"coach": float("nan")}, "f.json.modes.coach: expected a non-negative number, got nan"),
    ],
)
def test_emission_factors_of_the_wrong_shape_say_what_is_wrong(modes, message):
    with pytest.raises(TravelDataError, match=message):
        parse_emission_factors({**FACTORS, "modes": modes}, "f.json")


def test_well_formed_factors_are_read():
    assert parse_emission_factors(FACTORS, "f.json").factors == {"coach": 0.03}
