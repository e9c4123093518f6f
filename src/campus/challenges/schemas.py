"""Schemas of the challenges API: the board, one challenge, posting and review, applications,
team formation, teams and their evaluation."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema


class ChallengeItemOut(Schema):
    id: int
    title: str
    state: str = Field(
        ...,
        description="draft, submitted, returned, rejected, approved, open, "
        "teams_formed, in_progress, delivered, evaluated or closed",
    )
    region: str = Field(..., description="NUTS code")
    skills: list[str] = Field(..., description="ESCO skill URIs the challenge needs")
    organisation: str = Field(..., description="The stakeholder organisation's name")
    languages: list[str] = Field(..., description="Working languages, ISO 639-1")
    teams_wanted: int


class ChallengePageOut(Schema):
    items: list[ChallengeItemOut]
    count: int


class SkillNeedOut(Schema):
    uri: str
    label: str = Field(description="Preferred label (English).")
    local_label: str = Field(
        description=(
            "Preferred label in the request's language (Accept-Language), "
            "English where ESCO has none."
        )
    )
    weight: float


class EventOut(Schema):
    from_state: str
    to_state: str
    note: str
    at: datetime.datetime


class TeamRefOut(Schema):
    id: int
    name: str
    slot: int


class ChallengeOut(Schema):
    id: int
    title: str
    state: str
    problem: str
    expected_outcome: str
    region: str = Field(..., description="NUTS code")
    region_name: str
    organisation: str
    institution: str = Field(..., description="Erasmus code of the reviewing institution")
    skills: list[SkillNeedOut]
    languages: list[str]
    themes: list[str]
    sdgs: list[int]
    team_min: int
    team_max: int
    teams_wanted: int
    starts_on: datetime.date
    ends_on: datetime.date
    applications_close_on: datetime.date | None = Field(
        None, description="The last day to apply; none: until teams are formed, before the start"
    )
    module: int | None = Field(None, description="Id of the challenge-based module's run")
    confidentiality: str
    ip_terms: str
    review_feedback: str
    teams: list[TeamRefOut]
    events: list[EventOut] | None = Field(
        None, description="The audit trail; only for the poster, reviewers and administrators"
    )


class ChallengeIn(Schema):
    model_config = {"extra": "forbid"}

    organisation: str = Field(..., description="The organisation's slug")
    title: str = Field(..., min_length=1, max_length=200)
    problem: str = Field(..., min_length=1)
    expected_outcome: str = Field(..., min_length=1)
    region: str = Field(..., description="NUTS code of the challenge's region")
    languages: list[str] = Field(..., description="Working languages, ISO 639-1")
    skills: dict[str, float] = Field(..., description="ESCO skill URI → weight (above 0, ≤ 10)")
    team_min: int = Field(3, ge=1, le=50)
    team_max: int = Field(6, ge=1, le=50)
    teams_wanted: int = Field(1, ge=1, le=100)
    starts_on: datetime.date
    ends_on: datetime.date
    applications_close_on: datetime.date | None = Field(
        None, description="The last day to apply, on or before starts_on"
    )
    themes: list[str] = []
    sdgs: list[int] = []
    module: int | None = Field(None, description="Id of a run of a challenge-based module")
    confidentiality: Literal["public", "confidential"] = "public"
    ip_terms: Literal["open", "shared", "stakeholder"] = "shared"
    institution: str | None = Field(
        None, description="Erasmus code of the reviewing institution (default: the partner)"
    )


class ApproveIn(Schema):
    model_config = {"extra": "forbid"}

    feedback: str = Field("", max_length=5000)


class ReasonIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(..., max_length=5000)


class ApplicationIn(Schema):
    model_config = {"extra": "forbid"}

    role: Literal["student", "coach", "researcher"] = "student"
    rank: int | None = Field(None, ge=1, le=100, description="1 = first choice (students)")
    motivation: str = Field("", max_length=5000)
    hours: int | None = Field(None, ge=1, le=60, description="Hours a week (coaches, researchers)")


class ApplicationOut(Schema):
    id: int
    challenge: int
    challenge_title: str
    role: str
    rank: int | None
    hours: int | None
    status: str = Field(..., description="submitted, withdrawn, placed or not_placed")
    created_at: datetime.datetime


class FormationIn(Schema):
    model_config = {"extra": "forbid"}

    challenges: list[int] = Field(..., min_length=1, description="Ids of open challenges")
    time_limit: float = Field(30, gt=0, le=600, description="Seconds the engine may take")


class FormationOut(Schema):
    id: int
    status: str = Field(
        ..., description="queued, running, interrupted (being resumed), done, failed or confirmed"
    )
    progress: int = Field(
        ..., description="10 instance built, 10-90 solving (time used), 100 stored"
    )
    detail: dict[str, Any] = Field(
        ...,
        description="the engine's news while it solves: phase, incumbent (best objective "
        "found) and bound (proven upper bound)",
    )
    challenges: list[int]
    proposal: dict[str, Any]
    error: str
    violations: list[str]
    unplaced: list[str]


class MoveTo(Schema):
    challenge: int
    slot: int = Field(0, ge=0)


class MoveIn(Schema):
    model_config = {"extra": "forbid"}

    person: int = Field(..., description="The person's id")
    to: MoveTo | None = Field(None, description="The team to move to; null = out of every team")


class MoveOut(Schema):
    proposal: dict[str, Any]
    objective_before: float
    objective_after: float
    delta: float
    violations: list[str]
    unplaced: list[str]


class TeamMemberOut(Schema):
    person: int
    name: str
    role: str
    institution: str | None


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    done_on: datetime.date | None


class DeliverableOut(Schema):
    id: int
    title: str
    uploaded_at: datetime.datetime


class EvaluationOut(Schema):
    rating: int
    feedback: str
    at: datetime.datetime


class TeamOut(Schema):
    id: int
    name: str
    challenge: int
    challenge_title: str
    state: str = Field(..., description="The challenge's state")
    members: list[TeamMemberOut]
    milestones: list[MilestoneOut]
    deliverables: list[DeliverableOut]
    evaluation: EvaluationOut | None


class EvaluationIn(Schema):
    model_config = {"extra": "forbid"}

    rating: int = Field(..., ge=1, le=5)
    feedback: str = Field(..., max_length=5000)
