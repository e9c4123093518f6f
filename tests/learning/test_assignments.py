"""Assignments: submissions (texts and files), a lecturer's grade by a rubric, peer review the
MOOC way (its allocation, its grade, its anonymity), and completion with an assignment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.catalog import services as catalog
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.credentials.models import Credential
from campus.learning import assignments, content, selectors, services
from campus.learning.models import (
    Assignment,
    CriterionScore,
    PeerReview,
    Rubric,
    RubricCriterion,
    Submission,
    SubmissionState,
)
from campus.people.models import Role
from campus.permissions import Action, can
from tests.factories import PersonFactory
from tests.learning.test_services import right_answers

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="essay.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def task(space):
    return make_task(space)


def make_task(space):
    """The space's run with a rubric (10 + 5 points) and an essay assignment graded by two
    peers; the two learners of the space and three more enrolled."""
    run = space["run"]
    rubric = Rubric.objects.create(run=run, title="Essay")
    argument = RubricCriterion.objects.create(
        rubric=rubric, position=1, title="Argument", max_points=10
    )
    sources = RubricCriterion.objects.create(
        rubric=rubric, position=2, title="Sources", max_points=5
    )
    essay = Assignment.objects.create(
        unit=space["units"][2],
        title="An energy plan",
        instructions="Write **a plan**.",
        rubric=rubric,
        peer_reviews=2,
        allow_text=True,
        allow_file=True,
    )
    more = [
        PersonFactory(display_name=f"Learner {i}", roles=[Role.LIFELONG_LEARNER]) for i in range(3)
    ]
    for person in more:
        catalog.enrol(run=run, person=person, by=person)
    return {
        **space,
        "rubric": rubric,
        "criteria": (argument, sources),
        "essay": essay,
        "people": [*space["learners"], *more],
    }


def scores(task, argument, sources, comment=""):
    a, s = task["criteria"]
    return [
        {"criterion": a.pk, "points": argument, "comment": comment},
        {"criterion": s.pk, "points": sources, "comment": ""},
    ]


def hand_in(task, person, text="My plan."):
    return assignments.submission_submit(assignment=task["essay"], person=person, text=text)


def reviewers_of(submission):
    return sorted(submission.reviews.values_list("reviewer__display_name", flat=True))


# --- allocation ------------------------------------------------------------------------------


def test_three_submitters_review_each_other_two_by_two_and_a_late_fourth_is_reviewed(task):
    a, b, c, d = task["people"][:4]
    first = hand_in(task, a)
    assert reviewers_of(first) == []  # nobody else has handed in yet: it waits
    second = hand_in(task, b)
    assert reviewers_of(second) == [a.display_name]
    assert reviewers_of(first) == [b.display_name]
    third = hand_in(task, c)
    # Each submission now has its two reviewers, and each submitter two reviews to do.
    assert reviewers_of(first) == sorted([b.display_name, c.display_name])
    assert reviewers_of(second) == sorted([a.display_name, c.display_name])
    assert reviewers_of(third) == sorted([a.display_name, b.display_name])
    assert all(PeerReview.objects.filter(reviewer=p).count() == 2 for p in (a, b, c))

    fourth = hand_in(task, d)
    # All three are equally loaded: the earliest submitters review it; nothing waits for d.
    assert reviewers_of(fourth) == sorted([a.display_name, b.display_name])
    assert PeerReview.objects.filter(reviewer=d).count() == 0
    # A fifth submitter is reviewed by the least loaded first: d (0), then c (2, before a, b: 3).
    e = task["people"][4]
    fifth = hand_in(task, e)
    assert reviewers_of(fifth) == sorted([c.display_name, d.display_name])


def test_nobody_reviews_their_own_work_and_handing_in_again_allocates_nothing_new(task):
    a, b, c = task["people"][:3]
    for person in (a, b, c):
        hand_in(task, person)
    hand_in(task, a, text="A better plan.")  # until graded, the work may be handed in again
    assert PeerReview.objects.count() == 6
    for review in PeerReview.objects.select_related("submission"):
        assert review.reviewer_id != review.submission.person_id
    with pytest.raises(ValidationError):
        PeerReview(submission=Submission.objects.get(person=b), reviewer=b).full_clean()
    mine = PeerReview.objects.filter(reviewer=a).first()
    with pytest.raises(PermissionDenied):
        assignments.peer_review_submit(
            review=mine, person=mine.submission.person, scores=scores(task, 5, 5)
        )


def test_scores_out_of_range_are_refused_with_nothing_written(task):
    a, b, c = task["people"][:3]
    for person in (a, b, c):
        hand_in(task, person)
    review = PeerReview.objects.filter(reviewer=a).first()
    argument, sources = task["criteria"]
    for wrong in (
        scores(task, 11, 5),  # above the criterion's 10
        scores(task, -1, 5),
        scores(task, "many", 5),
        scores(task, 5, 5)[:1],  # a criterion left out
        [*scores(task, 5, 5), {"criterion": 999999, "points": 1}],
    ):
        with pytest.raises(ValidationError) as refused:
            assignments.peer_review_submit(review=review, person=a, scores=wrong)
        assert refused.value.message_dict
    review.refresh_from_db()
    assert review.submitted_at is None and not CriterionScore.objects.exists()
    lecturer = task["lecturer"]
    submission = review.submission
    with pytest.raises(ValidationError) as refused:
        assignments.submission_grade(submission=submission, by=lecturer, scores=scores(task, 3, 6))
    assert f"c{sources.pk}" in refused.value.message_dict
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED and submission.percent is None


def test_two_reviews_give_the_mean_of_their_marks_and_a_review_is_sent_once(task):
    a, b, c = task["people"][:3]
    for person in (a, b, c):
        hand_in(task, person)
    target = Submission.objects.get(person=a)
    by_b, by_c = (PeerReview.objects.get(submission=target, reviewer=p) for p in (b, c))
    assignments.peer_review_submit(review=by_b, person=b, scores=scores(task, 10, 5, "Clear."))
    target.refresh_from_db()
    assert target.state == SubmissionState.SUBMITTED  # one of two reviews in
    assignments.peer_review_submit(review=by_c, person=c, scores=scores(task, 4, 2.5))

    target.refresh_from_db()
    # 15/15 = 100 % and 6.5/15 = 43.33 %: their mean, 71.67 %, passes the 60 % mark.
    assert (target.state, target.percent, target.passed, target.graded_by) == (
        SubmissionState.GRADED,
        Decimal("71.67"),
        True,
        None,
    )
    with pytest.raises(assignments.AlreadyDone):
        assignments.peer_review_submit(review=by_b, person=b, scores=scores(task, 1, 1))
    with pytest.raises(assignments.AlreadyDone):
        hand_in(task, a, text="Too late: it is graded.")


def test_a_lecturers_grade_replaces_the_peer_grade(task):
    a, b, c = task["people"][:3]
    for person in (a, b, c):
        hand_in(task, person)
    target = Submission.objects.get(person=a)
    for review in target.reviews.all():
        assignments.peer_review_submit(
            review=review, person=review.reviewer, scores=scores(task, 10, 5)
        )
    with pytest.raises(PermissionDenied):
        assignments.submission_grade(submission=target, by=b, scores=scores(task, 0, 0))

    graded = assignments.submission_grade(
        submission=target,
        by=task["lecturer"],
        scores=scores(task, 3, 0, "Thin."),
        comment="Redo the sources.",
    )
    assert (graded.percent, graded.passed, graded.graded_by) == (
        Decimal("20.00"),
        False,
        task["lecturer"],
    )
    assert list(graded.scores.values_list("points", "comment")) == [
        (Decimal("3.00"), "Thin."),
        (Decimal("0.00"), ""),
    ]
    # The peer grade does not come back once a lecturer graded.
    assert assignments.peer_grade(submission=target) is False


def test_a_run_with_a_quiz_and_an_assignment_completes_only_when_both_are_passed(task):
    lea = task["learners"][0]
    task["essay"].peer_reviews = 0  # graded by the lecturers
    task["essay"].save()
    basics, sources = task["quizzes"]
    sources.delete()
    for unit in task["units"]:
        services.unit_view(unit=unit, person=lea)
    attempt = services.attempt_start(quiz=basics, person=lea)
    services.attempt_submit(attempt=attempt, person=lea, responses=right_answers(attempt, task))
    enrolment = Enrolment.objects.get(run=task["run"], person=lea)
    assert enrolment.status == EnrolmentStatus.ENROLLED  # the assignment is still to pass
    progress = selectors.progress(task["run"], lea)
    assert (progress.assignments, progress.assignments_passed, progress.percent) == (1, 0, 80)

    submission = hand_in(task, lea)
    assignments.submission_grade(
        submission=submission, by=task["lecturer"], scores=scores(task, 7, 5)
    )

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.ects_grade == "A"  # the quiz's 100 % and the assignment's 80 %: 90 %
    assert Credential.objects.filter(person=lea, run=task["run"]).count() == 1
    assert selectors.progress(task["run"], lea).percent == 100


def test_a_failed_assignment_keeps_the_run_open_unless_the_rule_leaves_assignments_out(task):
    otto = task["learners"][1]
    task["essay"].peer_reviews = 0
    task["essay"].save()
    task["quizzes"][1].delete()
    for unit in task["units"]:
        services.unit_view(unit=unit, person=otto)
    attempt = services.attempt_start(quiz=task["quizzes"][0], person=otto)
    services.attempt_submit(attempt=attempt, person=otto, responses=right_answers(attempt, task))
    submission = hand_in(task, otto)
    assignments.submission_grade(
        submission=submission, by=task["lecturer"], scores=scores(task, 2, 1)
    )
    assert Enrolment.objects.get(run=task["run"], person=otto).status == "enrolled"

    rule = task["run"].completion_rule
    rule.assignments_pass = False
    rule.save()
    assert services.completion_check(run=task["run"], person=otto) is True


# --- submissions -----------------------------------------------------------------------------


def test_a_file_is_kept_privately_and_a_wrong_type_or_oversize_is_refused(
    task, monkeypatch, settings
):
    lea = task["learners"][0]
    with pytest.raises(ValidationError) as refused:
        assignments.submission_submit(
            assignment=task["essay"], person=lea, file=pdf("plan.exe", b"MZ\x90\x00 not a pdf")
        )
    assert "file" in refused.value.message_dict
    vtt = SimpleUploadedFile("notes.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n")
    with pytest.raises(ValidationError) as refused:
        assignments.submission_submit(assignment=task["essay"], person=lea, file=vtt)
    assert "not taken as work" in refused.value.message_dict["file"][0]
    monkeypatch.setitem(content.UPLOAD_MAX_BYTES, "pdf", 10)
    with pytest.raises(ValidationError) as refused:
        assignments.submission_submit(assignment=task["essay"], person=lea, file=pdf())
    assert "larger than" in refused.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        assignments.submission_submit(assignment=task["essay"], person=lea, text="x" * 20_001)
    with pytest.raises(ValidationError):
        assignments.submission_submit(assignment=task["essay"], person=lea, text="  ")
    assert not Submission.objects.exists()

    monkeypatch.undo()
    submission = assignments.submission_submit(assignment=task["essay"], person=lea, file=pdf())
    assert submission.content_type == "application/pdf" and submission.file_name == "essay.pdf"
    # Handed in again with a text only, it keeps its file.
    again = assignments.submission_submit(assignment=task["essay"], person=lea, text="A note.")
    assert again.file.name == submission.file.name and again.text == "A note."
    path = submission.file.path
    assert str(settings.MEDIA_ROOT) not in path  # never under the media that the web serves
    assert "essay" not in path.rsplit("/", 1)[1]  # a random name, not the learner's
    with pytest.raises(ValueError, match="no public address"):
        submission.file.url  # noqa: B018


def test_work_is_handed_in_within_the_study_period(task):
    run = task["run"]
    late = timezone.make_aware(datetime.datetime.combine(run.ends_on, datetime.time(12)))
    late += datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="its assignments are closed"):
        assignments.submission_submit(
            assignment=task["essay"], person=task["learners"][0], text="Late.", now=late
        )
    assert not Submission.objects.exists()


def test_only_enrolled_learners_hand_in(task):
    with pytest.raises(PermissionDenied):
        hand_in(task, PersonFactory())
    with pytest.raises(PermissionDenied):
        hand_in(task, task["lecturer"])


def test_the_review_list_and_the_grading_queue_take_one_query_each(task, django_assert_num_queries):
    people = task["people"][:4]
    for person in people:
        hand_in(task, person)
    with django_assert_num_queries(1):
        reviews = selectors.peer_reviews_of(people[0])
        titles = [r.submission.assignment.unit.section.run.course.title for r in reviews]
    assert len(titles) == 3
    with django_assert_num_queries(1):
        queue = selectors.grading_queue(task["essay"])
        names = [(s.person.display_name, s.reviews_done) for s in queue]
    assert len(names) == 4


def test_the_permission_rules_of_submissions_and_reviews(task):
    a, b, c, d = task["people"][:4]
    for person in (a, b, c):
        hand_in(task, person)
    work = Submission.objects.get(person=a)
    review = PeerReview.objects.filter(submission=work).first()
    assert can(a, Action.VIEW, work) and can(a, Action.CHANGE, work)
    assert can(review.reviewer, Action.VIEW, work) and not can(review.reviewer, Action.ASSESS, work)
    assert not can(d, Action.VIEW, work)
    assert can(task["lecturer"], Action.ASSESS, work)
    assert can(review.reviewer, Action.CHANGE, review) and not can(a, Action.VIEW, review)
    assert can(task["lecturer"], Action.CHANGE, task["essay"]) and not can(
        a, Action.CHANGE, task["essay"]
    )


def test_the_space_shows_each_units_assignments_with_the_learners_submission(task):
    lea = task["learners"][0]
    hand_in(task, lea)
    units = [u for s in selectors.space(task["run"], lea) for u in s.units]
    entry = units[2].assignments[0]
    assert entry["assignment"] == task["essay"] and entry["submission"].state == "submitted"
    assert all(not u.assignments for u in units[:2])
