"""Every write to challenges: posting and reviewing, applying, forming teams, the teams' work,
evaluation and credits. Each in a transaction, validated, with its permission check; each
change of state writes one ChallengeEvent (the audit trail) and tells the people concerned.
"""

import datetime
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.alliance.models import Institution, Organisation, Region, Theme
from campus.catalog import services as catalog_services
from campus.catalog.models import CourseType, Enrolment, EnrolmentStatus, Run
from campus.people.languages import LANGUAGES
from campus.people.models import Person, Role
from campus.people.services import notify
from campus.permissions import Action, can, coordinates, is_alliance_admin, require
from campus.skills.models import Skill

from . import formation
from .models import (
    Application,
    ApplicationRole,
    ApplicationStatus,
    Challenge,
    ChallengeEvent,
    ChallengeSkill,
    ChallengeState,
    Confidentiality,
    Deliverable,
    Evaluation,
    FormationRun,
    FormationStatus,
    IpTerms,
    MemberRole,
    Milestone,
    Team,
    TeamMember,
)
from .permissions import is_stakeholder_side, may_post_for, represents

S = ChallengeState
ALLOWED_EXTENSIONS = ("pdf", "docx", "pptx", "xlsx", "zip", "png", "jpg", "txt", "md", "csv")
GRADE_FOR_RATING = {5: "A", 4: "B", 3: "C", 2: "D", 1: "E"}
EDITABLE_STATES = (S.DRAFT, S.RETURNED)


# --- helpers ---------------------------------------------------------------------------------


def _url(name: str, pk: int) -> str:
    """The page of an object; empty while the challenge pages are not mounted."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _record(challenge: Challenge, by: Person, from_state: str, to_state: str, note: str = ""):
    event = ChallengeEvent(
        challenge=challenge, actor=by, from_state=from_state, to_state=to_state, note=note
    )
    event.full_clean()
    event.save()
    return event


def _lock(challenge: Challenge) -> Challenge:
    return (
        Challenge.objects.select_for_update()
        .select_related("organisation", "institution", "posted_by", "region")
        .get(pk=challenge.pk)
    )


def _state_label(state: str) -> str:
    return str(ChallengeState(state).label).lower()


def _require_state(challenge: Challenge, allowed: Iterable[str], doing: str) -> None:
    allowed = tuple(allowed)
    if challenge.state not in allowed:
        raise ValidationError(
            _("This challenge is %(state)s; it can be %(doing)s only when it is %(allowed)s.")
            % {
                "state": _state_label(challenge.state),
                "doing": doing,
                "allowed": _(" or ").join(_state_label(s) for s in allowed),
            }
        )


def _transition(
    challenge: Challenge, by: Person, to_state: str, note: str = "", **changes: Any
) -> Challenge:
    from_state = challenge.state
    challenge.state = to_state
    for field, value in changes.items():
        setattr(challenge, field, value)
    challenge.full_clean()
    challenge.save()
    _record(challenge, by, from_state, to_state, note)
    return challenge


def _coordinators(institution_id: int | None) -> list[Person]:
    if institution_id is None:
        return []
    return list(
        Person.objects.holding(Role.COORDINATOR).filter(
            institution_id=institution_id, is_active=True
        )
    )


def _stakeholders(challenge: Challenge) -> list[Person]:
    """The poster and the organisation's stakeholder representatives."""
    people = {challenge.posted_by_id: challenge.posted_by}
    for rep in Person.objects.holding(Role.STAKEHOLDER).filter(
        organisation_id=challenge.organisation_id, is_active=True
    ):
        people.setdefault(rep.pk, rep)
    return list(people.values())


def _tell(people: Iterable[Person], message: str, url: str = "", *, skip: Person | None = None):
    for person in {p.pk: p for p in people}.values():
        if skip is None or person.pk != skip.pk:
            notify(person=person, message=message, url=url)


def _team_people(challenge: Challenge) -> list[Person]:
    return [
        m.person
        for m in TeamMember.objects.filter(team__challenge=challenge).select_related("person")
    ]


# --- validation of a challenge's fields ------------------------------------------------------

CHALLENGE_FIELDS = frozenset(
    {
        "title",
        "problem",
        "expected_outcome",
        "region",
        "languages",
        "skills",
        "team_min",
        "team_max",
        "teams_wanted",
        "starts_on",
        "ends_on",
        "themes",
        "sdgs",
        "module",
        "confidentiality",
        "ip_terms",
    }
)


