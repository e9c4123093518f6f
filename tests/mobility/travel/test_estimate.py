"""CO2e per travel mode, the green support and top-up, the virtual and blended alternatives,
and the totals over several mobilities.

The expected figures are worked out by hand from the shipped factors (DESNZ 2025, kg CO2e
per passenger-km): plane short-haul with radiative forcing 0.12786, international 0.14253;
national rail 0.03546; coach 0.02776; average car 0.16725 per vehicle-km. Trips are
measured along a meridian so the one-way distance is exact; the return trip is twice it,
times the detour (plane 1.08, land 1.2).
"""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from campus.mobility.travel import (
    BLENDED,
    MODE_KEYS,
    VIRTUAL,
    Assumptions,
    TravelInputError,
    Trip,
    travel_estimate,
    travel_total,
)
from campus.mobility.travel import estimate as estimate_module
from campus.mobility.travel.tables import parse_emission_factors

EARTH_KM = 6371.0088
GEEL = (51.1656, 4.9892)
BEJA = (38.0155, -7.8652)


def north(km: float) -> tuple[float, float, float, float]:
    """From the equator at 10°E to the point ``km`` due north."""
    return 0.0, 10.0, math.degrees(km / EARTH_KM), 10.0


# A 1,000 km trip there and back: 2,000 km straight, 2,160 km flown, 2,400 km on land.
KG_1000 = {
    "plane": 2160 * 0.12786,  # 276.1776
    "train": 2400 * 0.03546,  # 85.104
    "bus": 2400 * 0.02776,  # 66.624
    "car_share": 2400 * 0.16725 / 3,  # 133.8
    "car": 2400 * 0.16725,  # 401.4
}


def test_the_co2e_of_each_mode_for_a_return_trip():
    estimate = travel_estimate(*north(1000))
    assert estimate.distance_km == pytest.approx(1000)
    assert [m.mode for m in estimate.modes] == ["plane", "train", "bus", "car_share", "car"]
    for mode, kg in KG_1000.items():
        assert estimate.by_mode(mode).co2e_kg == pytest.approx(kg), mode
    assert estimate.by_mode("plane").factor == "plane_short_haul_with_rf"
    assert estimate.by_mode("plane").travelled_km == pytest.approx(2160)
    assert estimate.by_mode("train").travelled_km == pytest.approx(2400)
    assert estimate.sources.aviation == "with radiative forcing"
    assert "DESNZ" in estimate.sources.emission_factors
    assert "Call 2025" in estimate.sources.travel_support


def test_a_long_flight_takes_the_international_factor():
    estimate = travel_estimate(*north(4000))
    plane = estimate.by_mode("plane")
    assert plane.factor == "plane_international_with_rf"
    assert plane.co2e_kg == pytest.approx(8000 * 1.08 * 0.14253)
    # just under the short-haul limit, still short-haul
    assert travel_estimate(*north(3699)).by_mode("plane").factor == "plane_short_haul_with_rf"


def test_a_shared_car_divides_by_its_occupants():
    two = travel_estimate(*north(1000), assumptions=Assumptions(car_share_occupancy=2))
    assert two.by_mode("car_share").co2e_kg == pytest.approx(2400 * 0.16725 / 2)
    assert two.by_mode("car").co2e_kg == pytest.approx(2400 * 0.16725)


def test_detour_factors_can_be_changed_one_mode_at_a_time():
    estimate = travel_estimate(*north(1000), assumptions=Assumptions(detour={"train": 1.5}))
    assert estimate.by_mode("train").co2e_kg == pytest.approx(3000 * 0.03546)
    assert estimate.by_mode("bus").co2e_kg == pytest.approx(KG_1000["bus"])


def test_each_mode_says_what_it_avoids_against_flying():
    estimate = travel_estimate(*north(1000))
    assert estimate.reference_mode == "plane"
    assert estimate.by_mode("train").avoided_kg == pytest.approx(276.1776 - 85.104)
    assert estimate.by_mode("plane").avoided_kg == 0
    assert estimate.by_mode("car").avoided_kg == pytest.approx(276.1776 - 401.4)  # more, not less


def test_a_short_trip_is_compared_with_driving_alone():
    estimate = travel_estimate(*north(300))
    assert estimate.reference_mode == "car"
    assert estimate.by_mode("bus").avoided_kg == pytest.approx(720 * (0.16725 - 0.02776))


@pytest.mark.parametrize(
    ("mode", "green", "support"),
    [("plane", False, 309), ("car", False, 309), ("train", True, 417), ("bus", True, 417)]
    + [("car_share", True, 417)],
)
def test_green_modes_get_the_green_amount(mode, green, support):
    estimate = travel_estimate(*GEEL, *BEJA, mode=mode)  # 1,776 km: band 500–1999
    chosen = estimate.chosen
    assert chosen.green is green
    assert chosen.travel_support_eur == estimate.travel_support_eur == support
    assert chosen.travel_days == (6 if green else 2)
    assert estimate.green_top_up_eur == 0  # a short-term mobility has no top-up


