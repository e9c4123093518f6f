"""The challenge pages in the reader's language: skill names, and the board's skill filter."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from campus.challenges.forms import parse_skills, skills_text
from campus.skills.models import SkillLabel
from tests.factories import skill_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(skills):
    """The conftest's water skills, with German and Dutch names."""
    for skill, de, nl in (
        (skills[0], ["Wasserbau", "Hydrotechnik"], "waterbouw"),
        (skills[1], ["Grundwasser überwachen"], "grondwater bewaken"),
    ):
        for position, text in enumerate(de):
            SkillLabel.objects.create(skill=skill, language="de", text=text, preferred=not position)
        SkillLabel.objects.create(skill=skill, language="nl", text=nl, preferred=True)
    return skills


def board(client, language, **params):
    client.cookies["django_language"] = language
    return client.get(reverse("challenges:board"), params).content.decode()


def test_the_board_and_the_challenge_name_skills_in_german_and_dutch(client, named, open_challenge):
    german = board(client, "de")
    assert "Wasserbau" in german and "Grundwasser überwachen" in german
    assert "water skill 0" not in german
    assert "waterbouw" in board(client, "nl")
    client.cookies["django_language"] = "de"
    detail = client.get(open_challenge.get_absolute_url()).content.decode()
    assert "Wasserbau" in detail and "water skill 0" not in detail


def test_the_board_filter_takes_a_german_alternative_label(client, named, open_challenge):
    page = board(client, "de", skill="HYDROTECHNIK")
    assert open_challenge.title in page
    # what it understood, in German, above the cards
    assert re.search(r'<p class="small">[^<]*Wasserbau[^<]*</p>', page)


def test_the_board_filter_takes_the_dutch_label_and_finds_only_its_challenges(
    client, named, open_challenge
):
    assert open_challenge.title in board(client, "nl", skill="Grondwater bewaken")
    skill_named("bake bread", nl="brood bakken")  # a skill no challenge needs
    assert open_challenge.title not in board(client, "nl", skill="brood bakken")


def test_an_ambiguous_name_on_the_board_offers_the_skills(client, named, open_challenge, skills):
    page = board(client, "en", skill="water skill")
    assert open_challenge.title in page  # the challenge needs some of them
    for skill in skills:
        assert skill.uri.replace(":", "%3A").replace("/", "%2F") in page
    unknown = board(client, "en", skill="juggling")
    assert open_challenge.title not in unknown and "No skill has this name" in unknown


def test_the_posting_form_takes_names_in_the_readers_language(named):
    with translation.override("de"):
        found, errors = parse_skills("wasserbau; 2\nGrundwasser uberwachen")
    assert errors == []
    assert found == {named[0].uri: Decimal(2), named[1].uri: Decimal(1)}


def test_the_posting_form_explains_a_name_of_several_skills(named):
    skill_named("C (programming language)", en=["C"])
    skill_named("C (musical key)", en=["C"])
    with translation.override("en"):
        found, errors = parse_skills("c")
    assert found == {}
    assert errors == [
        "“c” names several skills: “C (musical key)”; “C (programming language)”. "
        "Write the one you mean, or its URI."
    ]


def test_editing_shows_the_skills_by_their_names_in_the_readers_language(named, draft):
    with translation.override("de"):
        text = skills_text(draft)
        assert text == "Wasserbau; 2\nGrundwasser überwachen"
        assert parse_skills(text)[0] == {named[0].uri: Decimal(2), named[1].uri: Decimal(1)}
    with translation.override("en"):
        assert skills_text(draft) == "water skill 0; 2\nwater skill 1"
