"""Schemas of the research API: topics, experts, agendas and join requests."""

import datetime

from ninja import Field, Schema


class TopicOut(Schema):
    slug: str
    name: str = Field(description="In the request's language (Accept-Language), else English.")
    names: dict[str, str] = Field(description="The topic's name per language (ISO 639-1).")
    description: str
    theme: str = Field(description="The alliance theme it belongs to (empty: none)")


class ExpertRefOut(Schema):
    id: int
    name: str
    institution: str = Field(description="Erasmus code, or the organisation's name")


class AgendaRefOut(Schema):
    id: int
    title: str
    topics: list[str] = Field(description="Topic slugs")
    members: int


class TopicDetailOut(TopicOut):
    experts: list[ExpertRefOut] = Field(description="Only the experts the caller may see.")
    agendas: list[AgendaRefOut]


class OutputOut(Schema):
    id: int
    doi: str = Field(description="Bare and lower case (10.1234/abc); empty when it has none.")
    title: str
    year: int
    type: str


class ExpertOut(Schema):
    id: int
    name: str
    institution: str = Field(description="Erasmus code, or the organisation's name")
    country: str
    headline: str
    skills: list[str] = Field(description="ESCO skill URIs")
    keywords: list[str]
    topics: list[str] = Field(description="Topic slugs")
    methods: list[str]
    projects: list[str]
    languages: list[str]
    available_for_challenges: bool
    available_for_supervision: bool
    available_for_consultancy: bool
    orcid: str
    outputs: list[OutputOut]


class ExpertProfileIn(Schema):
    """Only the fields sent change."""

    headline: str | None = Field(None, max_length=200)
    skills: list[str] | None = Field(None, description="ESCO skill URIs")
    keywords: list[str] | None = None
    topics: list[str] | None = Field(None, description="Topic slugs")
    methods: list[str] | None = None
    projects: list[str] | None = None
    languages: list[str] | None = Field(None, description="ISO 639-1 codes")
    available_for_challenges: bool | None = None
    available_for_supervision: bool | None = None
    available_for_consultancy: bool | None = None
    orcid: str | None = Field(None, max_length=40, description="0000-0000-0000-000X, checked")


class MemberOut(Schema):
    id: int = Field(description="The membership's id (to make the member a lead)")
    name: str | None = Field(description="None when the caller may not see the member's profile")
    expert_id: int | None
    role: str = Field(description="lead or member")
    institution: str


class AgendaOut(Schema):
    id: int
    title: str
    aims: str
    topics: list[str]
    challenge_ids: list[int]
    members: list[MemberOut]


class AgendaIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    aims: str = Field(..., min_length=1, max_length=10000)
    topics: list[str] = Field(default_factory=list, description="Topic slugs")
    challenge_ids: list[int] = Field(default_factory=list)


class AgendaPatch(Schema):
    """Only the fields given change."""

    title: str | None = Field(None, min_length=1, max_length=200)
    aims: str | None = Field(None, min_length=1, max_length=10000)
    topics: list[str] | None = Field(None, description="Topic slugs")
    challenge_ids: list[int] | None = None


class JoinRequestIn(Schema):
    message: str = Field("", max_length=2000)


class JoinRequestOut(Schema):
    id: int
    agenda_id: int
    person: str
    state: str = Field(description="pending, approved or declined")
    message: str
    reason: str
    created_at: datetime.datetime


class DeclineIn(Schema):
    reason: str = Field("", max_length=500)
