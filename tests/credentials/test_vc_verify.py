"""Verifying whole credentials: every way a credential can be wrong gets a precise reason."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from campus.credentials.vc import multibase, proofs
from campus.credentials.vc.did import Resolver, did_web_document
from campus.credentials.vc.verify import CHECKS, verify_credential
from tests.credentials.test_vc_canon import V2, campus_credential

ISSUER = "did:web:campus.heroes-alliance.eu:institutions:fontys"
VM = ISSUER + "#key-1"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
STATUS_URL = "https://campus.heroes-alliance.eu/status/1"


def documents(did):
    if did == ISSUER:
        return did_web_document(ISSUER, [("#key-1", KEY.public_key().public_bytes_raw())])
    return None


def resolver() -> Resolver:
    return Resolver(documents)


def status_list_doc(revoked: set[int] = frozenset(), purpose="revocation", key=KEY) -> dict:
    from campus.credentials.vc.statuslist import StatusList, status_list_credential

    bits = StatusList()
    for index in revoked:
        bits.set(index)
    unsigned = status_list_credential(
        STATUS_URL, ISSUER, purpose, bits.encode(), "2025-01-01T00:00:00Z"
    )
    return proofs.sign_eddsa_rdfc_2022(unsigned, key, VM, created="2025-01-01T00:00:00Z")


def status_loader(revoked=frozenset()):
    document = status_list_doc(revoked)
    return {STATUS_URL: document}.get


def signed(doc=None, key=KEY, vm=VM) -> dict:
    return proofs.sign_eddsa_rdfc_2022(
        doc or campus_credential(), key, vm, created="2025-03-01T10:00:00Z"
    )


def verify(doc, loader=None, **kwargs):
    loader = loader if loader is not None else status_loader()
    return verify_credential(
        doc,
        resolver=kwargs.pop("resolver", resolver()),
        status_list_loader=loader,
        now=NOW,
        **kwargs,
    )


def failed(result) -> dict[str, str]:
    return {c.check: c.message for c in result.checks if not c.ok}


def bad_signature(result) -> dict[str, str]:
    """The failures of a credential whose signature does not match: the proof fails, and
    neither "defined and signed" nor "the issuer holds the key" is ticked."""
    problems = failed(result)
    assert not result.claims_trustworthy
    assert set(problems) == {"proof", "contexts", "issuer"}, problems
    assert problems["contexts"].endswith("so what it states may have been changed or made up")
    assert "its signature was not made with that key" in problems["issuer"]
    return problems


def test_signed_campus_credential_verifies():
    result = verify(signed())
    assert result.verified, result.as_dict()
    assert [c.check for c in result.checks] == list(CHECKS)
    as_dict = result.as_dict()
    assert as_dict["verified"] is True
    assert set(as_dict["checks"][0]) == {"check", "ok", "message"}
    assert result.check("status").message == "not revoked"


def test_did_key_round_trip():
    raw = KEY.public_key().public_bytes_raw()
    did = multibase.did_key(raw)
    doc = campus_credential(issuer=did)
    result = verify(signed(doc, vm=f"{did}#{did[8:]}"))
    assert result.verified, result.as_dict()


def test_one_changed_character_breaks_the_proof():
    doc = signed()
    doc["credentialSubject"]["achievement"]["name"] = "Circular economy for regional SMEs!"
    assert bad_signature(verify(doc))["proof"] == proofs.BAD_SIGNATURE


def test_added_undefined_property_is_caught_by_the_contexts_check():
    doc = signed()
    doc["credentialSubject"]["achievement"]["grade"] = "A+"
    result = verify(doc)
    problems = failed(result)
    assert set(problems) == {"contexts"}, problems  # the proof still verifies: JSON-LD drops it
    assert "grade" in problems["contexts"]
    assert "not defined by any of the credential's contexts" in problems["contexts"]


def test_undefined_term_in_the_proof_is_caught():
    doc = signed()
    doc["proof"]["note"] = "added later"
    problems = failed(verify(doc))
    assert "note" in problems["contexts"]


def test_signing_refuses_undefined_terms():
    doc = campus_credential()
    doc["grade"] = "A"
    with pytest.raises(proofs.canon.DroppedTerms, match="grade"):
        signed(doc)


def test_proof_by_another_key():
    problems = bad_signature(verify(signed(key=OTHER_KEY)))
    assert problems["proof"] == proofs.BAD_SIGNATURE


@pytest.mark.parametrize(
    ("issuer", "message"),
    [
        ("did:web:unknown.example", "did:web:unknown.example cannot be resolved offline"),
        ("did:example:123", "did:example is not supported"),
    ],
)
def test_unknown_did(issuer, message):
    doc = signed(campus_credential(issuer=issuer), vm=issuer + "#key-1")
    problems = failed(verify(doc))
    assert set(problems) == {"proof", "issuer", "contexts"}
    assert message in problems["proof"] and message in problems["issuer"]
    assert "no valid signature covers them" in problems["contexts"]


def test_key_of_another_did_is_not_the_issuer():
    raw = OTHER_KEY.public_key().public_bytes_raw()
    did = multibase.did_key(raw)
    problems = failed(verify(signed(key=OTHER_KEY, vm=f"{did}#{did[8:]}")))
    assert set(problems) == {"issuer"}
    assert problems["issuer"].startswith("verification method is not controlled by the issuer")


def test_expired_credential():
    doc = campus_credential()
    doc["validUntil"] = "2025-12-31T23:59:59Z"
    problems = failed(verify(signed(doc)))
    assert problems == {"validity": "the credential expired on 2025-12-31T23:59:59Z"}


def test_not_yet_valid_credential():
    doc = campus_credential()
    doc["validFrom"] = "2030-01-01T00:00:00Z"
    problems = failed(verify(signed(doc)))
    assert problems == {"validity": "the credential is not valid before 2030-01-01T00:00:00Z"}


def test_context_that_cannot_be_loaded_offline():
    doc = signed()
    doc["@context"] = [*doc["@context"], "https://example.org/contexts/unknown"]
    problems = failed(verify(doc))
    assert problems["contexts"].startswith(
        "context https://example.org/contexts/unknown is not available offline"
    )
    assert "proof" in problems


def test_truncated_proof_value():
    doc = signed()
    signature = multibase.multibase_decode(doc["proof"]["proofValue"])
    doc["proof"]["proofValue"] = multibase.multibase_encode_b58(signature[:63])
    assert failed(verify(doc))["proof"] == "proof value is truncated (63 bytes, expected 64)"


def test_proof_value_that_is_not_base58():
    doc = signed()
    doc["proof"]["proofValue"] = "z0OIl"
    assert failed(verify(doc))["proof"] == "proof value is not valid multibase base58btc"


def test_proof_removed():
    doc = signed()
    del doc["proof"]
    problems = failed(verify(doc))
    assert problems["proof"] == "the credential has no proof: it is not signed"


def test_wrong_purpose_and_suite():
    doc = signed()
    doc["proof"]["proofPurpose"] = "authentication"
    assert (
        failed(verify(doc))["proof"] == "proof purpose must be assertionMethod, not authentication"
    )
    doc = signed()
    doc["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    assert failed(verify(doc))["proof"].startswith("cryptosuite ecdsa-rdfc-2019 is not supported")


@pytest.mark.parametrize("garbage", [None, "a string", 42, [1, 2], {"@context": 5}, {"proof": "x"}])
def test_garbage_never_raises(garbage):
    result = verify(garbage)
    assert result.verified is False
    assert [c.check for c in result.checks] == list(CHECKS)


def test_non_dict_input():
    result = verify(["not", "a", "credential"])
    assert failed(result)["shape"] == "the credential is not a JSON object"


def test_shape_problems_are_named():
    doc = signed()
    doc["type"] = ["OpenBadgeCredential"]
    problems = failed(verify(doc))
    assert "its type must include VerifiableCredential" in problems["shape"]


def test_revoked_and_missing_status_list():
    doc = signed()
    assert failed(verify(doc, status_loader({94567})))["status"].startswith("revoked")
    assert failed(verify(doc, loader=lambda url: None))["status"] == (
        f"status list {STATUS_URL} could not be loaded"
    )
    result = verify_credential(doc, resolver=resolver(), now=NOW)
    assert failed(result)["status"] == f"status list {STATUS_URL} could not be loaded"


def test_status_list_with_a_bad_proof_is_not_trusted():
    forged = status_list_doc(key=OTHER_KEY)
    problems = failed(verify(signed(), loader={STATUS_URL: forged}.get))
    assert "the proof of status list" in problems["status"]


def test_no_status_list():
    doc = campus_credential()
    del doc["credentialStatus"]
    result = verify(signed(doc))
    assert result.verified
    assert result.check("status").message == "no status list: the credential cannot be revoked"


def test_eddsa_2022_alias_verifies():
    doc = campus_credential()
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-2022",
        "created": "2025-03-01T10:00:00Z",
        "verificationMethod": VM,
        "proofPurpose": "assertionMethod",
    }
    result = proofs._sign(doc, KEY, proof)
    assert verify(result).verified
    result["proof"]["cryptosuite"] = "eddsa-rdfc-2022"  # the suite name is signed too
    assert bad_signature(verify(result))["proof"] == proofs.BAD_SIGNATURE


def test_ed25519_signature_2020_round_trip():
    doc = campus_credential()
    doc["@context"] = [*doc["@context"], proofs.ED25519_2020_CONTEXT]
    result = proofs.sign_ed25519_signature_2020(doc, KEY, VM, created="2025-03-01T10:00:00Z")
    assert result["proof"]["type"] == "Ed25519Signature2020"
    outcome = verify(result)
    assert outcome.verified, outcome.as_dict()
    result["name"] = "changed"
    assert bad_signature(verify(result))["proof"] == proofs.BAD_SIGNATURE


def test_v1_credential_with_ed25519_signature_2020():
    raw = KEY.public_key().public_bytes_raw()
    did = multibase.did_key(raw)
    doc = {
        "@context": ["https://www.w3.org/2018/credentials/v1", proofs.ED25519_2020_CONTEXT],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "issuanceDate": "2020-01-01T00:00:00Z",
        "expirationDate": "2030-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    result = proofs.sign_ed25519_signature_2020(doc, KEY, f"{did}#{did[8:]}")
    assert verify(result).verified
    result["credentialSubject"]["degree"] = "added"  # v1 has no @vocab: dropped, proof holds
    assert set(failed(verify(result))) == {"contexts"}
    expired = copy.deepcopy(result)
    expired["expirationDate"] = "2025-01-01T00:00:00Z"
    assert "validity" in failed(verify(expired))


def test_proof_set_all_must_verify():
    doc = signed()
    second = signed()["proof"]
    doc["proof"] = [doc["proof"], second]
    assert verify(doc).verified
    doc["proof"][1] = signed(key=OTHER_KEY)["proof"]
    assert bad_signature(verify(doc))["proof"] == proofs.BAD_SIGNATURE


def test_v2_only_credential_without_open_badges():
    raw = KEY.public_key().public_bytes_raw()
    did = multibase.did_key(raw)
    doc = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    assert verify(signed(doc, vm=f"{did}#{did[8:]}")).verified
