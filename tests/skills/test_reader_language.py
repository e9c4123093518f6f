"""Skills in the reader's language: display labels, and typed names resolved from any label."""

import pytest
from django.utils import translation

from campus.skills.models import Skill
from campus.skills.selectors import skill_resolve, skills_by_uris, skills_localize
from tests.factories import skill_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def solar():
    return skill_named(
        "solar energy technologies",
        de=["Solarenergietechnik", "Sonnenenergie", "Photovoltaik"],
        nl="zonne-energietechnologieën",
    )


@pytest.fixture
def wind():
    return skill_named("wind energy", de=["Windenergie", "Energie aus Wind"], nl="windenergie")


def test_display_label_follows_the_reader_and_falls_back_to_english(solar):
    with translation.override("de"):
        assert solar.display_label == "Solarenergietechnik"
    with translation.override("nl"):
        assert Skill.objects.get(pk=solar.pk).display_label == "zonne-energietechnologieën"
    with translation.override("lt"):
        assert Skill.objects.get(pk=solar.pk).display_label == "solar energy technologies"
    with translation.override("en"):
        assert solar.display_label == "solar energy technologies"


def test_localizing_a_list_costs_one_query_whatever_its_length(
    solar, wind, django_assert_num_queries
):
    skills = list(Skill.objects.filter(pk__in=[solar.pk, wind.pk]).order_by("label"))
    with translation.override("de"), django_assert_num_queries(1):
        skills_localize(skills)
        assert [s.display_label for s in skills] == ["Solarenergietechnik", "Windenergie"]
    with translation.override("en"), django_assert_num_queries(0):
        skills_localize(skills)
        assert [s.display_label for s in skills] == ["solar energy technologies", "wind energy"]


def test_skills_by_uris_come_localized(solar, wind, django_assert_num_queries):
    with translation.override("nl"), django_assert_num_queries(2):
        assert [s.display_label for s in skills_by_uris([wind.uri, solar.uri])] == [
            "windenergie",
            "zonne-energietechnologieën",
        ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Sonnenenergie"),  # an alternative label
        ("de", "sonnenENERGIE"),  # case does not matter
        ("de", "Solarenergietechnik"),
        ("nl", "Zonne-energietechnologieen"),  # nor accents, nor the hyphen
        ("nl", "solar energy technologies"),  # English is always understood
        ("en", "Photovoltaik"),  # and so is any other loaded language
    ],
)
def test_any_label_of_the_readers_language_names_the_skill(solar, wind, language, text):
    with translation.override(language):
        match = skill_resolve(text)
    assert (match.skill, match.exact, match.choices) == (solar, True, [])
    with translation.override(language):
        assert match.skill.display_label == match.skill.label_in(language)


def test_the_readers_language_wins_over_others(solar):
    # "windenergie" is the Dutch preferred label of one skill and a German alternative of another.
    other = skill_named("wind power", de=["Windkraft", "windenergie"])
    wind = skill_named("wind energy", nl="windenergie")
    with translation.override("nl"):
        assert skill_resolve("windenergie").skill == wind
    with translation.override("de"):
        assert skill_resolve("windenergie").skill == other


def test_a_preferred_label_wins_over_an_alternative_one(solar, wind):
    skill_named("power", de=["Leistung", "Energie"])
    energy = skill_named("energy", de=["Energie"])
    with translation.override("de"):
        assert skill_resolve("energie").skill == energy


def test_a_label_of_several_skills_offers_them_all(solar):
    first = skill_named("C (programming)", de=["C"])
    second = skill_named("C (music)", de=["C"])
    with translation.override("de"):
        match = skill_resolve("c")
    assert match.skill is None and match.ambiguous and match.exact
    assert {s.pk for s in match.choices} == {first.pk, second.pk}
    assert set(match.uris) == {first.uri, second.uri}


def test_the_start_of_labels_gives_the_skill_or_the_candidates(solar, wind):
    with translation.override("de"):
        assert skill_resolve("Photovolt").skill == solar
        several = skill_resolve("energie")
    assert several.ambiguous and not several.exact
    assert {s.pk for s in several.choices} == {solar.pk, wind.pk}
    with translation.override("de"):
        assert [c.display_label for c in several.choices if c.pk == wind.pk] == ["Windenergie"]


def test_unknown_text_and_uris(solar):
    nothing = skill_resolve("Kernfusion")
    assert (nothing.skill, nothing.choices, nothing.uris) == (None, [], [])
    assert skill_resolve(solar.uri).skill == solar
    assert skill_resolve("http://data.europa.eu/esco/skill/none").uris == []
    assert skill_resolve("  ").uris == []


def test_the_skills_pages_name_skills_in_the_readers_language(client, solar, wind):
    solar.broader = wind
    solar.collections = ["green"]
    solar.save()
    client.cookies["django_language"] = "de"
    found = client.get("/skills/", {"q": "photovoltaik"}).content.decode()
    assert "Solarenergietechnik" in found and "solar energy technologies" not in found
    assert "Photovoltaik" in found  # the label that matched
    detail = client.get(solar.get_absolute_url()).content.decode()
    assert "<h1>Solarenergietechnik</h1>" in detail
    assert ">Windenergie</a>" in detail  # its broader skill
    assert ">Solarenergietechnik</a>" in client.get(wind.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "nl"
    collection = client.get("/skills/", {"collection": "green"}).content.decode()
    assert "zonne-energietechnologieën" in collection


def test_a_search_in_german_costs_one_query_more_whatever_the_results(
    solar, wind, django_assert_num_queries
):
    from campus.skills.selectors import skills_search

    with translation.override("de"), django_assert_num_queries(4):
        results = skills_search("energie")
        assert {s.display_label for s in results} == {"Solarenergietechnik", "Windenergie"}
