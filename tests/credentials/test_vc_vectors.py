"""The W3C vc-di-eddsa eddsa-rdfc-2022 test vectors, reproduced offline byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from campus.credentials.vc import canon, multibase, proofs
from campus.credentials.vc.did import Resolver

VECTORS = Path(__file__).parent / "data" / "vc-test-vectors"  # W3C's; see data/README.md
KEYS = json.loads((VECTORS / "keyPair.json").read_text())


def private_key() -> Ed25519PrivateKey:
    seed = multibase.private_key_from_multibase(KEYS["privateKeyMultibase"])
    return Ed25519PrivateKey.from_private_bytes(seed)


@pytest.fixture(params=["eddsa-rdfc-2022", "eddsa-rdfc-2022/employ"])
def folder(request) -> Path:
    return VECTORS / request.param


def read(folder: Path, name: str) -> str:
    return (folder / name).read_text()


def unsigned_of(folder: Path) -> dict:
    signed = json.loads(read(folder, "signedDataInt.json"))
    return {k: v for k, v in signed.items() if k != "proof"}


def test_key_pair_matches_the_vector():
    public = private_key().public_key().public_bytes_raw()
    assert multibase.public_key_multibase(public) == KEYS["publicKeyMultibase"]
    assert (
        multibase.private_key_multibase(private_key().private_bytes_raw())
        == KEYS["privateKeyMultibase"]
    )


def test_base_vector_document_is_unsigned_json():
    assert unsigned_of(VECTORS / "eddsa-rdfc-2022") == json.loads(
        (VECTORS / "unsigned.json").read_text()
    )


def test_canonical_forms_and_hashes(folder):
    config = json.loads(read(folder, "proofConfigDataInt.json"))
    data = proofs.hash_data(unsigned_of(folder), config)
    assert data.canonical_document == read(folder, "canonDocDataInt.txt")
    assert data.canonical_proof == read(folder, "proofCanonDataInt.txt")
    assert data.document_hash.hex() == read(folder, "docHashDataInt.txt").strip()
    assert data.proof_hash.hex() == read(folder, "proofHashDataInt.txt").strip()
    assert data.combined.hex() == read(folder, "combinedHashDataInt.txt").strip()
    # and pyld alone agrees
    assert canon.reference_canonicalize(unsigned_of(folder)) == data.canonical_document
    assert canon.reference_canonicalize(config) == data.canonical_proof


def test_signature_and_signed_document(folder):
    signed = json.loads(read(folder, "signedDataInt.json"))
    proof = signed["proof"]
    result = proofs.sign_eddsa_rdfc_2022(
        unsigned_of(folder), private_key(), proof["verificationMethod"], created=proof["created"]
    )
    signature = multibase.multibase_decode(result["proof"]["proofValue"])
    assert signature.hex() == read(folder, "sigHexDataInt.txt").strip()
    assert result["proof"]["proofValue"] == read(folder, "sigBTC58DataInt.txt").strip()
    assert result == signed
    assert list(result["proof"]) == list(proof)


def test_signed_vector_verifies(folder):
    signed = json.loads(read(folder, "signedDataInt.json"))
    result = proofs.verify_proof(signed, Resolver().resolve_key)
    assert result.ok, result.message
    assert result.verification_method == signed["proof"]["verificationMethod"]
    assert result.key_resolved and not result.dropped_terms
