"""The public catalogue in /api/v1: courses searched and filtered, one course, programmes."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from campus.alliance.models import Theme
from campus.inputs.pagination import limit_query, offset_query
from campus.people.schemas import ErrorOut

from .. import selectors
from ..models import Course, CourseType, Mode, ProgrammeKind
from ..schemas.catalogue import CourseOut, CoursePageOut, ProgrammeOut

# Operation ids are part of the published API, so they keep the names they had before the
# catalogue's modules moved into packages (decision 0007).
router = Router(tags=["catalogue"])


@router.get(
    "/courses",
    response={200: CoursePageOut, 422: ErrorOut},
    auth=None,
    summary="Courses of the joint catalogue, searched and filtered",
    description=(
        "Full-text search (`q`: words or beginnings of words, in any language, over titles, "
        "descriptions, learning outcomes and skill labels) and filters, all optional. "
        "With `q`, the best matches come first; otherwise courses are sorted by title."
    ),
    operation_id="campus_catalog_api_courses_courses",
)
def courses(
    request,
    q: str = Query(
        "",
        max_length=200,
        description=(
            "Words to search for (each a word's beginning, all required), OR between two, "
            '"quoted phrases"; misspelt words are corrected'
        ),
    ),
    type: CourseType | None = Query(None, description="Course type"),  # noqa: B008 - ninja declares query parameters this way
    institution: str = Query(
        "", max_length=60, description="Erasmus code or slug of a host institution"
    ),
    country: str = Query(
        "", pattern="^([A-Za-z]{2})?$", description="ISO 3166-1 alpha-2 of a host"
    ),
    language: str = Query(
        "", pattern="^([a-z]{2,3})?$", description="Teaching language, ISO 639-1"
    ),
    mode: Mode | None = Query(None, description="onsite, online or blended"),  # noqa: B008
    ects_min: Decimal | None = Query(None, ge=0, le=180, description="At least this many ECTS"),  # noqa: B008
    ects_max: Decimal | None = Query(None, ge=0, le=180, description="At most this many ECTS"),  # noqa: B008
    eqf: int | None = Query(None, ge=1, le=8, description="EQF level"),
    theme: Theme | None = Query(None, description="An alliance theme"),  # noqa: B008
    field: str = Query("", pattern=r"^(\d{2,4})?$", description="ISCED-F code or its beginning"),
    skill: str = Query("", max_length=300, description="ESCO skill URI taught by an outcome"),
    starts_after: datetime.date | None = Query(None, description="A run starts on or after"),  # noqa: B008
    starts_before: datetime.date | None = Query(None, description="A run starts on or before"),  # noqa: B008
    open: bool = Query(False, description="Only courses with a run open for enrolment today"),
    limit: int = limit_query(),
    offset: int = offset_query(),
):
    if ects_min is not None and ects_max is not None and ects_min > ects_max:
        raise HttpError(422, _("ects_min is greater than ects_max."))
    filters = {
        "q": q,
        "type": type,
        "institution": institution,
        "country": country,
        "language": language,
        "mode": mode,
        "ects_min": ects_min,
        "ects_max": ects_max,
        "eqf": eqf,
        "theme": theme,
        "field": field,
        "skill": skill,
        "starts_after": starts_after,
        "starts_before": starts_before,
        "open_now": open,
    }
    found = selectors.courses_filter(**filters)
    items, count = selectors.courses_page(
        found, offset=offset, limit=limit, total_in_page=selectors.total_in_page(filters)
    )
    return {"count": count, "items": items}


@router.get(
    "/courses/{course_id}",
    response={200: CourseOut, 404: ErrorOut},
    auth=None,
    summary="One course with its outcomes, skills and runs",
    operation_id="campus_catalog_api_courses_course",
)
def course(request, course_id: int):
    try:
        return selectors.course_detail(course_id)
    except Course.DoesNotExist:
        raise HttpError(
            404, _("No course in the catalogue has the id %(id)s.") % {"id": course_id}
        ) from None


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], 422: ErrorOut},
    auth=None,
    summary="The joint programmes: minors, masters and professional certificates",
    operation_id="campus_catalog_api_courses_programmes",
)
def programmes(request, kind: ProgrammeKind | None = None):
    return selectors.programmes_list(kind=kind.value if kind else None)
