"""Schemas of the knowledge-transfer API."""

import datetime

from ninja import Field, Schema


class TransferIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    question: str = Field(..., min_length=1, max_length=5000)
    topics: list[str] = Field(default_factory=list, description="Topic slugs")
    skills: list[str] = Field(default_factory=list, description="ESCO skill URIs (optional)")
    organisation: int | None = Field(
        None, description="The organisation asked for; needed when the caller represents several"
    )
    wished_by: datetime.date | None = Field(None, description="Answer wished by (optional)")
    expert: int | None = Field(
        None,
        description="The expert asked; without it the request is routed to up to three "
        "available experts who share its skills and topics.",
    )


class InvitationOut(Schema):
    expert_id: int
    name: str
    state: str = Field(description="invited, accepted, declined or closed")
    reason: str
    matched_skills: list[str] = Field(description="ESCO URIs shared with the request")
    matched_topics: list[str] = Field(description="Topic slugs shared with the request")


class TransferOut(Schema):
    id: int
    title: str
    question: str
    state: str = Field(description="open, accepted, answered, rated, declined or withdrawn")
    stakeholder: str
    organisation: str
    region: str = Field(description="NUTS code of the organisation's region")
    topics: list[str]
    skills: list[str]
    wished_by: datetime.date | None
    chosen: bool = Field(description="True when the stakeholder chose the expert")
    expert_id: int | None = Field(description="The expert who took it")
    answer: str
    answer_link: str
    rating: int | None
    rating_comment: str
    created_at: datetime.datetime
    invitations: list[InvitationOut]


class TransferDeclineIn(Schema):
    reason: str = Field("", max_length=500)


class TransferAnswerIn(Schema):
    answer: str = Field(..., min_length=1, max_length=10000)
    link: str = Field("", max_length=500)


class TransferRateIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=1000)
