"""Pages of the skills gap: the gap of a region or of the whole alliance, the course planner's
view, and the uploads of regional needs surveys and exposure data sets (previewed, then
confirmed)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.alliance.models import Region
from campus.catalog.services import RowErrors
from campus.permissions import is_alliance_admin
from campus.service_errors import apply_service_errors, error_messages

from . import csv_io, selectors, services
from .forms import GapFilterForm, NeedForm, SourcedUploadForm
from .permissions import coordinated_region_ids, may_plan, may_upload_exposure, may_upload_survey


def _report(request) -> tuple[dict, int]:
    """The context of a gap page for the filters in the address, and its status: 400 for bad
    filters, 404 (with a message) for an unknown region code."""
    regions = selectors.regions_with_partners()
    form = GapFilterForm(request.GET or None, regions=regions)
    context = {
        "form": form,
        "report": None,
        "region_error": "",
        "may_plan": may_plan(request.user),
        "may_upload_survey": may_upload_survey(request.user),
    }
    if form.is_bound and not form.is_valid():
        return context, 400
    data = form.cleaned_data if form.is_bound else {}
    region = None
    code = (data.get("region") or "").strip()
    if code:
        region = selectors.region_by_code(code)
        if region is None:
            context["region_error"] = _(
                "There is no region with the NUTS code “%(code)s”. Choose one of the list."
            ) % {"code": code}
            return context, 404
    filters = selectors.DemandFilter(
        region=region, theme=data.get("theme", ""), since=data.get("since"), until=data.get("until")
    )
    context["report"] = selectors.skills_gap(filters)
    return context, 200


@login_required
def gap(request):
    """The skills most demanded and least supplied within reach of a region, or the alliance."""
    context, status = _report(request)
    return render(request, "impact/gap.html", context, status=status)


@login_required
def planner(request):
    """What should we offer next term? The courses that would close the region's gaps (those
    not yet within its reach first, ranked by the gap they would close), and the skills the
    alliance offers nothing for."""
    if not may_plan(request.user):
        raise PermissionDenied(_("The course planner is for coordinators."))
    context, status = _report(request)
    if context["report"] is not None:
        context["offers"] = selectors.planner_offers(context["report"])
    return render(request, "impact/planner.html", context, status=status)


def _upload(
    request,
    *,
    template: str,
    context: dict,
    parse: Callable[[str, str], csv_io.ParsedFile],
    save: Callable[..., object],
    saved_message: str,
    redirect_to: str,
):
    """A CSV upload: first a preview of every row with its problems, then (confirmed) all rows
    at once; nothing is saved before the confirmation, or when any row fails."""
    form = SourcedUploadForm(request.POST, request.FILES)
    context.update(form=form, rows=[], errors=[], ignored=[], content="", preview=True)
    if not form.is_valid():
        return render(request, template, context, status=400)
    source = form.cleaned_data["source"]
    upload = form.cleaned_data.get("file")
    file_name = upload.name if upload else request.POST.get("file_name", "")
    parsed = parse(form.cleaned_data["text"], source)
    context.update(errors=parsed.errors, ignored=parsed.ignored, rows=parsed.rows)
    if parsed.errors:
        return render(request, template, context, status=400)
    confirm = "confirm" in request.POST
    try:
        save(
            by=request.user,
            source=source,
            rows=parsed.rows,
            file_name=file_name,
            dry_run=not confirm,
        )
    except RowErrors as error:
        for row in parsed.rows:
            row.errors = error.rows.get(row.row, row.errors)
        context["has_errors"] = True
        return render(request, template, context, status=400)
    except (ValidationError, PermissionDenied) as error:
        context["errors"] = error_messages(error)
        return render(request, template, context, status=400)
    if confirm:
        messages.success(request, saved_message % {"n": len(parsed.rows)})
        return redirect(redirect_to)
    context["content"] = SourcedUploadForm.encode(form.cleaned_data["text"])
    context["source"] = source
    context["file_name"] = file_name
    return render(request, template, context)


def _survey_context(request, need_form=None) -> dict:
    regions = (
        Region.objects.all()
        if is_alliance_admin(request.user)
        else Region.objects.filter(pk__in=coordinated_region_ids(request.user))
    )
    return {
        "form": SourcedUploadForm(),
        "need_form": need_form or NeedForm(regions=regions),
        "uploads": selectors.survey_uploads(),
        "regions": regions,
        "columns": [_("Region"), _("Skill"), _("Weight"), _("Source")],
    }


@login_required
def surveys(request):
    """Regional needs surveys: the ones kept, one need by hand, or a CSV file (previewed)."""
    if not may_upload_survey(request.user):
        raise PermissionDenied(_("Only coordinators and alliance administrators enter needs."))
    context = _survey_context(request)
    if request.method != "POST":
        return render(request, "impact/surveys.html", context)
    return _upload(
        request,
        template="impact/surveys.html",
        context=context,
        parse=lambda text, source: csv_io.survey_parse(text, by=request.user, source=source),
        save=services.survey_import,
        saved_message=_("The survey is saved: %(n)s needs."),
        redirect_to="impact:surveys",
    )


@login_required
@require_POST
def survey_need_add(request):
    """One need entered by hand, kept as a survey of one row."""
    if not may_upload_survey(request.user):
        raise PermissionDenied(_("Only coordinators and alliance administrators enter needs."))
    context = _survey_context(request)
    form = NeedForm(request.POST, regions=context["regions"])
    context["need_form"] = form
    if not form.is_valid():
        return render(request, "impact/surveys.html", context, status=400)
    data = form.cleaned_data
    record = {
        "region": data["region"].code,
        "skill": data["skill"],
        "weight": str(data["weight"]),
        "source": data["source"],
    }
    row = csv_io.survey_rows([(1, record)], by=request.user, source=data["source"])[0]
    try:
        services.survey_need_add(by=request.user, source=data["source"], row=row)
    except RowErrors as error:
        form.add_error(None, " ".join(m for ms in error.rows.values() for m in ms))
        return render(request, "impact/surveys.html", context, status=400)
    except ValidationError as error:
        apply_service_errors(form, error)
        return render(request, "impact/surveys.html", context, status=400)
    messages.success(request, _("The need is saved."))
    return redirect("impact:surveys")


@login_required
def exposure(request):
    """Automation-exposure data sets: the ones kept, or a CSV file (previewed)."""
    if not may_upload_exposure(request.user):
        raise PermissionDenied(
            _("Only coordinators and alliance administrators upload exposure data.")
        )
    context = {
        "form": SourcedUploadForm(),
        "uploads": selectors.exposure_uploads(),
        "columns": [_("Skill or ISCO-08 code"), _("Exposure"), _("Source"), _("Year")],
    }
    if request.method != "POST":
        return render(request, "impact/exposure.html", context)
    return _upload(
        request,
        template="impact/exposure.html",
        context=context,
        parse=lambda text, source: csv_io.exposure_parse(text, source=source),
        save=services.exposure_import,
        saved_message=_("The exposure data set is saved: %(n)s scores."),
        redirect_to="impact:exposure",
    )
