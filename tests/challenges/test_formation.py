"""Team formation: the engine's instance built from applications, the real engine's proposal
turned into teams, manual moves with their score and broken rules, the background job."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campus.challenges import formation, services, tasks, teamforming
from campus.challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeState,
    FormationRun,
    Team,
    TeamMember,
)
from campus.jobs.models import JobStatus
from campus.people.models import Notification, Role
from campus.people.services import person_update
from tests.factories import OrganisationFactory, PersonFactory

from .conftest import challenge_fields, person

pytestmark = pytest.mark.django_db


def _open(stakeholder, organisation, coordinator, skills, **fields):
    challenge = services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills, **fields)
    )
    services.challenge_submit(challenge=challenge, by=stakeholder)
    services.challenge_approve(challenge=challenge, by=coordinator)
    return services.challenge_open(challenge=challenge, by=coordinator)


def _apply(student, *ranked):
    for rank, challenge in enumerate(ranked, start=1):
        services.application_submit(
            challenge=challenge, person=student, by=student, role="student", rank=rank
        )


@pytest.fixture
def world(stakeholder, organisation, coordinator, skills, geel, porto):
    """Two open challenges of one team each (2–3 students); four students of two
    institutions; a coach from each institution."""
    a = _open(stakeholder, organisation, coordinator, skills, title="Rain", team_max=3)
    b = _open(stakeholder, organisation, coordinator, skills, title="Wells", team_max=3)
    ada = person(geel, Role.STUDENT, skills=[skills[0]])
    ben = person(geel, Role.STUDENT, languages=("nl", "en"))
    cai = person(porto, Role.STUDENT, skills=[skills[1]])
    dia = person(porto, Role.STUDENT)
    _apply(ada, a, b)
    _apply(ben, a, b)
    _apply(cai, b, a)
    _apply(dia, b, a)
    coach_a = person(geel, Role.LECTURER)
    coach_b = person(porto, Role.LECTURER)
    services.application_submit(challenge=a, person=coach_a, by=coach_a, role="coach", hours=3)
    services.application_submit(challenge=b, person=coach_b, by=coach_b, role="coach", hours=3)
    return {
        "a": a,
        "b": b,
        "students": [ada, ben, cai, dia],
        "coaches": [coach_a, coach_b],
    }


def test_the_instance_is_built_from_the_submitted_applications(world, skills, geel, porto):
    a, b = world["a"], world["b"]
    ada, ben, cai, dia = world["students"]
    coach_a, coach_b = world["coaches"]
    quitter = person(geel, Role.STUDENT)
    withdrawn = services.application_submit(
        challenge=a, person=quitter, by=quitter, role="student", rank=1
    )
    services.application_withdraw(application=withdrawn, by=quitter)
    person_update(person=ben, by=ben, gender="f")  # stated on her profile; Ada stated none

    instance = formation.instance_for([a, b])

    assert instance["protected"] == {"gender": ["f", "x"]}
    assert instance["weights"] == {
        "preference": 1.0,
        "skills": 1.0,
        "diversity": 0.5,
        "isolation": 1.0,
    }
    assert instance["challenges"][0] == {
        "id": f"c{a.pk}",
        "teams": 1,
        "min_size": 2,
        "max_size": 3,
        "skills": {skills[0].uri: 2.0, skills[1].uri: 1.0},
        "languages": ["en", "nl"],
    }
    people = {p["id"]: p for p in instance["people"]}
    assert f"p{quitter.pk}" not in people
    assert people[f"p{ada.pk}"] == {
        "id": f"p{ada.pk}",
        "role": "student",
        "institution": "B  GEEL07",
        "skills": {skills[0].uri: 3},
        "languages": ["en"],
        "preferences": [f"c{a.pk}", f"c{b.pk}"],
        "attributes": {},
    }
    assert people[f"p{cai.pk}"]["preferences"] == [f"c{b.pk}", f"c{a.pk}"]
    assert people[f"p{cai.pk}"]["institution"] == "P  PORTO05"
    assert people[f"p{ben.pk}"]["languages"] == ["en", "nl"]
    assert people[f"p{ben.pk}"]["attributes"] == {"gender": "f"}
    assert people[f"p{coach_b.pk}"]["role"] == "coach"
    assert people[f"p{coach_b.pk}"]["preferences"] == [f"c{b.pk}"]
    assert len(people) == 6


def test_the_engine_forms_teams_that_keep_every_rule(world, coordinator, stakeholder):
    a, b = world["a"], world["b"]
    run = services.formation_start(challenges=[a, b], by=coordinator, time_limit=10)
    assert run.status == JobStatus.DONE, run.error
    assert run.progress == 100
    report = services.formation_report(run)
    assert report == {"violations": [], "unplaced": []}
    # the campus scores the proposal exactly as the engine reported it
    assert formation.objective(run.instance, run.proposal) == pytest.approx(
        run.proposal["objective"]
    )
    assert formation.objective_here(run.instance, run.proposal) == pytest.approx(
        run.proposal["objective"]
    )

    teams = services.formation_confirm(run=run, by=coordinator)

    assert len(teams) == 2
    for team in teams:
        members = list(TeamMember.objects.filter(team=team).select_related("person__institution"))
        students = [m for m in members if m.role == "student"]
        coaches = [m for m in members if m.role == "coach"]
        assert 2 <= len(students) <= 3
        assert len(coaches) == 1
        assert [m.person for m in members if m.role == "stakeholder"] == [stakeholder]
        assert len({m.person.institution_id for m in students + coaches}) >= 2
    placed = {m.person_id for m in TeamMember.objects.filter(role="student")}
    assert placed == {s.pk for s in world["students"]}
    for challenge in (a, b):
        challenge.refresh_from_db()
        assert challenge.state == ChallengeState.TEAMS_FORMED
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.state == "confirmed" and run.confirmed_at
    # a student who ranked both challenges is placed in one and not placed in the other
    statuses = sorted(
        Application.objects.filter(person=world["students"][0]).values_list("status", flat=True)
    )
    assert statuses == [ApplicationStatus.NOT_PLACED, ApplicationStatus.PLACED]
    for student in world["students"]:
        assert (
            Notification.objects.filter(
                person=student, message__startswith="You are in team"
            ).count()
            == 1
        )


def test_a_move_reports_its_delta_and_the_rules_it_breaks(world, coordinator):
    run = services.formation_start(challenges=[world["a"], world["b"]], by=coordinator)
    team = run.proposal["teams"][0]
    student = next(m for m in team["members"] if m in {f"p{s.pk}" for s in world["students"]})
    before = run.proposal["objective"]

    result = services.formation_move(run=run, person_id=student, to=None, by=coordinator)

    assert result["objective_before"] == pytest.approx(before)
    assert result["delta"] == pytest.approx(result["objective_after"] - before)
    assert result["delta"] < 0
    assert student in result["proposal"]["unassigned"]
    assert any("needs between 2 and 3" in v for v in result["violations"])
    assert any("is not in any team" in u for u in result["unplaced"])
    run.refresh_from_db()
    assert run.proposal == result["proposal"]

    with pytest.raises(ValidationError, match="mend them before confirming"):
        services.formation_confirm(run=run, by=coordinator)
    assert not Team.objects.exists()

    back = services.formation_move(
        run=run,
        person_id=int(student[1:]),
        to={"challenge": int(team["challenge"][1:]), "slot": team["slot"]},
        by=coordinator,
    )
    assert back["violations"] == []
    assert back["objective_after"] == pytest.approx(before)
    assert len(services.formation_confirm(run=run, by=coordinator)) == 2


def test_a_move_to_a_challenge_nobody_ranked_is_a_broken_rule(world, coordinator):
    run = services.formation_start(challenges=[world["a"], world["b"]], by=coordinator)
    coach_a = world["coaches"][0]
    result = services.formation_move(
        run=run, person_id=coach_a.pk, to={"challenge": world["b"].pk, "slot": 0}, by=coordinator
    )
    assert any("did not offer to coach Wells" in v for v in result["violations"])


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ({"challenge": 999999, "slot": 0}, "not part of this team formation"),
        ({"challenge": "A", "slot": 7}, "not part of this team formation"),
    ],
)
def test_a_move_to_an_unknown_team_is_refused(world, coordinator, to, message):
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    student = world["students"][0]
    with pytest.raises(ValidationError, match=message):
        services.formation_move(run=run, person_id=student.pk, to=to, by=coordinator)


def test_a_move_to_a_slot_beyond_the_teams_wanted_is_refused(world, coordinator):
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    with pytest.raises(ValidationError, match="has teams 0 to 0"):
        services.formation_move(
            run=run,
            person_id=world["students"][0].pk,
            to={"challenge": world["a"].pk, "slot": 3},
            by=coordinator,
        )


def test_only_open_challenges_of_one_institution_are_formed(
    world, coordinator, admin, draft, skills, porto
):
    with pytest.raises(ValidationError, match="open challenges only"):
        services.formation_start(challenges=[world["a"], draft], by=coordinator)
    elsewhere = OrganisationFactory(partner_institution=porto)
    rep = PersonFactory(organisation=elsewhere, roles=[Role.STAKEHOLDER])
    porto_coordinator = PersonFactory(institution=porto, roles=[Role.COORDINATOR])
    far = _open(rep, elsewhere, porto_coordinator, skills)
    with pytest.raises(ValidationError, match="same institution"):
        services.formation_start(challenges=[world["a"], far], by=admin)
    with pytest.raises(ValidationError, match="at least one open challenge"):
        services.formation_start(challenges=[], by=coordinator)
    assert not FormationRun.objects.exists()


def test_a_failing_engine_marks_the_run_failed_and_it_can_be_retried(
    world, coordinator, monkeypatch
):
    def broken(instance, **options):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(teamforming, "solve", broken)
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    assert run.status == JobStatus.FAILED
    assert "solver crashed" in run.error
    with pytest.raises(ValidationError, match="not ready"):
        services.formation_confirm(run=run, by=coordinator)

    monkeypatch.undo()
    run = services.formation_retry(run=run, by=coordinator)
    assert run.status == JobStatus.DONE
    assert run.error == ""


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue, as in production, for a worker to take."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def work_the_queue(monkeypatch):
    """What ``db_worker`` does, here on the test's connection: run every task queued. (The
    worker drops connections it thinks stale between tasks; the test's open transaction
    would look so, and it is the only connection that sees the test's rows.)"""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return _work_the_queue


