"""The schema's documented rules that its grammar cannot say, checked on the campus's documents."""

from dataclasses import replace

import pytest

from campus.mobility.ewp import rules
from campus.mobility.ewp import xml as ewp_xml
from campus.mobility.ewp.document import ComponentStatus, ReasonCode, Student
from tests.mobility.ewp.samples import (
    agreement,
    campus_documents,
    every_kind_first_version,
    pending_proposal,
    semester_first_version,
)

EXAMPLE = (ewp_xml.SCHEMA_DIR / "omobility-las-get-response-example.xml").read_bytes()


def test_the_example_and_the_campus_documents_keep_every_rule():
    for document in [*ewp_xml.parse(EXAMPLE), *campus_documents()]:
        assert rules.problems(document) == [], document.omobility_id


def with_first_version(**changes):
    return agreement(first_version=replace(every_kind_first_version(), **changes))


def first_studied(**changes):
    studied = every_kind_first_version().components_studied[0]
    return with_first_version(components_studied=(replace(studied, **changes),))


def proposing(**changes):
    return agreement(
        first_version=semester_first_version(),
        changes_proposal=replace(pending_proposal(), **changes),
    )


BROKEN = {
    "student": (
        agreement(student=Student(given_names="Maria", family_name="Silva")),
        "student: birth-date, citizenship, gender, email must be given outside a changes proposal",
    ),
    "ounit": (
        agreement(sending_hei=replace(agreement().sending_hei, ounit_name=None)),
        "sending-hei: ounit-name must be given for the sending HEI",
    ),
    "no version": (
        agreement(first_version=None),
        "la: a first-version or a changes-proposal must be given",
    ),
    "unsigned first version": (
        with_first_version(receiving_hei_signature=None),
        "first-version: the receiving HEI's signature must be given",
    ),
    "anonymous coordinator": (
        with_first_version(
            sending_hei_signature=replace(
                every_kind_first_version().sending_hei_signature, signer_position=None
            )
        ),
        "first-version/sending-hei-signature: signer-name, signer-position and signer-email "
        "must be set",
    ),
    "status on the first version": (
        first_studied(status=ComponentStatus.INSERTED),
        "first-version/components-studied/component[1]: only a change to the first version "
        "has a status",
    ),
    "change without status": (
        proposing(components_studied=(semester_first_version().components_studied[0],)),
        "changes-proposal/components-studied/component[1]: a change must have a status "
        "(inserted or deleted)",
    ),
    "reason of the other kind": (
        proposing(
            components_studied=(
                replace(
                    pending_proposal().components_studied[0],
                    reason_code=ReasonCode.EXTENDING_MOBILITY,
                ),
            )
        ),
        "changes-proposal/components-studied/component[1]: reason-code extending-mobility is "
        "not for a deleted component",
    ),
    "studied without a term": (
        first_studied(term_id=None),
        "first-version/components-studied/component[1]: term-id must be given",
    ),
    "conditions on a studied component": (
        first_studied(recognition_conditions="If passed."),
        "first-version/components-studied/component[1]: recognition-conditions must not be "
        "given for a component studied",
    ),
    "described studied component": (
        first_studied(short_description="A course."),
        "first-version/components-studied/component[1]: short-description is only for "
        "virtual, blended and doctoral components",
    ),
    "undescribed virtual component": (
        with_first_version(
            virtual_components=(
                replace(every_kind_first_version().virtual_components[0], short_description=None),
            )
        ),
        "first-version/virtual-components/component[1]: a virtual component needs a "
        "short-description",
    ),
    "empty blended list": (
        with_first_version(blended_mobility_components=()),
        "first-version/blended-mobility-components: must hold at least one component when present",
    ),
    "undescribed blended list": (
        with_first_version(
            blended_mobility_components=(
                replace(
                    every_kind_first_version().blended_mobility_components[0],
                    short_description=None,
                ),
            )
        ),
        "first-version/blended-mobility-components: at least one component needs a "
        "short-description",
    ),
    "changing a blended mobility": (
        agreement(changes_proposal=pending_proposal()),
        "changes-proposal: a blended or short-term doctoral mobility must not change after its "
        "first version is agreed",
    ),
}


@pytest.mark.parametrize(("document", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_rule_is_named_with_where_it_is_broken(document, problem):
    assert rules.problems(document) == [problem]
    ewp_xml.validate(ewp_xml.render([document]))  # each is valid for the grammar alone