@pytest.mark.parametrize("mode", ["train", "bus", "car_share"])
def test_long_term_green_travel_gets_the_top_up(mode):
    estimate = travel_estimate(*GEEL, *BEJA, mode=mode, long_term=True)
    assert estimate.green_top_up_eur == 50
    assert estimate.green_extra_days == 4
    assert estimate.travel_support_eur == 417  # the top-up comes on top, not in it
    # the four extra days are the green travel days' own: 6, not 2 + 4 + 4
    assert estimate.chosen.travel_days == 6


@pytest.mark.parametrize("mode", ["plane", "car", None])
def test_no_top_up_without_green_travel(mode):
    estimate = travel_estimate(*GEEL, *BEJA, mode=mode, long_term=True)
    assert estimate.green_top_up_eur == 0
    assert estimate.green_extra_days == 0
    assert estimate.travel_support_eur == 309
    assert estimate.by_mode("plane").green_top_up_eur == 0
    assert estimate.by_mode("train").green_top_up_eur == 50  # what choosing the train gives


def test_the_top_up_is_a_setting():
    none = Assumptions(green_top_up_eur=0, green_extra_days=0)
    estimate = travel_estimate(*GEEL, *BEJA, mode="train", long_term=True, assumptions=none)
    assert estimate.green_top_up_eur == 0
    assert estimate.travel_support_eur == 417
    money_only = Assumptions(green_top_up_eur=0)
    estimate = travel_estimate(*GEEL, *BEJA, mode="train", long_term=True, assumptions=money_only)
    assert (estimate.green_top_up_eur, estimate.green_extra_days) == (0, 4)
    more = Assumptions(green_extra_days=6)
    estimate = travel_estimate(*GEEL, *BEJA, mode="train", long_term=True, assumptions=more)
    assert estimate.chosen.travel_days == 8


def test_the_virtual_and_blended_alternatives():
    estimate = travel_estimate(*north(1000), mode="train", round_trips=3)
    virtual, blended = estimate.alternatives
    assert virtual.kind == VIRTUAL
    assert virtual.co2e_kg == 0
    assert virtual.avoided_kg == pytest.approx(3 * 85.104)
    assert blended.kind == BLENDED
    # one trip for the physical phase, by the chosen train: the other two are avoided
    assert blended.co2e_kg == pytest.approx(85.104)
    assert blended.avoided_kg == pytest.approx(2 * 85.104)
    assert blended.rules.min_participants == 10
    assert blended.rules.physical_days == (5, 30)
    assert (blended.rules.min_institutions, blended.rules.min_countries) == (3, 3)


def test_without_a_chosen_mode_alternatives_replace_the_usual_flight():
    estimate = travel_estimate(*north(1000))
    assert estimate.baseline_mode == "plane"
    virtual, blended = estimate.alternatives
    assert virtual.avoided_kg == pytest.approx(276.1776)
    assert blended.avoided_kg == 0  # a single trip stays a single trip


def test_the_bip_minimum_is_a_setting():
    estimate = travel_estimate(*GEEL, *BEJA, assumptions=Assumptions(bip_min_participants=15))
    assert estimate.alternatives[1].rules.min_participants == 15


def test_the_total_over_several_mobilities():
    trips = [
        Trip(*north(1000), mode="plane"),  # emits 276.18, avoids nothing
        Trip(*north(1000), mode="train", travellers=2),  # 170.21; avoids 2 x 191.07
        Trip(*north(1000), format="virtual"),  # avoids the flight, 276.18
        Trip(*north(1000), format="blended", mode="bus", round_trips=3),  # 66.62; 3 flights less
        Trip(*north(1000), mode="car"),  # 401.4: worse than flying, but avoids no less than 0
    ]
    total = travel_total(trips)
    assert total.mobilities == 5
    assert total.travellers == 6
    assert total.co2e_emitted_kg == pytest.approx(276.1776 + 2 * 85.104 + 66.624 + 401.4)
    assert total.co2e_avoided_kg == pytest.approx(
        2 * (276.1776 - 85.104) + 276.1776 + (3 * 276.1776 - 66.624)
    )
    assert dict(total.emitted_by_mode) == pytest.approx(
        {"plane": 276.1776, "train": 170.208, "bus": 66.624, "car": 401.4}
    )
    assert dict(total.mobilities_by_format) == {"physical": 3, "blended": 1, "virtual": 1}


