import pytest
from django.utils import translation

from campus.skills.selectors import skill_by_uri, skill_count, skills_by_uris, skills_search
from tests.factories import SkillFactory, SkillLabelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def energy_skills():
    skills = {
        "word_alt": SkillFactory(label="save power"),
        "word_long": SkillFactory(label="renewable energy technologies"),
        "word": SkillFactory(label="renewable energy"),
        "prefix": SkillFactory(label="energy policy"),
        "exact": SkillFactory(label="energy"),
        "unrelated": SkillFactory(label="synergy management"),
    }
    SkillLabelFactory(skill=skills["word_alt"], text="green energy saving")
    SkillLabelFactory(skill=skills["word"], text="renewable energies")  # a second match, same skill
    SkillLabelFactory(
        skill=skills["word"], language="fr", text="énergie renouvelable", preferred=True
    )
    return skills


def labels(results):
    return [s.label for s in results]


def test_ranks_exact_then_prefix_then_preferred_word_then_alt_word_then_shorter(energy_skills):
    results = skills_search("Energy")

    assert labels(results) == [
        "energy",
        "energy policy",
        "renewable energy",
        "renewable energy technologies",
        "save power",
    ]
    assert results[-1].matched_label == "green energy saving"
    assert results[0].matched_label is None


def test_each_skill_appears_once(energy_skills):
    results = skills_search("renewable energ")

    assert labels(results) == ["renewable energy", "renewable energy technologies"]


def test_matches_word_prefixes_not_inner_substrings(energy_skills):
    assert labels(skills_search("nergy")) == []
    assert "synergy management" not in labels(skills_search("energy"))


def test_multi_word_query_needs_every_word(energy_skills):
    assert labels(skills_search("ener pol")) == ["energy policy"]
    assert labels(skills_search("policy energy")) == ["energy policy"]


def test_folds_accents_and_finds_labels_in_other_languages(energy_skills):
    results = skills_search("energie renouv")

    assert labels(results) == ["renewable energy"]
    assert results[0].matched_label == "énergie renouvelable"
    assert results[0].matched_language == "fr"


def test_languages_limits_the_labels_searched(energy_skills):
    assert skills_search("renouvelable", languages=["en"]) == []
    assert labels(skills_search("renouvelable", languages=["fr"])) == ["renewable energy"]


def test_limit_keeps_the_best(energy_skills):
    assert labels(skills_search("energy", limit=2)) == ["energy", "energy policy"]


@pytest.mark.parametrize("query", ["", " ", "e", "É", "--"])
def test_empty_or_one_letter_query_finds_nothing_without_a_query(query, django_assert_num_queries):
    SkillFactory(label="e-learning")
    with django_assert_num_queries(0):
        assert skills_search(query) == []


def test_search_takes_three_queries_however_many_results(django_assert_num_queries):
    for n in range(30):
        skill = SkillFactory(label=f"data skill {n}", broader=SkillFactory(label=f"broad data {n}"))
        SkillLabelFactory(skill=skill, text=f"data alias {n}")

    # An English reader: another language adds a query for its labels (test_reader_language).
    with translation.override("en"), django_assert_num_queries(3):
        results = skills_search("data", limit=50)
        brokers = [s.broader.label for s in results if s.broader]

    assert len(results) == 50
    assert len(brokers) == 30


def test_skill_lookups():
    parent = SkillFactory(label="energy")
    child = SkillFactory(label="solar energy", broader=parent)
    SkillLabelFactory(skill=child, language="de", text="Solarenergie", preferred=True)

    found = skill_by_uri(parent.uri)
    assert [s.label for s in found.narrower.all()] == ["solar energy"]
    assert skill_by_uri("http://data.europa.eu/esco/skill/unknown") is None
    assert skill_by_uri("") is None
    assert skills_by_uris([child.uri, "nope", parent.uri, child.uri]) == [child, parent]
    assert skill_count() == 2
