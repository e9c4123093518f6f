"""The end of a challenge: the stakeholder's evaluation of each team, the students' credits
in the challenge-based module (a catalogue run), and closing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.catalog import services as catalog_services
from campus.catalog.models import Enrolment, Run
from campus.people.models import Person
from campus.people.services import notify
from campus.permissions import Action, is_alliance_admin, require

from ..models import (
    Challenge,
    Evaluation,
    MemberRole,
    Team,
    TeamMember,
)
from ..permissions import is_stakeholder_side
from .challenges import _whole
from .state import (
    S,
    _coordinators,
    _lock,
    _record,
    _require_state,
    _stakeholders,
    _team_people,
    _tell,
    _transition,
    _url,
)
from .workspace import _team

GRADE_FOR_RATING = {5: "A", 4: "B", 3: "C", 2: "D", 1: "E"}


@transaction.atomic
def team_evaluate(*, team: Team, by: Person, rating: int, feedback: str) -> Evaluation:
    """The stakeholder's rating (1–5) and feedback on a team's work; when every team of the
    challenge is evaluated, the challenge is evaluated."""
    team = _team(team)
    challenge = _lock(team.challenge)
    if not (is_stakeholder_side(by, challenge) or is_alliance_admin(by)):
        raise PermissionDenied(_("Only the challenge's stakeholder evaluates its teams."))
    _require_state(challenge, (S.DELIVERED,), _("evaluated"))
    rating = _whole(rating, "rating")
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate the work from 1 to 5.")})
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": _("Tell the team what you think of their work.")})
    evaluation = Evaluation.objects.filter(team=team).first() or Evaluation(team=team)
    evaluation.rating, evaluation.feedback, evaluation.by = rating, feedback, by
    evaluation.at = timezone.now()
    evaluation.full_clean()
    evaluation.save()
    _tell(
        [m.person for m in team.members.select_related("person")],
        gettext_noop("%(team)s was evaluated: %(rating)s/5."),
        _url("challenges:team", team.pk),
        params={"team": team.name, "rating": rating},
        skip=by,
    )
    if not challenge.teams.filter(evaluation__isnull=True).exists():
        _transition(challenge, by, S.EVALUATED)
        _tell(
            _coordinators(challenge.institution_id),
            gettext_noop("Every team of “%(title)s” is evaluated."),
            _url("challenges:challenge", challenge.pk),
            params={"title": challenge.title},
        )
    return evaluation


@transaction.atomic
def challenge_award_credits(
    *, challenge: Challenge, by: Person, grades: dict[int, str] | None = None
) -> list[Enrolment]:
    """Let the students' results flow into the challenge's module: each student member gets an
    enrolment in the module run and a result (the given ECTS grade, or one derived from the
    team's rating: 5→A … 1→E). ``by`` must be able to assess the run (its teacher or a
    coordinator of a host institution).

    The team itself is the admission: the catalogue admits each team student to the run
    (``enrolment_admit``), outside its enrolment window, capacity and audience.
    """
    challenge = _lock(challenge)
    _require_state(challenge, (S.EVALUATED, S.CLOSED), _("credited"))
    if challenge.module_id is None:
        raise ValidationError(
            _("This challenge has no challenge-based module; no credits can be awarded.")
        )
    module = Run.objects.select_related("course").get(pk=challenge.module_id)
    require(by, Action.ASSESS, module)
    grades = {int(k): v for k, v in (grades or {}).items()}
    members = list(
        TeamMember.objects.filter(team__challenge=challenge, role=MemberRole.STUDENT)
        .select_related("person", "team__evaluation")
        .order_by("team__slot", "person_id")
    )
    unknown = set(grades) - {m.person_id for m in members}
    if unknown:
        raise ValidationError(
            {
                "grades": _("These people are not students of this challenge's teams: %(ids)s.")
                % {"ids": ", ".join(map(str, sorted(unknown)))}
            }
        )
    results = []
    for member in members:
        grade = grades.get(member.person_id)
        if grade is None:
            evaluation = getattr(member.team, "evaluation", None)
            if evaluation is None:
                raise ValidationError(
                    _("%(team)s has no evaluation, so its grades cannot be derived.")
                    % {"team": member.team.name}
                )
            grade = GRADE_FOR_RATING[evaluation.rating]
        enrolment = catalog_services.enrolment_admit(run=module, person=member.person, by=by)
        enrolment = catalog_services.result_record(enrolment=enrolment, by=by, ects_grade=grade)
        results.append(enrolment)
        notify(
            person=member.person,
            message=gettext_noop(
                "Your result for “%(title)s”: %(grade)s, %(ects)s ECTS in %(course)s."
            ),
            params={
                "title": challenge.title,
                "grade": enrolment.ects_grade,
                "ects": enrolment.ects_earned,
                "course": module.course.title,
            },
            url=_url("challenges:team", member.team_id),
        )
    _record(
        challenge,
        by,
        challenge.state,
        challenge.state,
        _("Results recorded in %(course)s for %(n)s students.")
        % {"course": module.course.code, "n": len(results)},
    )
    return results


@transaction.atomic
def challenge_close(*, challenge: Challenge, by: Person) -> Challenge:
    """Close an evaluated challenge (the reviewing coordinator, or an admin)."""
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    _require_state(challenge, (S.EVALUATED,), _("closed"))
    _transition(challenge, by, S.CLOSED)
    _tell(
        _stakeholders(challenge) + _team_people(challenge),
        gettext_noop("The challenge “%(title)s” is closed. Thank you!"),
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title},
        skip=by,
    )
    return challenge
