"""Data Integrity proofs with Ed25519: eddsa-rdfc-2022 (and its old name eddsa-2022), and the
older Ed25519Signature2020.

All three sign the same bytes: SHA-256 of the canonical proof options (the proof without
``proofValue``, with the document's ``@context``) followed by SHA-256 of the canonical
document without its proof (W3C vc-di-eddsa, "Representation: eddsa-rdfc-2022").
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from campus.credentials.vc import canon
from campus.credentials.vc.loader import ContextNotAvailable
from campus.credentials.vc.multibase import b58decode, multibase_encode_b58
from campus.credentials.vc.text import Joined, _

DATA_INTEGRITY_PROOF = "DataIntegrityProof"
ED25519_SIGNATURE_2020 = "Ed25519Signature2020"
EDDSA_RDFC_2022 = "eddsa-rdfc-2022"
EDDSA_2022 = "eddsa-2022"  # the suite's name before it was renamed; same algorithm
CRYPTOSUITES = (EDDSA_RDFC_2022, EDDSA_2022)
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"

BAD_SIGNATURE = _(
    "the signature does not match the credential: it was changed after signing, "
    "or signed by another key"
)


class KeyResolutionError(Exception):
    """The key named by a verification method cannot be found or may not be used."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


ResolveKey = Callable[[str, str], Ed25519PublicKey]


@dataclass
class ProofResult:
    """The outcome of checking the proof(s) of a document, in words a verifier can read."""

    ok: bool
    message: str
    verification_method: str | None = None
    key_resolved: bool = False
    key_error: str | None = None  # why the key could not be resolved
    proof_type: str | None = None
    # terms in the proof options that no context defines (a "contexts" failure)
    dropped_terms: list[str] = field(default_factory=list)


@dataclass
class HashData:
    """The intermediate values of the eddsa-rdfc-2022 hashing step (for tests and audits)."""

    canonical_document: str
    canonical_proof: str

    @property
    def document_hash(self) -> bytes:
        return hashlib.sha256(self.canonical_document.encode("utf-8")).digest()

    @property
    def proof_hash(self) -> bytes:
        return hashlib.sha256(self.canonical_proof.encode("utf-8")).digest()

    @property
    def combined(self) -> bytes:
        return self.proof_hash + self.document_hash


def now_timestamp() -> str:
    """The current time as an XML Schema dateTime in UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_config(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    """The proof options that are signed: the proof without its value, in the document's context."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = document["@context"]
    return config


def hash_data(unsecured: dict[str, Any], config: dict[str, Any], *, safe: bool = True) -> HashData:
    """Canonicalise the document (without proof) and the proof options."""
    return HashData(
        canonical_document=canon.canonicalize(unsecured, safe=safe),
        canonical_proof=canon.canonicalize(config, safe=safe),
    )


def _sign(unsigned, private_key, proof) -> dict[str, Any]:
    if not isinstance(unsigned, dict) or "@context" not in unsigned:
        raise ValueError("only a JSON-LD object with an @context can be signed")
    if "proof" in unsigned:
        raise ValueError("the document already has a proof")
    document = copy.deepcopy(unsigned)
    data = hash_data(document, proof_config(document, proof))
    signature = private_key.sign(data.combined)
    document["proof"] = {**proof, "proofValue": multibase_encode_b58(signature)}
    return document


