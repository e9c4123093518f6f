"""Who may do what in a run's learning space.

Its learners (people holding a place in the run: enrolled, completed or failed) open its units
and review their own attempts; only those still enrolled take quizzes. The run's teachers,
the coordinators of its host institutions and alliance administrators (those who may record
the run's results) see every unit and every learner's attempts and grant extra time. No
learner ever sees another learner's answers or grades.
"""

from __future__ import annotations

from campus.catalog.models import SEATED_STATUSES, Enrolment, EnrolmentStatus
from campus.permissions import Action, can, register_rule


def may_teach(user, run) -> bool:
    return can(user, Action.ASSESS, run)


def enrolment_of(user, run) -> Enrolment | None:
    """The user's place in the run (enrolled, completed or failed), or None."""
    if not (user and user.is_authenticated):
        return None
    return (
        Enrolment.objects.filter(run=run, person=user, status__in=SEATED_STATUSES)
        .only("pk", "status", "run_id", "person_id")
        .first()
    )


def may_learn(user, run) -> bool:
    """May the user open the run's learning space?"""
    return may_teach(user, run) or enrolment_of(user, run) is not None


def may_attempt(user, run) -> bool:
    """May the user start or answer a quiz of the run (still enrolled, not yet completed)?"""
    enrolment = enrolment_of(user, run)
    return enrolment is not None and enrolment.status == EnrolmentStatus.ENROLLED


def may_see_attempt(user, attempt) -> bool:
    """A learner sees their own attempts; the run's teachers see everyone's."""
    if not (user and user.is_authenticated):
        return False
    return attempt.person_id == user.pk or may_teach(user, attempt.quiz.unit.section.run)


def _attempt_rule(user, action, attempt) -> bool:
    if attempt is None:
        return False
    if action == Action.VIEW:
        return may_see_attempt(user, attempt)
    return attempt.person_id == user.pk and action == Action.CHANGE


def may_see_submission(user, submission) -> bool:
    """The author, the run's teachers, and a peer assigned to review it (who is not told whose
    it is) see a submission and its file; nobody else learns it exists."""
    if not (user and user.is_authenticated) or submission is None:
        return False
    if submission.person_id == user.pk:
        return True
    if submission.reviews.filter(reviewer=user).exists():
        return True
    return may_teach(user, submission.assignment.unit.section.run)


def _submission_rule(user, action, submission) -> bool:
    if submission is None:
        return False
    if action == Action.VIEW:
        return may_see_submission(user, submission)
    # Handed in (changed) by its author until graded; graded by the run's teachers.
    if action == Action.CHANGE:
        return submission.person_id == user.pk and submission.state != "graded"
    if action == Action.ASSESS:
        return may_teach(user, submission.assignment.unit.section.run)
    return False


def _peer_review_rule(user, action, review) -> bool:
    """A review is seen and written by its reviewer (and seen by the run's teachers); the
    author of the submission sees its scores and comments through their submission only,
    never the review itself (it would tell who wrote it)."""
    if review is None or not (user and user.is_authenticated):
        return False
    if action == Action.VIEW:
        return review.reviewer_id == user.pk or may_teach(
            user, review.submission.assignment.unit.section.run
        )
    return action == Action.CHANGE and review.reviewer_id == user.pk and not review.submitted_at


def _score_rule(user, action, score) -> bool:
    if score is None or action != Action.VIEW:
        return False
    if score.submission_id:
        return may_see_submission(user, score.submission)
    review = score.peer_review
    return _peer_review_rule(user, action, review) or review.submission.person_id == user.pk


def _content_rule(user, action, obj) -> bool:
    """Sections, units, quizzes, banks and rules: changed by whoever may record results."""
    return obj is not None and may_teach(user, _run_of(obj))


def _run_of(obj):
    for path in ("run", "section.run", "unit.section.run", "bank.run", "rubric.run"):
        found = obj
        for name in path.split("."):
            found = getattr(found, name, None)
            if found is None:
                break
        if found is not None:
            return found
    return None


def register() -> None:
    register_rule("learning.attempt", _attempt_rule)
    register_rule("learning.submission", _submission_rule)
    register_rule("learning.peerreview", _peer_review_rule)
    register_rule("learning.criterionscore", _score_rule)
    for label in (
        "learning.section",
        "learning.unit",
        "learning.unitmedia",
        "learning.questionbank",
        "learning.question",
        "learning.quiz",
        "learning.accommodation",
        "learning.completionrule",
        "learning.rubric",
        "learning.rubriccriterion",
        "learning.assignment",
    ):
        register_rule(label, _content_rule)
    register_rule("learning.unitview", lambda user, action, obj: False)
