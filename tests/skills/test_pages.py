import pytest
from django.urls import reverse

from tests.factories import SkillFactory, SkillLabelFactory

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Skills classification: ESCO v1.2.0, European Commission"


@pytest.fixture
def skills():
    energy = SkillFactory(label="energy", kind="knowledge", collections=["green", "digital"])
    solar = SkillFactory(label="solar energy", broader=energy, collections=["green"])
    SkillLabelFactory(skill=solar, text="photovoltaic energy")
    SkillLabelFactory(skill=solar, language="de", text="Solarenergie", preferred=True)
    return {"energy": energy, "solar": solar}


def test_without_query_the_page_shows_collections_with_counts_and_examples(client, skills):
    response = client.get(reverse("skills:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Green skills" in page and "Digital skills" in page
    assert [(c.name, c.count) for c in response.context["collections"]] == [
        ("green", 2),
        ("digital", 1),
    ]
    assert skills["solar"].get_absolute_url().replace("&", "&amp;") in page
    assert ATTRIBUTION in page
    assert 'aria-live="polite"' in page
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert '<label for="skill-q">' in page


def test_search_shows_results_with_kind_collections_and_matched_label(client, skills):
    response = client.get(reverse("skills:list"), {"q": "solarenergie"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "solar energy" in page
    assert "matched “Solarenergie”" in page
    assert "Skill or competence" in page and "Green skills" in page
    assert "<html" in page


def test_htmx_request_gets_only_the_results(client, skills, django_assert_num_queries):
    # collections (2) + spelling (2: does a word begin with "energy"? none is in this
    # vocabulary, so its nearest words) + search (3)
    with django_assert_num_queries(7):
        response = client.get(
            reverse("skills:list"), {"q": "energy"}, headers={"HX-Request": "true"}
        )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "2 skills match “energy”." in page


def test_one_letter_query_asks_for_more(client, skills):
    response = client.get(reverse("skills:list"), {"q": "e"}, headers={"HX-Request": "true"})
    assert "Type at least two letters" in response.content.decode()


def test_collection_is_listed_in_pages_of_fifty(client):
    for n in range(55):
        SkillFactory(label=f"green skill {n:02d}", collections=["green"])

    first = client.get(reverse("skills:list"), {"collection": "green"})
    second = client.get(reverse("skills:list"), {"collection": "green", "page": 2})

    assert len(first.context["page_obj"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert [s.label for s in second.context["page_obj"].object_list] == [
        f"green skill {n:02d}" for n in range(50, 55)
    ]


def test_search_within_a_collection(client, skills):
    response = client.get(reverse("skills:list"), {"q": "energy", "collection": "digital"})
    assert [s.label for s in response.context["page_obj"].object_list] == ["energy"]


def test_detail_page_shows_labels_description_broader_and_narrower(client, skills):
    solar = skills["solar"]
    solar.description = "Turning sunlight into electricity."
    solar.save()

    page = client.get(solar.get_absolute_url()).content.decode()

    assert "Turning sunlight into electricity." in page
    assert "Solarenergie" in page and "photovoltaic energy" in page
    assert skills["energy"].get_absolute_url().replace("&", "&amp;") in page
    assert ATTRIBUTION in page
    energy_page = client.get(skills["energy"].get_absolute_url()).content.decode()
    assert "solar energy" in energy_page


@pytest.mark.parametrize("query", ["", "?uri=http://data.europa.eu/esco/skill/nope"])
def test_detail_of_an_unknown_skill_is_404(client, query):
    assert client.get(reverse("skills:detail") + query).status_code == 404
