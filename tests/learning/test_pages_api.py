"""The learning space's pages and API: who opens what, an attempt answered through the form
and through the API, refusals with their messages, and nobody else's answers."""

import datetime

from django.urls import reverse
from django.utils import timezone

from campus.learning import services
from campus.learning.models import Attempt, AttemptState, UnitView
from tests.factories import PersonFactory
from tests.learning.test_services import right_answers


def test_a_learner_opens_the_space_and_a_unit_which_counts_as_viewed(client, space):
    lea = space["learners"][0]
    client.force_login(lea)
    unit = space["units"][0]

    page = client.get(reverse("learning:space", args=[space["run"].pk])).content.decode()
    lesson = client.get(reverse("learning:unit", args=[unit.pk]))

    assert "Week 1" in page and "Power and energy" in page and "Progress: 0 %" in page
    assert lesson.status_code == 200
    assert (
        "<h2>Energy</h2>" in lesson.content.decode()
    )  # the lesson's # heading, under the page's h1
    assert UnitView.objects.filter(unit=unit, person=lea).exists()
    mine = client.get(reverse("learning:mine")).content.decode()
    assert "Energy for citizens" in mine and "1 of 3 units viewed" in mine


def test_outsiders_are_refused(client, space):
    client.force_login(PersonFactory())

    assert client.get(reverse("learning:space", args=[space["run"].pk])).status_code == 403
    assert client.get(reverse("learning:unit", args=[space["units"][0].pk])).status_code == 403
    response = client.post(reverse("learning:attempt_start", args=[space["quizzes"][0].pk]))
    assert response.status_code == 302
    assert not Attempt.objects.exists()


def test_an_attempt_through_the_form_with_an_unreadable_number_then_graded(client, space):
    lea = space["learners"][0]
    client.force_login(lea)
    basics = space["quizzes"][0]
    single, numeric = space["questions"][:2]

    started = client.post(reverse("learning:attempt_start", args=[basics.pk]))
    attempt = Attempt.objects.get(person=lea)
    assert started["Location"] == reverse("learning:attempt", args=[attempt.pk])
    form = client.get(started["Location"]).content.decode()
    assert f'name="q{single.pk}"' in form and 'inputmode="decimal"' in form

    bad = client.post(
        started["Location"], {f"q{single.pk}": "a", f"q{numeric.pk}": "lots", "save": "1"}
    )
    assert bad.status_code == 400
    assert "Write a number, for example 3.5 or 3,5." in bad.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {}

    done = client.post(
        started["Location"], {f"q{single.pk}": "a", f"q{numeric.pk}": "3.6", "submit": "1"},
        follow=True,
    )  # fmt: skip
    page = done.content.decode()
    assert "Submitted: 100" in page and "Yes: wind is renewable." in page
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED


def test_a_learner_never_sees_another_learners_attempt(client, space):
    lea, otto = space["learners"]
    attempt = services.attempt_start(quiz=space["quizzes"][0], person=lea)
    client.force_login(otto)

    assert client.get(reverse("learning:attempt", args=[attempt.pk])).status_code == 403
    assert client.get(f"/api/v1/attempts/{attempt.pk}").status_code == 404
    client.force_login(space["lecturer"])
    assert client.get(reverse("learning:attempt", args=[attempt.pk])).status_code == 200


def test_the_api_units_progress_and_an_attempt(client, space):
    lea = space["learners"][0]
    client.force_login(lea)
    services.unit_view(unit=space["units"][0], person=lea)
    sources = space["quizzes"][1]

    units = client.get(f"/api/v1/runs/{space['run'].pk}/units").json()
    started = client.post(f"/api/v1/quizzes/{sources.pk}/attempts")

    assert [u["title"] for u in units["items"]] == [
        "What energy is",
        "Power and energy",
        "Renewables",
    ]
    assert units["items"][0]["viewed"] is True
    assert units["items"][2]["quizzes"][0]["time_limit_minutes"] == 10
    assert started.status_code == 201
    body = started.json()
    assert len(body["questions"]) == 2 and body["due_at"]
    attempt = Attempt.objects.get(pk=body["id"])
    for question in body["questions"]:
        assert "correct" not in question and "patterns" not in str(question)

    bad = client.put(
        f"/api/v1/attempts/{attempt.pk}/answers",
        {"answers": {"999999": "x"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "999999" in bad.json()["detail"]
    submitted = client.post(
        f"/api/v1/attempts/{attempt.pk}/submit",
        {"answers": right_answers(attempt, space)},
        content_type="application/json",
    )
    assert submitted.status_code == 200
    assert submitted.json()["percent"] == 100.0 and submitted.json()["passed"] is True
    again = client.post(
        f"/api/v1/attempts/{attempt.pk}/submit", {"answers": {}}, content_type="application/json"
    )
    assert again.status_code == 409 and "submitted already" in again.json()["detail"]

    progress = client.get("/api/v1/me/progress").json()["items"]
    assert progress == [
        {
            "run": space["run"].pk, "course": "Energy for citizens", "percent": 40, "units": 3,
            "units_viewed": 1, "quizzes": 2, "quizzes_passed": 1, "assignments": 0,
            "assignments_passed": 0, "grade_so_far": 100.0,
            "status": "enrolled",
        }
    ]  # fmt: skip


def test_the_api_refuses_a_late_submission_and_grades_what_was_saved(client, space):
    lea = space["learners"][0]
    client.force_login(lea)
    attempt = services.attempt_start(
        quiz=space["quizzes"][1],
        person=lea,
        now=timezone.now() - datetime.timedelta(minutes=11),
    )

    late = client.post(
        f"/api/v1/attempts/{attempt.pk}/submit",
        {"answers": right_answers(attempt, space)},
        content_type="application/json",
    )

    assert late.status_code == 409 and "The time limit passed" in late.json()["detail"]
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED and attempt.percent == 0


def test_the_personal_dashboard_opens_the_learning_space_with_the_progress(client, space):
    lea = space["learners"][0]
    services.unit_view(unit=space["units"][0], person=lea)
    client.force_login(lea)

    page = client.get(reverse("web:dashboard")).content.decode()

    assert reverse("learning:space", args=[space["run"].pk]) in page
    assert "1 of 3 units viewed, 0 of 2 quizzes passed" in page
