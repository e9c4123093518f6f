"""Reads of the alliance: institutions, organisations, governance."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .models import (
    GovernanceBody,
    Institution,
    Membership,
    MembershipRole,
    Organisation,
    Region,
    normalise_erasmus_code,
)


def alliance_summary() -> dict[str, int]:
    """Counts for the front page."""
    return {
        "institutions": Institution.objects.count(),
        "countries": Institution.objects.values("country").distinct().count(),
        "organisations": Organisation.objects.count(),
    }


def institution_list() -> QuerySet[Institution]:
    """The partner institutions with their regions, by country."""
    return Institution.objects.select_related("region").order_by("country", "short_name")


def institution_by_code(code: str) -> Institution:
    """The institution with this Erasmus code (main or other), however the spaces are written."""
    key = normalise_erasmus_code(code)
    if not key:
        raise Institution.DoesNotExist(f"No institution has the Erasmus code {code!r}.")
    found = institution_list().filter(code_key=key).first()
    if found is not None:
        return found
    # Other codes are few and stored as written, so compare them normalised in Python
    # (SQLite has no JSON containment lookup).
    for institution in institution_list().exclude(other_codes=[]):
        if key in {normalise_erasmus_code(other) for other in institution.other_codes}:
            return institution
    raise Institution.DoesNotExist(f"No institution has the Erasmus code {code!r}.")


def institution_stakeholders(institution: Institution) -> QuerySet[Organisation]:
    """Organisations in the institution's region, or naming it as their partner."""
    return (
        Organisation.objects.filter(
            Q(region_id=institution.region_id) | Q(partner_institution=institution)
        )
        .select_related("region", "partner_institution")
        .order_by("name")
    )


@dataclass(frozen=True)
class InstitutionDetail:
    institution: Institution
    stakeholders: list[Organisation]


def institution_detail(slug: str) -> InstitutionDetail:
    """One institution with its region and its stakeholder organisations."""
    institution = Institution.objects.select_related("region").get(slug=slug)
    return InstitutionDetail(
        institution=institution, stakeholders=list(institution_stakeholders(institution))
    )


def organisations_filter(
    *,
    q: str = "",
    type: str = "",  # the model's own field name
    country: str = "",
    region: str = "",
    institution: str = "",
) -> QuerySet[Organisation]:
    """Stakeholder organisations matching a text search and filters (all optional).

    ``region`` is a NUTS code, ``country`` ISO 3166-1 alpha-2, ``institution`` an
    institution's slug (its stakeholders: same region, or naming it as partner).
    """
    organisations = Organisation.objects.select_related("region", "partner_institution")
    q = (q or "").strip()
    if q:
        organisations = organisations.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if type:
        organisations = organisations.filter(type=type)
    if country:
        organisations = organisations.filter(region__country=country.upper())
    if region:
        organisations = organisations.filter(region__code=region.upper())
    if institution:
        organisations = organisations.filter(
            Q(partner_institution__slug=institution) | Q(region__institutions__slug=institution)
        ).distinct()
    return organisations.order_by("name", "pk")


def organisation_detail(slug: str) -> Organisation:
    """One stakeholder organisation with its region and partner institution."""
    return Organisation.objects.select_related("region", "partner_institution").get(slug=slug)


def regions_in_use() -> QuerySet[Region]:
    """Regions that have a partner institution or a stakeholder organisation."""
    return (
        Region.objects.filter(Q(institutions__isnull=False) | Q(organisations__isnull=False))
        .distinct()
        .order_by("country", "code")
    )


_ROLE_ORDER = Case(
    *(When(role=role, then=Value(i)) for i, role in enumerate(MembershipRole.values)),
    default=Value(len(MembershipRole.values)),
    output_field=IntegerField(),
)


def current_memberships(on: datetime.date | None = None) -> QuerySet[Membership]:
    """Seats held on a day (today by default), chair first, with person and institution."""
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person", "person__institution")
        .order_by(_ROLE_ORDER, "start", "person__display_name")
    )


def governance_bodies(on: datetime.date | None = None) -> QuerySet[GovernanceBody]:
    """The governance bodies, each with ``current_memberships`` (a list) prefetched."""
    return GovernanceBody.objects.order_by("name").prefetch_related(
        Prefetch("memberships", queryset=current_memberships(on), to_attr="current_memberships")
    )