def _region(value: Region | str | None) -> Region:
    if isinstance(value, Region):
        return value
    code = (value or "").strip() if isinstance(value, str) else ""
    if not code:
        raise ValidationError({"region": _("Choose the region the challenge comes from.")})
    region = Region.objects.filter(code__iexact=code).first()
    if region is None:
        raise ValidationError(
            {"region": _("“%(code)s” is not a NUTS region of the alliance.") % {"code": code}}
        )
    return region


def _skill_weights(skills: dict[str, Any] | None) -> dict[Skill, Decimal]:
    if not skills:
        raise ValidationError(
            {"skills": _("Name at least one skill the challenge needs, with its weight.")}
        )
    uris = [str(uri).strip() for uri in skills]
    found = {s.uri: s for s in Skill.objects.filter(uri__in=uris)}
    missing = [uri for uri in uris if uri not in found]
    if missing:
        raise ValidationError(
            {
                "skills": _("Unknown skill: %(uri)s is not in the skills taxonomy.")
                % {"uri": ", ".join(missing)}
            }
        )
    weights = {}
    for uri, weight in skills.items():
        try:
            value = Decimal(str(weight).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            value = Decimal("NaN")
        if not value.is_finite() or not Decimal("0") < value <= Decimal("10"):
            raise ValidationError(
                {
                    "skills": _("A skill's weight is a number above 0 and at most 10; got “%(w)s”.")
                    % {"w": weight}
                }
            )
        weights[found[str(uri).strip()]] = value.quantize(Decimal("0.1"))
    return weights


def _codes(values: Iterable[str] | None, allowed: Iterable[str], field: str, message: str):
    allowed = set(allowed)
    cleaned = list(dict.fromkeys(str(v).strip().lower() for v in (values or ())))
    unknown = [v for v in cleaned if v not in allowed]
    if unknown:
        raise ValidationError({field: message % {"values": ", ".join(unknown)}})
    return cleaned


def _whole(value: Any, field: str) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {field: _("“%(value)s” is not a whole number.") % {"value": value}}
        ) from None


