"""The verify page, the public page and the API never vouch for claims a valid signature does
not cover: a changed, an unsigned and a wrongly keyed credential, as a person reads them."""

import copy
import html
import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from campus.credentials import issuers
from campus.credentials.models import Credential
from campus.credentials.vc.proofs import sign_eddsa_rdfc_2022

pytestmark = pytest.mark.django_db

SIGNED = "Every statement in it is defined and was signed"
HOLDS_KEY = "The issuer is known and holds the signing key"
WARNING = "Do not trust what this credential says."
CLAIMS = (
    "The title, grade, learner and every other claim shown below are only what the file "
    "says; they may have been changed or made up."
)


def read(response) -> str:
    """The page's text as a person reads it (tags gone, spaces collapsed)."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def changed(document: dict) -> dict:
    document = copy.deepcopy(document)
    document["credentialSubject"]["result"][0]["value"] = "A"  # it was signed saying B
    return document


def unsigned(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "proof"}


def wrongly_keyed(credential: Credential) -> dict:
    """Signed by a key that is not the issuer's, while naming the issuer's key."""
    signed = sign_eddsa_rdfc_2022(
        unsigned(credential.document),
        Ed25519PrivateKey.generate(),
        issuers.verification_method(credential.key),
    )
    signed["proof"] = [signed["proof"]]
    return signed


FORGERIES = {
    "changed": lambda credential: changed(credential.document),
    "unsigned": lambda credential: unsigned(credential.document),
    "wrongly keyed": wrongly_keyed,
}


def assert_untrusted(text: str, *, no_proof: bool) -> None:
    assert "Not verified" in text
    assert f"Passed: {SIGNED}" not in text and f"Failed: {SIGNED}" in text
    assert f"Passed: {HOLDS_KEY}" not in text and f"Failed: {HOLDS_KEY}" in text
    assert WARNING in text and CLAIMS in text
    assert ("It has no signature, so nobody vouches for it." in text) is no_proof
    assert "What it claims, not verified" in text
    assert "What it certifies" not in text


@pytest.mark.parametrize("kind", FORGERIES)
def test_the_verify_page_warns_that_the_claims_of_a_forgery_are_not_trustworthy(
    client, passed, kind
):
    document = FORGERIES[kind](passed.credential)
    response = client.post(reverse("credentials:verify"), {"credential": json.dumps(document)})
    text = read(response)
    assert_untrusted(text, no_proof=kind == "unsigned")
    assert "Climate adaptation" in text and "Sam Student" in text  # shown, but as claims


@pytest.mark.parametrize("kind", FORGERIES)
def test_the_api_does_not_say_a_forgery_is_signed_by_its_issuer(client, passed, kind):
    document = FORGERIES[kind](passed.credential)
    body = client.post(
        "/api/v1/credentials/verify", json.dumps(document), content_type="application/json"
    ).json()
    checks = {c["check"]: c for c in body["checks"]}
    assert body["verified"] is False
    assert not checks["contexts"]["ok"] and not checks["issuer"]["ok"] and not checks["proof"]["ok"]


def test_a_genuine_credential_is_ticked_without_a_warning(client, passed):
    response = client.post(
        reverse("credentials:verify"), {"credential": json.dumps(passed.credential.document)}
    )
    text = read(response)
    assert f"Passed: {SIGNED}" in text and f"Passed: {HOLDS_KEY}" in text
    assert WARNING not in text and "What it certifies" in text


def test_the_public_page_of_a_changed_stored_credential_warns(client, passed):
    Credential.objects.filter(pk=passed.credential.pk).update(
        document=changed(passed.credential.document), shared=True
    )
    text = read(client.get(passed.credential.get_absolute_url()))
    assert_untrusted(text, no_proof=False)
