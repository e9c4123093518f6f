"""Reads of the LTI tool."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from campus.catalog.models import Run

from .models import LtiLaunch, LtiPlatform, LtiResourceLink


def runs_to_link(person, platform: LtiPlatform) -> QuerySet[Run]:
    """The runs a person launching deep linking from a platform may place there: open runs
    of published courses they teach, or hosted by the platform's institution."""
    where = Q(teachers=person)
    if platform.institution_id:
        where |= Q(course__hosts=platform.institution_id)
    return (
        Run.objects.filter(where, closed_at__isnull=True, course__published=True)
        .select_related("course")
        .distinct()
        .order_by("course__title", "starts_on", "pk")
    )


def score_targets(enrolment) -> list[tuple[int, str]]:
    """(line item, platform user id) pairs a recorded result of this enrolment goes to: the
    line items of the LTI launches through which its person came into its run."""
    return list(
        LtiLaunch.objects.filter(
            person_id=enrolment.person_id, run_id=enrolment.run_id, line_item__isnull=False
        )
        .values_list("line_item_id", "sub")
        .distinct()
        .order_by()
    )


def links_of(run: Run) -> QuerySet[LtiResourceLink]:
    """The places in partner platforms that open this run."""
    return (
        LtiResourceLink.objects.filter(run=run)
        .select_related("platform")
        .order_by("platform__name", "title", "pk")
    )
