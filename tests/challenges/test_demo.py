"""The demo challenges: every state, applications, a team at work with the demo student and
the demo stakeholder, credits for an evaluated challenge; seeding twice adds nothing."""

import pytest

from campus.catalog.models import CourseType, Enrolment, EnrolmentStatus
from campus.challenges.models import (
    Application,
    Challenge,
    ChallengeEvent,
    ChallengeState,
    Deliverable,
    Evaluation,
    Milestone,
    Team,
    TeamMember,
)
from campus.people.models import Person
from campus_demo.challenges import SPECS, seed_challenges
from campus_demo.seed import seed
from tests.credentials.demo_checks import the_demo_credentials_are_signed_and_one_is_revoked

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "challenges": Challenge.objects.count(),
        "applications": Application.objects.count(),
        "teams": Team.objects.count(),
        "members": TeamMember.objects.count(),
        "events": ChallengeEvent.objects.count(),
        "milestones": Milestone.objects.count(),
        "deliverables": Deliverable.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "enrolments": Enrolment.objects.count(),
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_challenges(media, client):
    """One seeding (the whole demo alliance), then every promise is checked."""
    seed()
    seeded = _counts()
    seeding_again_adds_nothing(seeded)
    about_thirty_challenges_in_every_state_from_the_partners_regions(seeded)
    open_challenges_have_applications_from_students_and_coaches()
    the_demo_student_is_in_a_team_at_work_with_the_demo_stakeholder(client)
    an_evaluated_challenge_gave_its_students_credits()
    every_change_of_state_is_in_the_audit_trail()
    the_demo_credentials_are_signed_and_one_is_revoked()


def seeding_again_adds_nothing(seeded):
    report = seed_challenges()
    assert report.challenges_created == 0 and report.applications_created == 0
    assert _counts() == seeded


def about_thirty_challenges_in_every_state_from_the_partners_regions(seeded):
    assert seeded["challenges"] == len(SPECS) >= 28
    assert set(Challenge.objects.values_list("state", flat=True)) == set(ChallengeState.values)
    regions = set(Challenge.objects.values_list("region__country", flat=True))
    assert len(regions) >= 6
    for challenge in Challenge.objects.select_related("organisation", "posted_by"):
        assert challenge.skill_needs.exists()
        assert challenge.posted_by.organisation_id == challenge.organisation_id
        assert challenge.institution_id == challenge.organisation.partner_institution_id


def open_challenges_have_applications_from_students_and_coaches():
    for challenge in Challenge.objects.filter(state=ChallengeState.OPEN):
        roles = set(challenge.applications.values_list("role", flat=True))
        assert {"student", "coach"} <= roles
        assert challenge.applications.filter(role="student").count() >= 5


def the_demo_student_is_in_a_team_at_work_with_the_demo_stakeholder(client):
    student = Person.objects.get(email="student@campus.test")
    stakeholder = Person.objects.get(email="stakeholder@campus.test")
    membership = TeamMember.objects.select_related("team__challenge").get(
        person=student, team__challenge__state=ChallengeState.IN_PROGRESS
    )
    team = membership.team
    assert team.challenge.posted_by == stakeholder
    roles = dict(team.members.values_list("person__email", "role"))
    assert roles["stakeholder@campus.test"] == "stakeholder"
    assert "coach" in roles.values()
    assert team.milestones.exists()
    institutions = set(
        team.members.filter(role="student").values_list("person__institution", flat=True)
    )
    assert len(institutions) >= 2
    client.force_login(student)
    response = client.get(team.get_absolute_url())
    assert response.status_code == 200
    assert stakeholder.display_name in response.content.decode()


def an_evaluated_challenge_gave_its_students_credits():
    done = Challenge.objects.filter(
        state__in=[ChallengeState.EVALUATED, ChallengeState.CLOSED]
    ).select_related("module__course")
    assert done.count() >= 2
    credited = 0
    for challenge in done:
        assert challenge.module.course.type == CourseType.CHALLENGE
        students = TeamMember.objects.filter(team__challenge=challenge, role="student")
        for member in students:
            enrolment = Enrolment.objects.get(run=challenge.module, person=member.person)
            assert enrolment.status == EnrolmentStatus.COMPLETED
            assert enrolment.ects_earned == challenge.module.course.ects
            credited += 1
    assert credited >= 4


def every_change_of_state_is_in_the_audit_trail():
    closed = Challenge.objects.filter(state=ChallengeState.CLOSED).first()
    states = list(closed.events.values_list("to_state", flat=True))
    for state in (
        "draft",
        "submitted",
        "approved",
        "open",
        "teams_formed",
        "in_progress",
        "delivered",
        "evaluated",
        "closed",
    ):
        assert state in states
    returned = Challenge.objects.filter(state=ChallengeState.RETURNED).first()
    assert returned.review_feedback
