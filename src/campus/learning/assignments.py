"""Every write of the assignments: a learner's submission (a text, a file or both), its grade
by the run's lecturers, and peer review the MOOC way: reviewers allocated among the other
submitters, their reviews, and the grade those reviews give.

Peer allocation (an assignment with ``peer_reviews = n ≥ 1``), run when a submission is handed
in for the first time, under a lock of the assignment's row so that two submissions arriving
together are allocated one after the other:

1. The new submission gets its reviewers: the authors of the other handed-in submissions of
   the assignment who do not review it yet, those with the fewest reviews assigned in this
   assignment first (then the earliest submitter, then the lowest submission id: the same
   submissions always give the same allocation), until it has n, or the candidates run out.
2. The new submitter becomes a reviewer of the submissions still waiting for reviewers (fewer
   than n, not graded by a lecturer), those with the fewest reviewers first (then the
   earliest), until the new submitter has n reviews to do, or none is waiting.

So a submission that could not get its n reviewers when it arrived (the first ones, in a
small cohort) gets them as later submissions arrive; a reviewer never reviews their own
work (they are never a candidate for it) nor the same submission twice (a unique constraint).
With 3 submitters and n = 2 every submission ends with 2 reviewers and every submitter with
2 reviews to do; a late fourth gets the two least loaded earlier submitters as reviewers.

A submission is graded by its reviews when it has n finished ones and no lecturer's grade:
its mark is the mean of the reviews' marks. A lecturer's grade, at any time, replaces it.
Anonymity: a learner is shown neither who reviewed them nor whose work they review (the
selectors and pages give neither name).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campus.catalog.models import Enrolment, EnrolmentStatus

from . import content
from .models import (
    Assignment,
    CriterionScore,
    PeerReview,
    RubricCriterion,
    Submission,
    SubmissionState,
)
from .permissions import may_attempt, may_teach

TEXT_MAX = 20_000
COMMENT_MAX = 5_000
CRITERION_COMMENT_MAX = 2_000
# What work may be: documents and images (lessons' media types, video and audio, are not).
SUBMISSION_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/webp"})
HANDED_IN = (SubmissionState.SUBMITTED, SubmissionState.GRADED)


class AlreadyDone(ValidationError):
    """The write cannot happen any more: a graded submission, a finished review (409)."""


@dataclass(frozen=True)
class Score:
    criterion: int
    points: Decimal
    comment: str = ""


def _run_of(assignment: Assignment):
    return assignment.unit.section.run


def _enrolled(assignment: Assignment, person) -> Enrolment:
    """The learner's enrolment, locked (it serialises the learner's writes in the run)."""
    enrolment = (
        Enrolment.objects.select_for_update().filter(run=_run_of(assignment), person=person).first()
        if person and person.is_authenticated
        else None
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise PermissionDenied(_("Only participants enrolled in the run hand in its assignments."))
    return enrolment


def _within_study_period(assignment: Assignment, enrolment: Enrolment, now) -> None:
    """Work is handed in within the learner's study period, as quizzes are taken: the run's
    dates, or for a self-paced run from their enrolment to their personal deadline."""
    starts, ends = _run_of(assignment).study_period(timezone.localdate(enrolment.queued_at))
    today = timezone.localdate(now)
    if today < starts:
        raise ValidationError(
            _("The assignments of this run open on %(day)s.")
            % {"day": formats.date_format(starts, "DATE_FORMAT")}
        )
    if today > ends:
        raise ValidationError(
            _("Your time for this run ended on %(day)s; its assignments are closed.")
            % {"day": formats.date_format(ends, "DATE_FORMAT")}
        )


# --- submissions -----------------------------------------------------------------------------


def submission_submit(
    *,
    assignment: Assignment,
    person,
    text: str = "",
    file=None,
    draft: bool = False,
    now: datetime.datetime | None = None,
) -> Submission:
    """Hand in (or save as a draft) the learner's work: a text, a file or both, as the
    assignment allows. Handed in again it replaces the work before, until it is graded. The
    first time it is handed in, peer reviewers are allocated (the module's docstring)."""
    now = now or timezone.now()
    if not may_attempt(person, _run_of(assignment)):
        raise PermissionDenied(_("Only participants enrolled in the run hand in its assignments."))
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if text and not assignment.allow_text:
        errors["text"] = [_("This assignment takes a file, not a text.")]
    if len(text) > TEXT_MAX:
        errors["text"] = [
            _("Write at most %(most)s characters; this text has %(n)s.")
            % {
                "most": number_format(TEXT_MAX, force_grouping=True),
                "n": number_format(len(text), force_grouping=True),
            }
        ]
    content_type = ""
    if file is not None:
        if not assignment.allow_file:
            errors["file"] = [_("This assignment takes a text, not a file.")]
        else:
            try:
                content_type = content.check_upload(file)
            except ValidationError as error:
                errors.update(error.message_dict)
            else:
                if content_type not in SUBMISSION_TYPES:
                    errors["file"] = [
                        _(
                            "Hand in a PDF document or a PNG, JPEG or WebP image; "
                            "video, audio and captions are not taken as work."
                        )
                    ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _within_study_period(assignment, _enrolled(assignment, person), now)
        # The assignment's lock serialises peer allocation between submitters.
        Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        found = (
            Submission.objects.select_for_update()
            .filter(assignment=assignment, person=person)
            .first()
        )
        if found is not None and found.state == SubmissionState.GRADED:
            raise AlreadyDone(_("Your submission is graded; it can no longer change."))
        if not text and file is None and not (found is not None and found.file):
            raise ValidationError(_nothing_message(assignment))
        first_time = found is None or found.state == SubmissionState.DRAFT
        found = found or Submission(assignment=assignment, person=person)
        found.text = text
        old_file = found.file.name if found.file else ""
        if not draft:
            found.state = SubmissionState.SUBMITTED
            found.submitted_at = now
        if file is not None:
            found.file_name = os.path.basename(file.name or "")[:255]
            found.content_type = content_type
        found.full_clean(exclude=["file"])
        stored = ""
        try:
            if file is not None:
                found.file.save(found.file_name, file, save=False)
                stored = found.file.name
            found.save()
            if not draft and first_time and assignment.peer_reviews:
                allocate_reviewers(submission=found, now=now)
        except BaseException:
            # A refused or failed write leaves no file behind.
            if stored:
                found.file.storage.delete(stored)
            raise
        if stored and old_file:
            storage = found.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return found


def _nothing_message(assignment: Assignment) -> dict[str, list[str]]:
    """What is missing when nothing is handed in, on the form's field."""
    if assignment.allow_text and assignment.allow_file:
        message = _("Write your text or choose a file to hand in.")
    elif assignment.allow_text:
        message = _("Write your text to hand in.")
    else:
        message = _("Choose a file to hand in.")
    return {"text" if assignment.allow_text else "file": [message]}


# --- peer allocation -------------------------------------------------------------------------


def allocate_reviewers(*, submission: Submission, now: datetime.datetime | None = None) -> None:
    """Allocate peer reviewers for a newly handed-in submission and give its author reviews of
    the submissions still waiting (the algorithm is in the module's docstring). Called under
    the assignment's lock."""
    now = now or timezone.now()
    assignment = submission.assignment
    n = assignment.peer_reviews
    others = list(
        Submission.objects.filter(assignment=assignment, state__in=HANDED_IN)
        .exclude(pk=submission.pk)
        .exclude(person=submission.person)
        .annotate(
            reviewers=Count("reviews", distinct=True),
        )
        .order_by("submitted_at", "pk")
    )
    load = dict(
        PeerReview.objects.filter(submission__assignment=assignment)
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    # 1. Reviewers for the new submission.
    reviewing = set(submission.reviews.values_list("reviewer_id", flat=True))
    candidates = sorted(
        (s for s in others if s.person_id not in reviewing),
        key=lambda s: (load.get(s.person_id, 0), s.submitted_at, s.pk),
    )
    for candidate in candidates[: max(0, n - len(reviewing))]:
        PeerReview.objects.create(submission=submission, reviewer=candidate.person, assigned_at=now)
        load[candidate.person_id] = load.get(candidate.person_id, 0) + 1
    # 2. The new submitter reviews the submissions still waiting for reviewers.
    mine = set(
        PeerReview.objects.filter(
            submission__assignment=assignment, reviewer=submission.person
        ).values_list("submission_id", flat=True)
    )
    waiting = sorted(
        (
            s
            for s in others
            if s.reviewers < n and s.graded_by_id is None and s.state == SubmissionState.SUBMITTED
        ),
        key=lambda s: (s.reviewers, s.submitted_at, s.pk),
    )
    for other in waiting:
        if len(mine) >= n:
            break
        if other.pk in mine:
            continue
        PeerReview.objects.create(submission=other, reviewer=submission.person, assigned_at=now)
        mine.add(other.pk)


# --- scores ----------------------------------------------------------------------------------


def _read_scores(submission: Submission, scores: list) -> tuple[list[Score], Decimal]:
    """The scores, one for every criterion of the rubric, each within its points; all or
    none: a ValidationError names every criterion at fault. Returns them and the mark (%)."""
    criteria = {
        c.pk: c for c in RubricCriterion.objects.filter(rubric=submission.assignment.rubric)
    }
    errors: dict[str, list[str]] = {}
    read: dict[int, Score] = {}
    for raw in scores or []:
        raw = raw if isinstance(raw, dict) else getattr(raw, "__dict__", {})
        try:
            criterion_id = int(raw.get("criterion"))
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append(_("Every score names its criterion."))
            continue
        criterion = criteria.get(criterion_id)
        key = f"c{criterion_id}"
        if criterion is None:
            errors[key] = [_("There is no criterion %(id)s in this rubric.") % {"id": criterion_id}]
            continue
        if criterion_id in read:
            errors[key] = [_("“%(title)s” is scored twice.") % {"title": criterion.title}]
            continue
        try:
            points = Decimal(str(raw.get("points")).replace(",", ".").strip())
            if not points.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors[key] = [_("Write a number of points, for example 3 or 2.5.")]
            continue
        if not 0 <= points <= criterion.max_points or points != points.quantize(Decimal("0.01")):
            errors[key] = [
                _("“%(title)s” takes from 0 to %(most)s points.")
                % {"title": criterion.title, "most": criterion.max_points}
            ]
            continue
        comment = str(raw.get("comment") or "").strip()
        if len(comment) > CRITERION_COMMENT_MAX:
            errors[key] = [
                _("Write a comment of at most %(most)s characters.")
                % {"most": number_format(CRITERION_COMMENT_MAX, force_grouping=True)}
            ]
            continue
        read[criterion_id] = Score(criterion=criterion_id, points=points, comment=comment)
    for pk, criterion in criteria.items():
        if pk not in read and f"c{pk}" not in errors:
            errors[f"c{pk}"] = [_("Score “%(title)s”.") % {"title": criterion.title}]
    if errors:
        raise ValidationError(errors)
    if not criteria:
        raise ValidationError(_("This assignment's rubric has no criteria yet."))
    most = sum(c.max_points for c in criteria.values())
    percent = (100 * sum(s.points for s in read.values()) / most).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    ordered = [read[pk] for pk in sorted(criteria, key=lambda pk: (criteria[pk].position, pk))]
    return ordered, percent


def _write_scores(read: list[Score], **owner) -> None:
    """The scores of a lecturer's grade (submission=) or of a peer review (peer_review=)."""
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(criterion_id=s.criterion, points=s.points, comment=s.comment, **owner)
            for s in read
        ]
    )


def _comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {
                "comment": [
                    _("Write at most %(most)s characters.")
                    % {"most": number_format(COMMENT_MAX, force_grouping=True)}
                ]
            }
        )
    return comment


