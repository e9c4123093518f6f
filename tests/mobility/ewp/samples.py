"""Learning agreements built as the campus would build them, for the EWP tests."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from campus.mobility.ewp.document import (
    ChangesProposal,
    Component,
    ComponentStatus,
    ContactPerson,
    Credit,
    Gender,
    LanguageSkill,
    LearningAgreement,
    ListOfComponents,
    MobilityInstitution,
    ReasonCode,
    Signature,
    Student,
    TermId,
    YearMonth,
)

SPRING = TermId(term_number=2, total_terms=2)


def ects(value: str) -> tuple[Credit, ...]:
    return (Credit(scheme="ects", value=Decimal(value)),)


def signed(day: int, *, by: str | None = None, position: str | None = None) -> Signature:
    """A signature on ``day`` of March 2027; the student's carries no name, the HEIs' do."""
    return Signature(
        timestamp=datetime(2027, 3, day, 10, 30, tzinfo=UTC),
        signer_name=by,
        signer_position=position,
        signer_email=None if by is None else f"{by.split()[0].lower()}@example.org",
        signer_app="HEROES Virtual Campus",
    )


STUDENT_SIGNS = signed(1)
SENDING_SIGNS = signed(2, by="Ana Pereira", position="Mobility coordinator")
RECEIVING_SIGNS = signed(3, by="Jonas Berg", position="International office")


def semester_first_version() -> ListOfComponents:
    """Tables A, B and C of a semester exchange, signed by all three parties."""
    every_kind = every_kind_first_version()
    return replace(
        every_kind, blended_mobility_components=None, short_term_doctoral_components=None
    )


def every_kind_first_version() -> ListOfComponents:
    """Every kind of component the schema has, all signed (the schema allows them together)."""
    return ListOfComponents(
        components_studied=(
            Component(
                los_code="WAT-301",
                title="Flood risk in small towns",
                term_id=SPRING,
                credits=ects("5"),
            ),
        ),
        components_recognized=(
            Component(
                los_id="CR/water-management-2",
                los_code="WM2",
                title="Water management II",
                loi_id="CRI/water-management-2-2027",
                term_id=SPRING,
                credits=ects("7.5"),
                recognition_conditions="Recognised when the project report is passed.",
            ),
        ),
        virtual_components=(
            Component(
                title="Online seminar: climate adaptation",
                credits=ects("1.5"),
                short_description="Six weekly online seminars before the physical week.",
            ),
        ),
        blended_mobility_components=(
            Component(
                title="Field week in Aalborg",
                credits=ects("3"),
                short_description="Five days on site with the partner municipality.",
            ),
        ),
        short_term_doctoral_components=(
            Component(
                los_code="PHD-9",
                title="Doctoral summer school",
                term_id=SPRING,
                credits=(*ects("2"), Credit(scheme="hours", value=Decimal("60"))),
            ),
        ),
        student_signature=STUDENT_SIGNS,
        sending_hei_signature=SENDING_SIGNS,
        receiving_hei_signature=RECEIVING_SIGNS,
    )


def pending_proposal() -> ChangesProposal:
    """A change the student and the sending HEI signed; the receiving HEI has not yet."""
    return ChangesProposal(
        id="proposal-2",
        components_studied=(
            Component(
                title="Flood risk in small towns",
                term_id=SPRING,
                credits=ects("5"),
                status=ComponentStatus.DELETED,
                reason_code=ReasonCode.TIMETABLE_CONFLICT,
            ),
            Component(
                title="Urban drainage",
                term_id=SPRING,
                credits=ects("5"),
                status=ComponentStatus.INSERTED,
                reason_code=ReasonCode.SUBSTITUTING_DELETED,
                reason_text="Replaces the course that clashes with the field week.",
            ),
        ),
        student_signature=signed(10),
        sending_hei_signature=signed(11, by="Ana Pereira", position="Mobility coordinator"),
        receiving_hei_signature=None,
        student=Student(family_name="Silva Santos"),
    )


def agreement(**changes) -> LearningAgreement:
    """A learning agreement between two alliance partners, signed by all three parties."""
    base = LearningAgreement(
        omobility_id="heroes-la-42",
        sending_hei=MobilityInstitution(
            hei_id="ipleiria.pt",
            ounit_name="School of Technology and Management",
            ounit_id="ESTG",
            contact_person=ContactPerson(
                given_names="Ana", family_name="Pereira", email="ana@example.org"
            ),
        ),
        receiving_hei=MobilityInstitution(
            hei_id="aau.dk",
            contact_person=ContactPerson(
                given_names="Jonas", family_name="Berg", email="jonas@example.org"
            ),
        ),
        receiving_academic_year_id="2026/2027",
        student=Student(
            given_names="Maria",
            family_name="Silva",
            birth_date=date(2004, 7, 14),
            citizenship="PT",
            gender=Gender.FEMALE,
            email="student@example.org",
        ),
        start=date(2027, 4, 5),
        end=date(2027, 4, 30),
        eqf_level_studied_at_departure=6,
        isced_f_code="0532",
        student_language_skill=LanguageSkill(language="en", cefr_level="B2"),
        first_version=every_kind_first_version(),
    )
    return replace(base, **changes)


def campus_documents() -> list[LearningAgreement]:
    """Signed by all; with a change pending the receiving HEI; a first version being proposed."""
    signed_by_all = agreement()
    proposed_change = agreement(
        omobility_id="heroes-la-43",
        first_version=semester_first_version(),
        changes_proposal=pending_proposal(),
    )
    first_version_pending = agreement(
        omobility_id="heroes-la-44",
        first_version=None,
        start=YearMonth(year=2027, month=9),
        end=YearMonth(year=2028, month=1),
        changes_proposal=replace(
            pending_proposal(),
            components_studied=every_kind_first_version().components_studied,
            student=None,
        ),
    )
    return [signed_by_all, proposed_change, first_version_pending]