def _date(value: Any, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError(
            {field: _("Give the date as YYYY-MM-DD; got “%(value)s”.") % {"value": value}}
        ) from None


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the given fields of a challenge (only those given), in the alliance's words."""
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be set on a challenge: %(f)s.")
            % {"f": ", ".join(sorted(unknown))}
        )
    cleaned = dict(fields)
    for field in ("title", "problem", "expected_outcome"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
            if not cleaned[field]:
                raise ValidationError(
                    {
                        "title": _("Give the challenge a title."),
                        "problem": _("Describe the problem in your own words."),
                        "expected_outcome": _("Say what outcome you expect from the teams."),
                    }[field]
                )
    if "region" in cleaned:
        cleaned["region"] = _region(cleaned["region"])
    if "skills" in cleaned:
        cleaned["skills"] = _skill_weights(cleaned["skills"])
    if "languages" in cleaned:
        cleaned["languages"] = _codes(
            cleaned["languages"],
            LANGUAGES,
            "languages",
            _("Unknown language: %(values)s; give ISO 639-1 codes such as 'en' or 'nl'."),
        )
        if not cleaned["languages"]:
            raise ValidationError(
                {"languages": _("Name at least one working language of the teams.")}
            )
    if "themes" in cleaned:
        cleaned["themes"] = _codes(
            cleaned["themes"],
            Theme.values,
            "themes",
            _("Unknown theme: %(values)s."),
        )
    if "sdgs" in cleaned:
        sdgs = [_whole(v, "sdgs") for v in cleaned["sdgs"] or ()]
        if any(not 1 <= v <= 17 for v in sdgs):
            raise ValidationError(
                {"sdgs": _("The UN Sustainable Development Goals are numbered 1 to 17.")}
            )
        cleaned["sdgs"] = sorted(set(sdgs))
    for field in ("team_min", "team_max", "teams_wanted"):
        if field in cleaned:
            cleaned[field] = _whole(cleaned[field], field)
    for field in ("starts_on", "ends_on"):
        if field in cleaned:
            cleaned[field] = _date(cleaned[field], field)
    if "module" in cleaned and cleaned["module"] is not None:
        module = cleaned["module"]
        if not isinstance(module, Run):
            module = (
                Run.objects.select_related("course").filter(pk=_whole(module, "module")).first()
            )
        if module is None or module.course.type != CourseType.CHALLENGE:
            raise ValidationError(
                {"module": _("The module must be a run of a challenge-based module.")}
            )
        cleaned["module"] = module
    if "confidentiality" in cleaned and cleaned["confidentiality"] not in Confidentiality.values:
        raise ValidationError(
            {"confidentiality": _("Confidentiality is either public or confidential.")}
        )
    if "ip_terms" in cleaned and cleaned["ip_terms"] not in IpTerms.values:
        raise ValidationError(
            {"ip_terms": _("The intellectual-property terms are open, shared or stakeholder.")}
        )
    return cleaned


def _check_whole(challenge: Challenge) -> None:
    """Rules across fields, checked on the challenge as it will be saved."""
    if challenge.team_min < 1:
        raise ValidationError({"team_min": _("A team has at least one student.")})
    if challenge.team_max < challenge.team_min:
        raise ValidationError(
            {"team_max": _("The largest team cannot be smaller than the smallest.")}
        )
    if challenge.team_max > 50:
        raise ValidationError({"team_max": _("A team has at most 50 students.")})
    if not 1 <= challenge.teams_wanted <= 100:
        raise ValidationError({"teams_wanted": _("Ask for between 1 and 100 teams.")})
    if challenge.ends_on < challenge.starts_on:
        raise ValidationError({"ends_on": _("A challenge cannot end before it starts.")})


def _set_skills(challenge: Challenge, weights: dict[Skill, Decimal]) -> None:
    challenge.skill_needs.all().delete()
    ChallengeSkill.objects.bulk_create(
        [ChallengeSkill(challenge=challenge, skill=s, weight=w) for s, w in weights.items()]
    )


# --- posting and review ----------------------------------------------------------------------


@transaction.atomic
def challenge_create(
    *,
    by: Person,
    organisation: Organisation,
    title: str,
    problem: str,
    expected_outcome: str,
    region: Region | str | None,
    languages: Sequence[str],
    skills: dict[str, float],
    team_min: int,
    team_max: int,
    teams_wanted: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    themes: Sequence[str] = (),
    sdgs: Sequence[int] = (),
    module: Run | None = None,
    confidentiality: str = Confidentiality.PUBLIC,
    ip_terms: str = IpTerms.SHARED,
    institution: Institution | None = None,
) -> Challenge:
    """Post a challenge for an organisation, as a draft (its representative, partner staff on
    its behalf, or an administrator)."""
    if organisation is None:
        raise ValidationError({"organisation": _("Name the organisation the challenge is for.")})
    if not may_post_for(by, organisation):
        raise PermissionDenied(
            _(
                "Only a representative of %(org)s, staff of a partner institution or an "
                "alliance administrator may post a challenge for it."
            )
            % {"org": organisation.name}
        )
    cleaned = _clean_fields(
        {
            "title": title,
            "problem": problem,
            "expected_outcome": expected_outcome,
            "region": region,
            "languages": languages,
            "skills": skills,
            "team_min": team_min,
            "team_max": team_max,
            "teams_wanted": teams_wanted,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "themes": themes,
            "sdgs": sdgs,
            "module": module,
            "confidentiality": confidentiality,
            "ip_terms": ip_terms,
        }
    )
    weights = cleaned.pop("skills")
    if institution is None:
        institution = organisation.partner_institution or (
            Institution.objects.filter(region=cleaned["region"]).order_by("pk").first()
        )
    if institution is None:
        raise ValidationError(
            {
                "institution": _(
                    "No partner institution works with %(org)s or in %(region)s; "
                    "choose the institution that should review the challenge."
                )
                % {"org": organisation.name, "region": cleaned["region"].name}
            }
        )
    challenge = Challenge(
        organisation=organisation, institution=institution, posted_by=by, **cleaned
    )
    _check_whole(challenge)
    challenge.full_clean()
    challenge.save()
    _set_skills(challenge, weights)
    _record(challenge, by, "", S.DRAFT, _("Posted as a draft."))
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, by: Person, **fields: Any) -> Challenge:
    """Change a draft or returned challenge (its poster, the organisation's representatives,
    the reviewing coordinator, or an administrator)."""
    challenge = _lock(challenge)
    require(by, Action.CHANGE, challenge)
    _require_state(challenge, EDITABLE_STATES, _("changed"))
    cleaned = _clean_fields(fields)
    weights = cleaned.pop("skills", None)
    for field, value in cleaned.items():
        setattr(challenge, field, value)
    _check_whole(challenge)
    challenge.full_clean()
    challenge.save()
    if weights is not None:
        _set_skills(challenge, weights)
    return challenge


