"""Schemas of the teaching API: a run's participants and the results recorded for them."""

import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import model_validator


class ParticipantOut(Schema):
    enrolment: int = Field(..., description="Enrolment id")
    email: str
    name: str
    status: str = Field(
        ...,
        description="applied, enrolled, waitlisted, completed or failed (withdrawn are left out)",
    )
    position: int | None = Field(None, description="Place on the waiting list, from 1")
    ects_grade: str = Field("", description="A, B, C, D, E, FX or F; empty before assessment")
    local_grade: str = ""
    ects_earned: Decimal | None = None
    result_date: datetime.date | None = None


class ResultIn(Schema):
    """One result; name the participant by e-mail address or by enrolment id."""

    model_config = {"extra": "forbid"}

    email: str | None = Field(None, description="The participant's e-mail address")
    enrolment: int | None = Field(None, description="The participant's enrolment id")
    ects_grade: str = Field(..., description="A, B, C, D, E, FX or F")
    local_grade: str = Field("", max_length=20)
    ects_earned: Decimal | None = Field(
        None, description="Default: the course's ECTS when passed, 0 when failed"
    )
    result_date: datetime.date | None = Field(None, description="Default: today")

    @model_validator(mode="after")
    def _names_someone(self):
        if not self.email and self.enrolment is None:
            raise ValueError("give the participant's email or enrolment")
        return self


class ResultsIn(Schema):
    model_config = {"extra": "forbid"}

    results: list[ResultIn] = Field(..., min_length=1)
