"""The catalogue in the reader's language: skill names on course pages, and the skill filter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CourseFactory, skill_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def solar():
    return skill_named(
        "solar energy technologies",
        de=["Solarenergietechnik", "Sonnenenergie"],
        nl="zonne-energietechnologieën",
    )


@pytest.fixture
def wind():
    return skill_named("wind energy", de=["Windenergie", "Energie aus Wind"], nl="windenergie")


@pytest.fixture
def courses(solar, wind):
    sun = CourseFactory(code="SUN", title="Solar villages")
    sun.outcomes.create(text="Plan a solar roof.", position=1).skills.set([solar])
    both = CourseFactory(code="MIX", title="Energy mix")
    both.outcomes.create(text="Balance sun and wind.", position=1).skills.set([solar, wind])
    CourseFactory(code="CARE", title="Community care")
    return sun, both


def page(client, url, language, **params):
    client.cookies["django_language"] = language
    return client.get(url, params).content.decode()


def test_the_course_page_names_its_skills_in_german_and_dutch(client, courses):
    _sun, both = courses
    german = page(client, both.get_absolute_url(), "de")
    assert "Solarenergietechnik" in german and "Windenergie" in german
    assert "solar energy technologies" not in german
    dutch = page(client, both.get_absolute_url(), "nl")
    assert "zonne-energietechnologieën" in dutch and "windenergie" in dutch
    assert "wind energy" in page(client, both.get_absolute_url(), "lt")  # no labels: English


def test_the_course_pages_skill_names_cost_one_query_for_all_skills(client, courses):
    sun, both = courses
    client.cookies["django_language"] = "de"
    counts = []
    for course in (sun, both):  # one skill, then two
        with CaptureQueriesContext(connection) as queries:
            client.get(course.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_skill_filter_takes_a_german_alternative_label(client, courses):
    html = page(client, reverse("catalog:catalogue"), "de", skill="sonnenenergie")
    assert html.count('<li class="card">') == 2
    assert "Solar villages" in html and "Energy mix" in html and "Community care" not in html
    assert "Solarenergietechnik" in html  # the skill it understood, in German


def test_the_skill_filter_takes_a_dutch_label_without_its_accents(client, courses):
    html = page(client, reverse("catalog:catalogue"), "nl", skill="Zonne-energietechnologieen")
    assert "Solar villages" in html and "Community care" not in html


def test_an_ambiguous_skill_offers_a_choice_and_finds_courses_of_either(client, courses, wind):
    html = page(client, reverse("catalog:catalogue"), "de", skill="energie")
    assert "Energy mix" in html and "Solar villages" in html and "Community care" not in html
    assert f"?skill={wind.uri.replace(':', '%3A').replace('/', '%2F')}" in html
    assert "Windenergie" in html and "Solarenergietechnik" in html

    chosen = page(client, reverse("catalog:catalogue"), "de", skill=wind.uri)
    assert "Energy mix" in chosen and "Solar villages" not in chosen


def test_an_unknown_skill_name_finds_nothing_and_says_so(client, courses):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("catalog:catalogue"), {"skill": "juggling"}).content.decode()
    assert "0 courses found." in html and "No skill has this name" in html
