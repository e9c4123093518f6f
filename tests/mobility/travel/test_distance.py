"""Great-circle distance and the Erasmus+ band, checked against known city pairs and the edges
of the published bands (Call 2025: 10–99, 100–499, 500–1999, 2000–2999, 3000–3999,
4000–7999, 8000+ km)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campus.mobility.travel import (
    TravelInputError,
    distance_band,
    great_circle_km,
    travel_estimate,
)

# City centres, WGS84. The partners' are those of the alliance's institutions.json.
BRUSSELS = (50.8503, 4.3517)
AMSTERDAM = (52.3676, 4.9041)
LISBON = (38.7223, -9.1393)
HELSINKI = (60.1699, 24.9384)
GEEL = (51.1656, 4.9892)  # Thomas More, B  GEEL07
EINDHOVEN = (51.4408, 5.4778)  # Fontys, NL EINDHOV03
AALBORG = (57.048, 9.9187)  # UCN, DK ALBORG02
BEJA = (38.0155, -7.8652)  # IPBeja, P  BEJA01
DEGGENDORF = (48.8409, 12.9607)  # DIT, D  DEGGEND01
HALMSTAD = (56.6745, 12.8568)  # Halmstad University, S  HALMSTA01
SEINAJOKI = (62.8, 22.8333)  # SeAMK, SF SEINAJO06
VILNIUS = (54.6892, 25.2798)  # Vilniaus kolegija, LT VILNIUS10
BRNO = (49.1952, 16.608)  # Mendel University, CZ BRNO02

EARTH_KM = 6371.0088  # mean radius


def cosine_law_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """An independent formula for the same spherical distance (spherical law of cosines)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return EARTH_KM * math.acos(max(-1.0, min(1.0, c)))


def north_of(lat: float, lon: float, km: float) -> tuple[float, float]:
    """The point ``km`` due north along the meridian (one degree of latitude is R·π/180)."""
    return lat + math.degrees(km / EARTH_KM), lon


@pytest.mark.parametrize(
    ("a", "b", "km", "band"),
    [
        # published one-way distances, to the kilometre
        (BRUSSELS, AMSTERDAM, 173, (100, 499)),
        (LISBON, HELSINKI, 3360, (3000, 3999)),
        # the partners
        (GEEL, EINDHOVEN, 46, (10, 99)),
        (AALBORG, HALMSTAD, 183, (100, 499)),
        (DEGGENDORF, BRNO, 269, (100, 499)),
        (GEEL, BEJA, 1776, (500, 1999)),
        (VILNIUS, BRNO, 851, (500, 1999)),
        (BEJA, DEGGENDORF, 2057, (2000, 2999)),
        (AALBORG, BEJA, 2486, (2000, 2999)),
        (BEJA, VILNIUS, 3101, (3000, 3999)),
        (BEJA, SEINAJOKI, 3444, (3000, 3999)),
    ],
)
def test_distance_and_band_of_city_pairs(a, b, km, band):
    distance = great_circle_km(*a, *b)
    assert distance == pytest.approx(km, abs=1)
    assert distance == pytest.approx(cosine_law_km(a, b), rel=1e-9)
    assert great_circle_km(*b, *a) == pytest.approx(distance, rel=1e-12)
    found = distance_band(distance)
    assert (found.min_km, found.max_km) == band


def test_the_band_and_its_support_come_with_the_estimate():
    estimate = travel_estimate(*LISBON, *HELSINKI)
    assert estimate.call_year == 2025
    assert estimate.currency == "EUR"
    assert (estimate.band.min_km, estimate.band.max_km) == (3000, 3999)
    assert (estimate.standard_support_eur, estimate.green_support_eur) == (580, 785)


