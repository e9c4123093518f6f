"""A profile is shown as far as its person's visibility allows: in selectors (the finder's
documents), pages and the API alike."""

import pytest
from django.urls import reverse

from campus.people.models import Visibility
from campus.research import selectors, services
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _private(person):
    person.visibility = Visibility.PRIVATE
    person.save(update_fields=["visibility"])


def test_expert_documents_are_plain_and_leave_out_private_profiles(
    rita_profile, paulo_profile, rita, paulo, flood_skill
):
    services.output_add(profile=rita_profile, by=rita, title="Floods", year=2023, type="report")
    docs = {d["name"]: d for d in selectors.expert_documents(paulo)}
    assert docs["Rita Researcher"] == {
        "id": rita_profile.pk,
        "name": "Rita Researcher",
        "institution": "B  GEEL07",
        "country": rita.institution.country,
        "languages": ["nl", "en"],
        "skills": [flood_skill.uri],
        "keywords": ["overstromingsrisico", "klimaatadaptatie"],
        "topics": ["climate-adaptation", "water-management"],
        "outputs": ["Floods"],
        "available_for_challenges": False,
        "available_for_supervision": False,
        "available_for_consultancy": True,
    }
    _private(rita)
    assert [d["name"] for d in selectors.expert_documents(paulo)] == ["Paulo Lecturer"]
    assert "Rita Researcher" in [d["name"] for d in selectors.expert_documents(rita)]


def test_members_only_profiles_are_hidden_from_visitors(rita_profile, paulo_profile):
    from django.contrib.auth.models import AnonymousUser

    names = [d["name"] for d in selectors.expert_documents(AnonymousUser())]
    assert names == ["Paulo Lecturer"]


def test_a_revoked_affiliation_hides_the_expert(rita_profile, rita, paulo):
    rita.affiliations.update(state="revoked")
    assert selectors.expert_for(paulo, rita_profile.pk) is None


def test_a_private_profile_page_is_not_found_for_others_but_shown_to_its_person(
    client, rita_profile, rita, paulo, practitioner
):
    _private(rita)
    url = reverse("research:expert", args=[rita_profile.pk])
    client.force_login(practitioner)
    assert client.get(url).status_code == 404
    client.force_login(paulo)
    assert client.get(url).status_code == 404
    client.force_login(rita)
    page = client.get(url)
    assert page.status_code == 200 and "Flood resilience of small towns" in page.text


def test_the_coordinator_of_the_experts_institution_sees_a_private_profile(
    client, rita_profile, rita, coordinator
):
    _private(rita)
    client.force_login(coordinator)
    assert client.get(reverse("research:expert", args=[rita_profile.pk])).status_code == 200


def test_a_private_expert_is_not_listed_on_the_topic_page_nor_named_among_agenda_members(
    client, rita_profile, rita, agenda, practitioner
):
    _private(rita)
    client.force_login(practitioner)
    topic_page = client.get(reverse("research:topic", args=["climate-adaptation"]))
    assert topic_page.status_code == 200 and "Rita Researcher" not in topic_page.text
    agenda_page = client.get(agenda.get_absolute_url())
    assert "Rita Researcher" not in agenda_page.text
    assert "A member whose profile is not public" in agenda_page.text


def test_the_api_hides_a_private_profile_with_404(client, rita_profile, rita, practitioner, agenda):
    _private(rita)
    client.force_login(practitioner)
    answer = client.get(f"/api/v1/research/experts/{rita_profile.pk}")
    assert answer.status_code == 404 and "detail" in answer.json()
    topic = client.get("/api/v1/research/topics/climate-adaptation").json()
    assert topic["experts"] == []
    members = client.get(f"/api/v1/research/agendas/{agenda.pk}").json()["members"]
    assert members[0]["name"] is None and members[0]["expert_id"] is None


def test_public_profiles_are_seen_by_visitors(client, paulo_profile):
    answer = client.get(f"/api/v1/research/experts/{paulo_profile.pk}")
    assert answer.status_code == 200
    assert answer.json()["institution"] == "P  PORTO05"
    assert client.get(paulo_profile.get_absolute_url()).status_code == 200


def test_expert_documents_read_in_a_fixed_number_of_queries(
    rita_profile, paulo_profile, django_assert_max_num_queries, geel
):
    viewer = PersonFactory(institution=geel)
    for i in range(5):
        person = PersonFactory(institution=geel, roles=["researcher"], email=f"r{i}@campus.test")
        services.expert_profile_save(person=person, by=person, keywords=[f"k{i}"])
    viewer.granted_affiliations  # noqa: B018 - read once, as a request does
    with django_assert_max_num_queries(6):
        docs = selectors.expert_documents(viewer)
    assert len(docs) == 7


def test_an_agenda_member_without_expert_profile_is_named_as_far_as_their_visibility_allows(
    client, agenda, rita, paulo, practitioner
):
    # Paulo (public profile) joins without an expert profile; a visitor still reads his name.
    services.join_request_approve(
        request=services.join_request_create(agenda=agenda, by=paulo), by=rita
    )
    members = client.get(f"/api/v1/research/agendas/{agenda.pk}").json()["members"]
    by_role = {m["role"]: m for m in members}
    assert by_role["member"]["name"] == "Paulo Lecturer" and by_role["member"]["expert_id"] is None
    assert by_role["lead"]["name"] is None  # Rita shows herself to members only
