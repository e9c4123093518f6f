"""Reads of challenges: the public board, one challenge, the review queue, one's applications,
a team's workspace. Each with a fixed number of queries."""

import datetime
from collections.abc import Collection

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from campus.jobs.models import JobStatus
from campus.people.models import Person, Role
from campus.permissions import STAKEHOLDER, Action, can, coordinates, is_alliance_admin
from campus.search.query import Query, parse
from campus.search.spelling import Spelling, spelling_correct, spelling_suggestions
from campus.skills.selectors import preferred_labels_prefetch, skill_resolve

from .models import (
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeSkill,
    ChallengeState,
    FormationRun,
    Milestone,
    Team,
    TeamMember,
)
from .permissions import PUBLIC_STATES


def _json_list_has(field: str, value: str) -> Q:
    """A JSON list of short codes (languages, themes) holds ``value``."""
    value = value.strip().strip('"')
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    # SQLite has no JSON containment lookup: look for '"nl"' in the stored text.
    return Q(**{f"{field}__icontains": f'"{value}"'})


def _skills_prefetch() -> Prefetch:
    return Prefetch(
        "skill_needs",
        queryset=ChallengeSkill.objects.select_related("skill")
        .prefetch_related(*preferred_labels_prefetch("skill"))
        .order_by("-weight", "skill__label"),
    )


# The scope of the public challenges' words in campus.search (services.state adds them).
VOCABULARY = "challenges"


def board_spelling(q: str | Query | None) -> Spelling:
    """``q`` read, its words that no public challenge holds corrected ("watr" -> "water")."""
    return spelling_correct(VOCABULARY, q)


def board_suggestions(q: str | Query | None) -> list[str]:
    """Queries near ``q`` for a board search that found nothing."""
    return spelling_suggestions(VOCABULARY, q)


def _text_matches(q: str | Query) -> Q:
    """Challenges whose title or problem has every clause of ``q``: a word's beginning, or a
    phrase's words in a row (``search_text`` is folded words between single spaces)."""
    condition = Q()
    for clause in parse(q).clauses:
        either = Q()
        for term in clause:
            either |= Q(search_text__contains=" " + " ".join(term.words))
        condition &= either
    return condition


def challenges_board(
    q: str | Query | None = None,
    region: str | None = None,
    theme: str | None = None,
    skill: str | list[str] | None = None,
    language: str | None = None,
    state: str | None = None,
) -> QuerySet[Challenge]:
    """The public challenges (approved and later), filtered; newest first.

    ``q`` holds words, ``OR`` and quoted phrases (``campus.search.query``), found in the title
    or the problem whatever their accents; as typed, its misspelt words are corrected
    (``board_spelling``); a ``Query`` is searched as it is.
    ``region`` is a NUTS code or its beginning (a country code gives the whole country);
    ``skill`` an ESCO URI, a list of them (any of them), or a skill's name in any language
    (``skill_resolve``: a name that fits several skills finds the challenges needing any).
    Two queries: the challenges, and their skills.
    """
    found = Challenge.objects.filter(state__in=PUBLIC_STATES)
    if state:
        found = found.filter(state=state)
    if isinstance(q, str):
        q = board_spelling(q).query
    if q:
        found = found.filter(_text_matches(q))
    if region:
        found = found.filter(region__code__istartswith=region.strip())
    if theme:
        found = found.filter(_json_list_has("themes", theme.lower()))
    if language:
        found = found.filter(_json_list_has("languages", language.lower()))
    if skill is not None:
        if isinstance(skill, str):
            skill = skill.strip()
            uris = (
                [skill] if skill.startswith(("http://", "https://")) else skill_resolve(skill).uris
            )
        else:
            uris = list(skill)
        found = found.filter(skill_needs__skill__uri__in=uris).distinct()
    return (
        found.select_related("organisation", "region", "institution")
        .prefetch_related(_skills_prefetch())
        .order_by("-created_at", "-pk")
    )


def challenge_visible_to(challenge: Challenge, user) -> bool:
    """Public challenges are seen by everyone; the others by their poster, the organisation's
    representatives, the reviewing coordinator and administrators."""
    if challenge.state in PUBLIC_STATES:
        return True
    return bool(user and user.is_authenticated and can(user, Action.VIEW, challenge))


def challenge_detail(pk: int) -> Challenge:
    """One challenge with its organisation, region, skills, teams and audit trail."""
    return (
        Challenge.objects.select_related(
            "organisation", "region", "institution", "posted_by", "module__course"
        )
        .prefetch_related(
            _skills_prefetch(),
            Prefetch("teams", queryset=Team.objects.prefetch_related("members__person")),
            "events__actor",
        )
        .get(pk=pk)
    )


def review_queue(user: Person) -> QuerySet[Challenge]:
    """The submitted challenges this user may approve, oldest first."""
    found = Challenge.objects.filter(state=ChallengeState.SUBMITTED)
    if not is_alliance_admin(user):
        if not (user.is_authenticated and user.has_role(Role.COORDINATOR) and user.institution_id):
            return Challenge.objects.none()
        found = found.filter(institution_id=user.institution_id)
    return (
        found.select_related("organisation", "region", "institution", "posted_by")
        .prefetch_related(_skills_prefetch())
        .order_by("updated_at", "pk")
    )


def my_applications(person: Person) -> QuerySet[Application]:
    """A person's applications, best rank first, with their challenges."""
    return (
        Application.objects.filter(person=person)
        .select_related("challenge__organisation", "challenge__region")
        .order_by("status", "rank", "-created_at")
    )


