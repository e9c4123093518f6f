"""The personal dashboard: where people land after signing in, a section per role, and the
learner's personal calendar feed (read back with an independent iCalendar parser)."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from campus.catalog import services as catalog
from campus.catalog.models import ProgrammeGroup
from campus.catalog.selectors import calendar_token
from campus.challenges import services as challenges
from campus.challenges.models import FormationRun, Milestone, Team, TeamMember
from campus.jobs.models import JobStatus
from campus.people.models import AffiliationState, PersonSkill, Role
from tests.factories import (
    AffiliationFactory,
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RunFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def _page(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _challenge(organisation, by, *, title="Dry summers in the Kempen", skills=(), **fields):
    return challenges.challenge_create(
        by=by,
        organisation=organisation,
        title=title,
        problem="Our wells run dry every summer.",
        expected_outcome="A plan for storing winter rain.",
        region=organisation.region.code,
        languages=["en"],
        skills={s.uri: 1.0 for s in skills or [SkillFactory()]},
        team_min=2,
        team_max=4,
        teams_wanted=1,
        starts_on=fields.pop("starts_on", days(40)),
        ends_on=days(140),
        **fields,
    )


# --- landing after sign-in -------------------------------------------------------------------


def test_signing_in_lands_on_the_dashboard(client):
    PersonFactory(email="a@campus.test", roles=[Role.STUDENT])
    response = client.post(reverse("login"), {"login": "a@campus.test", "password": "heroes-demo"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")


def test_a_next_address_still_wins_over_the_dashboard(client):
    PersonFactory(email="a@campus.test", roles=[Role.STUDENT])
    response = client.post(
        reverse("login") + "?next=/courses/",
        {"login": "a@campus.test", "password": "heroes-demo", "next": "/courses/"},
    )
    assert response["Location"] == "/courses/"


def test_the_dashboard_needs_a_signed_in_person_and_is_in_the_navigation(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert 'href="/dashboard/"' not in client.get("/").content.decode()
    page = _page(client, PersonFactory(roles=[Role.STUDENT]))
    assert '<a href="/dashboard/" aria-current="page">Dashboard</a>' in page


# --- the learner -------------------------------------------------------------------------------


def test_a_learner_sees_current_and_next_runs_with_their_dates(client):
    student = PersonFactory(roles=[Role.STUDENT])
    now = RunFactory(
        course=CourseFactory(title="Running now"),
        label="Autumn",
        starts_on=days(-5),
        enrolment_opens=days(-30),
        enrolment_closes=days(-1),
    )
    later = RunFactory(course=CourseFactory(title="Starting later"), label="Spring")
    ended = RunFactory(
        course=CourseFactory(title="Long over"),
        starts_on=days(-200),
        ends_on=days(-100),
        enrolment_opens=days(-300),
        enrolment_closes=days(-250),
    )
    for run in (now, later, ended):
        catalog.enrolment_admit(run=run, person=student, by=PersonFactory(roles=[Role.ADMIN]))

    page = _page(client, student)

    assert "Running now" in page and "Starting later" in page
    assert "Long over" not in page
    assert page.index("Running now") < page.index("Starting later")
    assert page.count("Now · Enrolled") == 1 and page.count("Next · Enrolled") == 1
    assert f'datetime="{later.starts_on:%Y-%m-%d}"' in page
    assert f'datetime="{later.ends_on:%Y-%m-%d}"' in page


def test_an_empty_dashboard_says_what_to_do_next(client):
    page = _page(client, PersonFactory(roles=[Role.STUDENT]))
    assert "You are not in any run at the moment." in page
    assert 'href="/courses/"' in page
    assert "You follow no programme yet" in page
    assert "Add the skills you hold and the themes that interest you" in page
    assert "No deadlines in the next 60 days" in page


def test_programme_progress_and_the_enrolment_windows_of_its_modules(client):
    student = PersonFactory(roles=[Role.STUDENT])
    programme = ProgrammeFactory(title="Joint Minor in Water", ects_total=10)
    taken, next_module = CourseFactory(ects=5), CourseFactory(title="Water law", ects=5)
    group = ProgrammeGroup.objects.create(programme=programme, name="Core", min_ects=10)
    group.courses.set([taken, next_module])
    run = RunFactory(course=taken)
    catalog.enrol(run=run, person=student, by=student)
    closing = RunFactory(course=next_module, label="Spring", enrolment_closes=days(12))
    RunFactory(course=CourseFactory(title="Not in the programme"), enrolment_closes=days(5))

    page = _page(client, student)

    assert "Joint Minor in Water" in page
    assert "0 of 10 ECTS" in page
    assert "Still to earn: 10 ECTS." in page
    deadlines = page[page.index('id="deadlines-heading"') : page.index('id="programmes-heading"')]
    assert "Enrolment for Spring closes" in deadlines and "Water law" in deadlines
    assert f'datetime="{closing.enrolment_closes:%Y-%m-%d}"' in deadlines
    assert "Not in the programme" not in deadlines


def test_challenge_deadlines_and_milestones_of_the_learners_teams(client):
    student = PersonFactory(roles=[Role.STUDENT])
    home = InstitutionFactory()
    organisation = OrganisationFactory(region=home.region, partner_institution=home)
    stakeholder = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    coordinator = PersonFactory(institution=home, roles=[Role.COORDINATOR])
    applied = _challenge(organisation, stakeholder, title="Flood maps", starts_on=days(20))
    challenges.challenge_submit(challenge=applied, by=stakeholder)
    challenges.challenge_approve(challenge=applied, by=coordinator)
    challenges.challenge_open(challenge=applied, by=coordinator)
    challenges.application_submit(challenge=applied, person=student, by=student, role="student")
    worked_on = _challenge(organisation, stakeholder, title="Solar roofs")
    team = Team.objects.create(challenge=worked_on, name="Team Sun")
    TeamMember.objects.create(team=team, person=student, role="student")
    Milestone.objects.create(team=team, title="First prototype", due_on=days(-2))
    Milestone.objects.create(team=team, title="Done already", due_on=days(3), done_on=days(-1))

    page = _page(client, student)

    deadlines = page[page.index('id="deadlines-heading"') : page.index('id="programmes-heading"')]
    assert "You applied: teams are formed before it starts" in deadlines
    assert "Flood maps" in deadlines
    assert "First prototype" in deadlines and "overdue" in deadlines
    assert "Done already" not in deadlines


def test_credentials_newly_earned_and_suggestions_from_skills_and_interests(client):
    home = InstitutionFactory()
    student = PersonFactory(institution=home, roles=[Role.STUDENT], themes=["digital"])
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    run = RunFactory(course=CourseFactory(title="Climate adaptation", hosts=[home]))
    run.teachers.add(lecturer)
    enrolment = catalog.enrol(run=run, person=student, by=student)
    catalog.result_record(enrolment=enrolment, by=lecturer, ects_grade="B")
    hydrology = SkillFactory(label="hydrology")
    PersonSkill.objects.create(person=student, skill=hydrology)
    matching = CourseFactory(title="Groundwater modelling", themes=["green"])
    matching.outcomes.create(text="Model aquifers.").skills.set([hydrology])
    RunFactory(course=matching)
    by_theme = CourseFactory(title="Data for cities", themes=["digital"])
    RunFactory(course=by_theme)
    RunFactory(course=CourseFactory(title="Unrelated course", themes=["health"]))
    closed = CourseFactory(title="Closed hydrology", themes=["green"])
    closed.outcomes.create(text="Old.").skills.set([hydrology])
    RunFactory(course=closed, enrolment_opens=days(-30), enrolment_closes=days(-1))

    page = _page(client, student)

    credentials = page[page.index('id="credentials-heading"') : page.index("suggestions-heading")]
    assert "Climate adaptation" in credentials
    suggestions = page[page.index('id="suggestions-heading"') : page.index("calendar-heading")]
    assert "Groundwater modelling" in suggestions and "Data for cities" in suggestions
    assert suggestions.index("Groundwater modelling") < suggestions.index("Data for cities")
    assert "Unrelated course" not in suggestions and "Closed hydrology" not in suggestions
    assert "Climate adaptation" not in suggestions  # taken already


def test_the_learner_dashboard_has_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    def build(n):
        student = PersonFactory(roles=[Role.STUDENT])
        skill = SkillFactory()
        PersonSkill.objects.create(person=student, skill=skill)
        programme = ProgrammeFactory()
        group = ProgrammeGroup.objects.create(programme=programme, name="Core", min_ects=5)
        for _i in range(n):
            course = CourseFactory()
            course.outcomes.create(text="x").skills.set([skill])
            group.courses.add(course)
            catalog.enrol(run=RunFactory(course=course), person=student, by=student)
            RunFactory(course=CourseFactory()).course.outcomes.create(text="y").skills.set([skill])
        return student

    client.force_login(build(1))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("web:dashboard"))
    client.force_login(build(6))
    with django_assert_max_num_queries(40) as many:
        client.get(reverse("web:dashboard"))
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the lecturer, the coordinator, the stakeholder -------------------------------------------


def test_every_section_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    home = InstitutionFactory()
    organisation = OrganisationFactory(region=home.region, partner_institution=home)
    person = PersonFactory(
        institution=home,
        organisation=organisation,
        roles=[Role.STUDENT, Role.LECTURER, Role.COORDINATOR, Role.STAKEHOLDER],
    )
    client.force_login(person)

    def more():
        run = RunFactory(
            course=CourseFactory(hosts=[home]),
            starts_on=days(-5),
            enrolment_opens=days(-30),
            enrolment_closes=days(-6),
        )
        run.teachers.add(person)
        catalog.enrolment_admit(run=run, person=PersonFactory(roles=[Role.STUDENT]), by=person)
        challenge = _challenge(organisation, person)
        challenges.challenge_submit(challenge=challenge, by=person)
        FormationRun.objects.create(institution=home, started_by=person, status=JobStatus.DONE)
        AffiliationFactory(
            person=PersonFactory(), role=Role.LECTURER, institution=home,
            state=AffiliationState.REQUESTED,
        )  # fmt: skip

    more()
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("web:dashboard"))
    for _i in range(3):
        more()
    with django_assert_max_num_queries(60) as many:
        page = client.get(reverse("web:dashboard")).content.decode()
    assert '<strong>4</strong> <a href="/challenges/review/">' in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_lecturer_sees_the_runs_whose_participants_lack_results(client):
    home = InstitutionFactory()
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    started = RunFactory(
        course=CourseFactory(title="Started course", hosts=[home]),
        starts_on=days(-10),
        enrolment_opens=days(-40),
        enrolment_closes=days(-11),
    )
    future = RunFactory(course=CourseFactory(title="Future course", hosts=[home]))
    for run in (started, future):
        run.teachers.add(lecturer)
    admin = PersonFactory(roles=[Role.ADMIN])
    people = [PersonFactory(roles=[Role.STUDENT]) for _i in range(3)]
    enrolments = [catalog.enrolment_admit(run=started, person=p, by=admin) for p in people]
    catalog.result_record(enrolment=enrolments[0], by=lecturer, ects_grade="C")

    page = _page(client, lecturer)

    section = page[page.index('id="teaching-heading"') :]
    assert "Started course" in section and "2 participants without a result" in section
    assert "Future course" not in section


def test_a_coordinator_sees_queues_with_counts_and_links(client):
    home, other = InstitutionFactory(), InstitutionFactory()
    coordinator = PersonFactory(institution=home, roles=[Role.COORDINATOR])
    organisation = OrganisationFactory(region=home.region, partner_institution=home)
    stakeholder = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    for title in ("One", "Two"):
        challenges.challenge_submit(
            challenge=_challenge(organisation, stakeholder, title=title), by=stakeholder
        )
    AffiliationFactory(
        person=PersonFactory(), role=Role.LECTURER, institution=home,
        state=AffiliationState.REQUESTED,
    )  # fmt: skip
    AffiliationFactory(
        person=PersonFactory(), role=Role.LECTURER, institution=other,
        state=AffiliationState.REQUESTED,
    )  # fmt: skip
    proposal = FormationRun.objects.create(
        institution=home, started_by=coordinator, status=JobStatus.DONE, finished_at=timezone.now()
    )
    FormationRun.objects.create(institution=other, started_by=coordinator, status=JobStatus.DONE)

    page = _page(client, coordinator)

    queues = page[page.index('id="queues-heading"') :]
    assert '<strong>2</strong> <a href="/challenges/review/">Challenges to review</a>' in queues
    assert '<strong>1</strong> <a href="/people/affiliations/">Affiliation requests</a>' in queues
    assert '<strong>1</strong> <a href="/challenges/formation/new/">Team formations' in queues
    assert f'href="/challenges/formation/{proposal.pk}/"' in queues


def test_a_coordinator_sees_passing_results_that_lack_a_credential(client):
    home = InstitutionFactory()
    coordinator = PersonFactory(institution=home, roles=[Role.COORDINATOR])
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    run = RunFactory(course=CourseFactory(title="Heat pumps", hosts=[home]), label="Spring")
    run.teachers.add(lecturer)
    student = PersonFactory(roles=[Role.STUDENT])
    enrolment = catalog.enrol(run=run, person=student, by=student)
    catalog.result_record(enrolment=enrolment, by=lecturer, ects_grade="A")
    queues = _page(client, coordinator)
    assert '<strong>0</strong> <a href="/credentials/issued/">Passing results' in queues

    enrolment.person.credentials.all().delete()  # as if issuing had failed

    queues = _page(client, coordinator)
    assert '<strong>1</strong> <a href="/credentials/issued/">Passing results' in queues
    assert "Heat pumps (Spring): 1 credential to issue" in queues
    assert f'href="/teaching/runs/{run.pk}/"' in queues


def test_a_stakeholder_sees_every_challenge_of_the_organisation_with_what_it_awaits(client):
    home = InstitutionFactory()
    organisation = OrganisationFactory(region=home.region, partner_institution=home)
    stakeholder = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    colleague = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    _challenge(organisation, colleague, title="Colleague's draft")
    submitted = _challenge(organisation, stakeholder, title="Under review")
    challenges.challenge_submit(challenge=submitted, by=stakeholder)
    _challenge(OrganisationFactory(partner_institution=home), PersonFactory(roles=[Role.ADMIN]),
               title="Another organisation's draft")  # fmt: skip

    page = _page(client, stakeholder)

    section = page[page.index('id="challenges-heading"') :]
    assert "Colleague&#x27;s draft" in section and "Draft — submit it for review" in section
    assert "Under review" in section and "Submitted — awaiting review" in section
    assert "Another organisation" not in section
    assert '<a href="/challenges/mine/">My challenges</a>' in page  # in the navigation


def test_several_roles_see_several_sections(client):
    home = InstitutionFactory()
    organisation = OrganisationFactory(region=home.region)
    person = PersonFactory(
        institution=home,
        organisation=organisation,
        roles=[Role.STUDENT, Role.LECTURER, Role.COORDINATOR, Role.STAKEHOLDER],
    )
    page = _page(client, person)
    for heading in ("runs", "deadlines", "teaching", "queues", "challenges", "calendar"):
        assert f'id="{heading}-heading"' in page


def test_a_stakeholder_alone_sees_no_learner_section(client):
    page = _page(
        client, PersonFactory(organisation=OrganisationFactory(), roles=[Role.STAKEHOLDER])
    )
    assert 'id="runs-heading"' not in page and 'id="challenges-heading"' in page


# --- the personal calendar feed ---------------------------------------------------------------


def test_the_learners_feed_holds_runs_and_deadlines_and_parses_as_icalendar(client):
    student = PersonFactory(roles=[Role.STUDENT], display_name="Sam Student")
    run = RunFactory(course=CourseFactory(title="Energy; the basics"), location="Geel, room 1")
    catalog.enrol(run=run, person=student, by=student)
    programme = ProgrammeFactory()
    group = ProgrammeGroup.objects.create(programme=programme, name="Core", min_ects=10)
    next_module = CourseFactory(title="Storage")
    group.courses.set([run.course, next_module])
    window = RunFactory(course=next_module, label="Later", enrolment_closes=days(25))
    home = InstitutionFactory()
    organisation = OrganisationFactory(region=home.region, partner_institution=home)
    team = Team.objects.create(
        challenge=_challenge(organisation, PersonFactory(roles=[Role.ADMIN])), name="Team A"
    )
    TeamMember.objects.create(team=team, person=student, role="student")
    milestone = Milestone.objects.create(team=team, title="Interviews", due_on=days(9))

    page = _page(client, student)
    url = reverse("web:calendar", args=[calendar_token(student)])
    assert f'value="http://testserver{url}"' in page
    client.logout()  # calendar apps have no session
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "HEROES campus: Sam Student"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    course_event = events[f"run-{run.pk}@campus.heroes"]
    assert str(course_event["SUMMARY"]) == f"Energy; the basics ({run.label})"
    assert str(course_event["LOCATION"]) == "Geel, room 1"
    assert course_event.decoded("DTSTART") == run.starts_on
    assert course_event.decoded("DTEND") == run.ends_on + datetime.timedelta(days=1)
    closing = events[f"enrolment-closes-{window.pk}@campus.heroes"]
    assert closing.decoded("DTSTART") == window.enrolment_closes
    assert "Storage" in str(closing["SUMMARY"])
    due = events[f"milestone-{milestone.pk}@campus.heroes"]
    assert due.decoded("DTSTART") == milestone.due_on and "Interviews" in str(due["SUMMARY"])
    assert str(due["URL"]) == f"http://testserver/challenges/teams/{team.pk}/"


def test_the_feed_speaks_the_persons_language(client):
    student = PersonFactory(roles=[Role.STUDENT], language="de", display_name="Sam")
    response = client.get(
        reverse("web:calendar", args=[calendar_token(student)]), HTTP_ACCEPT_LANGUAGE="en"
    )
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "HEROES-Campus: Sam"


def test_a_bad_feed_token_is_not_found(client):
    PersonFactory()
    assert client.get(reverse("web:calendar", args=["nonsense"])).status_code == 404


def test_many_deadlines_show_the_soonest_eight_and_fold_the_rest(client):
    student = PersonFactory(roles=[Role.STUDENT])
    programme = ProgrammeFactory(title="Joint Minor in Water", ects_total=60)
    group = ProgrammeGroup.objects.create(programme=programme, name="Core", min_ects=60)
    modules = [CourseFactory(title=f"Module {n:02}", ects=5) for n in range(11)]
    group.courses.set(modules)
    catalog.enrol(run=RunFactory(course=modules[0]), person=student, by=student)
    for n, module in enumerate(modules[1:], start=1):
        RunFactory(course=module, label=f"Run {n:02}", enrolment_closes=days(n))

    page = _page(client, student)

    deadlines = page[page.index('id="deadlines-heading"') : page.index('id="programmes-heading"')]
    shown, folded = deadlines.split("<details>")
    assert shown.count("<li>") == 8 and "Run 01" in shown and "Run 08" in shown
    assert "More deadlines (2)" in folded
    assert "Run 09" in folded and "Run 10" in folded and "Run 09" not in shown
