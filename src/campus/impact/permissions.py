"""Who may do what in the skills gap (docs/decisions/0013-skills-gap.md).

Reading the gap is open to everyone signed in: it shows counts and weights per skill, never a
person. Uploading a region's needs survey is for the coordinators of a partner institution in
that region (granted affiliations only) and alliance administrators; an exposure data set is
alliance-wide reference data, uploaded by any granted coordinator or an alliance administrator.
"""

from campus.alliance.models import Institution
from campus.permissions import COORDINATOR, is_alliance_admin, register_rule


def coordinated_region_ids(user) -> set[int]:
    """The regions of the institutions the user coordinates (granted), read with one query."""
    ids = {i for role, i, _o in user.granted_affiliations if role == COORDINATOR and i}
    if not ids:
        return set()
    # Asked several times per request (page, reader, service): remembered on the person,
    # keyed by the institutions, so that changed affiliations are read again.
    cached = user.__dict__.get("_coordinated_regions")
    if cached is None or cached[0] != ids:
        regions = set(Institution.objects.filter(pk__in=ids).values_list("region_id", flat=True))
        cached = user.__dict__["_coordinated_regions"] = (ids, regions)
    return set(cached[1])


def may_upload_survey(user, region_id: int | None = None) -> bool:
    """May the user upload needs (for that region, or for some region when None)?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_alliance_admin(user):
        return True
    regions = coordinated_region_ids(user)
    return bool(regions) if region_id is None else region_id in regions


def may_upload_exposure(user) -> bool:
    """Alliance administrators and granted coordinators keep the exposure reference data."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_alliance_admin(user) or user.has_role(COORDINATOR)


def may_plan(user) -> bool:
    """The course planner's view is for coordinators and alliance administrators."""
    return may_upload_exposure(user)


def _upload_rule(user, action, obj) -> bool:
    return may_upload_exposure(user)


def register() -> None:
    register_rule("impact.surveyupload", lambda user, action, obj: may_upload_survey(user))
    register_rule("impact.exposureupload", _upload_rule)