def _work_the_queue():
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[],
    ).run()  # fmt: skip


def test_the_task_is_enqueued_with_the_run_and_a_worker_runs_it(
    world, coordinator, database_tasks, work_the_queue
):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    # The task's row belongs to the transaction that creates the run: both or neither.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.formation_start(challenges=[world["a"]], by=coordinator)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError
    assert not DBTaskResult.objects.exists() and not FormationRun.objects.exists()
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    assert (run.status, run.progress) == (JobStatus.QUEUED, 10)
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "campus.challenges.tasks.form_teams",
        [run.pk],
    )
    run.refresh_from_db()
    assert run.task_id == str(task.pk)
    work_the_queue()
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.proposal["teams"]
    assert run.detail["incumbent"] == pytest.approx(run.proposal["objective"])
    assert run.detail["bound"] == pytest.approx(run.proposal["bound"])


def test_solves_beyond_the_limit_wait_in_the_queue(
    world, coordinator, database_tasks, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.CAMPUS_MAX_CONCURRENT_SOLVES = 1
    with django_capture_on_commit_callbacks(execute=True):
        busy = services.formation_start(challenges=[world["a"]], by=coordinator)
        waiting = services.formation_start(challenges=[world["b"]], by=coordinator)
    # Another worker is solving the first one (it reported a moment ago).
    FormationRun.objects.filter(pk=busy.pk).update(status=JobStatus.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.form_teams.call(waiting.pk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == (JobStatus.QUEUED, 0)
    later = DBTaskResult.objects.get(pk=waiting.task_id)
    assert later.status == "READY" and later.run_after > timezone.now()
    # Once the other solve is over, the waiting one runs.
    FormationRun.objects.filter(pk=busy.pk).update(status=JobStatus.DONE)
    tasks.form_teams.call(waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == JobStatus.DONE and waiting.proposal["teams"]


def test_the_job_does_nothing_twice(world, coordinator):
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    proposal = run.proposal
    tasks.form_teams.call(run.pk)
    run.refresh_from_db()
    assert run.proposal == proposal and run.attempts == 1
    assert Challenge.objects.get(pk=world["a"].pk).state == ChallengeState.OPEN


def test_a_stale_attempt_stores_nothing(world, coordinator):
    """A worker thought dead comes back after its job was resumed by another: its result
    is not stored over the other's."""
    from campus.jobs import services as jobs

    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    old = FormationRun.objects.get(pk=run.pk)
    FormationRun.objects.filter(pk=run.pk).update(status=JobStatus.INTERRUPTED)
    tasks.form_teams.call(run.pk)  # the resumed attempt
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobStatus.DONE, 2)
    old.attempts, old.status = 1, JobStatus.RUNNING
    assert not jobs.job_done(old, proposal={"teams": []})
    run.refresh_from_db()
    assert run.proposal["teams"]


def test_a_run_whose_worker_died_is_run_again_from_its_page(world, coordinator, client):
    """The worker died under the run: it stays 'running' with no news."""
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    with pytest.raises(ValidationError, match="failed or interrupted"):
        services.formation_retry(run=run, by=coordinator)
    FormationRun.objects.filter(pk=run.pk).update(
        status=JobStatus.RUNNING,
        updated_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    client.force_login(coordinator)
    page = client.get(reverse("challenges:formation", args=[run.pk])).content.decode()
    assert "The worker running the engine stopped before it answered" in page
    client.post(reverse("challenges:formation_retry", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.proposal["teams"]


def test_resume_jobs_enqueues_again_what_a_dead_worker_left_behind(
    world, coordinator, database_tasks, work_the_queue, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        run = services.formation_start(challenges=[world["a"]], by=coordinator)
    call_command("resume_jobs")  # queued, its task waiting: nothing to resume
    run.refresh_from_db()
    assert run.status == JobStatus.QUEUED and DBTaskResult.objects.count() == 1
    # A worker claimed it and was killed: the task stays "running", the run has no news.
    DBTaskResult.objects.update(status="RUNNING")
    FormationRun.objects.filter(pk=run.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        updated_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_jobs")
    run.refresh_from_db()
    assert run.status == JobStatus.INTERRUPTED
    old, new = DBTaskResult.objects.order_by("enqueued_at")
    assert (old.status, old.exception_class_path) == ("FAILED", "campus.jobs.WorkerLost")
    assert new.status == "READY" and run.task_id == str(new.pk)
    work_the_queue()
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobStatus.DONE, 2) and run.proposal["teams"]


def test_the_run_s_page_shows_the_engine_s_news_while_it_solves(world, coordinator, client):
    run = services.formation_start(challenges=[world["a"]], by=coordinator)
    FormationRun.objects.filter(pk=run.pk).update(
        status=JobStatus.RUNNING, progress=42, detail={"incumbent": 12.5, "bound": 14.25}
    )
    client.force_login(coordinator)
    page = client.get(
        reverse("challenges:formation_progress", args=[run.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'value="42"' in page
    assert "Best teams so far score 12.50." in page
    assert "No teams can score more than 14.25 (proven bound)." in page
    api = client.get(f"/api/v1/formations/{run.pk}").json()
    assert (api["status"], api["progress"], api["detail"]["bound"]) == ("running", 42, 14.25)


def test_a_challenge_on_which_nobody_is_placed_stays_open_and_its_coordinator_is_told_why(
    world, coordinator, stakeholder, organisation, skills, geel, client
):
    roofs = _open(stakeholder, organisation, coordinator, skills, title="Roofs", team_max=3)
    eve = person(geel, Role.STUDENT)
    _apply(eve, roofs)  # the only student for Roofs: too few for a team
    second = PersonFactory(institution=geel, roles=[Role.COORDINATOR])
    run = services.formation_start(
        challenges=[world["a"], world["b"], roofs], by=coordinator, time_limit=10
    )
    assert run.status == JobStatus.DONE, run.error
    assert services.formation_report(run)["violations"] == []

    client.force_login(coordinator)
    page = client.post(
        reverse("challenges:formation_confirm", args=[run.pk]), {"confirmed": "1"}, follow=True
    )

    teams = Team.objects.all()
    assert {t.challenge_id for t in teams} == {world["a"].pk, world["b"].pk}
    for challenge in (world["a"], world["b"]):
        challenge.refresh_from_db()
        assert challenge.state == ChallengeState.TEAMS_FORMED
    roofs.refresh_from_db()
    assert roofs.state == ChallengeState.OPEN  # unchanged, open for a new formation
    assert not roofs.events.filter(to_state=ChallengeState.TEAMS_FORMED).exists()
    # Eve's application stands; she is not told that teams were formed
    assert Application.objects.get(person=eve).status == ApplicationStatus.SUBMITTED
    assert not Notification.objects.filter(person=eve).exists()
    # the stakeholder hears of the two challenges with teams, not of Roofs
    told = list(
        Notification.objects.filter(
            person=stakeholder, message__startswith="Teams are formed"
        ).values_list("message", flat=True)
    )
    assert len(told) == 2 and not any("Roofs" in m for m in told)
    client.force_login(stakeholder)
    detail = client.get(reverse("challenges:challenge", args=[roofs.pk])).content.decode()
    assert "Start the work" not in detail

    why = (
        "No team was formed for “Roofs”, so it stays open for a new team formation. Students "
        "who ranked it: 1; placed in other teams: 0; a team needs at least 2 students."
    )
    assert why in page.content.decode()
    for reader in (coordinator, second):
        notice = Notification.objects.get(person=reader, message__startswith="No team")
        assert notice.message == why
        assert notice.url == reverse("challenges:challenge", args=[roofs.pk])
    # a new formation of Roofs alone may still be started: it is open
    services.formation_start(challenges=[roofs], by=coordinator, time_limit=5)


def test_a_challenge_whose_applicants_were_all_placed_elsewhere_says_so(
    world, coordinator, stakeholder, organisation, skills
):
    roofs = _open(stakeholder, organisation, coordinator, skills, title="Roofs", team_max=3)
    ada, ben = world["students"][:2]
    services.application_submit(challenge=roofs, person=ada, by=ada, role="student", rank=3)
    services.application_submit(challenge=roofs, person=ben, by=ben, role="student", rank=3)
    run = services.formation_start(
        challenges=[world["a"], world["b"], roofs], by=coordinator, time_limit=10
    )
    services.formation_confirm(run=run, by=coordinator)
    roofs.refresh_from_db()
    assert roofs.state == ChallengeState.OPEN
    run.refresh_from_db()
    assert services.formation_left_open(run) == [
        "No team was formed for “Roofs”, so it stays open for a new team formation. Students "
        "who ranked it: 2; placed in other teams: 2; a team needs at least 2 students."
    ]
    # they are in teams of the other challenges: their applications to Roofs are not placed
    assert set(Application.objects.filter(challenge=roofs).values_list("status", flat=True)) == {
        ApplicationStatus.NOT_PLACED
    }
