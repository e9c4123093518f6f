"""Every page of the navigation, for a person of each role and for a visitor, in each of the
eight languages besides English: no English is left that has (or should have) a translation.

The pages are those the layout's navigation offers each person (read from the context
processor, so a page another change adds to the menu is covered), plus the pages a person
reaches from them: a course, a programme, a challenge, an institution, an organisation, a
skill, a team, their profile and notifications, the verifier, the sign-in and sign-up forms.
"""

import pytest
from django.apps import apps
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from campus.challenges.models import ChallengeState as S
from campus.people.models import Role
from campus.people.services import notify
from campus.web.context_processors import campus
from tests.challenges.test_pages import _challenge, world  # noqa: F401 - the fixture
from tests.factories import PersonFactory, ProgrammeFactory

from .untranslated import Catalogue, english_left

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "da", "de", "sv", "fi", "lt", "pt", "cs"]


def _nav(person) -> list[str]:
    request = RequestFactory().get("/")
    request.user = person
    return [item["url"] for item in campus(request)["campus_nav"]]


def _data_the_campus_holds() -> str:
    """Every text stored in the database (titles, names, descriptions): not the campus's
    own words, so it may stay in the language its author wrote it in."""
    values = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if fields and model._meta.app_label not in ("sessions", "admin", "django_tasks_database"):
            for row in model.objects.values_list(*fields):
                values.extend(str(v) for v in row if v)
    return "\n".join(values)


@pytest.fixture
def people(world):  # noqa: F811 - the fixture imported above
    challenge = _challenge(world, state=S.OPEN)
    learner = PersonFactory(display_name="Lena Learner", roles=[Role.LIFELONG_LEARNER])
    for person in (world["students"][0], world["stakeholder"]):
        notify(
            person=person,
            message=gettext_noop("Your challenge “%(title)s” is open for applications."),
            params={"title": challenge.title},
            email=False,
        )
    ProgrammeFactory(institutions=[world["geel"]])
    return {
        "visitor": None,
        "student": world["students"][0],
        "learner": learner,
        "lecturer": world["coach"],
        "stakeholder": world["stakeholder"],
        "coordinator": world["coordinator"],
        "admin": world["admin"],
        "challenge": challenge,
    }


def _pages(world, people, person) -> list[str]:  # noqa: F811
    from campus.catalog.models import Course, Programme
    from campus.skills.models import Skill

    pages = _nav(person) if person else _nav(type("Anon", (), {"is_authenticated": False})())
    pages += [
        Course.objects.order_by("pk").first().get_absolute_url(),
        Programme.objects.order_by("pk").first().get_absolute_url(),
        people["challenge"].get_absolute_url(),
        world["geel"].get_absolute_url(),
        world["org"].get_absolute_url(),
        Skill.objects.order_by("pk").first().get_absolute_url(),
        reverse("credentials:verify"),
    ]
    if person is None:
        pages += [reverse("login"), reverse("signup")]
    else:
        pages += [
            reverse("people:profile"),
            reverse("people:notifications"),
            reverse("people:tokens"),
            reverse("people:affiliation_request"),
        ]
    return list(dict.fromkeys(pages))


def _get(client, person, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, (url, language, response.status_code)
    return response.content.decode()


def test_no_page_of_the_navigation_is_left_in_english(client, world, people):  # noqa: F811
    data = _data_the_campus_holds()
    catalogues = {language: Catalogue.load(language) for language in LANGUAGES}
    problems = []
    for role, person in people.items():
        if role == "challenge":
            continue
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        for url in _pages(world, people, person):
            english = _get(client, person, url, "en")
            for language in LANGUAGES:
                html = _get(client, person, url, language)
                for found in english_left(
                    html, catalogues[language], english_html=english, data=data
                ):
                    problems.append(f"{language} {role} {url}: {found}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_a_missing_translation_is_caught(client, world, people):  # noqa: F811
    """The check above fails when one message loses its translation."""
    from django.utils.translation import trans_real

    client.force_login(people["student"])
    english = _get(client, None, reverse("people:notifications"), "en")
    catalogue = trans_real.translation("nl")._catalog
    kept = catalogue["Mark all as read"]
    catalogue["Mark all as read"] = "Mark all as read"  # as if nobody had translated it
    try:
        html = _get(client, None, reverse("people:notifications"), "nl")
        found = english_left(html, Catalogue.load("nl"), english_html=english)
    finally:
        catalogue["Mark all as read"] = kept
    assert "untranslated message: 'Mark all as read'" in found


def test_english_stored_in_the_database_is_caught(client, world, people):  # noqa: F811
    """A sentence stored in English (as notifications once were) is English on the page."""
    from campus.people.models import Notification

    student = people["student"]
    Notification.objects.create(person=student, message="Your team is formed and waits for you.")
    client.force_login(student)
    url = reverse("people:notifications")
    english = _get(client, None, url, "en")
    with translation.override("de"):
        html = _get(client, None, url, "de")
    found = english_left(html, Catalogue.load("de"), english_html=english)
    assert "English on the page: 'Your team is formed and waits for you.'" in found
