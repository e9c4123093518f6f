"""Schemas of the skills-gap API."""

import datetime

from ninja import Field, Schema


class RegionOut(Schema):
    code: str = Field(description="NUTS 2024 code")
    name: str
    country: str


class ReachOut(Schema):
    languages: list[str] = Field(description="Languages spoken in the region's country")
    distance_km: float = Field(description="Courses at institutions this close count as near")
    institutions: int = Field(description="How many partner institutions are that close")


class DemandOut(Schema):
    total: float = Field(description="challenge weights + requests + survey weights")
    challenge_weight: float
    challenges: int
    requests: int
    survey_weight: float
    surveys: int


class SupplyOut(Schema):
    courses_in_reach: int
    narrower_in_reach: int = Field(description="Courses within reach teaching a narrower skill")
    broader_in_reach: int = Field(description="Courses within reach teaching a broader skill")
    effective: float = Field(description="courses + 0.6 × narrower + 0.5 × broader")
    courses_anywhere: int
    related_anywhere: int
    experts: int = Field(description="Expert profiles holding the skill (in the region)")
    credentials: int = Field(description="People holding an active credential of the skill")


class GapCourseOut(Schema):
    id: int
    code: str
    title: str
    mode: str
    languages: list[str]
    in_reach: bool
    related: bool = Field(description="Teaches a broader or narrower skill, not the skill")


class GapItemOut(Schema):
    rank: int
    uri: str
    label: str
    local_label: str
    score: float = Field(description="demand / (1 + effective supply within reach)")
    demand: DemandOut
    supply: SupplyOut
    exposure: float | None = Field(description="From the newest exposure data set, if any")
    exposed: bool = Field(description="Exposure at or above the threshold")
    courses: list[GapCourseOut]


class UnservedOut(Schema):
    uri: str
    label: str
    local_label: str
    demand: float


class ExposureOut(Schema):
    source: str
    uploaded_at: datetime.datetime
    threshold: float
    isco_rows_not_applied: int = Field(
        description="ISCO-08 rows kept but not applied: the campus holds no occupation links"
    )


class ComplementOut(Schema):
    uri: str
    label: str
    local_label: str
    exposure: float
    demand: float


class GapOut(Schema):
    region: RegionOut | None = Field(description="None for the whole alliance")
    reach: ReachOut | None
    items: list[GapItemOut]
    unserved: list[UnservedOut] = Field(description="Demanded skills no course teaches")
    exposure: ExposureOut | None = Field(description="None when no data set was uploaded")
    complements: list[ComplementOut]


class SupplyItemOut(Schema):
    uri: str
    label: str
    local_label: str
    courses: int = Field(description="Published courses with an outcome teaching the skill")
    institutions: int = Field(description="Institutions hosting those courses")


class SupplyListOut(Schema):
    items: list[SupplyItemOut]
