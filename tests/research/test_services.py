"""The research services: who may hold an expert profile (granted affiliations only), the
profile's validation, outputs, agendas and the join-request life cycle with its notices."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.people.models import Notification
from campus.research import services
from campus.research.models import (
    AgendaJoinRequest,
    AgendaMember,
    ExpertProfile,
    JoinState,
    ResearchEvent,
    ResearchOutput,
    Topic,
)

pytestmark = pytest.mark.django_db


def test_the_transversal_topics_are_loaded_once_with_english_names(topics):
    assert Topic.objects.count() == 12
    assert services.topics_load() == 0
    topic = Topic.objects.get(slug="climate-adaptation")
    assert topic.name_in("nl") == "Klimaatadaptatie" and topic.name_in("en") == "Climate adaptation"


def test_a_topic_without_an_english_name_is_refused(db):
    with pytest.raises(ValidationError):
        Topic(slug="x", names={"nl": "Iets"}).full_clean()


def test_a_researcher_with_a_granted_affiliation_keeps_an_expert_profile(rita_profile, flood_skill):
    assert rita_profile.orcid == "0000-0002-1825-0097"
    assert list(rita_profile.skills.values_list("uri", flat=True)) == [flood_skill.uri]
    assert sorted(rita_profile.topics.values_list("slug", flat=True)) == [
        "climate-adaptation",
        "water-management",
    ]
    assert ResearchEvent.objects.filter(profile=rita_profile, action="profile_created").exists()


def test_a_practitioner_of_a_stakeholder_organisation_may_be_an_expert(practitioner):
    profile = services.expert_profile_save(person=practitioner, by=practitioner, keywords=["water"])
    assert profile.keywords == ["water"]


def test_a_declared_only_affiliation_gives_no_expert_profile(declared):
    with pytest.raises(PermissionDenied):
        services.expert_profile_save(person=declared, by=declared, keywords=["x"])
    assert not ExpertProfile.objects.exists()


def test_a_student_holds_no_expert_profile(student, topics):
    with pytest.raises(PermissionDenied):
        services.expert_profile_save(person=student, by=student)


def test_nobody_edits_another_persons_expert_profile(rita, paulo):
    with pytest.raises(PermissionDenied):
        services.expert_profile_save(person=rita, by=paulo, headline="Hijacked")


def test_an_orcid_with_a_wrong_checksum_is_refused_and_nothing_is_written(rita, flood_skill):
    with pytest.raises(ValidationError) as error:
        services.expert_profile_save(
            person=rita, by=rita, orcid="0000-0002-1825-0098", skills=[flood_skill.uri]
        )
    assert "orcid" in error.value.message_dict
    assert not ExpertProfile.objects.exists()


def test_an_unknown_skill_or_topic_is_refused_and_the_profile_stays_as_it_was(rita_profile, rita):
    with pytest.raises(ValidationError) as error:
        services.expert_profile_save(person=rita, by=rita, headline="New", topics=["no-such-topic"])
    assert "topics" in error.value.message_dict
    rita_profile.refresh_from_db()
    assert rita_profile.headline == "Flood resilience of small towns"
    with pytest.raises(ValidationError):
        services.expert_profile_save(person=rita, by=rita, skills=["http://example.org/nope"])


def test_wrong_language_codes_are_refused(rita):
    with pytest.raises(ValidationError) as error:
        services.expert_profile_save(person=rita, by=rita, languages=["Dutch"])
    assert "languages" in error.value.message_dict


def test_outputs_keep_their_doi_bare_and_lower_case_and_once(rita_profile, rita):
    output = services.output_add(
        profile=rita_profile,
        by=rita,
        title="Floods in small towns",
        year=2024,
        type="article",
        doi="https://doi.org/10.1016/J.WATRES.2024.1",
    )
    assert output.doi == "10.1016/j.watres.2024.1"
    with pytest.raises(ValidationError):
        services.output_add(
            profile=rita_profile,
            by=rita,
            title="Again",
            year=2024,
            type="article",
            doi="10.1016/j.watres.2024.1",
        )
    with pytest.raises(ValidationError) as error:
        services.output_add(
            profile=rita_profile, by=rita, title="Bad", year=2024, type="article", doi="nope"
        )
    assert "doi" in error.value.message_dict
    assert ResearchOutput.objects.count() == 1
    services.output_remove(output=output, by=rita)
    assert not ResearchOutput.objects.exists()


def test_only_the_owner_adds_outputs(rita_profile, paulo):
    with pytest.raises(PermissionDenied):
        services.output_add(profile=rita_profile, by=paulo, title="x", year=2020, type="report")


def test_the_creator_of_an_agenda_is_its_lead(agenda, rita):
    assert AgendaMember.objects.get(agenda=agenda).person == rita
    assert AgendaMember.objects.get(agenda=agenda).role == "lead"


def test_a_declared_only_researcher_starts_no_agenda(declared, topics):
    with pytest.raises(PermissionDenied):
        services.agenda_create(by=declared, title="Mine", aims="Aims")


def test_an_agenda_title_is_taken_once(agenda, paulo):
    with pytest.raises(ValidationError):
        services.agenda_create(by=paulo, title="living with floods in small towns", aims="x")


def test_the_join_request_flow_approved(agenda, rita, paulo):
    request = services.join_request_create(agenda=agenda, by=paulo, message="I model rivers.")
    lead_notice = Notification.objects.get(person=rita)
    assert "Paulo Lecturer" in lead_notice.text and agenda.title in lead_notice.text
    with pytest.raises(ValidationError):
        services.join_request_create(agenda=agenda, by=paulo)  # twice
    services.join_request_approve(request=request, by=rita)
    assert AgendaMember.objects.get(agenda=agenda, person=paulo).role == "member"
    assert "You are now a member" in Notification.objects.get(person=paulo).text
    with pytest.raises(ValidationError):
        services.join_request_create(agenda=agenda, by=paulo)  # a member already
    with pytest.raises(ValidationError):
        services.join_request_approve(request=request, by=rita)  # decided already
    assert ResearchEvent.objects.filter(agenda=agenda, action="join_approved").exists()


def test_the_join_request_flow_declined_with_a_reason(agenda, rita, paulo):
    request = services.join_request_create(agenda=agenda, by=paulo)
    services.join_request_decline(request=request, by=rita, reason="The group is full.")
    request.refresh_from_db()
    assert request.state == JoinState.DECLINED
    assert "The group is full." in Notification.objects.get(person=paulo).text
    # Declined: one may ask again later.
    again = services.join_request_create(agenda=agenda, by=paulo)
    assert again.state == JoinState.PENDING


def test_only_leads_decide_join_requests(agenda, paulo, practitioner):
    request = services.join_request_create(agenda=agenda, by=paulo)
    with pytest.raises(PermissionDenied):
        services.join_request_approve(request=request, by=practitioner)
    with pytest.raises(PermissionDenied):
        services.join_request_approve(request=request, by=paulo)
    assert AgendaJoinRequest.objects.get(pk=request.pk).state == JoinState.PENDING


def test_a_declared_only_researcher_cannot_ask_to_join(agenda, declared):
    with pytest.raises(PermissionDenied):
        services.join_request_create(agenda=agenda, by=declared)


def test_the_only_lead_stays_and_a_member_leaves(agenda, rita, paulo):
    with pytest.raises(ValidationError):
        services.agenda_leave(agenda=agenda, by=rita)
    services.join_request_approve(
        request=services.join_request_create(agenda=agenda, by=paulo), by=rita
    )
    services.agenda_leave(agenda=agenda, by=paulo)
    assert not AgendaMember.objects.filter(agenda=agenda, person=paulo).exists()
    with pytest.raises(ValidationError):
        services.agenda_leave(agenda=agenda, by=paulo)


def test_leads_update_the_agenda(agenda, rita, paulo):
    services.agenda_update(agenda=agenda, by=rita, topics=["water-management"], challenge_ids=[3])
    agenda.refresh_from_db()
    assert agenda.challenge_ids == [3]
    with pytest.raises(PermissionDenied):
        services.agenda_update(agenda=agenda, by=paulo, aims="Mine now")
    with pytest.raises(ValidationError):
        services.agenda_update(agenda=agenda, by=rita, challenge_ids=["x"])


def test_a_message_of_ten_thousand_characters_is_refused(agenda, paulo):
    with pytest.raises(ValidationError) as error:
        services.join_request_create(agenda=agenda, by=paulo, message="x" * 10_000)
    assert "message" in error.value.message_dict
    assert not AgendaJoinRequest.objects.exists()


def test_aims_longer_than_ten_thousand_characters_are_refused(paulo, topics):
    with pytest.raises(ValidationError) as error:
        services.agenda_create(by=paulo, title="Long", aims="x" * 10_001)
    assert "aims" in error.value.message_dict


def test_a_decline_without_a_reason_says_so_plainly(agenda, rita, paulo):
    services.join_request_decline(
        request=services.join_request_create(agenda=agenda, by=paulo), by=rita
    )
    text = Notification.objects.get(person=paulo).text
    assert text.endswith("was declined.")


def test_the_requester_reads_the_notice_in_their_own_language(agenda, rita, paulo):
    from django.utils import translation

    request = services.join_request_create(agenda=agenda, by=paulo)
    services.join_request_approve(request=request, by=rita)
    with translation.override("nl"):
        assert Notification.objects.get(person=paulo).text.startswith("Je bent nu lid")
