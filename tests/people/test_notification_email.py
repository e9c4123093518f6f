"""Notification e-mail is a task, sent after the transaction commits, in the recipient's
language, with links that work from a mail client."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from campus.people.models import Notification
from campus.people.services import notify
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_german_speaker_gets_the_email_in_german_with_an_absolute_link(
    settings, django_capture_on_commit_callbacks
):
    settings.CAMPUS_PUBLIC_URL = "https://campus.heroes.example"
    person = PersonFactory(email="greta@example.de", language="de")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(
            person=person,
            message=gettext_noop("You have a new credential: %(title)s."),
            params={"title": "Klimaanpassung"},
            url="/credentials/mine/#credential-1",
        )
        assert mail.outbox == []  # not from inside the request's transaction
    assert len(callbacks) == 1
    (email,) = mail.outbox
    assert email.to == ["greta@example.de"]
    assert email.subject == "Sie haben einen neuen Nachweis: Klimaanpassung."
    assert "https://campus.heroes.example/credentials/mine/#credential-1" in email.body
    assert "Sie haben einen neuen Nachweis" in email.body
    with translation.override("de"):
        assert Notification.objects.get(person=person).text == email.subject


def test_an_english_speaker_gets_english_whoever_caused_it(
    settings, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="sam@example.org", language="en")
    # whoever caused it uses the site in German
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        translation.override("de"),
    ):
        notify(
            person=person,
            message=gettext_noop("You have a new credential: %(title)s."),
            params={"title": "Climate"},
        )
    assert [m.subject for m in mail.outbox] == ["You have a new credential: Climate."]
    assert "Open it on the campus" not in mail.outbox[0].body  # no link, no line for it


def test_no_email_leaves_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    person = PersonFactory(email="sam@example.org")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(person=person, message="Hello")
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_campus_language_is_remembered_at_first_sign_in(client):
    person = PersonFactory(email="pia@example.pt", language="")
    person.set_password("a long enough password 1")
    person.save()
    with translation.override("en"):  # the requests switch this thread's language
        client.post(reverse("set_language"), {"language": "pt", "next": "/"})
        client.post(
            reverse("login"), {"login": person.email, "password": "a long enough password 1"}
        )
    person.refresh_from_db()
    assert person.language == "pt"
