"""Teaching and coordination: the reads behind the lecturer's and coordinator's pages, and
the bulk writes (all results of a run, a catalogue import) that go through the catalogue's
services row by row, in one transaction: every row is saved, or none.

A bulk write checks every row before it gives up, so that a preview can list all the
problems at once: each row runs in its own savepoint; when any row fails, the whole
transaction is rolled back and ``RowErrors`` names the rows. ``dry_run=True`` does the
same work and always rolls back: the preview is the real write, undone.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person, Role
from campus.permissions import Action, is_alliance_admin, require
from campus.service_errors import error_messages

from . import services
from .models import Course, Enrolment, EnrolmentStatus, Run

CALENDAR_SALT = "campus.calendar"
TEACHER_ROLES = (Role.LECTURER, Role.RESEARCHER, Role.STAFF)


class RowErrors(ValidationError):
    """A bulk write failed; ``rows`` maps each failing row number to its messages."""

    def __init__(self, rows: dict[int, list[str]]):
        self.rows = rows
        super().__init__(
            [
                _("row %(row)s: %(message)s") % {"row": row, "message": " ".join(messages)}
                for row, messages in sorted(rows.items())
            ]
        )


# --- reads ---------------------------------------------------------------------------------


def _with_counts(runs: QuerySet[Run]) -> QuerySet[Run]:
    return runs.select_related("course").annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        waitlisted_count=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)
        ),
        assessed_count=Count(
            "enrolments",
            filter=Q(enrolments__status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)),
        ),
    )


def runs_taught(person: Person) -> QuerySet[Run]:
    """The runs a person teaches, latest first, with participant counts."""
    return _with_counts(Run.objects.filter(teachers=person)).order_by("-starts_on", "pk")


def courses_coordinated(person: Person) -> QuerySet[Course]:
    """The courses a coordinator manages (their institution's; every course for an
    administrator), with hosts and runs."""
    courses = Course.objects.all()
    if not is_alliance_admin(person):
        if not (person.has_role(Role.COORDINATOR) and person.institution_id):
            return Course.objects.none()
        courses = courses.filter(hosts=person.institution_id)
    return courses.order_by("code").prefetch_related(
        "hosts", Prefetch("runs", queryset=Run.objects.order_by("-starts_on"))
    )


def run_for_teaching(pk: int) -> Run:
    """A run with what the permission rule and the participants page read."""
    return (
        Run.objects.select_related("course")
        .prefetch_related("teachers", "course__hosts")
        .get(pk=pk)
    )


@dataclass
class Participant:
    enrolment: Enrolment
    position: int | None  # on the waiting list, from 1


STATUS_ORDER = {
    EnrolmentStatus.ENROLLED: 0,
    EnrolmentStatus.APPLIED: 1,
    EnrolmentStatus.COMPLETED: 2,
    EnrolmentStatus.FAILED: 3,
    EnrolmentStatus.WAITLISTED: 4,
}


def run_participants(run: Run) -> list[Participant]:
    """Everyone in the run except those who withdrew: the assessed and the enrolled by name,
    then the waiting list in its order, each waiting person with their position."""
    enrolments = (
        Enrolment.objects.filter(run=run)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("person", "assessor")
        .order_by("queued_at", "pk")
    )
    participants, position = [], 0
    for enrolment in enrolments:
        if enrolment.status == EnrolmentStatus.WAITLISTED:
            position += 1
            participants.append(Participant(enrolment, position))
        else:
            participants.append(Participant(enrolment, None))
    participants.sort(
        key=lambda p: (
            STATUS_ORDER.get(p.enrolment.status, 9),
            p.position or 0,
            p.enrolment.person.display_name.casefold(),
        )
    )
    return participants


def teacher_candidates(institutions: Sequence[Institution]) -> QuerySet[Person]:
    """Lecturers, researchers and staff of these institutions: who may teach a run."""
    return (
        Person.objects.holding(*TEACHER_ROLES)
        .filter(is_active=True, institution__in=list(institutions))
        .order_by("display_name")
    )


def calendar_runs(person: Person) -> QuerySet[Run]:
    """The runs in a person's calendar: those they teach and those they are in or waiting for."""
    return (
        Run.objects.filter(
            Q(teachers=person)
            | Q(
                enrolments__person=person,
                enrolments__status__in=(
                    EnrolmentStatus.ENROLLED,
                    EnrolmentStatus.WAITLISTED,
                    EnrolmentStatus.APPLIED,
                    EnrolmentStatus.COMPLETED,
                    EnrolmentStatus.FAILED,
                ),
            )
        )
        .select_related("course")
        .distinct()
        .order_by("starts_on", "pk")
    )


# --- the calendar feed's address ------------------------------------------------------------


def calendar_token(person: Person) -> str:
    """The secret part of a person's calendar address: their id, signed."""
    return signing.dumps(person.pk, salt=CALENDAR_SALT)


def calendar_person(token: str) -> Person | None:
    """Whose calendar this token opens, or None when it is not one of ours."""
    try:
        pk = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Person.objects.filter(pk=pk, is_active=True).first()


def calendar_feed_url(person: Person, request=None) -> str:
    """The address calendar apps subscribe to (absolute when a request is given)."""
    path = reverse("catalog:calendar_feed", args=[calendar_token(person)])
    return request.build_absolute_uri(path) if request is not None else path


