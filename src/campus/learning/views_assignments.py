"""Pages of the assignments: an assignment (its instructions, rubric, the learner's form and
their graded work with its feedback), "My peer reviews" and the review form (the work shown
without its author), the lecturers' grading queue and form, and the download of a submitted
file for those who may see it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from campus.service_errors import error_messages

from . import assignments as service
from . import selectors
from .content import render_markdown
from .models import Assignment, PeerReview, Submission, SubmissionState
from .permissions import may_attempt, may_learn, may_see_submission, may_teach

_RELATED = "unit__section__run__course"


def _assignment_or_404(assignment_id: int, user) -> Assignment:
    found = get_object_or_404(
        Assignment.objects.select_related(_RELATED, "rubric"), pk=assignment_id
    )
    if not may_learn(user, found.unit.section.run):
        raise PermissionDenied(_("This learning space is for the participants of the run."))
    return found


def _scores_from(request, criteria) -> list[dict]:
    """The rubric form's scores as the services take them (an empty field stays empty, and
    the service names it)."""
    return [
        {
            "criterion": c.pk,
            "points": request.POST.get(f"c{c.pk}-points", "").strip() or None,
            "comment": request.POST.get(f"c{c.pk}-comment", ""),
        }
        for c in criteria
    ]


def _rubric_rows(criteria, field_errors: dict, posted=None, scores=None) -> list[dict]:
    """The rubric's criteria as a form shows them: what was typed (or the saved score) and
    the criterion's error."""
    saved = {s.criterion_id: s for s in scores or []}
    rows = []
    for c in criteria:
        if posted is not None:
            points = posted.get(f"c{c.pk}-points", "")
            comment = posted.get(f"c{c.pk}-comment", "")
        elif c.pk in saved:
            points = floatformat(saved[c.pk].points, "-2")
            comment = saved[c.pk].comment
        else:
            points, comment = "", ""
        rows.append(
            {
                "criterion": c,
                "points": points,
                "comment": comment,
                "errors": field_errors.get(f"c{c.pk}", []),
            }
        )
    return rows


@login_required
def assignment(request, assignment_id: int):
    found = _assignment_or_404(assignment_id, request.user)
    run = found.unit.section.run
    errors: list[str] = []
    field_errors: dict = {}
    status = 200
    text = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            service.submission_submit(
                assignment=found,
                person=request.user,
                text=text,
                file=request.FILES.get("file"),
                draft="draft" in request.POST,
            )
            messages.success(
                request,
                _("Your draft is saved.")
                if "draft" in request.POST
                else _("Your work is handed in."),
            )
            return redirect(found.get_absolute_url())
        except service.AlreadyDone as error:
            messages.error(request, error.messages[0])
            return redirect(found.get_absolute_url())
        except ValidationError as error:
            field_errors = getattr(error, "message_dict", {})
            errors = error_messages(error)
            status = 400
    submission = selectors.submission_of(found, request.user)
    return render(
        request,
        "learning/assignments/assignment.html",
        {
            "assignment": found,
            "run": run,
            "instructions": render_markdown(found.instructions),
            "criteria": selectors.criteria_of(found),
            "submission": submission,
            "feedback": (
                selectors.feedback_on(submission)
                if submission and submission.state == SubmissionState.GRADED
                else []
            ),
            "may_hand_in": may_attempt(request.user, run)
            and (submission is None or submission.state != SubmissionState.GRADED),
            "teaching": may_teach(request.user, run),
            "text": text if text is not None else (submission.text if submission else ""),
            "errors": errors,
            "field_errors": field_errors,
        },
        status=status,
    )


@login_required
def my_reviews(request):
    return render(
        request,
        "learning/assignments/my_reviews.html",
        {"reviews": selectors.peer_reviews_of(request.user)},
    )


@login_required
def review(request, review_id: int):
    found = (
        PeerReview.objects.select_related(
            f"submission__assignment__{_RELATED}", "submission__assignment__rubric"
        )
        .filter(pk=review_id, reviewer=request.user)
        .first()
    )
    if found is None:
        raise Http404(_("There is no review %(id)s of yours.") % {"id": review_id})
    work = found.submission
    criteria = selectors.criteria_of(work.assignment)
    errors: list[str] = []
    field_errors: dict = {}
    status = 200
    posted = None
    if request.method == "POST" and found.submitted_at is None:
        try:
            service.peer_review_submit(
                review=found,
                person=request.user,
                scores=_scores_from(request, criteria),
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Your review is sent. Thank you."))
            return redirect("learning_assignments:my_reviews")
        except service.AlreadyDone as error:
            messages.error(request, error.messages[0])
            return redirect(found.get_absolute_url())
        except ValidationError as error:
            field_errors = getattr(error, "message_dict", {})
            errors = error_messages(error)
            status = 400
            posted = request.POST
    return render(
        request,
        "learning/assignments/review.html",
        {
            "review": found,
            "work": work,
            "assignment": work.assignment,
            "run": work.assignment.unit.section.run,
            "instructions": render_markdown(work.assignment.instructions),
            "rows": _rubric_rows(criteria, field_errors, posted, found.scores.all()),
            "comment": posted.get("comment", "") if posted is not None else found.comment,
            "errors": errors,
        },
        status=status,
    )


@login_required
def grading_queue(request, assignment_id: int):
    found = _assignment_or_404(assignment_id, request.user)
    if not may_teach(request.user, found.unit.section.run):
        raise PermissionDenied(_("Submissions are graded by the run's lecturers."))
    return render(
        request,
        "learning/assignments/queue.html",
        {
            "assignment": found,
            "run": found.unit.section.run,
            "submissions": selectors.grading_queue(found),
        },
    )


@login_required
def grade(request, submission_id: int):
    found = get_object_or_404(
        Submission.objects.select_related(
            f"assignment__{_RELATED}", "assignment__rubric", "person"
        ),
        pk=submission_id,
    )
    run = found.assignment.unit.section.run
    if not may_teach(request.user, run):
        raise PermissionDenied(_("Submissions are graded by the run's lecturers."))
    criteria = selectors.criteria_of(found.assignment)
    errors: list[str] = []
    field_errors: dict = {}
    status = 200
    posted = None
    if request.method == "POST":
        try:
            service.submission_grade(
                submission=found,
                by=request.user,
                scores=_scores_from(request, criteria),
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("The grade is saved."))
            return redirect("learning_assignments:queue", found.assignment_id)
        except ValidationError as error:
            field_errors = getattr(error, "message_dict", {})
            errors = error_messages(error)
            status = 400
            posted = request.POST
    return render(
        request,
        "learning/assignments/grade.html",
        {
            "work": found,
            "assignment": found.assignment,
            "run": run,
            "rows": _rubric_rows(
                criteria, field_errors, posted, found.scores.all() if found.graded_by_id else []
            ),
            "comment": posted.get("comment", "") if posted is not None else found.comment,
            "feedback": [f for f in selectors.feedback_on(found) if f.number],
            "errors": errors,
        },
        status=status,
    )


@login_required
def submission_file(request, submission_id: int):
    """The submitted file, for its author, the run's teachers and its assigned reviewers only
    (404 for anyone else: its existence is not told); always as a download, never shown in
    the browser, so that a file cannot run as a page of the campus."""
    found = (
        Submission.objects.select_related("assignment__unit__section__run")
        .filter(pk=submission_id)
        .first()
    )
    if found is None or not found.file or not may_see_submission(request.user, found):
        raise Http404(_("There is no such file."))
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("There is no such file.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.file_name or "submission",
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