@transaction.atomic
def challenge_submit(*, challenge: Challenge, by: Person) -> Challenge:
    """Send a draft (or a returned challenge) to the reviewing institution."""
    challenge = _lock(challenge)
    require(by, Action.CHANGE, challenge)
    _require_state(challenge, EDITABLE_STATES, _("submitted"))
    if not challenge.skill_needs.exists():
        raise ValidationError(
            {"skills": _("Name at least one skill the challenge needs, with its weight.")}
        )
    _transition(challenge, by, S.SUBMITTED)
    _tell(
        _coordinators(challenge.institution_id),
        _("A challenge waits for your review: %(title)s (%(org)s).")
        % {"title": challenge.title, "org": challenge.organisation.name},
        _url("challenges:challenge", challenge.pk),
    )
    return challenge


@transaction.atomic
def challenge_approve(*, challenge: Challenge, by: Person, feedback: str = "") -> Challenge:
    """Approve a submitted challenge (the reviewing institution's coordinator, or an admin)."""
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    _require_state(challenge, (S.SUBMITTED,), _("approved"))
    feedback = (feedback or "").strip()
    _transition(challenge, by, S.APPROVED, feedback, review_feedback=feedback)
    _tell(
        _stakeholders(challenge),
        _("Your challenge “%(title)s” was approved.") % {"title": challenge.title},
        _url("challenges:challenge", challenge.pk),
        skip=by,
    )
    return challenge


def _decline(challenge: Challenge, by: Person, reason: str, to_state: str, message: str):
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    doing = _("returned") if to_state == S.RETURNED else _("rejected")
    _require_state(challenge, (S.SUBMITTED,), doing)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, so that the stakeholder knows why.")})
    _transition(challenge, by, to_state, reason, review_feedback=reason)
    _tell(
        _stakeholders(challenge),
        message % {"title": challenge.title, "reason": reason},
        _url("challenges:challenge", challenge.pk),
        skip=by,
    )
    return challenge


@transaction.atomic
def challenge_return(*, challenge: Challenge, by: Person, reason: str) -> Challenge:
    """Send a submitted challenge back to its poster for changes, with the reason."""
    return _decline(
        challenge,
        by,
        reason,
        S.RETURNED,
        _("Your challenge “%(title)s” was returned for changes: %(reason)s"),
    )


@transaction.atomic
def challenge_reject(*, challenge: Challenge, by: Person, reason: str) -> Challenge:
    """Turn a submitted challenge down, with the reason."""
    return _decline(
        challenge,
        by,
        reason,
        S.REJECTED,
        _("Your challenge “%(title)s” was rejected: %(reason)s"),
    )


@transaction.atomic
def challenge_open(*, challenge: Challenge, by: Person) -> Challenge:
    """Open an approved challenge for applications (the reviewing coordinator, or an admin)."""
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    _require_state(challenge, (S.APPROVED,), _("opened for applications"))
    _transition(challenge, by, S.OPEN)
    _tell(
        _stakeholders(challenge),
        _("Your challenge “%(title)s” is open for applications.") % {"title": challenge.title},
        _url("challenges:challenge", challenge.pk),
        skip=by,
    )
    return challenge


# --- applications ----------------------------------------------------------------------------

STUDENT_APPLICANT_ROLES = frozenset({Role.STUDENT, Role.LIFELONG_LEARNER})
ROLE_NEEDS = {
    ApplicationRole.COACH: frozenset({Role.LECTURER}),
    ApplicationRole.RESEARCHER: frozenset({Role.RESEARCHER}),
}


