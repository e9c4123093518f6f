"""API responses carry a skill's label in the request's language beside the English one."""

import pytest

from tests.factories import skill_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def solar():
    return skill_named("solar energy technologies", de=["Solarenergietechnik", "Sonnenenergie"])


def test_search_items_carry_the_german_label_for_a_german_request(client, solar):
    items = client.get(
        "/api/v1/skills", {"q": "sonnenenergie"}, headers={"accept-language": "de"}
    ).json()["items"]
    assert [(i["label"], i["local_label"], i["matched_label"]) for i in items] == [
        ("solar energy technologies", "Solarenergietechnik", "Sonnenenergie")
    ]
    english = client.get("/api/v1/skills", {"q": "sonnenenergie"}).json()["items"]
    assert english[0]["local_label"] == "solar energy technologies"


def test_lookup_carries_the_label_of_the_request_language(client, solar):
    body = client.get(
        "/api/v1/skills/lookup", {"uri": solar.uri}, headers={"accept-language": "de"}
    ).json()
    assert (body["label"], body["local_label"]) == (
        "solar energy technologies",
        "Solarenergietechnik",
    )
    lithuanian = client.get(
        "/api/v1/skills/lookup", {"uri": solar.uri}, headers={"accept-language": "lt"}
    ).json()
    assert lithuanian["local_label"] == "solar energy technologies"
