"""Who may do what with challenges: scoped to the reviewing institution and the stakeholder."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from campus.challenges import selectors, services
from campus.challenges.models import (
    ChallengeEvent,
    ChallengeState,
    Deliverable,
    Team,
    TeamMember,
)
from campus.people.models import Role
from campus.permissions import Action, can
from tests.factories import PersonFactory

from .conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, stakeholder):
    return services.challenge_submit(challenge=draft, by=stakeholder)


def test_another_institutions_coordinator_cannot_approve(submitted, other_coordinator):
    events = ChallengeEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.challenge_approve(challenge=submitted, by=other_coordinator)
    submitted.refresh_from_db()
    assert submitted.state == ChallengeState.SUBMITTED
    assert ChallengeEvent.objects.count() == events


@pytest.mark.parametrize("service", ["challenge_return", "challenge_reject"])
def test_another_institutions_coordinator_cannot_return_or_reject(
    submitted, other_coordinator, service
):
    with pytest.raises(PermissionDenied):
        getattr(services, service)(challenge=submitted, by=other_coordinator, reason="No.")
    submitted.refresh_from_db()
    assert submitted.state == ChallengeState.SUBMITTED


def test_students_and_the_stakeholder_cannot_approve(submitted, stakeholder, geel):
    student = PersonFactory(institution=geel, roles=[Role.STUDENT])
    for someone in (student, stakeholder):
        with pytest.raises(PermissionDenied):
            services.challenge_approve(challenge=submitted, by=someone)
    submitted.refresh_from_db()
    assert submitted.state == ChallengeState.SUBMITTED


def test_an_administrator_approves_anywhere(submitted, admin):
    services.challenge_approve(challenge=submitted, by=admin)
    submitted.refresh_from_db()
    assert submitted.state == ChallengeState.APPROVED


def test_another_organisations_stakeholder_cannot_change_a_draft(draft, organisation, region):
    from tests.factories import OrganisationFactory

    stranger = PersonFactory(organisation=OrganisationFactory(region=region), roles=["stakeholder"])
    with pytest.raises(PermissionDenied):
        services.challenge_update(challenge=draft, by=stranger, title="Mine now")
    colleague = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    services.challenge_update(challenge=draft, by=colleague, title="Ours")


def test_drafts_are_seen_by_their_side_only(draft, stakeholder, coordinator, other_coordinator):
    assert selectors.challenge_visible_to(draft, stakeholder)
    assert selectors.challenge_visible_to(draft, coordinator)
    assert not selectors.challenge_visible_to(draft, other_coordinator)


def test_the_review_queue_holds_ones_own_institutions_challenges(
    submitted, coordinator, other_coordinator, admin
):
    assert list(selectors.review_queue(coordinator)) == [submitted]
    assert list(selectors.review_queue(other_coordinator)) == []
    assert list(selectors.review_queue(admin)) == [submitted]


def test_another_institutions_coordinator_cannot_form_teams(open_challenge, other_coordinator):
    with pytest.raises(PermissionDenied):
        services.formation_start(challenges=[open_challenge], by=other_coordinator)


@pytest.fixture
def team(open_challenge, geel, stakeholder):
    Team.objects.create(challenge=open_challenge, slot=0, name="Team 1")
    team = Team.objects.get()
    member = person(geel, Role.STUDENT)
    TeamMember.objects.create(team=team, person=member, role="student")
    TeamMember.objects.create(team=team, person=stakeholder, role="stakeholder")
    open_challenge.state = ChallengeState.IN_PROGRESS
    open_challenge.save()
    return team, member


def test_a_non_member_cannot_upload_a_deliverable(team, geel, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team, member = team
    outsider = person(geel, Role.STUDENT)
    for someone in (outsider, coordinator):
        with pytest.raises(PermissionDenied):
            services.deliverable_upload(
                team=team, by=someone, title="Report", file=SimpleUploadedFile("r.pdf", b"%PDF")
            )
    assert not Deliverable.objects.exists()
    services.deliverable_upload(
        team=team, by=member, title="Report", file=SimpleUploadedFile("r.pdf", b"%PDF")
    )
    assert Deliverable.objects.count() == 1


def test_who_sees_a_team(team, geel, coordinator, other_coordinator, stakeholder):
    team, member = team
    assert can(member, Action.VIEW, team)
    assert can(stakeholder, Action.VIEW, team)
    assert can(coordinator, Action.VIEW, team)
    assert not can(other_coordinator, Action.VIEW, team)
    assert not can(person(geel, Role.STUDENT), Action.VIEW, team)


def test_a_non_member_cannot_add_milestones(team, geel):
    team, _member = team
    with pytest.raises(PermissionDenied):
        services.milestone_add(
            team=team, by=person(geel, Role.STUDENT), title="Sneak in", due_on="2030-01-01"
        )


@pytest.mark.parametrize("state", ["requested", "revoked"])
def test_a_requested_or_revoked_coordinator_or_stakeholder_may_do_nothing(
    team, geel, organisation, state
):
    from tests.factories import AffiliationFactory

    team, _member = team
    challenge = team.challenge
    coordinator = PersonFactory()
    AffiliationFactory(person=coordinator, role=Role.COORDINATOR, institution=geel, state=state)
    rep = PersonFactory()
    AffiliationFactory(person=rep, role=Role.STAKEHOLDER, organisation=organisation, state=state)
    for someone in (coordinator, rep):
        for action in (Action.VIEW, Action.CHANGE, Action.APPROVE, Action.ASSESS):
            assert not can(someone, action, challenge)
            assert not can(someone, action, team)
