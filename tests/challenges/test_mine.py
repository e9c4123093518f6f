"""'My challenges': a stakeholder lists and opens their organisation's challenges in every
state, drafts and those under review included; nobody else sees those."""

import pytest
from django.urls import reverse

from campus.challenges import services
from campus.challenges.models import Challenge, ChallengeState
from campus.people.models import AffiliationState, Role
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory

from .conftest import challenge_fields

pytestmark = pytest.mark.django_db


def _in_every_state(stakeholder, organisation, skills):
    made = []
    for state in ChallengeState.values:
        challenge = services.challenge_create(
            by=stakeholder, organisation=organisation, **challenge_fields(skills, title=state)
        )
        Challenge.objects.filter(pk=challenge.pk).update(state=state)
        made.append(challenge)
    return made


def test_my_challenges_lists_every_state_with_what_each_awaits(
    client, stakeholder, organisation, skills
):
    _in_every_state(stakeholder, organisation, skills)
    client.force_login(stakeholder)

    page = client.get(reverse("challenges:mine")).content.decode()

    for state in ChallengeState.values:
        assert f">{state}</a>" in page
    assert "Draft — submit it for review" in page
    assert "Submitted — awaiting review" in page
    assert "Teams formed — start the work" in page
    assert "Delivered — evaluate the teams&#x27; work" in page


def test_a_representative_opens_their_challenge_in_every_state(
    client, stakeholder, organisation, skills
):
    colleague = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    made = _in_every_state(colleague, organisation, skills)
    client.force_login(stakeholder)
    for challenge in made:
        response = client.get(challenge.get_absolute_url())
        assert response.status_code == 200, challenge.title
        assert challenge.title in response.content.decode()


def test_a_requested_affiliation_shows_nothing_and_opens_no_draft(
    client, stakeholder, organisation, skills
):
    draft = services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills)
    )
    asking = PersonFactory(organisation=organisation)
    AffiliationFactory(
        person=asking, role=Role.STAKEHOLDER, organisation=organisation,
        state=AffiliationState.REQUESTED,
    )  # fmt: skip
    outsider = PersonFactory(organisation=OrganisationFactory(), roles=[Role.STAKEHOLDER])
    for person in (asking, outsider):
        client.force_login(person)
        page = client.get(reverse("challenges:mine")).content.decode()
        assert draft.title not in page
        assert "Your organisation has no challenges yet." in page
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_my_challenges_needs_a_signed_in_person(client):
    response = client.get(reverse("challenges:mine"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_my_challenges_has_a_fixed_number_of_queries(
    client, stakeholder, organisation, skills, django_assert_num_queries
):
    client.force_login(stakeholder)
    _in_every_state(stakeholder, organisation, skills)
    client.get(reverse("challenges:mine"))  # warm the session and the caches
    with django_assert_num_queries(5) as few:
        client.get(reverse("challenges:mine"))
    _in_every_state(stakeholder, organisation, skills)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("challenges:mine"))
