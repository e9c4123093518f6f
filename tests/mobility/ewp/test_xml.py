"""EWP omobility-las-get-response: the shipped example, the campus's own documents, bad ones."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from campus.mobility.ewp import xml as ewp_xml
from campus.mobility.ewp.document import (
    ComponentStatus,
    Credit,
    Gender,
    ReasonCode,
    Student,
    YearMonth,
)
from campus.mobility.ewp.xml import EwpXmlInvalid, changes_proposal_id, parse, render, validate
from tests.mobility.ewp.samples import (
    agreement,
    campus_documents,
    every_kind_first_version,
    pending_proposal,
)

EXAMPLE = (ewp_xml.SCHEMA_DIR / "omobility-las-get-response-example.xml").read_bytes()


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(EwpXmlInvalid) as caught:
        validate(data)
    return [str(problem) for problem in caught.value.problems]


def test_the_shipped_example_validates():
    validate(EXAMPLE)


def test_the_example_reads_as_the_learning_agreement_it_describes():
    [la] = parse(EXAMPLE)

    assert la.omobility_id == "c442c289-5541-4cae-9edb-8ad83e133613"
    assert (la.sending_hei.hei_id, la.receiving_hei.hei_id) == ("uio.no", "uw.edu.pl")
    assert la.receiving_hei.contact_person.given_names == "Paweł Tomasz"
    assert la.student.gender is Gender.MALE
    assert la.student.birth_date == date(1997, 5, 5)
    assert (la.start, la.end) == (YearMonth(year=2019, month=2), YearMonth(year=2019, month=6))
    assert (la.student_language_skill.language, la.student_language_skill.cefr_level) == (
        "en",
        "B2",
    )
    recognized = la.first_version.components_recognized
    assert [(c.title, c.ects) for c in recognized] == [
        ("Calculus", Decimal(5)),
        ("Algebra with Geometry", Decimal(4)),
    ]
    assert recognized[0].los_id == "CR/8f0d7dad-2bb6-d401-48c3-c7e0baf03efb"
    assert recognized[0].term_id.term_number == 2
    assert la.first_version.virtual_components is None
    receiving = la.first_version.receiving_hei_signature
    assert (receiving.signer_name, receiving.signer_app) == ("Paweł Tomasz Kowalski", "USOS")
    assert receiving.timestamp == datetime(
        2018, 11, 14, 8, 18, 19, tzinfo=timezone(timedelta(hours=2))
    )
    [inserted] = la.approved_changes.components_studied
    assert (inserted.los_code, inserted.status, inserted.reason_code) == (
        "KR502B",
        ComponentStatus.INSERTED,
        ReasonCode.EXTENDING_MOBILITY,
    )
    proposal = la.changes_proposal
    assert proposal.id == "59B15BAF222F868493C167125FA32452E946"
    assert [c.status for c in proposal.components_studied] == ["inserted", "deleted"]
    assert proposal.components_recognized == ()  # present and empty, not absent
    assert proposal.receiving_hei_signature is None
    assert proposal.student == Student(family_name="Karamazov")


def test_the_example_survives_a_round_trip():
    documents = parse(EXAMPLE)

    again = render(documents)

    validate(again)
    assert parse(again) == documents


def test_campus_documents_with_every_kind_of_component_validate_and_round_trip():
    documents = campus_documents()

    data = render(documents)

    validate(data)
    assert parse(data) == documents
    assert data.count(b"<receiving-hei-signature>") == 2  # not in the pending proposals
    assert b"<start-date>2027-04-05</start-date>" in data
    assert b"<start-year-month>2027-09</start-year-month>" in data


def test_an_empty_response_is_valid():
    assert parse(render([])) == []


def test_credits_never_render_in_exponent_form():
    component = replace(
        every_kind_first_version().components_studied[0],
        credits=(Credit(scheme="ects", value=Decimal("1E+1")),),
    )
    version = replace(every_kind_first_version(), components_studied=(component,))

    data = render([agreement(first_version=version)])

    validate(data)
    assert b"<value>10</value>" in data


def test_an_element_out_of_place_is_rejected_with_its_path():
    year = b"<receiving-academic-year-id>2018/2019</receiving-academic-year-id>"
    moved = EXAMPLE.replace(year, b"").replace(b"<start-year-month>", year + b"<start-year-month>")

    [problem] = problems_of(moved)

    assert problem.startswith("/omobility-las-get-response/la/student: ")
    assert "'receiving-academic-year-id' expected" in problem


def test_a_missing_required_element_is_rejected_with_its_path():
    missing = EXAMPLE.replace(b"<email>pawel.kowalski@example.com</email>", b"")

    assert problems_of(missing) == [
        "/omobility-las-get-response/la/receiving-hei/contact-person: The content of element "
        "'contact-person' is not complete. Tag 'email' expected."
    ]


def test_the_path_numbers_the_agreement_and_the_component_that_are_wrong():
    first_version = every_kind_first_version()
    twice = replace(first_version, components_studied=first_version.components_studied * 2)
    stateless = replace(agreement().student, citizenship="Portugal")
    data = render([agreement(), agreement(student=stateless), agreement(first_version=twice)])
    # the second studied component of the third agreement gets an element it may not have
    last = data.rindex(b"<title>Flood risk in small towns</title>")
    data = data[:last] + b"<bogus/>" + data[last:]

    assert problems_of(data) == [
        "/omobility-las-get-response/la[2]/student/citizenship: value doesn't match any "
        "pattern of ['[A-Z][A-Z]']",
        "/omobility-las-get-response/la[3]/first-version/components-studied/component[2]/bogus: "
        "Unexpected child with tag 'bogus' at position 2. Tag 'title' expected.",
    ]


def test_parse_refuses_a_document_that_does_not_validate():
    with pytest.raises(EwpXmlInvalid, match="/student/gender: value must be one of"):
        parse(EXAMPLE.replace(b"<gender>1</gender>", b"<gender>5</gender>"))


def test_another_root_element_is_rejected():
    with pytest.raises(EwpXmlInvalid, match="not an element of the schema"):
        validate(b'<la xmlns="' + ewp_xml.NAMESPACE.encode() + b'"/>')


def test_a_value_the_schema_allows_but_a_date_cannot_hold_is_rejected_with_its_path():
    late = EXAMPLE.replace(b"2019-03-12T13:41:58+02:00", b"2019-03-12T24:00:00Z")

    with pytest.raises(EwpXmlInvalid, match="/la/changes-proposal/student-signature/timestamp: "):
        parse(late)


def test_a_date_with_a_time_zone_reads_as_that_date():
    [la] = parse(EXAMPLE.replace(b"1997-05-05", b"1997-05-05+02:00"))

    assert la.student.birth_date == date(1997, 5, 5)


def test_the_changes_proposal_id_follows_its_content_only():
    proposal = pending_proposal()
    same_content = replace(proposal, id="anything else")
    changed = replace(proposal, student=Student(family_name="Silva Costa"))
    one_space_more = replace(proposal, student=Student(family_name="Silva Santos "))

    assert changes_proposal_id(proposal) == changes_proposal_id(same_content)
    assert changes_proposal_id(proposal) != changes_proposal_id(changed)
    assert changes_proposal_id(proposal) != changes_proposal_id(one_space_more)
    assert changes_proposal_id(replace(proposal, id=changes_proposal_id(proposal))) == (
        changes_proposal_id(proposal)
    )


def test_the_component_knows_its_ects():
    assert every_kind_first_version().components_recognized[0].ects == Decimal("7.5")
    assert replace(every_kind_first_version().components_studied[0], credits=()).ects is None


def test_characters_xml_cannot_hold_become_replacement_characters():
    studied = every_kind_first_version().components_studied[0]
    pasted = replace(studied, title="Flood\x00 risk\x0b \ud800")
    document = agreement(
        first_version=replace(every_kind_first_version(), components_studied=(pasted,))
    )

    data = render([document])

    validate(data)
    [read] = parse(data)
    assert read.first_version.components_studied[0].title == "Flood\ufffd risk\ufffd \ufffd"
