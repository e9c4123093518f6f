"""An Outgoing Mobility Learning Agreement as EWP's omobility-las-get-response 1.2.0 holds it.

Plain frozen dataclasses, named after the schema's elements (``schemas/``; ``sending-hei``
becomes ``sending_hei``). They hold what the campus models of a learning agreement; what the
schema allows beyond that (a contact person's phone number) is not kept, so it does not survive
a round trip through :func:`campus.mobility.ewp.xml.parse` and ``render``.

Several rules of the schema live only in its documentation, not in its grammar, and so are not
checked by ``validate`` either: the student's fields are all required except inside a changes
proposal; signer name, position and e-mail are set for the HEIs' signatures but not the
student's; ``recognition-conditions`` only in recognised, virtual, blended and doctoral
components; ``status`` only on a change. The campus's services keep them.

Plain data in and out; no Django.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

ECTS = "ects"
# The lists of a ListOf_Components by element name, in the schema's order; each is the field of
# the same name with underscores ("components-studied" is ``components_studied``).
COMPONENT_LISTS = (
    "components-studied",
    "components-recognized",
    "virtual-components",
    "blended-mobility-components",
    "short-term-doctoral-components",
)


class ComponentStatus(enum.StrEnum):
    """A component's ``status``: set on a change to the first version only."""

    INSERTED = "inserted"
    DELETED = "deleted"


class ReasonCode(enum.StrEnum):
    """A change's ``reason-code`` (the EUC template's reasons); deletions and insertions apart."""

    # for a deleted component
    NOT_AVAILABLE = "not-available"
    LANGUAGE_MISMATCH = "language-mismatch"
    TIMETABLE_CONFLICT = "timetable-conflict"
    # for an inserted component
    SUBSTITUTING_DELETED = "substituting-deleted"
    EXTENDING_MOBILITY = "extending-mobility"
    ADDING_VIRTUAL_COMPONENT = "adding-virtual-component"


class Gender(enum.IntEnum):
    """ISO/IEC 5218, as ``ewp:Gender``."""

    NOT_KNOWN = 0
    MALE = 1
    FEMALE = 2
    NOT_APPLICABLE = 9


@dataclass(frozen=True, kw_only=True)
class YearMonth:
    """An ``xs:gYearMonth``: the schema lets a mobility start or end in a month, day unknown."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, kw_only=True)
class ContactPerson:
    given_names: str
    family_name: str
    email: str


@dataclass(frozen=True, kw_only=True)
class MobilityInstitution:
    """``sending-hei`` or ``receiving-hei``: the institution by its SCHAC code."""

    hei_id: str
    contact_person: ContactPerson
    ounit_name: str | None = None  # the schema's documentation requires it of the sending HEI
    ounit_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Student:
    """``student``: every field is optional only inside a changes proposal (the changed ones)."""

    given_names: str | None = None
    family_name: str | None = None
    global_id: str | None = None  # European Student Identifier
    birth_date: date | None = None
    citizenship: str | None = None  # ISO 3166-1 alpha-2
    gender: Gender | None = None
    email: str | None = None


@dataclass(frozen=True, kw_only=True)
class LanguageSkill:
    """``student-language-skill``: the main language of instruction and the student's level."""

    language: str  # BCP 47
    cefr_level: str  # A1..C2, or NS (native speaker)


@dataclass(frozen=True, kw_only=True)
class TermId:
    """``trm:TermId``: term ``term_number`` of ``total_terms`` in the academic year."""

    term_number: int
    total_terms: int


@dataclass(frozen=True, kw_only=True)
class Credit:
    scheme: str
    value: Decimal


@dataclass(frozen=True, kw_only=True)
class Component:
    """``component``: one line of tables A, B or C of the learning agreement."""

    title: str
    los_id: str | None = None  # the owner's Courses API id, "CR/..."
    los_code: str | None = None  # the code shown to people
    loi_id: str | None = None  # "CRI/..."
    term_id: TermId | None = None
    credits: tuple[Credit, ...] = ()
    recognition_conditions: str | None = None
    short_description: str | None = None
    status: ComponentStatus | None = None
    reason_code: ReasonCode | None = None
    reason_text: str | None = None

    @property
    def ects(self) -> Decimal | None:
        """The ECTS credits of this component, or None when it carries none."""
        return next((c.value for c in self.credits if c.scheme == ECTS), None)


@dataclass(frozen=True, kw_only=True)
class Signature:
    """A party's approval of one version; signer name, position and e-mail not for the student."""

    timestamp: datetime
    signer_name: str | None = None
    signer_position: str | None = None
    signer_email: str | None = None
    signer_app: str | None = None


@dataclass(frozen=True, kw_only=True)
class ListOfComponents:
    """``ListOf_Components``: one version of the tables, with its signatures.

    A version exists in EWP only once the student and the sending HEI have signed it; the
    receiving HEI's signature may be missing only in a changes proposal.
    """

    student_signature: Signature
    sending_hei_signature: Signature
    receiving_hei_signature: Signature | None = None
    # None: the element is absent; (): present and empty (<components-recognized/>)
    components_studied: tuple[Component, ...] | None = None
    components_recognized: tuple[Component, ...] | None = None
    virtual_components: tuple[Component, ...] | None = None
    blended_mobility_components: tuple[Component, ...] | None = None
    short_term_doctoral_components: tuple[Component, ...] | None = None

    def component_lists(self) -> list[tuple[str, tuple[Component, ...] | None]]:
        """Each list of components with its element name, in the schema's order."""
        return [(tag, getattr(self, tag.replace("-", "_"))) for tag in COMPONENT_LISTS]


@dataclass(frozen=True, kw_only=True)
class ChangesProposal(ListOfComponents):
    """``changes-proposal``: the first version before it is agreed, or the changes to it.

    ``id`` names this exact content; :func:`campus.mobility.ewp.xml.changes_proposal_id`
    computes one. ``student`` holds only the student's data that changed since the receiving
    HEI last approved.
    """

    id: str
    student: Student | None = None


@dataclass(frozen=True, kw_only=True)
class LearningAgreement:
    """``la``: one mobility's learning agreement, every version of it that EWP exposes.

    ``start`` and ``end`` are a ``date`` (``start-date``) or a :class:`YearMonth`
    (``start-year-month``). Without ``first_version`` there must be a ``changes_proposal``.
    """

    omobility_id: str
    sending_hei: MobilityInstitution
    receiving_hei: MobilityInstitution
    receiving_academic_year_id: str  # "2026/2027", at the receiving HEI
    student: Student
    start: date | YearMonth
    end: date | YearMonth
    eqf_level_studied_at_departure: int  # 1..8
    isced_f_code: str
    student_language_skill: LanguageSkill
    isced_clarification: str | None = None
    first_version: ListOfComponents | None = None
    approved_changes: ListOfComponents | None = None
    changes_proposal: ChangesProposal | None = None
    learning_outcomes_url: str | None = None
    provisions_url: str | None = None