def sign_eddsa_rdfc_2022(
    unsigned: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A signed copy of ``unsigned`` with a DataIntegrityProof (eddsa-rdfc-2022).

    Raises DroppedTerms if the document (or proof) uses a term no context defines: such a
    term would not be covered by the signature.
    """
    proof = {
        "type": DATA_INTEGRITY_PROOF,
        "cryptosuite": EDDSA_RDFC_2022,
        "created": created or now_timestamp(),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    return _sign(unsigned, private_key, proof)


def sign_ed25519_signature_2020(
    unsigned: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A signed copy with an Ed25519Signature2020 proof (the document's @context must include
    https://w3id.org/security/suites/ed25519-2020/v1)."""
    proof = {
        "type": ED25519_SIGNATURE_2020,
        "created": created or now_timestamp(),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    return _sign(unsigned, private_key, proof)


def decode_proof_value(value: Any) -> bytes:
    """The 64-byte signature in a proofValue; ValueError with a plain reason otherwise."""
    if not isinstance(value, str) or not value:
        raise ValueError("the proof has no proof value")
    if value[0] != "z":
        raise ValueError("proof value is not valid multibase base58btc (it must start with 'z')")
    try:
        signature = b58decode(value[1:])
    except ValueError:
        raise ValueError("proof value is not valid multibase base58btc") from None
    if len(signature) < 64:
        raise ValueError(f"proof value is truncated ({len(signature)} bytes, expected 64)")
    if len(signature) > 64:
        raise ValueError(f"proof value is too long ({len(signature)} bytes, expected 64)")
    return signature


def _unsecured(signed: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in signed.items() if k != "proof"}


def _check_one(
    signed: dict[str, Any],
    proof: Any,
    resolve_key: ResolveKey,
    document_dataset: canon.Dataset | None,
) -> ProofResult:
    if not isinstance(proof, dict):
        return ProofResult(False, _("the proof is not a JSON object"))
    proof_type = proof.get("type")
    vm = proof.get("verificationMethod")
    result = ProofResult(False, "", vm if isinstance(vm, str) else None, proof_type=proof_type)
    if proof_type == DATA_INTEGRITY_PROOF:
        suite = proof.get("cryptosuite")
        if suite not in CRYPTOSUITES:
            result.message = _(
                "cryptosuite %(suite)s is not supported (use %(wanted)s)",
                suite=suite,
                wanted=EDDSA_RDFC_2022,
            )
            return result
    elif proof_type != ED25519_SIGNATURE_2020:
        result.message = _(
            "proof type %(type)s is not supported (use %(wanted)s with %(suite)s)",
            type=proof_type,
            wanted=DATA_INTEGRITY_PROOF,
            suite=EDDSA_RDFC_2022,
        )
        return result
    purpose = proof.get("proofPurpose")
    if purpose != "assertionMethod":
        result.message = _(
            "proof purpose must be assertionMethod, not %(purpose)s", purpose=purpose
        )
        return result
    if not isinstance(vm, str) or not vm:
        result.message = _("the proof does not name its verification method")
        return result
    try:
        public_key = resolve_key(vm, purpose)
    except KeyResolutionError as error:
        result.key_error = error.message
        result.message = _("the signing key could not be found: %(reason)s", reason=error.message)
        return result
    result.key_resolved = True
    try:
        signature = decode_proof_value(proof.get("proofValue"))
    except ValueError as error:
        result.message = str(error)
        return result

    unsecured = _unsecured(signed)
    if "@context" in proof:
        # vc-di-eddsa: the proof's contexts must begin the document's, and are then used
        doc_ctx = signed.get("@context")
        doc_ctx = doc_ctx if isinstance(doc_ctx, list) else [doc_ctx]
        proof_ctx = (
            proof["@context"] if isinstance(proof["@context"], list) else [proof["@context"]]
        )
        if doc_ctx[: len(proof_ctx)] != proof_ctx:
            result.message = _("the proof's @context does not match the credential's @context")
            return result
        unsecured["@context"] = proof["@context"]
        document_dataset = None
    try:
        if document_dataset is None:
            document_dataset = canon.dataset(unsecured)
        proof_dataset = canon.dataset(proof_config(unsecured, proof))
    except ContextNotAvailable as error:
        result.message = str(error)
        return result
    except canon.CanonicalisationError as error:
        result.message = str(error)
        return result
    result.dropped_terms = proof_dataset.dropped

    data = HashData(document_dataset.nquads, proof_dataset.nquads)
    try:
        public_key.verify(signature, data.combined)
    except InvalidSignature:
        result.message = BAD_SIGNATURE
        return result
    result.ok = True
    suite = proof.get("cryptosuite") or proof_type
    result.message = _("signed with %(suite)s by %(key)s", suite=suite, key=vm)
    return result


def verify_proof(
    signed: Any,
    resolve_key: ResolveKey,
    *,
    document_dataset: canon.Dataset | None = None,
) -> ProofResult:
    """Check the proof (or every proof of a proof set) of ``signed``.

    ``resolve_key(verification_method_id, purpose)`` returns the Ed25519 public key or raises
    KeyResolutionError. ``document_dataset`` is the canonical form of ``signed`` without its
    proof if the caller already has it. Terms that no context defines are reported in
    ``dropped_terms`` for the proof options; checking the document's own terms is the
    caller's job (canon.dataset(...).dropped), as verify_credential does.
    """
    if not isinstance(signed, dict):
        return ProofResult(False, _("the credential is not a JSON object"))
    proofs = signed.get("proof")
    if proofs is None:
        return ProofResult(False, _("the credential has no proof: it is not signed"))
    if "@context" not in signed:
        return ProofResult(
            False, _("the credential has no @context, so its proof cannot be checked")
        )
    if isinstance(proofs, list):
        if not proofs:
            return ProofResult(False, _("the credential has no proof: it is not signed"))
        results = [_check_one(signed, p, resolve_key, document_dataset) for p in proofs]
        for result in results:
            if not result.ok:
                return result
        merged = results[0]
        merged.dropped_terms = sorted({t for r in results for t in r.dropped_terms})
        merged.message = Joined([r.message for r in results])
        return merged
    return _check_one(signed, proofs, resolve_key, document_dataset)
