import pytest
from django.urls import reverse

from campus.alliance.models import Institution, Organisation
from campus.people.models import Role
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _institution_post(institution, **changes):
    data = {
        "short_name": institution.short_name,
        "name": institution.name,
        "local_name": institution.local_name,
        "city": institution.city,
        "lat": institution.lat,
        "lon": institution.lon,
        "schac": institution.schac,
        "website": institution.website,
        "languages": '["nl", "en"]',
    }
    data.update(changes)
    return data


@pytest.fixture
def staff_admin(db):
    return PersonFactory(roles=[Role.ADMIN], is_staff=True)


@pytest.fixture
def staff_coordinator(institution):
    return PersonFactory(roles=[Role.COORDINATOR], institution=institution, is_staff=True)


def test_admin_adds_an_organisation_through_the_service(client, staff_admin):
    region = RegionFactory()
    client.force_login(staff_admin)

    response = client.post(
        reverse("admin:alliance_organisation_add"),
        {
            "name": "Geel Solar Coop",
            "type": "sme",
            "region": region.pk,
            "website": "",
            "description": "",
        },
    )

    assert response.status_code == 302
    assert Organisation.objects.get().slug == "geel-solar-coop"


def test_coordinator_sees_only_their_own_institution(client, staff_coordinator, institution):
    other = InstitutionFactory(short_name="Elsewhere")
    client.force_login(staff_coordinator)

    listing = client.get(reverse("admin:alliance_institution_changelist"))
    other_page = client.get(reverse("admin:alliance_institution_change", args=[other.pk]))

    assert listing.status_code == 200
    assert institution.short_name in listing.content.decode()
    assert "Elsewhere" not in listing.content.decode()
    assert other_page.status_code in (302, 404)


def test_coordinator_changes_own_institution_in_the_admin(client, staff_coordinator, institution):
    client.force_login(staff_coordinator)

    response = client.post(
        reverse("admin:alliance_institution_change", args=[institution.pk]),
        _institution_post(institution, city="Mol"),
    )

    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.city == "Mol"


def test_admin_form_shows_the_service_check(client, staff_coordinator, institution):
    client.force_login(staff_coordinator)

    response = client.post(
        reverse("admin:alliance_institution_change", args=[institution.pk]),
        _institution_post(institution, languages='["Dutch"]'),
    )

    assert response.status_code == 200
    assert "ISO 639-1" in response.content.decode()
    assert Institution.objects.get(pk=institution.pk).languages == ["nl", "en"]


def test_coordinator_may_not_touch_organisations(client, staff_coordinator, institution):
    organisation = OrganisationFactory(partner_institution=institution)
    client.force_login(staff_coordinator)

    assert client.get(reverse("admin:alliance_organisation_changelist")).status_code == 403
    assert (
        client.get(
            reverse("admin:alliance_organisation_change", args=[organisation.pk])
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:alliance_organisation_delete", args=[organisation.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_admin_deletes_an_organisation_through_the_service(client, staff_admin):
    organisation = OrganisationFactory()
    client.force_login(staff_admin)

    response = client.post(
        reverse("admin:alliance_organisation_delete", args=[organisation.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Organisation.objects.exists()


def test_admin_membership_form_rejects_end_before_start(client, staff_admin):
    from campus.alliance import services
    from campus.alliance.models import Membership

    body = services.governance_body_create(by=staff_admin, name="Board", kind="board")
    client.force_login(staff_admin)

    response = client.post(
        reverse("admin:alliance_membership_add"),
        {
            "body": body.pk,
            "person": staff_admin.pk,
            "role": "chair",
            "start": "2025-01-01",
            "end": "2024-01-01",
        },
    )

    assert response.status_code == 200
    assert "cannot end (2024-01-01) before it starts (2025-01-01)" in response.content.decode()
    assert not Membership.objects.exists()

    response = client.post(
        reverse("admin:alliance_membership_add"),
        {
            "body": body.pk,
            "person": staff_admin.pk,
            "role": "chair",
            "start": "2025-01-01",
            "end": "",
        },
    )

    assert response.status_code == 302
    assert Membership.objects.get().role == "chair"
