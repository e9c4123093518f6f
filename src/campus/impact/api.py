"""GET /api/v1/skills/gap?region=<NUTS code>: the skills gap of a region or of the alliance."""

import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from campus.alliance.models import Institution, Theme, normalise_erasmus_code
from campus.catalog.models import Mode
from campus.people.schemas import ErrorOut

from . import selectors
from .schemas import GapOut, SupplyListOut

router = Router(tags=["skills"])


def _skill(skill) -> dict:
    return {"uri": skill.uri, "label": skill.label, "local_label": skill.display_label}


def gap_document(report: selectors.GapReport) -> dict:
    """The report as the API's document."""
    region, reach, exposure = report.reach.region, report.reach, report.exposure
    return {
        "region": (
            {"code": region.code, "name": region.name, "country": region.country}
            if region
            else None
        ),
        "reach": (
            {
                "languages": list(reach.languages),
                "distance_km": reach.distance_km,
                "institutions": len(reach.institution_ids),
            }
            if region
            else None
        ),
        "items": [
            {
                **_skill(row.skill),
                "rank": row.rank,
                "score": row.score,
                "demand": {**vars(row.demand), "total": row.demand.total},
                "supply": {**vars(row.supply), "effective": row.supply.effective},
                "exposure": row.exposure,
                "exposed": row.exposed,
                "courses": [{**vars(c), "id": c.pk} for c in row.courses],
            }
            for row in report.rows
        ],
        "unserved": [{**_skill(r.skill), "demand": r.demand.total} for r in report.unserved],
        "exposure": (
            {
                "source": exposure.upload.source,
                "uploaded_at": exposure.upload.uploaded_at,
                "threshold": exposure.threshold,
                "isco_rows_not_applied": exposure.isco_rows,
            }
            if exposure.upload
            else None
        ),
        "complements": [
            {**_skill(c.skill), "exposure": c.score, "demand": c.demand} for c in report.complements
        ],
    }


@router.get(
    "/skills/gap",
    response={200: GapOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The skills gap of a region, or of the whole alliance",
    description=(
        "The skills most demanded (public challenges, knowledge-transfer requests, regional "
        "needs surveys) and least supplied within the region's reach (online courses, courses "
        "in a language spoken there, courses at institutions within the set distance), ranked "
        "by demand / (1 + courses within reach), with the courses that would close each gap. "
        "Without `region`, the whole alliance. An unknown NUTS code answers 404."
    ),
    operation_id="skills_gap",
)
def skills_gap(
    request,
    region: str = Query("", max_length=10, description="NUTS code, e.g. BE21"),  # noqa: B008
    theme: Theme | None = Query(None, description="Only demand of this theme"),  # noqa: B008
    since: datetime.date | None = Query(None, description="Needs expressed from"),  # noqa: B008
    until: datetime.date | None = Query(None, description="Needs expressed until"),  # noqa: B008
    limit: int = Query(25, ge=1, le=100, description="Ranked skills, 1 to 100"),  # noqa: B008
):
    found = None
    if region.strip():
        found = selectors.region_by_code(region)
        if found is None:
            raise HttpError(
                404, _("There is no region with the NUTS code “%(code)s”.") % {"code": region}
            )
    if since and until and since > until:
        raise HttpError(400, _("The period ends before it begins."))
    filters = selectors.DemandFilter(region=found, theme=theme or "", since=since, until=until)
    return gap_document(selectors.skills_gap(filters, limit=limit))


@router.get(
    "/skills/supply",
    response={200: SupplyListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The skills the published catalogue teaches",
    description=(
        "Skills of the learning outcomes of published courses, most courses first, filtered by "
        "host institution (Erasmus code), teaching language, mode, and runs starting within "
        "a term (`runs_from` to `runs_until`). An unknown institution answers 404."
    ),
    operation_id="skills_supply",
)
def skills_supply(
    request,
    institution: str = Query("", max_length=20, description="Erasmus code"),  # noqa: B008
    language: str = Query("", max_length=3, description="ISO 639-1, e.g. nl"),  # noqa: B008
    mode: Mode | None = Query(None),  # noqa: B008
    runs_from: datetime.date | None = Query(None, description="Term start"),  # noqa: B008
    runs_until: datetime.date | None = Query(None, description="Term end"),  # noqa: B008
    limit: int = Query(50, ge=1, le=200, description="1 to 200"),  # noqa: B008
):
    host = None
    if institution.strip():
        host = Institution.objects.filter(code_key=normalise_erasmus_code(institution)).first()
        if host is None:
            raise HttpError(
                404,
                _("No partner institution has the Erasmus code “%(code)s”.")
                % {"code": institution},
            )
    if (runs_from is None) != (runs_until is None):
        raise HttpError(400, _("A term needs both its start and its end."))
    if runs_from and runs_until and runs_from > runs_until:
        raise HttpError(400, _("The period ends before it begins."))
    term = (runs_from, runs_until) if runs_from and runs_until else None
    rows = selectors.catalogue_supply(
        institution=host, language=language.strip().lower(), mode=mode or "", term=term, limit=limit
    )
    return {
        "items": [
            {**_skill(r.skill), "courses": r.courses, "institutions": r.institutions} for r in rows
        ]
    }
