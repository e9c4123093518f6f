"""Each verification someone asks of the campus is recorded for the impact counts: its
outcome, its channel and the campus credential it names, and nothing about who asked."""

import json
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from campus.credentials import services
from campus.credentials.models import Verification

pytestmark = pytest.mark.django_db

API = "/api/v1/credentials/verify"


def _page(client, document):
    return client.post(reverse("credentials:verify"), {"credential": json.dumps(document)})


def _api(client, body):
    return client.post(API, body, content_type="application/json")


def _recorded():
    """What was recorded, newest first."""
    return list(Verification.objects.values("credential", "issuer", "outcome", "channel"))


def _of(setup, outcome, channel):
    """A verification of the campus credential of ``setup``."""
    return {
        "credential": setup.credential.pk,
        "issuer": setup.home.pk,
        "outcome": outcome,
        "channel": channel,
    }


def test_a_verification_stores_nothing_about_who_asked():
    names = {field.name for field in Verification._meta.get_fields()}
    assert names == {"id", "credential", "issuer", "at", "outcome", "channel"}


def test_issuing_a_credential_records_no_verification(client, passed):
    client.force_login(passed.student)
    client.get(reverse("credentials:mine"))
    client.get("/api/v1/me/credentials")
    assert Verification.objects.count() == 0


def test_the_verify_page_records_a_valid_campus_credential(client, passed):
    assert _page(client, passed.credential.document).status_code == 200
    assert _recorded() == [_of(passed, "valid", "page")]


def test_the_verify_api_records_a_valid_campus_credential(client, passed):
    assert _api(client, json.dumps(passed.credential.document)).json()["verified"] is True
    assert _recorded() == [_of(passed, "valid", "api")]


def test_a_tampered_copy_counts_as_an_invalid_verification_of_its_credential(client, passed):
    tampered = dict(passed.credential.document, name="Something else")
    assert "Not verified" in _page(client, tampered).content.decode()
    assert _api(client, json.dumps(tampered)).json()["verified"] is False
    assert _recorded() == [_of(passed, "invalid", "api"), _of(passed, "invalid", "page")]


@pytest.mark.parametrize(
    "document_id",
    [
        "urn:uuid:5b0e4bd4-8c2a-4f55-a3d5-0d5c8e2f1a77",
        "https://elsewhere.example/credentials/{uid}",  # ends like ours, is not ours
        "{ours}/credentials/{other}",  # our address, no such credential
        None,
    ],
)
def test_a_document_the_campus_did_not_issue_is_recorded_without_a_credential(
    client, passed, document_id
):
    foreign = dict(passed.credential.document)
    if document_id is None:
        del foreign["id"]
    else:
        foreign["id"] = document_id.format(
            uid=passed.credential.uid, other=uuid.uuid4(), ours=settings.CAMPUS_PUBLIC_URL
        )
    _page(client, foreign)
    assert _recorded() == [
        {"credential": None, "issuer": None, "outcome": "invalid", "channel": "page"}
    ]


def test_any_json_the_page_judges_is_recorded_as_invalid(client, db):
    assert _page(client, [1, 2]).status_code == 200
    assert _recorded() == [
        {"credential": None, "issuer": None, "outcome": "invalid", "channel": "page"}
    ]


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '{"hello": "world"}', ""])
def test_what_the_api_refuses_to_verify_records_nothing(client, db, body):
    assert _api(client, body).status_code in (400, 422)
    assert Verification.objects.count() == 0


def test_what_the_page_cannot_read_records_nothing(client, db):
    page = reverse("credentials:verify")
    assert client.post(page, {"credential": "{not json"}).status_code == 400
    assert client.post(page, {"credential": ""}).status_code == 400
    assert client.get(page).status_code == 200
    assert Verification.objects.count() == 0


def test_a_shared_credentials_page_records_its_visitors_not_its_holder_or_issuer(client, passed):
    services.credential_share(credential=passed.credential, by=passed.student, shared=True)
    url = passed.credential.get_absolute_url()
    for insider in (passed.student, passed.coordinator):
        client.force_login(insider)
        assert client.get(url).status_code == 200
    client.logout()
    assert Verification.objects.count() == 0
    assert client.get(url).status_code == 200
    services.credential_revoke(
        credential=passed.credential, by=passed.coordinator, reason="Plagiarism found"
    )
    assert client.get(url).status_code == 200
    assert _recorded() == [_of(passed, "invalid", "link"), _of(passed, "valid", "link")]


def test_a_private_credentials_page_records_nothing(client, passed):
    assert client.get(passed.credential.get_absolute_url()).status_code == 404
    assert Verification.objects.count() == 0


def test_the_back_office_shows_verifications_without_the_holder(client, passed):
    from tests.factories import PersonFactory

    _page(client, passed.credential.document)
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:credentials_verification_changelist"))
    assert listing.status_code == 200
    assert "Climate adaptation" in listing.content.decode()
    assert "Sam Student" not in listing.content.decode()
    verification = Verification.objects.get()
    change = client.get(reverse("admin:credentials_verification_change", args=[verification.pk]))
    assert change.status_code == 200
    assert "Sam Student" not in change.content.decode()
    assert client.get(reverse("admin:credentials_verification_add")).status_code == 403
