"""Dates are written the way each language writes them (German "9. Januar 2027"), on pages
and in the sentences the campus says."""

import datetime

import pytest
from django.utils import translation

from tests.factories import RunFactory

pytestmark = pytest.mark.django_db

NINTH_OF_JANUARY = {
    "en": "9 January 2027",
    "de": "9. Januar 2027",
    "nl": "9 januari 2027",
    "da": "9. januar 2027",
    "sv": "9 januari 2027",
    "fi": "9. tammikuuta 2027",
    "lt": "2027 m. sausio 9 d.",
    "cs": "9. ledna 2027",
}


@pytest.mark.parametrize(("language", "written"), NINTH_OF_JANUARY.items())
def test_a_course_page_writes_its_run_dates_in_the_readers_language(client, language, written):
    run = RunFactory(
        starts_on=datetime.date(2027, 1, 9),
        ends_on=datetime.date(2027, 3, 1),
        enrolment_opens=datetime.date(2026, 11, 1),
        enrolment_closes=datetime.date(2027, 1, 2),
    )
    client.cookies["django_language"] = language
    html = client.get(run.course.get_absolute_url()).content.decode()
    assert written in html
    if language != "en":
        assert "January" not in html and "Jan 2027" not in html


def test_day_and_month_take_the_case_of_a_full_date():
    from django.utils.formats import date_format

    day = datetime.date(2027, 1, 9)
    with translation.override("fi"):
        assert date_format(day, "MONTH_DAY_FORMAT") == "9. tammikuuta"
    with translation.override("cs"):
        assert date_format(day, "MONTH_DAY_FORMAT") == "9. ledna"


def test_the_reason_a_run_cannot_be_joined_names_its_date_the_readers_way(client):
    from tests.factories import PersonFactory

    run = RunFactory(
        enrolment_opens=datetime.date(2099, 1, 9), enrolment_closes=datetime.date(2099, 2, 1)
    )
    client.force_login(PersonFactory(roles=["student"]))
    client.cookies["django_language"] = "de"
    html = client.get(run.course.get_absolute_url()).content.decode()
    assert "9. Januar 2099" in html and "2099-01-09." not in html
