"""The assignments' API: hand in work (multipart: a text, a file), read one's own submission
with its grade and feedback, grade a submission (the run's lecturers), and the peer reviews
assigned to the caller (the work without its author) and their sending. Nobody learns whose
work they review or who reviewed theirs; anyone else's submission is a 404."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from campus.people.schemas import ErrorOut

from . import assignments as service
from . import selectors
from .models import Assignment, PeerReview, Submission
from .permissions import may_learn, may_see_submission

router = Router(tags=["learning"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


class ScoreIn(Schema):
    criterion: int
    points: float
    comment: str = ""


class ScoresIn(Schema):
    scores: list[ScoreIn]
    comment: str = ""


class ScoreOut(Schema):
    criterion: int
    title: str
    points: float
    max_points: int
    comment: str


class FeedbackOut(Schema):
    reviewer: str = Field(description="'lecturer', or 'reviewer 1', 'reviewer 2'… (never a name)")
    percent: float | None
    comment: str
    scores: list[ScoreOut]


class SubmissionOut(Schema):
    id: int
    assignment: int
    state: str
    text: str
    file_name: str
    file_url: str | None = Field(None, description="The file's download (for those who may)")
    submitted_at: datetime.datetime | None
    percent: float | None
    passed: bool | None
    graded_by_peers: bool
    comment: str
    feedback: list[FeedbackOut]


class WorkOut(Schema):
    """A submission as its reviewer sees it: no author."""

    id: int
    assignment: int
    assignment_title: str
    text: str
    file_name: str
    file_url: str | None


class PeerReviewOut(Schema):
    id: int
    assigned_at: datetime.datetime
    submitted_at: datetime.datetime | None
    percent: float | None
    comment: str
    work: WorkOut
    scores: list[ScoreOut]


class PeerReviewsOut(Schema):
    items: list[PeerReviewOut]


def _score(s) -> dict:
    return {
        "criterion": s.criterion_id,
        "title": s.criterion.title,
        "points": float(s.points),
        "max_points": s.criterion.max_points,
        "comment": s.comment,
    }


def _file_url(submission: Submission) -> str | None:
    if not submission.file:
        return None
    return reverse("learning_assignments:file", args=[submission.pk])


def submission_data(submission: Submission, *, feedback: bool = True) -> dict:
    graded = submission.state == "graded"
    return {
        "id": submission.pk,
        "assignment": submission.assignment_id,
        "state": submission.state,
        "text": submission.text,
        "file_name": submission.file_name,
        "file_url": _file_url(submission),
        "submitted_at": submission.submitted_at,
        "percent": None if submission.percent is None else float(submission.percent),
        "passed": submission.passed,
        "graded_by_peers": graded and submission.graded_by_id is None,
        "comment": submission.comment,
        "feedback": [
            {
                "reviewer": f"reviewer {f.number}" if f.number else "lecturer",
                "percent": None if f.percent is None else float(f.percent),
                "comment": f.comment,
                "scores": [_score(s) for s in f.scores],
            }
            for f in (selectors.feedback_on(submission) if feedback and graded else [])
        ],
    }


def review_data(review: PeerReview) -> dict:
    work = review.submission
    return {
        "id": review.pk,
        "assigned_at": review.assigned_at,
        "submitted_at": review.submitted_at,
        "percent": None if review.percent is None else float(review.percent),
        "comment": review.comment,
        "work": {
            "id": work.pk,
            "assignment": work.assignment_id,
            "assignment_title": work.assignment.title,
            "text": work.text,
            "file_name": work.file_name,
            "file_url": _file_url(work),
        },
        "scores": [_score(s) for s in review.scores.select_related("criterion")],
    }


def _assignment_or_404(assignment_id: int, user) -> Assignment:
    found = Assignment.objects.select_related("unit__section__run").filter(pk=assignment_id).first()
    if found is None:
        raise HttpError(404, _("There is no assignment %(id)s.") % {"id": assignment_id})
    if not may_learn(user, found.unit.section.run):
        raise HttpError(403, _("This learning space is for the participants of the run."))
    return found


def _done(error: service.AlreadyDone):
    raise HttpError(409, error.messages[0]) from None


@router.post(
    "/assignments/{assignment_id}/submissions",
    response={201: SubmissionOut, **WRITE_ERRORS},
    summary="Hand in work for an assignment (multipart: text, file), again until it is graded",
    description=(
        "The file is checked by its first bytes (PDF, PNG, JPEG or WebP, within their sizes); "
        "a text has at most 20,000 characters. The first time, peer reviewers are allocated. "
        "400 with the reason; 403 for anyone not enrolled; 409 once it is graded."
    ),
    operation_id="submission_submit",
)
def submission_submit(
    request,
    assignment_id: int,
    text: Form[str] = "",
    file: File[UploadedFile] = None,
):
    found = _assignment_or_404(assignment_id, request.auth)
    try:
        submission = service.submission_submit(
            assignment=found, person=request.auth, text=text, file=file
        )
    except service.AlreadyDone as error:
        _done(error)
    return Status(201, submission_data(submission))


@router.get(
    "/assignments/{assignment_id}/submission",
    response={200: SubmissionOut, **READ_ERRORS},
    summary="The caller's submission to an assignment, with its grade and anonymous feedback",
    operation_id="submission_mine",
)
def submission_mine(request, assignment_id: int):
    found = _assignment_or_404(assignment_id, request.auth)
    submission = selectors.submission_of(found, request.auth)
    if submission is None:
        raise HttpError(404, _("You have not handed in work for this assignment."))
    return submission_data(submission)


@router.post(
    "/submissions/{submission_id}/grade",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Grade a submission by its rubric (the run's lecturers); replaces a peer grade",
    description=(
        "A score for every criterion, from 0 to its points, with an optional comment each. "
        "All or none: 400 names each criterion at fault and writes nothing."
    ),
    operation_id="submission_grade",
)
def submission_grade(request, submission_id: int, payload: ScoresIn):
    found = (
        Submission.objects.select_related("assignment__unit__section__run")
        .filter(pk=submission_id)
        .first()
    )
    if found is None or not may_see_submission(request.auth, found):
        raise HttpError(404, _("There is no submission %(id)s.") % {"id": submission_id})
    graded = service.submission_grade(
        submission=found,
        by=request.auth,
        scores=[s.dict() for s in payload.scores],
        comment=payload.comment,
    )
    return submission_data(graded)


@router.get(
    "/me/peer-reviews",
    response={200: PeerReviewsOut, 401: ErrorOut},
    summary="The peer reviews assigned to the caller: the work to review, without its author",
    operation_id="my_peer_reviews",
)
def my_peer_reviews(request):
    return {"items": [review_data(r) for r in selectors.peer_reviews_of(request.auth)]}


@router.post(
    "/peer-reviews/{review_id}",
    response={200: PeerReviewOut, **WRITE_ERRORS},
    summary="Send a peer review: a score for every criterion and comments, once",
    description=(
        "Only its reviewer sends it (404 for anyone else); 400 names each criterion at fault "
        "and writes nothing; 409 when it was sent already. The last awaited review grades "
        "the submission: the mean of its reviews' marks."
    ),
    operation_id="peer_review_submit",
)
def peer_review_submit(request, review_id: int, payload: ScoresIn):
    found = (
        PeerReview.objects.select_related("submission__assignment")
        .filter(pk=review_id, reviewer=request.auth)
        .first()
    )
    if found is None:
        raise HttpError(404, _("There is no review %(id)s of yours.") % {"id": review_id})
    try:
        found = service.peer_review_submit(
            review=found,
            person=request.auth,
            scores=[s.dict() for s in payload.scores],
            comment=payload.comment,
        )
    except service.AlreadyDone as error:
        _done(error)
    return review_data(found)
