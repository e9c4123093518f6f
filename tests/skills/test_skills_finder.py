"""The skills finder forgives typos, reads OR and phrases, and suggests near words."""

import pytest
from django.urls import reverse

from campus.skills.selectors import skills_find, skills_search
from campus.skills.services import skills_vocabulary_rebuild
from tests.factories import SkillFactory, SkillLabelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills():
    energy = SkillFactory(label="manage energy systems")
    solar = SkillFactory(label="install solar panels")
    SkillLabelFactory(skill=solar, language="de", text="Solarmodule installieren", preferred=True)
    water = SkillFactory(label="monitor water quality")
    SkillLabelFactory(skill=water, language="pt", text="monitorizar a qualidade da água")
    skills_vocabulary_rebuild()  # as every load of labels does
    return {"energy": energy, "solar": solar, "water": water}


def labels(found) -> list[str]:
    return sorted(skill.label for skill in found)


def test_a_typo_finds_the_skill_and_says_what_was_searched(skills):
    found = skills_find("enrgy systms")
    assert labels(found.skills) == ["manage energy systems"]
    assert found.spelling.query.text() == "energy systems"
    assert labels(skills_find("watr").skills) == ["monitor water quality"]


def test_accents_do_not_matter(skills):
    assert labels(skills_search("agua")) == ["monitor water quality"]
    assert labels(skills_search("ÁGUA")) == ["monitor water quality"]


def test_or_and_phrases(skills):
    assert labels(skills_search("solar OR water")) == [
        "install solar panels",
        "monitor water quality",
    ]
    assert labels(skills_search('"water quality"')) == ["monitor water quality"]
    assert labels(skills_search('"quality water"')) == []
    assert labels(skills_search('"solarmodule inst"')) == ["install solar panels"]


def test_the_strict_search_does_not_guess(skills):
    assert skills_search("enrgy") == []


def test_nothing_found_suggests_near_words(skills):
    found = skills_find("qualty zzzzzz")
    assert found.skills == []
    assert "quality zzzzzz" in found.suggestions


def test_the_page_says_what_it_searched_and_links_suggestions(client, skills):
    page = client.get(reverse("skills:list"), {"q": "enrgy"}).content.decode()
    assert "Showing results for <strong>energy</strong> instead of “enrgy”." in page
    assert "manage energy systems" in page

    empty = client.get(reverse("skills:list"), {"q": "qualty zzzzzz"}).content.decode()
    assert "Did you mean:" in empty
    assert '<a href="?q=quality+zzzzzz">quality zzzzzz</a>' in empty


@pytest.mark.parametrize("q", ["x" * 3000, '"unclosed', "!!! ???", "OR OR", "a" * 50])
def test_odd_queries_give_a_page_never_an_error(client, skills, q):
    assert client.get(reverse("skills:list"), {"q": q}).status_code in (200, 400)
    assert client.get("/api/v1/skills", {"q": q}).status_code in (200, 422)
