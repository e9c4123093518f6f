"""Multibase, multicodec and did:key encodings of Ed25519 keys and signatures.

Only what Data Integrity proofs use: base58btc (prefix ``z``, Bitcoin alphabet) and
base64url without padding (prefix ``u``); public keys are multicodec ``ed25519-pub``
(0xed01) and private keys ``ed25519-priv`` (0x8026, followed by the 32-byte seed).
"""

from __future__ import annotations

import base64

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(B58_ALPHABET)}

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


def b58encode(data: bytes) -> str:
    """Base58btc: the bytes as a big number in base 58, one leading '1' per leading zero byte."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(B58_ALPHABET[rest])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Inverse of b58encode; ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _B58_INDEX[char]
        except KeyError:
            raise ValueError(f"{char!r} is not a base58btc character") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode_b58(data: bytes) -> str:
    """Multibase base58btc: 'z' + base58btc."""
    return "z" + b58encode(data)


def multibase_encode_b64url(data: bytes) -> str:
    """Multibase base64url without padding: 'u' + base64url."""
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def multibase_decode(text: str) -> bytes:
    """Decode a multibase string ('z' base58btc or 'u' base64url); ValueError otherwise."""
    if not isinstance(text, str) or not text:
        raise ValueError("a multibase value is a non-empty string")
    prefix, body = text[0], text[1:]
    if prefix == "z":
        return b58decode(body)
    if prefix == "u":
        if "=" in body or "+" in body or "/" in body:
            raise ValueError("base64url multibase values have no padding and use - and _")
        try:
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (ValueError, base64.binascii.Error) as error:
            raise ValueError(f"not valid base64url: {error}") from None
    raise ValueError(f"multibase prefix {prefix!r} is not supported (expected 'z' or 'u')")


def public_key_multibase(raw: bytes) -> str:
    """The multibase form of a raw 32-byte Ed25519 public key ('z6Mk...')."""
    if len(raw) != 32:
        raise ValueError(f"an Ed25519 public key has 32 bytes, not {len(raw)}")
    return multibase_encode_b58(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(text: str) -> bytes:
    """The raw 32-byte Ed25519 public key of a 'z6Mk...' value; ValueError if it is not one."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("an Ed25519 public key multibase value starts with 'z' (base58btc)")
    data = multibase_decode(text)
    if data[:2] != ED25519_PUB_PREFIX:
        raise ValueError("the key is not an Ed25519 public key (multicodec 0xed01)")
    if len(data) != 34:
        raise ValueError(f"an Ed25519 public key has 32 bytes, not {len(data) - 2}")
    return data[2:]


def private_key_multibase(seed: bytes) -> str:
    """The multibase form of a 32-byte Ed25519 private key seed."""
    if len(seed) != 32:
        raise ValueError(f"an Ed25519 private key has 32 bytes, not {len(seed)}")
    return multibase_encode_b58(ED25519_PRIV_PREFIX + seed)


def private_key_from_multibase(text: str) -> bytes:
    """The 32-byte seed of a multibase Ed25519 private key; ValueError if it is not one."""
    data = multibase_decode(text)
    if data[:2] != ED25519_PRIV_PREFIX:
        raise ValueError("the key is not an Ed25519 private key (multicodec 0x8026)")
    if len(data) != 34:
        raise ValueError(f"an Ed25519 private key has 32 bytes, not {len(data) - 2}")
    return data[2:]


def did_key(raw: bytes) -> str:
    """The did:key DID of a raw Ed25519 public key."""
    return "did:key:" + public_key_multibase(raw)
