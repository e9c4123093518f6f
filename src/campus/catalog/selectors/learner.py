"""A learner's place in the catalogue, as their dashboard and calendar show it: the runs they are
in or waiting for, the programmes they follow, the enrolment windows that close soon, and
courses that match their skills and interests. Each read is a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.db.models import Count, Prefetch, Q, QuerySet, Value

from campus.people.models import Person

from ..models import ACTIVE_STATUSES, Course, Enrolment, EnrolmentStatus, Programme, Run
from .catalogue import _json_list_has, _open_on
from .programmes import _detail_queryset


def _taken_courses(person: Person):
    """The courses a person is in, waiting for, or has finished (withdrawals do not count)."""
    return (
        Enrolment.objects.filter(person=person)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values("run__course_id")
    )


def learner_runs(person: Person, *, today: datetime.date) -> QuerySet[Enrolment]:
    """The person's enrolments (enrolled, applied, waiting) in runs that have not ended, the
    soonest first, with run and course (one query)."""
    return (
        Enrolment.objects.filter(person=person, status__in=ACTIVE_STATUSES, run__ends_on__gte=today)
        .select_related("run__course")
        .order_by("run__starts_on", "run__pk")
    )


def programmes_followed(person: Person, *, limit: int) -> list[Programme]:
    """At most ``limit`` programmes with a module the person takes or took, each with the
    structure ``programme_progress`` reads (five queries)."""
    found = (
        _detail_queryset()
        .filter(groups__courses__in=_taken_courses(person))
        .distinct()
        .order_by("title", "pk")
    )
    return list(found[:limit])


def enrolment_deadlines(
    person: Person,
    *,
    course_ids: Collection[int],
    today: datetime.date,
    until: datetime.date,
) -> QuerySet[Run]:
    """Runs of these courses whose enrolment window is open and closes by ``until``, of the
    courses the person has not taken yet: the windows they might miss (one query)."""
    return (
        Run.objects.filter(_open_on(today), course_id__in=list(course_ids), course__published=True)
        .filter(enrolment_closes__lte=until)
        .exclude(course_id__in=_taken_courses(person))
        .select_related("course")
        .order_by("enrolment_closes", "pk")
    )


def courses_suggested(
    person: Person,
    *,
    skill_ids: Collection[int],
    themes: Collection[str],
    today: datetime.date,
    limit: int,
) -> list[Course]:
    """Published courses one can enrol in now whose outcomes teach one of these skills or that
    share one of these themes, that the person has not taken; the most matching skills first.
    Each has ``open_runs`` and ``matching_skills`` (two queries)."""
    match = Q()
    if skill_ids:
        match |= Q(outcomes__skills__in=list(skill_ids))
    for theme in list(themes)[:10]:
        match |= _json_list_has("themes", theme)
    if not match:
        return []
    open_runs = Run.objects.filter(_open_on(today)).order_by("enrolment_closes", "pk")
    found = (
        Course.objects.filter(published=True)
        .filter(pk__in=Course.objects.filter(match).values("pk"))
        .filter(pk__in=open_runs.values("course_id"))
        .exclude(pk__in=_taken_courses(person))
        .defer("search_document", "description", "description_local")
        .annotate(
            matching_skills=Count(
                "outcomes__skills", filter=Q(outcomes__skills__in=list(skill_ids)), distinct=True
            )
            if skill_ids
            else Value(0)
        )
        .prefetch_related(Prefetch("runs", queryset=open_runs, to_attr="open_runs"))
        .order_by("-matching_skills", "title", "pk")
    )
    return list(found[:limit])
