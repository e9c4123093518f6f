"""The gradebook of a run, read for its lecturers: per participant the units viewed, each
quiz's best mark and attempts used, the progress and the result recorded, and their extra
time. Six queries whatever the number of learners (aggregated by the database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.template.defaultfilters import floatformat

from campus.catalog.models import SEATED_STATUSES, Enrolment, Run
from campus.csv_cells import csv_text

from .models import Accommodation, Attempt, Quiz, Unit, UnitView
from .selectors import FINISHED


@dataclass
class QuizCell:
    quiz: Quiz
    best: Decimal | None
    used: int

    @property
    def passed(self) -> bool:
        return self.best is not None and self.best >= self.quiz.pass_percent


@dataclass
class Row:
    enrolment: Enrolment
    viewed: int
    units: int
    quizzes: list[QuizCell] = field(default_factory=list)
    extra_time_percent: int = 0

    @property
    def person(self):
        return self.enrolment.person

    @property
    def percent(self) -> int:
        """The same progress the learner sees: units viewed and quizzes passed of all steps."""
        steps = self.units + len(self.quizzes)
        done = self.viewed + sum(1 for cell in self.quizzes if cell.passed)
        return round(100 * done / steps) if steps else 0


@dataclass
class Gradebook:
    run: Run
    quizzes: list[Quiz]
    units: int
    rows: list[Row]


def gradebook(run: Run) -> Gradebook:
    """The run's gradebook, its participants (a place held: enrolled, completed, failed) by name."""
    enrolments = list(
        Enrolment.objects.filter(run=run, status__in=SEATED_STATUSES)
        .select_related("person")
        .order_by("person__display_name", "person__pk")
    )
    units = Unit.objects.filter(section__run=run).count()
    quizzes = list(
        Quiz.objects.filter(unit__section__run=run).order_by(
            "unit__section__position", "unit__section", "unit__position", "unit", "pk"
        )
    )
    viewed = dict(
        UnitView.objects.filter(unit__section__run=run)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    stats = {
        (row["person_id"], row["quiz_id"]): row
        for row in Attempt.objects.filter(quiz__unit__section__run=run)
        .order_by()
        .values("person_id", "quiz_id")
        .annotate(best=Max("percent", filter=Q(state__in=FINISHED)), used=Count("pk"))
    }
    extra = dict(
        Accommodation.objects.filter(run=run).values_list("person_id", "extra_time_percent")
    )
    rows = []
    for enrolment in enrolments:
        pid = enrolment.person_id
        rows.append(
            Row(
                enrolment=enrolment,
                viewed=viewed.get(pid, 0),
                units=units,
                quizzes=[
                    QuizCell(
                        quiz=q,
                        best=stats.get((pid, q.pk), {}).get("best"),
                        used=stats.get((pid, q.pk), {}).get("used", 0),
                    )
                    for q in quizzes
                ],
                extra_time_percent=extra.get(pid, 0),
            )
        )
    return Gradebook(run=run, quizzes=quizzes, units=units, rows=rows)


def _mark(value: Decimal | None) -> str:
    return "" if value is None else str(floatformat(value, "-2")).replace(",", ".")


def gradebook_csv(book: Gradebook) -> str:
    """The gradebook as CSV (formula-safe cells, marks with a decimal point)."""
    header = ["email", "name", "units_viewed", "units"]
    for quiz in book.quizzes:
        header += [f"{quiz.title} best %", f"{quiz.title} attempts"]
    header += ["progress %", "status", "ects_grade", "extra_time %"]
    return csv_text(
        header,
        (
            [row.person.email, row.person.display_name, row.viewed, row.units]
            + [value for cell in row.quizzes for value in (_mark(cell.best), cell.used)]
            + [row.percent, row.enrolment.status, row.enrolment.ects_grade, row.extra_time_percent]
            for row in book.rows
        ),
    )
