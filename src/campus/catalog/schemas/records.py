"""Schemas of the learner's API: enrolling, one's enrolments, the transcript of records."""

import datetime

from ninja import Field, Schema


class EnrolmentIn(Schema):
    model_config = {"extra": "forbid"}

    run: int = Field(..., description="The id of the run to enrol in")


class EnrolmentOut(Schema):
    id: int
    run: int = Field(..., description="The run's id")
    course: str = Field(..., description="The course's code")
    status: str = Field(
        ..., description="applied, enrolled, waitlisted, withdrawn, completed or failed"
    )
    position: int | None = Field(
        None, description="Place on the run's waiting list (1 = next in); null when not waiting"
    )


class CourseRefOut(Schema):
    id: int
    code: str
    title: str


class MyEnrolmentOut(Schema):
    id: int
    run: int
    run_label: str
    course: CourseRefOut
    status: str
    position: int | None = Field(None, description="Place on the waiting list, when waiting")
    starts_on: datetime.date
    ends_on: datetime.date
    ects_grade: str | None = Field(None, description="A–E pass, FX or F fail; null before a result")
    ects_earned: float | None = Field(None, description="Null before a result")


class TranscriptPersonOut(Schema):
    email: str
    name: str
    institution: str | None = Field(None, description="Erasmus code of the home institution")


class TranscriptResultOut(Schema):
    code: str = Field(..., description="Course code")
    title: str
    run: str = Field(..., description="The run's label, such as 'Spring 2027'")
    institutions: list[str] = Field(..., description="Erasmus codes of the host institutions")
    status: str = Field(..., description="completed or failed")
    ects: float = Field(..., description="The course's ECTS credits")
    ects_earned: float = Field(..., description="Credits earned; 0 for a failed course")
    local_grade: str
    ects_grade: str
    date: datetime.date | None
    assessor: str


class TranscriptRecognisedOut(Schema):
    code: str = Field(..., description="The component's code at the recognising institution")
    title: str
    ects: float
    ects_grade: str
    local_grade: str
    recognised_by: str = Field(..., description="Erasmus code of the recognising institution")
    studied_at: str | None = Field(None, description="Erasmus code of the host institution")
    date: datetime.date
    reference: str = Field(..., description="The record of the recognition, such as a mobility")


class TranscriptOut(Schema):
    person: TranscriptPersonOut
    issued_on: datetime.date
    results: list[TranscriptResultOut]
    ects_total: float
    by_institution: dict[str, float] = Field(
        ...,
        description=(
            "ECTS earned per host institution, by Erasmus code; a joint course counts for "
            "each of its hosts"
        ),
    )
    recognised: list[TranscriptRecognisedOut] = Field(
        default_factory=list,
        description="Credits recognised at home for study elsewhere (a mobility)",
    )
    ects_recognised: float = Field(
        0, description="Total of the recognised credits, apart from ects_total"
    )
