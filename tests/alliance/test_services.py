import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.alliance import services
from campus.alliance.models import (
    GovernanceBody,
    GovernanceBodyKind,
    Institution,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
)
from campus.people.models import Role
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2025, 1, 1)


@pytest.fixture
def body(admin_person):
    return services.governance_body_create(
        by=admin_person, name="Alliance Board", kind=GovernanceBodyKind.BOARD
    )


# --- institutions: who may change what -------------------------------------------------------


def test_admin_may_update_any_institution(admin_person, institution):
    services.institution_update(institution=institution, by=admin_person, city="Mol")

    institution.refresh_from_db()
    assert institution.city == "Mol"


def test_coordinator_may_update_own_institution(coordinator, institution):
    services.institution_update(
        institution=institution, by=coordinator, website="https://x.example"
    )

    institution.refresh_from_db()
    assert institution.website == "https://x.example"


def test_coordinator_may_not_update_another_institution(coordinator):
    other = InstitutionFactory(city="Mechelen")

    with pytest.raises(PermissionDenied):
        services.institution_update(institution=other, by=coordinator, city="Lier")

    other.refresh_from_db()
    assert other.city == "Mechelen"


def test_student_may_not_update_own_institution(student, institution):
    with pytest.raises(PermissionDenied):
        services.institution_update(institution=institution, by=student, city="Lier")


def test_anonymous_may_not_update_an_institution(institution):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.institution_update(institution=institution, by=AnonymousUser(), city="Lier")


def test_institution_update_rejects_unknown_fields(admin_person, institution):
    with pytest.raises(ValidationError, match="cannot be changed here: colour"):
        services.institution_update(institution=institution, by=admin_person, colour="red")


def test_institution_update_rejects_bad_languages(admin_person, institution):
    with pytest.raises(ValidationError) as caught:
        services.institution_update(institution=institution, by=admin_person, languages=["Dutch"])

    assert "languages" in caught.value.message_dict
    institution.refresh_from_db()
    assert institution.languages == ["nl", "en"]


def test_institution_update_keeps_the_normalised_code_key(admin_person, institution):
    services.institution_update(institution=institution, by=admin_person, code="B   NEW01")

    assert Institution.objects.get(pk=institution.pk).code_key == "B NEW01"


def test_institution_codes_that_differ_only_in_spaces_clash(admin_person, institution):
    other = InstitutionFactory()

    with pytest.raises(ValidationError):
        services.institution_update(
            institution=other, by=admin_person, code=institution.code.replace("  ", " ")
        )


# --- organisations ---------------------------------------------------------------------------


def test_admin_creates_an_organisation_with_a_unique_slug(admin_person):
    region = RegionFactory()
    OrganisationFactory(name="Geel Makers", slug="geel-makers")

    made = services.organisation_create(
        by=admin_person, name="Geel Makers", type=OrganisationType.SME, region=region
    )

    assert made.slug == "geel-makers-2"
    assert Organisation.objects.filter(name="Geel Makers").count() == 2


def test_coordinator_may_not_create_an_organisation(coordinator):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            by=coordinator, name="Geel Makers", type=OrganisationType.SME, region=RegionFactory()
        )

    assert not Organisation.objects.exists()


def test_organisation_create_rejects_an_unknown_type(admin_person):
    with pytest.raises(ValidationError, match="Unknown organisation type “bakery”"):
        services.organisation_create(
            by=admin_person, name="Bakker Jan", type="bakery", region=RegionFactory()
        )

    assert not Organisation.objects.exists()


def test_organisation_create_rejects_a_bad_website(admin_person):
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(
            by=admin_person,
            name="Bakker Jan",
            type=OrganisationType.SME,
            region=RegionFactory(),
            website="not a url",
        )

    assert "website" in caught.value.message_dict


def test_organisation_update_keeps_the_slug(admin_person):
    organisation = OrganisationFactory(name="Old", slug="old")

    services.organisation_update(organisation=organisation, by=admin_person, name="New")

    organisation.refresh_from_db()
    assert (organisation.name, organisation.slug) == ("New", "old")


def test_coordinator_may_not_change_or_delete_organisations(coordinator, institution):
    organisation = OrganisationFactory(partner_institution=institution)

    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=organisation, by=coordinator, name="Mine")
    with pytest.raises(PermissionDenied):
        services.organisation_delete(organisation=organisation, by=coordinator)

    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_admin_deletes_an_organisation_and_its_people_stay(admin_person):
    organisation = OrganisationFactory()
    person = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])

    services.organisation_delete(organisation=organisation, by=admin_person)

    person.refresh_from_db()
    assert person.organisation is None
    assert not Organisation.objects.exists()


# --- governance ------------------------------------------------------------------------------


def test_governance_body_create_is_admin_only(coordinator):
    with pytest.raises(PermissionDenied):
        services.governance_body_create(by=coordinator, name="Board", kind=GovernanceBodyKind.BOARD)


def test_governance_body_create_rejects_an_unknown_kind(admin_person):
    with pytest.raises(ValidationError, match="Unknown kind of body"):
        services.governance_body_create(by=admin_person, name="Board", kind="senate")

    assert not GovernanceBody.objects.exists()


def test_membership_add_and_end(admin_person, body):
    person = PersonFactory()

    seat = services.membership_add(
        body=body, person=person, role=MembershipRole.CHAIR, start=JAN_1, by=admin_person
    )
    services.membership_end(membership=seat, end=datetime.date(2025, 12, 31), by=admin_person)

    seat.refresh_from_db()
    assert seat.end == datetime.date(2025, 12, 31)


def test_membership_ending_before_it_starts_is_rejected_and_nothing_written(admin_person, body):
    with pytest.raises(ValidationError) as caught:
        services.membership_add(
            body=body,
            person=PersonFactory(),
            role=MembershipRole.MEMBER,
            start=JAN_1,
            end=datetime.date(2024, 12, 31),
            by=admin_person,
        )

    assert (
        "cannot end (2024-12-31) before it starts (2025-01-01)"
        in caught.value.message_dict["end"][0]
    )
    assert not Membership.objects.exists()


def test_membership_end_before_start_is_rejected(admin_person, body):
    seat = services.membership_add(
        body=body, person=PersonFactory(), role=MembershipRole.MEMBER, start=JAN_1, by=admin_person
    )

    with pytest.raises(ValidationError):
        services.membership_end(membership=seat, end=datetime.date(2024, 6, 1), by=admin_person)

    assert Membership.objects.get(pk=seat.pk).end is None


def test_membership_rejects_an_overlapping_seat(admin_person, body):
    person = PersonFactory()
    services.membership_add(
        body=body, person=person, role=MembershipRole.MEMBER, start=JAN_1, by=admin_person
    )

    with pytest.raises(ValidationError, match="already holds a seat"):
        services.membership_add(
            body=body,
            person=person,
            role=MembershipRole.CHAIR,
            start=datetime.date(2025, 6, 1),
            by=admin_person,
        )

    assert Membership.objects.count() == 1


def test_membership_rejects_an_unknown_role(admin_person, body):
    with pytest.raises(ValidationError, match="Unknown role"):
        services.membership_add(
            body=body, person=PersonFactory(), role="king", start=JAN_1, by=admin_person
        )


def test_membership_add_is_admin_only(coordinator, body):
    with pytest.raises(PermissionDenied):
        services.membership_add(
            body=body, person=coordinator, role=MembershipRole.MEMBER, start=JAN_1, by=coordinator
        )

    assert not Membership.objects.exists()
