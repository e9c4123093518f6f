"""Learning agreements as EWP omobility-las-get-response documents: produced for every
agreement the demo holds and valid against the EWP schema, read back from the EWP network's own
example, and served by the API to those who may see them."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from campus.mobility import ewp_io, selectors, services
from campus.mobility.ewp import rules
from campus.mobility.ewp import xml as ewp_xml
from campus.mobility.ewp.document import ComponentStatus
from campus.mobility.models import LearningAgreement, VersionStatus
from campus.people.models import Role
from tests.factories import InstitutionFactory, PersonFactory, RegionFactory

from .conftest import sign_all

pytestmark = pytest.mark.django_db

EXAMPLE = (
    Path(ewp_xml.__file__).parent / "schemas" / "omobility-las-get-response-example.xml"
).read_bytes()


def _proposed(agreement, by, components):
    current = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    return services.agreement_propose(
        agreement=agreement,
        by=by,
        components=components,
        based_on=current or 0,
        comment="A course was replaced." if current else "",
    )


COMPONENTS = [
    {"table": "A", "code": "LOG-301", "title": "Green logistics", "ects": "5", "term": "1/2"},
    {"table": "B", "code": "GL-1", "title": "Sustainable supply chains", "ects": "5"},
]


@pytest.fixture
def signed(agreement, student, home_coordinator, host_coordinator):
    # What EWP asks of the student beyond the account (given on the agreement).
    LearningAgreement.objects.filter(pk=agreement.pk).update(
        student_birth_date=date(2004, 3, 9), student_citizenship="BE", student_gender="2"
    )
    _proposed(agreement, student, COMPONENTS)
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
    )
    return agreement


def _document(agreement):
    return ewp_io.agreement_document(selectors.agreements_detailed_all().get(pk=agreement.pk))


def test_an_agreement_signed_by_all_three_is_its_first_version(signed, geel, porto):
    la = _document(signed)
    assert la.sending_hei.hei_id == geel.schac and la.receiving_hei.hei_id == porto.schac
    first = la.first_version
    assert [c.title for c in first.components_studied] == ["Green logistics"]
    assert first.components_studied[0].credits[0].value == Decimal("5")
    assert first.receiving_hei_signature is not None
    assert la.approved_changes is None and la.changes_proposal is None
    assert rules.problems(la) == []
    ewp_xml.validate(ewp_xml.render([la]))


def test_a_change_is_a_proposal_of_insertions_and_deletions_to_the_first_version(
    signed, student, home_coordinator
):
    changed = [COMPONENTS[0] | {"title": "Green logistics II"}, COMPONENTS[1]]
    _proposed(signed, student, changed)
    number = signed.versions.order_by("-number").first().number

    # Not in EWP until the student and the sending institution signed the proposal.
    assert _document(signed).changes_proposal is None
    for by, role in ((student, "student"), (home_coordinator, "sending")):
        services.agreement_sign(agreement=signed, by=by, version_number=number, role=role)
    proposal = _document(signed).changes_proposal
    assert {(c.title, c.status) for c in proposal.components_studied} == {
        ("Green logistics II", ComponentStatus.INSERTED),
        ("Green logistics", ComponentStatus.DELETED),
    }
    assert proposal.components_recognized == ()
    assert proposal.receiving_hei_signature is None
    assert rules.problems(_document(signed)) == []


def test_an_agreement_nobody_signed_is_not_in_ewp_yet(agreement, student):
    _proposed(agreement, student, COMPONENTS)
    with pytest.raises(ewp_io.NotInEwp):
        _document(agreement)
    assert b"<la>" not in ewp_io.agreements_xml(
        selectors.agreements_detailed_all().filter(pk=agreement.pk)
    )


def test_every_demo_agreement_that_ewp_may_show_validates(settings, tmp_path):
    from campus_demo.seed import seed

    settings.MEDIA_ROOT = tmp_path
    seed()
    agreements = list(selectors.agreements_detailed_all())
    shown = 0
    for agreement in agreements:
        try:
            la = ewp_io.agreement_document(agreement)
        except ewp_io.NotInEwp:
            assert not any(
                {"student", "sending"} <= {s.role for s in v.signatures.all()}
                for v in agreement.versions.all()
            ), agreement
            continue
        shown += 1
        assert rules.problems(la) == [], agreement
    assert shown >= 2
    data = ewp_io.agreements_xml(agreements)
    ewp_xml.validate(data)  # agreements_xml checks too; this says it plainly
    assert data.count(b"<la>") == shown


@pytest.fixture
def example_parties(db):
    oslo = InstitutionFactory(schac="uio.no", region=RegionFactory(code="NO08", country="NO"))
    warsaw = InstitutionFactory(schac="uw.edu.pl", region=RegionFactory(code="PL91", country="PL"))
    PersonFactory(email="ivan@example.com", display_name="Ivan Petrovich Sidorov")
    PersonFactory(email="anders.bardal@example.com", display_name="Anders Bardal", institution=oslo)
    return PersonFactory(
        email="pawel.kowalski@example.com",
        display_name="Paweł Tomasz Kowalski",
        institution=warsaw,
        roles=[Role.COORDINATOR],
    )


def test_the_ewp_example_imports_and_comes_back_out_with_what_the_campus_models(
    example_parties,
):
    (original,) = ewp_xml.parse(EXAMPLE)
    (agreement,) = ewp_io.agreements_import(EXAMPLE, by=example_parties)
    assert agreement.omobility_id == original.omobility_id
    assert [v.status for v in agreement.versions.order_by("number")] == [
        VersionStatus.APPROVED,
        VersionStatus.APPROVED,
        VersionStatus.PENDING,
    ]
    (back,) = ewp_xml.parse(ewp_io.agreements_xml(selectors.agreements_detailed_all()))
    assert back.omobility_id == original.omobility_id
    assert (back.sending_hei.hei_id, back.receiving_hei.hei_id) == ("uio.no", "uw.edu.pl")
    assert back.sending_hei.contact_person == original.sending_hei.contact_person
    assert back.receiving_hei.contact_person == original.receiving_hei.contact_person
    for field in ("given_names", "family_name", "birth_date", "citizenship", "gender", "email"):
        assert getattr(back.student, field) == getattr(original.student, field), field
    assert (str(back.start), str(back.end)) == ("2019-02-01", "2019-06-30")  # months as days
    assert back.receiving_academic_year_id == original.receiving_academic_year_id
    assert back.eqf_level_studied_at_departure == original.eqf_level_studied_at_departure
    assert back.isced_f_code == original.isced_f_code
    assert back.student_language_skill == original.student_language_skill

    def kept(version):  # what the campus keeps of each component
        return [
            (tag, c.title, c.los_code, c.ects, c.term_id, c.status)
            for tag, components in version.component_lists()
            for c in components or ()
        ]

    def signatures(version):
        return [
            (s.timestamp, s.signer_name, s.signer_position, s.signer_email)
            for s in (
                version.student_signature,
                version.sending_hei_signature,
                version.receiving_hei_signature,
            )
            if s is not None
        ]

    for name in ("first_version", "approved_changes", "changes_proposal"):
        mine, theirs = getattr(back, name), getattr(original, name)
        assert kept(mine) == kept(theirs), name
        assert signatures(mine) == signatures(theirs), name


def test_an_import_with_an_unknown_institution_or_by_a_stranger_saves_nothing(example_parties):
    stranger = PersonFactory(
        institution=InstitutionFactory(), roles=[Role.COORDINATOR], display_name="Stranger"
    )
    with pytest.raises(ewp_io.PermissionDenied):
        ewp_io.agreements_import(EXAMPLE, by=stranger)
    unknown = EXAMPLE.replace(b"<hei-id>uio.no</hei-id>", b"<hei-id>nowhere.example</hei-id>")
    with pytest.raises(ewp_io.ValidationError, match="nowhere.example"):
        ewp_io.agreements_import(unknown, by=example_parties)
    assert not LearningAgreement.objects.exists()


# --- the API ------------------------------------------------------------------------------------


def test_the_api_serves_one_agreement_to_its_parties_and_404_to_others(
    client, signed, student, third_coordinator, requested_coordinator
):
    url = f"/api/v1/mobility/learning-agreements/{signed.pk}/ewp"
    client.force_login(student)
    answer = client.get(url)
    assert answer.status_code == 200 and answer["content-type"].startswith("application/xml")
    (la,) = ewp_xml.parse(answer.content)
    assert la.omobility_id == signed.omobility_id
    for outsider in (third_coordinator, requested_coordinator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_api_says_409_while_ewp_may_not_show_it(client, agreement, student):
    client.force_login(student)
    answer = client.get(f"/api/v1/mobility/learning-agreements/{agreement.pk}/ewp")
    assert answer.status_code == 409 and "signed" in answer.json()["detail"]


def test_the_api_serves_several_leaving_out_what_the_caller_may_not_see(
    client, signed, student, other_student
):
    client.force_login(other_student)
    answer = client.get("/api/v1/mobility/learning-agreements/ewp", {"ids": f"{signed.pk},999"})
    assert answer.status_code == 200 and ewp_xml.parse(answer.content) == []
    client.force_login(student)
    answer = client.get("/api/v1/mobility/learning-agreements/ewp", {"ids": f"{signed.pk},999"})
    assert len(ewp_xml.parse(answer.content)) == 1
    for bad, status in (("one,two", 400), ("", 400), (",".join(["1"] * 51), 422)):
        answer = client.get("/api/v1/mobility/learning-agreements/ewp", {"ids": bad})
        assert answer.status_code == status and answer.json()["detail"]


def test_the_api_imports_a_document_and_refuses_an_invalid_one_by_its_path(client, example_parties):
    client.force_login(example_parties)
    url = "/api/v1/mobility/learning-agreements/ewp"
    broken = EXAMPLE.replace(b"<citizenship>NO</citizenship>", b"<citizenship>Norway</citizenship>")
    answer = client.post(url, broken, content_type="application/xml")
    assert answer.status_code == 400 and "citizenship" in answer.json()["detail"]
    assert not LearningAgreement.objects.exists()
    answer = client.post(url, EXAMPLE, content_type="application/xml")
    assert answer.status_code == 201, answer.json()
    assert LearningAgreement.objects.get().pk == answer.json()[0]
    again = client.post(url, EXAMPLE, content_type="application/xml")
    assert again.status_code == 422 and "already" in again.json()["detail"]
