"""Password change and reset: the campus's own pages (never the Django admin's), and the
reset e-mail in the person's language, naming the campus, with a link that works."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "floods-and-fields-2027"


def _campus_page(response) -> str:
    """The page, checked to be in the campus's layout and not in the admin's."""
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="site-header"' in page and 'class="skip-link"' in page
    assert "Django administration" not in page and "Django site admin" not in page
    assert 'id="site-name"' not in page  # the admin's header
    return page


def test_the_password_change_pages_are_the_campus_own(client):
    person = PersonFactory()
    client.force_login(person)
    page = _campus_page(client.get(reverse("password_change")))
    assert "Change your password" in page and f'href="{reverse("people:profile")}"' in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "heroes-demo",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert "Password changed" in _campus_page(client.get(response["Location"]))
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_allauths_password_pages_lead_to_the_campus_own(client):
    assert client.get("/accounts/password/reset/")["Location"] == reverse("password_reset")
    client.force_login(PersonFactory())
    assert client.get("/accounts/password/change/")["Location"] == reverse("password_change")


def test_the_whole_reset_flow_in_the_person_language(client, settings):
    settings.CAMPUS_PUBLIC_URL = "https://campus.heroes.example"
    person = PersonFactory(email="greta@example.de", display_name="Greta Gärtner", language="de")
    page = _campus_page(client.get(reverse("password_reset")))
    assert "Reset your password" in page  # the page follows the browser (English here)

    response = client.post(reverse("password_reset"), {"email": "greta@example.de"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your e-mail" in _campus_page(client.get(response["Location"]))

    (message,) = mail.outbox
    assert message.to == ["greta@example.de"]
    # The e-mail follows the person: German, though she asked from an English page.
    assert message.subject == "Passwort auf dem HEROES Virtual Campus zurücksetzen"
    assert "Hier können Sie ein neues Passwort wählen:" in message.body
    assert "Greta Gärtner" in message.body and "HEROES Virtual Campus" in message.body
    links = re.findall(r"https?://\S+", message.body)
    reset = next(link for link in links if "/reset/" in link)
    assert reset.startswith("https://campus.heroes.example/accounts/reset/")
    assert "https://campus.heroes.example/" in links  # the campus itself, named at the end

    # The link works: it leads (through Django's redirect that hides the token) to the form.
    response = client.get(urlsplit(reset).path, follow=True)
    page = _campus_page(response)
    assert "Choose a new password" in page and 'name="new_password1"' in page
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert "Your new password is saved." in _campus_page(client.get(response["Location"]))
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)

    # Used once, the link no longer works, and the page says what to do.
    page = _campus_page(client.get(urlsplit(reset).path, follow=True))
    assert "no longer valid" in page and f'href="{reverse("password_reset")}"' in page


def test_an_english_reader_gets_it_in_english(client):
    PersonFactory(email="sam@example.org", language="en")
    with translation.override("en"):  # the German request's language stays in this test
        client.post(
            reverse("password_reset"), {"email": "sam@example.org"}, HTTP_ACCEPT_LANGUAGE="de"
        )
    (message,) = mail.outbox
    assert message.subject == "Reset your password on the HEROES Virtual Campus"
    assert "Choose a new password here:" in message.body
