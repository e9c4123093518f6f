"""The expert finder on the campus: GET /api/v1/experts and /research/experts/.

A Dutch and a German query find a profile written only in English through the skill's labels;
profiles are ranked and counted only as far as the reader may see them; filters; bad input
answers 4xx with a reason; the index follows changes made elsewhere without a restart."""

import pytest
from django.utils import translation

from campus.people.models import Role, Visibility
from campus.research import expert_search, services
from campus.research.models import ExpertProfile
from tests.factories import InstitutionFactory, PersonFactory, RegionFactory, SkillLabelFactory

pytestmark = pytest.mark.django_db

FLOOD_URI = "http://data.europa.eu/esco/skill/6b5d032a-b85a-44ea-9dad-5201048d2dd2"
# ESCO v1.2.0's labels of "develop flood remediation strategies" (src/campus/skills/data/esco).
FLOOD_NL = "strategieën voor preventie van en herstel na overstromingen ontwikkelen"
FLOOD_DE = "Flutsanierungskonzepte entwickeln"


@pytest.fixture
def flood(db):
    from tests.factories import SkillFactory

    skill = SkillFactory(uri=FLOOD_URI, label="develop flood remediation strategies")
    SkillLabelFactory(skill=skill, language="nl", text=FLOOD_NL, preferred=True)
    SkillLabelFactory(skill=skill, language="de", text=FLOOD_DE, preferred=True)
    SkillLabelFactory(
        skill=skill, language="de", text="Flutsanierungsstrategien ausarbeiten", preferred=False
    )
    return skill


@pytest.fixture
def circular(db):
    from tests.factories import SkillFactory

    skill = SkillFactory(label="apply circular economy principles")
    SkillLabelFactory(
        skill=skill, language="nl", text="circulaire economie toepassen", preferred=True
    )
    return skill


@pytest.fixture
def english_only(paulo, flood):
    """Paulo wrote his profile in English only: no Dutch or German word on it."""
    return services.expert_profile_save(
        person=paulo,
        by=paulo,
        headline="Storm water in coastal towns",
        skills=[flood.uri],
        keywords=["storm water drainage", "coastal towns"],
        languages=["en", "pt"],
        available_for_challenges=True,
    )


@pytest.fixture
def other(circular, topics):
    ghent = InstitutionFactory(code="B  GENT39", region=RegionFactory(code="BE23"))
    person = PersonFactory(
        institution=ghent,
        roles=[Role.RESEARCHER],
        display_name="Olga Other",
        visibility=Visibility.PUBLIC,
    )
    return services.expert_profile_save(
        person=person,
        by=person,
        skills=[circular.uri],
        keywords=["circular economy", "reuse of building materials"],
        languages=["nl"],
        available_for_consultancy=True,
    )


def _ids(answer) -> list[int]:
    return [item["id"] for item in answer.json()["items"]]


@pytest.mark.parametrize(
    ("query", "language", "label"),
    [
        ("herstel na overstromingen", "nl", FLOOD_NL),
        ("Flutsanierungskonzepte", "de", FLOOD_DE),
    ],
)
def test_a_dutch_and_a_german_query_find_an_english_only_profile_through_its_skill(
    client, english_only, other, query, language, label
):
    answer = client.get("/api/v1/experts", {"q": query})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert _ids(answer) == [english_only.pk] and body["count"] == 1
    hit = body["items"][0]
    assert hit["institution"] == "P  PORTO05" and 0 < hit["score"] <= 1
    skill = hit["explanation"]["skills"][0]
    assert skill["uri"] == FLOOD_URI and skill["relation"] == "exact"
    assert skill["matched_label"] == label and skill["matched_language"] == language
    # The profile holds no word of the query: only the skill's label led to it.
    assert hit["explanation"]["keywords"] == [] and hit["explanation"]["text_score"] == 0
    assert label in hit["explanation"]["sentences"][0]
    assert body["query_skills"][0]["uri"] == FLOOD_URI


