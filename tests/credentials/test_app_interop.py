"""A credential the campus issued, as a learner would hand it to an employer, checked by an
independent implementation from the package registry (openbadgeslib): the proof with the
public key the campus publishes in its DID document, and the whole Open Badge."""

import copy

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.urls import reverse
from openbadgeslib.ob3 import ldp
from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof
from openbadgeslib.ob3.verifier import OB3VerificationError

from campus.credentials.vc import loader
from campus.credentials.vc.multibase import public_key_from_multibase

pytestmark = pytest.mark.django_db


def _published_key_pem(client, credential) -> bytes:
    """The issuer's key as any verifier would get it: from /issuers/<slug>/did.json."""
    document = client.get(reverse("credentials:did", args=[credential.issuer.slug])).json()
    method = credential.document["proof"][0]["verificationMethod"]
    entry = next(m for m in document["verificationMethod"] if m["id"] == method)
    raw = public_key_from_multibase(entry["publicKeyMultibase"])
    return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.fixture
def extension(monkeypatch):
    """openbadgeslib fails closed on contexts it does not know: hand it the campus's one."""
    url = loader.HEROES_MICROCREDENTIAL_V1
    contexts = {url: loader.context_document(url)}
    bundled = ldp.document_loader
    monkeypatch.setattr(
        ldp, "document_loader", lambda extra=None: bundled({**contexts, **(extra or {})})
    )
    return contexts


def test_an_issued_credential_passes_an_independent_verifier(client, passed, extension):
    signed = passed.credential.document
    pem = _published_key_pem(client, passed.credential)
    single = {**signed, "proof": signed["proof"][0]}
    verify_data_integrity_proof(single, pem, extra_contexts=extension)
    OB3LdpVerifier(pubkey_pem=pem).verify(signed)


def test_the_independent_verifier_rejects_a_changed_grade(client, passed, extension):
    tampered = copy.deepcopy(passed.credential.document)
    tampered["credentialSubject"]["result"][0]["value"] = "A"
    pem = _published_key_pem(client, passed.credential)
    with pytest.raises(OB3VerificationError):
        OB3LdpVerifier(pubkey_pem=pem).verify(tampered)
