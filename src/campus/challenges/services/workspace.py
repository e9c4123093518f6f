"""The teams' work: starting it, milestones, deliverables (confidential files), delivering."""

import datetime
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.people.models import Person
from campus.permissions import Action, can, coordinates, require

from ..models import (
    Challenge,
    Deliverable,
    Milestone,
    Team,
    TeamMember,
)
from .challenges import _date
from .state import S, _lock, _require_state, _stakeholders, _team_people, _tell, _transition, _url

ALLOWED_EXTENSIONS = ("pdf", "docx", "pptx", "xlsx", "zip", "png", "jpg", "txt", "md", "csv")


# --- the teams' work -------------------------------------------------------------------------


@transaction.atomic
def challenge_start(*, challenge: Challenge, by: Person) -> Challenge:
    """Start the work once the teams are formed (the stakeholder side or the coordinator)."""
    challenge = _lock(challenge)
    require(by, Action.CHANGE, challenge)
    _require_state(challenge, (S.TEAMS_FORMED,), _("started"))
    _transition(challenge, by, S.IN_PROGRESS)
    _tell(
        _team_people(challenge),
        gettext_noop("Work on “%(title)s” has started."),
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title},
        skip=by,
    )
    return challenge


def _team(team: Team) -> Team:
    return Team.objects.select_related("challenge").prefetch_related("members").get(pk=team.pk)


def _may_plan(by: Person, team: Team) -> bool:
    return can(by, Action.CHANGE, team) or coordinates(by, team.challenge.institution_id)


@transaction.atomic
def milestone_add(*, team: Team, by: Person, title: str, due_on: datetime.date) -> Milestone:
    """Add a milestone to a team's plan (its members, or the reviewing coordinator)."""
    team = _team(team)
    if not _may_plan(by, team):
        raise PermissionDenied(_("Only the team's members plan its milestones."))
    _require_state(team.challenge, (S.TEAMS_FORMED, S.IN_PROGRESS), _("planned"))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the milestone a title.")})
    milestone = Milestone(team=team, title=title, due_on=_date(due_on, "due_on"))
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, milestone: Milestone, by: Person) -> Milestone:
    """Mark a milestone as reached today."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    team = _team(milestone.team)
    if not _may_plan(by, team):
        raise PermissionDenied(_("Only the team's members plan its milestones."))
    if milestone.done_on is None:
        milestone.done_on = timezone.localdate()
        milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def deliverable_upload(*, team: Team, by: Person, title: str, file) -> Deliverable:
    """Upload a deliverable of the team's work (team members only)."""
    team = _team(team)
    if not can(by, Action.CHANGE, team):
        raise PermissionDenied(_("Only the team's members upload its deliverables."))
    _require_state(team.challenge, (S.IN_PROGRESS,), _("delivered to"))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the deliverable a title.")})
    if file is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    name = os.path.basename(getattr(file, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Upload a file of one of these kinds: %(kinds)s.")
                % {"kinds": ", ".join(ALLOWED_EXTENSIONS)}
            }
        )
    limit = settings.CAMPUS_MAX_UPLOAD_BYTES
    if (getattr(file, "size", 0) or 0) > limit:
        raise ValidationError(
            {
                "file": _("The file is too large; the limit is %(mb)s MB.")
                % {"mb": round(limit / 1024 / 1024, 1)}
            }
        )
    deliverable = Deliverable(team=team, title=title[:200], file=file, uploaded_by=by)
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def challenge_deliver(*, challenge: Challenge, by: Person) -> Challenge:
    """Mark the work delivered once every team has uploaded at least one deliverable
    (a team member, the stakeholder side or the coordinator)."""
    challenge = _lock(challenge)
    member = TeamMember.objects.filter(team__challenge=challenge, person=by).exists()
    if not (member or can(by, Action.CHANGE, challenge)):
        raise PermissionDenied(_("Only the teams, the stakeholder or the coordinator deliver."))
    _require_state(challenge, (S.IN_PROGRESS,), _("delivered"))
    empty = [t.name for t in challenge.teams.filter(deliverables__isnull=True).distinct()]
    if empty:
        raise ValidationError(
            _("Every team uploads at least one deliverable first; still missing: %(teams)s.")
            % {"teams": "; ".join(empty)}
        )
    _transition(challenge, by, S.DELIVERED)
    _tell(
        _stakeholders(challenge),
        gettext_noop("The teams delivered their work on “%(title)s”; please evaluate it."),
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title},
        skip=by,
    )
    return challenge
