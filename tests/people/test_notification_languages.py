"""A notification is stored untranslated and read in the reader's language: on the page in
the language the campus is shown in, by e-mail in the person's, whoever caused it."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from campus.people.models import Notification, Role
from campus.people.services import notify
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _page(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get("/people/me/notifications/").content.decode()


def test_the_page_shows_a_notification_in_the_language_it_is_read_in(client):
    person = PersonFactory(language="de")
    with translation.override("fi"):  # whoever caused it used the campus in Finnish
        notify(
            person=person,
            message=gettext_noop("You have a new credential: %(title)s."),
            params={"title": "Klimaanpassung"},
            email=False,
        )
    stored = Notification.objects.get(person=person)
    assert stored.message_id == "You have a new credential: %(title)s."
    assert stored.params == {"title": "Klimaanpassung"}
    client.force_login(person)
    assert "Sie haben einen neuen Nachweis: Klimaanpassung." in _page(client, "de")
    dutch = _page(client, "nl")  # she switches the campus to Dutch: the old message follows
    assert "Klimaanpassung" in dutch and "Sie haben" not in dutch
    assert "You have a new credential" not in dutch
    assert "You have a new credential: Klimaanpassung." in _page(client, "en")


def test_a_label_among_the_params_is_translated_when_read_not_when_sent():
    person = PersonFactory(language="en")
    with translation.override("de"):
        notify(
            person=person,
            message=gettext_noop("Your affiliation “%(a)s” is granted."),
            params={"a": [Role.STUDENT.label, "HAN"]},
            email=False,
        )
    note = Notification.objects.get(person=person)
    assert note.params == {"a": {"join": [{"msgid": "Student"}, "HAN"]}}
    assert note.message == "Your affiliation “Student, HAN” is granted."  # English, not German
    with translation.override("de"):
        assert note.text == "Ihre Zugehörigkeit „Studierende/r, HAN“ wurde bestätigt."
    with translation.override("en"):
        assert note.text == "Your affiliation “Student, HAN” is granted."


def test_numbers_and_dates_are_written_the_readers_way():
    person = PersonFactory()
    notify(
        person=person,
        message="%(ects)s ECTS on %(day)s",
        params={"ects": Decimal("7.5"), "day": datetime.date(2027, 1, 9)},
        email=False,
    )
    note = Notification.objects.get(person=person)
    with translation.override("de"):
        assert note.text == "7,5 ECTS on 9. Januar 2027"
    with translation.override("en"):
        assert note.text == "7.5 ECTS on 9 January 2027"


def test_an_object_whose_text_would_be_frozen_is_refused():
    person = PersonFactory()
    with pytest.raises(TypeError, match="plain"):
        notify(person=person, message="%(who)s", params={"who": PersonFactory()}, email=False)
    assert not Notification.objects.exists()


def test_a_lazy_message_id_is_stored_untranslated():
    person = PersonFactory()
    with translation.override("de"):
        notify(person=person, message=gettext_lazy("Notifications"), email=False)
    note = Notification.objects.get(person=person)
    with translation.override("nl"):
        assert note.text == "Meldingen"
    assert note.message_id == "Notifications"


def test_an_older_notification_keeps_the_text_it_was_sent_with(client):
    person = PersonFactory()
    Notification.objects.create(person=person, message="Ihr Team ist gebildet.")
    client.force_login(person)
    assert "Ihr Team ist gebildet." in _page(client, "nl")


def test_a_broken_translation_falls_back_to_english_not_to_an_error():
    person = PersonFactory()
    notify(person=person, message="Hello %(name)s", params={"other": "x"}, email=False)
    assert Notification.objects.get(person=person).text  # never raises


def test_the_email_is_rendered_when_sent_in_the_language_the_person_has_then(
    django_capture_on_commit_callbacks,
):
    person = PersonFactory(email="ona@example.lt", language="en")
    with django_capture_on_commit_callbacks() as callbacks:
        notify(
            person=person,
            message=gettext_noop("Work on “%(title)s” has started."),
            params={"title": "Vandenys"},
        )
    person.language = "lt"  # she chose Lithuanian before the worker sent the e-mail
    person.save(update_fields=["language"])
    for callback in callbacks:
        callback()
    (email,) = mail.outbox
    with translation.override("lt"):
        expected = translation.gettext("Work on “%(title)s” has started.") % {"title": "Vandenys"}
    assert expected != "Work on “Vandenys” has started."
    assert email.subject == expected
