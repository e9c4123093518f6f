"""API schemas of the public catalogue: what goes out, field by field."""

import datetime

from django.urls import NoReverseMatch
from ninja import Field, Schema


def _absolute(context, path: str | None) -> str | None:
    request = (context or {}).get("request")
    if path is None or request is None:
        return path
    return request.build_absolute_uri(path)


def _host_codes(obj) -> list[str]:
    return [host.code for host in obj.hosts.all()]


class CourseItemOut(Schema):
    id: int
    code: str
    title: str = Field(..., description="Title in English")
    type: str = Field(..., description="challenge, course, flexible, online or mooc")
    ects: float = Field(..., description="ECTS credits")
    eqf: int = Field(..., description="EQF level, 1 to 8")
    languages: list[str] = Field(..., description="Teaching languages, ISO 639-1")
    mode: str = Field(..., description="onsite, online or blended")
    institutions: list[str] = Field(..., description="Erasmus codes of the host institutions")
    next_run: datetime.date | None = Field(
        None, description="Start of the next run that has not started or is still open"
    )
    url: str = Field(..., description="The course's page")

    @staticmethod
    def resolve_eqf(obj) -> int:
        return obj.eqf_level

    @staticmethod
    def resolve_institutions(obj) -> list[str]:
        return _host_codes(obj)

    @staticmethod
    def resolve_next_run(obj) -> datetime.date | None:
        return obj.upcoming_runs[0].starts_on if obj.upcoming_runs else None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class CoursePageOut(Schema):
    items: list[CourseItemOut]
    count: int = Field(..., description="How many courses match, over all pages")


class OutcomeOut(Schema):
    text: str
    skills: list[str] = Field(..., description="ESCO skill URIs")

    @staticmethod
    def resolve_skills(obj) -> list[str]:
        return [skill.uri for skill in obj.skills.all()]


class RunOut(Schema):
    id: int
    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    enrolment_opens: datetime.date
    enrolment_closes: datetime.date
    capacity: int
    places_left: int
    open: bool = Field(..., description="Open for enrolment today")
    location: str = Field(..., description="Place; empty when online")
    online: bool

    @staticmethod
    def resolve_open(obj) -> bool:
        return obj.is_open

    @staticmethod
    def resolve_online(obj) -> bool:
        return not obj.location


class CourseOut(Schema):
    id: int
    code: str
    type: str
    title: str = Field(..., description="Title in English")
    description: str = Field(..., description="Description in English")
    local_language: str = Field(..., description="The host's language, ISO 639-1 (may be empty)")
    title_local: str
    description_local: str
    ects: float
    eqf: int
    isced_field: str = Field(..., description="ISCED-F 2013 field code")
    languages: list[str]
    mode: str
    workload_hours: int
    assessment: str
    audience: list[str] = Field(..., description="students, professionals and/or staff")
    themes: list[str]
    fee_external: float = Field(
        ..., description="Fee in EUR for learners from outside the partner institutions"
    )
    prerequisites: list[str] = Field(..., description="Codes of the courses required first")
    prerequisites_text: str
    institutions: list[str] = Field(..., description="Erasmus codes of the host institutions")
    outcomes: list[OutcomeOut]
    runs: list[RunOut]
    url: str

    @staticmethod
    def resolve_eqf(obj) -> int:
        return obj.eqf_level

    @staticmethod
    def resolve_prerequisites(obj) -> list[str]:
        return [course.code for course in obj.prerequisites.all()]

    @staticmethod
    def resolve_institutions(obj) -> list[str]:
        return _host_codes(obj)

    @staticmethod
    def resolve_outcomes(obj):
        return list(obj.outcomes.all())

    @staticmethod
    def resolve_runs(obj):
        return obj.all_runs

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class ProgrammeOut(Schema):
    code: str
    title: str
    kind: str = Field(..., description="minor, master or certificate")
    ects_total: float
    eqf: int
    institutions: list[str] = Field(..., description="Erasmus codes of the offering institutions")
    url: str | None = Field(None, description="The programme's page")

    @staticmethod
    def resolve_eqf(obj) -> int:
        return obj.eqf_level

    @staticmethod
    def resolve_institutions(obj) -> list[str]:
        return [institution.code for institution in obj.institutions.all()]

    @staticmethod
    def resolve_url(obj, context) -> str | None:
        try:
            return _absolute(context, obj.get_absolute_url())
        except NoReverseMatch:  # the programme pages are not mounted
            return None