def test_the_finder_page_finds_the_english_profile_for_a_dutch_reader_in_dutch(
    client, english_only, other
):
    page = client.get(
        "/research/experts/", {"q": "herstel na overstromingen"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Paulo Lecturer" in text and english_only.get_absolute_url() in text
    assert "Olga Other" not in text
    # The skill is named by its Dutch label, and the language it matched through in Dutch.
    assert FLOOD_NL in text and "Nederlands" in text
    assert '<meter id="score-' in text and '<label for="score-' in text


def test_a_german_query_on_the_page_and_its_htmx_fragment(client, english_only):
    page = client.get("/research/experts/", {"q": "Flutsanierungskonzepte"})
    assert "Paulo Lecturer" in page.content.decode()
    fragment = client.get(
        "/research/experts/", {"q": "Flutsanierungskonzepte"}, HTTP_HX_REQUEST="true"
    )
    assert "Paulo Lecturer" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_the_research_navigation_links_the_finder(client, topics):
    assert 'href="/research/experts/"' in client.get("/research/").content.decode()


@pytest.fixture
def private_rita(rita, flood):
    rita.visibility = Visibility.PRIVATE
    rita.save()
    return services.expert_profile_save(
        person=rita, by=rita, skills=[flood.uri], keywords=["overstromingsrisico"]
    )


def test_a_private_profile_never_appears_nor_counts_for_others(
    client, private_rita, english_only, student, porto
):
    stranger = PersonFactory(institution=porto, roles=[Role.LECTURER])
    for reader in (None, student, stranger):
        if reader is None:
            client.logout()
        else:
            client.force_login(reader)
        answer = client.get("/api/v1/experts", {"q": "overstromingsrisico herstel"})
        assert private_rita.pk not in _ids(answer)
        assert answer.json()["count"] == len(_ids(answer)) == 1
        page = client.get("/research/experts/", {"q": "overstromingsrisico"}).content.decode()
        assert "Rita Researcher" not in page


def test_a_private_profile_is_found_by_its_person_and_her_coordinator(
    client, private_rita, coordinator, rita
):
    for reader in (rita, coordinator):
        client.force_login(reader)
        assert private_rita.pk in _ids(client.get("/api/v1/experts", {"q": "overstromingsrisico"}))


def test_filters_institution_country_language_availability_and_topic(client, english_only, other):
    both = {"q": "storm water circular economy"}
    assert set(_ids(client.get("/api/v1/experts", both))) == {english_only.pk, other.pk}
    assert _ids(client.get("/api/v1/experts", {**both, "institution": "B  GENT39"})) == [other.pk]
    assert _ids(client.get("/api/v1/experts", {**both, "country": "pt"})) == [english_only.pk]
    assert _ids(client.get("/api/v1/experts", {**both, "language": "nl"})) == [other.pk]
    assert _ids(client.get("/api/v1/experts", {**both, "available": "consultancy"})) == [other.pk]
    none = client.get("/api/v1/experts", {**both, "available": ["consultancy", "challenges"]})
    assert none.json() == {**none.json(), "items": [], "count": 0}
    # A skill or a topic alone is a query too.
    assert _ids(client.get("/api/v1/experts", {"skill": FLOOD_URI})) == [english_only.pk]
    services.expert_profile_save(person=other.person, by=other.person, topics=["circular-economy"])
    assert _ids(client.get("/api/v1/experts", {"topic": "circular-economy"})) == [other.pk]


def test_the_page_filters_by_institution(client, english_only, other):
    page = client.get(
        "/research/experts/", {"q": "storm water circular economy", "institution": "B  GENT39"}
    ).content.decode()
    assert "Olga Other" in page and "Paulo Lecturer" not in page


def test_bad_input_answers_4xx_with_a_detail_and_never_500(client, english_only):
    empty = client.get("/api/v1/experts", {"q": "   "})
    assert empty.status_code == 400 and "look for" in empty.json()["detail"]
    huge = client.get("/api/v1/experts", {"q": "flood " * 2000})
    assert huge.status_code == 422 and "q" in huge.json()["detail"]
    unknown = client.get("/api/v1/experts", {"skill": "http://data.europa.eu/esco/skill/nope"})
    assert unknown.status_code == 400 and "nope" in unknown.json()["detail"]
    assert client.get("/api/v1/experts", {"q": "x", "available": "never"}).status_code == 422
    assert client.get("/api/v1/experts", {"q": "x", "limit": 0}).status_code == 422
    # An unknown skill beside words: the words are searched, the skill is named as unknown.
    mixed = client.get(
        "/api/v1/experts", {"q": "storm water", "skill": "http://data.europa.eu/esco/skill/nope"}
    )
    assert mixed.status_code == 200 and mixed.json()["unknown_skills"] == [
        "http://data.europa.eu/esco/skill/nope"
    ]


def test_bad_input_on_the_page_is_a_message_not_an_error(client, english_only):
    huge = client.get("/research/experts/", {"q": "flood " * 2000})
    assert huge.status_code == 200 and 'role="alert"' in huge.content.decode()
    empty = client.get("/research/experts/", {"q": "", "country": "PT"})
    assert empty.status_code == 200 and "look for" in empty.content.decode()
    nothing = client.get("/research/experts/", {"skill": "no such skill at all"})
    assert nothing.status_code == 200 and "no such skill at all" in nothing.content.decode()


def test_the_index_follows_changes_made_elsewhere_without_a_restart(client, english_only, other):
    assert _ids(client.get("/api/v1/experts", {"q": "herstel na overstromingen"})) == [
        english_only.pk
    ]
    # Another process would change the rows; this one's index must notice from the database.
    services.expert_profile_save(person=other.person, by=other.person, skills=[FLOOD_URI])
    found = _ids(client.get("/api/v1/experts", {"q": "herstel na overstromingen"}))
    assert set(found) == {english_only.pk, other.pk}
    # Made private: gone at once for others, without any rebuild.
    person = other.person
    person.visibility = Visibility.PRIVATE
    person.save()
    assert _ids(client.get("/api/v1/experts", {"q": "herstel na overstromingen"})) == [
        english_only.pk
    ]
    ExpertProfile.objects.filter(pk=english_only.pk).delete()
    assert client.get("/api/v1/experts", {"q": "herstel na overstromingen"}).json()["count"] == 0


def test_a_search_costs_a_fixed_number_of_queries(
    client, english_only, other, django_assert_max_num_queries
):
    client.get("/api/v1/experts", {"q": "storm water"})  # builds the index
    with django_assert_max_num_queries(4):
        client.get("/api/v1/experts", {"q": "storm water circular economy"})


def test_explanations_are_said_in_the_readers_language(client, english_only):
    answer = client.get(
        "/api/v1/experts", {"q": "Flutsanierungskonzepte"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    hit = answer.json()["items"][0]
    assert hit["explanation"]["skills"][0]["label"] == FLOOD_NL
    # German, said in Dutch (Django's own names of languages).
    assert "(Duits)" in hit["explanation"]["sentences"][0]
    translation.activate("nl")
    assert expert_search.language_name("de") == "Duits"


def test_the_first_pass_lists_exactly_the_profiles_the_engine_scores(english_only, other):
    from campus.research.finder import Filters, Query

    index = expert_search.current().index
    for query in (
        Query(text="herstel na overstromingen"),
        Query(text="storm water circular economy"),
        Query(text="storm water", filters=Filters(language="nl")),
        Query(skills=(FLOOD_URI,)),
        Query(topics=("circular-economy",), text="reuse"),
        Query(text="nothing anyone holds"),
    ):
        ranked = index.search(query, limit=len(index))
        assert sorted(index.candidate_ids(query)) == sorted(r.expert_id for r in ranked.results)
