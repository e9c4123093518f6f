"""Reads of the learning spaces: a run's sections and units with a learner's progress, the
questions of an attempt for the quiz engine, the best marks, and progress across runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, Max, Prefetch, Q, When
from django.utils import timezone

from campus.catalog.models import SEATED_STATUSES, Enrolment, Run

from . import quiz as engine
from .models import (
    Assignment,
    Attempt,
    AttemptState,
    CriterionScore,
    PeerReview,
    Question,
    Quiz,
    RubricCriterion,
    Section,
    Submission,
    SubmissionState,
    Unit,
    UnitView,
)

FINISHED = (AttemptState.SUBMITTED, AttemptState.EXPIRED)


def _plain(question: Question) -> engine.Question:
    return engine.Question(
        id=question.pk, kind=question.kind, points=float(question.points), spec=question.spec
    )


def questions_of(attempt: Attempt) -> list[Question]:
    """The attempt's questions in its order, read once per attempt object (a submission
    reads them to check the answers, to grade and to answer)."""
    cached = attempt.__dict__.get("_question_rows")
    if cached is None:
        rows = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).order_by()}
        cached = [rows[pk] for pk in attempt.question_ids if pk in rows]
        attempt.__dict__["_question_rows"] = cached
    return cached


def engine_questions_of(attempt: Attempt) -> list[engine.Question]:
    return [_plain(q) for q in questions_of(attempt)]


def best_percents(quiz_ids: list[int], person) -> dict[int, Decimal | None]:
    """The best mark of the person's finished attempts at each quiz (None: none finished)."""
    found = dict(
        Attempt.objects.filter(quiz_id__in=quiz_ids, person=person, state__in=FINISHED)
        .order_by()
        .values("quiz_id")
        .annotate(best=Max("percent"))
        .values_list("quiz_id", "best")
    )
    return {pk: found.get(pk) for pk in quiz_ids}


def assignment_marks(assignment_ids: list[int], person) -> dict[int, tuple[Decimal | None, bool]]:
    """The person's graded submissions to these assignments: {assignment: (mark, passed)}."""
    return {
        pk: (percent, bool(passed))
        for pk, percent, passed in Submission.objects.filter(
            assignment_id__in=assignment_ids, person=person, state=SubmissionState.GRADED
        ).values_list("assignment_id", "percent", "passed")
    }


@dataclass
class UnitEntry:
    unit: Unit
    viewed: bool
    quizzes: list[dict] = field(default_factory=list)  # quiz, best, attempts used
    assignments: list[dict] = field(default_factory=list)  # assignment, the person's submission


@dataclass
class SectionEntry:
    section: Section
    units: list[UnitEntry]


@dataclass
class Progress:
    run: Run
    units: int
    viewed: int
    quizzes: int
    passed: int
    grade_so_far: Decimal | None  # the average of the best marks so far
    status: str = ""
    assignments: int = 0
    assignments_passed: int = 0

    @property
    def percent(self) -> int:
        """Units viewed, quizzes passed and assignments passed, of all three."""
        steps = self.units + self.quizzes + self.assignments
        done = self.viewed + self.passed + self.assignments_passed
        return round(100 * done / steps) if steps else 0


def space(run: Run, person) -> list[SectionEntry]:
    """The run's sections and units in order, with what the person has viewed, their best
    mark at each quiz and their submission to each assignment (a fixed number of queries)."""
    sections = list(
        Section.objects.filter(run=run)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("position", "pk")),
            Prefetch("units__quizzes", queryset=Quiz.objects.order_by("pk")),
            Prefetch("units__assignments", queryset=Assignment.objects.order_by("pk")),
        )
    )
    viewed = (
        set(
            UnitView.objects.filter(unit__section__run=run, person=person).values_list(
                "unit_id", flat=True
            )
        )
        if person.is_authenticated
        else set()
    )
    quiz_ids = [q.pk for s in sections for u in s.units.all() for q in u.quizzes.all()]
    stats = (
        {
            row["quiz_id"]: row
            for row in Attempt.objects.filter(quiz_id__in=quiz_ids, person=person)
            .order_by()
            .values("quiz_id")
            .annotate(best=Max("percent", filter=Q(state__in=FINISHED)), used=Count("pk"))
        }
        if person.is_authenticated
        else {}
    )
    assignment_ids = [a.pk for s in sections for u in s.units.all() for a in u.assignments.all()]
    submissions = (
        {
            found.assignment_id: found
            for found in Submission.objects.filter(
                assignment_id__in=assignment_ids, person=person
            ).only("pk", "assignment_id", "state", "percent", "passed")
        }
        if person.is_authenticated and assignment_ids
        else {}
    )
    return [
        SectionEntry(
            section=s,
            units=[
                UnitEntry(
                    unit=u,
                    viewed=u.pk in viewed,
                    assignments=[
                        {"assignment": a, "submission": submissions.get(a.pk)}
                        for a in u.assignments.all()
                    ],
                    quizzes=[
                        {
                            "quiz": q,
                            "best": stats.get(q.pk, {}).get("best"),
                            "used": stats.get(q.pk, {}).get("used", 0),
                        }
                        for q in u.quizzes.all()
                    ],
                )
                for u in s.units.all()
            ],
        )
        for s in sections
    ]


def progress(run: Run, person) -> Progress:
    return progress_of(person, [run])[0]