@transaction.atomic
def application_submit(
    *,
    challenge: Challenge,
    person: Person,
    by: Person,
    role: str,
    rank: int | None = None,
    motivation: str = "",
    hours: int | None = None,
) -> Application:
    """Apply to an open challenge: a student with a ranked preference (1 = first choice), or a
    lecturer (coach) or researcher with the hours they can give each week."""
    if by.pk != person.pk:
        raise PermissionDenied(_("People apply for themselves."))
    challenge = _lock(challenge)
    if challenge.state != S.OPEN:
        raise ValidationError(_("Applications for this challenge are closed."))
    if role not in ApplicationRole.values:
        raise ValidationError(
            {"role": _("Apply as a student, a coach or a researcher; got “%(r)s”.") % {"r": role}}
        )
    mine = Application.objects.filter(person=person)
    existing = mine.filter(challenge=challenge).first()
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("You have applied to this challenge already."))
    motivation = (motivation or "").strip()
    if len(motivation) > 5000:
        raise ValidationError({"motivation": _("A motivation has at most 5,000 characters.")})
    if role == ApplicationRole.STUDENT:
        if not person.role_codes & STUDENT_APPLICANT_ROLES:
            raise ValidationError(
                {"role": _("Only students and lifelong learners apply as team students.")}
            )
        taken = set(
            mine.filter(role=ApplicationRole.STUDENT, status=ApplicationStatus.SUBMITTED)
            .exclude(challenge=challenge)
            .values_list("rank", flat=True)
        )
        if rank is None:
            rank = next(r for r in range(1, len(taken) + 2) if r not in taken)
        rank = _whole(rank, "rank")
        limit = max(Challenge.objects.filter(state=S.OPEN).count(), len(taken) + 1)
        if not 1 <= rank <= limit:
            raise ValidationError(
                {"rank": _("Rank your choices from 1 (first) to %(n)s.") % {"n": limit}}
            )
        if rank in taken:
            raise ValidationError(
                {
                    "rank": _(
                        "You gave rank %(rank)s to another challenge already; "
                        "give each challenge its own rank."
                    )
                    % {"rank": rank}
                }
            )
        hours = None
    else:
        if not person.role_codes & ROLE_NEEDS[role] and not is_alliance_admin(person):
            raise ValidationError(
                {
                    "role": _("Only lecturers coach teams.")
                    if role == ApplicationRole.COACH
                    else _("Only researchers join teams as researchers.")
                }
            )
        if hours is None:
            hours = person.hours_per_week or None
        if hours is None:
            raise ValidationError({"hours": _("Say how many hours a week you can give.")})
        hours = _whole(hours, "hours")
        if not 1 <= hours <= 60:
            raise ValidationError({"hours": _("Give between 1 and 60 hours a week.")})
        rank = None
    application = existing or Application(challenge=challenge, person=person)
    application.role, application.rank, application.hours = role, rank, hours
    application.motivation = motivation
    application.status = ApplicationStatus.SUBMITTED
    application.created_at = timezone.now()
    application.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same person, twice at once
        raise ValidationError(_("You have applied to this challenge already.")) from None
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: Person) -> Application:
    """Withdraw one's application before teams are formed."""
    application = (
        Application.objects.select_for_update().select_related("challenge").get(pk=application.pk)
    )
    if application.person_id != by.pk and not is_alliance_admin(by):
        raise PermissionDenied(_("Only the applicant may withdraw an application."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("This application is %(status)s; it can no longer be withdrawn.")
            % {"status": application.get_status_display().lower()}
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    return application


# --- team formation --------------------------------------------------------------------------


@transaction.atomic
def formation_start(
    *, challenges: Sequence[Challenge], by: Person, time_limit: float = 30
) -> FormationRun:
    """Form teams for some open challenges of one reviewing institution: build the engine's
    instance from the applications and start the engine as a background job."""
    from . import tasks

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
        progress=10,
    )
    run.full_clean()
    run.save()
    run.challenges.set(found)
    tasks.enqueue(run.pk, time_limit=time_limit)
    run.refresh_from_db()
    return run


@transaction.atomic
def formation_retry(*, run: FormationRun, by: Person, time_limit: float = 30) -> FormationRun:
    """Run the engine again on a failed or interrupted team formation (same instance, no
    duplicates: the proposal is only stored by a run still marked running)."""
    from . import tasks

    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    require(by, Action.APPROVE, run)
    if run.status != FormationStatus.FAILED and not run.interrupted:
        raise ValidationError(_("Only a failed or interrupted team formation is run again."))
    run.status, run.progress, run.error, run.finished_at = FormationStatus.QUEUED, 10, "", None
    run.updated_at = timezone.now()
    run.save(update_fields=["status", "progress", "error", "finished_at", "updated_at"])
    tasks.enqueue(run.pk, time_limit=time_limit)
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
    if run.status == FormationStatus.CONFIRMED:
        raise ValidationError(_("These teams are confirmed already."))
    if run.status != FormationStatus.DONE or not run.proposal:
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


@transaction.atomic
def formation_confirm(*, run: FormationRun, by: Person) -> list[Team]:
    """Turn the proposal into teams: members, the stakeholder contact, applications placed or
    not placed, the challenges' state teams formed; everyone placed is told."""
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
    for application in applications:
        if (application.person_id, application.challenge_id) in placed:
            application.status = ApplicationStatus.PLACED
        else:
            application.status = ApplicationStatus.NOT_PLACED
        application.save(update_fields=["status"])
    for challenge in challenges.values():
        _transition(
            challenge,
            by,
            S.TEAMS_FORMED,
            _("Teams confirmed from team formation %(id)s.") % {"id": run.pk},
        )
    run.status = FormationStatus.CONFIRMED
    run.finished_at = run.finished_at or timezone.now()
    run.save(update_fields=["status", "finished_at"])
    teams_by_pk = {t.pk: t for t in teams}
    for (person_pk, _challenge_pk), team_pk in placed.items():
        team = teams_by_pk[team_pk]
        notify(
            person=people[formation.person_key(person_pk)],
            message=_("You are in team %(team)s for “%(title)s”.")
            % {"team": team.name, "title": team.challenge.title},
            url=_url("challenges:team", team.pk),
        )
    told = set()
    for application in applications:
        if application.person_id not in placed_people and application.person_id not in told:
            told.add(application.person_id)
            notify(
                person=people.get(formation.person_key(application.person_id))
                or application.person,
                message=_("The teams for “%(title)s” are formed; you were not placed this time.")
                % {"title": challenges[formation.challenge_key(application.challenge_id)].title},
                url=_url("challenges:challenge", application.challenge_id),
            )
    for challenge in challenges.values():
        _tell(
            _stakeholders(challenge),
            _("Teams are formed for your challenge “%(title)s”.") % {"title": challenge.title},
            _url("challenges:challenge", challenge.pk),
            skip=by,
        )
    return teams


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
        _("Work on “%(title)s” has started.") % {"title": challenge.title},
        _url("challenges:challenge", challenge.pk),
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
        _("The teams delivered their work on “%(title)s”; please evaluate it.")
        % {"title": challenge.title},
        _url("challenges:challenge", challenge.pk),
        skip=by,
    )
    return challenge


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
        _("%(team)s was evaluated: %(rating)s/5.") % {"team": team.name, "rating": rating},
        _url("challenges:team", team.pk),
        skip=by,
    )
    if not challenge.teams.filter(evaluation__isnull=True).exists():
        _transition(challenge, by, S.EVALUATED)
        _tell(
            _coordinators(challenge.institution_id),
            _("Every team of “%(title)s” is evaluated.") % {"title": challenge.title},
            _url("challenges:challenge", challenge.pk),
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

    A team student is enrolled in the run directly: the team itself is the admission, so the
    run's enrolment window, capacity and audience do not apply (they are for open enrolment
    in the catalogue, not for people placed in a challenge team).
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
        enrolment, _created = Enrolment.objects.get_or_create(
            run=module, person=member.person, defaults={"status": EnrolmentStatus.ENROLLED}
        )
        if enrolment.status not in (
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.COMPLETED,
            EnrolmentStatus.FAILED,
        ):
            enrolment.status = EnrolmentStatus.ENROLLED
            enrolment.save(update_fields=["status", "updated_at"])
        enrolment = catalog_services.result_record(enrolment=enrolment, by=by, ects_grade=grade)
        results.append(enrolment)
        notify(
            person=member.person,
            message=_("Your result for “%(title)s”: %(grade)s, %(ects)s ECTS in %(course)s.")
            % {
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
        _("The challenge “%(title)s” is closed. Thank you!") % {"title": challenge.title},
        _url("challenges:challenge", challenge.pk),
        skip=by,
    )
    return challenge
