"""Forgiving catalogue search: typos, accents, OR, phrases and suggestions, on whichever
database the suite runs (SQLite or PostgreSQL), through the selector, the page and the API."""

import pytest
from django.urls import reverse

from campus.catalog.models import Course
from campus.catalog.search import (
    VOCABULARY,
    catalogue_spelling,
    catalogue_suggestions,
    course_reindex,
    courses_matching,
    search_index_rebuild,
)
from campus.search.models import Word
from tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def make_course(**fields) -> Course:
    course = CourseFactory(**fields)
    course_reindex(course)
    return course


@pytest.fixture
def courses():
    return {
        "energy": make_course(
            code="ENE",
            title="Energy transition in regions",
            description="How regions move to renewable energy, solar power included.",
        ),
        "water": make_course(
            code="WAT",
            title="Water management",
            description="Climate adaptation of river basins in São Paulo and Geel.",
        ),
        "wind": make_course(
            code="WIND",
            title="Offshore wind farms",
            description="Adaptation of climate models to the North Sea.",
        ),
    }


def found(q) -> list[str]:
    query = catalogue_spelling(q).query
    return sorted(courses_matching(Course.objects.all(), query).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("q", "expected", "searched"),
    [
        ("enrgy", ["ENE"], "energy"),
        ("watr", ["WAT"], "water"),
        ("renewble enrgy", ["ENE"], "renewable energy"),
        ("wtaer managment", ["WAT"], "water management"),  # a swap, a missing letter
        ("ofshore", ["WIND"], "offshore"),
    ],
)
def test_a_typo_finds_what_was_meant(courses, q, expected, searched):
    spelling = catalogue_spelling(q)
    assert spelling.corrected
    assert spelling.query.text() == searched
    assert found(q) == expected


def test_a_word_that_begins_an_indexed_word_is_not_corrected(courses):
    assert not catalogue_spelling("energ").corrected
    assert found("energ") == ["ENE"]


def test_a_short_word_is_not_guessed_at(courses):
    assert catalogue_spelling("xz").query.text() == "xz"
    assert found("xz") == []


def test_accents_do_not_matter(courses):
    assert found("Sao") == ["WAT"]
    assert found("SÃO paulo") == ["WAT"]
    assert found('"sao paulo"') == ["WAT"]


def test_or_finds_either(courses):
    assert found("solar OR wind") == ["ENE", "WIND"]
    assert found("solar | offshore") == ["ENE", "WIND"]
    assert found("regions solar OR wind") == ["ENE"]  # AND binds looser than OR


def test_a_phrase_needs_its_words_in_a_row(courses):
    assert found("climate adaptation") == ["WAT", "WIND"]
    assert found('"climate adaptation"') == ["WAT"]
    assert found('"adaptation of climate"') == ["WIND"]
    assert found('"climate adapt"') == ["WAT"]  # its last word is a beginning too
    assert found('"climate adaptation" OR offshore') == ["WAT", "WIND"]
    assert found('"climate adaptation" geel') == ["WAT"]  # a phrase AND a word
    assert found('"climate adaptation" OR "north sea"') == ["WAT", "WIND"]
    assert found('"sao paulo"') == ["WAT"]  # folded like the words


def test_a_long_phrase_is_one_run_not_its_pairs(courses):
    make_course(code="SUN", title="Solar dryers", description="Panels; north farms. Farms solar.")
    # Both pairs of "north farms solar" are in the course, but never the three in a row.
    assert found('"north farms"') == ["SUN"]
    assert found('"farms solar"') == ["SUN"]
    assert found('"north farms solar"') == []
    assert found('"farms farms solar"') == ["SUN"]


def test_a_misspelt_word_in_an_or_or_a_phrase_is_corrected(courses):
    assert found("solar OR wnid") == ["ENE", "WIND"]
    assert found('"climate adaptaton"') == ["WAT"]


def test_nothing_found_suggests_near_words(courses):
    assert found("enegry transitoin xyzzy") == []
    suggestions = catalogue_suggestions("enrgy qqqq")
    assert "energy qqqq" in suggestions


def test_unpublished_courses_lend_no_words(courses):
    make_course(code="SECRET", title="Quantum teleportation", published=False)
    assert not Word.objects.filter(scope=VOCABULARY, word="teleportation").exists()
    assert not catalogue_spelling("teleportaton").corrected
    assert catalogue_suggestions("teleportaton") == []


def test_the_vocabulary_follows_writes_and_is_rebuilt(courses):
    course = courses["wind"]
    course.title = "Offshore hydrogen farms"
    course.save()
    course_reindex(course)
    assert catalogue_spelling("hydrogn").query.text() == "hydrogen"

    Course.objects.filter(pk=course.pk).delete()
    search_index_rebuild()
    assert not Word.objects.filter(scope=VOCABULARY, word="hydrogen").exists()
    assert Word.objects.filter(scope=VOCABULARY, word="energy").exists()
    assert found("enrgy") == ["ENE"]


def test_the_page_says_what_it_searched(client, courses):
    response = client.get(reverse("catalog:catalogue"), {"q": "enrgy"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Showing results for <strong>energy</strong> instead of “enrgy”." in page
    assert "Energy transition in regions" in page


def test_the_page_suggests_near_words_as_links_when_nothing_matches(client, courses):
    response = client.get(reverse("catalog:catalogue"), {"q": "enrgy", "type": "mooc"})

    page = response.content.decode()
    assert response.context["count"] == 0
    assert "Did you mean:" in page
    assert '<a href="?q=energy&amp;type=mooc">energy</a>' in page


def test_the_api_corrects_typos_too(client, courses):
    body = client.get("/api/v1/courses", {"q": "watr"}).json()
    assert [item["code"] for item in body["items"]] == ["WAT"]


@pytest.mark.parametrize(
    "q",
    [
        "energy " * 400,
        "x" * 5000,
        "'\"*&|!()",
        '"climate adaptation',
        '"""',
        "OR OR OR",
        "énergie\u0301\u0301 ∑∞ 😀",
        "a" * 41 + " enrgy",
    ],
)
def test_odd_queries_give_a_page_never_an_error(client, courses, q):
    response = client.get(reverse("catalog:catalogue"), {"q": q[:2000]})
    assert response.status_code in (200, 400)
    api = client.get("/api/v1/courses", {"q": q[:200]})
    assert api.status_code in (200, 422)
    if api.status_code == 422:
        assert api.json()["detail"]
