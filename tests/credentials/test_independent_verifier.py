"""An independent implementation accepts the campus's credentials.

The verifier here is openbadgeslib (PyPI, LGPL-3; a dev dependency): an Open Badges 3.0
library with its own eddsa-rdfc-2022 Data Integrity verifier, its own did:key resolver,
its own pinned copies of the VC 2.0 and Open Badges 3.0 contexts and a document loader
that refuses every other URL, so nothing is fetched from the network. Its full
``OB3LdpVerifier`` also checks the OpenBadgeCredential shape, binds the proof's key to the
issuer, refuses JSON that is not the compacted form of what was signed (terms no context
defines), checks the validity window and, on request, the Bitstring Status List.

It shares only pyld (the JSON-LD processor) with the campus code: its canonicalisation,
hashing, key decoding and proof handling are its own.
"""

import copy
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openbadgeslib import baking as third_party_baking
from openbadgeslib.ob3 import ldp
from openbadgeslib.ob3.did import resolve_verification_method
from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof
from openbadgeslib.ob3.status import decode_encoded_list
from openbadgeslib.ob3.verifier import OB3VerificationError

from campus.credentials.vc import loader
from campus.credentials.vc.baking import badge_svg, bake_svg
from campus.credentials.vc.multibase import did_key, public_key_multibase
from campus.credentials.vc.proofs import sign_eddsa_rdfc_2022
from campus.credentials.vc.schema import validate_openbadge
from campus.credentials.vc.statuslist import StatusList, entry, status_list_credential

EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"

# W3C vc-di-eddsa test vectors, TestVectors/eddsa-rdfc-2022/signedDataInt.json (W3C licence).
W3C_SIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_V2],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
        "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "proofPurpose": "assertionMethod",
        "proofValue": "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme",
    },
}
# keyPair.json of the same vectors
W3C_PUBLIC_KEY_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"

STATUS_URL = "https://campus.example/credentials/status/revocation/1"


def _examples_context() -> dict:
    return {EXAMPLES_V2: loader.context_document(EXAMPLES_V2)}


class Issuer:
    """A campus issuer with a did:key (fixed seed, so runs are reproducible)."""

    def __init__(self, seed: int = 7):
        self.key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
        public = self.key.public_key()
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.did = did_key(raw)
        self.verification_method = f"{self.did}#{public_key_multibase(raw)}"
        self.pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, unsigned: dict) -> dict:
        return sign_eddsa_rdfc_2022(
            unsigned, self.key, self.verification_method, created="2025-06-30T12:00:05Z"
        )


def open_badge(issuer: Issuer, **extra) -> dict:
    """An unsigned OpenBadgeCredential as the campus issues one."""
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "https://campus.example/credentials/0b3f6d1e",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Climate adaptation",
        "issuer": {
            "id": issuer.did,
            "type": ["Profile"],
            "name": "Thomas More",
            "url": "https://www.thomasmore.be",
            "address": {"type": ["Address"], "addressCountry": "BE"},
        },
        "validFrom": "2025-06-30T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$"
                    "5f2ad8c7e1f3c6a0b1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "b5c1d0",
                }
            ],
            "creditsEarned": 5,
            "achievement": {
                "id": "https://campus.example/achievements/climate-adaptation",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Climate adaptation",
                "description": "Map the climate risks of a municipality and plan adaptations.",
                "criteria": {"narrative": "Passed the assessed project (ECTS grade B)."},
                "creditsAvailable": 5,
                "inLanguage": "en",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "climate risk analysis",
                        "targetUrl": "http://data.europa.eu/esco/skill/"
                        "0b1c6b2c-8e0a-4f1b-9a3b-2f0d0a8c9d11",
                        "targetFramework": "ESCO",
                        "targetType": "ext:ESCOSkill",
                    },
                    {
                        "type": ["Alignment"],
                        "targetName": "EQF level 6",
                        "targetUrl": "http://data.europa.eu/snb/eqf/6",
                        "targetFramework": "European Qualifications Framework",
                    },
                ],
            },
        },
        "credentialStatus": entry(STATUS_URL, 94567, "revocation"),
    }
    credential.update(extra)
    return credential


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer()


@pytest.fixture(scope="module")
def signed(issuer) -> dict:
    return issuer.sign(open_badge(issuer))


# --- the W3C test vector ---------------------------------------------------------------


def test_the_independent_did_key_resolver_agrees_with_the_vector_key():
    pem = resolve_verification_method(W3C_SIGNED["proof"]["verificationMethod"])
    public = serialization.load_pem_public_key(pem)
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert public_key_multibase(raw) == W3C_PUBLIC_KEY_MULTIBASE


def test_verifies_the_w3c_eddsa_rdfc_2022_vector():
    pem = resolve_verification_method(W3C_SIGNED["proof"]["verificationMethod"])
    verify_data_integrity_proof(W3C_SIGNED, pem, extra_contexts=_examples_context())


def test_rejects_a_tampered_w3c_vector():
    pem = resolve_verification_method(W3C_SIGNED["proof"]["verificationMethod"])
    tampered = copy.deepcopy(W3C_SIGNED)
    tampered["credentialSubject"]["alumniOf"] = "The School of Forgeries"
    with pytest.raises(OB3VerificationError, match="signature mismatch"):
        verify_data_integrity_proof(tampered, pem, extra_contexts=_examples_context())


def test_does_not_fetch_a_context_it_was_not_given():
    pem = resolve_verification_method(W3C_SIGNED["proof"]["verificationMethod"])
    with pytest.raises(OB3VerificationError, match="allowlist"):
        verify_data_integrity_proof(W3C_SIGNED, pem)


# --- the campus's Open Badges 3.0 credentials ---------------------------------------------