def my_teams(person: Person) -> QuerySet[Team]:
    """The teams a person is a member of."""
    return (
        Team.objects.filter(members__person=person)
        .select_related("challenge__organisation")
        .order_by("-created_at")
        .distinct()
    )


def team_workspace(pk: int) -> Team:
    """A team with its challenge, members, milestones, deliverables and evaluation."""
    return (
        Team.objects.select_related(
            "challenge__organisation",
            "challenge__institution",
            "challenge__region",
            "challenge__posted_by",
            "evaluation__by",
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TeamMember.objects.select_related("person__institution").order_by(
                    "role", "person__display_name"
                ),
            ),
            "milestones",
            "deliverables__uploaded_by",
        )
        .get(pk=pk)
    )


# --- a stakeholder's challenges, and what each waits for ----------------------------------

S = ChallengeState
AWAITS = {
    S.DRAFT: _("Draft — submit it for review"),
    S.SUBMITTED: _("Submitted — awaiting review"),
    S.RETURNED: _("Returned for changes — edit it and submit it again"),
    S.REJECTED: _("Rejected — read the reviewer's reasons"),
    S.APPROVED: _("Approved — waiting to be opened for applications"),
    S.OPEN: _("Open — waiting for applications and team formation"),
    S.TEAMS_FORMED: _("Teams formed — start the work"),
    S.IN_PROGRESS: _("In progress — the teams are working on it"),
    S.DELIVERED: _("Delivered — evaluate the teams' work"),
    S.EVALUATED: _("Evaluated — waiting to be closed"),
    S.CLOSED: _("Closed — nothing more to do"),
}


def challenge_awaits(challenge: Challenge) -> str:
    """What a challenge waits for now, in its stakeholder's words."""
    return str(AWAITS.get(challenge.state, challenge.get_state_display()))


def challenges_of(person: Person) -> list[Challenge]:
    """The challenges of the organisations the person represents (granted affiliations only)
    and those they posted, in every state, newest first, each one they may open: two queries
    (the affiliations, read once per person, and the challenges with application counts)."""
    if not person.is_authenticated:
        return []
    organisations = [o for role, _i, o in person.granted_affiliations if role == STAKEHOLDER and o]
    found = (
        Challenge.objects.filter(Q(organisation_id__in=organisations) | Q(posted_by=person))
        .select_related("organisation", "institution")
        .annotate(
            application_count=Count(
                "applications",
                filter=Q(applications__status=ApplicationStatus.SUBMITTED),
                distinct=True,
            ),
            team_count=Count("teams", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    mine = []
    for challenge in found:
        if challenge_visible_to(challenge, person):
            challenge.awaits = challenge_awaits(challenge)
            mine.append(challenge)
    return mine


# --- what a coordinator confirms, what a learner may miss ---------------------------------


def formations_awaiting_confirmation(user: Person) -> QuerySet[FormationRun]:
    """Team formations that finished with a proposal nobody confirmed yet, of the user's
    institution (every institution for an administrator), oldest first."""
    found = FormationRun.objects.filter(status=JobStatus.DONE, confirmed_at__isnull=True)
    if not is_alliance_admin(user):
        if not coordinates(user, user.institution_id):
            return FormationRun.objects.none()
        found = found.filter(institution_id=user.institution_id)
    return found.order_by("finished_at", "pk")


def challenges_applied_open(person: Person) -> QuerySet[Challenge]:
    """Open challenges the person applied to and has not withdrawn from, soonest start first."""
    return (
        Challenge.objects.filter(
            state=S.OPEN,
            applications__person=person,
            applications__status=ApplicationStatus.SUBMITTED,
        )
        .select_related("organisation")
        .order_by("starts_on", "pk")
    )


def challenges_suggested(
    person: Person, *, skill_ids: Collection[int], themes: Collection[str], limit: int
) -> list[Challenge]:
    """Open challenges that need one of these skills or share one of these themes, that the
    person has not applied to and is not the stakeholder of; the most matching skills first."""
    match = Q()
    if skill_ids:
        match |= Q(skill_needs__skill__in=list(skill_ids))
    for theme in list(themes)[:10]:
        match |= _json_list_has("themes", theme)
    if not match:
        return []
    organisations = [o for role, _i, o in person.granted_affiliations if role == STAKEHOLDER and o]
    found = (
        Challenge.objects.filter(state=S.OPEN)
        .filter(pk__in=Challenge.objects.filter(match).values("pk"))
        .exclude(applications__person=person)
        .exclude(organisation_id__in=organisations)
        .exclude(posted_by=person)
        .select_related("organisation")
        .annotate(
            matching_skills=Count(
                "skill_needs", filter=Q(skill_needs__skill__in=list(skill_ids)), distinct=True
            )
            if skill_ids
            else Value(0)
        )
        .order_by("-matching_skills", "starts_on", "pk")
    )
    return list(found[:limit])


def milestones_due(person: Person, *, until: datetime.date) -> QuerySet[Milestone]:
    """The milestones of the person's teams that are not done and are due by ``until``
    (overdue ones included), soonest first, with team and challenge."""
    return (
        Milestone.objects.filter(
            team__members__person=person, done_on__isnull=True, due_on__lte=until
        )
        .select_related("team__challenge")
        .order_by("due_on", "pk")
        .distinct()
    )
