"""The alliance's part of /api/v1: institutions, organisations, governance bodies (all public)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from campus.inputs.pagination import limit_query, offset_query

from . import selectors
from .models import Institution, OrganisationType
from .schemas import ErrorOut, GovernanceBodyOut, InstitutionOut, OrganisationPageOut

router = Router(tags=["alliance"])


@router.get(
    "/institutions",
    response={200: list[InstitutionOut], 422: ErrorOut},
    auth=None,
    summary="The partner institutions",
)
def institutions(
    request,
    country: str | None = Query(None, pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2"),
):
    found = selectors.institution_list()
    if country:
        found = found.filter(country=country.upper())
    return found


@router.get(
    "/institutions/{code}",
    response={200: InstitutionOut, 404: ErrorOut},
    auth=None,
    summary="One partner institution by Erasmus code",
    description=(
        "The code may be any of the institution's Erasmus codes; runs of spaces are compared "
        "collapsed, so `B  GEEL07` and `B GEEL07` (URL-encoded) find the same institution."
    ),
)
def institution(request, code: str):
    try:
        return selectors.institution_by_code(code)
    except Institution.DoesNotExist:
        raise HttpError(
            404, _("No partner institution has the Erasmus code “%(code)s”.") % {"code": code}
        ) from None


@router.get(
    "/organisations",
    response={200: OrganisationPageOut, 422: ErrorOut},
    auth=None,
    summary="Regional stakeholder organisations, searched and filtered",
)
def organisations(
    request,
    q: str = Query("", max_length=100, description="Words in the name or description"),
    type: OrganisationType | None = Query(None, description="Organisation type"),  # noqa: B008 - ninja declares query parameters this way
    country: str = Query("", max_length=2, description="ISO 3166-1 alpha-2"),
    region: str = Query("", max_length=10, description="NUTS code"),
    limit: int = limit_query(),
    offset: int = offset_query(),
):
    found = selectors.organisations_filter(q=q, type=type or "", country=country, region=region)
    return {"count": found.count(), "items": list(found[offset : offset + limit])}


@router.get(
    "/governance-bodies",
    response={200: list[GovernanceBodyOut], 422: ErrorOut},
    auth=None,
    summary="The alliance's governance bodies and their current members",
)
def governance_bodies(
    request,
    on: datetime.date | None = Query(None, description="Members on this day (default: today)"),  # noqa: B008 - ninja declares query parameters this way
):
    return selectors.governance_bodies(on)
