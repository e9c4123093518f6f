"""The base layout: navigation without dead links, landmarks, language switcher, HTMX served locally."""

import re

import pytest
from django.core.management import call_command

from campus.people.models import Person, Role
from tests.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_landmarks_and_a_skip_link(client):
    InstitutionFactory()
    html = client.get("/").content.decode()
    assert '<header class="site-header">' in html
    assert '<nav class="menu" aria-label="Main">' in html
    assert '<main id="main"' in html
    assert "<footer" in html
    assert 'href="#main"' in html
    assert '<html lang="en">' in html


def test_every_navigation_link_leads_somewhere(client):
    InstitutionFactory()
    html = client.get("/").content.decode()
    nav = html.split('<nav class="menu" aria-label="Main">')[1].split("</nav>")[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert len(links) >= 5
    for link in links:
        assert client.get(link).status_code == 200, link


def test_htmx_comes_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts, "HTMX should be on every page"
    assert all(src.startswith("/static/") for src in scripts)
    assert "https://" not in "".join(scripts)


def test_signed_in_state_is_shown(client):
    person = PersonFactory(display_name="Ada Lovelace")
    client.force_login(person)
    html = client.get("/").content.decode()
    assert "Ada Lovelace" in html
    assert "Sign out" in html


def test_language_switcher_changes_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html or "Aanmelden" in html


@pytest.mark.parametrize("language", ["nl", "da", "pt", "de", "sv", "fi", "lt", "cs"])
def test_the_shell_is_translated_into_every_teaching_language(client, language):
    client.cookies["django_language"] = language
    html = client.get("/").content.decode()
    assert f'<html lang="{language}">' in html
    footer = html.split("<footer")[1]
    english_footer = "a European University Alliance of nine universities of applied sciences"
    assert english_footer not in footer
    nav = html.split('<nav class="menu" aria-label="')[1].split("</nav>")[0]
    assert ">Institutions<" not in nav
    assert ">Home<" not in nav


def test_seed_demo_is_idempotent_and_makes_the_demo_accounts(settings):
    call_command("seed_demo")
    people = Person.objects.count()
    assert 250 <= people <= 400
    call_command("seed_demo")
    assert Person.objects.count() == people
    coordinator = Person.objects.get(email="coordinator@campus.test")
    assert coordinator.has_role(Role.COORDINATOR)
    assert coordinator.institution.code == "B  GEEL07"
    assert Person.objects.get(email="admin@campus.test").has_role(Role.ADMIN)
    stakeholder = Person.objects.get(email="stakeholder@campus.test")
    assert stakeholder.organisation is not None
    learner = Person.objects.get(email="learner@campus.test")
    assert learner.role_codes == {Role.LIFELONG_LEARNER}
    assert learner.check_password("heroes-demo")
    student = Person.objects.get(email="student@campus.test")
    assert student.skills.count() >= 3
    assert student.languages.filter(level="native").exists()
    # Every demo person's affiliations are granted; only the applicants wait, and every
    # coordinator (and the administrator) has requests in their queue.
    from campus.people.models import Affiliation
    from campus.people.selectors import affiliations_pending_for

    waiting = Affiliation.objects.filter(state="requested")
    assert set(waiting.values_list("person__email", flat=True)) == set(
        Person.objects.filter(email__startswith="applicant").values_list("email", flat=True)
    )
    for coordinator in Person.objects.holding(Role.COORDINATOR):
        assert affiliations_pending_for(coordinator).count() >= 2
    admin_queue = affiliations_pending_for(Person.objects.get(email="admin@campus.test"))
    assert admin_queue.filter(role=Role.COORDINATOR).exists()
    assert learner.emailaddress_set.filter(verified=True).exists()
    # The learning spaces: Sam completed the MOOC through its rules and holds its credential;
    # Lea is half-way through it (two of four units, one of two quizzes).
    from campus.credentials.models import Credential
    from campus.learning.selectors import progress_of

    mooc = {p.run.course.code: p for p in progress_of(student)}["HEROES-MOOC-ENERGY"]
    assert mooc.status == "completed" and mooc.percent == 100
    assert Credential.objects.filter(person=student, run=mooc.run, revoked_at=None).exists()
    halfway = {p.run.course.code: p for p in progress_of(learner)}["HEROES-MOOC-ENERGY"]
    assert (halfway.viewed, halfway.units, halfway.passed, halfway.quizzes) == (2, 4, 1, 2)
    assert (halfway.assignments, halfway.assignments_passed, halfway.percent) == (1, 0, 43)
    # Sam's plan was reviewed by two peers (each once), which graded and completed it.
    from campus.learning.lti.models import LtiPlatform
    from campus.learning.models import PeerReview, Submission

    plan = Submission.objects.get(person=student, assignment__unit__section__run=mooc.run)
    assert plan.state == "graded" and plan.passed and plan.graded_by is None
    assert PeerReview.objects.filter(submission=plan, submitted_at__isnull=False).count() == 2
    assert LtiPlatform.objects.count() == 1
