"""A profile's skills in the reader's language, and the skill picker finding them by any label."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campus.people.models import PersonSkill
from tests.factories import PersonFactory, skill_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def wetlands():
    return skill_named(
        "manage wetland restoration",
        de=["Renaturierung von Feuchtgebieten leiten", "Moore wiedervernässen"],
        nl="herstel van wetlands beheren",
    )


def test_the_profile_names_held_skills_in_german_and_dutch(client, wetlands):
    person = PersonFactory()
    PersonSkill.objects.create(person=person, skill=wetlands, proficiency=3)
    client.force_login(person)
    client.cookies["django_language"] = "de"
    german = client.get("/people/me/").content.decode()
    assert "Renaturierung von Feuchtgebieten leiten" in german
    assert "manage wetland restoration" not in german
    client.cookies["django_language"] = "nl"
    assert "herstel van wetlands beheren" in client.get("/people/me/edit/").content.decode()


def test_the_picker_finds_a_skill_by_a_german_alternative_label_and_names_it_in_german(
    client, wetlands
):
    client.force_login(PersonFactory())
    client.cookies["django_language"] = "de"
    fragment = client.get(
        "/people/me/skills/search/", {"q": "moore wiederv"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Renaturierung von Feuchtgebieten leiten" in fragment
    assert "Moore wiedervernässen" in fragment  # the label that matched, beside it
    assert wetlands.uri in fragment
    client.post("/people/me/skills/add/", {"skill": wetlands.uri, "proficiency": "2"})
    assert PersonSkill.objects.get().skill == wetlands


def test_the_profile_costs_the_same_queries_for_one_skill_or_three(client, wetlands):
    person = PersonFactory()
    PersonSkill.objects.create(person=person, skill=wetlands, proficiency=3)
    client.force_login(person)
    client.cookies["django_language"] = "de"

    def queries() -> int:
        client.get("/people/me/")  # the session is read and saved alike each time after this
        with CaptureQueriesContext(connection) as captured:
            client.get("/people/me/")
        return len(captured)

    one = queries()
    for skill in (skill_named("b", de="B"), skill_named("c", de="C")):
        PersonSkill.objects.create(person=person, skill=skill, proficiency=3)
    assert queries() == one
