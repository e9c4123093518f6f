"""The skills API's schemas, each listing its fields."""

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    # The same shape as the other apps' ErrorOut, so the OpenAPI document holds one ErrorOut.
    detail: str


class SkillRefOut(Schema):
    uri: str = Field(description="ESCO skill URI.")
    label: str = Field(description="Preferred label (English).")


def _local_label():
    return Field(
        description=(
            "Preferred label in the request's language (Accept-Language), "
            "English where ESCO has none."
        )
    )


class SkillSearchItemOut(Schema):
    uri: str = Field(description="ESCO skill URI.")
    label: str = Field(description="Preferred label (English).")
    local_label: str = _local_label()
    kind: str = Field(description="skill, knowledge or transversal.")
    matched_label: str | None = Field(
        description="The label that matched the query, when it is not the preferred label."
    )
    broader: str | None = Field(description="URI of the broader skill, if it is a loaded skill.")


class SkillSearchOut(Schema):
    items: list[SkillSearchItemOut]
    count: int = Field(description="Number of items returned.")


class SkillLabelsOut(Schema):
    preferred: str | None = Field(description="Preferred label in this language.")
    alternative: list[str] = Field(description="Alternative labels in this language.")


class SkillDetailOut(Schema):
    uri: str
    label: str
    local_label: str = _local_label()
    kind: str
    reuse_level: str
    description: str
    collections: list[str] = Field(description="ESCO collections, e.g. green, digital.")
    labels: dict[str, SkillLabelsOut] = Field(description="Labels by language code.")
    broader: SkillRefOut | None
    narrower: list[SkillRefOut]
