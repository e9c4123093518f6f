"""DIDs of issuers: did:key (derived from the key itself) and did:web (documents the campus
supplies; nothing is fetched from the network).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from campus.credentials.vc.multibase import public_key_from_multibase, public_key_multibase
from campus.credentials.vc.proofs import KeyResolutionError

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
PURPOSES = (
    "authentication",
    "assertionMethod",
    "capabilityInvocation",
    "capabilityDelegation",
)

LocalDocuments = Callable[[str], dict[str, Any] | None]


def did_of(verification_method_id: str) -> str:
    """The DID part of a DID URL (before any fragment, path or query)."""
    return verification_method_id.split("#", 1)[0].split("?", 1)[0]


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of an Ed25519 did:key, as the did:key method derives it."""
    if not did.startswith("did:key:"):
        raise KeyResolutionError(f"{did} is not a did:key")
    multibase = did[len("did:key:") :]
    try:
        public_key_from_multibase(multibase)
    except ValueError as error:
        raise KeyResolutionError(f"{did} is not an Ed25519 did:key: {error}") from None
    vm_id = f"{did}#{multibase}"
    return {
        "@context": [DID_CONTEXT, "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": multibase}
        ],
        **{purpose: [vm_id] for purpose in PURPOSES},
    }


def did_web_from_url(host: str, path_segments: list[str] | tuple[str, ...] = ()) -> str:
    """The did:web DID of https://host/seg1/seg2 (a port's colon is percent-encoded)."""
    parts = [quote(host.lower(), safe="")] + [quote(s, safe="") for s in path_segments if s]
    return "did:web:" + ":".join(parts)


def did_web_document(
    did: str,
    keys: list[tuple[str, bytes]],
    *,
    also_known_as: list[str] | None = None,
) -> dict[str, Any]:
    """A DID document for ``did`` with Multikey entries usable for assertionMethod.

    ``keys`` are (verification method id, raw 32-byte Ed25519 public key); an id may be
    relative ("#key-1").
    """
    methods = []
    for vm_id, raw in keys:
        full_id = did + vm_id if vm_id.startswith("#") else vm_id
        methods.append(
            {
                "id": full_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(raw),
            }
        )
    document: dict[str, Any] = {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
    if also_known_as:
        document["alsoKnownAs"] = list(also_known_as)
    return document


def _absolute(did: str, ref: str) -> str:
    return did + ref if ref.startswith("#") else ref


def _public_key(vm: dict[str, Any]) -> Ed25519PublicKey:
    vm_type = vm.get("type")
    if vm_type in ("Multikey", "Ed25519VerificationKey2020"):
        try:
            raw = public_key_from_multibase(vm.get("publicKeyMultibase"))
        except ValueError as error:
            raise KeyResolutionError(f"the key of {vm.get('id')} is not usable: {error}") from None
        return Ed25519PublicKey.from_public_bytes(raw)
    if vm_type in ("JsonWebKey2020", "JsonWebKey"):
        jwk = vm.get("publicKeyJwk")
        if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise KeyResolutionError(f"the key of {vm.get('id')} is not an Ed25519 (OKP) key")
        x = jwk.get("x")
        try:
            raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
        except (TypeError, ValueError):
            raise KeyResolutionError(f"the key of {vm.get('id')} is not valid base64url") from None
        if len(raw) != 32:
            raise KeyResolutionError(f"the key of {vm.get('id')} does not have 32 bytes")
        return Ed25519PublicKey.from_public_bytes(raw)
    raise KeyResolutionError(f"verification method type {vm_type} is not supported")


class Resolver:
    """Finds the Ed25519 public key behind a verification method, offline, with a memory cache.

    did:key is resolved from the DID itself; did:web through ``local_documents(did)``, which
    returns the DID document the campus holds (or None).
    """

    def __init__(self, local_documents: LocalDocuments | None = None):
        self.local_documents = local_documents
        self._keys: dict[tuple[str, str], Ed25519PublicKey] = {}

    def clear(self) -> None:
        """Forget cached keys (e.g. after a key rotation)."""
        self._keys.clear()

    def document(self, did: str) -> dict[str, Any]:
        """The DID document of ``did``; KeyResolutionError if it cannot be had offline."""
        if not isinstance(did, str) or not did.startswith("did:"):
            raise KeyResolutionError(f"{did} is not a DID")
        method = did.split(":", 2)[1] if did.count(":") >= 2 else ""
        if method == "key":
            return did_key_document(did)
        if method == "web":
            document = self.local_documents(did) if self.local_documents else None
            if document is None:
                raise KeyResolutionError(f"{did} cannot be resolved offline")
            if document.get("id") != did:
                raise KeyResolutionError(f"the DID document for {did} names another DID")
            return document
        raise KeyResolutionError(
            f"DID method did:{method} is not supported (only did:key and did:web)"
        )

    def resolve_key(
        self, verification_method_id: str, purpose: str = "assertionMethod"
    ) -> Ed25519PublicKey:
        """The public key of ``verification_method_id``, if its DID allows it for ``purpose``."""
        cached = self._keys.get((verification_method_id, purpose))
        if cached is not None:
            return cached
        if not isinstance(verification_method_id, str) or "#" not in verification_method_id:
            raise KeyResolutionError(
                f"verification method {verification_method_id} is not a DID URL with a key fragment"
            )
        did = did_of(verification_method_id)
        document = self.document(did)
        methods: dict[str, dict[str, Any]] = {}
        for vm in document.get("verificationMethod") or []:
            if isinstance(vm, dict) and isinstance(vm.get("id"), str):
                methods[_absolute(did, vm["id"])] = vm
        authorised = False
        for entry in document.get(purpose) or []:
            if isinstance(entry, str) and _absolute(did, entry) == verification_method_id:
                authorised = True
            elif (
                isinstance(entry, dict)
                and isinstance(entry.get("id"), str)
                and _absolute(did, entry["id"]) == verification_method_id
            ):
                methods[verification_method_id] = entry
                authorised = True
        vm = methods.get(verification_method_id)
        if vm is None:
            raise KeyResolutionError(f"{did} has no verification method {verification_method_id}")
        if not authorised:
            raise KeyResolutionError(
                f"{did} does not allow {verification_method_id} to be used for {purpose}"
            )
        if _absolute(did, vm.get("controller", "")) != did:
            raise KeyResolutionError(
                f"verification method {verification_method_id} is not controlled by {did}"
            )
        key = _public_key(vm)
        self._keys[(verification_method_id, purpose)] = key
        return key
