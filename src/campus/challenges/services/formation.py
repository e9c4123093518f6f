"""Team formation: a run of the engine over the applicants of one or more challenges (a task),
its report, the coordinator's moves, and the confirmation that makes the teams."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.jobs.models import JobStatus
from campus.jobs.services import job_enqueue, job_requeue
from campus.people.models import Person, Role
from campus.people.services import notify
from campus.permissions import Action, require

from .. import formation
from ..models import (
    Application,
    ApplicationRole,
    ApplicationStatus,
    Challenge,
    FormationRun,
    MemberRole,
    Team,
    TeamMember,
)
from ..permissions import represents
from .challenges import _whole
from .state import S, _coordinators, _stakeholders, _tell, _transition, _url

# --- team formation --------------------------------------------------------------------------


@transaction.atomic
def formation_start(
    *, challenges: Sequence[Challenge], by: Person, time_limit: float = 30
) -> FormationRun:
    """Form teams for some open challenges of one reviewing institution: build the engine's
    instance from the applications and start the engine as a background job."""
    ids = sorted(
        {c.pk if isinstance(c, Challenge) else _whole(c, "challenges") for c in challenges}
    )
    if not ids:
        raise ValidationError({"challenges": _("Choose at least one open challenge.")})
    found = list(Challenge.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(found) != len(ids):
        missing = sorted(set(ids) - {c.pk for c in found})
        raise ValidationError(
            {
                "challenges": _("There is no challenge with the id %(ids)s.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    for challenge in found:
        require(by, Action.APPROVE, challenge)
    closed = [c.title for c in found if c.state != S.OPEN]
    if closed:
        raise ValidationError(
            {
                "challenges": _("Teams are formed for open challenges only; not open: %(t)s.")
                % {"t": "; ".join(closed)}
            }
        )
    institutions = {c.institution_id for c in found}
    if len(institutions) > 1:
        raise ValidationError(
            {
                "challenges": _(
                    "All challenges of one team formation are reviewed by the same institution."
                )
            }
        )
    try:
        time_limit = float(time_limit)
    except (TypeError, ValueError):
        time_limit = float("nan")
    if not 0 < time_limit <= 600:
        raise ValidationError({"time_limit": _("The time limit is between 1 and 600 seconds.")})
    # Progress 0 is a run waiting for its instance; it is built here at once, hence 10.
    run = FormationRun(
        institution_id=institutions.pop(),
        started_by=by,
        instance=formation.instance_for(found),
        time_limit=time_limit,
        progress=10,
    )
    run.full_clean()
    run.save()
    run.challenges.set(found)
    job_enqueue(run)
    run.refresh_from_db()
    return run


@transaction.atomic
def formation_retry(*, run: FormationRun, by: Person, time_limit: float = 30) -> FormationRun:
    """Run the engine again on a failed or interrupted team formation (same instance, no
    duplicates: the proposal is only stored by the attempt that claimed the run)."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    require(by, Action.APPROVE, run)
    if run.status != JobStatus.FAILED and not run.interrupted:
        raise ValidationError(_("Only a failed or interrupted team formation is run again."))
    run.time_limit, run.progress = time_limit, 10
    run.save(update_fields=["time_limit", "progress"])
    job_requeue(run)
    run.refresh_from_db()
    return run


def _names(run: FormationRun) -> dict[str, str]:
    """Display names of a run's people and titles of its challenges, by instance id."""
    names = {
        formation.person_key(pk): name
        for pk, name in Person.objects.filter(
            pk__in=[formation.pk_of(p["id"]) for p in run.instance.get("people", ())]
        ).values_list("pk", "display_name")
    }
    names.update(
        {
            formation.challenge_key(pk): title
            for pk, title in run.challenges.values_list("pk", "title")
        }
    )
    return names


def formation_report(run: FormationRun) -> dict[str, Any]:
    """The rules a run's proposal breaks and the students it leaves out, as sentences."""
    if not run.proposal:
        return {"violations": [], "unplaced": []}
    names = _names(run)
    return {
        "violations": formation.violations(run.instance, run.proposal, names),
        "unplaced": formation.unplaced(run.instance, run.proposal, names),
    }


def _ready_run(run: FormationRun, by: Person) -> FormationRun:
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    require(by, Action.APPROVE, run)
    if run.confirmed_at:
        raise ValidationError(_("These teams are confirmed already."))
    if run.status != JobStatus.DONE or not run.proposal:
        raise ValidationError(
            _("The proposal is not ready yet (the team formation is %(status)s).")
            % {"status": run.get_status_display().lower()}
        )
    return run