@pytest.mark.parametrize(
    ("km", "band", "standard", "green"),
    [
        (9.99, None, 0, 0),
        (10.0, (10, 99), 28, 56),
        (99.0, (10, 99), 28, 56),
        # bands are whole kilometres: 99.9 km is still in 10–99, 100 km starts 100–499
        (99.9, (10, 99), 28, 56),
        (100.0, (100, 499), 211, 285),
        (499.99, (100, 499), 211, 285),
        (500.0, (500, 1999), 309, 417),
        (500.01, (500, 1999), 309, 417),
        (1999.5, (500, 1999), 309, 417),
        (2000.0, (2000, 2999), 395, 535),
        (3000.0, (3000, 3999), 580, 785),
        (3999.99, (3000, 3999), 580, 785),
        (4000.0, (4000, 7999), 1188, 1188),
        (7999.9, (4000, 7999), 1188, 1188),
        (8000.0, (8000, None), 1735, 1735),
        (19000.0, (8000, None), 1735, 1735),
    ],
)
def test_band_edges_as_published(km, band, standard, green):
    found = distance_band(km)
    if band is None:
        assert found is None
        return
    assert (found.min_km, found.max_km) == band
    assert (found.standard_eur, found.green_eur) == (standard, green)


@pytest.mark.parametrize(
    ("km", "standard"),
    [(99.5, 28), (100.5, 211), (499.5, 211), (500.5, 309), (1999.5, 309), (2000.5, 395)],
)
def test_band_edges_from_coordinates(km, standard):
    """Just under and just over an edge, measured from coordinates along a meridian."""
    to = north_of(*GEEL, km)
    estimate = travel_estimate(*GEEL, *to)
    assert estimate.distance_km == pytest.approx(km, abs=1e-6)
    assert estimate.standard_support_eur == standard


def test_under_ten_km_there_is_no_travel_support():
    estimate = travel_estimate(*GEEL, *north_of(*GEEL, 5))
    assert estimate.band is None
    assert estimate.standard_support_eur == estimate.green_support_eur == 0
    assert estimate.by_mode("train").travel_support_eur == 0


def test_same_place_and_antipodes():
    assert great_circle_km(*GEEL, *GEEL) == 0
    antipode = (-GEEL[0], GEEL[1] - 180)
    assert great_circle_km(*GEEL, *antipode) == pytest.approx(math.pi * EARTH_KM)
    assert distance_band(great_circle_km(*GEEL, *antipode)).max_km is None


@given(
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.floats(-90, 90),
    st.floats(-180, 180),
)
def test_distance_is_symmetric_and_bounded(lat1, lon1, lat2, lon2):
    d = great_circle_km(lat1, lon1, lat2, lon2)
    assert 0 <= d <= math.pi * EARTH_KM + 1e-6
    assert d == pytest.approx(great_circle_km(lat2, lon2, lat1, lon1), abs=1e-6)


@pytest.mark.parametrize(
    ("point", "field", "message"),
    [
        ((95, 4.99), "from_lat", "origin latitude must lie between -90 and 90 degrees, got 95"),
        ((-90.5, 4.99), "from_lat", "origin latitude must lie between -90 and 90 degrees"),
        (
            (51.17, 181),
            "from_lon",
            "origin longitude must lie between -180 and 180 degrees, got 181",
        ),
        (
            (math.nan, 4.99),
            "from_lat",
            "origin latitude must be a finite number of degrees, got nan",
        ),
        ((51.17, math.inf), "from_lon", "origin longitude must be a finite number of degrees"),
        (("51.17", 4.99), "from_lat", "origin latitude must be a number of degrees, got '51.17'"),
        ((None, 4.99), "from_lat", "origin latitude must be a number of degrees, got None"),
        ((True, 4.99), "from_lat", "origin latitude must be a number of degrees, got True"),
    ],
)
def test_bad_coordinates_are_refused_with_a_clear_message(point, field, message):
    with pytest.raises(TravelInputError, match=message) as refused:
        travel_estimate(*point, *EINDHOVEN)
    assert refused.value.field == field


def test_a_bad_destination_is_named_as_such():
    with pytest.raises(TravelInputError, match="destination latitude must lie between") as refused:
        travel_estimate(*GEEL, 95.0, 5.48)
    assert refused.value.field == "to_lat"


@pytest.mark.parametrize("km", [-1, math.nan, math.inf, "500", None])
def test_a_bad_distance_has_no_band(km):
    with pytest.raises(ValueError, match="distance must be"):
        distance_band(km)
