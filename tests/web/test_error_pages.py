"""403, 404 and 500 are the campus's own pages, in its layout and language, with a way back.
The test settings run with DEBUG off, as production does (pytest-django's default)."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from campus.people.models import Role
from tests.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _campus_page(response, status: int) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert 'class="site-header"' in page and "HEROES Virtual Campus" in page
    assert f'href="{reverse("web:home")}"' in page  # the way back home
    return page


def test_debug_is_off_here():
    assert settings.DEBUG is False


def test_a_missing_page_is_the_campus_own_with_a_way_back(client):
    page = _campus_page(
        client.get("/no-such-page/", HTTP_REFERER="http://testserver/courses/"), 404
    )
    assert "This page cannot be found" in page
    assert (
        '<a href="http://testserver/courses/" rel="noreferrer">Back to the previous page</a>'
        in page
    )
    assert "Back to the front page" in page
    assert "Not Found</h1>" not in page  # Django's bare page


def test_a_missing_object_is_the_campus_404_in_the_reader_language(client):
    client.force_login(PersonFactory(language="de"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    with translation.override("en"):  # the German request's language stays in this test
        page = _campus_page(client.get(reverse("catalog:run", args=[999999])), 404)
    assert 'lang="de"' in page
    assert "Zurück zur Startseite" in page  # the way back, in German


def test_a_refused_page_is_the_campus_own_with_the_reason(client):
    client.force_login(
        PersonFactory(institution=InstitutionFactory(), roles=[Role.STUDENT], language="en")
    )
    page = _campus_page(client.get(reverse("credentials:issued")), 403)
    assert "You may not open this page" in page
    assert "Only an institution&#x27;s coordinator sees what it issued." in page
    assert "Sign in" not in page.split('class="way-back"')[1]  # signed in already


def test_the_server_error_page_needs_neither_the_request_nor_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/courses/"))
    page = _campus_page(response, 500)
    assert "Something went wrong on the campus" in page
    assert "/static/campus/campus.css" in page


def test_a_form_without_its_security_token_gets_the_campus_own_page_and_changes_nothing():
    from django.test import Client

    from campus.people.models import Person

    person = PersonFactory(display_name="Before")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    response = browser.post(reverse("people:profile_edit"), {"display_name": "After"})
    page = _campus_page(response, 403)
    assert "The form has expired" in page and "nothing was changed" in page
    assert "CSRF verification failed" not in page  # Django's bare page
    assert Person.objects.get(pk=person.pk).display_name == "Before"
