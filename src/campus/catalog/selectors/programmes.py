"""Joint programmes: reading them, and a learner's progress through their structure of
required and elective module groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext_lazy

from campus.alliance.models import Institution, Theme
from campus.people.models import Person

from ..models import (
    Course,
    Enrolment,
    EnrolmentStatus,
    Programme,
    ProgrammeGroup,
    ProgrammeKind,
)

ZERO = Decimal("0")


def _with_theme_labels(programme: Programme) -> Programme:
    programme.theme_labels = [Theme(t).label for t in programme.themes if t in Theme.values]
    return programme


# Minors first, then masters, then certificates: from the smallest step for a student upwards.
_KIND_ORDER = Case(
    When(kind=ProgrammeKind.JOINT_MINOR, then=Value(0)),
    When(kind=ProgrammeKind.JOINT_MASTER, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def programme_list() -> list[Programme]:
    """Every programme with its partner institutions (two queries)."""
    programmes = Programme.objects.prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.order_by("country", "short_name"))
    ).order_by(_KIND_ORDER, "title")
    return [_with_theme_labels(p) for p in programmes]


def _detail_queryset() -> QuerySet[Programme]:
    return Programme.objects.prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.order_by("country", "short_name")),
        Prefetch(
            "groups",
            queryset=ProgrammeGroup.objects.order_by("position", "pk").prefetch_related(
                Prefetch(
                    "courses",
                    queryset=Course.objects.order_by("title", "code").prefetch_related(
                        Prefetch("hosts", queryset=Institution.objects.order_by("short_name"))
                    ),
                )
            ),
        ),
    )


def programme_detail(code: str) -> Programme:
    """One programme with its institutions and its groups of modules (five queries).

    Raises Programme.DoesNotExist for an unknown code.
    """
    return _with_theme_labels(_detail_queryset().get(code=code))


# --- progress --------------------------------------------------------------------------------

COMPLETED = "completed"
IN_PROGRESS = "in_progress"
WAITLISTED = "waitlisted"
FAILED = "failed"
NOT_STARTED = "not_started"

STATUS_LABELS = {
    COMPLETED: gettext_lazy("Completed"),
    IN_PROGRESS: gettext_lazy("In progress"),
    WAITLISTED: gettext_lazy("On the waiting list"),
    FAILED: gettext_lazy("Not passed yet"),
    NOT_STARTED: gettext_lazy("Not started"),
}


@dataclass
class ModuleProgress:
    course: Course
    status: str
    ects_earned: Decimal = ZERO

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def done(self) -> bool:
        return self.status == COMPLETED


@dataclass
class GroupProgress:
    group: ProgrammeGroup
    modules: list[ModuleProgress]
    ects_done: Decimal
    ects_counted: Decimal  # what counts towards the programme: at most the group's minimum
    rule_met: bool
    ects_missing: Decimal
    missing: list[Course] = field(default_factory=list)  # required modules not yet completed

    @property
    def modules_done(self) -> int:
        return sum(1 for m in self.modules if m.done)


@dataclass
class ProgrammeProgress:
    programme: Programme
    groups: list[GroupProgress]
    ects_done: Decimal
    ects_total: Decimal
    modules_done: int
    modules_in_progress: int
    started: bool  # any enrolment (other than a withdrawn one) in the programme's modules

    @property
    def complete(self) -> bool:
        return all(g.rule_met for g in self.groups)

    @property
    def ects_missing(self) -> Decimal:
        return max(self.ects_total - self.ects_done, ZERO)

    @property
    def percent(self) -> int:
        if not self.ects_total:
            return 0
        return int(min(self.ects_done / self.ects_total, 1) * 100)


_STATUS_RANK = {
    EnrolmentStatus.COMPLETED: (5, COMPLETED),
    EnrolmentStatus.ENROLLED: (4, IN_PROGRESS),
    EnrolmentStatus.APPLIED: (4, IN_PROGRESS),
    EnrolmentStatus.WAITLISTED: (3, WAITLISTED),
    EnrolmentStatus.FAILED: (2, FAILED),
}


def programme_progress(programme: Programme, person: Person | None) -> ProgrammeProgress | None:
    """Where a person stands in a programme, group by group (one query on a detail object).

    Per module the best of the person's enrolments counts (completed before in progress before
    waiting list before failed); withdrawn enrolments do not count. Elective credits count
    towards the programme up to the group's minimum. None for anonymous visitors.
    """
    if person is None or not person.is_authenticated:
        return None
    return programmes_progress(programme, [person])[person.pk]


def programmes_progress(
    programme: Programme, people: Iterable[Person]
) -> dict[int, ProgrammeProgress]:
    """Where each of these people stands in a programme, by person id (one query on a detail
    object, however many people).

    The one reading of a programme's rules: the progress page shows it, and a stacked
    credential is issued (and kept) only while ``complete`` is true (campus.credentials).
    """
    people = list(people)
    groups = list(programme.groups.all())
    course_ids = {c.pk for g in groups for c in g.courses.all()}
    rows: dict[int, list[tuple[int, str, Decimal | None]]] = {p.pk: [] for p in people}
    for person_id, course_id, status, earned in Enrolment.objects.filter(
        person__in=[p.pk for p in people],
        run__course_id__in=course_ids,
        status__in=list(_STATUS_RANK),
    ).values_list("person_id", "run__course_id", "status", "ects_earned"):
        rows[person_id].append((course_id, status, earned))
    return {person_id: _progress(programme, groups, own) for person_id, own in rows.items()}


def _progress(
    programme: Programme,
    groups: list[ProgrammeGroup],
    rows: list[tuple[int, str, Decimal | None]],
) -> ProgrammeProgress:
    """A programme's rules applied to one person's enrolments (course, status, credits)."""
    best: dict[int, tuple[int, str, Decimal]] = {}
    started = False
    for course_id, status, earned in rows:
        started = True
        rank, state = _STATUS_RANK[status]
        earned = Decimal(earned or 0) if status == EnrolmentStatus.COMPLETED else ZERO
        current = best.get(course_id)
        if current is None or (rank, earned) > (current[0], current[2]):
            best[course_id] = (rank, state, earned)

    group_rows, total_done, done_count, busy_count = [], ZERO, 0, 0
    for group in groups:
        modules = []
        for course in group.courses.all():
            _rank, state, earned = best.get(course.pk, (0, NOT_STARTED, ZERO))
            modules.append(ModuleProgress(course=course, status=state, ects_earned=earned))
        ects_done = sum((m.ects_earned for m in modules), ZERO)
        minimum = Decimal(group.min_ects)
        if group.required:
            missing = [m.course for m in modules if not m.done]
            rule_met = not missing
            missing_ects = sum((Decimal(c.ects) for c in missing), ZERO)
        else:
            missing = []
            rule_met = ects_done >= minimum
            missing_ects = max(minimum - ects_done, ZERO)
        counted = min(ects_done, minimum)
        total_done += counted
        done_count += sum(1 for m in modules if m.done)
        busy_count += sum(1 for m in modules if m.status in (IN_PROGRESS, WAITLISTED))
        group_rows.append(
            GroupProgress(
                group=group,
                modules=modules,
                ects_done=ects_done,
                ects_counted=counted,
                rule_met=rule_met,
                ects_missing=missing_ects,
                missing=missing,
            )
        )
    return ProgrammeProgress(
        programme=programme,
        groups=group_rows,
        ects_done=min(total_done, Decimal(programme.ects_total)),
        ects_total=Decimal(programme.ects_total),
        modules_done=done_count,
        modules_in_progress=busy_count,
        started=started,
    )
