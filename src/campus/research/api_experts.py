"""The expert finder in the API: GET /api/v1/experts, ranked and explained.

Only the profiles the caller may see are ranked and counted (campus.research.expert_search).
"""

from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from campus.inputs.pagination import limit_query, offset_query
from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut

from .expert_search import MAX_QUERY_LENGTH, Criteria, ExpertSearchError, experts_search

router = Router(tags=["research"])


class SkillMatchOut(Schema):
    uri: str = Field(description="The profile's ESCO skill")
    label: str = Field(description="Its preferred label in the caller's language, else English")
    relation: str = Field(description="exact, broader, narrower or related to the query's skill")
    query_uri: str = Field(description="The query's skill it answers")
    query_label: str
    source: str = Field(description="query: named in `skill`; text: found in `q`")
    matched_label: str = Field(description="The label the words of `q` matched (text only)")
    matched_language: str = Field(description="That label's language (ISO 639-1)")
    matched_words: list[str]
    fuzzy: bool = Field(description="Matched only through a shared word beginning")
    score: float


class TopicMatchOut(Schema):
    slug: str
    name: str
    words: list[str] = Field(description="Words of `q` it matched; empty when named in `topic`")


class TextMatchOut(Schema):
    text: str = Field(description="The profile's keyword or output title")
    words: list[str] = Field(description="The words of `q` it matched")


class ExplanationOut(Schema):
    skills: list[SkillMatchOut]
    topics: list[TopicMatchOut]
    keywords: list[TextMatchOut]
    outputs: list[TextMatchOut]
    skill_score: float
    text_score: float
    topic_score: float
    sentences: list[str] = Field(description="The same, said in the caller's language")


class ExpertHitOut(Schema):
    id: int
    name: str
    url: str = Field(description="The expert's page")
    institution: str = Field(description="Erasmus code, or a practitioner's organisation")
    institution_name: str
    country: str
    headline: str
    score: float = Field(description="In (0, 1]; comparable within one search only")
    explanation: ExplanationOut


class QuerySkillOut(Schema):
    uri: str
    label: str
    weight: float
    source: str = Field(description="query: named in `skill`; text: found in `q`")
    matched_label: str
    matched_language: str
    matched_words: list[str]
    fuzzy: bool


class ExpertSearchOut(Schema):
    items: list[ExpertHitOut]
    count: int = Field(description="Experts found that the caller may see")
    query_skills: list[QuerySkillOut] = Field(description="How the query was understood")
    unknown_skills: list[str] = Field(description="Skills of `skill` the campus does not know")


Availability = Literal["challenges", "supervision", "consultancy"]


@router.get(
    "/experts",
    response={200: ExpertSearchOut, 400: ErrorOut},
    auth=public_auth,
    summary="Find experts",
    description=(
        "Ranks the experts the caller may see for words in any of the alliance's languages "
        "(`q`), ESCO skills (`skill`, repeatable) and topics (`topic`, repeatable, slugs), "
        "within the filters. The words meet skills through their labels in every language, "
        "so a Dutch query finds a profile written in English. 400 when there is nothing to "
        "look for or only unknown skills."
    ),
)
def experts(
    request,
    q: str = Query("", max_length=MAX_QUERY_LENGTH, description="Words, in any language"),
    skill: list[str] | None = Query(None, description="ESCO skill URIs"),  # noqa: B008 - ninja declares query parameters this way
    topic: list[str] | None = Query(None, description="Topic slugs"),  # noqa: B008 - ninja declares query parameters this way
    institution: str = Query("", max_length=200, description="Erasmus code or organisation"),
    country: str = Query("", max_length=2, description="ISO 3166-1 alpha-2"),
    language: str = Query("", max_length=8, description="A language the expert speaks"),
    available: list[Availability] | None = Query(None, description="Available for all of these"),  # noqa: B008 - ninja declares query parameters this way
    lang: str = Query("", max_length=8, description="The language of `q`, when known"),
    limit: int = limit_query(),
    offset: int = offset_query(),
):
    criteria = Criteria(
        text=q,
        skills=tuple(s[:200] for s in (skill or [])[:20]),
        topics=tuple(t[:80] for t in (topic or [])[:20]),
        institution=institution,
        country=country,
        language=language,
        available=tuple(available or ()),
        text_language=lang.strip().lower() or None,
    )
    try:
        found = experts_search(request.auth, criteria, limit=limit, offset=offset)
    except ExpertSearchError as error:
        raise HttpError(400, error.message) from None
    return {
        "items": found.items,
        "count": found.count,
        "query_skills": found.query_skills,
        "unknown_skills": found.unknown_skills,
    }
