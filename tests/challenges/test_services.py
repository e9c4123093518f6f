"""The life of a challenge through its services: posting, review, applications, teams, work,
evaluation, credits and closing; bad input; the audit trail and the notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.catalog import selectors as catalog_selectors
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.challenges import services
from campus.challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeEvent,
    ChallengeSkill,
    ChallengeState,
    TeamMember,
)
from campus.people.models import Notification, Role
from tests.factories import OrganisationFactory, PersonFactory, RegionFactory

from .conftest import challenge_fields, person

pytestmark = pytest.mark.django_db


def one_team_solver(instance, time_limit=30, method="auto"):
    """Stands in for the engine: every student and coach in the first team of the first
    challenge (the real engine is tested in test_formation)."""
    challenge = instance["challenges"][0]["id"]
    members = [p["id"] for p in instance["people"]]
    return {
        "teams": [{"challenge": challenge, "slot": 0, "members": members}],
        "unassigned": [],
        "objective": 0.0,
        "bound": 0.0,
        "gap": 0.0,
        "seconds": 0.0,
        "reasons": {},
    }


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(
        "campus.challenges.teamforming.solve", lambda instance, **options: one_team_solver(instance)
    )


# --- the whole life ------------------------------------------------------------------------


def test_a_challenge_lives_from_draft_to_closed_and_its_students_get_credits(
    stakeholder,
    organisation,
    coordinator,
    lecturer,
    module,
    skills,
    geel,
    porto,
    fake_engine,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    challenge = services.challenge_create(
        by=stakeholder, organisation=organisation, module=module, **challenge_fields(skills)
    )
    assert challenge.state == ChallengeState.DRAFT
    assert challenge.institution == geel  # the organisation's partner reviews it
    assert {(n.skill.uri, float(n.weight)) for n in challenge.skill_needs.all()} == {
        (skills[0].uri, 2.0),
        (skills[1].uri, 1.0),
    }
    services.challenge_submit(challenge=challenge, by=stakeholder)
    services.challenge_approve(challenge=challenge, by=coordinator, feedback="Clear and real.")
    services.challenge_open(challenge=challenge, by=coordinator)

    ada = person(geel, Role.STUDENT, skills=[skills[0]])
    bo = person(porto, Role.STUDENT, skills=[skills[1]])
    for student in (ada, bo):
        services.application_submit(
            challenge=challenge, person=student, by=student, role="student", rank=1
        )
    services.application_submit(
        challenge=challenge, person=lecturer, by=lecturer, role="coach", hours=4
    )

    run = services.formation_start(challenges=[challenge], by=coordinator)
    assert run.status == "done"
    assert run.progress == 100
    teams = services.formation_confirm(run=run, by=coordinator)
    assert len(teams) == 1
    team = teams[0]
    assert team.name == "Drought-proof the Kempen — team 1"
    roles = dict(TeamMember.objects.filter(team=team).values_list("person_id", "role"))
    assert roles == {
        ada.pk: "student",
        bo.pk: "student",
        lecturer.pk: "coach",
        stakeholder.pk: "stakeholder",
    }
    assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.PLACED}
    assert Notification.objects.filter(person=ada, message__startswith="You are in team").exists()

    services.challenge_start(challenge=challenge, by=stakeholder)
    milestone = services.milestone_add(
        team=team, by=ada, title="Interview farmers", due_on=timezone.localdate()
    )
    services.milestone_done(milestone=milestone, by=bo)
    services.deliverable_upload(
        team=team, by=ada, title="Report", file=SimpleUploadedFile("report.pdf", b"%PDF-1.4")
    )
    services.challenge_deliver(challenge=challenge, by=ada)
    services.team_evaluate(team=team, by=stakeholder, rating=4, feedback="Useful plan.")
    challenge.refresh_from_db()
    assert challenge.state == ChallengeState.EVALUATED

    enrolments = services.challenge_award_credits(
        challenge=challenge, by=lecturer, grades={bo.pk: "A"}
    )
    assert {(e.person_id, e.ects_grade, e.status) for e in enrolments} == {
        (ada.pk, "B", EnrolmentStatus.COMPLETED),  # rating 4 → B
        (bo.pk, "A", EnrolmentStatus.COMPLETED),
    }
    results = catalog_selectors.transcript_data(catalog_selectors.transcript_of(ada))
    assert [r["code"] for r in results["results"]] == [module.course.code]
    assert results["results"][0]["ects_earned"] == 6

    services.challenge_close(challenge=challenge, by=coordinator)
    challenge.refresh_from_db()
    assert challenge.state == ChallengeState.CLOSED
    trail = list(challenge.events.values_list("from_state", "to_state"))
    assert trail == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "open"),
        ("open", "teams_formed"),
        ("teams_formed", "in_progress"),
        ("in_progress", "delivered"),
        ("delivered", "evaluated"),
        ("evaluated", "evaluated"),  # the credits, recorded without a change of state
        ("evaluated", "closed"),
    ]
    assert challenge.events.get(to_state="approved").actor == coordinator
    assert challenge.events.get(to_state="approved").note == "Clear and real."


# --- posting -------------------------------------------------------------------------------


def test_posting_without_a_region_says_so_and_writes_nothing(stakeholder, organisation, skills):
    with pytest.raises(ValidationError) as error:
        services.challenge_create(
            by=stakeholder, organisation=organisation, **challenge_fields(skills, region="")
        )
    assert "Choose the region" in str(error.value)
    assert not Challenge.objects.exists()


def test_posting_without_skills_says_so_and_writes_nothing(stakeholder, organisation, skills):
    with pytest.raises(ValidationError) as error:
        services.challenge_create(
            by=stakeholder, organisation=organisation, **challenge_fields(skills, skills={})
        )
    assert "Name at least one skill" in str(error.value)
    assert not Challenge.objects.exists()
    assert not ChallengeEvent.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"skills": {"http://data.europa.eu/esco/skill/nope": 1}}, "Unknown skill"),
        ({"team_min": 0}, "at least one student"),
        ({"team_min": 5, "team_max": 3}, "cannot be smaller"),
        ({"teams_wanted": 0}, "between 1 and 100 teams"),
        ({"languages": ["xx"]}, "Unknown language"),
        ({"languages": []}, "at least one working language"),
        ({"themes": ["space"]}, "Unknown theme"),
        ({"sdgs": [18]}, "numbered 1 to 17"),
        ({"region": "ZZ99"}, "not a NUTS region"),
        ({"ends_on": datetime.date(2000, 1, 1)}, "cannot end before it starts"),
        ({"title": "  "}, "Give the challenge a title"),
    ],
)
def test_bad_challenge_fields_are_refused_with_a_reason(
    stakeholder, organisation, skills, overrides, message
):
    with pytest.raises(ValidationError) as error:
        services.challenge_create(
            by=stakeholder, organisation=organisation, **challenge_fields(skills, **overrides)
        )
    assert message in str(error.value)
    assert not Challenge.objects.exists()


def test_the_module_must_be_a_challenge_based_module(stakeholder, organisation, skills, module):
    module.course.type = "course"
    module.course.save()
    with pytest.raises(ValidationError, match="challenge-based module"):
        services.challenge_create(
            by=stakeholder, organisation=organisation, module=module, **challenge_fields(skills)
        )


def test_the_reviewing_institution_falls_back_to_the_region(skills, geel, region):
    loose = OrganisationFactory(region=region, partner_institution=None)
    rep = PersonFactory(organisation=loose, roles=[Role.STAKEHOLDER])  # granted there
    challenge = services.challenge_create(by=rep, organisation=loose, **challenge_fields(skills))
    assert challenge.institution == geel


def test_without_any_reviewing_institution_posting_is_refused(skills):
    far = RegionFactory(code="FI1B", country="FI")
    loose = OrganisationFactory(region=far, partner_institution=None)
    rep = PersonFactory(organisation=loose, roles=[Role.STAKEHOLDER])
    with pytest.raises(ValidationError, match="choose the institution"):
        services.challenge_create(
            by=rep, organisation=loose, **challenge_fields(skills, region="FI1B")
        )


def test_a_stakeholder_posts_only_for_their_own_organisation(stakeholder, skills, region):
    other = OrganisationFactory(region=region)
    with pytest.raises(PermissionDenied):
        services.challenge_create(by=stakeholder, organisation=other, **challenge_fields(skills))


def test_partner_staff_post_on_a_stakeholders_behalf(organisation, skills, geel):
    staff = PersonFactory(institution=geel, roles=[Role.STAFF])
    challenge = services.challenge_create(
        by=staff, organisation=organisation, **challenge_fields(skills)
    )
    assert challenge.posted_by == staff


def test_a_student_cannot_post_a_challenge(organisation, skills, geel):
    student = PersonFactory(institution=geel, roles=[Role.STUDENT])
    with pytest.raises(PermissionDenied):
        services.challenge_create(by=student, organisation=organisation, **challenge_fields(skills))


def test_a_draft_can_be_changed_and_its_skills_replaced(draft, stakeholder, skills):
    services.challenge_update(
        challenge=draft, by=stakeholder, title="Store winter rain", skills={skills[2].uri: 3}
    )
    draft.refresh_from_db()
    assert draft.title == "Store winter rain"
    assert list(ChallengeSkill.objects.filter(challenge=draft).values_list("skill", "weight")) == [
        (skills[2].pk, 3)
    ]


def test_a_submitted_challenge_cannot_be_changed(draft, stakeholder):
    services.challenge_submit(challenge=draft, by=stakeholder)
    with pytest.raises(ValidationError, match="submitted for review"):
        services.challenge_update(challenge=draft, by=stakeholder, title="Late change")


# --- review --------------------------------------------------------------------------------


def test_submitting_tells_the_reviewing_coordinators(draft, stakeholder, coordinator):
    services.challenge_submit(challenge=draft, by=stakeholder)
    note = Notification.objects.get(person=coordinator)
    assert "waits for your review" in note.message


def test_returning_needs_a_reason_and_tells_the_poster(draft, stakeholder, coordinator):
    services.challenge_submit(challenge=draft, by=stakeholder)
    with pytest.raises(ValidationError, match="Give the reason"):
        services.challenge_return(challenge=draft, by=coordinator, reason=" ")
    services.challenge_return(challenge=draft, by=coordinator, reason="Name the wells.")
    draft.refresh_from_db()
    assert draft.state == ChallengeState.RETURNED
    assert draft.review_feedback == "Name the wells."
    assert Notification.objects.filter(
        person=stakeholder, message__contains="Name the wells."
    ).exists()
    services.challenge_update(challenge=draft, by=stakeholder, problem="Wells 3 and 7 run dry.")
    services.challenge_submit(challenge=draft, by=stakeholder)
    draft.refresh_from_db()
    assert draft.state == ChallengeState.SUBMITTED


def test_rejecting_records_the_reason(draft, stakeholder, coordinator):
    services.challenge_submit(challenge=draft, by=stakeholder)
    services.challenge_reject(challenge=draft, by=coordinator, reason="Not a student project.")
    event = draft.events.last()
    assert (event.from_state, event.to_state, event.note) == (
        "submitted",
        "rejected",
        "Not a student project.",
    )


def test_a_draft_cannot_be_approved_before_it_is_submitted(draft, coordinator):
    with pytest.raises(ValidationError, match="submitted for review"):
        services.challenge_approve(challenge=draft, by=coordinator)


# --- applications --------------------------------------------------------------------------


def test_applying_to_a_challenge_that_is_not_open_is_refused(draft, geel):
    student = person(geel, Role.STUDENT)
    with pytest.raises(ValidationError, match="Applications for this challenge are closed."):
        services.application_submit(challenge=draft, person=student, by=student, role="student")
    assert not Application.objects.exists()


def test_applying_twice_is_refused(open_challenge, geel):
    student = person(geel, Role.STUDENT)
    services.application_submit(
        challenge=open_challenge, person=student, by=student, role="student", rank=1
    )
    with pytest.raises(ValidationError, match="applied to this challenge already"):
        services.application_submit(
            challenge=open_challenge, person=student, by=student, role="student", rank=1
        )
    assert Application.objects.count() == 1


def test_each_open_application_has_its_own_rank(
    open_challenge, stakeholder, organisation, coordinator, skills, geel
):
    second = services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills, title="Second")
    )
    services.challenge_submit(challenge=second, by=stakeholder)
    services.challenge_approve(challenge=second, by=coordinator)
    services.challenge_open(challenge=second, by=coordinator)
    student = person(geel, Role.STUDENT)
    services.application_submit(
        challenge=open_challenge, person=student, by=student, role="student", rank=1
    )
    with pytest.raises(ValidationError, match="rank 1 to another challenge"):
        services.application_submit(
            challenge=second, person=student, by=student, role="student", rank=1
        )
    # without a rank, the next free one
    application = services.application_submit(
        challenge=second, person=student, by=student, role="student"
    )
    assert application.rank == 2


def test_coaches_say_how_many_hours_they_give(open_challenge, lecturer, geel):
    with pytest.raises(ValidationError, match="how many hours"):
        services.application_submit(
            challenge=open_challenge, person=lecturer, by=lecturer, role="coach"
        )
    student = person(geel, Role.STUDENT)
    with pytest.raises(ValidationError, match="Only lecturers coach"):
        services.application_submit(
            challenge=open_challenge, person=student, by=student, role="coach", hours=3
        )


def test_nobody_applies_for_someone_else(open_challenge, geel, coordinator):
    student = person(geel, Role.STUDENT)
    with pytest.raises(PermissionDenied):
        services.application_submit(
            challenge=open_challenge, person=student, by=coordinator, role="student"
        )


def test_a_withdrawn_application_frees_its_rank_and_can_be_renewed(open_challenge, geel):
    student = person(geel, Role.STUDENT)
    application = services.application_submit(
        challenge=open_challenge, person=student, by=student, role="student", rank=1
    )
    services.application_withdraw(application=application, by=student)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    again = services.application_submit(
        challenge=open_challenge, person=student, by=student, role="student", rank=1
    )
    assert again.pk == application.pk
    assert again.status == ApplicationStatus.SUBMITTED


# --- the work ------------------------------------------------------------------------------


@pytest.fixture
def running(open_challenge, coordinator, lecturer, geel, porto, fake_engine, stakeholder):
    ada = person(geel, Role.STUDENT)
    bo = person(porto, Role.STUDENT)
    for student in (ada, bo):
        services.application_submit(
            challenge=open_challenge, person=student, by=student, role="student", rank=1
        )
    services.application_submit(
        challenge=open_challenge, person=lecturer, by=lecturer, role="coach", hours=2
    )
    run = services.formation_start(challenges=[open_challenge], by=coordinator)
    (team,) = services.formation_confirm(run=run, by=coordinator)
    services.challenge_start(challenge=open_challenge, by=stakeholder)
    return team, ada, bo


@pytest.mark.parametrize(
    ("name", "message"), [("virus.exe", "one of these kinds"), ("noextension", "one of these")]
)
def test_uploads_of_unknown_kinds_are_refused(running, name, message):
    team, ada, _bo = running
    with pytest.raises(ValidationError, match=message):
        services.deliverable_upload(
            team=team, by=ada, title="Report", file=SimpleUploadedFile(name, b"x")
        )


def test_uploads_over_the_size_limit_are_refused(running, settings):
    settings.CAMPUS_MAX_UPLOAD_BYTES = 10
    team, ada, _bo = running
    with pytest.raises(ValidationError, match="too large"):
        services.deliverable_upload(
            team=team, by=ada, title="Report", file=SimpleUploadedFile("r.pdf", b"x" * 11)
        )


def test_delivering_needs_a_deliverable_from_every_team(running, open_challenge):
    _team, ada, _bo = running
    with pytest.raises(ValidationError, match="still missing"):
        services.challenge_deliver(challenge=open_challenge, by=ada)


def test_evaluation_ratings_run_from_1_to_5(
    running, open_challenge, stakeholder, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    team, ada, _bo = running
    services.deliverable_upload(
        team=team, by=ada, title="Report", file=SimpleUploadedFile("r.md", b"# plan")
    )
    services.challenge_deliver(challenge=open_challenge, by=ada)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.team_evaluate(team=team, by=stakeholder, rating=6, feedback="Great")
    with pytest.raises(PermissionDenied):
        services.team_evaluate(team=team, by=ada, rating=5, feedback="We are great")
    assert Notification.objects.filter(person=ada, message__contains="was evaluated").count() == 0


def test_credits_need_someone_who_may_assess_the_module(
    running, open_challenge, stakeholder, module, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    Challenge.objects.filter(pk=open_challenge.pk).update(module=module)
    team, ada, _bo = running
    services.deliverable_upload(
        team=team, by=ada, title="Report", file=SimpleUploadedFile("r.txt", b"plan")
    )
    services.challenge_deliver(challenge=open_challenge, by=ada)
    services.team_evaluate(team=team, by=stakeholder, rating=5, feedback="Excellent")
    with pytest.raises(PermissionDenied):
        services.challenge_award_credits(challenge=open_challenge, by=stakeholder)
    assert not Enrolment.objects.exists()
