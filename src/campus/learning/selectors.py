"""Reads of the learning spaces: a run's sections and units with a learner's progress, the
questions of an attempt for the quiz engine, the best marks, and progress across runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from campus.catalog.models import SEATED_STATUSES, Enrolment, Run

from . import quiz as engine
from .models import Attempt, AttemptState, Question, Quiz, Section, Unit, UnitView

FINISHED = (AttemptState.SUBMITTED, AttemptState.EXPIRED)


def engine_questions(question_ids: list[int]) -> list[engine.Question]:
    """The attempt's questions as the engine takes them, in the attempt's order."""
    rows = {q.pk: q for q in Question.objects.filter(pk__in=question_ids)}
    return [
        engine.Question(
            id=pk, kind=rows[pk].kind, points=float(rows[pk].points), spec=rows[pk].spec
        )
        for pk in question_ids
        if pk in rows
    ]


def questions_of(attempt: Attempt) -> list[Question]:
    rows = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    return [rows[pk] for pk in attempt.question_ids if pk in rows]


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


@dataclass
class UnitEntry:
    unit: Unit
    viewed: bool
    quizzes: list[dict] = field(default_factory=list)  # quiz, best, attempts used


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

    @property
    def percent(self) -> int:
        steps = self.units + self.quizzes
        return round(100 * (self.viewed + self.passed) / steps) if steps else 0


def space(run: Run, person) -> list[SectionEntry]:
    """The run's sections and units in order, with what the person has viewed and their best
    mark at each quiz (a fixed number of queries)."""
    sections = list(
        Section.objects.filter(run=run)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("position", "pk")),
            Prefetch("units__quizzes", queryset=Quiz.objects.order_by("pk")),
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
    return [
        SectionEntry(
            section=s,
            units=[
                UnitEntry(
                    unit=u,
                    viewed=u.pk in viewed,
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
    in the given runs): units viewed, quizzes passed, the grade so far. Four queries."""
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
    found = []
    for run in runs:
        own = [(pk, mark) for pk, run_id, mark in quizzes if run_id == run.pk]
        marks = [best[pk] for pk, _mark in own if best[pk] is not None]
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
