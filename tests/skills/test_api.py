import pytest

from tests.factories import SkillFactory, SkillLabelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills():
    energy = SkillFactory(label="energy", kind="knowledge", collections=["green"])
    solar = SkillFactory(label="solar energy", broader=energy, collections=["green"])
    SkillLabelFactory(skill=solar, text="photovoltaic energy")
    SkillLabelFactory(skill=solar, language="de", text="Solarenergie", preferred=True)
    return {"energy": energy, "solar": solar}


def test_search_is_public_and_lists_items_with_count(client, skills, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get("/api/v1/skills", {"q": "energy"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "uri": skills["energy"].uri,
        "label": "energy",
        "local_label": "energy",
        "kind": "knowledge",
        "matched_label": None,
        "broader": None,
    }
    assert body["items"][1]["broader"] == skills["energy"].uri


def test_search_reports_the_matched_label_and_filters_languages(client, skills):
    body = client.get("/api/v1/skills", {"q": "solarener"}).json()
    assert [(i["label"], i["matched_label"]) for i in body["items"]] == [
        ("solar energy", "Solarenergie")
    ]
    assert client.get("/api/v1/skills", {"q": "solarener", "lang": "en,fr"}).json()["count"] == 0


def test_search_without_query_is_empty(client, skills):
    assert client.get("/api/v1/skills").json() == {"items": [], "count": 0}


@pytest.mark.parametrize("limit", ["0", "51", "many"])
def test_search_rejects_a_bad_limit_with_a_reason(client, limit):
    response = client.get("/api/v1/skills", {"q": "energy", "limit": limit})

    assert response.status_code in (400, 422)
    assert "limit" in response.json()["detail"]


def test_lookup_gives_labels_by_language_and_the_hierarchy(client, skills):
    response = client.get("/api/v1/skills/lookup", {"uri": skills["solar"].uri})

    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "solar energy"
    assert body["labels"] == {
        "de": {"preferred": "Solarenergie", "alternative": []},
        "en": {"preferred": "solar energy", "alternative": ["photovoltaic energy"]},
    }
    assert body["broader"] == {"uri": skills["energy"].uri, "label": "energy"}
    assert body["collections"] == ["green"]
    narrower = client.get("/api/v1/skills/lookup", {"uri": skills["energy"].uri}).json()["narrower"]
    assert narrower == [{"uri": skills["solar"].uri, "label": "solar energy"}]


def test_lookup_of_an_unknown_uri_is_404_with_detail(client):
    response = client.get("/api/v1/skills/lookup", {"uri": "http://data.europa.eu/esco/skill/nope"})

    assert response.status_code == 404
    assert "http://data.europa.eu/esco/skill/nope" in response.json()["detail"]


def test_lookup_without_uri_is_422_with_detail(client):
    response = client.get("/api/v1/skills/lookup")

    assert response.status_code == 422
    assert "uri" in response.json()["detail"]
