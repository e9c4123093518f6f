"""The learning spaces' services: units viewed, attempts started, saved and submitted, extra
time, and a run completed by its rules (with its credential)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.credentials.models import Credential
from campus.learning import services
from campus.learning.models import KINDS as MODEL_KINDS
from campus.learning.models import Attempt, AttemptState, UnitView
from campus.learning.quiz import KINDS
from tests.factories import PersonFactory

RIGHT = {
    "single": "a",
    "numeric": "3,62",  # within 0.05 of 3.6, with a decimal comma
    "multiple": ["a", "b"],
    "text": "Photo synthesis",  # the pattern photo*synthesis, case and spacing aside
    "matching": ["l1:r1", "l2:r2"],
}


def right_answers(attempt, space):
    kinds = {q.pk: q.kind for q in space["questions"]}
    return {str(pk): RIGHT[kinds[pk]] for pk in attempt.question_ids}


def test_the_models_know_the_engines_kinds():
    assert MODEL_KINDS == KINDS


def test_a_unit_viewed_counts_once_and_a_teacher_previewing_counts_nothing(space):
    lea = space["learners"][0]
    unit = space["units"][0]
    services.unit_view(unit=unit, person=lea)
    services.unit_view(unit=unit, person=lea)
    assert services.unit_view(unit=unit, person=space["lecturer"]) is None
    assert UnitView.objects.filter(unit=unit).count() == 1
    with pytest.raises(PermissionDenied):
        services.unit_view(unit=unit, person=PersonFactory())


def test_an_attempt_draws_its_questions_once_and_reopens_while_in_progress(space):
    lea = space["learners"][0]
    sources = space["quizzes"][1]
    now = timezone.now()

    first = services.attempt_start(quiz=sources, person=lea, now=now)
    again = services.attempt_start(
        quiz=sources, person=lea, now=now + datetime.timedelta(minutes=1)
    )

    assert again.pk == first.pk
    assert len(first.question_ids) == 2
    assert set(first.question_ids) <= {q.pk for q in space["questions"][2:]}
    assert first.due_at == now + datetime.timedelta(minutes=10)


def test_extra_time_lengthens_the_limit_and_only_lecturers_grant_it(space):
    lea, otto = space["learners"]
    run, sources = space["run"], space["quizzes"][1]
    with pytest.raises(PermissionDenied):
        services.accommodation_set(run=run, person=lea, extra_time_percent=50, by=otto)
    services.accommodation_set(run=run, person=lea, extra_time_percent=50, by=space["lecturer"])
    now = timezone.now()

    attempt = services.attempt_start(quiz=sources, person=lea, now=now)

    assert attempt.due_at == now + datetime.timedelta(minutes=15)


def test_only_enrolled_learners_attempt_and_never_another_learners_attempt(space):
    lea, otto = space["learners"]
    basics = space["quizzes"][0]
    with pytest.raises(PermissionDenied):
        services.attempt_start(quiz=basics, person=PersonFactory())
    attempt = services.attempt_start(quiz=basics, person=lea)
    with pytest.raises(PermissionDenied):
        services.attempt_save(attempt=attempt, person=otto, responses={})
    with pytest.raises(PermissionDenied):
        services.attempt_submit(attempt=attempt, person=otto)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.OPEN and attempt.answers == {}


def test_an_unreadable_answer_saves_nothing_and_names_its_question(space):
    lea = space["learners"][0]
    basics = space["quizzes"][0]
    single, numeric = space["questions"][:2]
    attempt = services.attempt_start(quiz=basics, person=lea)

    with pytest.raises(ValidationError) as refused:
        services.attempt_save(
            attempt=attempt,
            person=lea,
            responses={str(single.pk): "a", str(numeric.pk): "about four"},
        )

    assert list(refused.value.message_dict) == [f"q{numeric.pk}"]
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_a_submission_is_graded_once(space):
    lea = space["learners"][0]
    basics = space["quizzes"][0]
    single, numeric = space["questions"][:2]
    attempt = services.attempt_start(quiz=basics, person=lea)
    services.attempt_save(attempt=attempt, person=lea, responses={str(single.pk): "b"})

    graded = services.attempt_submit(
        attempt=attempt, person=lea, responses={str(numeric.pk): "3,62"}
    )

    # The single choice was wrong (0 of 1), the number right (2 of 2): 2 of 3 points.
    assert (graded.points, graded.max_points, graded.percent) == (
        Decimal("2.00"),
        Decimal("3.00"),
        Decimal("66.67"),
    )
    assert graded.passed and graded.state == AttemptState.SUBMITTED
    feedback = {g["question"]: g["feedback"] for g in graded.graded}
    assert feedback[single.pk] == "Coal is not renewable."
    with pytest.raises(services.AttemptClosed):
        services.attempt_submit(attempt=attempt, person=lea, responses={str(single.pk): "a"})
    attempt.refresh_from_db()
    assert attempt.percent == Decimal("66.67")


def test_after_the_time_limit_only_the_answers_saved_in_time_count(space):
    lea = space["learners"][0]
    sources = space["quizzes"][1]
    start = timezone.now()
    attempt = services.attempt_start(quiz=sources, person=lea, now=start)
    answers = right_answers(attempt, space)
    first, second = list(answers)
    services.attempt_save(attempt=attempt, person=lea, responses={first: answers[first]}, now=start)

    with pytest.raises(services.AttemptClosed) as closed:
        services.attempt_submit(
            attempt=attempt,
            person=lea,
            responses={second: answers[second]},
            now=start + datetime.timedelta(minutes=11),
        )

    assert "The time limit passed" in closed.value.messages[0]
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED
    assert list(attempt.answers) == [first]
    assert attempt.percent == Decimal("50.00")  # one of two questions, each 1 point


def test_the_attempts_allowed_are_a_limit(space):
    lea = space["learners"][0]
    basics = space["quizzes"][0]
    for _ in range(basics.attempts_allowed):
        services.attempt_submit(attempt=services.attempt_start(quiz=basics, person=lea), person=lea)
    with pytest.raises(ValidationError, match="You have used the 2 attempts"):
        services.attempt_start(quiz=basics, person=lea)
    assert Attempt.objects.filter(quiz=basics, person=lea).count() == 2


def test_meeting_the_rules_completes_the_run_and_issues_its_credential(space):
    lea = space["learners"][0]
    basics, sources = space["quizzes"]
    for unit in space["units"]:
        services.unit_view(unit=unit, person=lea)
    first = services.attempt_start(quiz=basics, person=lea)
    services.attempt_submit(attempt=first, person=lea, responses=right_answers(first, space))
    enrolment = Enrolment.objects.get(run=space["run"], person=lea)
    assert enrolment.status == EnrolmentStatus.ENROLLED  # a quiz is still to pass

    second = services.attempt_start(quiz=sources, person=lea)
    services.attempt_submit(attempt=second, person=lea, responses=right_answers(second, space))

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert (enrolment.ects_grade, enrolment.ects_earned, enrolment.assessor) == (
        "A",
        Decimal("3.0"),
        None,
    )
    assert Credential.objects.filter(person=lea, run=space["run"]).count() == 1
    # Its quizzes are closed to a learner whose result is recorded.
    with pytest.raises(PermissionDenied):
        services.attempt_start(quiz=basics, person=lea)


def test_a_failed_quiz_does_not_complete_the_run(space):
    otto = space["learners"][1]
    basics = space["quizzes"][0]
    for unit in space["units"]:
        services.unit_view(unit=unit, person=otto)
    attempt = services.attempt_start(quiz=basics, person=otto)
    services.attempt_submit(attempt=attempt, person=otto, responses={})
    assert Enrolment.objects.get(run=space["run"], person=otto).status == "enrolled"


@pytest.mark.parametrize(
    ("percents", "grade"),
    [([], "C"), ([100, 90], "A"), ([89.9], "B"), ([70, 70], "C"), ([65], "D"), ([64.99], "E")],
)
def test_the_grade_of_a_run_completed_by_its_rules(percents, grade):
    assert services.grade_for(percents) == grade


def test_a_self_paced_run_opens_its_quizzes_from_enrolment_to_the_personal_deadline(space):
    run, lea = space["run"], space["learners"][0]
    run.self_paced, run.personal_weeks = True, 4
    run.save()
    enrolment = Enrolment.objects.get(run=run, person=lea)
    enrolled = timezone.localdate(enrolment.queued_at)
    starts, ends = run.study_period(enrolled)
    assert (starts, ends) == (
        max(run.starts_on, enrolled),
        min(run.ends_on, max(run.starts_on, enrolled) + datetime.timedelta(weeks=4)),
    )
    late = timezone.make_aware(datetime.datetime.combine(ends, datetime.time(12)))
    with pytest.raises(ValidationError, match="Your time for this run ended on"):
        services.attempt_start(
            quiz=space["quizzes"][0], person=lea, now=late + datetime.timedelta(days=1)
        )
    assert not Attempt.objects.exists()


def test_a_cohort_runs_quizzes_open_on_its_first_day(space):
    run, lea = space["run"], space["learners"][0]
    before = timezone.make_aware(
        datetime.datetime.combine(run.starts_on - datetime.timedelta(days=1), datetime.time(12))
    )
    with pytest.raises(ValidationError, match="The quizzes of this run open on"):
        services.attempt_start(quiz=space["quizzes"][0], person=lea, now=before)
