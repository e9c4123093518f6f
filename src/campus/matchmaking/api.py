"""GET /api/v1/experts/match?challenge=<id> or ?agenda=<id>: experts for a challenge or a research
agenda, and a complementary group of them."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut
from campus.research.api_experts import ExpertHitOut, QuerySkillOut
from campus.research.expert_search import ExpertSearchError

from .selectors import agenda_for, challenge_for, experts_for_agenda, experts_for_challenge

router = Router(tags=["research"])


class ChallengeRefOut(Schema):
    id: int
    title: str
    url: str


class AgendaMatchRefOut(Schema):
    id: int
    title: str
    url: str
    challenge_ids: list[int] = Field(description="The linked challenges the caller may see")


class NeedOut(Schema):
    uri: str
    label: str
    weight: float
    sources: list[str] = Field(
        description="Where an agenda's need comes from (its challenges, its topics); empty for "
        "a challenge, which names its needs itself"
    )


class CoverOut(Schema):
    uri: str = Field(description="The needed skill")
    label: str
    held_uri: str = Field(description="The member's skill that covers it")
    held_label: str
    credit: float = Field(description="1 for the same skill, less for a broader or close one")
    new: bool = Field(description="False when an earlier member covered it as well already")


class GroupMemberOut(ExpertHitOut):
    covers: list[CoverOut]
    group_sentences: list[str] = Field(description="Why this member, in the caller's language")


class GroupOut(Schema):
    members: list[GroupMemberOut]
    institutions: list[str]
    coverage: float = Field(description="Share of the needed skills' weight covered, in [0, 1]")
    sentences: list[str]


class MatchOut(Schema):
    challenge: ChallengeRefOut | None = Field(None, description="Asked for a challenge: it")
    agenda: AgendaMatchRefOut | None = Field(None, description="Asked for an agenda: it")
    items: list[ExpertHitOut]
    count: int
    query_skills: list[QuerySkillOut]
    needed_skills: list[NeedOut]
    group: GroupOut


@router.get(
    "/experts/match",
    response={200: MatchOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=public_auth,
    summary="Experts for a challenge or a research agenda, and a complementary group of them",
    description=(
        "Give exactly one of `challenge` and `agenda` (else 422). For a challenge: ranks the "
        "experts the caller may see for its title, problem and ESCO skills. For an agenda: "
        "for its title, aims and topics and the skills it needs (those of its linked "
        "challenges the caller may see, weighted as they weigh them, plus those most of its "
        "topics' experts hold, weighted by their share), leaving out its members. Then "
        "proposes up to four of them who together cover the most of those skills, from at "
        "least two institutions (for an agenda, counting its members' institutions), each "
        "explained. 404 when the challenge or agenda does not exist or the caller may not "
        "see it (a draft challenge)."
    ),
)
def match(
    request,
    challenge: int | None = Query(None, ge=1, le=2**31 - 1, description="A challenge's id"),
    agenda: int | None = Query(None, ge=1, le=2**31 - 1, description="A research agenda's id"),
    limit: int = Query(10, ge=1, le=50, description="Ranked experts to return"),
):
    if (challenge is None) == (agenda is None):
        raise HttpError(
            422, _("Give exactly one of challenge or agenda: the id of what to find experts for.")
        )
    if agenda is not None:
        return _agenda_match(request.auth, agenda, limit)
    found = challenge_for(request.auth, challenge)
    if found is None:
        raise HttpError(404, _("There is no challenge with the id %(id)s.") % {"id": challenge})
    matched = _searched(experts_for_challenge, request.auth, found, limit)
    return {
        "challenge": {
            "id": found.pk,
            "title": found.title,
            "url": found.get_absolute_url(),
        },
        **_body(matched),
    }


def _agenda_match(user, pk: int, limit: int) -> dict:
    found = agenda_for(pk)
    if found is None:
        raise HttpError(404, _("There is no research agenda with the id %(id)s.") % {"id": pk})
    matched = _searched(experts_for_agenda, user, found, limit)
    return {
        "agenda": {
            "id": found.pk,
            "title": found.title,
            "url": found.get_absolute_url(),
            "challenge_ids": [c.pk for c in matched.challenges],
        },
        **_body(matched),
    }


def _searched(experts_for, user, subject, limit: int):
    try:
        return experts_for(user, subject, limit=limit)
    except ExpertSearchError as error:
        raise HttpError(400, error.message) from None


def _body(matched) -> dict:
    return {
        "items": matched.found.items,
        "count": matched.found.count,
        "query_skills": matched.found.query_skills,
        "needed_skills": matched.needs,
        "group": matched.group,
    }
