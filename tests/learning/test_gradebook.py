"""The gradebook of a run: each participant's units viewed, best marks and attempts used,
progress and result, exact in the page and in the CSV; extra time granted from it; for the
run's lecturers only, read in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campus.catalog import services as catalog
from campus.learning import services
from campus.learning.gradebook import gradebook
from campus.learning.models import Accommodation
from tests.factories import PersonFactory


@pytest.fixture
def marked(space):
    """Lea viewed two units and took Basics twice (33.33 %, then 100 %); Otto took it once
    (66.67 %); nobody took Sources."""
    lea, otto = space["learners"]
    single, numeric = (str(q.pk) for q in space["questions"][:2])
    for unit in space["units"][:2]:
        services.unit_view(unit=unit, person=lea)
    basics = space["quizzes"][0]
    for person, responses in (
        (lea, {single: "a", numeric: "1"}),
        (lea, {single: "a", numeric: "3.6"}),
        (otto, {single: "b", numeric: "3.6"}),
    ):
        attempt = services.attempt_start(quiz=basics, person=person)
        services.attempt_submit(attempt=attempt, person=person, responses=responses)
    return space


def test_the_gradebook_has_exact_figures_per_participant(marked):
    book = gradebook(marked["run"])
    lea, otto = book.rows
    assert (lea.person.display_name, lea.viewed, lea.units, lea.percent) == (
        "Lea Learner",
        2,
        3,
        60,
    )
    assert [(c.best, c.used) for c in lea.quizzes] == [(Decimal("100"), 2), (None, 0)]
    assert (otto.viewed, otto.percent) == (0, 20)
    assert [(c.best, c.used) for c in otto.quizzes] == [(Decimal("66.67"), 1), (None, 0)]


def test_the_page_and_the_csv_show_them_to_the_lecturer(client, marked):
    client.force_login(marked["lecturer"])
    run = marked["run"]
    page = client.get(reverse("learning_authoring:gradebook", args=[run.pk])).content.decode()
    assert "Lea Learner" in page and "2 of 3" in page and "100 %" in page and "66.67 %" in page
    assert "(2 of 2 attempts)" in page and "60 %" in page and "20 %" in page

    response = client.get(reverse("learning_authoring:gradebook_csv", args=[run.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lea, otto = marked["learners"]
    assert response.content.decode().split("\r\n") == [
        "email,name,units_viewed,units,Basics best %,Basics attempts,Sources best %,"
        "Sources attempts,progress %,status,ects_grade,extra_time %",
        f"{lea.email},Lea Learner,2,3,100,2,,0,60,enrolled,,0",
        f"{otto.email},Otto Other,0,3,66.67,1,,0,20,enrolled,,0",
        "",
    ]


def test_csv_cells_that_look_like_formulas_are_quoted(client, marked):
    lea = marked["learners"][0]
    lea.display_name = "=HYPERLINK(1)"
    lea.save()
    client.force_login(marked["lecturer"])
    text = client.get(reverse("learning_authoring:gradebook_csv", args=[marked["run"].pk])).content
    assert b",'=HYPERLINK(1)," in text


def test_learners_and_outsiders_are_refused(client, marked):
    run = marked["run"]
    for person in (marked["learners"][0], PersonFactory()):
        client.force_login(person)
        assert client.get(reverse("learning_authoring:gradebook", args=[run.pk])).status_code == 403
        assert (
            client.get(reverse("learning_authoring:gradebook_csv", args=[run.pk])).status_code
            == 403
        )
        response = client.post(
            reverse("learning_authoring:extra_time", args=[run.pk, person.pk]),
            {"extra_time_percent": 100},
        )
        assert response.status_code == 403
    assert not Accommodation.objects.exists()


def test_the_lecturer_grants_extra_time_from_the_gradebook(client, marked):
    client.force_login(marked["lecturer"])
    run, otto = marked["run"], marked["learners"][1]
    url = reverse("learning_authoring:extra_time", args=[run.pk, otto.pk])

    assert client.post(url, {"extra_time_percent": 50}).status_code == 302
    assert Accommodation.objects.get(run=run, person=otto).extra_time_percent == 50
    client.post(url, {"extra_time_percent": 300})
    assert Accommodation.objects.get(run=run, person=otto).extra_time_percent == 50
    page = client.get(reverse("learning_authoring:gradebook", args=[run.pk])).content.decode()
    assert 'value="50"' in page


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_the_gradebook_reads_in_a_fixed_number_of_queries(
    client, marked, django_assert_num_queries
):
    run = marked["run"]
    with django_assert_num_queries(6):
        assert len(gradebook(run).rows) == 2
    client.force_login(marked["lecturer"])
    url = reverse("learning_authoring:gradebook", args=[run.pk])
    page_for_two = _queries(lambda: client.get(url))

    for n in range(4):
        person = PersonFactory(display_name=f"Learner {n}")
        catalog.enrol(run=run, person=person, by=person)
        services.unit_view(unit=marked["units"][0], person=person)
    with django_assert_num_queries(6):
        assert len(gradebook(run).rows) == 6
    assert _queries(lambda: client.get(url)) == page_for_two