def progress_of(person, runs: list[Run] | None = None) -> list[Progress]:
    """The person's progress in each run they hold a place in that has a learning space (or
    in the given runs): units viewed, quizzes passed, assignments passed, the grade so far
    (quizzes' best marks and assignments' marks). Six queries."""
    enrolments = {
        e.run_id: e
        for e in Enrolment.objects.filter(person=person, status__in=SEATED_STATUSES).select_related(
            "run__course"
        )
    }
    if runs is None:
        spaced = set(
            Section.objects.filter(run_id__in=list(enrolments)).values_list("run_id", flat=True)
        )
        runs = [e.run for e in enrolments.values() if e.run_id in spaced]
    run_ids = [r.pk for r in runs]
    units = dict(
        Unit.objects.filter(section__run_id__in=run_ids)
        .order_by()
        .values("section__run_id")
        .annotate(n=Count("pk"))
        .values_list("section__run_id", "n")
    )
    viewed = dict(
        UnitView.objects.filter(unit__section__run_id__in=run_ids, person=person)
        .order_by()
        .values("unit__section__run_id")
        .annotate(n=Count("pk"))
        .values_list("unit__section__run_id", "n")
    )
    quizzes = list(
        Quiz.objects.filter(unit__section__run_id__in=run_ids).values_list(
            "pk", "unit__section__run_id", "pass_percent"
        )
    )
    best = best_percents([pk for pk, _run, _p in quizzes], person)
    assignments = list(
        Assignment.objects.filter(unit__section__run_id__in=run_ids).values_list(
            "pk", "unit__section__run_id"
        )
    )
    graded = assignment_marks([pk for pk, _run in assignments], person)
    found = []
    for run in runs:
        own = [(pk, mark) for pk, run_id, mark in quizzes if run_id == run.pk]
        tasks = [pk for pk, run_id in assignments if run_id == run.pk]
        marks = [best[pk] for pk, _mark in own if best[pk] is not None] + [
            graded[pk][0] for pk in tasks if pk in graded and graded[pk][0] is not None
        ]
        enrolment = enrolments.get(run.pk)
        found.append(
            Progress(
                run=run,
                units=units.get(run.pk, 0),
                viewed=viewed.get(run.pk, 0),
                quizzes=len(own),
                passed=sum(1 for pk, mark in own if best[pk] is not None and best[pk] >= mark),
                grade_so_far=(
                    (sum(marks) / len(marks)).quantize(Decimal("0.1")) if marks else None
                ),
                status=enrolment.status if enrolment else "",
                assignments=len(tasks),
                assignments_passed=sum(1 for pk in tasks if pk in graded and graded[pk][1]),
            )
        )
    return found


def study_period(run: Run, person):
    """The person's study period in the run (its dates, or their own for a self-paced run),
    or None when they hold no place in it."""
    enrolment = (
        Enrolment.objects.filter(run=run, person=person, status__in=SEATED_STATUSES).first()
        if person.is_authenticated
        else None
    )
    if enrolment is None:
        return None
    return run.study_period(timezone.localdate(enrolment.queued_at))


def attempts_of(quiz: Quiz, person) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, person=person).order_by("number"))


# --- assignments -----------------------------------------------------------------------------


@dataclass
class Feedback:
    """One set of scores on a submission as its author sees it: a lecturer's grade, or a peer
    review shown as "Reviewer 1", "Reviewer 2" (never by name)."""

    number: int  # 0 for the lecturer's grade, then the reviews in the order they came
    percent: Decimal | None
    comment: str
    scores: list  # CriterionScore, in the rubric's order


def criteria_of(assignment: Assignment) -> list[RubricCriterion]:
    return list(
        RubricCriterion.objects.filter(rubric_id=assignment.rubric_id).order_by("position", "pk")
    )


def submission_of(assignment: Assignment, person) -> Submission | None:
    if not person.is_authenticated:
        return None
    return Submission.objects.filter(assignment=assignment, person=person).first()


def feedback_on(submission: Submission) -> list[Feedback]:
    """The lecturer's grade (if any) and the finished peer reviews of a submission, anonymous."""
    found = []
    if submission.graded_by_id is not None:
        found.append(
            Feedback(
                number=0,
                percent=submission.percent,
                comment=submission.comment,
                scores=list(submission.scores.select_related("criterion")),
            )
        )
    reviews = (
        submission.reviews.filter(submitted_at__isnull=False)
        .order_by("submitted_at", "pk")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion"))
        )
    )
    for number, review in enumerate(reviews, start=1):
        found.append(
            Feedback(
                number=number,
                percent=review.percent,
                comment=review.comment,
                scores=list(review.scores.all()),
            )
        )
    return found


def peer_reviews_of(person) -> list[PeerReview]:
    """The reviews assigned to the person, the unfinished first (two queries at most)."""
    return list(
        PeerReview.objects.filter(reviewer=person)
        .select_related("submission__assignment__unit__section__run__course")
        .order_by(F("submitted_at").asc(nulls_first=True), "assigned_at", "pk")
    )


def grading_queue(assignment: Assignment) -> list[Submission]:
    """The handed-in submissions of an assignment for its lecturers: those waiting for a grade
    first, with their author and how many peer reviews are finished."""
    return list(
        Submission.objects.filter(assignment=assignment)
        .exclude(state=SubmissionState.DRAFT)
        .select_related("person")
        .annotate(
            reviews_done=Count("reviews", filter=Q(reviews__submitted_at__isnull=False)),
            waiting=Case(When(state=SubmissionState.SUBMITTED, then=0), default=1),
        )
        .order_by("waiting", "submitted_at", "pk")
    )


def assignments_taught(person) -> list[Assignment]:
    """The assignments of the runs the person teaches, with how many submissions wait."""
    return list(
        Assignment.objects.filter(unit__section__run__teachers=person)
        .select_related("unit__section__run__course")
        .annotate(
            waiting=Count("submissions", filter=Q(submissions__state=SubmissionState.SUBMITTED))
        )
        .order_by("unit__section__run", "unit__section__position", "unit__position", "pk")
    )
