"""Sign-up, e-mail verification, enumeration safety and throttling (allauth and axes)."""

import json
import re

import pytest
from django.core import mail

from campus.people.models import ApiToken, Person, Role
from campus.people.tokens import token_generate
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "resilient-regions-2025"


def _signup(client, **overrides):
    data = {
        "email": "nina@example.eu",
        "display_name": "Nina",
        "role": "learner",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def _confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_signup_makes_a_learner_who_must_confirm_the_address_before_signing_in(client):
    response = _signup(client)
    assert response.status_code == 302
    person = Person.objects.get(email="nina@example.eu")
    assert person.role_codes == {Role.LIFELONG_LEARNER}
    # Not signed in yet, and signing in is refused until the address is confirmed.
    assert client.get("/people/me/").status_code == 302
    client.post("/accounts/login/", {"login": "nina@example.eu", "password": PASSWORD})
    assert client.get("/people/me/").status_code == 302
    assert len(mail.outbox) >= 1
    link = _confirm_link(mail.outbox[-1])
    assert client.post(link).status_code == 302
    assert client.get("/people/me/").status_code == 200


def test_signup_as_a_student_is_a_request_not_a_grant(client):
    geel = InstitutionFactory()
    assert _signup(client, role="student", institution=geel.pk).status_code == 302
    person = Person.objects.get(email="nina@example.eu")
    assert person.role_codes == {Role.LIFELONG_LEARNER}
    assert person.institution_id is None
    assert person.affiliations.get(role=Role.STUDENT).state == "requested"


def test_signup_as_student_needs_an_institution(client):
    response = _signup(client, role="student")
    assert response.status_code == 200
    assert "home institution" in response.content.decode()
    assert not Person.objects.filter(email="nina@example.eu").exists()


def test_signup_cannot_ask_to_be_an_administrator(client):
    response = _signup(client, role="admin")
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_signup_with_a_registered_address_answers_as_for_a_new_one(client):
    PersonFactory(email="nina@example.eu", display_name="The real Nina")
    taken = _signup(client, email="Nina@example.eu")
    fresh = _signup(client, email="someone-new@example.eu")
    # Same answer, same page: nothing tells the visitor the address is registered.
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert "already" not in client.get(taken["Location"]).content.decode()
    assert Person.objects.filter(email__iexact="nina@example.eu").count() == 1
    # The owner of the address is the one told, by e-mail.
    to_owner = [m for m in mail.outbox if m.to == ["nina@example.eu"]]
    assert len(to_owner) == 1


def test_login_with_a_confirmed_address(client):
    PersonFactory(email="a@campus.test")
    response = client.post(
        "/accounts/login/", {"login": "a@campus.test", "password": "heroes-demo"}
    )
    assert response.status_code == 302
    assert client.get("/people/me/").status_code == 200


def test_failed_logins_are_throttled_even_with_the_right_password_afterwards(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    PersonFactory(email="a@campus.test")
    for _attempt in range(3):
        client.post("/accounts/login/", {"login": "a@campus.test", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"login": "a@campus.test", "password": "heroes-demo"}
    )
    assert response.status_code in (403, 429)
    assert "Too many attempts" in response.content.decode()
    assert client.get("/people/me/").status_code == 302


def test_a_token_of_an_unconfirmed_account_does_not_work(client):
    person = PersonFactory(verified=False)
    secret, prefix, digest = token_generate()
    ApiToken.objects.create(person=person, name="t", prefix=prefix, digest=digest)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    person.emailaddress_set.update(verified=True)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_signup_as_a_stakeholder_gives_nothing_at_the_organisation(client):
    org = OrganisationFactory()
    _signup(client, role="stakeholder", organisation=org.pk)
    person = Person.objects.get(email="nina@example.eu")
    assert person.organisation_id is None
    assert not person.has_role(Role.STAKEHOLDER)
    assert json.dumps(sorted(person.role_codes)) == '["learner"]'


def test_sign_ups_from_one_address_are_throttled(client):
    answers = [_signup(client, email=f"n{i}@example.eu").status_code for i in range(12)]
    assert answers[:10] == [302] * 10
    assert answers[-1] == 429
    assert Person.objects.count() == 10