def test_the_total_of_nothing_is_zero():
    total = travel_total([])
    assert (total.mobilities, total.co2e_emitted_kg, total.co2e_avoided_kg) == (0, 0, 0)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"mode": "horse"}, "mode", "unknown travel mode 'horse'; the modes are: plane, train"),
        ({"mode": ""}, "mode", "unknown travel mode ''"),
        ({"call_year": 2019}, "call_year", "no Erasmus\\+ travel amounts for call year 2019; "),
        ({"call_year": "2025"}, "call_year", "call year must be a whole year such as 2025"),
        ({"long_term": "yes"}, "long_term", "long_term must be true or false, got 'yes'"),
        ({"round_trips": 0}, "round_trips", "round_trips must be a whole number of at least 1"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(kwargs, field, message):
    with pytest.raises(TravelInputError, match=message) as refused:
        travel_estimate(*GEEL, *BEJA, **kwargs)
    assert refused.value.field == field


def test_an_unknown_call_year_names_the_known_ones():
    with pytest.raises(TravelInputError, match="call year 2019; the campus has: 2025$"):
        travel_estimate(*GEEL, *BEJA, call_year=2019)


def test_an_unknown_mode_is_refused_when_looked_up():
    with pytest.raises(ValueError, match="unknown travel mode 'ship'"):
        travel_estimate(*GEEL, *BEJA).by_mode("ship")


def test_the_known_call_year_is_accepted():
    assert travel_estimate(*GEEL, *BEJA, call_year=2025).call_year == 2025


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"car_share_occupancy": 1}, "car_share_occupancy must be a whole number of at least 2"),
        ({"green_top_up_eur": -50}, "green_top_up_eur must be a whole number of at least 0"),
        ({"bip_min_participants": 0}, "bip_min_participants must be a whole number of at least 1"),
        ({"detour": {"train": 0.8}}, "detour of train must be a number of at least 1, got 0.8"),
        ({"detour": {"ship": 1.1}}, "detour: unknown travel mode 'ship'"),
        ({"short_haul_max_km": math.nan}, "short_haul_max_km must be a non-negative number"),
    ],
)
def test_bad_assumptions_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Assumptions(**kwargs)


@pytest.mark.parametrize(
    ("trip", "field", "message"),
    [
        (Trip(*GEEL, *BEJA, format="hybrid"), "format", "trip 2: unknown mobility format 'hybrid'"),
        (Trip(95.0, 5.0, *BEJA), "from_lat", "trip 2: origin latitude must lie between -90 and 90"),
        (Trip(*GEEL, *BEJA, mode="rocket"), "mode", "trip 2: unknown travel mode 'rocket'"),
        (
            Trip(*GEEL, *BEJA, travellers=0),
            "travellers",
            "trip 2: travellers must be a whole number",
        ),
    ],
)
def test_a_bad_trip_in_the_total_is_named(trip, field, message):
    with pytest.raises(TravelInputError, match=message) as refused:
        travel_total([Trip(*GEEL, *BEJA), trip])
    assert (refused.value.field, refused.value.trip) == (field, 1)


def test_every_mode_has_a_shipped_factor():
    estimate = travel_estimate(*GEEL, *BEJA)
    assert {m.mode for m in estimate.modes} == set(MODE_KEYS)
    assert all(m.kg_per_passenger_km > 0 for m in estimate.modes)


def test_a_factor_missing_from_the_data_is_named(monkeypatch):
    factors = parse_emission_factors(
        {"source": "s", "unit": "u", "modes": {"coach": 0.03}}, "emission-factors.json"
    )
    monkeypatch.setattr(estimate_module, "emission_factors", lambda: factors)
    with pytest.raises(
        ValueError,
        match="emission-factors.json: no factor 'car_average_per_vehicle_km', 'plane_inter",
    ):
        travel_estimate(*GEEL, *BEJA)


def test_results_are_plain_data_for_the_api():
    estimate = travel_estimate(*GEEL, *BEJA, mode="train", long_term=True)
    doc = json.loads(json.dumps(dataclasses.asdict(estimate)))
    assert doc["band"] == {"min_km": 500, "max_km": 1999, "standard_eur": 309, "green_eur": 417}
    assert doc["modes"][1]["mode"] == "train"
    total = travel_total([Trip(*GEEL, *BEJA, mode="train")])
    assert json.loads(json.dumps(dataclasses.asdict(total)))["mobilities"] == 1


def test_the_command_line(capsys):
    from campus.mobility.travel.__main__ import main

    assert main(["51.1656", "4.9892", "38.0155", "-7.8652", "--mode", "train", "--long-term"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["green_support_eur"], doc["green_top_up_eur"]) == (417, 50)
    assert main(["95", "4.9892", "38.0155", "-7.8652"]) == 2
    assert "latitude must lie between -90 and 90" in json.loads(capsys.readouterr().out)["detail"]
