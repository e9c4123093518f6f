"""The mobility pages: opportunities with filters, applying, an application and its decisions,
the learning agreement (versions, components, signatures; sign and propose a change), each
coordinator's queue and the learner's overview. What a reader may not see is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campus.catalog.models import Course
from campus.inputs.pagination import page_number
from campus.permissions import Action, can, coordinates
from campus.service_errors import apply_service_errors, error_messages

from . import selectors, services
from .agreement_pdf import agreement_pdf as render_agreement_pdf
from .forms import (
    ApplyForm,
    ComponentFormSet,
    DecideForm,
    NominateForm,
    OpportunityFilterForm,
    ProposeForm,
    SignForm,
    TravelForm,
)
from .models import (
    Application,
    ApplicationState,
    ComponentTable,
    LearningAgreement,
    Opportunity,
    OpportunityKind,
    VersionStatus,
)
from .permissions import may_declare_travel, signing_roles

PAGE_SIZE = 20
DECISION_FORMS = {"nominate": NominateForm, "decide": DecideForm}


def opportunity_list(request):
    form = OpportunityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.opportunities_search(
        kind=filters.get("kind") or "",
        host_id=filters["host"].pk if filters.get("host") else None,
        language=filters.get("language") or "",
        eqf_level=filters.get("eqf_level"),
    )
    page = Paginator(found, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    return render(
        request,
        "mobility/opportunities.html",
        {"form": form, "page_obj": page},
    )


def _opportunity_or_404(request, pk: int) -> Opportunity:
    try:
        found = selectors.opportunity_detail(pk)
    except Opportunity.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW, found) and not found.published:
        raise Http404
    return found


def opportunity_page(request, pk: int):
    found = _opportunity_or_404(request, pk)
    mine = (
        Application.objects.filter(person=request.user, opportunity=found)
        .exclude(state=ApplicationState.WITHDRAWN)
        .first()
        if request.user.is_authenticated
        else None
    )
    home = request.user.institution if request.user.is_authenticated else None
    travel = (
        selectors.travel_between(home, found.host, long_term=found.kind == OpportunityKind.SEMESTER)
        if home is not None and home.pk != found.host_id and not found.is_virtual
        else None
    )
    return render(
        request,
        "mobility/opportunity.html",
        {"opportunity": found, "mine": mine, "form": ApplyForm(), "travel": travel},
    )


@login_required
def apply(request, pk: int):
    found = _opportunity_or_404(request, pk)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                person=request.user, opportunity=found, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, error_messages(error))
            else:
                apply_service_errors(form, error)
        else:
            messages.success(request, _("Your application is sent to your home institution."))
            return redirect(application.get_absolute_url())
    return render(request, "mobility/apply.html", {"opportunity": found, "form": form})


def _application_or_404(request, pk: int) -> Application:
    found = selectors.applications_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def application_page(request, pk: int):
    application = _application_or_404(request, pk)
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.application_withdraw(application=application, by=user)
                messages.success(request, _("Your application is withdrawn."))
            elif action in DECISION_FORMS:
                form = DECISION_FORMS[action](request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose a decision."))
                yes, reason = form.cleaned_data["decision"] == "yes", form.cleaned_data["reason"]
                if action == "nominate":
                    services.application_nominate(
                        application=application, by=user, nominate=yes, reason=reason
                    )
                else:
                    services.application_decide(
                        application=application, by=user, accept=yes, reason=reason
                    )
                messages.success(request, _("Your decision is recorded."))
            else:
                raise ValidationError(_("Choose what to do."))
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                messages.error(request, message)
        return redirect(application.get_absolute_url())
    application.refresh_from_db()
    agreement = getattr(application, "learning_agreement", None)
    return render(
        request,
        "mobility/application.html",
        {
            "application": application,
            "agreement": agreement,
            "may_withdraw": application.person_id == user.pk
            and application.state in (ApplicationState.SUBMITTED, ApplicationState.NOMINATED),
            "may_nominate": application.state == ApplicationState.SUBMITTED
            and coordinates(user, application.home_id),
            "may_decide": application.state == ApplicationState.NOMINATED
            and coordinates(user, application.opportunity.host_id),
            "nominate_form": NominateForm(),
            "decide_form": DecideForm(),
        },
    )


def _agreement_or_404(request, pk: int):
    try:
        return selectors.agreement_detail(pk, request.user)
    except LearningAgreement.DoesNotExist:
        raise Http404 from None


def _component_rows(version) -> list[dict]:
    if version is None:
        return []
    return [
        {
            "table": c.table,
            "code": c.code,
            "title": c.title,
            "term": c.term,
            "ects": c.ects,
            "course": c.course.code if c.course else "",
        }
        for c in version.components.all()
    ]


def _components_from(formset) -> list[dict]:
    """The filled rows of the editor, with catalogue course codes turned into ids."""
    rows = []
    codes = {
        f.cleaned_data["course"].strip()
        for f in formset.forms
        if f.cleaned_data.get("course", "").strip()
    }
    ids = dict(Course.objects.filter(code__in=codes).values_list("code", "pk"))
    for form in formset.forms:
        data = form.cleaned_data
        if not data or not (data.get("title") or "").strip():
            continue
        code = (data.get("course") or "").strip()
        if code and code not in ids:
            raise ValidationError(
                {"components": _("There is no catalogue course “%(code)s”.") % {"code": code}}
            )
        rows.append(
            {
                "table": data["table"],
                "code": data.get("code") or "",
                "title": data["title"],
                "term": data.get("term") or "",
                "ects": data.get("ects"),
                "course": ids.get(code),
            }
        )
    return rows


def _tables(version) -> list[tuple[str, str, list]]:
    if version is None:
        return []
    components = list(version.components.all())
    return [
        (table.value, table.label, [c for c in components if c.table == table])
        for table in ComponentTable
        if any(c.table == table for c in components)
    ]


@login_required
def agreement_page(request, pk: int):
    agreement = _agreement_or_404(request, pk)
    user = request.user
    current = selectors.current_version(agreement)
    roles = signing_roles(user, agreement)
    propose_form = ProposeForm(initial={"based_on": current.number if current else 0})
    formset = ComponentFormSet(initial=_component_rows(current), prefix="c")
    travel = selectors.travel_for(agreement)
    # The form is shown while the declared way of travelling may still change.
    may_travel = (
        travel is not None
        and agreement.completed_at is None
        and may_declare_travel(user, agreement)
    )
    travel_form = TravelForm(initial={"mode": agreement.travel_mode})
    sign_error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sign":
                form = SignForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Say which version and part you sign."))
                services.agreement_sign(
                    agreement=agreement,
                    by=user,
                    version_number=form.cleaned_data["version"],
                    role=form.cleaned_data["role"],
                    position=form.cleaned_data["position"],
                )
                messages.success(request, _("Your signature is recorded."))
                return redirect(agreement.get_absolute_url())
            if action == "recognise":
                services.agreement_recognise(agreement=agreement, by=user)
                messages.success(request, _("The mobility is recognised."))
                return redirect(agreement.get_absolute_url())
            if action == "propose":
                propose_form = ProposeForm(request.POST)
                formset = ComponentFormSet(request.POST, prefix="c")
                if not (propose_form.is_valid() and formset.is_valid()):
                    raise ValidationError(_("Correct the marked fields."))
                services.agreement_propose(
                    agreement=agreement,
                    by=user,
                    based_on=propose_form.cleaned_data["based_on"],
                    comment=propose_form.cleaned_data["comment"],
                    components=_components_from(formset),
                )
                messages.success(request, _("Your proposal is recorded; it awaits signatures."))
                return redirect(agreement.get_absolute_url())
            if action == "travel":
                travel_form = TravelForm(request.POST)
                if not travel_form.is_valid():
                    raise ValidationError(_("Choose one of the ways of travelling."))
                mode = travel_form.cleaned_data["mode"]
                services.declare_travel(agreement, mode=mode, by=user)
                messages.success(
                    request,
                    _("How the mobility travels is recorded.")
                    if mode
                    else _("The way of travelling is cleared: the usual way is assumed."),
                )
                return redirect(agreement.get_absolute_url())
            raise ValidationError(_("Choose what to do."))
        except (ValidationError, PermissionDenied) as error:
            if action == "propose" and isinstance(error, ValidationError):
                apply_service_errors(propose_form, error)
            elif action == "travel" and may_travel and isinstance(error, ValidationError):
                apply_service_errors(travel_form, error)
            else:
                sign_error = error_messages(error)
    signable = []
    if current is not None and current.status == VersionStatus.PENDING:
        missing = selectors.missing_signatures(current)
        signable = [role for role in roles if role in missing]
    return render(
        request,
        "mobility/agreement.html",
        {
            "agreement": agreement,
            "versions": [
                (v, _tables(v), selectors.missing_signatures(v))
                for v in reversed(list(agreement.versions.all()))
            ],
            "current": current,
            "signable": signable,
            "sign_form": SignForm(initial={"version": current.number if current else 1}),
            "sign_error": sign_error,
            "may_change": bool(roles) and not selectors.is_recognised(agreement),
            "may_recognise": can(user, Action.ASSESS, agreement)
            and not selectors.is_recognised(agreement)
            and selectors.approved_version(agreement) is not None,
            "recognised": selectors.is_recognised(agreement),
            "propose_form": propose_form,
            "formset": formset,
            "travel": travel,
            "may_travel": may_travel,
            "travel_form": travel_form,
            "status": request.POST.get("action") if request.method == "POST" else "",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def agreement_pdf(request, pk: int):
    agreement = _agreement_or_404(request, pk)
    response = HttpResponse(render_agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="learning-agreement-{agreement.pk}.pdf"'
    return response


@login_required
def queue_page(request):
    return render(
        request, "mobility/queue.html", {"queue": selectors.coordinator_queue(request.user)}
    )


@login_required
def overview_page(request):
    overview = selectors.learner_overview(request.user)
    travels = [(a, selectors.travel_for(a)) for a in overview.agreements]
    return render(request, "mobility/mine.html", {"overview": overview, "travels": travels})
