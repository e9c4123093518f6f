"""The two escalations of issue 9, reproduced as an attacker would try them, and refused:
a coordinator who declares another institution, and a sign-up that declares itself the
stakeholder of an organisation. Only granted affiliations give permissions."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from campus.challenges import services
from campus.challenges.models import ChallengeState, Evaluation, Team, TeamMember
from campus.credentials import services as credential_services
from campus.credentials.models import Credential
from campus.people import services as people_services
from campus.people.models import Person, Role
from campus.permissions import Action, can
from tests.factories import CourseFactory, RunFactory

from .conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, stakeholder):
    return services.challenge_submit(challenge=draft, by=stakeholder)


def test_a_coordinator_declaring_another_institution_gains_nothing_there(
    client, submitted, other_coordinator, porto, geel
):
    # The challenge is reviewed by Geel; the attacker coordinates Porto.
    attacker = other_coordinator
    client.force_login(attacker)

    response = client.post(
        "/people/me/edit/",
        {"display_name": "Mallory", "institution": geel.pk, "hours_per_week": 4,
         "visibility": "members"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "request an affiliation" in response.content.decode()
    attacker = Person.objects.get(pk=attacker.pk)
    assert attacker.institution_id == porto.pk and attacker.display_name != "Mallory"

    # Approve Geel's challenge: refused.
    with pytest.raises(PermissionDenied):
        services.challenge_approve(challenge=submitted, by=attacker)
    submitted.refresh_from_db()
    assert submitted.state == ChallengeState.SUBMITTED

    # Read the participants of a Geel run: refused.
    run = RunFactory(course=CourseFactory(hosts=[geel]))
    assert not can(attacker, Action.VIEW, run)
    assert client.get(f"/teaching/runs/{run.pk}/").status_code in (403, 404)

    # Even a *requested* coordinator affiliation at Geel gives nothing until granted.
    asked = people_services.affiliation_request(
        person=attacker, role=Role.COORDINATOR, institution=geel, by=attacker
    )
    attacker = Person.objects.get(pk=attacker.pk)
    with pytest.raises(PermissionDenied):
        services.challenge_approve(challenge=submitted, by=attacker)
    assert asked.state == "requested"


def test_a_coordinator_declaring_another_institution_cannot_suspend_its_credentials(
    client, other_coordinator, coordinator, geel
):
    client.force_login(other_coordinator)
    client.post("/people/me/edit/", {"display_name": "M", "institution": geel.pk})
    attacker = Person.objects.get(pk=other_coordinator.pk)
    credential = Credential(issuer_id=geel.pk, person=person(geel, Role.STUDENT))
    with pytest.raises(PermissionDenied):
        credential_services.credential_suspend(credential=credential, by=attacker, reason="x")
    assert not can(attacker, Action.APPROVE, credential)
    assert can(coordinator, Action.APPROVE, credential)  # Geel's own coordinator still may


@pytest.fixture
def team(open_challenge, geel, stakeholder, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = Team.objects.create(challenge=open_challenge, slot=0, name="Team 1")
    member = person(geel, Role.STUDENT)
    TeamMember.objects.create(team=team, person=member, role="student")
    TeamMember.objects.create(team=team, person=stakeholder, role="stakeholder")
    open_challenge.state = ChallengeState.IN_PROGRESS
    open_challenge.save()
    deliverable = services.deliverable_upload(
        team=team, by=member, title="Confidential report", file=SimpleUploadedFile("r.pdf", b"%PDF")
    )
    return team, deliverable


def test_a_sign_up_as_stakeholder_of_an_organisation_opens_none_of_its_work(
    client, team, organisation
):
    team, deliverable = team
    password = "resilient-regions-2025"
    response = client.post(
        "/accounts/signup/",
        {"email": "eve@example.eu", "display_name": "Eve", "role": "stakeholder",
         "organisation": organisation.pk, "password1": password, "password2": password},
    )  # fmt: skip
    assert response.status_code == 302
    link = re.search(r"(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    client.post(link)  # a real, confirmed account
    eve = Person.objects.get(email="eve@example.eu")
    assert client.get("/people/me/").status_code == 200
    assert eve.organisation_id is None and not eve.has_role(Role.STAKEHOLDER)

    assert client.get(f"/challenges/teams/{team.pk}/").status_code in (403, 404)
    download = client.get(f"/challenges/teams/{team.pk}/deliverables/{deliverable.pk}/")
    assert download.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.team_evaluate(team=team, by=eve, rating=5, feedback="Great")
    assert not Evaluation.objects.exists()


def test_a_granted_then_revoked_stakeholder_loses_the_team(client, team, organisation, geel):
    team, _deliverable = team
    rep = person(None, Role.LIFELONG_LEARNER)
    asked = people_services.affiliation_request(
        person=rep, role=Role.STAKEHOLDER, organisation=organisation, by=rep
    )
    coordinator = person(geel, Role.COORDINATOR)
    people_services.affiliation_grant(affiliation=asked, by=coordinator)
    rep = Person.objects.get(pk=rep.pk)
    assert rep.organisation_id == organisation.pk
    assert can(rep, Action.ASSESS, team)
    people_services.affiliation_revoke(affiliation=asked, by=coordinator, reason="Left the firm")
    rep = Person.objects.get(pk=rep.pk)
    assert rep.organisation_id is None
    assert not can(rep, Action.ASSESS, team) and not can(rep, Action.VIEW, team)
    client.force_login(rep)
    assert client.get(f"/challenges/teams/{team.pk}/").status_code in (403, 404)
