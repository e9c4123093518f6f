"""Challenge-based learning in /api/v1: the public board and challenge pages, posting and
review, applications, team formation, teams and their evaluation."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from campus.alliance.models import Institution, Organisation, Theme
from campus.inputs.pagination import limit_query, offset_query
from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut
from campus.permissions import Action, can

from . import selectors, services
from .models import Application, Challenge, ChallengeState, FormationRun, Team
from .schemas import (
    ApplicationIn,
    ApplicationOut,
    ApproveIn,
    ChallengeIn,
    ChallengeOut,
    ChallengePageOut,
    EvaluationIn,
    EvaluationOut,
    FormationIn,
    FormationOut,
    MoveIn,
    MoveOut,
    ReasonIn,
    TeamOut,
    TeamRefOut,
)

router = Router(tags=["challenges"])


PUBLIC_AUTH = public_auth
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _item(challenge: Challenge) -> dict:
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "state": challenge.state,
        "region": challenge.region.code,
        "skills": [need.skill.uri for need in challenge.skill_needs.all()],
        "organisation": challenge.organisation.name,
        "languages": challenge.languages,
        "teams_wanted": challenge.teams_wanted,
    }


def _detail(challenge: Challenge, user) -> dict:
    private = bool(user and user.is_authenticated and can(user, Action.VIEW, challenge))
    return {
        **_item(challenge),
        "problem": challenge.problem,
        "expected_outcome": challenge.expected_outcome,
        "region_name": challenge.region.name,
        "institution": challenge.institution.code,
        "skills": [
            {
                "uri": n.skill.uri,
                "label": n.skill.label,
                "local_label": n.skill.display_label,
                "weight": float(n.weight),
            }
            for n in challenge.skill_needs.all()
        ],
        "themes": challenge.themes,
        "sdgs": challenge.sdgs,
        "team_min": challenge.team_min,
        "team_max": challenge.team_max,
        "starts_on": challenge.starts_on,
        "ends_on": challenge.ends_on,
        "applications_close_on": challenge.applications_close_on,
        "module": challenge.module_id,
        "confidentiality": challenge.confidentiality,
        "ip_terms": challenge.ip_terms,
        "review_feedback": challenge.review_feedback if private else "",
        "teams": [{"id": t.pk, "name": t.name, "slot": t.slot} for t in challenge.teams.all()],
        "events": [
            {"from_state": e.from_state, "to_state": e.to_state, "note": e.note, "at": e.at}
            for e in challenge.events.all()
        ]
        if private
        else None,
    }


def _visible(challenge_id: int, user) -> Challenge:
    try:
        challenge = selectors.challenge_detail(challenge_id)
    except Challenge.DoesNotExist:
        challenge = None
    if challenge is None or not selectors.challenge_visible_to(challenge, user):
        raise HttpError(404, _("There is no challenge with the id %(id)s.") % {"id": challenge_id})
    return challenge


@router.get(
    "/challenges",
    response={200: ChallengePageOut, 422: ErrorOut},
    auth=None,
    summary="The challenge board: public challenges, filtered",
    description=(
        "Challenges from approval on (approved, open, teams formed, in progress, delivered, "
        "evaluated, closed), newest first. Drafts and challenges under review are seen only "
        "by their poster and reviewers, on `GET /challenges/{id}`."
    ),
)
def challenges(
    request,
    region: str = Query("", max_length=10, description="NUTS code, or its beginning"),
    theme: Theme | None = Query(None, description="An alliance theme"),  # noqa: B008 - ninja declares query parameters this way
    skill: str = Query("", max_length=300, description="ESCO skill URI"),
    language: str = Query("", pattern="^([a-z]{2,3})?$", description="ISO 639-1"),
    state: ChallengeState | None = Query(None, description="A state"),  # noqa: B008
    q: str = Query(
        "",
        max_length=200,
        description='Words in the title or the problem: OR between two, "quoted phrases"; '
        "misspelt words are corrected",
    ),
    limit: int = limit_query(),
    offset: int = offset_query(),
):
    found = selectors.challenges_board(
        q=q or None,
        region=region or None,
        theme=theme.value if theme else None,
        skill=skill or None,
        language=language or None,
        state=state.value if state else None,
    )
    return {"count": found.count(), "items": [_item(c) for c in found[offset : offset + limit]]}


@router.get(
    "/challenges/{challenge_id}",
    response={200: ChallengeOut, 404: ErrorOut},
    auth=PUBLIC_AUTH,
    summary="One challenge",
    description="Public from approval on; before, only for its poster and reviewers (else 404).",
)
def challenge(request, challenge_id: int):
    return _detail(_visible(challenge_id, request.auth), request.auth)


@router.post(
    "/challenges",
    response={201: ChallengeOut, **WRITE_ERRORS},
    summary="Post a challenge (as a draft)",
)
def challenge_create(request, payload: ChallengeIn):
    data = payload.dict()
    organisation = Organisation.objects.filter(slug=data.pop("organisation")).first()
    if organisation is None:
        raise HttpError(
            404, _("There is no organisation with the slug %(s)s.") % {"s": payload.organisation}
        )
    code = data.pop("institution")
    institution = None
    if code:
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            raise HttpError(
                404, _("There is no institution with the Erasmus code %(c)s.") % {"c": code}
            )
    created = services.challenge_create(
        by=request.auth, organisation=organisation, institution=institution, **data
    )
    return Status(201, _detail(selectors.challenge_detail(created.pk), request.auth))


def _transition(request, challenge_id: int, service, **kwargs):
    challenge = _visible(challenge_id, request.auth)
    services_call = getattr(services, service)
    services_call(challenge=challenge, by=request.auth, **kwargs)
    return _detail(selectors.challenge_detail(challenge_id), request.auth)


@router.post(
    "/challenges/{challenge_id}/submit",
    response={200: ChallengeOut, **WRITE_ERRORS},
    summary="Submit a draft for review",
)
def challenge_submit(request, challenge_id: int):
    return _transition(request, challenge_id, "challenge_submit")


@router.post(
    "/challenges/{challenge_id}/approve",
    response={200: ChallengeOut, **WRITE_ERRORS},
    summary="Approve a submitted challenge (the reviewing coordinator)",
)
def challenge_approve(request, challenge_id: int, payload: ApproveIn | None = None):
    return _transition(
        request, challenge_id, "challenge_approve", feedback=payload.feedback if payload else ""
    )


@router.post(
    "/challenges/{challenge_id}/return",
    response={200: ChallengeOut, **WRITE_ERRORS},
    summary="Return a submitted challenge for changes, with the reason",
)
def challenge_return(request, challenge_id: int, payload: ReasonIn):
    return _transition(request, challenge_id, "challenge_return", reason=payload.reason)


@router.post(
    "/challenges/{challenge_id}/reject",
    response={200: ChallengeOut, **WRITE_ERRORS},
    summary="Reject a submitted challenge, with the reason",
)
def challenge_reject(request, challenge_id: int, payload: ReasonIn):
    return _transition(request, challenge_id, "challenge_reject", reason=payload.reason)


@router.post(
    "/challenges/{challenge_id}/open",
    response={200: ChallengeOut, **WRITE_ERRORS},
    summary="Open an approved challenge for applications",
)
def challenge_open(request, challenge_id: int):
    return _transition(request, challenge_id, "challenge_open")


def _application_out(application: Application) -> dict:
    return {
        "id": application.pk,
        "challenge": application.challenge_id,
        "challenge_title": application.challenge.title,
        "role": application.role,
        "rank": application.rank,
        "hours": application.hours,
        "status": application.status,
        "created_at": application.created_at,
    }


@router.post(
    "/challenges/{challenge_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply to an open challenge",
    description=(
        "Students and lifelong learners apply as `student` with a `rank` (1 = first choice; "
        "each of your open applications has its own rank); lecturers as `coach` and "
        "researchers as `researcher`, with the `hours` a week they can give."
    ),
)
def application_create(request, challenge_id: int, payload: ApplicationIn):
    challenge = _visible(challenge_id, request.auth)
    application = services.application_submit(
        challenge=challenge, person=request.auth, by=request.auth, **payload.dict()
    )
    return Status(201, _application_out(application))


@router.get(
    "/me/applications",
    response={200: list[ApplicationOut], 401: ErrorOut},
    summary="Your applications to challenges",
)
def my_applications(request):
    return [_application_out(a) for a in selectors.my_applications(request.auth)]


def _formation(run_id: int, user) -> FormationRun:
    run = FormationRun.objects.filter(pk=run_id).first()
    if run is None or not can(user, Action.VIEW, run):
        raise HttpError(404, _("There is no team formation with the id %(id)s.") % {"id": run_id})
    return run


def _formation_out(run: FormationRun) -> dict:
    report = services.formation_report(run)
    return {
        "id": run.pk,
        "status": run.state,
        "progress": run.progress,
        "detail": run.detail or {},
        "challenges": sorted(run.challenges.values_list("pk", flat=True)),
        "proposal": run.proposal or {},
        "error": run.error,
        **report,
    }


@router.post(
    "/formations",
    response={201: FormationOut, **WRITE_ERRORS},
    summary="Form teams for open challenges (the reviewing coordinator)",
    description=(
        "Builds the engine's instance from the applications and runs the engine as a "
        "background job; poll `GET /formations/{id}` for its progress and proposal."
    ),
)
def formation_create(request, payload: FormationIn):
    run = services.formation_start(
        challenges=payload.challenges, by=request.auth, time_limit=payload.time_limit
    )
    return Status(201, _formation_out(run))


@router.get(
    "/formations/{run_id}",
    response={200: FormationOut, 401: ErrorOut, 404: ErrorOut},
    summary="A team formation: its progress and proposal, with the rules it breaks",
)
def formation(request, run_id: int):
    return _formation_out(_formation(run_id, request.auth))


@router.post(
    "/formations/{run_id}/move",
    response={200: MoveOut, **WRITE_ERRORS},
    summary="Move a person to another team (or out of every team)",
    description="Answers what the move does to the score (`delta`) and the rules it breaks.",
)
def formation_move(request, run_id: int, payload: MoveIn):
    run = _formation(run_id, request.auth)
    return services.formation_move(
        run=run,
        person_id=payload.person,
        to=payload.to.dict() if payload.to else None,
        by=request.auth,
    )


@router.post(
    "/formations/{run_id}/confirm",
    response={200: list[TeamRefOut], **WRITE_ERRORS},
    summary="Confirm the proposal: the teams are formed",
)
def formation_confirm(request, run_id: int):
    run = _formation(run_id, request.auth)
    teams = services.formation_confirm(run=run, by=request.auth)
    return [{"id": t.pk, "name": t.name, "slot": t.slot} for t in teams]


def _team(team_id: int, user) -> Team:
    try:
        team = selectors.team_workspace(team_id)
    except Team.DoesNotExist:
        team = None
    if team is None or not can(user, Action.VIEW, team):
        raise HttpError(404, _("There is no team of yours with the id %(id)s.") % {"id": team_id})
    return team


def _evaluation_out(evaluation) -> dict | None:
    if evaluation is None:
        return None
    return {"rating": evaluation.rating, "feedback": evaluation.feedback, "at": evaluation.at}


@router.get(
    "/teams/{team_id}",
    response={200: TeamOut, 401: ErrorOut, 404: ErrorOut},
    summary="A team's workspace: members, milestones, deliverables, evaluation",
)
def team(request, team_id: int):
    team = _team(team_id, request.auth)
    return {
        "id": team.pk,
        "name": team.name,
        "challenge": team.challenge_id,
        "challenge_title": team.challenge.title,
        "state": team.challenge.state,
        "members": [
            {
                "person": m.person_id,
                "name": m.person.display_name,
                "role": m.role,
                "institution": m.person.institution.code if m.person.institution else None,
            }
            for m in team.members.all()
        ],
        "milestones": [
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in team.milestones.all()
        ],
        "deliverables": [
            {"id": d.pk, "title": d.title, "uploaded_at": d.uploaded_at}
            for d in team.deliverables.all()
        ],
        "evaluation": _evaluation_out(getattr(team, "evaluation", None)),
    }


@router.post(
    "/teams/{team_id}/evaluation",
    response={200: EvaluationOut, **WRITE_ERRORS},
    summary="Evaluate a team's work (the challenge's stakeholder)",
)
def team_evaluation(request, team_id: int, payload: EvaluationIn):
    team = _team(team_id, request.auth)
    evaluation = services.team_evaluate(
        team=team, by=request.auth, rating=payload.rating, feedback=payload.feedback
    )
    return _evaluation_out(evaluation)