# --- results of a run, all at once ---------------------------------------------------------


@dataclass
class ResultRow:
    """One result to record; ``row`` numbers it in the file or request it came from."""

    row: int
    enrolment: Enrolment | None
    ects_grade: str
    local_grade: str = ""
    ects_earned: Any = None
    result_date: datetime.date | None = None
    email: str = ""
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def results_record_all(
    *, run: Run, by: Person, rows: Sequence[ResultRow], dry_run: bool = False
) -> list[Enrolment]:
    """Record the results of many participants of one run: all of them, or none.

    Raises ``RowErrors`` naming every row that fails (including rows whose ``errors`` were
    found while reading them); with ``dry_run`` everything is checked and nothing is kept.
    """
    require(by, Action.ASSESS, run)
    if not rows:
        raise ValidationError(_("There are no results to record."))
    failures: dict[int, list[str]] = {}
    seen: dict[int, int] = {}
    saved = []
    with transaction.atomic():
        for item in rows:
            if item.errors:
                failures[item.row] = list(item.errors)
                continue
            if item.enrolment is None or item.enrolment.run_id != run.pk:
                failures[item.row] = [_("This person is not a participant of this run.")]
                continue
            if item.enrolment.pk in seen:
                failures[item.row] = [
                    _("This participant has a result in row %(row)s already.")
                    % {"row": seen[item.enrolment.pk]}
                ]
                continue
            seen[item.enrolment.pk] = item.row
            try:
                saved.append(
                    services.result_record(
                        enrolment=item.enrolment,
                        by=by,
                        ects_grade=item.ects_grade,
                        local_grade=item.local_grade,
                        ects_earned=item.ects_earned,
                        result_date=item.result_date,
                    )
                )
            except (ValidationError, PermissionDenied) as error:
                failures[item.row] = error_messages(error)
        if failures or dry_run:
            transaction.set_rollback(True)
    if failures:
        raise RowErrors(failures)
    return saved


# --- the catalogue, imported ---------------------------------------------------------------


@dataclass
class CourseRow:
    """One course read from a file: fields for ``course_create``/``course_update``."""

    row: int
    code: str
    fields: dict[str, Any] = field(default_factory=dict)
    hosts: list[Institution] | None = None
    outcomes: list[tuple[str, list[str]]] | None = None
    prerequisite_codes: list[str] | None = None
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "create" or "update", set by catalogue_import


@transaction.atomic
def catalogue_import(
    *, by: Person, rows: Sequence[CourseRow], dry_run: bool = False
) -> list[CourseRow]:
    """Create or update (by code) every course of a file through the catalogue's services,
    then link the prerequisites, which may name courses defined further down the file.

    All or nothing: raises ``RowErrors`` when any row fails; ``dry_run`` checks and keeps
    nothing. Returns the rows, each with its ``action``.
    """
    require(by, Action.CREATE, Course)
    if not rows:
        raise ValidationError(_("The file has no courses."))
    failures: dict[int, list[str]] = {}
    codes = [r.code for r in rows]
    existing = {c.code: c for c in Course.objects.filter(code__in=codes)}
    in_file: dict[str, int] = {}
    saved: dict[str, Course] = {}
    later: list[CourseRow] = []
    with transaction.atomic():
        for item in rows:
            item.action = "update" if item.code in existing else "create"
            if item.code in in_file:
                failures[item.row] = [
                    _("The code %(code)s is in row %(row)s already.")
                    % {"code": item.code, "row": in_file[item.code]}
                ]
                continue
            in_file[item.code] = item.row
            if item.errors:
                failures[item.row] = list(item.errors)
                continue
            prerequisite_codes = item.prerequisite_codes
            defined_here = bool(prerequisite_codes) and any(c in codes for c in prerequisite_codes)
            extra: dict[str, Any] = {}
            if item.outcomes is not None:
                extra["outcomes"] = item.outcomes
            if prerequisite_codes is not None and not defined_here:
                extra["prerequisites"] = list(Course.objects.filter(code__in=prerequisite_codes))
            try:
                with transaction.atomic():
                    if item.action == "update":
                        if item.hosts is not None:
                            extra["hosts"] = item.hosts
                        course = services.course_update(
                            course=existing[item.code], by=by, **item.fields, **extra
                        )
                    else:
                        course = services.course_create(
                            by=by, hosts=item.hosts or [], **item.fields, **extra
                        )
            except (ValidationError, PermissionDenied) as error:
                failures[item.row] = error_messages(error)
                continue
            saved[item.code] = course
            if defined_here:
                later.append(item)
        for item in later:
            prerequisites = [
                saved.get(code) or existing.get(code) for code in item.prerequisite_codes or ()
            ]
            if any(p is None for p in prerequisites):
                failures.setdefault(item.row, []).append(
                    _("A prerequisite of this course could not be imported.")
                )
                continue
            try:
                with transaction.atomic():
                    services.course_update(
                        course=saved[item.code], by=by, prerequisites=prerequisites
                    )
            except (ValidationError, PermissionDenied) as error:
                failures.setdefault(item.row, []).extend(error_messages(error))
        if failures or dry_run:
            transaction.set_rollback(True)
    if failures:
        raise RowErrors(failures)
    return list(rows)