def _complete(submission: Submission) -> None:
    from .services import completion_check  # services imports selectors; keep the cycle out

    completion_check(run=_run_of(submission.assignment), person=submission.person)


# --- grading by the run's lecturers ----------------------------------------------------------


def submission_grade(
    *,
    submission: Submission,
    by,
    scores: list,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Submission:
    """A lecturer's grade: a score (and comment) per criterion of the rubric and a comment;
    it replaces a peer grade or an earlier grade, and may complete the run."""
    now = now or timezone.now()
    assignment = submission.assignment
    if not may_teach(by, _run_of(assignment)):
        raise PermissionDenied(_("Submissions are graded by the run's lecturers."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state == SubmissionState.DRAFT:
            raise ValidationError(_("This submission is a draft; it is not handed in yet."))
        read, percent = _read_scores(submission, scores)
        submission.comment = _comment(comment)
        submission.scores.all().delete()
        _write_scores(read, submission=submission)
        submission.percent = percent
        submission.passed = percent >= assignment.pass_percent
        submission.state = SubmissionState.GRADED
        submission.graded_by = by
        submission.graded_at = now
        submission.save()
        _complete(submission)
    return submission


# --- peer review -----------------------------------------------------------------------------


def peer_review_submit(
    *,
    review: PeerReview,
    person,
    scores: list,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> PeerReview:
    """The assigned reviewer's scores and comments, once. The submission's last awaited review
    grades it (the mean of its reviews' marks) unless a lecturer graded it."""
    now = now or timezone.now()
    with transaction.atomic():
        review = (
            PeerReview.objects.select_for_update()
            .select_related("submission__assignment__unit__section__run")
            .get(pk=review.pk)
        )
        if not (person and person.is_authenticated) or review.reviewer_id != person.pk:
            raise PermissionDenied(_("This review is assigned to another learner."))
        if review.submitted_at is not None:
            raise AlreadyDone(_("You have sent this review already."))
        read, percent = _read_scores(review.submission, scores)
        review.comment = _comment(comment)
        _write_scores(read, peer_review=review)
        review.percent = percent
        review.submitted_at = now
        review.save()
        peer_grade(submission=review.submission, now=now)
    return review


def peer_grade(*, submission: Submission, now: datetime.datetime | None = None) -> bool:
    """Grade a submission by its peer reviews when n are finished and no lecturer graded it:
    the mean of their marks. True when it was graded now."""
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    assignment = submission.assignment
    if not assignment.peer_reviews or submission.graded_by_id is not None:
        return False
    marks = list(
        submission.reviews.filter(submitted_at__isnull=False).values_list("percent", flat=True)
    )
    if len(marks) < assignment.peer_reviews:
        return False
    percent = (sum(marks) / len(marks)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    submission.percent = percent
    submission.passed = percent >= assignment.pass_percent
    submission.state = SubmissionState.GRADED
    submission.graded_by = None
    submission.graded_at = now
    submission.save()
    _complete(submission)
    return True


__all__ = [
    "AlreadyDone",
    "allocate_reviewers",
    "peer_grade",
    "peer_review_submit",
    "submission_grade",
    "submission_submit",
]
