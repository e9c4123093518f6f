"""The learner's pages: enrol and withdraw (from the course page), 'my records', and the
transcript of records as a page, a PDF and JSON."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campus.inputs.confirmation import Confirmation, back_url, confirm_first
from campus.permissions import Action, can

from .. import selectors, services
from ..models import ACTIVE_STATUSES, Enrolment, EnrolmentStatus, Run
from ..schemas.records import TranscriptOut
from ..transcript_pdf import transcript_pdf as render_transcript_pdf


def _back(request, fallback: str):
    """Where to go after a form: the safe ``next`` it carried, or the fallback."""
    return redirect(back_url(request, fallback))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
@login_required
def enrol(request, run_id: int):
    """Take a place in a run (or join its waiting list), then go back to the course page."""
    run = get_object_or_404(Run.objects.select_related("course"), pk=run_id)
    course = run.course
    try:
        enrolment = services.enrol(run=run, person=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if enrolment.status == EnrolmentStatus.WAITLISTED:
            messages.warning(
                request,
                _("The run is full; you are number %(n)s on the waiting list.")
                % {"n": selectors.waitlist_position(enrolment)},
            )
        else:
            messages.success(
                request,
                _("You are enrolled in %(course)s (%(run)s).")
                % {"course": course.title, "run": run.label},
            )
    return _back(request, course.get_absolute_url())


def _enrolment(request, enrolment_id: int) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.select_related("run__course"), pk=enrolment_id)
    if not can(request.user, Action.VIEW, enrolment):
        raise Http404
    return enrolment


def _withdraw_confirmation(request, enrolment_id: int) -> Confirmation | None:
    """What withdrawing (or leaving the waiting list) gives up, asked before it is done."""
    enrolment = _enrolment(request, enrolment_id)
    if enrolment.status not in ACTIVE_STATUSES:
        return None  # nothing to give up: the service says why
    names = {"course": enrolment.run.course.title, "run": enrolment.run.label}
    cancel_url = back_url(request, enrolment.run.course.get_absolute_url())
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return Confirmation(
            title=_("Leave the waiting list of “%(course)s — %(run)s”?") % names,
            text=_(
                "You give up your place on the waiting list (number %(n)s). If you join it "
                "again later, you start at the end."
            )
            % {"n": selectors.waitlist_position(enrolment)},
            button=_("Leave the waiting list"),
            cancel_url=cancel_url,
        )
    return Confirmation(
        title=_("Withdraw from “%(course)s — %(run)s”?") % names,
        text=_(
            "You give up your place in this run, and it goes to the first person on the waiting "
            "list. You can enrol again only while enrolment is open and a place is free."
        ),
        button=_("Withdraw"),
        cancel_url=cancel_url,
    )


@login_required
@confirm_first(_withdraw_confirmation)
def withdraw(request, enrolment_id: int):
    """Give up a place or a waiting-list spot (asked first), then go back to where the form was."""
    enrolment = _enrolment(request, enrolment_id)
    course = enrolment.run.course
    try:
        services.enrolment_withdraw(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You have withdrawn from %(course)s (%(run)s).")
            % {"course": course.title, "run": enrolment.run.label},
        )
    return _back(request, course.get_absolute_url())


@require_GET
@login_required
def my_records(request):
    """Current and past enrolments, results and the ECTS total."""
    records = selectors.my_records(request.user)
    return render(request, "catalog/my_records.html", {"records": records})


@require_GET
@login_required
def transcript_page(request):
    """The transcript of records as a page."""
    return render(
        request, "catalog/transcript.html", {"transcript": selectors.transcript_of(request.user)}
    )


@require_GET
@login_required
def transcript_pdf(request):
    """The transcript of records as a PDF, to print, save or send."""
    pdf = render_transcript_pdf(selectors.transcript_of(request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="transcript-of-records.pdf"'
    return response


@require_GET
@login_required
def transcript_json(request):
    """The transcript of records as JSON: the same document as GET /api/v1/me/transcript."""
    data = selectors.transcript_data(selectors.transcript_of(request.user))
    body = TranscriptOut.model_validate(data).model_dump(mode="json")
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'inline; filename="transcript-of-records.json"'
    return response
