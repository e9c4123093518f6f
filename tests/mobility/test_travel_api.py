"""GET /api/v1/mobility/travel between two partner institutions, as a coordinator or a student
planning a mobility reads it."""

import pytest

from campus.alliance.services import institutions_load

pytestmark = pytest.mark.django_db

URL = "/api/v1/mobility/travel"


@pytest.fixture(autouse=True)
def partners():
    institutions_load()


def test_geel_to_beja_is_in_the_500_to_1999_km_band_with_every_mode(client):
    answer = client.get(URL, {"from": "B  GEEL07", "to": "P  BEJA01"})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["from"]["city"] == "Geel" and body["to"]["city"] == "Beja"
    assert 1700 < body["distance_km"] < 1900  # Geel-Beja as the crow flies
    assert (body["band"]["min_km"], body["band"]["max_km"]) == (500, 1999)
    assert body["green_support_eur"] > body["standard_support_eur"] > 0
    modes = {m["mode"]: m for m in body["modes"]}
    assert set(modes) == {"plane", "train", "bus", "car_share", "car"}
    assert modes["plane"]["co2e_kg"] > modes["train"]["co2e_kg"] > 0
    assert modes["train"]["green"] and not modes["plane"]["green"]
    assert body["reference_mode"] == "plane"  # the usual way over this distance
    assert modes["train"]["avoided_kg"] > 0
    virtual = next(a for a in body["alternatives"] if a["kind"] == "virtual")
    assert virtual["co2e_kg"] == 0 and virtual["avoided_kg"] > 0
    assert "2025" in body["sources"]["travel_support"]


def test_a_long_term_mobility_by_train_gets_the_green_top_up(client):
    train = client.get(
        URL, {"from": "NL EINDHOV03", "to": "D  DEGGEND01", "mode": "train", "long_term": "true"}
    ).json()
    plane = client.get(
        URL, {"from": "NL EINDHOV03", "to": "D  DEGGEND01", "mode": "plane", "long_term": "true"}
    ).json()
    assert train["green_top_up_eur"] == 50 and train["green_extra_days"] == 4
    assert plane["green_top_up_eur"] == 0
    assert train["travel_support_eur"] == train["green_support_eur"]
    assert plane["travel_support_eur"] == plane["standard_support_eur"]


def test_codes_are_read_however_their_spaces_are_written(client):
    assert client.get(URL, {"from": "B GEEL07", "to": "cz brno02"}).status_code == 200


def test_the_same_institution_is_no_journey_and_no_support(client):
    body = client.get(URL, {"from": "LT VILNIUS10", "to": "LT VILNIUS10"}).json()
    assert body["distance_km"] == 0 and body["band"] is None
    assert body["travel_support_eur"] == 0


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"from": "X  NOWHERE1", "to": "P  BEJA01"}, 404, "X  NOWHERE1"),
        ({"from": "B  GEEL07"}, 422, "to"),
        ({"from": "B  GEEL07", "to": "P  BEJA01", "mode": "horse"}, 422, "mode"),
        ({"from": "B  GEEL07", "to": "P  BEJA01", "call_year": "2019"}, 422, "2025"),
        ({"from": "B  GEEL07" * 20, "to": "P  BEJA01"}, 422, "from"),
    ],
)
def test_bad_input_is_a_4xx_with_a_detail(client, params, status, says):
    answer = client.get(URL, params)
    assert answer.status_code == status
    assert says in str(answer.json()["detail"])


def test_the_modes_are_named_in_the_readers_language(client):
    body = client.get(
        URL, {"from": "B  GEEL07", "to": "P  BEJA01"}, headers={"accept-language": "de"}
    ).json()
    assert {m["mode"]: m["label"] for m in body["modes"]}["train"] == "Zug"
