"""Every write of the learning spaces: a unit viewed, a quiz attempt started, answered and
submitted (graded by the quiz engine), extra time granted, and the run completed by its rules.

Attempts are written under a lock of the learner's enrolment row, so two clicks, two tabs or
two devices never open two attempts, lose an answer or grade twice; a refused write leaves
the attempt as it was.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from campus.catalog import services as catalog
from campus.catalog.models import Enrolment, EnrolmentStatus, Run

from . import quiz as engine
from .models import (
    Accommodation,
    Assignment,
    Attempt,
    AttemptState,
    CompletionRule,
    Quiz,
    Unit,
    UnitView,
)
from .permissions import enrolment_of, may_learn, may_teach
from .selectors import assignment_marks, best_percents, engine_questions_of

# The ECTS grade a run completed by its rules records, from the average of the best
# attempts at its quizzes (docs/decisions/0015-learning-spaces.md).
GRADE_BANDS = ((90, "A"), (80, "B"), (70, "C"), (65, "D"), (0, "E"))
GRADE_WITHOUT_QUIZZES = "C"


class AttemptClosed(ValidationError):
    """The attempt is no longer open: submitted already, or out of time (``attempt`` says)."""

    def __init__(self, message: str, attempt: Attempt):
        super().__init__(message)
        self.attempt = attempt


# --- units -----------------------------------------------------------------------------------


@transaction.atomic
def unit_view(*, unit: Unit, person) -> UnitView | None:
    """The learner opened the unit: the first time counts for their progress (and may complete
    the run). Teachers previewing it record nothing; None then."""
    run = unit.section.run
    if not may_learn(person, run):
        raise PermissionDenied(_("This learning space is for the participants of the run."))
    enrolment = enrolment_of(person, run)
    if enrolment is None:
        return None
    view, created = UnitView.objects.get_or_create(unit=unit, person=person)
    if created and enrolment.status == EnrolmentStatus.ENROLLED:
        completion_check(run=run, person=person)
    return view


# --- attempts --------------------------------------------------------------------------------


def _locked_enrolment(run: Run, person) -> Enrolment:
    """The learner's enrolment, locked: it serialises the learner's writes in the run."""
    enrolment = (
        Enrolment.objects.select_for_update().filter(run=run, person=person).first()
        if person and person.is_authenticated
        else None
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise PermissionDenied(
            _("Only participants enrolled in the run take its quizzes.")
            if enrolment is None
            or enrolment.status
            not in (
                EnrolmentStatus.COMPLETED,
                EnrolmentStatus.FAILED,
            )
            else _("Your result in this run is recorded; its quizzes are closed to you.")
        )
    return enrolment


def _within_study_period(run: Run, enrolment: Enrolment, now: datetime.datetime) -> None:
    """Quizzes are taken within the learner's study period: the run's dates, or for a
    self-paced run from their enrolment to their personal deadline."""
    starts, ends = run.study_period(timezone.localdate(enrolment.queued_at))
    today = timezone.localdate(now)
    if today < starts:
        raise ValidationError(
            _("The quizzes of this run open on %(day)s.")
            % {"day": formats.date_format(starts, "DATE_FORMAT")}
        )
    if today > ends:
        raise ValidationError(
            _("Your time for this run ended on %(day)s; its quizzes are closed.")
            % {"day": formats.date_format(ends, "DATE_FORMAT")}
        )


def _extra_percent(run: Run, person) -> int:
    found = Accommodation.objects.filter(run=run, person=person).first()
    return found.extra_time_percent if found else 0


@transaction.atomic
def attempt_start(*, quiz: Quiz, person, now: datetime.datetime | None = None) -> Attempt:
    """Start an attempt (or go back to the one in progress): its questions are drawn now, in
    the order this attempt shows them, and its time limit, extended by the learner's extra
    time, starts now."""
    now = now or timezone.now()
    run = quiz.unit.section.run
    enrolment = _locked_enrolment(run, person)
    _within_study_period(run, enrolment, now)
    current = Attempt.objects.filter(quiz=quiz, person=person, state=AttemptState.OPEN).first()
    if current is not None:
        if not engine.is_late(now, current.due_at):
            return current
        _finish(current, now=now, state=AttemptState.EXPIRED)
    made = Attempt.objects.filter(quiz=quiz, person=person).aggregate(n=Max("number"))["n"] or 0
    if made >= quiz.attempts_allowed:
        raise ValidationError(
            _("You have used the %(n)s attempts this quiz allows.") % {"n": quiz.attempts_allowed}
        )
    bank = list(quiz.bank.questions.order_by("position", "pk").values_list("pk", flat=True))
    if not bank:
        raise ValidationError(_("This quiz has no questions yet."))
    seed = secrets.randbits(48)
    try:
        chosen = engine.plan_attempt(bank, pick=quiz.pick, shuffle=quiz.shuffle, seed=seed)
    except ValueError as error:
        raise ValidationError(
            _("This quiz asks for more questions than its bank holds; its lecturers can fix it.")
        ) from error
    return Attempt.objects.create(
        quiz=quiz,
        person=person,
        number=made + 1,
        seed=seed,
        question_ids=chosen,
        started_at=now,
        due_at=engine.due_at(
            now, limit_minutes=quiz.time_limit_minutes, extra_percent=_extra_percent(run, person)
        ),
    )


def _read(attempt: Attempt, responses: dict) -> dict[str, object]:
    """The responses in the engine's canonical form, all or none: a ValidationError names
    every question whose answer cannot be read."""
    questions = {q.id: q for q in engine_questions_of(attempt)}
    read, errors = {}, {}
    for key, raw in (responses or {}).items():
        try:
            question_id = int(key)
        except (TypeError, ValueError):
            errors[f"q{key}"] = [_("There is no question %(key)s in this attempt.") % {"key": key}]
            continue
        question = questions.get(question_id)
        if question is None:
            errors[f"q{key}"] = [_("There is no question %(key)s in this attempt.") % {"key": key}]
            continue
        try:
            read[str(question_id)] = engine.read_response(question, raw)
        except engine.ResponseError as error:
            errors[f"q{question_id}"] = [_response_message(question, error)]
    if errors:
        raise ValidationError(errors)
    return read


def _response_message(question: engine.Question, error: engine.ResponseError) -> str:
    if question.kind == "numeric":
        return _("Write a number, for example 3.5 or 3,5.")
    if question.kind == "text":
        return _("Write a shorter answer: at most 500 characters.")
    return _("Choose among the answers offered.")


def _own_open(attempt: Attempt, person, now: datetime.datetime) -> Attempt:
    """The attempt locked, checked to be the person's and still open (else refused)."""
    run = attempt.quiz.unit.section.run
    _locked_enrolment(run, person)
    # Only the attempt's row is locked (of=self): locking the joined quiz row too made every
    # submission to one quiz wait for the one before it (bench/bench_quiz_submissions.py).
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz__unit__section__run", "person")
        .get(pk=attempt.pk)
    )
    if attempt.person_id != person.pk:
        raise PermissionDenied(_("This attempt is another learner's."))
    if attempt.state != AttemptState.OPEN:
        raise AttemptClosed(_("This attempt was submitted already."), attempt)
    return attempt


