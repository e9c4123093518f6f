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


def _content_rule(user, action, obj) -> bool:
    """Sections, units, quizzes, banks and rules: changed by whoever may record results."""
    return obj is not None and may_teach(user, _run_of(obj))


def _run_of(obj):
    for path in ("run", "section.run", "unit.section.run", "bank.run"):
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
    for label in (
        "learning.section",
        "learning.unit",
        "learning.unitmedia",
        "learning.questionbank",
        "learning.question",
        "learning.quiz",
        "learning.accommodation",
        "learning.completionrule",
    ):
        register_rule(label, _content_rule)
    register_rule("learning.unitview", lambda user, action, obj: False)
