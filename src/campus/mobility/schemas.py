"""Schemas of the mobility API: opportunities, applications and learning agreements (with
every version, component and signature, and what the EWP document needs)."""

import datetime

from ninja import Field, Schema


class InstitutionRefOut(Schema):
    code: str = Field(description="Erasmus code")
    hei_id: str = Field(description="SCHAC code, the institution's EWP hei-id")
    name: str


class OpportunityOut(Schema):
    id: int
    kind: str = Field(description="semester, short_term, virtual, bip or staff")
    title: str
    description: str
    host: InstitutionRefOut
    starts_on: datetime.date
    ends_on: datetime.date
    physical_starts_on: datetime.date | None = Field(
        None, description="A blended intensive programme's physical phase"
    )
    physical_ends_on: datetime.date | None = None
    virtual_component: str
    places: int
    language: str = Field(description="ISO 639-1")
    language_level: str = Field(description="CEFR level required; empty: none")
    eqf_levels: list[int] = Field(description="Eligible study levels; empty: all")
    isced_fields: list[str] = Field(description="Eligible ISCED-F fields; empty: all")
    courses: list[str] = Field(description="Codes of the linked catalogue courses")
    application_deadline: datetime.date


class ApplicationIn(Schema):
    opportunity_id: int
    motivation: str = Field(max_length=4000)
    language: str = Field(max_length=3, description="ISO 639-1 code of the language evidence")
    language_level: str = Field(max_length=6, description="CEFR level: A1 … C2 or native")


class NominateIn(Schema):
    nominate: bool = True
    reason: str = Field("", max_length=1000, description="Required when not nominating")


class DecideIn(Schema):
    accept: bool
    reason: str = Field("", max_length=1000, description="Required when declining")
    starts_on: datetime.date | None = Field(None, description="Default: the opportunity's")
    ends_on: datetime.date | None = None


class ApplicationOut(Schema):
    id: int
    opportunity_id: int
    opportunity: str
    person: str
    home: InstitutionRefOut
    motivation: str
    language: str
    language_level: str
    state: str = Field(
        description="submitted, nominated, not_nominated, accepted, declined or withdrawn"
    )
    nomination_reason: str
    decision_reason: str
    learning_agreement_id: int | None
    created_at: datetime.datetime


class ComponentIn(Schema):
    table: str = Field(
        max_length=1,
        description="A: studied at the receiving institution, B: recognised at home, "
        "C: virtual, D: blended",
    )
    code: str = Field("", max_length=40)
    title: str = Field(max_length=200)
    term: str = Field("", max_length=60)
    ects: float = Field(ge=0, le=60)
    course: int | None = Field(None, description="Catalogue course id")
    run: int | None = Field(None, description="Catalogue run id")
    recognition_conditions: str = Field("", max_length=500)


class ComponentOut(ComponentIn):
    course_code: str | None = None


class SignatureOut(Schema):
    role: str = Field(description="student, sending or receiving")
    name: str
    position: str
    email: str
    signed_at: datetime.datetime


class VersionOut(Schema):
    number: int
    kind: str = Field(description="first or changes")
    status: str = Field(description="pending, approved or superseded")
    comment: str
    created_at: datetime.datetime
    approved_at: datetime.datetime | None
    components: list[ComponentOut]
    signatures: list[SignatureOut]
    missing_signatures: list[str]


class ContactOut(Schema):
    name: str
    email: str


class StudentOut(Schema):
    given_names: str
    family_name: str
    email: str
    birth_date: datetime.date | None
    citizenship: str = Field(description="ISO 3166-1 alpha-2; empty when not given")
    gender: str = Field(description="ISO 5218; empty when not given")


class AgreementOut(Schema):
    id: int
    opportunity_id: int | None
    student: StudentOut
    eqf_level: int
    isced_field: str
    sending: InstitutionRefOut
    receiving: InstitutionRefOut
    sending_contact: ContactOut | None
    receiving_contact: ContactOut | None
    starts_on: datetime.date
    ends_on: datetime.date
    language: str
    language_level: str
    current_version: int = Field(description="The version a signature is for; 0: none yet")
    my_signing_roles: list[str] = Field(description="The parts the caller may sign")
    recognised: bool
    travel_mode: str = Field(
        description="How the mobility travels: plane, train, bus, car_share or car; empty: "
        "not declared (the usual way is assumed, plane or car by distance)"
    )
    versions: list[VersionOut]


class AgreementRefOut(Schema):
    id: int
    student: str
    sending: str = Field(description="Erasmus code")
    receiving: str = Field(description="Erasmus code")
    starts_on: datetime.date
    ends_on: datetime.date


class ProposeIn(Schema):
    based_on: int = Field(
        ge=0, description="The version number the change was made from (0: there is none)"
    )
    comment: str = Field("", max_length=1000, description="Why; required after version 1")
    components: list[ComponentIn] = Field(max_length=40)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class SignIn(Schema):
    version: int = Field(ge=1, description="The version number the signer read")
    role: str = Field(description="student, sending or receiving")
    position: str = Field("", max_length=120)


class TravelIn(Schema):
    mode: str = Field(
        max_length=12,
        description="plane, train, bus, car_share or car; empty clears it (not declared)",
    )
