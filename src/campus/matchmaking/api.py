"""GET /api/v1/experts/match?challenge=<id>: experts for a challenge, and a group of them."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut
from campus.research.api_experts import ExpertHitOut, QuerySkillOut
from campus.research.expert_search import ExpertSearchError

from .selectors import challenge_for, experts_for_challenge

router = Router(tags=["research"])


class ChallengeRefOut(Schema):
    id: int
    title: str
    url: str


class NeedOut(Schema):
    uri: str
    label: str
    weight: float


class CoverOut(Schema):
    uri: str = Field(description="The needed skill")
    label: str
    held_uri: str = Field(description="The member's skill that covers it")
    held_label: str
    credit: float = Field(description="1 for the same skill, less for a broader or close one")
    new: bool = Field(description="False when an earlier member covered it as well already")


class MemberOut(ExpertHitOut):
    covers: list[CoverOut]
    group_sentences: list[str] = Field(description="Why this member, in the caller's language")


class GroupOut(Schema):
    members: list[MemberOut]
    institutions: list[str]
    coverage: float = Field(description="Share of the needed skills' weight covered, in [0, 1]")
    sentences: list[str]


class MatchOut(Schema):
    challenge: ChallengeRefOut
    items: list[ExpertHitOut]
    count: int
    query_skills: list[QuerySkillOut]
    needed_skills: list[NeedOut]
    group: GroupOut


@router.get(
    "/experts/match",
    response={200: MatchOut, 400: ErrorOut, 404: ErrorOut},
    auth=public_auth,
    summary="Experts for a challenge, and a complementary group of them",
    description=(
        "Ranks the experts the caller may see for the challenge's title, problem and ESCO "
        "skills, and proposes up to four of them who together cover the most of its skills, "
        "from at least two institutions, each explained. 404 when the challenge does not "
        "exist or the caller may not see it (a draft)."
    ),
)
def match(
    request,
    challenge: int = Query(..., ge=1, le=2**31 - 1, description="The challenge's id"),
    limit: int = Query(10, ge=1, le=50, description="Ranked experts to return"),
):
    found = challenge_for(request.auth, challenge)
    if found is None:
        raise HttpError(404, _("There is no challenge with the id %(id)s.") % {"id": challenge})
    try:
        matched = experts_for_challenge(request.auth, found, limit=limit)
    except ExpertSearchError as error:
        raise HttpError(400, error.message) from None
    return {
        "challenge": {
            "id": found.pk,
            "title": found.title,
            "url": found.get_absolute_url(),
        },
        "items": matched.found.items,
        "count": matched.found.count,
        "query_skills": matched.found.query_skills,
        "needed_skills": matched.needs,
        "group": matched.group,
    }
