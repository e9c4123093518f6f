"""Pages of challenge-based learning: the board, a challenge, posting and review, applying,
team formation with its proposal and manual moves, and the team's workspace.

Views are thin: they parse a form, call a service or selector, and show the service's
validation errors on the form (or as a message for buttons), so nothing is half-written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campus.inputs.confirmation import Confirmation, confirm_first
from campus.jobs.models import JobStatus
from campus.people.models import Person, Role
from campus.permissions import Action, can, is_alliance_admin
from campus.search.spelling import search_links
from campus.service_errors import apply_service_errors, error_messages
from campus.skills.selectors import skill_resolve, skills_by_uris, skills_search

from . import formation, selectors, services
from .forms import (
    SDG_LABELS,
    ApplicationForm,
    ChallengeFilterForm,
    ChallengeForm,
    DecisionForm,
    DeliverableForm,
    EvaluationForm,
    FormationForm,
    MilestoneForm,
    MoveForm,
    language_label,
)
from .models import (
    Application,
    ApplicationRole,
    ApplicationStatus,
    Challenge,
    ChallengeState,
    FormationRun,
    Milestone,
    Team,
)
from .permissions import PUBLIC_STATES, is_stakeholder_side

CHALLENGES_PER_PAGE = 12
S = ChallengeState
STUDENT_ROLES = {Role.STUDENT, Role.LIFELONG_LEARNER}
COACH_ROLES = {Role.LECTURER, Role.RESEARCHER}


def _messages_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error_messages(error))
    return str(error) or _("You may not do that.")


def _challenge(request, pk: int) -> Challenge:
    """The challenge, if the person may see it (drafts and reviews stay with those concerned)."""
    try:
        challenge = selectors.challenge_detail(pk)
    except Challenge.DoesNotExist:
        raise Http404(_("No such challenge.")) from None
    if challenge.state not in PUBLIC_STATES and not can(request.user, Action.VIEW, challenge):
        raise Http404(_("No such challenge."))
    return challenge


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _application_role(user) -> str | None:
    """The role a person applies in: students and learners as students, staff as coaches."""
    codes = user.role_codes
    if codes & STUDENT_ROLES:
        return ApplicationRole.STUDENT
    if Role.LECTURER in codes:
        return ApplicationRole.COACH
    if Role.RESEARCHER in codes:
        return ApplicationRole.RESEARCHER
    return None


# --- the board -----------------------------------------------------------------------------


def board(request):
    """The challenge board: filters, cards, live results (HTMX), 12 a page."""
    form = ChallengeFilterForm(request.GET or None)
    filters = form.filters()
    match = None
    if skill := filters.get("skill"):
        # A name in the reader's language (or English, or any) becomes the skill's URI, or the
        # URIs of the skills it may mean, among which the page offers a choice.
        match = skill_resolve(skill)
        filters["skill"] = match.uris
    spelling = selectors.board_spelling(filters.get("q"))
    if spelling.original:
        filters["q"] = spelling.query
    challenges = selectors.challenges_board(**filters)
    page = Paginator(challenges, CHALLENGES_PER_PAGE).get_page(request.GET.get("page"))
    count = page.paginator.count
    context = {
        "form": form,
        "page_obj": page,
        "count": count,
        "skill_match": match,
        "spelling": spelling if count else None,
        "suggestions": search_links(request.GET, selectors.board_suggestions(spelling.original))
        if spelling.original and not count
        else [],
        "may_post": can(request.user, Action.CREATE, Challenge),
        "may_review": _is_coordinator(request.user),
    }
    if request.htmx:
        return render(request, "challenges/_board_results.html", context)
    return render(request, "challenges/board.html", context)


def _is_coordinator(user) -> bool:
    return bool(
        user.is_authenticated and (user.has_role(Role.COORDINATOR) or is_alliance_admin(user))
    )


# --- one challenge -------------------------------------------------------------------------


def _actions(user, challenge: Challenge, *, member: bool = False) -> dict:
    """What the signed-in person may do with the challenge now (the services check again)."""
    reviewer = can(user, Action.APPROVE, challenge)
    owner = bool(
        user.is_authenticated and (is_stakeholder_side(user, challenge) or is_alliance_admin(user))
    )
    state = challenge.state
    module = challenge.module
    return {
        "edit": owner and state in (S.DRAFT, S.RETURNED),
        "submit": owner and state in (S.DRAFT, S.RETURNED),
        "review": reviewer and state == S.SUBMITTED,
        "open": reviewer and state == S.APPROVED,
        "form_teams": reviewer and state == S.OPEN,
        "start": (reviewer or owner) and state == S.TEAMS_FORMED,
        "deliver": (reviewer or owner or member) and state == S.IN_PROGRESS,
        "award": module is not None
        and state in (S.EVALUATED, S.CLOSED)
        and can(user, Action.ASSESS, module),
        "close": reviewer and state == S.EVALUATED,
    }


def challenge_detail(request, pk: int):
    """The challenge in the stakeholder's words, its facts, the audit trail for reviewers and
    the actions the signed-in person may take."""
    challenge = _challenge(request, pk)
    user = request.user
    teams = list(challenge.teams.all())
    my_teams = [t for t in teams if any(m.person_id == user.pk for m in t.members.all())]
    actions = _actions(user, challenge, member=bool(my_teams))
    application = None
    role = None
    if user.is_authenticated:
        application = (
            Application.objects.filter(challenge=challenge, person=user)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .first()
        )
        role = _application_role(user)
    sees_teams = actions["start"] or actions["deliver"] or can(user, Action.VIEW, challenge)
    context = {
        "challenge": challenge,
        "skills": list(challenge.skill_needs.all()),
        "languages": [language_label(code) for code in challenge.languages],
        "sdgs": [SDG_LABELS.get(n, n) for n in challenge.sdgs],
        "themes": _theme_labels(challenge.themes),
        "events": (list(challenge.events.all()) if can(user, Action.VIEW, challenge) else []),
        "actions": actions,
        "application": application,
        "may_apply": (
            role is not None
            and application is None
            and challenge.state == S.OPEN
            and not challenge.applications_closed_on(timezone.localdate())
            and not is_stakeholder_side(user, challenge)
        ),
        "applications_closed": challenge.state == S.OPEN
        and challenge.applications_closed_on(timezone.localdate()),
        "may_withdraw": application is not None
        and application.status == ApplicationStatus.SUBMITTED
        and challenge.state == S.OPEN,
        "teams": teams if sees_teams else my_teams,
        "decision_form": DecisionForm(),
    }
    return render(request, "challenges/challenge_detail.html", context)


def _theme_labels(codes) -> list[str]:
    from campus.alliance.models import Theme

    return [str(Theme(code).label) for code in codes if code in Theme.values]


# --- posting and editing -------------------------------------------------------------------


@login_required
def post(request):
    """A stakeholder posts a challenge for their organisation (staff: for one they choose)."""
    if not can(request.user, Action.CREATE, Challenge):
        raise PermissionDenied(
            _("Only stakeholder representatives and partner staff post challenges.")
        )
    form = ChallengeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(by=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(
                request,
                _("Your challenge is saved as a draft. Submit it for review when it is ready."),
            )
            return redirect(challenge)
    return render(
        request,
        "challenges/challenge_form.html",
        {"form": form, "challenge": None},
        status=400 if form.errors else 200,
    )


@login_required
def skill_suggest(request):
    """The posting form's skill finder: skills whose names start with the typed words."""
    query = request.GET.get("q", "").strip()
    results = skills_search(query, limit=8) if len(query) >= 2 else []
    return render(
        request, "challenges/_skill_suggestions.html", {"query": query, "results": results}
    )


