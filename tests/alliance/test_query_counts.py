"""The number of queries of each list stays the same however many rows there are."""

import datetime

import pytest
from django.urls import reverse

from campus.alliance import selectors, services
from campus.alliance.models import GovernanceBodyKind, Institution, MembershipRole
from campus.people.models import Role
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(loaded):
    for n, institution in enumerate(Institution.objects.all()):
        OrganisationFactory(
            name=f"Org {n}a", region=institution.region, partner_institution=institution
        )
        OrganisationFactory(name=f"Org {n}b", region=institution.region)


@pytest.fixture
def bodies(db):
    admin = PersonFactory(roles=[Role.ADMIN])
    for name, kind in (
        ("Board", GovernanceBodyKind.BOARD),
        ("Forum", GovernanceBodyKind.STUDENT_FORUM),
    ):
        body = services.governance_body_create(by=admin, name=name, kind=kind)
        for role in (MembershipRole.CHAIR, MembershipRole.MEMBER, MembershipRole.MEMBER):
            services.membership_add(
                body=body,
                person=PersonFactory(institution=InstitutionFactory()),
                role=role,
                start=datetime.date(2025, 1, 1),
                by=admin,
            )


def test_institution_list_selector(loaded, django_assert_num_queries):
    with django_assert_num_queries(1):
        regions = [institution.region.code for institution in selectors.institution_list()]
    assert len(regions) == 9


def test_organisations_filter_selector(organisations, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [
            (o.region.code, o.partner_institution and o.partner_institution.code)
            for o in selectors.organisations_filter(country="BE")
        ]
    assert len(rows) == 2


def test_institution_detail_selector(organisations, django_assert_num_queries):
    with django_assert_num_queries(2):
        detail = selectors.institution_detail("fontys")
        [o.region.code for o in detail.stakeholders]
    assert len(detail.stakeholders) == 2


def test_governance_bodies_selector(bodies, django_assert_num_queries):
    with django_assert_num_queries(2):
        members = [
            (m.person.display_name, m.person.institution.code)
            for body in selectors.governance_bodies()
            for m in body.current_memberships
        ]
    assert len(members) == 6


def test_institutions_page(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get(reverse("alliance:institutions")).status_code == 200


def test_organisations_page(client, organisations, django_assert_num_queries):
    # The form's region choices, the count, and the page.
    with django_assert_num_queries(3):
        assert client.get(reverse("alliance:organisations")).status_code == 200


def test_institution_page(client, organisations, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get(reverse("alliance:institution", args=["fontys"])).status_code == 200


def test_governance_page(client, bodies, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get(reverse("alliance:governance")).status_code == 200


def test_institutions_endpoint(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/institutions").json()) == 9


def test_organisations_endpoint(client, organisations, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get("/api/v1/organisations").json()["count"] == 18


def test_governance_bodies_endpoint(client, bodies, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/governance-bodies").json()) == 2
