"""Teaching and coordination: the reads behind the lecturer's and coordinator's pages (runs
taught, participants, teacher candidates, the personal calendar feed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person, Role
from campus.permissions import is_alliance_admin

from .. import ical
from ..models import Course, Enrolment, EnrolmentStatus, Run

CALENDAR_SALT = "campus.calendar"
TEACHER_ROLES = (Role.LECTURER, Role.RESEARCHER, Role.STAFF)


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


def calendar_run_events(person: Person, *, absolute: Callable[[str], str]) -> list[ical.Event]:
    """The calendar events of a person's runs (``calendar_runs``), linked with ``absolute``
    addresses of their courses."""
    return [
        ical.Event(
            uid=f"run-{run.pk}@campus.heroes",
            summary=f"{run.course.title} ({run.label})",
            first_day=run.starts_on,
            last_day=run.ends_on,
            location=run.location or _("Online"),
            url=absolute(run.course.get_absolute_url()),
            description=f"{run.course.code} · {run.course.ects} ECTS",
        )
        for run in calendar_runs(person)
    ]


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


def runs_awaiting_results(person: Person, *, today) -> QuerySet[Run]:
    """The runs a person teaches that have started and are not closed, whose enrolled
    participants still lack a result, with ``missing_results`` (one query)."""
    return (
        Run.objects.filter(teachers=person, closed_at__isnull=True, starts_on__lte=today)
        .select_related("course")
        .annotate(
            missing_results=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            )
        )
        .filter(missing_results__gt=0)
        .order_by("ends_on", "pk")
    )
