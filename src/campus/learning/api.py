"""The learning spaces' API: a run's units, the person's progress, and quiz attempts (start,
save answers, submit). A learner sees only their own attempts and marks."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from campus.catalog.models import Run
from campus.people.schemas import ErrorOut

from . import quiz as engine
from . import selectors, services
from .models import Attempt, AttemptState, Quiz
from .permissions import may_learn, may_see_attempt

router = Router(tags=["learning"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class QuizRefOut(Schema):
    id: int
    title: str
    best_percent: float | None = Field(None, description="The best finished attempt's mark")
    attempts_used: int
    attempts_allowed: int
    pass_percent: int
    time_limit_minutes: int | None


class UnitOut(Schema):
    id: int
    title: str
    section: str
    minutes: int
    viewed: bool
    quizzes: list[QuizRefOut]


class UnitsOut(Schema):
    run: int
    course: str
    items: list[UnitOut]


class ProgressOut(Schema):
    run: int
    course: str
    percent: int = Field(
        description="Units viewed, quizzes and assignments passed, of all three together"
    )
    units: int
    units_viewed: int
    quizzes: int
    quizzes_passed: int
    assignments: int = 0
    assignments_passed: int = 0
    grade_so_far: float | None = Field(None, description="Average of the best marks so far")
    status: str


class ProgressListOut(Schema):
    items: list[ProgressOut]


class OptionOut(Schema):
    key: str
    text: str


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    points: float
    options: list[OptionOut] = Field(default_factory=list, description="In this attempt's order")
    lefts: list[OptionOut] = Field(default_factory=list, description="Matching: the items")
    rights: list[OptionOut] = Field(default_factory=list, description="Matching: the answers")
    unit: str = ""
    answer: object | None = None
    points_earned: float | None = None
    feedback: str | None = None


class AttemptOut(Schema):
    id: int
    quiz: int
    number: int
    state: str
    started_at: datetime.datetime
    due_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    percent: float | None
    points: float | None
    max_points: float | None
    passed: bool | None
    questions: list[QuestionOut]


class AnswersIn(Schema):
    answers: dict[str, object] = Field(
        default_factory=dict,
        description=(
            "By question id: an option key (single), a list of keys (multiple), a number or "
            "its text (numeric), a text (short text), {item key: answer key} (matching)"
        ),
    )


def attempt_data(attempt: Attempt) -> dict:
    graded = {g["question"]: g for g in attempt.graded}
    questions = []
    for question in selectors.questions_of(attempt):
        plain = engine.Question(
            id=question.pk, kind=question.kind, points=float(question.points), spec=question.spec
        )
        entry = {
            "id": question.pk,
            "kind": question.kind,
            "text": question.text,
            "points": float(question.points),
            "unit": question.spec.get("unit", "") if question.kind == "numeric" else "",
            "answer": attempt.answers.get(str(question.pk)),
        }
        if question.kind in ("single", "multiple"):
            texts = {o["key"]: o["text"] for o in question.spec.get("options", [])}
            entry["options"] = [
                {"key": key, "text": texts[key]}
                for key in engine.option_order(plain, seed=attempt.seed)
            ]
        elif question.kind == "matching":
            lefts, rights = engine.matching_keys(plain)
            texts = dict(rights)
            entry["lefts"] = [{"key": k, "text": t} for k, t in lefts]
            entry["rights"] = [
                {"key": k, "text": texts[k]} for k in engine.option_order(plain, seed=attempt.seed)
            ]
        if attempt.state != AttemptState.OPEN and question.pk in graded:
            entry["points_earned"] = graded[question.pk]["points"]
            entry["feedback"] = graded[question.pk]["feedback"]
        questions.append(entry)
    return {
        "id": attempt.pk,
        "quiz": attempt.quiz_id,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": attempt.started_at,
        "due_at": attempt.due_at,
        "submitted_at": attempt.submitted_at,
        "percent": None if attempt.percent is None else float(attempt.percent),
        "points": None if attempt.points is None else float(attempt.points),
        "max_points": None if attempt.max_points is None else float(attempt.max_points),
        "passed": attempt.passed,
        "questions": questions,
    }


def _attempt_or_404(attempt_id: int, user) -> Attempt:
    found = (
        Attempt.objects.select_related("quiz__unit__section__run")
        .filter(pk=attempt_id)
        .order_by()
        .first()
    )
    if found is None or not may_see_attempt(user, found):
        raise HttpError(404, _("There is no attempt %(id)s of yours.") % {"id": attempt_id})
    return found


@router.get(
    "/runs/{run_id}/units",
    response={200: UnitsOut, **READ_ERRORS},
    summary="A run's learning space: its units in order, with the caller's progress",
    operation_id="run_units",
)
def run_units(request, run_id: int):
    run = get_object_or_404(Run.objects.select_related("course"), pk=run_id)
    if not may_learn(request.auth, run):
        raise HttpError(403, _("This learning space is for the participants of the run."))
    items = [
        {
            "id": entry.unit.pk,
            "title": entry.unit.title,
            "section": section.section.title,
            "minutes": entry.unit.minutes,
            "viewed": entry.viewed,
            "quizzes": [
                {
                    "id": q["quiz"].pk,
                    "title": q["quiz"].title,
                    "best_percent": None if q["best"] is None else float(q["best"]),
                    "attempts_used": q["used"],
                    "attempts_allowed": q["quiz"].attempts_allowed,
                    "pass_percent": q["quiz"].pass_percent,
                    "time_limit_minutes": q["quiz"].time_limit_minutes,
                }
                for q in entry.quizzes
            ],
        }
        for section in selectors.space(run, request.auth)
        for entry in section.units
    ]
    return {"run": run.pk, "course": run.course.title, "items": items}


@router.get(
    "/me/progress",
    response={200: ProgressListOut, 401: ErrorOut},
    summary="The caller's progress in each run with a learning space",
    operation_id="my_progress",
)
def my_progress(request):
    return {
        "items": [
            {
                "run": p.run.pk,
                "course": p.run.course.title,
                "percent": p.percent,
                "units": p.units,
                "units_viewed": p.viewed,
                "quizzes": p.quizzes,
                "quizzes_passed": p.passed,
                "assignments": p.assignments,
                "assignments_passed": p.assignments_passed,
                "grade_so_far": None if p.grade_so_far is None else float(p.grade_so_far),
                "status": p.status,
            }
            for p in selectors.progress_of(request.auth)
        ]
    }


@router.post(
    "/quizzes/{quiz_id}/attempts",
    response={201: AttemptOut, **WRITE_ERRORS},
    summary="Start an attempt at a quiz (or get back the one in progress)",
    description=(
        "Its questions are drawn now, in this attempt's order; a time limit (extended by the "
        "learner's extra time) starts now. 400 when the attempts allowed are used; 403 for "
        "anyone not enrolled in the run."
    ),
    operation_id="attempt_start",
)
def attempt_start(request, quiz_id: int):
    found = get_object_or_404(Quiz.objects.select_related("unit__section__run"), pk=quiz_id)
    attempt = services.attempt_start(quiz=found, person=request.auth)
    return Status(201, attempt_data(attempt))


@router.get(
    "/attempts/{attempt_id}",
    response={200: AttemptOut, **READ_ERRORS},
    summary="One of the caller's attempts (a run's lecturers see every learner's)",
    operation_id="attempt_get",
)
def attempt_get(request, attempt_id: int):
    return attempt_data(_attempt_or_404(attempt_id, request.auth))


def _closed(error: services.AttemptClosed):
    raise HttpError(409, error.messages[0]) from None


@router.put(
    "/attempts/{attempt_id}/answers",
    response={200: AttemptOut, **WRITE_ERRORS},
    summary="Save answers of an attempt in progress (merged with those saved before)",
    description=(
        "All or none: 400 names each answer that cannot be read. 409 once the attempt is "
        "submitted or its time is up (then it is graded on the answers saved in time)."
    ),
    operation_id="attempt_save",
)
def attempt_save(request, attempt_id: int, payload: AnswersIn):
    found = _attempt_or_404(attempt_id, request.auth)
    try:
        found = services.attempt_save(attempt=found, person=request.auth, responses=payload.answers)
    except services.AttemptClosed as error:
        _closed(error)
    return attempt_data(found)


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: AttemptOut, **WRITE_ERRORS},
    summary="Submit an attempt, with its last answers, for grading",
    description=(
        "Graded at once; the answer shows the marks and feedback. 409 when it was submitted "
        "already, or when its time limit passed (the answers saved in time are graded)."
    ),
    operation_id="attempt_submit",
)
def attempt_submit(request, attempt_id: int, payload: AnswersIn):
    found = _attempt_or_404(attempt_id, request.auth)
    try:
        found = services.attempt_submit(
            attempt=found, person=request.auth, responses=payload.answers
        )
    except services.AttemptClosed as error:
        _closed(error)
    return attempt_data(found)
