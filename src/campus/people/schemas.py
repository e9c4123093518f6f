from typing import Literal

from ninja import Field, Schema


class LanguageOut(Schema):
    language: str
    level: str


class SkillHeldOut(Schema):
    uri: str
    label: str = Field(description="Preferred label (English).")
    local_label: str = Field(
        description=(
            "Preferred label in the request's language (Accept-Language), "
            "English where ESCO has none."
        )
    )
    proficiency: int


class MeOut(Schema):
    email: str
    name: str
    roles: list[str]
    institution: str | None = Field(None, description="Erasmus code of the home institution")
    organisation: str | None = Field(
        None, description="Organisation slug, for stakeholders and external learners"
    )
    themes: list[str]
    hours_per_week: int
    bio: str
    visibility: str
    languages: list[LanguageOut]
    skills: list[SkillHeldOut]


class LanguageIn(Schema):
    language: str = Field(..., description="ISO 639-1 code, such as 'nl'")
    level: str = Field(..., description="A1, A2, B1, B2, C1, C2 or native")


class SkillHeldIn(Schema):
    uri: str = Field(..., description="ESCO skill URI")
    proficiency: int = Field(2, description="1 (basic) to 4 (expert)")


class MePatch(Schema):
    """Only the fields sent are changed; none of them may be null."""

    model_config = {"extra": "forbid"}

    name: str = Field(None, min_length=1, max_length=120)
    themes: list[str] = Field(
        None, description="Theme codes: people, businesses, nature, green, digital, ai"
    )
    hours_per_week: int = Field(None, ge=0, le=60)
    bio: str = Field(None, max_length=1000)
    visibility: Literal["public", "members", "private"] = None
    languages: list[LanguageIn] = Field(None, description="Replaces the whole list")
    skills: list[SkillHeldIn] = Field(None, description="Replaces the whole list")
    # Affiliations are granted, never set: these are named so that sending one gets a 400
    # that says what to do instead of a bare 'extra field'.
    institution: str | None = Field(
        None, description="Not accepted: request an affiliation on your profile instead"
    )
    organisation: str | None = Field(
        None, description="Not accepted: request an affiliation on your profile instead"
    )
    roles: list[str] | None = Field(
        None, description="Not accepted: request an affiliation on your profile instead"
    )


class AffiliationOut(Schema):
    id: int
    role: str
    institution: str | None = Field(None, description="Erasmus code of the institution")
    organisation: str | None = Field(None, description="Organisation slug")
    state: Literal["requested", "granted", "refused", "revoked"]
    note: str
    requested_at: str
    decided_at: str | None = None
    reason: str


class AffiliationIn(Schema):
    """Ask for a role at an institution or organisation; someone who may grants it."""

    model_config = {"extra": "forbid"}

    role: Literal["student", "learner", "lecturer", "researcher", "staff", "stakeholder",
                  "coordinator"]  # fmt: skip
    institution: str | None = Field(None, max_length=20, description="Erasmus code")
    organisation: str | None = Field(None, max_length=120, description="Organisation slug")
    note: str = Field("", max_length=500)


class ErrorOut(Schema):
    detail: str
