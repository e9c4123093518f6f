"""Knowledge transfer, through its services: a stakeholder of a regional organisation asks a
chosen expert, or the campus routes the question to the best-matching experts; they accept
or decline, the first to accept answers, the stakeholder rates; each step audited and told."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campus.people.models import Notification, Role, Visibility
from campus.research import services, transfer
from campus.research.models import ResearchEvent, TransferInvitation, TransferRequest
from tests.factories import OrganisationFactory, PersonFactory
from tests.research.transfer.conftest import ask as _ask

pytestmark = pytest.mark.django_db


def _notices(person) -> list[str]:
    return list(Notification.objects.filter(person=person).values_list("message", flat=True))


def _actions(request) -> list[str]:
    return list(ResearchEvent.objects.filter(transfer=request).values_list("action", flat=True))


def test_the_life_cycle_of_a_request_to_a_chosen_expert(stefan, rita, rita_profile):
    request = _ask(stefan, expert=rita_profile, wished_by=timezone.localdate())
    assert request.state == "open" and request.chosen
    assert request.organisation.name == "Gemeente Kempen"
    assert list(request.invitations.values_list("profile", flat=True)) == [rita_profile.pk]
    assert any("asks for your expertise" in m for m in _notices(rita))

    transfer.transfer_accept(request=request, by=rita)
    request.refresh_from_db()
    assert request.state == "accepted" and request.expert == rita_profile
    assert "Rita Researcher took your request “Flood risk in a small town”." in _notices(stefan)

    transfer.transfer_answer(
        request=request, by=rita, answer="Start with the low streets.", link="https://example.org/a"
    )
    request.refresh_from_db()
    assert request.state == "answered" and request.answer_link == "https://example.org/a"

    transfer.transfer_rate(request=request, by=stefan, rating=5, comment="Very clear.")
    request.refresh_from_db()
    assert (request.state, request.rating, request.rating_comment) == ("rated", 5, "Very clear.")
    assert any("rated your answer" in m and "5 of 5" in m for m in _notices(rita))
    assert _actions(request) == [
        "transfer_requested",
        "transfer_accepted",
        "transfer_answered",
        "transfer_rated",
    ]


def test_a_routed_request_goes_to_the_best_matching_experts_and_the_first_to_accept_takes_it(
    stefan, rita, rita_profile, paulo, paulo_available, flood_skill
):
    # Both share the flood skill and the topic; a third expert shares nothing.
    other = PersonFactory(roles=[Role.RESEARCHER], institution=rita.institution)
    services.expert_profile_save(
        person=other, by=other, topics=["circular-economy"], available_for_consultancy=True
    )
    request = _ask(stefan, skills=[flood_skill.uri], topics=["climate-adaptation"])
    invited = {i.profile_id: i for i in request.invitations.all()}
    assert set(invited) == {rita_profile.pk, paulo_available.pk}
    assert invited[rita_profile.pk].match == {
        "skills": [flood_skill.uri],
        "topics": ["climate-adaptation"],
    }
    assert not request.chosen

    transfer.transfer_accept(request=request, by=paulo)
    states = dict(request.invitations.values_list("profile_id", "state"))
    assert states == {rita_profile.pk: "closed", paulo_available.pk: "accepted"}
    assert any("taken by another expert" in m for m in _notices(rita))
    with pytest.raises(ValidationError, match="taken by an expert already"):
        transfer.transfer_accept(request=request, by=rita)
    with pytest.raises(ValidationError, match="taken by an expert already"):
        transfer.transfer_decline(request=request, by=rita, reason="Too late")


def test_routing_ranks_by_shared_skills_first_and_keeps_at_most_three(stefan, flood_skill, geel):
    profiles = []
    for k in range(5):
        person = PersonFactory(roles=[Role.RESEARCHER], institution=geel)
        profiles.append(
            services.expert_profile_save(
                person=person,
                by=person,
                skills=[flood_skill.uri] if k == 4 else [],
                topics=["climate-adaptation"],
                available_for_consultancy=True,
            )
        )
    unavailable = PersonFactory(roles=[Role.RESEARCHER], institution=geel)
    services.expert_profile_save(
        person=unavailable, by=unavailable, skills=[flood_skill.uri], topics=["climate-adaptation"]
    )
    ranked = transfer.experts_matching(
        by=stefan, skills=[flood_skill], topics=list(profiles[0].topics.all())
    )
    assert [p.pk for p, _m in ranked] == [profiles[4].pk, profiles[0].pk, profiles[1].pk]


def test_a_routed_request_that_matches_nobody_is_refused_and_nothing_is_written(stefan):
    with pytest.raises(ValidationError, match="No available expert shares"):
        _ask(stefan, topics=["healthy-ageing"])
    assert not TransferRequest.objects.exists()


def test_declined_by_every_expert_closes_the_request(
    stefan, rita, rita_profile, paulo, paulo_available, flood_skill
):
    request = _ask(stefan, skills=[flood_skill.uri])
    transfer.transfer_decline(request=request, by=rita, reason="On leave until June")
    request.refresh_from_db()
    assert request.state == "open"
    assert "Rita Researcher declined your request “Flood risk in a small town”." in _notices(stefan)
    transfer.transfer_decline(request=request, by=paulo)
    request.refresh_from_db()
    assert request.state == "declined"
    assert any("Every expert addressed declined" in m for m in _notices(stefan))
    assert (
        TransferInvitation.objects.get(request=request, profile=rita_profile).reason
        == "On leave until June"
    )
    with pytest.raises(ValidationError, match="declined this request already"):
        transfer.transfer_decline(request=request, by=rita)
    with pytest.raises(ValidationError, match="every expert addressed declined"):
        transfer.transfer_withdraw(request=request, by=stefan)


def test_withdrawing_tells_the_experts_and_closes_the_invitations(stefan, rita, rita_profile):
    request = _ask(stefan, expert=rita_profile)
    transfer.transfer_withdraw(request=request, by=stefan)
    request.refresh_from_db()
    assert request.state == "withdrawn"
    assert request.invitations.get().state == "closed"
    assert any("withdrew the request" in m for m in _notices(rita))
    with pytest.raises(ValidationError, match="withdrawn by the person who asked"):
        transfer.transfer_accept(request=request, by=rita)
    with pytest.raises(ValidationError, match="withdrawn this request already"):
        transfer.transfer_withdraw(request=request, by=stefan)


def test_a_declared_only_stakeholder_may_not_ask(only_declared, rita_profile):
    with pytest.raises(PermissionDenied, match="affiliation is granted"):
        _ask(only_declared, expert=rita_profile)
    assert not transfer.may_ask(only_declared)
    assert not TransferRequest.objects.exists()


def test_a_researcher_without_a_stakeholder_affiliation_may_not_ask(paulo, rita_profile):
    with pytest.raises(PermissionDenied):
        _ask(paulo, expert=rita_profile)


def test_one_asks_only_for_an_organisation_one_represents(stefan, rita_profile):
    elsewhere = OrganisationFactory(name="Elsewhere")
    with pytest.raises(PermissionDenied, match="organisation you represent"):
        _ask(stefan, expert=rita_profile, organisation=elsewhere.pk)


def test_an_unavailable_or_hidden_expert_cannot_be_asked(stefan, rita, rita_profile, paulo_profile):
    with pytest.raises(ValidationError, match="not available for consultancy or challenges"):
        _ask(stefan, expert=paulo_profile)
    rita.visibility = Visibility.PRIVATE
    rita.save()
    with pytest.raises(ValidationError, match="no such expert"):
        _ask(stefan, expert=rita_profile)
    assert not TransferRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "This field is required"),
        ({"question": ""}, "This field is required"),
        ({"question": "x" * 5001}, "at most 5000 characters"),
        ({"topics": ["no-such-topic"]}, "Unknown topics"),
        ({"skills": ["http://example.org/nothing"]}, "Unknown ESCO skills"),
        ({"wished_by": "31/12/2027"}, "YYYY-MM-DD"),
        ({"wished_by": datetime.date(2020, 1, 1)}, "has passed"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(stefan, rita_profile, changes, message):
    with pytest.raises(ValidationError, match=message):
        _ask(stefan, expert=rita_profile, **changes)
    assert not TransferRequest.objects.exists()
    assert not ResearchEvent.objects.filter(action__startswith="transfer").exists()


def test_answered_twice_rated_by_someone_else_and_out_of_order_steps_are_refused(
    stefan, rita, rita_profile, paulo, kempen
):
    request = _ask(stefan, expert=rita_profile)
    with pytest.raises(ValidationError, match="Accept the request before"):
        transfer.transfer_answer(request=request, by=rita, answer="Early")
    with pytest.raises(PermissionDenied, match="not addressed to you"):
        transfer.transfer_accept(request=request, by=paulo)
    with pytest.raises(ValidationError, match="no answer to rate"):
        transfer.transfer_rate(request=request, by=stefan, rating=4)
    transfer.transfer_accept(request=request, by=rita)
    with pytest.raises(ValidationError, match="accepted this request already"):
        transfer.transfer_accept(request=request, by=rita)
    with pytest.raises(ValidationError, match="You have accepted this request"):
        transfer.transfer_decline(request=request, by=rita)
    with pytest.raises(ValidationError, match="https://"):
        transfer.transfer_answer(request=request, by=rita, answer="See", link="javascript:alert(1)")
    with pytest.raises(ValidationError, match="required"):
        transfer.transfer_answer(request=request, by=rita, answer="  ")
    transfer.transfer_answer(request=request, by=rita, answer="The low streets.")
    with pytest.raises(ValidationError, match="answered already"):
        transfer.transfer_answer(request=request, by=rita, answer="Again")
    with pytest.raises(ValidationError, match="no longer be withdrawn"):
        transfer.transfer_withdraw(request=request, by=stefan)
    colleague = PersonFactory(organisation=kempen, roles=[Role.STAKEHOLDER])
    for someone_else in (rita, colleague):
        with pytest.raises(PermissionDenied, match="Only the person who asked rates"):
            transfer.transfer_rate(request=request, by=someone_else, rating=1)
    for bad in (0, 6, "five"):
        with pytest.raises(ValidationError, match="from 1 to 5"):
            transfer.transfer_rate(request=request, by=stefan, rating=bad)
    transfer.transfer_rate(request=request, by=stefan, rating=4)
    with pytest.raises(ValidationError, match="rated this answer already"):
        transfer.transfer_rate(request=request, by=stefan, rating=5)
    request.refresh_from_db()
    assert (request.state, request.rating, request.answer) == ("rated", 4, "The low streets.")
