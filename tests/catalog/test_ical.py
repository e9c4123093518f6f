"""The iCalendar text (RFC 5545) and the personal calendar feed."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse

from campus.catalog import ical, services
from campus.catalog.selectors import calendar_token
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

STAMP = datetime.datetime(2027, 3, 1, 12, 30, tzinfo=datetime.UTC)


def _unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def _event(**changes) -> ical.Event:
    values = {
        "uid": "run-1@campus.heroes",
        "summary": "Energy (Spring 2027)",
        "first_day": datetime.date(2027, 3, 1),
        "last_day": datetime.date(2027, 6, 30),
    }
    return ical.Event(**(values | changes))


def test_every_line_ends_with_crlf_and_none_is_longer_than_75_octets():
    text = ical.calendar(
        [_event(summary="Ä" * 200, description="word " * 80)], name="Cal", stamp=STAMP
    )
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)
    # folding never splits a character, and unfolding gives the text back
    assert "SUMMARY:" + "Ä" * 200 in _unfold(text)


def test_text_values_escape_commas_semicolons_backslashes_and_newlines():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    text = _unfold(
        ical.calendar([_event(location="Geel, Kleinhoefstraat 4; room 1")], name="C", stamp=STAMP)
    )
    assert "LOCATION:Geel\\, Kleinhoefstraat 4\\; room 1\r\n" in text


def test_whole_day_events_end_the_day_after_the_last_day():
    text = ical.calendar([_event()], name="C", stamp=STAMP)
    assert "DTSTART;VALUE=DATE:20270301\r\n" in text
    assert "DTEND;VALUE=DATE:20270701\r\n" in text
    assert "DTSTAMP:20270301T123000Z\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 1


def test_fold_counts_octets_not_characters():
    line = "X" * 74 + "€€"  # the euro sign takes three octets
    folded = ical.fold(line)
    first, second = folded.split("\r\n")
    assert first == "X" * 74 and second == " €€"


@pytest.mark.django_db
def test_the_feed_lists_runs_taught_and_taken_without_a_session(client):
    home = InstitutionFactory()
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    taught = RunFactory(course=CourseFactory(title="Circular, resilient; building", hosts=[home]))
    taught.teachers.add(lecturer)
    taken = RunFactory(location="Geel campus")
    services.enrol(run=taken, person=lecturer, by=lecturer)
    RunFactory()  # someone else's

    response = client.get(reverse("catalog:calendar_feed", args=[calendar_token(lecturer)]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    unfolded = _unfold(text)
    assert text.count("BEGIN:VEVENT") == 2
    assert f"UID:run-{taught.pk}@campus.heroes\r\n" in unfolded
    assert f"UID:run-{taken.pk}@campus.heroes\r\n" in unfolded
    assert "SUMMARY:Circular\\, resilient\\; building (" in unfolded
    assert "LOCATION:Online\r\n" in unfolded and "LOCATION:Geel campus\r\n" in unfolded
    assert f"URL:http://testserver/courses/{taught.course.pk}/" in unfolded
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", text, re.MULTILINE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    ["nonsense", signing.dumps(1, salt="another.salt"), signing.dumps("x", salt="campus.calendar")],
    # Signed tokens carry the time: named ids keep the collection equal across test workers.
    ids=["nonsense", "other-salt", "not-a-person"],
)
def test_a_bad_token_is_not_found(client, token):
    PersonFactory()
    assert client.get(reverse("catalog:calendar_feed", args=[token])).status_code == 404
