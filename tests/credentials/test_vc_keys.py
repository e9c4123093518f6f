"""Multibase encodings and DID resolution."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from campus.credentials.vc import multibase
from campus.credentials.vc.did import Resolver, did_key_document, did_web_document, did_web_from_url
from campus.credentials.vc.proofs import KeyResolutionError


@given(st.binary(max_size=80))
def test_base58_round_trip(data):
    encoded = multibase.b58encode(data)
    assert multibase.b58decode(encoded) == data
    assert multibase.multibase_decode(multibase.multibase_encode_b58(data)) == data
    assert multibase.multibase_decode(multibase.multibase_encode_b64url(data)) == data


def test_base58_known_values():
    assert multibase.b58encode(b"hello world") == "StV1DL6CwTryKyV"
    assert multibase.b58encode(b"\0\0\x01") == "112"
    assert multibase.b58decode("") == b""


@pytest.mark.parametrize("bad", ["", "x123", "z0OIl", "uab=", 5])
def test_multibase_decode_rejects(bad):
    with pytest.raises(ValueError):
        multibase.multibase_decode(bad)


def test_public_key_multibase_validates_prefix_and_length():
    raw = bytes(range(32))
    text = multibase.public_key_multibase(raw)
    assert text.startswith("z6Mk")
    assert multibase.public_key_from_multibase(text) == raw
    assert multibase.did_key(raw) == "did:key:" + text
    with pytest.raises(ValueError, match="0xed01"):
        multibase.public_key_from_multibase(multibase.multibase_encode_b58(b"\x80\x26" + raw))
    with pytest.raises(ValueError, match="32 bytes"):
        multibase.public_key_from_multibase(multibase.multibase_encode_b58(b"\xed\x01" + raw[:31]))
    with pytest.raises(ValueError):
        multibase.public_key_multibase(raw[:31])
    with pytest.raises(ValueError):
        multibase.private_key_from_multibase(text)


def key():
    private = Ed25519PrivateKey.generate()
    return private, private.public_key().public_bytes_raw()


def test_did_key_resolves_per_the_did_key_spec():
    _, raw = key()
    did = multibase.did_key(raw)
    document = did_key_document(did)
    vm_id = f"{did}#{did[len('did:key:') :]}"
    assert document["verificationMethod"][0]["id"] == vm_id
    assert vm_id in document["assertionMethod"]
    resolver = Resolver()
    assert resolver.resolve_key(vm_id).public_bytes_raw() == raw
    assert resolver.resolve_key(vm_id) is resolver.resolve_key(vm_id)  # cached


def test_did_web_from_local_documents():
    _, raw = key()
    did = did_web_from_url("campus.heroes-alliance.eu", ["institutions", "fontys"])
    assert did == "did:web:campus.heroes-alliance.eu:institutions:fontys"
    assert did_web_from_url("localhost:8000") == "did:web:localhost%3A8000"
    document = did_web_document(did, [("#key-1", raw)])
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    resolver = Resolver({did: document}.get)
    assert resolver.resolve_key(did + "#key-1").public_bytes_raw() == raw
    with pytest.raises(KeyResolutionError, match="does not allow"):
        resolver.resolve_key(did + "#key-1", "authentication")
    with pytest.raises(KeyResolutionError, match="has no verification method"):
        resolver.resolve_key(did + "#key-2")


def test_did_web_with_jwk_and_embedded_method():
    _, raw = key()
    did = "did:web:example.edu"
    x = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    document = {
        "id": did,
        "assertionMethod": [
            {
                "id": "#jwk",
                "type": "JsonWebKey2020",
                "controller": did,
                "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": x},
            }
        ],
    }
    assert Resolver({did: document}.get).resolve_key(did + "#jwk").public_bytes_raw() == raw


def test_verification_method_controlled_by_someone_else_is_refused():
    _, raw = key()
    did = "did:web:example.edu"
    document = did_web_document(did, [("#key-1", raw)])
    document["verificationMethod"][0]["controller"] = "did:web:attacker.example"
    with pytest.raises(KeyResolutionError, match="not controlled by did:web:example.edu"):
        Resolver({did: document}.get).resolve_key(did + "#key-1")


@pytest.mark.parametrize(
    ("vm", "message"),
    [
        ("did:web:unknown.example#key-1", "did:web:unknown.example cannot be resolved offline"),
        ("did:example:123#key-1", "did:example is not supported"),
        ("did:key:zNotAKey#zNotAKey", "is not an Ed25519 did:key"),
        ("https://example.org/key", "not a DID URL"),
    ],
)
def test_unresolvable_keys(vm, message):
    with pytest.raises(KeyResolutionError, match=message):
        Resolver().resolve_key(vm)
