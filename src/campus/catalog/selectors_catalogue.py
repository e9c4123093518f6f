"""Reads of the public catalogue: finding courses and everything a learner needs to decide."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from campus.alliance.models import Institution, normalise_erasmus_code

from .models import Course, EnrolmentStatus, LearningOutcome, Programme, Run
from .search import courses_matching

# The statuses that hold a place in a run (the waiting list and withdrawals do not).
PLACE_HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)
SORTS = ("relevance", "title", "ects", "start")

_Hosts = Course.hosts.through
_OutcomeSkills = LearningOutcome.skills.through


def _places_taken():
    from .models import Enrolment

    taken = (
        Enrolment.objects.filter(run=OuterRef("pk"), status__in=PLACE_HOLDING)
        .order_by()
        .values("run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))


def runs_with_places() -> QuerySet[Run]:
    """Runs annotated with ``places_taken`` and ``places_left`` (never below zero)."""
    return Run.objects.annotate(places_taken=_places_taken()).annotate(
        places_left=Greatest(F("capacity") - F("places_taken"), Value(0))
    )


def _open_on(day: datetime.date) -> Q:
    return Q(closed_at__isnull=True, enrolment_opens__lte=day, enrolment_closes__gte=day)


def _upcoming_on(day: datetime.date) -> Q:
    """Runs that have not started yet, or that one can still enrol in."""
    return Q(closed_at__isnull=True) & (Q(starts_on__gte=day) | Q(enrolment_closes__gte=day))


def _json_list_has(field: str, value: str) -> Q:
    """A JSON list of short codes (languages, themes) holds ``value``."""
    value = value.strip().strip('"')
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})  # jsonb @>, cheaper than a text cast
    # SQLite has no JSON containment lookup: search the stored text for '"nl"'.
    return Q(**{f"{field}__icontains": f'"{value}"'})


def courses_filter(
    *,
    q: str | None = None,
    type: str | None = None,  # the model's own field name
    institution: str | None = None,
    country: str | None = None,
    language: str | None = None,
    mode: str | None = None,
    ects_min: Decimal | float | None = None,
    ects_max: Decimal | float | None = None,
    eqf: int | None = None,
    theme: str | None = None,
    field: str | None = None,
    skill: str | None = None,
    starts_after: datetime.date | None = None,
    starts_before: datetime.date | None = None,
    open_now: bool = False,
    sort: str = "relevance",
    today: datetime.date | None = None,
) -> QuerySet[Course]:
    """Published courses matching a full-text query and filters (all optional).

    ``institution`` is an Erasmus code or slug of a host, ``country`` ISO 3166-1 alpha-2 of a
    host, ``language`` and ``theme`` codes, ``field`` an ISCED-F code or its prefix, ``skill``
    an ESCO URI taught by an outcome; ``starts_after``/``starts_before`` bound the start of
    some run; ``open_now`` keeps courses with a run open for enrolment today. Each course has
    ``hosts`` and ``upcoming_runs`` (with ``places_left``) prefetched, so a page of them costs
    the same number of queries whatever its size. ``search_rank`` is set when ``q`` is.
    """
    today = today or timezone.localdate()
    courses = Course.objects.filter(published=True).defer("search_document")
    if type:
        courses = courses.filter(type=type)
    if mode:
        courses = courses.filter(mode=mode)
    if ects_min is not None:
        courses = courses.filter(ects__gte=ects_min)
    if ects_max is not None:
        courses = courses.filter(ects__lte=ects_max)
    if eqf:
        courses = courses.filter(eqf_level=eqf)
    if field:
        courses = courses.filter(isced_field__startswith=field.strip())
    if language:
        courses = courses.filter(_json_list_has("languages", language.lower()))
    if theme:
        courses = courses.filter(_json_list_has("themes", theme.lower()))
    if institution:
        key = institution.strip()
        courses = courses.filter(
            Exists(
                _Hosts.objects.filter(course_id=OuterRef("pk")).filter(
                    Q(institution__slug=key) | Q(institution__code_key=normalise_erasmus_code(key))
                )
            )
        )
    if country:
        courses = courses.filter(
            Exists(
                _Hosts.objects.filter(
                    course_id=OuterRef("pk"), institution__country=country.strip().upper()
                )
            )
        )
    if skill:
        courses = courses.filter(
            Exists(
                _OutcomeSkills.objects.filter(
                    learningoutcome__course_id=OuterRef("pk"), skill__uri=skill.strip()
                )
            )
        )
    if starts_after or starts_before:
        runs = Run.objects.filter(course_id=OuterRef("pk"))
        if starts_after:
            runs = runs.filter(starts_on__gte=starts_after)
        if starts_before:
            runs = runs.filter(starts_on__lte=starts_before)
        courses = courses.filter(Exists(runs))
    if open_now:
        courses = courses.filter(
            Exists(Run.objects.filter(_open_on(today), course_id=OuterRef("pk")))
        )

    searching = bool(q and q.strip())
    if searching:
        courses = courses_matching(courses, q, ranked=sort not in ("title", "ects", "start"))
    if sort == "start":
        next_start = (
            Run.objects.filter(_upcoming_on(today), course_id=OuterRef("pk"))
            .order_by("starts_on")
            .values("starts_on")[:1]
        )
        courses = courses.annotate(next_start=Subquery(next_start)).order_by(
            F("next_start").asc(nulls_last=True), "title", "pk"
        )
    elif sort == "ects":
        courses = courses.order_by("ects", "title", "pk")
    elif sort == "relevance" and searching and "search_rank" in _selected(courses):
        courses = courses.order_by("-search_rank", "title", "pk")
    else:
        courses = courses.order_by("title", "pk")
    return courses.prefetch_related(*_listing_prefetches(today))


def _selected(courses: QuerySet) -> set[str]:
    return set(courses.query.annotations) | set(courses.query.extra)


def _listing_prefetches(today: datetime.date):
    return (
        Prefetch("hosts", queryset=Institution.objects.order_by("short_name")),
        Prefetch(
            "runs",
            queryset=runs_with_places().filter(_upcoming_on(today)).order_by("starts_on", "pk"),
            to_attr="upcoming_runs",
        ),
    )


def course_detail(pk: int, *, today: datetime.date | None = None) -> Course:
    """One published course with hosts, outcomes and their skills, prerequisites, and
    ``all_runs`` (by start, each with ``places_left``, ``teachers`` and ``is_open``).

    Raises ``Course.DoesNotExist`` for unknown or unpublished courses.
    """
    today = today or timezone.localdate()
    from campus.people.models import Person
    from campus.skills.models import Skill

    course = (
        Course.objects.filter(published=True)
        .defer("search_document")
        .prefetch_related(
            Prefetch("hosts", queryset=Institution.objects.order_by("short_name")),
            Prefetch(
                "outcomes",
                queryset=LearningOutcome.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("skills", queryset=Skill.objects.order_by("label"))
                ),
            ),
            Prefetch("prerequisites", queryset=Course.objects.order_by("code")),
            Prefetch(
                "runs",
                queryset=runs_with_places()
                .order_by("starts_on", "pk")
                .prefetch_related(
                    Prefetch("teachers", queryset=Person.objects.order_by("display_name"))
                ),
                to_attr="all_runs",
            ),
        )
        .get(pk=pk)
    )
    for run in course.all_runs:
        run.is_open = run.is_open_on(today)
        run.is_past = run.ends_on < today
    return course


def programmes_list(*, kind: str | None = None) -> QuerySet[Programme]:
    """The joint programmes (of one kind, if given) with the institutions offering them."""
    programmes = Programme.objects.prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.order_by("short_name"))
    ).order_by("title", "pk")
    return programmes.filter(kind=kind) if kind else programmes


def institutions_for_filter() -> QuerySet[Institution]:
    """The partner institutions, for the filter form (every partner hosts courses)."""
    return Institution.objects.only("slug", "short_name", "country").order_by(
        "country", "short_name"
    )