@login_required
def edit(request, pk: int):
    challenge = _challenge(request, pk)
    if not _actions(request.user, challenge)["edit"] and not can(
        request.user, Action.CHANGE, challenge
    ):
        raise PermissionDenied(_("You may not change this challenge."))
    form = ChallengeForm(request.POST or None, user=request.user, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(
                challenge=challenge, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(request, _("The challenge is saved."))
            return redirect(challenge)
    return render(
        request,
        "challenges/challenge_form.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


# --- review and changes of state -----------------------------------------------------------


@login_required
def review(request):
    """The coordinator's queue: challenges submitted to their institution."""
    if not _is_coordinator(request.user):
        raise PermissionDenied(_("The review queue is for institution coordinators."))
    return render(
        request,
        "challenges/review.html",
        {"challenges": list(selectors.review_queue(request.user)), "form": DecisionForm()},
    )


SUCCESS = {
    "submit": _("The challenge is submitted for review."),
    "approve": _("The challenge is approved."),
    "return": _("The challenge is returned to the stakeholder."),
    "reject": _("The challenge is rejected."),
    "open": _("The challenge is open for applications."),
    "start": _("The teams have started working."),
    "deliver": _("The challenge is marked as delivered."),
    "award": _("The students' credits are recorded."),
    "close": _("The challenge is closed."),
}


def _decided(request, pk: int) -> tuple[Challenge, str]:
    """The challenge a decision is about, and where to go afterwards."""
    try:
        challenge = Challenge.objects.select_related("organisation").get(pk=pk)
    except Challenge.DoesNotExist:
        raise Http404(_("No such challenge.")) from None
    visible = challenge.state in PUBLIC_STATES or can(request.user, Action.VIEW, challenge)
    fallback = (
        reverse("challenges:challenge", args=[pk]) if visible else reverse("challenges:board")
    )
    return challenge, _safe_next(request, fallback)


def _decide_confirmation(request, pk: int) -> Confirmation | None:
    """Rejecting a challenge is final, so it is asked first; the other decisions are not."""
    challenge, target = _decided(request, pk)
    form = DecisionForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid() or form.cleaned_data["action"] != "reject":
        return None  # bad input gets the view's message; other decisions need no question
    if not can(request.user, Action.APPROVE, challenge):
        raise PermissionDenied(_("You may not reject this challenge."))
    return Confirmation(
        title=_("Reject “%(title)s”?") % {"title": challenge.title},
        text=_(
            "A rejected challenge is final: %(organisation)s cannot change and submit it again, "
            "and is told your reason:"
        )
        % {"organisation": challenge.organisation.name},
        consequences=[form.cleaned_data["feedback"].strip()],
        button=_("Reject the challenge"),
        cancel_url=target,
    )


@login_required
@confirm_first(_decide_confirmation)
def decide(request, pk: int):
    """One change of state (submit, approve, return, reject, open, start, deliver, award,
    close); refusals and bad input come back as a message and leave the challenge as it was.
    Rejecting is asked first (a GET, or a POST without ``confirmed``, shows the question)."""
    challenge, target = _decided(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(target)
    action, feedback = form.cleaned_data["action"], form.cleaned_data["feedback"].strip()
    user = request.user
    calls = {
        "submit": lambda: services.challenge_submit(challenge=challenge, by=user),
        "approve": lambda: services.challenge_approve(
            challenge=challenge, by=user, feedback=feedback
        ),
        "return": lambda: services.challenge_return(challenge=challenge, by=user, reason=feedback),
        "reject": lambda: services.challenge_reject(challenge=challenge, by=user, reason=feedback),
        "open": lambda: services.challenge_open(challenge=challenge, by=user),
        "start": lambda: services.challenge_start(challenge=challenge, by=user),
        "deliver": lambda: services.challenge_deliver(challenge=challenge, by=user),
        "award": lambda: services.challenge_award_credits(challenge=challenge, by=user),
        "close": lambda: services.challenge_close(challenge=challenge, by=user),
    }
    try:
        calls[action]()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, SUCCESS[action])
    return redirect(target)


# --- applications --------------------------------------------------------------------------


def _student_ranks(user, challenge: Challenge) -> set[int]:
    """The ranks the person gave their other live applications."""
    return set(
        Application.objects.filter(
            person=user, role=ApplicationRole.STUDENT, status=ApplicationStatus.SUBMITTED
        )
        .exclude(challenge=challenge)
        .values_list("rank", flat=True)
    )


@login_required
def apply(request, pk: int):
    """Apply to an open challenge: students rank it and say why; staff offer to coach."""
    challenge = _challenge(request, pk)
    role = _application_role(request.user)
    if role is None:
        messages.error(
            request, _("Students, learners, lecturers and researchers apply to challenges.")
        )
        return redirect(challenge)
    form = ApplicationForm(
        request.POST or None, role=role, taken_ranks=_student_ranks(request.user, challenge)
    )
    not_open = challenge.state != S.OPEN or challenge.applications_closed_on(timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_submit(
                challenge=challenge,
                person=request.user,
                by=request.user,
                role=role,
                rank=data.get("rank"),
                motivation=data.get("motivation", ""),
                hours=data.get("hours"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(
                request,
                _("Your application to “%(title)s” is sent.") % {"title": challenge.title},
            )
            return redirect("challenges:my_applications")
    return render(
        request,
        "challenges/apply.html",
        {"challenge": challenge, "form": form, "role": role, "not_open": not_open},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    """Withdraw one's application (pk is the application's)."""
    try:
        application = Application.objects.select_related("challenge").get(
            pk=pk, person=request.user
        )
    except Application.DoesNotExist:
        raise Http404(_("No such application.")) from None
    try:
        services.application_withdraw(application=application, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("Your application to “%(title)s” is withdrawn.")
            % {"title": application.challenge.title},
        )
    return redirect(_safe_next(request, reverse("challenges:my_applications")))


@login_required
def my_applications(request):
    """My applications with their status, and the teams I am in."""
    applications = list(selectors.my_applications(request.user))
    teams = list(
        Team.objects.filter(members__person=request.user)
        .select_related("challenge__organisation")
        .order_by("-created_at")
    )
    return render(
        request,
        "challenges/my_applications.html",
        {"applications": applications, "teams": teams, "open_state": S.OPEN},
    )


@login_required
def mine(request):
    """The challenges of the organisations I represent (and those I posted), in every state,
    drafts included, with what each waits for."""
    return render(
        request,
        "challenges/mine.html",
        {
            "challenges": selectors.challenges_of(request.user),
            "may_post": can(request.user, Action.CREATE, Challenge),
        },
    )


# --- team formation ------------------------------------------------------------------------


def _open_challenges_for(user):
    challenges = Challenge.objects.filter(state=S.OPEN).select_related("organisation")
    if not is_alliance_admin(user):
        challenges = challenges.filter(institution_id=user.institution_id)
    return challenges.annotate(
        n_applications=Count("applications", filter=Q(applications__status="submitted"))
    ).order_by("title")


@login_required
def formation_new(request):
    """Choose open challenges of my institution and start the engine."""
    if not _is_coordinator(request.user):
        raise PermissionDenied(_("Team formation is for institution coordinators."))
    form = FormationForm(request.POST or None, queryset=_open_challenges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            run = services.formation_start(
                challenges=list(form.cleaned_data["challenges"]),
                by=request.user,
                time_limit=form.cleaned_data["time_limit"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _messages_of(error))
        else:
            return redirect("challenges:formation", pk=run.pk)
    runs = FormationRun.objects.filter(started_by=request.user).order_by("-created_at")[:10]
    return render(
        request,
        "challenges/formation_new.html",
        {"form": form, "runs": runs},
        status=400 if form.errors else 200,
    )


def _run(request, pk: int) -> FormationRun:
    try:
        run = FormationRun.objects.get(pk=pk)
    except FormationRun.DoesNotExist:
        raise Http404(_("No such team formation.")) from None
    if not can(request.user, Action.VIEW, run):
        raise PermissionDenied(_("You may not see this team formation."))
    return run


def _proposal(run: FormationRun) -> dict:
    """The proposal as the page shows it: teams per challenge, members with their facts,
    the score and the rules still broken."""
    instance, proposal = run.instance or {}, run.proposal or {}
    people_facts = {p["id"]: p for p in instance.get("people", ())}
    # Instance ids are "c<pk>" for challenges and "p<pk>" for people (see formation.py).
    challenges = {
        formation.challenge_key(c.pk): c for c in run.challenges.select_related("organisation")
    }
    persons = {
        formation.person_key(p.pk): p
        for p in Person.objects.filter(pk__in=[formation.pk_of(i) for i in people_facts])
        .select_related("institution")
        .prefetch_related("languages")
    }
    names = {pid: p.display_name for pid, p in persons.items()}
    names.update({cid: c.title for cid, c in challenges.items()})
    skill_uris = {uri for c in instance.get("challenges", ()) for uri in c.get("skills", {})}
    reasons = formation.explanations(
        instance,
        proposal,
        names,
        institutions={
            p.institution.code: p.institution.short_name or p.institution.name
            for p in persons.values()
            if p.institution
        },
        skills={skill.uri: str(skill) for skill in skills_by_uris(skill_uris)},
        languages=language_label,
    )
    slots = [
        (cid, slot)
        for cid, spec in ((c["id"], c) for c in instance.get("challenges", ()))
        for slot in range(spec.get("teams", 1))
    ]
    choices = [
        (
            f"{formation.pk_of(cid)}:{slot}",
            _("%(challenge)s, team %(n)s") % {"challenge": names.get(cid, cid), "n": slot + 1},
        )
        for cid, slot in slots
    ]
    choices.append(("none", _("No team")))

    def member(pid: str, where: str) -> dict:
        facts = people_facts.get(pid, {})
        person = persons.get(pid)
        return {
            "id": pid,
            "name": names.get(pid, pid),
            "role": _("Student") if facts.get("role") == "student" else _("Coach"),
            "institution": (person.institution.short_name if person and person.institution else ""),
            "languages": ", ".join(language_label(code) for code in facts.get("languages", ())),
            "reason": reasons.get(pid, ""),
            "where": where,
            "choices": [c for c in choices if c[0] != where],
        }

    members_of = {
        (t["challenge"], int(t.get("slot", 0))): t.get("members", [])
        for t in proposal.get("teams", ())
    }
    groups = []
    for cid, spec in ((c["id"], c) for c in instance.get("challenges", ())):
        teams = []
        for slot in range(spec.get("teams", 1)):
            members = members_of.get((cid, slot), [])
            teams.append(
                {
                    "slot": slot,
                    "number": slot + 1,
                    "members": [member(pid, f"{formation.pk_of(cid)}:{slot}") for pid in members],
                }
            )
        groups.append({"challenge": challenges.get(cid), "spec": spec, "teams": teams})
    broken = formation.violations(instance, proposal, names) if proposal else []
    return {
        "groups": groups,
        "unassigned": [member(pid, "none") for pid in proposal.get("unassigned", ())],
        "objective": proposal.get("objective"),
        "bound": proposal.get("bound"),
        "gap": proposal.get("gap"),
        "gap_percent": (
            round(100 * proposal["gap"], 2)
            if isinstance(proposal.get("gap"), int | float)
            else None
        ),
        "seconds": proposal.get("seconds"),
        "violations": broken,
        "unplaced": formation.unplaced(instance, proposal, names) if proposal else [],
        "report": proposal.get("report") or proposal.get("infeasible") or [],
    }


@login_required
def formation_detail(request, pk: int):
    """A team-formation run: its progress while the engine works, then the proposal."""
    run = _run(request, pk)
    context = {
        "run": run,
        "working": run.working,
    }
    if run.status == JobStatus.DONE:
        context["proposal"] = _proposal(run)
        context["may_change"] = not run.confirmed_at and can(request.user, Action.CHANGE, run)
        context["teams"] = (
            Team.objects.filter(challenge__in=run.challenges.all()).select_related("challenge")
            if run.confirmed_at
            else []
        )
    return render(request, "challenges/formation.html", context)


@login_required
@require_POST
def formation_retry(request, pk: int):
    """Run the engine again after a failure or an interruption (its worker stopped)."""
    run = _run(request, pk)
    try:
        services.formation_retry(run=run, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The engine is working on this team formation again."))
    return redirect("challenges:formation", pk=run.pk)


@login_required
def formation_progress(request, pk: int):
    """The progress bar alone, polled every second; when the engine is done, reload the page."""
    run = _run(request, pk)
    if not run.working and request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "challenges/_formation_progress.html", {"run": run})


@login_required
@require_POST
def formation_move(request, pk: int):
    """Move one person by hand; the message says what it does to the score and the rules."""
    run = _run(request, pk)
    form = MoveForm(request.POST)
    target = reverse("challenges:formation", args=[run.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a team from the list."))
        return redirect(target)
    try:
        result = services.formation_move(
            run=run, person_id=form.cleaned_data["person"], to=form.target(), by=request.user
        )
    except (ValidationError, PermissionDenied, ValueError) as error:
        messages.error(request, _messages_of(error))
        return redirect(target)
    delta = float(result.get("delta") or 0)
    text = _("Moved. Score %(sign)s%(delta).1f (now %(score).1f).") % {
        "sign": "+" if delta >= 0 else "−",
        "delta": abs(delta),
        "score": float(result.get("objective_after") or 0),
    }
    broken = result.get("violations") or []
    if broken:
        messages.warning(
            request, text + " " + _("Rules broken: %(rules)s") % {"rules": " ".join(broken)}
        )
    else:
        messages.success(request, text + " " + _("Every rule is kept."))
    return redirect(f"{target}#person-{form.cleaned_data['person']}")


def _formation_confirmation(request, pk: int) -> Confirmation | None:
    """What confirming a proposal does, asked before it is done."""
    run = _run(request, pk)
    if not can(request.user, Action.APPROVE, run):
        raise PermissionDenied(_("You may not confirm this team formation."))
    if run.confirmed_at or run.status != JobStatus.DONE or not run.proposal:
        return None  # nothing to confirm: the service says why
    roles = {p["id"]: p["role"] for p in (run.instance or {}).get("people", ())}
    teams = [
        members
        for _challenge, _slot, members in formation.placements(run.proposal)
        if any(roles.get(m) == "student" for m in members)
    ]
    people = len({m for members in teams for m in members})
    waiting = len(
        {pid for pid, role in roles.items() if role == "student"}
        - {m for members in teams for m in members}
    )
    consequences = [
        ngettext(
            "%(n)s team is made; its %(people)s members are told.",
            "%(n)s teams are made; their %(people)s members are told.",
            len(teams),
        )
        % {"n": len(teams), "people": people},
        _("The challenges move on to “Teams formed” and take no more applications."),
    ]
    if waiting:
        consequences.append(
            ngettext(
                "%(n)s student who applied is not placed, and is told so.",
                "%(n)s students who applied are not placed, and are told so.",
                waiting,
            )
            % {"n": waiting}
        )
    return Confirmation(
        title=_("Confirm these teams?"),
        text=_("Confirming is final: the proposal can no longer be changed afterwards."),
        consequences=consequences,
        button=_("Confirm teams"),
        cancel_url=reverse("challenges:formation", args=[run.pk]),
        danger=False,
    )


@login_required
@confirm_first(_formation_confirmation)
def formation_confirm(request, pk: int):
    """Confirm the proposal (asked first): the teams are made and the challenges move on."""
    run = _run(request, pk)
    try:
        teams = services.formation_confirm(run=run, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        if teams:
            messages.success(
                request,
                ngettext(
                    "%(n)s team is formed and its members told.",
                    "%(n)s teams are formed and their members told.",
                    len(teams),
                )
                % {"n": len(teams)},
            )
        run.refresh_from_db()
        for reason in services.formation_left_open(run):
            messages.warning(request, reason)
    return redirect("challenges:formation", pk=run.pk)


# --- the team's workspace ------------------------------------------------------------------


def _team(request, pk: int) -> Team:
    try:
        team = selectors.team_workspace(pk)
    except Team.DoesNotExist:
        raise Http404(_("No such team.")) from None
    if not can(request.user, Action.VIEW, team):
        raise PermissionDenied(_("Only the team, its stakeholder and its coordinator see this."))
    return team


@login_required
def team(request, pk: int):
    """The workspace: members, milestones, deliverables, the evaluation and state buttons."""
    team = _team(request, pk)
    user = request.user
    forms = {
        "milestone_form": MilestoneForm(),
        "deliverable_form": DeliverableForm(),
        "evaluation_form": EvaluationForm(),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done, bound = _team_action(request, team, action)
        except PermissionDenied as error:
            messages.error(request, _messages_of(error))
            return redirect(team)
        if done:
            return redirect(team)
        if bound is not None:
            forms.update(bound)
            status = 400
    challenge = team.challenge
    member = can(user, Action.CHANGE, team)
    may_plan = member or can(user, Action.APPROVE, challenge)
    may_evaluate = can(user, Action.ASSESS, team) and not hasattr_evaluation(team)
    context = {
        "team": team,
        "challenge": challenge,
        "members": list(team.members.all()),
        "milestones": list(team.milestones.all()),
        "deliverables": list(team.deliverables.all()),
        "evaluation": getattr(team, "evaluation", None) if hasattr_evaluation(team) else None,
        "may_plan": may_plan and challenge.state in (S.TEAMS_FORMED, S.IN_PROGRESS),
        "may_upload": member and challenge.state == S.IN_PROGRESS,
        "may_evaluate": may_evaluate and challenge.state == S.DELIVERED,
        "actions": _actions(user, challenge, member=member),
        "today": timezone.localdate(),
        **forms,
    }
    return render(request, "challenges/team.html", context, status=status)


def hasattr_evaluation(team: Team) -> bool:
    try:
        return team.evaluation is not None
    except Team.evaluation.RelatedObjectDoesNotExist:
        return False


def _team_action(request, team: Team, action: str):
    """Run one of the workspace's forms: (done, bound forms to show again with errors)."""
    user = request.user
    if action == "milestone_add":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            try:
                services.milestone_add(team=team, by=user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Milestone added."))
                return True, None
        return False, {"milestone_form": form}
    if action == "milestone_done":
        try:
            milestone = team.milestones.get(pk=request.POST.get("milestone"))
        except (Milestone.DoesNotExist, ValueError):
            raise Http404(_("No such milestone.")) from None
        try:
            services.milestone_done(milestone=milestone, by=user)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("“%(title)s” is done.") % {"title": milestone.title})
        return True, None
    if action == "upload":
        form = DeliverableForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.deliverable_upload(team=team, by=user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The deliverable is uploaded."))
                return True, None
        return False, {"deliverable_form": form}
    if action == "evaluate":
        form = EvaluationForm(request.POST)
        if form.is_valid():
            try:
                services.team_evaluate(team=team, by=user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your evaluation is sent to the team."))
                return True, None
        return False, {"evaluation_form": form}
    messages.error(request, _("Unknown action."))
    return True, None


@login_required
def deliverable_download(request, pk: int, deliverable_pk: int):
    """A deliverable's file, only for those who may see the team (results may be confidential)."""
    team = _team(request, pk)
    deliverable = team.deliverables.filter(pk=deliverable_pk).first()
    if deliverable is None or not deliverable.file:
        raise Http404(_("No such deliverable."))
    try:
        handle = deliverable.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this deliverable is missing.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=deliverable.file.name.rsplit("/", 1)[-1]
    )
