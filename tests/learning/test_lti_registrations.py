"""Partner platforms are registered through services (alliance administrators), in the back
office too; one that has launched people is switched off rather than deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campus.learning.lti import registrations
from campus.learning.lti.models import LtiDeployment, LtiPlatform
from campus.people.models import Role
from tests.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Moodle of a partner",
    "issuer": "https://moodle.partner.test",
    "client_id": "campus",
    "auth_login_url": "https://moodle.partner.test/mod/lti/auth.php",
    "auth_token_url": "https://moodle.partner.test/mod/lti/token.php",
    "key_set_url": "https://moodle.partner.test/mod/lti/certs.php",
}


def test_an_alliance_administrator_registers_a_platform_and_its_deployment():
    admin = PersonFactory(roles=[Role.ADMIN])
    platform = registrations.platform_create(by=admin, **FIELDS)
    deployment = registrations.deployment_create(by=admin, platform=platform, deployment_id="1")
    registrations.platform_update(platform=platform, by=admin, active=False)
    platform.refresh_from_db()
    assert not platform.active and deployment.platform == platform


def test_others_may_not_and_bad_addresses_are_refused():
    coordinator = PersonFactory(institution=InstitutionFactory(), roles=[Role.COORDINATOR])
    with pytest.raises(PermissionDenied):
        registrations.platform_create(by=coordinator, **FIELDS)
    admin = PersonFactory(roles=[Role.ADMIN])
    with pytest.raises(ValidationError):
        registrations.platform_create(by=admin, **{**FIELDS, "key_set_url": "not an address"})
    with pytest.raises(ValidationError):
        registrations.platform_create(by=admin, **FIELDS, secret="x")
    assert not LtiPlatform.objects.exists() and not LtiDeployment.objects.exists()


def test_the_back_office_writes_through_the_services(client):
    admin = PersonFactory(roles=[Role.ADMIN], is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:lti_ltiplatform_add"),
        {**FIELDS, "auth_audience": "", "institution": "", "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LtiPlatform.objects.get().name == "Moodle of a partner"