def test_a_campus_credential_is_a_valid_open_badge(signed):
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    assert validate_openbadge(unsigned) == []


def test_accepts_a_campus_credential_resolving_the_issuer_did_key_itself(signed, issuer):
    credential = OB3LdpVerifier().verify(signed)
    assert credential.issuer.id == issuer.did


def test_accepts_a_campus_credential_against_the_pinned_issuer_key(signed, issuer):
    OB3LdpVerifier(pubkey_pem=issuer.pem).verify(json.dumps(signed))


def test_accepts_a_campus_credential_anchored_to_the_issuer_did(signed, issuer):
    OB3LdpVerifier.for_issuer_did(issuer.did).verify(signed)


def test_accepts_the_proof_as_a_one_element_array(signed):
    """1EdTech's JSON schema wants ``proof`` as an array; JSON-LD reads both alike."""
    as_array = {**signed, "proof": [signed["proof"]]}
    OB3LdpVerifier().verify(as_array)


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (
            lambda d: d["credentialSubject"]["achievement"].update(name="Rocket science"),
            "signature mismatch",
        ),
        (lambda d: d["credentialSubject"].update(creditsEarned=50), "signature mismatch"),
        (lambda d: d.update(validFrom="2020-01-01T00:00:00Z"), "signature mismatch"),
        (lambda d: d["issuer"].update(name="Another University"), "signature mismatch"),
        (lambda d: d["credentialStatus"].update(statusListIndex="1"), "signature mismatch"),
        # a term no context defines would not be signed: the JSON no longer says what was signed
        (lambda d: d["credentialSubject"].update(grade="A+"), "not in compacted form"),
        (lambda d: d["proof"].update(created="2025-07-01T00:00:00Z"), "signature mismatch"),
    ],
)
def test_rejects_a_tampered_campus_credential(signed, tamper, reason):
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    with pytest.raises(OB3VerificationError, match=reason):
        OB3LdpVerifier().verify(tampered)


def test_rejects_a_credential_re_signed_by_someone_else_in_the_issuers_name(issuer):
    forger = Issuer(seed=99)
    forged = forger.sign(open_badge(issuer))  # names the campus issuer, signed by the forger
    with pytest.raises(OB3VerificationError, match="does not belong to the credential issuer"):
        OB3LdpVerifier().verify(forged)
    with pytest.raises(OB3VerificationError, match="signature mismatch"):
        OB3LdpVerifier(pubkey_pem=issuer.pem).verify(forged)


def test_accepts_a_campus_credential_with_the_micro_credential_extension(issuer, monkeypatch):
    """The campus's own context (EU micro-credential elements) is not in the library's
    allowlist, so it is handed over the way the library's API allows for one call; the full
    verifier gets it through its loader, as a deployment that trusts the context would."""
    url = loader.HEROES_MICROCREDENTIAL_V1
    unsigned = open_badge(issuer)
    unsigned["@context"] = [*unsigned["@context"], url]
    unsigned["credentialSubject"]["achievement"].update(
        assessmentType="Project work assessed by the lecturer",
        participationForm="Online",
        qualityAssurance="Internal quality assurance of the awarding institution",
    )
    signed = issuer.sign(unsigned)
    extension = {url: loader.context_document(url)}

    verify_data_integrity_proof(signed, issuer.pem, extra_contexts=extension)
    with pytest.raises(OB3VerificationError, match="allowlist"):
        OB3LdpVerifier().verify(signed)  # fails closed on a context it does not know

    bundled_loader = ldp.document_loader
    monkeypatch.setattr(
        ldp, "document_loader", lambda extra=None: bundled_loader({**extension, **(extra or {})})
    )
    OB3LdpVerifier().verify(signed)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["participationForm"] = "On site"
    with pytest.raises(OB3VerificationError, match="signature mismatch"):
        OB3LdpVerifier().verify(tampered)


def test_accepts_a_campus_credential_taken_out_of_its_baked_badge(signed):
    svg = bake_svg(badge_svg("Climate adaptation", "HEROES micro-credential", "#1f6feb"), signed)
    text = third_party_baking.extract_svg(
        svg.encode(), element=third_party_baking.SVG_ELEMENT_OB3, text_fallback=True
    )
    OB3LdpVerifier().verify(text)


# --- status lists --------------------------------------------------------------------------


def _status_list(issuer: Issuer, *revoked: int) -> dict:
    status_list = StatusList()
    for index in revoked:
        status_list.set(index)
    unsigned = status_list_credential(
        STATUS_URL, issuer.did, "revocation", status_list.encode(), "2025-06-01T00:00:00Z"
    )
    return issuer.sign(unsigned)


def test_the_independent_status_list_decoder_reads_our_bits():
    status_list = StatusList()
    for index in (0, 9, 94567, len(status_list) - 1):
        status_list.set(index)
    raw = decode_encoded_list(status_list.encode())
    assert raw == status_list.to_bytes()


def test_our_signed_status_list_credential_verifies(issuer):
    verify_data_integrity_proof(_status_list(issuer), issuer.pem)


def test_status_is_read_from_our_status_list(signed, issuer):
    def serve(lists: dict):
        def download(url: str) -> bytes:
            return json.dumps(lists[url]).encode()

        return download

    clear = serve({STATUS_URL: _status_list(issuer, 3, 94566, 94568)})
    OB3LdpVerifier().verify(signed, check_status=True, download=clear, verify_status_list=False)

    revoked = serve({STATUS_URL: _status_list(issuer, 94567)})
    with pytest.raises(OB3VerificationError, match="'revocation' is set at index 94567"):
        OB3LdpVerifier().verify(
            signed, check_status=True, download=revoked, verify_status_list=False
        )
