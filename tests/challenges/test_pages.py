"""The challenge pages: the board, a challenge with the actions of each role, posting,
reviewing, applying, team formation with its proposal and moves, and the team's workspace."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.challenges import services
from campus.challenges.models import (
    Application,
    Challenge,
    ChallengeEvent,
    ChallengeSkill,
    ChallengeState,
    FormationRun,
    Team,
)
from campus.people.models import CEFRLevel, PersonLanguage, Role
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    RunFactory,
    SkillFactory,
)
from tests.web.untranslated import visible_texts

pytestmark = pytest.mark.django_db
S = ChallengeState


def _speaks(person, *languages):
    for language in languages:
        PersonLanguage.objects.create(person=person, language=language, level=CEFRLevel.B2)
    return person


@pytest.fixture
def world():
    geel = InstitutionFactory(short_name="Thomas More", code="B  GEEL07")
    brno = InstitutionFactory(short_name="MENDELU", code="CZ BRNO02")
    org = OrganisationFactory(
        name="Geel Energy Cooperative", region=geel.region, partner_institution=geel
    )
    hydro = SkillFactory(label="hydrology")
    gis = SkillFactory(label="geographic information systems")
    people = {
        "stakeholder": PersonFactory(
            email="stakeholder@campus.test",
            display_name="Stefan Stakeholder",
            organisation=org,
            roles=[Role.STAKEHOLDER],
        ),
        "coordinator": PersonFactory(
            email="coordinator@campus.test",
            display_name="Corinne Coordinator",
            institution=geel,
            roles=[Role.COORDINATOR, Role.STAFF],
        ),
        "other_coordinator": PersonFactory(
            display_name="Otto Other", institution=brno, roles=[Role.COORDINATOR, Role.STAFF]
        ),
        "admin": PersonFactory(display_name="Alex Admin", roles=[Role.ADMIN]),
    }
    students = []
    for i, institution in enumerate([geel, brno, geel, brno]):
        student = PersonFactory(
            email="student@campus.test" if i == 0 else f"student{i}@campus.test",
            display_name="Sam Student" if i == 0 else f"Student {i}",
            institution=institution,
            roles=[Role.STUDENT],
        )
        students.append(_speaks(student, "en"))
    coach = _speaks(
        PersonFactory(display_name="Lars Lecturer", institution=brno, roles=[Role.LECTURER]), "en"
    )
    module = RunFactory(
        course=CourseFactory(code="GEEL-CBL-301", type="challenge", ects=6, hosts=[geel]),
        label="Spring term",
    )
    module.teachers.add(coach)
    return {
        **people,
        "geel": geel,
        "brno": brno,
        "org": org,
        "skills": [hydro, gis],
        "students": students,
        "coach": coach,
        "module": module,
    }


def _challenge(world, *, state=S.DRAFT, title="Flood-proofing Kapellen", teams=1, team_min=2):
    today = timezone.localdate()
    challenge = services.challenge_create(
        by=world["stakeholder"],
        organisation=world["org"],
        title=title,
        problem="Our streets flood every winter.",
        expected_outcome="A plan of measures.",
        region=world["org"].region,
        languages=["en"],
        skills={world["skills"][0].uri: 3, world["skills"][1].uri: 1},
        team_min=team_min,
        team_max=4,
        teams_wanted=teams,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=120),
        themes=["nature"],
        sdgs=[11, 13],
        module=world["module"],
    )
    order = [S.SUBMITTED, S.APPROVED, S.OPEN]
    steps = {
        S.SUBMITTED: lambda: services.challenge_submit(
            challenge=challenge, by=world["stakeholder"]
        ),
        S.APPROVED: lambda: services.challenge_approve(
            challenge=challenge, by=world["coordinator"]
        ),
        S.OPEN: lambda: services.challenge_open(challenge=challenge, by=world["coordinator"]),
    }
    if state in order:
        for step in order[: order.index(state) + 1]:
            steps[step]()
    challenge.refresh_from_db()
    return challenge


def _text(response) -> str:
    return response.content.decode()


# --- the board -----------------------------------------------------------------------------


def test_board_lists_public_challenges_with_filters_and_htmx(client, world):
    _challenge(world, state=S.OPEN)
    _challenge(world, title="A draft nobody sees")
    response = client.get(reverse("challenges:board"))
    assert response.status_code == 200
    page = _text(response)
    assert "Flood-proofing Kapellen" in page and "A draft nobody sees" not in page
    assert "Geel Energy Cooperative" in page and "hydrology" in page
    found = client.get(
        reverse("challenges:board"),
        {"skill": "hydrology", "language": "en", "state": "open", "theme": "nature"},
        headers={"HX-Request": "true"},
    )
    assert "Flood-proofing Kapellen" in _text(found) and "<html" not in _text(found)
    none = client.get(reverse("challenges:board"), {"theme": "digital"})
    assert "Flood-proofing Kapellen" not in _text(none)


# --- one challenge: the actions of each role ------------------------------------------------


def test_challenge_page_shows_the_actions_of_each_role(client, world):
    draft = _challenge(world)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404  # drafts are not public

    client.force_login(world["stakeholder"])
    page = _text(client.get(url))
    assert "Submit for review" in page and "Edit" in page
    assert "Our streets flood every winter." in page and "GEEL-CBL-301" in page
    assert "6 ECTS" in page or "6.0 ECTS" in page

    services.challenge_submit(challenge=draft, by=world["stakeholder"])
    client.force_login(world["coordinator"])
    page = _text(client.get(url))
    assert "Approve" in page and "Return for changes" in page and "Reject" in page
    assert "Audit trail" in page

    client.force_login(world["students"][0])
    assert client.get(url).status_code == 404  # submitted, not yet public

    services.challenge_approve(challenge=draft, by=world["coordinator"])
    services.challenge_open(challenge=draft, by=world["coordinator"])
    page = _text(client.get(url))
    assert "Apply" in page and "Approve" not in page and "Audit trail" not in page


# --- posting -------------------------------------------------------------------------------


def _post_data(world, **changes):
    data = {
        "title": "Cool schoolyards",
        "problem": "Asphalt schoolyards reach 50 degrees.",
        "expected_outcome": "Two designs.",
        "region": world["org"].region.pk,
        "themes": ["nature"],
        "sdgs": ["11"],
        "skills": "hydrology; 3\ngeographic information systems",
        "languages": ["en", "nl"],
        "team_min": "3",
        "team_max": "5",
        "teams_wanted": "1",
        "starts_on": "2030-02-01",
        "ends_on": "2030-06-30",
        "module": world["module"].pk,
        "confidentiality": "public",
        "ip_terms": "shared",
    }
    data.update(changes)
    return data


def test_stakeholder_posts_a_challenge_with_skills_by_name(client, world):
    client.force_login(world["stakeholder"])
    page = _text(client.get(reverse("challenges:post")))
    assert 'name="organisation"' not in page  # their own organisation
    response = client.post(reverse("challenges:post"), _post_data(world))
    challenge = Challenge.objects.get(title="Cool schoolyards")
    assert response.status_code == 302 and response.url == challenge.get_absolute_url()
    assert challenge.organisation == world["org"] and challenge.state == S.DRAFT
    weights = dict(ChallengeSkill.objects.values_list("skill__label", "weight"))
    assert weights == {"hydrology": 3, "geographic information systems": 1}


def test_posting_without_region_or_skills_shows_errors_and_writes_nothing(client, world):
    client.force_login(world["stakeholder"])
    response = client.post(reverse("challenges:post"), _post_data(world, region="", skills=""))
    assert response.status_code == 400
    page = _text(response)
    assert "Nothing was saved" in page and page.count("This field is required") >= 2
    response = client.post(
        reverse("challenges:post"), _post_data(world, skills="hydrology\nunderwater basket weaving")
    )
    assert response.status_code == 400
    assert "Unknown skill “underwater basket weaving”" in _text(response)
    assert not Challenge.objects.exists() and not ChallengeSkill.objects.exists()


def test_staff_post_on_behalf_of_an_organisation_they_choose(client, world):
    client.force_login(world["coordinator"])
    page = _text(client.get(reverse("challenges:post")))
    assert 'name="organisation"' in page
    data = _post_data(world, organisation=world["org"].pk)
    assert client.post(reverse("challenges:post"), data).status_code == 302
    assert Challenge.objects.get().posted_by == world["coordinator"]


def test_students_may_not_post(client, world):
    client.force_login(world["students"][0])
    assert client.get(reverse("challenges:post")).status_code == 403


# --- review --------------------------------------------------------------------------------


def test_review_queue_and_approval_with_feedback(client, world):
    challenge = _challenge(world, state=S.SUBMITTED)
    client.force_login(world["coordinator"])
    assert "Flood-proofing Kapellen" in _text(client.get(reverse("challenges:review")))
    response = client.post(
        reverse("challenges:decide", args=[challenge.pk]),
        {"action": "approve", "feedback": "Welcome!"},
        follow=True,
    )
    assert "The challenge is approved." in _text(response)
    challenge.refresh_from_db()
    assert challenge.state == S.APPROVED and challenge.review_feedback == "Welcome!"


def test_returning_without_a_reason_is_refused(client, world):
    challenge = _challenge(world, state=S.SUBMITTED)
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("challenges:decide", args=[challenge.pk]), {"action": "return"}, follow=True
    )
    assert "Say why" in _text(response)
    challenge.refresh_from_db()
    assert challenge.state == S.SUBMITTED


def test_another_institutions_coordinator_cannot_approve(client, world):
    challenge = _challenge(world, state=S.SUBMITTED)
    events = ChallengeEvent.objects.count()
    client.force_login(world["other_coordinator"])
    assert "Flood-proofing Kapellen" not in _text(client.get(reverse("challenges:review")))
    response = client.post(
        reverse("challenges:decide", args=[challenge.pk]), {"action": "approve"}, follow=True
    )
    assert response.status_code in (200, 403)
    assert "may not" in _text(response)
    challenge.refresh_from_db()
    assert challenge.state == S.SUBMITTED and ChallengeEvent.objects.count() == events


# --- applications --------------------------------------------------------------------------


def test_student_applies_with_rank_and_motivation_and_withdraws(client, world):
    challenge = _challenge(world, state=S.OPEN)
    student = world["students"][0]
    client.force_login(student)
    page = _text(client.get(reverse("challenges:apply", args=[challenge.pk])))
    assert "Your preference" in page and "Hours available" not in page
    response = client.post(
        reverse("challenges:apply", args=[challenge.pk]),
        {"rank": "1", "motivation": "I live there."},
    )
    assert response.status_code == 302
    application = Application.objects.get(person=student)
    assert application.rank == 1 and application.role == "student"
    page = _text(client.get(reverse("challenges:my_applications")))
    assert "Flood-proofing Kapellen" in page and "Withdraw" in page
    client.post(reverse("challenges:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_lecturer_offers_to_coach_with_hours(client, world):
    challenge = _challenge(world, state=S.OPEN)
    client.force_login(world["coach"])
    page = _text(client.get(reverse("challenges:apply", args=[challenge.pk])))
    assert "Hours available per week" in page and "Your preference" not in page
    client.post(
        reverse("challenges:apply", args=[challenge.pk]), {"hours": "4", "motivation": "GIS"}
    )
    application = Application.objects.get(person=world["coach"])
    assert application.role == "coach" and application.hours == 4


def test_applying_to_a_closed_challenge_shows_the_message(client, world):
    challenge = _challenge(world, state=S.APPROVED)  # not open (yet)
    client.force_login(world["students"][1])
    page = _text(client.get(reverse("challenges:apply", args=[challenge.pk])))
    assert "not open for applications" in page
    # The button looks disabled and says why beside it.
    assert '<button type="submit" disabled aria-describedby="not-open">' in page
    assert (
        '<span class="disabled-reason" id="not-open">Applications are taken only while the '
        "challenge is open.</span>"
    ) in page
    response = client.post(
        reverse("challenges:apply", args=[challenge.pk]), {"rank": "1", "motivation": "Please"}
    )
    assert response.status_code == 400
    assert "Applications for this challenge are closed." in _text(response)
    assert not Application.objects.exists()


# --- team formation and the workspace ------------------------------------------------------


@pytest.fixture
def applied(world):
    challenge = _challenge(world, state=S.OPEN)
    for student in world["students"]:
        services.application_submit(
            challenge=challenge, person=student, by=student, role="student", motivation="yes"
        )
    services.application_submit(
        challenge=challenge, person=world["coach"], by=world["coach"], role="coach", hours=4
    )
    return challenge


@pytest.fixture
def engine(monkeypatch):
    """A stand-in for the engine: everyone who applied in one team (first slot of each
    challenge). The real engine is exercised by the demo test and the journey."""

    def solve(instance, time_limit=None, progress=None):
        first = instance["challenges"][0]["id"]
        members = [p["id"] for p in instance["people"]]
        return {
            "teams": [{"challenge": first, "slot": 0, "members": members}],
            "unassigned": [],
            "objective": 5.0,
            "bound": 5.0,
            "gap": 0.0,
            "seconds": 0.01,
            "reasons": {m: "ranked it first" for m in members},
        }

    monkeypatch.setattr("campus.challenges.teamforming.solve", solve)


def test_why_each_person_is_placed_is_said_in_the_readers_language_with_names(
    client, world, applied, engine
):
    client.force_login(world["coordinator"])
    client.post(
        reverse("challenges:formation_new"), {"challenges": [applied.pk], "time_limit": "5"}
    )
    run = FormationRun.objects.get()
    client.cookies["django_language"] = "de"
    page = _text(client.get(reverse("challenges:formation", args=[run.pk])))
    assert "hat sich für „Flood-proofing Kapellen“ als erste Wahl beworben" in page
    assert "ranked it first" not in page  # the engine's English is not shown
    ids = {f"c{applied.pk}"} | {f"p{p.pk}" for p in world["students"]}
    shown = " | ".join(visible_texts(page))  # what a person reads, not the HTML's ids
    assert not any(re.search(rf"\b{i}\b", shown) for i in ids), "an internal id is shown"
    client.post(
        reverse("challenges:formation_move", args=[run.pk]),
        {"person": str(world["coach"].pk), "to": "none"},
    )
    client.cookies["django_language"] = "nl"
    page = _text(client.get(reverse("challenges:formation", args=[run.pk])))
    assert "met de hand verplaatst" in page


def test_formation_flow_move_and_confirm(client, world, applied, engine):
    client.force_login(world["coordinator"])
    page = _text(client.get(reverse("challenges:formation_new")))
    assert "Flood-proofing Kapellen" in page
    response = client.post(
        reverse("challenges:formation_new"), {"challenges": [applied.pk], "time_limit": "5"}
    )
    run = FormationRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "challenges:formation", args=[run.pk]
    )
    page = _text(client.get(response.url))
    assert "Sam Student" in page and "MENDELU" in page
    assert "applied to “Flood-proofing Kapellen” as first choice" in page
    assert "Confirm teams" in page and "disabled" not in page.split("Confirm teams")[-2][-200:]

    # Moving the only coach out breaks a rule: the message says so and confirming waits.
    response = client.post(
        reverse("challenges:formation_move", args=[run.pk]),
        {"person": str(world["coach"].pk), "to": "none"},
        follow=True,
    )
    page = _text(response)
    assert "Score" in page and "has no coach" in page
    assert "You can confirm once every rule is kept" in page
    client.post(
        reverse("challenges:formation_move", args=[run.pk]),
        {"person": str(world["coach"].pk), "to": f"{applied.pk}:0"},
    )
    response = client.post(
        reverse("challenges:formation_confirm", args=[run.pk]), {"confirmed": "1"}, follow=True
    )
    assert "team is formed" in _text(response)
    applied.refresh_from_db()
    assert applied.state == S.TEAMS_FORMED
    team = Team.objects.get()

    # The student sees the team; the stakeholder starts the work there.
    client.force_login(world["students"][0])
    page = _text(client.get(team.get_absolute_url()))
    assert "Lars Lecturer" in page and "Stefan Stakeholder" in page and "Add milestone" in page
    client.force_login(world["stakeholder"])
    page = _text(client.get(team.get_absolute_url()))
    assert "Start the work" in page
    client.post(
        reverse("challenges:decide", args=[applied.pk]),
        {"action": "start", "next": team.get_absolute_url()},
    )
    applied.refresh_from_db()
    assert applied.state == S.IN_PROGRESS


def test_formation_progress_fragment_polls_while_running(client, world, applied):
    run = FormationRun.objects.create(
        started_by=world["coordinator"], institution=world["geel"], status="running", progress=40
    )
    run.challenges.add(applied)
    client.force_login(world["coordinator"])
    page = _text(client.get(reverse("challenges:formation", args=[run.pk])))
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    fragment = client.get(
        reverse("challenges:formation_progress", args=[run.pk]), headers={"HX-Request": "true"}
    )
    assert 'value="40"' in _text(fragment)
    run.status = "done"
    run.save()
    done = client.get(
        reverse("challenges:formation_progress", args=[run.pk]), headers={"HX-Request": "true"}
    )
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    client.force_login(world["other_coordinator"])
    assert client.get(reverse("challenges:formation", args=[run.pk])).status_code == 403


def test_workspace_milestones_upload_evaluation_and_credits(
    client, world, applied, engine, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    coordinator, stakeholder = world["coordinator"], world["stakeholder"]
    run = services.formation_start(challenges=[applied], by=coordinator)
    [team] = services.formation_confirm(run=run, by=coordinator)
    services.challenge_start(challenge=applied, by=stakeholder)
    student = world["students"][0]
    client.force_login(student)
    url = team.get_absolute_url()
    response = client.post(url, {"action": "milestone_add", "title": "", "due_on": ""})
    assert response.status_code == 400 and "This field is required" in _text(response)
    client.post(url, {"action": "milestone_add", "title": "Interviews", "due_on": "2030-01-10"})
    milestone = team.milestones.get()
    client.post(url, {"action": "milestone_done", "milestone": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(url, {"action": "upload", "title": "Report", "file": bad})
    assert response.status_code == 400 and "Upload a file of one of these kinds" in _text(response)
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report")
    client.post(url, {"action": "upload", "title": "Report", "file": report})
    assert team.deliverables.count() == 1
    deliverable = team.deliverables.get()
    download = reverse("challenges:deliverable", args=[team.pk, deliverable.pk])
    assert download in _text(client.get(url))
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"
    outsider = PersonFactory()
    client.force_login(outsider)
    assert client.get(download).status_code in (403, 404)
    client.force_login(student)
    client.post(reverse("challenges:decide", args=[applied.pk]), {"action": "deliver"})
    applied.refresh_from_db()
    assert applied.state == S.DELIVERED

    client.force_login(stakeholder)
    assert "Send the evaluation" in _text(client.get(url))
    client.post(url, {"action": "evaluate", "rating": "4", "feedback": "Useful work."})
    applied.refresh_from_db()
    assert applied.state == S.EVALUATED

    client.force_login(world["coach"])  # the module's teacher awards the credits
    assert "Award the students" in _text(client.get(applied.get_absolute_url()))
    response = client.post(
        reverse("challenges:decide", args=[applied.pk]), {"action": "award"}, follow=True
    )
    assert "credits are recorded" in _text(response)
    assert student.enrolments.get(run=world["module"]).ects_grade == "B"
    client.force_login(coordinator)
    client.post(reverse("challenges:decide", args=[applied.pk]), {"action": "close"})
    applied.refresh_from_db()
    assert applied.state == S.CLOSED


def test_outsiders_do_not_see_a_team_workspace(client, world, applied, engine):
    run = services.formation_start(challenges=[applied], by=world["coordinator"])
    [team] = services.formation_confirm(run=run, by=world["coordinator"])
    client.force_login(world["other_coordinator"])
    assert client.get(team.get_absolute_url()).status_code == 403


# --- irreversible decisions ask first ------------------------------------------------------


@pytest.fixture
def submitted(world):
    return _challenge(world, state=S.SUBMITTED)


def _state(challenge) -> str:
    challenge.refresh_from_db()
    return challenge.state


def test_rejecting_asks_first_with_the_reason_and_only_the_confirmed_post_rejects(
    client, world, submitted
):
    challenge = submitted
    client.force_login(world["coordinator"])
    url = reverse("challenges:decide", args=[challenge.pk])
    review = reverse("challenges:review")
    data = {"action": "reject", "feedback": "Not a fit for our programmes.", "next": review}

    asked = client.post(url, data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Reject “Flood-proofing Kapellen”?" in page
    assert "Geel Energy Cooperative cannot change and submit it again" in page
    assert "<li>Not a fit for our programmes.</li>" in page
    assert '<input type="hidden" name="feedback" value="Not a fit for our programmes.">' in page
    assert f'href="{review}"' in page
    assert _state(challenge) == S.SUBMITTED

    response = client.post(url, {**data, "confirmed": "1"})
    assert response["Location"] == review
    assert _state(challenge) == S.REJECTED


def test_rejecting_without_a_reason_says_so_before_any_question(client, world, submitted):
    challenge = submitted
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("challenges:decide", args=[challenge.pk]),
        {"action": "reject", "feedback": " "},
        follow=True,
    )
    assert "Say why, so the stakeholder knows what to change." in _text(response)
    assert "data-confirmation" not in _text(response)
    assert _state(challenge) == S.SUBMITTED


def test_approving_needs_no_question_and_the_reject_button_asks(client, world, submitted):
    challenge = submitted
    client.force_login(world["coordinator"])
    page = _text(client.get(reverse("challenges:review")))
    assert 'data-confirm class="danger" name="action" value="reject"' in page
    client.post(reverse("challenges:decide", args=[challenge.pk]), {"action": "approve"})
    assert _state(challenge) == S.APPROVED


def test_another_institution_never_gets_the_question(client, world, submitted):
    challenge = submitted
    client.force_login(world["other_coordinator"])
    response = client.post(
        reverse("challenges:decide", args=[challenge.pk]), {"action": "reject", "feedback": "No"}
    )
    assert response.status_code == 403
    assert _state(challenge) == S.SUBMITTED


def test_confirming_teams_asks_first_with_what_will_happen(client, world, applied, engine):
    client.force_login(world["coordinator"])
    client.post(
        reverse("challenges:formation_new"), {"challenges": [applied.pk], "time_limit": "5"}
    )
    run = FormationRun.objects.get()
    url = reverse("challenges:formation_confirm", args=[run.pk])

    asked = client.post(url)
    assert asked.status_code == 200
    page = _text(asked)
    assert "Confirm these teams?" in page
    assert "1 team is made; its 5 members are told." in page
    assert "take no more applications" in page
    assert not Team.objects.exists()
    applied.refresh_from_db()
    assert applied.state == S.OPEN

    client.post(url, {"confirmed": "1"})
    assert Team.objects.count() == 1
    applied.refresh_from_db()
    assert applied.state == S.TEAMS_FORMED


def test_posting_a_deadline_after_the_start_shows_it_on_the_field_and_writes_nothing(client, world):
    client.force_login(world["stakeholder"])
    response = client.post(
        reverse("challenges:post"), _post_data(world, applications_close_on="2030-02-02")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Applications close on or before the day the challenge starts" in page
    assert not Challenge.objects.exists()