@transaction.atomic
def formation_move(
    *, run: FormationRun, person_id: int | str, to: dict | None, by: Person
) -> dict[str, Any]:
    """Move one person in the proposal to another team (``to`` = {"challenge", "slot"}) or out
    of every team (``to`` None); says what the move does to the score and to the rules.

    A move may break a rule: it is stored all the same and the broken rules are listed, and
    the teams cannot be confirmed until they are mended.
    """
    run = _ready_run(run, by)
    before = formation.objective(run.instance, run.proposal)
    try:
        proposal = formation.move(run.instance, run.proposal, person_id, to)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    run.proposal = proposal
    run.save(update_fields=["proposal"])
    report = formation_report(run)
    after = proposal["objective"]
    return {
        "proposal": proposal,
        "objective_before": before,
        "objective_after": after,
        "delta": after - before,
        "violations": report["violations"],
        "unplaced": report["unplaced"],
    }


def _stakeholder_contact(challenge: Challenge) -> Person:
    """The team's stakeholder contact: the poster when they represent the organisation,
    otherwise one of its representatives, otherwise the poster (staff posting on its behalf)."""
    if represents(challenge.posted_by, challenge.organisation_id):
        return challenge.posted_by
    rep = (
        Person.objects.holding(Role.STAKEHOLDER)
        .filter(organisation_id=challenge.organisation_id, is_active=True)
        .order_by("pk")
        .first()
    )
    return rep or challenge.posted_by


# Why a challenge of a confirmed formation has no team, told to the coordinator on the page
# and in a notification (rendered in the reader's language: the text is untranslated here).
NO_TEAM = gettext_noop(
    "No team was formed for “%(title)s”, so it stays open for a new team formation. Students "
    "who ranked it: %(applied)s; placed in other teams: %(elsewhere)s; a team needs at least "
    "%(min)s students."
)


def _students_in_teams(run: FormationRun) -> dict[str, str]:
    """Student key -> the challenge key of the team the run's proposal places them in (a slot
    without students is not a team)."""
    roles = {p["id"]: p["role"] for p in run.instance.get("people", ())}
    placed = {}
    for challenge_id, _slot, members in formation.placements(run.proposal):
        students = [m for m in members if roles.get(m) == "student"]
        for student in students:
            placed[student] = challenge_id
    return placed


def _no_team_params(run: FormationRun, challenge: Challenge) -> dict[str, Any]:
    key = formation.challenge_key(challenge.pk)
    placed = _students_in_teams(run)
    ranked = [
        p["id"]
        for p in run.instance.get("people", ())
        if p["role"] == "student" and key in p.get("preferences", ())
    ]
    return {
        "title": challenge.title,
        "applied": len(ranked),
        "elsewhere": sum(1 for p in ranked if placed.get(p, key) != key),
        "min": challenge.team_min,
    }


def formation_left_open(run: FormationRun) -> list[str]:
    """For a confirmed formation: why each of its challenges that got no team stays open, as
    sentences in the reader's language (none when every challenge has its teams)."""
    if not run.confirmed_at:
        return []
    formed = set(_students_in_teams(run).values())
    return [
        _(NO_TEAM) % _no_team_params(run, challenge)
        for challenge in run.challenges.order_by("title", "pk")
        if formation.challenge_key(challenge.pk) not in formed and challenge.state == S.OPEN
    ]


