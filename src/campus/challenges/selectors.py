"""Reads of challenges: the public board, one challenge, the review queue, one's applications,
a team's workspace. Each with a fixed number of queries."""

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from campus.people.models import Person, Role
from campus.permissions import Action, can, is_alliance_admin
from campus.search.query import Query, parse
from campus.search.spelling import Spelling, spelling_correct, spelling_suggestions

from .models import (
    Application,
    Challenge,
    ChallengeSkill,
    ChallengeState,
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
        queryset=ChallengeSkill.objects.select_related("skill").order_by("-weight", "skill__label"),
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
    skill: str | None = None,
    language: str | None = None,
    state: str | None = None,
) -> QuerySet[Challenge]:
    """The public challenges (approved and later), filtered; newest first.

    ``q`` holds words, ``OR`` and quoted phrases (``campus.search.query``), found in the title
    or the problem whatever their accents; as typed, its misspelt words are corrected
    (``board_spelling``); a ``Query`` is searched as it is.
    ``region`` is a NUTS code or its beginning (a country code gives the whole country);
    ``skill`` an ESCO URI, or words of a skill's label.
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
    if skill:
        skill = skill.strip()
        if skill.startswith(("http://", "https://")):
            found = found.filter(skill_needs__skill__uri=skill)
        else:
            found = found.filter(skill_needs__skill__label__icontains=skill)
        found = found.distinct()
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
