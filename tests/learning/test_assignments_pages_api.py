"""The assignments' pages and API: handing in through the form, the anonymous review, the
lecturers' queue and grade, the private file download, and nobody else's work."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campus.learning import assignments
from campus.learning.models import PeerReview, Submission, SubmissionState
from tests.factories import PersonFactory
from tests.learning.test_assignments import PDF, hand_in, make_task, pdf, scores


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def task(space):
    return make_task(space)


def test_a_learner_hands_in_through_the_page_and_sees_the_rubric(client, task):
    lea = task["learners"][0]
    client.force_login(lea)
    url = reverse("learning_assignments:assignment", args=[task["essay"].pk])

    page = client.get(url).content.decode()
    refused = client.post(url, {"text": "", "submit": "1"})
    handed = client.post(url, {"text": "My plan.", "file": pdf(), "submit": "1"})

    assert "<strong>a plan</strong>" in page and "Argument" in page and "Hand in" in page
    assert (
        refused.status_code == 400
        and "Write your text or choose a file" in refused.content.decode()
    )
    assert handed.status_code == 302
    submission = Submission.objects.get(person=lea)
    assert submission.state == SubmissionState.SUBMITTED and submission.file_name == "essay.pdf"
    again = client.get(url).content.decode()
    assert "Your work" in again and "Hand in again" in again


def test_a_reviewer_sees_the_work_without_its_author_and_the_author_not_the_reviewer(client, task):
    a, b, c = task["people"][:3]
    for person in (a, b, c):
        assignments.submission_submit(
            assignment=task["essay"], person=person, text=f"Plan of {person.pk}.", file=pdf()
        )
    review = PeerReview.objects.get(submission__person=a, reviewer=b)
    client.force_login(b)

    listing = client.get(reverse("learning_assignments:my_reviews")).content.decode()
    page = client.get(reverse("learning_assignments:review", args=[review.pk])).content.decode()
    download = client.get(reverse("learning_assignments:file", args=[review.submission.pk]))

    assert a.display_name not in listing and a.display_name not in page
    assert f"Plan of {a.pk}." in page
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF

    argument, sources = task["criteria"]
    bad = client.post(
        review.get_absolute_url(), {f"c{argument.pk}-points": "12", f"c{sources.pk}-points": "5"}
    )
    assert bad.status_code == 400 and "takes from 0 to 10 points" in bad.content.decode()
    sent = client.post(
        review.get_absolute_url(),
        {f"c{argument.pk}-points": "8", f"c{sources.pk}-points": "4,5", "comment": "Good."},
    )
    assert sent.status_code == 302
    review.refresh_from_db()
    assert review.percent == Decimal("83.33")  # 12.5 of 15

    other = PeerReview.objects.get(submission__person=a, reviewer=c)
    assignments.peer_review_submit(review=other, person=c, scores=scores(task, 10, 5))
    client.force_login(a)
    mine = client.get(
        reverse("learning_assignments:assignment", args=[task["essay"].pk])
    ).content.decode()
    assert "Reviewer 1" in mine and "Reviewer 2" in mine and "Good." in mine
    assert b.display_name not in mine and c.display_name not in mine


def test_another_learners_work_and_file_are_refused(client, task):
    a, b, c, d = task["people"][:4]
    for person in (a, b, c):
        assignments.submission_submit(
            assignment=task["essay"], person=person, text="Plan.", file=pdf()
        )
    work = Submission.objects.get(person=a)
    client.force_login(d)  # enrolled, but not a reviewer of it
    assert client.get(reverse("learning_assignments:file", args=[work.pk])).status_code == 404
    assert client.get(reverse("learning_assignments:grade", args=[work.pk])).status_code == 403
    review = PeerReview.objects.filter(submission=work).first()
    assert client.get(reverse("learning_assignments:review", args=[review.pk])).status_code == 404
    assert (
        client.post(
            f"/api/v1/peer-reviews/{review.pk}", {"scores": []}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/submissions/{work.pk}/grade", {"scores": []}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(PersonFactory())  # not in the run
    assert (
        client.get(reverse("learning_assignments:assignment", args=[task["essay"].pk])).status_code
        == 403
    )
    assert client.get(reverse("learning_assignments:file", args=[work.pk])).status_code == 404


def test_the_lecturers_queue_and_grade(client, task):
    a = task["people"][0]
    hand_in(task, a)
    work = Submission.objects.get(person=a)
    client.force_login(task["lecturer"])
    queue = client.get(
        reverse("learning_assignments:queue", args=[task["essay"].pk])
    ).content.decode()
    assert a.display_name in queue and "To grade" in queue
    argument, sources = task["criteria"]
    graded = client.post(
        reverse("learning_assignments:grade", args=[work.pk]),
        {
            f"c{argument.pk}-points": "9",
            f"c{argument.pk}-comment": "Sharp.",
            f"c{sources.pk}-points": "3",
            "comment": "Well done.",
        },
    )
    assert graded.status_code == 302
    work.refresh_from_db()
    assert (work.percent, work.passed, work.graded_by) == (80, True, task["lecturer"])
    client.force_login(a)
    assert (
        client.get(reverse("learning_assignments:queue", args=[task["essay"].pk])).status_code
        == 403
    )


def test_the_api(client, task):
    a, b, c = task["people"][:3]
    essay = task["essay"]
    client.force_login(a)
    assert client.get(f"/api/v1/assignments/{essay.pk}/submission").status_code == 404
    wrong = client.post(
        f"/api/v1/assignments/{essay.pk}/submissions",
        {"file": pdf("plan.pdf", b"not a pdf at all")},
    )
    assert wrong.status_code == 400 and "not of an accepted type" in wrong.json()["detail"]
    made = client.post(
        f"/api/v1/assignments/{essay.pk}/submissions", {"text": "My plan.", "file": pdf()}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["state"] == "submitted" and body["file_url"].endswith("/file/")
    for person in (b, c):
        hand_in(task, person)

    reviews = client.get("/api/v1/me/peer-reviews").json()["items"]
    assert len(reviews) == 2
    assert all("person" not in r["work"] and "reviewer" not in r for r in reviews)
    argument, sources = task["criteria"]
    payload = {
        "scores": [
            {"criterion": argument.pk, "points": 11},
            {"criterion": sources.pk, "points": 5},
        ],
        "comment": "",
    }
    out_of_range = client.post(
        f"/api/v1/peer-reviews/{reviews[0]['id']}", payload, content_type="application/json"
    )
    assert out_of_range.status_code == 400 and "0 to 10" in out_of_range.json()["detail"]
    payload["scores"][0]["points"] = 10
    sent = client.post(
        f"/api/v1/peer-reviews/{reviews[0]['id']}", payload, content_type="application/json"
    )
    assert sent.status_code == 200 and sent.json()["percent"] == 100.0
    again = client.post(
        f"/api/v1/peer-reviews/{reviews[0]['id']}", payload, content_type="application/json"
    )
    assert again.status_code == 409

    forbidden = client.post(
        f"/api/v1/submissions/{body['id']}/grade", payload, content_type="application/json"
    )
    assert forbidden.status_code == 403  # the author sees their work, but grades it not
    client.force_login(task["lecturer"])
    graded = client.post(
        f"/api/v1/submissions/{body['id']}/grade", payload, content_type="application/json"
    )
    assert graded.status_code == 200 and graded.json()["percent"] == 100.0
    client.force_login(a)
    mine = client.get(f"/api/v1/assignments/{essay.pk}/submission").json()
    assert mine["graded_by_peers"] is False and mine["feedback"][0]["reviewer"] == "lecturer"
    resubmit = client.post(f"/api/v1/assignments/{essay.pk}/submissions", {"text": "Later."})
    assert resubmit.status_code == 409


def test_the_space_and_the_unit_lead_to_the_assignment(client, task):
    essay = task["essay"]
    client.force_login(task["learners"][0])

    space_page = client.get(reverse("learning:space", args=[essay.unit.section.run.pk]))
    unit_page = client.get(reverse("learning:unit", args=[essay.unit.pk]))

    link = reverse("learning_assignments:assignment", args=[essay.pk])
    assert link in space_page.content.decode() and link in unit_page.content.decode()
    assert "not handed in yet" in space_page.content.decode()
    assert "0 of 1 assignments passed" in space_page.content.decode()
