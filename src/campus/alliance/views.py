"""Pages of the alliance: institutions, stakeholder organisations, governance."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.permissions import Action, can

from . import selectors
from .forms import OrganisationFilterForm
from .models import Institution, Organisation

ORGANISATIONS_PER_PAGE = 20


def institution_list(request):
    """The nine partner institutions, as cards."""
    return render(
        request,
        "alliance/institution_list.html",
        {"institutions": selectors.institution_list()},
    )


def institution_detail(request, slug: str):
    """One partner institution: its facts, its region and its stakeholder organisations."""
    try:
        detail = selectors.institution_detail(slug)
    except Institution.DoesNotExist:
        raise Http404(_("No such institution.")) from None
    institution = detail.institution
    edit_url = None
    if can(request.user, Action.CHANGE, institution):
        edit_url = reverse("admin:alliance_institution_change", args=[institution.pk])
    return render(
        request,
        "alliance/institution_detail.html",
        {"institution": institution, "stakeholders": detail.stakeholders, "edit_url": edit_url},
    )


def organisation_list(request):
    """The regional stakeholder organisations, searchable and filtered, 20 a page."""
    form = OrganisationFilterForm(request.GET or None)
    organisations = selectors.organisations_filter(**form.filters())
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "count": page.paginator.count}
    if request.htmx:
        return render(request, "alliance/_organisation_results.html", context)
    return render(request, "alliance/organisation_list.html", context)


def organisation_detail(request, slug: str):
    """One stakeholder organisation."""
    try:
        organisation = selectors.organisation_detail(slug)
    except Organisation.DoesNotExist:
        raise Http404(_("No such organisation.")) from None
    return render(request, "alliance/organisation_detail.html", {"organisation": organisation})


def governance(request):
    """The alliance's governance bodies and who sits in them today."""
    return render(request, "alliance/governance.html", {"bodies": selectors.governance_bodies()})
