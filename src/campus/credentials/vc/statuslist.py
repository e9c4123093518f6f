"""W3C Bitstring Status List v1.0: the revocation and suspension lists of the campus's credentials.

A status list is a long bitstring; a credential names one position in it (its
``credentialStatus`` entry) and the bit there says whether the status (revoked,
suspended, ...) applies. The list is published inside a
``BitstringStatusListCredential`` as ``encodedList``: the bitstring
GZIP-compressed, base64url-encoded without padding, with the multibase prefix
``u``. Index 0 is the left-most bit: the most significant bit of the first byte.

Plain data in and out; no Django.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib

#: The smallest list the specification allows: 16 KiB of bits, so that one
#: credential's status hides among many (herd privacy).
MIN_LENGTH = 131072

#: The largest decompressed list :meth:`StatusList.decode` accepts (16 MiB,
#: 134 million entries): a few kilobytes of GZIP can inflate to gigabytes, and
#: a verifier decodes lists that others publish.
MAX_BYTES = 16 * 1024 * 1024

MULTIBASE_BASE64URL = "u"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")

PURPOSES = ("revocation", "suspension", "refresh", "message")


class StatusList:
    """A fixed-size bitstring of credential statuses, all clear when created."""

    __slots__ = ("_bits", "_size")

    def __init__(self, size: int = MIN_LENGTH) -> None:
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError("a status list's size is a whole number of entries")
        if size < MIN_LENGTH:
            raise ValueError(
                f"a status list holds at least {MIN_LENGTH} entries (W3C Bitstring Status "
                f"List, for herd privacy); {size} is too few"
            )
        if size % 8:
            raise ValueError(f"a status list's size is a multiple of 8; {size} is not")
        self._size = size
        self._bits = bytearray(size // 8)

    def __len__(self) -> int:
        return self._size

    def _position(self, index: int) -> tuple[int, int]:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"a status list index is a whole number, not {index!r}")
        if not 0 <= index < self._size:
            raise IndexError(
                f"status list index {index} is outside the list (0 to {self._size - 1})"
            )
        # Index 0 is the left-most bit, the most significant bit of byte 0.
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        """Whether the status at ``index`` is set."""
        byte, mask = self._position(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        """Set (or, with ``value=False``, clear) the status at ``index``."""
        byte, mask = self._position(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    @classmethod
    def from_bytes(cls, bits: bytes) -> StatusList:
        """A list over a raw bitstring (as ``to_bytes`` gives it), with the same size rules."""
        if len(bits) * 8 < MIN_LENGTH:
            raise ValueError(
                f"the status list has {len(bits) * 8} entries; the specification requires "
                f"at least {MIN_LENGTH}"
            )
        status_list = cls.__new__(cls)
        status_list._size = len(bits) * 8
        status_list._bits = bytearray(bits)
        return status_list

    def to_bytes(self) -> bytes:
        """The raw bitstring, before compression."""
        return bytes(self._bits)

    def encode(self) -> str:
        """The ``encodedList`` value: multibase ``u`` + base64url(GZIP(bitstring)), unpadded."""
        # mtime=0 makes the output depend on the bits alone, so an unchanged
        # list republishes byte for byte.
        compressed = gzip.compress(bytes(self._bits), compresslevel=9, mtime=0)
        text = base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")
        return MULTIBASE_BASE64URL + text

    @classmethod
    def decode(cls, encoded: str) -> StatusList:
        """Read an ``encodedList`` value; ValueError says what is wrong with a bad one."""
        if not isinstance(encoded, str):
            raise ValueError("an encoded status list is a string")
        if not encoded.startswith(MULTIBASE_BASE64URL):
            raise ValueError(
                "an encoded status list starts with the multibase prefix 'u' (base64url)"
            )
        text = encoded[1:].rstrip("=")
        if not _BASE64URL.fullmatch(text):
            raise ValueError("the encoded status list is not valid base64url")
        try:
            compressed = base64.b64decode(
                text + "=" * (-len(text) % 4), altchars=b"-_", validate=True
            )
        except (binascii.Error, ValueError) as exc:
            raise ValueError("the encoded status list is not valid base64url") from exc
        return cls.from_bytes(_gunzip(compressed))


def _gunzip(compressed: bytes) -> bytes:
    """Decompress one GZIP member, refusing more than MAX_BYTES of output."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except zlib.error as exc:
        raise ValueError("the encoded status list is not GZIP-compressed data") from exc
    if len(bits) > MAX_BYTES or inflater.unconsumed_tail:
        raise ValueError(f"the status list decompresses to more than {MAX_BYTES} bytes")
    if not inflater.eof:
        raise ValueError("the encoded status list is truncated GZIP data")
    return bits


def entry(list_credential_url: str, index: int, purpose: str) -> dict:
    """The ``credentialStatus`` entry (BitstringStatusListEntry) for one position in a list."""
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError(f"a status list index is a whole number from 0; {index!r} is not")
    _check_purpose(purpose)
    return {
        "id": f"{list_credential_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_credential_url,
    }


def status_list_credential(
    url: str, issuer: dict | str, purpose: str, encoded: str, valid_from: str
) -> dict:
    """The unsigned BitstringStatusListCredential (VC Data Model 2.0) that publishes a list."""
    _check_purpose(purpose)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ValueError(
            f"status purpose {purpose!r} is not one of {', '.join(PURPOSES)} "
            "(W3C Bitstring Status List)"
        )
