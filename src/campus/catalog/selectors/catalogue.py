"""Reads of the public catalogue: finding courses and everything a learner needs to decide."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import OrderBy, RowRange
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from campus.alliance.models import Institution, normalise_erasmus_code

from ..models import Course, EnrolmentStatus, LearningOutcome, Programme, Run
from ..search import Query, catalogue_spelling, courses_matching, query_words

# The statuses that hold a place in a run (the waiting list and withdrawals do not).
PLACE_HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)
SORTS = ("relevance", "title", "ects", "start")
# What a list of courses shows (the page's cards, the API's items); the rest loads on access.
# Narrow rows matter: a broad search sorts every match, and wide rows spill that sort to disk.
LISTING_FIELDS = (
    "code",
    "type",
    "title",
    "title_local",
    "local_language",
    "ects",
    "eqf_level",
    "languages",
    "mode",
    "published",
)

_Hosts = Course.hosts.through
_OutcomeSkills = LearningOutcome.skills.through


def _places_taken():
    from ..models import Enrolment

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
    q: str | Query | None = None,
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
    skill: str | list[str] | None = None,
    starts_after: datetime.date | None = None,
    starts_before: datetime.date | None = None,
    open_now: bool = False,
    sort: str = "relevance",
    today: datetime.date | None = None,
) -> QuerySet[Course]:
    """Published courses matching a full-text query and filters (all optional).

    ``institution`` is an Erasmus code or slug of a host, ``country`` ISO 3166-1 alpha-2 of a
    host, ``language`` and ``theme`` codes, ``field`` an ISCED-F code or its prefix, ``skill``
    an ESCO URI taught by an outcome (or a list: any of them); ``starts_after``/``starts_before`` bound the start of
    some run; ``open_now`` keeps courses with a run open for enrolment today. Each course has
    ``hosts`` and ``upcoming_runs`` (with ``places_left``) prefetched, so a page of them costs
    the same number of queries whatever its size. ``search_rank`` is set when ``q`` is. Only
    the ``LISTING_FIELDS`` are loaded; the others load on access.

    ``q`` as typed has its misspelt words corrected (``catalogue_spelling``); a ``Query``
    (what ``catalogue_spelling`` gave the page, to say so) is searched as it is.
    """
    today = today or timezone.localdate()
    courses = Course.objects.filter(published=True).only(*LISTING_FIELDS)
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
    # The filters on related rows are ``pk IN (subquery)``, not a correlated EXISTS: the few
    # matching ids are found once (SQLite probed each course in turn; PostgreSQL plans both
    # as a semi-join).
    if institution:
        key = institution.strip()
        courses = courses.filter(
            pk__in=_Hosts.objects.filter(
                Q(institution__slug=key) | Q(institution__code_key=normalise_erasmus_code(key))
            ).values("course_id")
        )
    if country:
        courses = courses.filter(
            pk__in=_Hosts.objects.filter(institution__country=country.strip().upper()).values(
                "course_id"
            )
        )
    if skill is not None and skill != "":
        uris = [skill.strip()] if isinstance(skill, str) else list(skill)
        courses = courses.filter(
            pk__in=_OutcomeSkills.objects.filter(skill__uri__in=uris).values(
                "learningoutcome__course_id"
            )
        )
    if starts_after or starts_before:
        runs = Run.objects.all()
        if starts_after:
            runs = runs.filter(starts_on__gte=starts_after)
        if starts_before:
            runs = runs.filter(starts_on__lte=starts_before)
        courses = courses.filter(pk__in=runs.values("course_id"))
    if open_now:
        courses = courses.filter(pk__in=Run.objects.filter(_open_on(today)).values("course_id"))

    if isinstance(q, str):
        q = catalogue_spelling(q).query
    searching = bool(q)
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


def total_in_page(filters: dict) -> bool:
    """Whether ``courses_page`` should bring the total with the page, for these
    ``courses_filter`` arguments: on PostgreSQL, when the order needs every match anyway (a
    top-N sort by relevance, credits or start, not an index in title order) and finding the
    matches reads the course rows (words to search, or filters), so that counting them in a
    second query would read them all again. Without words or filters, counting the published
    courses is an index-only scan, cheaper than carrying every course through a window."""
    searching = bool(query_words(filters.get("q")))
    sort = filters.get("sort") or "relevance"
    if connection.vendor == "sqlite":
        # A search by relevance: the ranked matches once, with their count (_sqlite_page).
        return searching and sort == "relevance"
    if connection.vendor != "postgresql":
        return False
    if sort == "title" or (sort == "relevance" and not searching):
        return False
    filtered = any(
        value not in (None, "", False)
        for key, value in filters.items()
        if key not in ("q", "sort", "today")
    )
    return searching or filtered


def courses_page(
    courses: QuerySet[Course], *, offset: int, limit: int, total_in_page: bool = False
) -> tuple[list[Course], int]:
    """One page of ``courses`` (as ``courses_filter`` orders them) and how many there are in all.

    With ``total_in_page`` (see the function of that name) the total comes with the page from
    ``COUNT(*) OVER (...)`` in the same query, so the matches are found and read once, not
    once more for a ``COUNT``. The window is ordered by the page's first sort key over the
    whole frame: it counts every row all the same, but PostgreSQL then computes that key
    (``ts_rank``) below the window instead of carrying each match's search vector through it.
    Otherwise a separate ``COUNT``, skipped when a first page is short (it is its own count).

    A sort by an expression (the next start, a subquery a course) finds the page's ids first,
    without the course rows: over an index of (published, title, id) when nothing else is
    filtered, instead of reading every course row to sort them; then it loads those rows.
    """
    ordering = courses.query.order_by
    first = ordering[0] if ordering else "pk"
    if total_in_page and connection.vendor == "sqlite":
        page = _sqlite_page(courses, offset=offset, limit=limit)
        if page is not None:
            return page
        total_in_page = False
    if not total_in_page:
        if isinstance(first, str):
            rows = list(courses[offset : offset + limit])
        else:
            ids = list(
                courses.prefetch_related(None).values_list("pk", flat=True)[offset : offset + limit]
            )
            by_id = {course.pk: course for course in courses.filter(pk__in=ids)} if ids else {}
            rows = [by_id[pk] for pk in ids if pk in by_id]
        if offset == 0 and len(rows) < limit:
            return rows, len(rows)
        return rows, courses.count() if rows or offset else 0
    if isinstance(first, str):
        name = first.lstrip("-")
        key = OrderBy(
            courses.query.annotations[name] if name in courses.query.annotations else F(name),
            descending=first.startswith("-"),
        )
    else:
        key = first
    total = Window(Count("pk"), order_by=[key], frame=RowRange(start=None, end=None))
    rows = list(courses.annotate(matches_total=total)[offset : offset + limit])
    if rows:
        return rows, rows[0].matches_total
    return rows, courses.count() if offset else 0


def _sqlite_page(
    courses: QuerySet[Course], *, offset: int, limit: int
) -> tuple[list[Course], int] | None:
    """SQLite's ``courses_page`` with the total: the matches' ids and sort keys found once,
    kept (``MATERIALIZED``), counted and sorted from there, then the page's rows loaded by id.

    FTS5 refuses ``bm25`` inside a window, and a separate ``COUNT`` matched every course
    again (20-40 ms of a broad search at 20,000 courses, bench/bench_catalogue.py). None
    when the order is not by field or annotation names (the caller then counts apart).
    """
    names = [name for name in courses.query.order_by if isinstance(name, str)]
    if not names or len(names) != len(courses.query.order_by):
        return None
    keys = [name.lstrip("-") for name in names]
    inner = courses.order_by().values_list("pk", *keys)
    sql, params = inner.query.sql_with_params()
    order = ", ".join(
        f"{position} {'DESC' if name.startswith('-') else 'ASC'}"
        for position, name in enumerate(names, start=2)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({sql}) "  # noqa: S608 - Django's own SQL, with params
            f"SELECT *, (SELECT COUNT(*) FROM matches) FROM matches ORDER BY {order} "
            "LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        found = cursor.fetchall()
    if not found:
        return [], (courses.count() if offset else 0)
    deferred, defer = courses.query.deferred_loading
    rows = Course.objects.filter(pk__in=[row[0] for row in found])
    rows = rows.defer(*deferred) if defer else rows.only(*deferred)
    by_id = rows.prefetch_related(*courses._prefetch_related_lookups).in_bulk()  # noqa: SLF001
    page = []
    for row in found:
        course = by_id.get(row[0])
        if course is None:  # deleted in between
            continue
        for key, value in zip(keys, row[1:-1], strict=True):
            if key in _selected(courses):
                setattr(course, key, value)
        page.append(course)
    return page, found[0][-1]


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
    from campus.skills.selectors import preferred_labels_prefetch

    course = (
        Course.objects.filter(published=True)
        .defer("search_document")
        .prefetch_related(
            Prefetch("hosts", queryset=Institution.objects.order_by("short_name")),
            Prefetch(
                "outcomes",
                queryset=LearningOutcome.objects.order_by("position", "pk").prefetch_related(
                    Prefetch(
                        "skills",
                        queryset=Skill.objects.order_by("label").prefetch_related(
                            *preferred_labels_prefetch()
                        ),
                    )
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
