"""Every write of the skills gap: a regional needs survey and an exposure data set, each kept
whole (every row saved, or none) with its source, who uploaded it and when."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campus.catalog.services import RowErrors
from campus.people.models import Person
from campus.permissions import is_alliance_admin

from .csv_io import SOURCE_MAX, ExposureRow, SurveyRow
from .models import Exposure, ExposureUpload, SurveyNeed, SurveyUpload
from .permissions import coordinated_region_ids, may_upload_exposure, may_upload_survey


def _source(source: str) -> str:
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Say where the data come from (the source).")})
    if len(source) > SOURCE_MAX:
        raise ValidationError(
            {"source": _("A source has at most %(n)s characters.") % {"n": SOURCE_MAX}}
        )
    return source


@transaction.atomic
def _save(upload, items: list):
    """The upload and all its rows, or (on any error) nothing."""
    upload.full_clean()
    upload.save()
    for item in items:
        item.upload = upload
    type(items[0]).objects.bulk_create(items)
    return upload


def _check_rows(rows: Sequence, nothing: str) -> None:
    if not rows:
        raise ValidationError(nothing)
    failures = {r.row: list(r.errors) for r in rows if r.errors}
    if failures:
        raise RowErrors(failures)


def survey_import(
    *,
    by: Person,
    source: str,
    rows: Sequence[SurveyRow],
    file_name: str = "",
    dry_run: bool = False,
) -> SurveyUpload | None:
    """Save a regional needs survey: every row, or none (RowErrors names the failing rows).

    A coordinator saves needs only for the regions of the institutions they coordinate; with
    ``dry_run`` everything is checked and nothing kept."""
    if not may_upload_survey(by):
        raise PermissionDenied(_("Only coordinators and alliance administrators enter needs."))
    source = _source(source)
    _check_rows(rows, _("There are no needs to save."))
    allowed = None if is_alliance_admin(by) else coordinated_region_ids(by)
    failures = {
        r.row: [_("You may not enter needs for this region.")]
        for r in rows
        if allowed is not None and r.region.pk not in allowed
    }
    if failures:
        raise RowErrors(failures)
    needs = [
        SurveyNeed(region=r.region, skill=r.skill, weight=r.weight, source=r.source) for r in rows
    ]
    # The reader found the region and skill and checked the weight's range; the check
    # constraints stay with the database (validating them here would ask a query per row).
    for need in needs:
        need.full_clean(exclude=["upload", "region", "skill"], validate_constraints=False)
    if dry_run:
        return None
    return _save(SurveyUpload(source=source, file_name=file_name[:200], uploaded_by=by), needs)


def survey_need_add(*, by: Person, source: str, row: SurveyRow) -> SurveyUpload:
    """Enter one need by hand: a survey of one row, kept like an uploaded one."""
    upload = survey_import(by=by, source=source, rows=[row])
    assert upload is not None  # noqa: S101 - not a dry run
    return upload


def exposure_import(
    *,
    by: Person,
    source: str,
    rows: Sequence[ExposureRow],
    file_name: str = "",
    dry_run: bool = False,
) -> ExposureUpload | None:
    """Save an automation-exposure data set: every row, or none. The newest data set is the
    one the gap reads; earlier ones stay as they were uploaded."""
    if not may_upload_exposure(by):
        raise PermissionDenied(
            _("Only coordinators and alliance administrators upload exposure data.")
        )
    source = _source(source)
    _check_rows(rows, _("There are no exposure scores to save."))
    exposures = [
        Exposure(skill=r.skill, isco_code=r.isco_code, score=r.score, source=r.source, year=r.year)
        for r in rows
    ]
    for exposure in exposures:
        exposure.full_clean(exclude=["upload", "skill"], validate_constraints=False)
    if dry_run:
        return None
    return _save(
        ExposureUpload(source=source, file_name=file_name[:200], uploaded_by=by), exposures
    )
