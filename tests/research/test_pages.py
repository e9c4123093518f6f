"""The research pages: topics, an expert, my expert profile form, agendas with join requests
and the leads' queue; the main navigation links the hub."""

import pytest
from django.urls import reverse

from campus.research.models import AgendaJoinRequest, AgendaMember, ExpertProfile, JoinState

pytestmark = pytest.mark.django_db


def test_the_topics_page_lists_the_topics_in_the_readers_language(client, topics):
    page = client.get(reverse("research:topics"))
    assert page.status_code == 200 and "Climate adaptation" in page.text
    assert f'href="{reverse("research:topics")}"' in page.text  # "Research" in the menu
    dutch = client.get(reverse("research:topics"), headers={"accept-language": "nl"})
    assert "Klimaatadaptatie" in dutch.text


def test_the_topic_page_shows_its_experts_and_agendas(client, agenda, paulo):
    client.force_login(paulo)
    page = client.get(reverse("research:topic", args=["climate-adaptation"]))
    assert "Rita Researcher" in page.text and "Living with floods in small towns" in page.text
    assert client.get(reverse("research:topic", args=["nope"])).status_code == 404


def test_an_expert_saves_their_profile_through_the_form(client, rita, flood_skill):
    client.force_login(rita)
    assert client.get(reverse("research:profile_edit")).status_code == 200
    answer = client.post(
        reverse("research:profile_edit"),
        {
            "headline": "Floods",
            "more_skills": flood_skill.uri,
            "topics": ["water-management"],
            "keywords": "overstroming, dijken",
            "languages": "nl, en",
            "available_for_challenges": "on",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
        },
    )
    profile = ExpertProfile.objects.get(person=rita)
    assert answer.status_code == 302 and answer.url == profile.get_absolute_url()
    assert profile.keywords == ["overstroming", "dijken"] and profile.available_for_challenges
    assert profile.orcid == "0000-0002-1825-0097"


def test_a_wrong_orcid_is_shown_on_its_field_and_nothing_is_saved(client, rita):
    client.force_login(rita)
    answer = client.post(reverse("research:profile_edit"), {"orcid": "0000-0002-1825-0098"})
    assert answer.status_code == 400
    assert "check digit is wrong" in answer.text
    assert not ExpertProfile.objects.exists()


def test_a_declared_only_researcher_is_told_why_there_is_no_form(client, declared):
    client.force_login(declared)
    page = client.get(reverse("research:profile_edit"))
    assert "needs a granted researcher, lecturer or stakeholder affiliation" in page.text
    assert client.post(reverse("research:profile_edit"), {"headline": "x"}).status_code == 403
    assert not ExpertProfile.objects.exists()


def test_outputs_are_added_and_removed_on_my_profile_page(client, rita, rita_profile):
    client.force_login(rita)
    client.post(
        reverse("research:output_add"),
        {"title": "Floods", "doi": "10.1234/ABC", "year": 2022, "type": "article"},
    )
    output = rita_profile.outputs.get()
    assert output.doi == "10.1234/abc"
    page = client.get(reverse("research:profile_edit"))
    assert "doi:10.1234/abc" in page.text
    client.post(reverse("research:output_remove", args=[output.pk]))
    assert not rita_profile.outputs.exists()


def test_the_join_request_flow_on_the_agenda_page(client, agenda, rita, paulo):
    client.force_login(paulo)
    page = client.get(agenda.get_absolute_url())
    assert "Ask to join" in page.text
    client.post(reverse("research:agenda_join", args=[agenda.pk]), {"message": "Rivers!"})
    again = client.post(reverse("research:agenda_join", args=[agenda.pk]), follow=True)
    assert "You have asked to join this agenda already" in again.text
    join = AgendaJoinRequest.objects.get(agenda=agenda, person=paulo)
    # Paulo is no lead: deciding is not found for him.
    assert (
        client.post(
            reverse("research:join_decide", args=[agenda.pk, join.pk, "approve"])
        ).status_code
        == 404
    )
    client.force_login(rita)
    queue = client.get(agenda.get_absolute_url())
    assert "Requests to join" in queue.text and "Rivers!" in queue.text
    client.post(reverse("research:join_decide", args=[agenda.pk, join.pk, "approve"]))
    assert AgendaMember.objects.filter(agenda=agenda, person=paulo, role="member").exists()


def test_a_lead_declines_from_the_queue(client, agenda, rita, paulo):
    client.force_login(paulo)
    client.post(reverse("research:agenda_join", args=[agenda.pk]))
    join = AgendaJoinRequest.objects.get()
    client.force_login(rita)
    client.post(
        reverse("research:join_decide", args=[agenda.pk, join.pk, "decline"]), {"reason": "Full"}
    )
    join.refresh_from_db()
    assert join.state == JoinState.DECLINED and join.reason == "Full"


def test_an_agenda_is_started_from_its_form(client, paulo, topics):
    client.force_login(paulo)
    answer = client.post(
        reverse("research:agenda_new"),
        {"title": "Circular harbours", "aims": "Reuse in ports.", "topics": ["circular-economy"]},
    )
    member = AgendaMember.objects.get(person=paulo)
    assert answer.status_code == 302 and member.role == "lead"
    blank = client.post(reverse("research:agenda_new"), {"title": "", "aims": ""})
    assert blank.status_code == 400 and "The agenda was not created" in blank.text


def test_the_pages_are_labelled_and_fit_a_phone(client, rita, rita_profile, agenda):
    client.force_login(rita)
    for url in (
        reverse("research:topics"),
        reverse("research:agendas"),
        agenda.get_absolute_url(),
        rita_profile.get_absolute_url(),
        reverse("research:profile_edit"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="viewport"' in page.text and "<h1>" in page.text
        assert 'aria-label="Research hub"' in page.text


def test_the_topic_page_lists_the_courses_of_its_theme_and_links_its_challenges(client, topics):
    from tests.factories import CourseFactory

    CourseFactory(title="Nature-based flood defences", themes=["nature"])
    CourseFactory(title="Green finance", themes=["green"])
    page = client.get(reverse("research:topic", args=["climate-adaptation"]))
    assert "Nature-based flood defences" in page.text and "Green finance" not in page.text
    assert f"{reverse('challenges:board')}?theme=nature" in page.text


def test_list_pages_read_in_a_fixed_number_of_queries(
    client, agenda, paulo, paulo_profile, django_assert_max_num_queries
):
    from campus.research import services

    for i in range(4):
        services.agenda_create(
            by=paulo, title=f"Agenda {i}", aims="Aims", topics=["circular-economy"]
        )
    client.force_login(paulo)
    client.get(reverse("research:agendas"))  # warm the session and the menu
    with django_assert_max_num_queries(12):
        assert client.get(reverse("research:agendas")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("research:topic", args=["circular-economy"])).status_code == 200