def _late_message(attempt: Attempt) -> str:
    return _(
        "The time limit passed at %(time)s; the answers saved before then were graded: "
        "%(percent)s %%."
    ) % {
        "time": formats.time_format(timezone.localtime(attempt.due_at), "TIME_FORMAT"),
        "percent": formats.number_format(attempt.percent, decimal_pos=0),
    }


def attempt_save(
    *, attempt: Attempt, person, responses: dict, now: datetime.datetime | None = None
) -> Attempt:
    """Save answers of an attempt in progress (merged with those saved before)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _own_open(attempt, person, now)
        late = engine.is_late(now, attempt.due_at)
        if late:
            _finish(attempt, now=now, state=AttemptState.EXPIRED)
        else:
            attempt.answers = {**attempt.answers, **_read(attempt, responses)}
            attempt.save(update_fields=["answers"])
    if late:
        raise AttemptClosed(_late_message(attempt), attempt)
    return attempt


def attempt_submit(
    *, attempt: Attempt, person, responses: dict | None = None, now: datetime.datetime | None = None
) -> Attempt:
    """Submit an attempt with its last answers: graded at once. After the time limit (and a
    few seconds' grace for the way there) the last answers are not taken: the attempt is
    graded on those saved in time, and AttemptClosed says so."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _own_open(attempt, person, now)
        late = engine.is_late(now, attempt.due_at)
        if not late and responses:
            attempt.answers = {**attempt.answers, **_read(attempt, responses)}
        _finish(attempt, now=now, state=AttemptState.EXPIRED if late else AttemptState.SUBMITTED)
    if late:
        raise AttemptClosed(_late_message(attempt), attempt)
    return attempt


def _finish(attempt: Attempt, *, now: datetime.datetime, state: str) -> None:
    """Grade the attempt on its saved answers and close it; may complete the run."""
    questions = engine_questions_of(attempt)
    answers = {int(k): v for k, v in attempt.answers.items()}
    result = engine.grade_attempt(questions, answers, pass_percent=attempt.quiz.pass_percent)
    attempt.state = state
    attempt.submitted_at = now
    attempt.points = Decimal(str(round(result.points, 2)))
    attempt.max_points = Decimal(str(round(result.max_points, 2)))
    attempt.percent = Decimal(str(round(result.percent, 2)))
    attempt.passed = result.passed
    attempt.graded = [
        {
            "question": g.question_id,
            "points": g.points,
            "max_points": g.max_points,
            "correct": g.correct,
            "answered": g.answered,
            "feedback": g.feedback,
        }
        for g in result.questions
    ]
    attempt.save()
    completion_check(run=attempt.quiz.unit.section.run, person=attempt.person)


# --- accommodations --------------------------------------------------------------------------


@transaction.atomic
def accommodation_set(*, run: Run, person, extra_time_percent: int, by) -> Accommodation | None:
    """Grant a learner extra time in the run's timed quizzes (0 takes it away); for attempts
    started from now on."""
    if not may_teach(by, run):
        raise PermissionDenied(_("Extra time is granted by the run's lecturers."))
    if not Enrolment.objects.filter(run=run, person=person).exists():
        raise ValidationError(_("This person has no place in the run."))
    if not 0 <= extra_time_percent <= 200:
        raise ValidationError(
            {
                "extra_time_percent": _("Extra time runs from 0 to %(most)s %% of the time limit.")
                % {"most": 200}
            }
        )
    if extra_time_percent == 0:
        Accommodation.objects.filter(run=run, person=person).delete()
        return None
    found, _created = Accommodation.objects.update_or_create(
        run=run, person=person, defaults={"extra_time_percent": extra_time_percent}
    )
    return found


# --- completion ------------------------------------------------------------------------------


def grade_for(percents: list[float]) -> str:
    """The ECTS grade of a run completed by its rules, from its quizzes' best marks (and its
    assignments' marks)."""
    if not percents:
        return GRADE_WITHOUT_QUIZZES
    average = sum(percents) / len(percents)
    return next(grade for floor, grade in GRADE_BANDS if average >= floor)


def completion_check(*, run: Run, person) -> bool:
    """Record the run's result when its completion rules are met by this learner: every unit
    viewed (if the rules ask it), the best attempt at every quiz at or above the mark, and
    every assignment passed (if the rules ask it). The grade averages the quizzes' best marks
    and the assignments' marks. True when the result was recorded now."""
    rule = CompletionRule.objects.filter(run=run).first()
    if rule is None:
        return False
    enrolment = Enrolment.objects.filter(
        run=run, person=person, status=EnrolmentStatus.ENROLLED
    ).first()
    if enrolment is None:
        return False
    if rule.all_units_viewed:
        units = Unit.objects.filter(section__run=run).count()
        viewed = UnitView.objects.filter(unit__section__run=run, person=person).count()
        if viewed < units:
            return False
    quizzes = list(Quiz.objects.filter(unit__section__run=run).values_list("pk", flat=True))
    best = best_percents(quizzes, person)
    if any(best.get(pk) is None or best[pk] < rule.quizzes_min_percent for pk in quizzes):
        return False
    assignments = list(
        Assignment.objects.filter(unit__section__run=run).values_list("pk", flat=True)
    )
    graded = assignment_marks(assignments, person)
    if rule.assignments_pass and any(pk not in graded or not graded[pk][1] for pk in assignments):
        return False
    marks = [float(best[pk]) for pk in quizzes] + [
        float(mark) for mark, _passed in graded.values() if mark is not None
    ]
    catalog.result_record_by_rule(enrolment=enrolment, ects_grade=grade_for(marks))
    return True


__all__ = [
    "AttemptClosed",
    "accommodation_set",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "completion_check",
    "grade_for",
    "unit_view",
]