@transaction.atomic
def formation_confirm(*, run: FormationRun, by: Person) -> list[Team]:
    """Turn the proposal into teams: members, the stakeholder contact, applications placed or
    not placed, the challenges' state teams formed; everyone placed is told.

    A challenge on which the proposal places nobody gets no team: it stays open (its state
    unchanged, its stakeholder not told of teams), the applications of those not placed
    elsewhere stand for a new formation, and its coordinators are told why."""
    run = _ready_run(run, by)
    report = formation_report(run)
    if report["violations"]:
        raise ValidationError(
            _("The teams break these rules; mend them before confirming: %(rules)s")
            % {"rules": " ".join(report["violations"])}
        )
    challenges = {
        formation.challenge_key(c.pk): c
        for c in Challenge.objects.select_for_update()
        .filter(pk__in=run.challenges.values("pk"))
        .select_related("organisation", "posted_by")
    }
    not_open = [c.title for c in challenges.values() if c.state != S.OPEN]
    if not_open:
        raise ValidationError(
            _("These challenges are no longer open: %(t)s.") % {"t": "; ".join(not_open)}
        )
    roles = {p["id"]: p["role"] for p in run.instance["people"]}
    people = {
        formation.person_key(p.pk): p
        for p in Person.objects.filter(pk__in=[formation.pk_of(pid) for pid in roles])
    }
    applications = list(
        Application.objects.select_for_update().filter(
            challenge_id__in=[c.pk for c in challenges.values()],
            status=ApplicationStatus.SUBMITTED,
        )
    )
    placed: dict[tuple[int, int], int] = {}  # (person, challenge) -> team id
    teams: list[Team] = []
    for challenge_id, slot, members in formation.placements(run.proposal):
        challenge = challenges[challenge_id]
        if not any(roles.get(m) == "student" for m in members):
            continue  # a slot without students is not a team
        team = Team(
            challenge=challenge,
            slot=slot,
            name=_("%(title)s — team %(n)s") % {"title": challenge.title, "n": slot + 1},
        )
        team.name = team.name[:120]
        team.full_clean()
        team.save()
        teams.append(team)
        member_roles = {}
        for person_id in members:
            person = people[person_id]
            if roles[person_id] == "student":
                member_roles[person.pk] = MemberRole.STUDENT
            else:
                application = next(
                    (
                        a
                        for a in applications
                        if a.person_id == person.pk and a.challenge_id == challenge.pk
                    ),
                    None,
                )
                member_roles[person.pk] = (
                    MemberRole.RESEARCHER
                    if application and application.role == ApplicationRole.RESEARCHER
                    else MemberRole.COACH
                )
            placed[(person.pk, challenge.pk)] = team.pk
        contact = _stakeholder_contact(challenge)
        member_roles.setdefault(contact.pk, MemberRole.STAKEHOLDER)
        TeamMember.objects.bulk_create(
            [TeamMember(team=team, person_id=pk, role=role) for pk, role in member_roles.items()]
        )
    placed_people = {person_pk for person_pk, _challenge in placed}
    formed = {team.challenge_id for team in teams}
    for application in applications:
        if (application.person_id, application.challenge_id) in placed:
            application.status = ApplicationStatus.PLACED
        elif application.challenge_id in formed or application.person_id in placed_people:
            application.status = ApplicationStatus.NOT_PLACED
        else:
            continue  # no team on this challenge: the application stands for the next formation
        application.save(update_fields=["status"])
    left_open = [c for c in challenges.values() if c.pk not in formed]
    for challenge in challenges.values():
        if challenge.pk not in formed:
            continue
        _transition(
            challenge,
            by,
            S.TEAMS_FORMED,
            _("Teams confirmed from team formation %(id)s.") % {"id": run.pk},
        )
    run.confirmed_at = timezone.now()
    run.save(update_fields=["confirmed_at"])
    teams_by_pk = {t.pk: t for t in teams}
    for (person_pk, _challenge_pk), team_pk in placed.items():
        team = teams_by_pk[team_pk]
        notify(
            person=people[formation.person_key(person_pk)],
            message=gettext_noop("You are in team %(team)s for “%(title)s”."),
            params={"team": team.name, "title": team.challenge.title},
            url=_url("challenges:team", team.pk),
        )
    told = set()
    for application in applications:
        if application.status != ApplicationStatus.NOT_PLACED:
            continue
        if application.person_id not in placed_people and application.person_id not in told:
            told.add(application.person_id)
            notify(
                person=people.get(formation.person_key(application.person_id))
                or application.person,
                message=gettext_noop(
                    "The teams for “%(title)s” are formed; you were not placed this time."
                ),
                params={
                    "title": challenges[formation.challenge_key(application.challenge_id)].title
                },
                url=_url("challenges:challenge", application.challenge_id),
            )
    for challenge in challenges.values():
        if challenge.pk not in formed:
            continue
        _tell(
            _stakeholders(challenge),
            gettext_noop("Teams are formed for your challenge “%(title)s”."),
            _url("challenges:challenge", challenge.pk),
            params={"title": challenge.title},
            skip=by,
        )
    for challenge in left_open:
        _tell(
            [*_coordinators(challenge.institution_id), by],
            NO_TEAM,
            _url("challenges:challenge", challenge.pk),
            params=_no_team_params(run, challenge),
        )
    return teams
