"""API schemas of the alliance: what goes out, field by field."""

import datetime

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str


class InstitutionOut(Schema):
    code: str = Field(..., description="Erasmus institution code, as the official list writes it")
    other_codes: list[str] = Field(..., description="Further Erasmus codes of the institution")
    name: str = Field(..., description="Name in English")
    short_name: str
    local_name: str
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    city: str
    region: str = Field(..., description="NUTS 2024 code of the institution's region")
    lat: float = Field(..., description="Latitude, WGS84")
    lon: float = Field(..., description="Longitude, WGS84")
    schac: str = Field(..., description="SCHAC home-organisation domain")
    website: str
    languages: list[str] = Field(..., description="Main teaching languages, ISO 639-1")

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str = Field(..., description="sme, large, public, civil, ngo, research or other")
    region: str = Field(..., description="NUTS code")
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    website: str
    partner_institution: str | None = Field(
        None, description="Erasmus code of the partner institution it works with most closely"
    )

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.region.country

    @staticmethod
    def resolve_partner_institution(obj) -> str | None:
        return obj.partner_institution.code if obj.partner_institution else None


class OrganisationPageOut(Schema):
    items: list[OrganisationOut]
    count: int = Field(..., description="How many organisations match, over all pages")


class BodyMemberOut(Schema):
    name: str
    role: str = Field(..., description="chair, vice_chair, secretary, member or observer")
    institution: str | None = Field(None, description="Erasmus code of the home institution")
    since: datetime.date

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.display_name

    @staticmethod
    def resolve_institution(obj) -> str | None:
        return obj.person.institution.code if obj.person.institution else None

    @staticmethod
    def resolve_since(obj) -> datetime.date:
        return obj.start


class GovernanceBodyOut(Schema):
    slug: str
    name: str
    kind: str = Field(..., description="board, academic, students, stakeholders, working or other")
    description: str
    members: list[BodyMemberOut] = Field(..., description="Who sits in the body today")

    @staticmethod
    def resolve_members(obj) -> list:
        return obj.current_memberships
