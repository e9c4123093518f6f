import base64
import gzip
import json
from pathlib import Path

import pytest

from campus.credentials.vc import statuslist
from campus.credentials.vc.statuslist import (
    MAX_BYTES,
    MIN_LENGTH,
    StatusList,
    entry,
    status_list_credential,
)

V2_CONTEXT = Path(statuslist.__file__).parent / "contexts" / "credentials-v2.jsonld"

# The example encodedList of the W3C Bitstring Status List specification: 16 KiB of zero bits.
SPEC_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def _encode_raw(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(raw)).decode().rstrip("=")


def test_new_list_is_all_clear_and_the_minimum_size():
    status_list = StatusList()
    assert len(status_list) == MIN_LENGTH == 131072
    assert not any(status_list.get(i) for i in (0, 1, 7, 8, MIN_LENGTH - 1))
    assert status_list.to_bytes() == bytes(MIN_LENGTH // 8)


def test_set_get_and_clear():
    status_list = StatusList()
    status_list.set(42)
    assert status_list.get(42)
    assert not status_list.get(41) and not status_list.get(43)
    status_list.set(42, False)
    assert not status_list.get(42)


def test_round_trip_keeps_every_bit():
    status_list = StatusList(MIN_LENGTH * 2)
    indices = {0, 1, 7, 8, 9, 1000, 131071, 131072, 2 * MIN_LENGTH - 1}
    for index in indices:
        status_list.set(index)
    decoded = StatusList.decode(status_list.encode())
    assert len(decoded) == 2 * MIN_LENGTH
    assert {i for i in range(len(decoded)) if decoded.get(i)} == indices


def test_encoding_is_multibase_base64url_gzip_without_padding():
    encoded = StatusList().encode()
    assert encoded.startswith("u")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    body = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert raw == bytes(MIN_LENGTH // 8)


def test_encoding_is_reproducible():
    first, second = StatusList(), StatusList()
    first.set(5)
    second.set(5)
    assert first.encode() == second.encode()


def test_bit_order_index_zero_is_the_most_significant_bit_of_the_first_byte():
    status_list = StatusList()
    status_list.set(0)  # 1000 0000 -> 0x80
    status_list.set(9)  # byte 1: 0100 0000 -> 0x40
    status_list.set(14)  # byte 1: 0000 0010 -> 0x02, so 0x42 together
    status_list.set(MIN_LENGTH - 1)  # the last bit: 0x01 in the last byte
    raw = status_list.to_bytes()
    assert raw[0] == 0x80
    assert raw[1] == 0x42
    assert raw[2:-1] == bytes(len(raw) - 3)
    assert raw[-1] == 0x01


def test_decode_reads_a_list_made_elsewhere_with_the_spec_bit_order():
    raw = bytearray(MIN_LENGTH // 8)
    raw[0] = 0b0010_0001  # indices 2 and 7
    raw[3] = 0b1000_0000  # index 24
    decoded = StatusList.decode(_encode_raw(bytes(raw)))
    assert [i for i in range(64) if decoded.get(i)] == [2, 7, 24]


def test_decode_reads_the_specification_example():
    decoded = StatusList.decode(SPEC_EXAMPLE)
    assert len(decoded) == MIN_LENGTH
    assert not any(decoded.to_bytes())


def test_decode_accepts_padding_a_lenient_issuer_left_on():
    encoded = StatusList().encode()
    assert len(StatusList.decode(encoded + "=" * (-(len(encoded) - 1) % 4))) == MIN_LENGTH


@pytest.mark.parametrize("index", [-1, MIN_LENGTH, MIN_LENGTH + 100])
def test_index_out_of_range_is_an_index_error_that_names_the_range(index):
    status_list = StatusList()
    with pytest.raises(IndexError, match=r"outside the list \(0 to 131071\)"):
        status_list.get(index)
    with pytest.raises(IndexError, match="outside the list"):
        status_list.set(index)


def test_index_must_be_an_integer():
    with pytest.raises(TypeError):
        StatusList().get("3")
    with pytest.raises(TypeError):
        StatusList().set(True)


@pytest.mark.parametrize("size", [0, 8, MIN_LENGTH - 8])
def test_a_list_smaller_than_the_minimum_is_refused(size):
    with pytest.raises(ValueError, match="at least 131072"):
        StatusList(size)


def test_size_is_a_multiple_of_eight():
    with pytest.raises(ValueError, match="multiple of 8"):
        StatusList(MIN_LENGTH + 3)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("", "prefix 'u'"),
        ("zH4sIAAAAAAAAA", "prefix 'u'"),
        (SPEC_EXAMPLE[1:], "prefix 'u'"),
        ("u!!!notbase64", "not valid base64url"),
        ("uH4sI+AAA/AAA", "not valid base64url"),
        ("u" + base64.urlsafe_b64encode(b"plain bytes, not gzip").decode(), "not GZIP"),
        (
            "u" + base64.urlsafe_b64encode(gzip.compress(bytes(2048), mtime=0)[:20]).decode(),
            "truncated",
        ),
    ],
)
def test_decode_rejects_bad_input_with_a_plain_message(encoded, message):
    with pytest.raises(ValueError, match=message):
        StatusList.decode(encoded)


def test_decode_rejects_a_non_string():
    with pytest.raises(ValueError, match="string"):
        StatusList.decode(b"uH4sI")


def test_decode_rejects_a_list_shorter_than_the_minimum():
    with pytest.raises(ValueError, match="at least 131072"):
        StatusList.decode(_encode_raw(bytes(1024)))


def test_decode_refuses_a_decompression_bomb():
    bomb = _encode_raw(bytes(MAX_BYTES + 1))
    assert len(bomb) < 40_000
    with pytest.raises(ValueError, match="more than"):
        StatusList.decode(bomb)


def test_entry_is_a_bitstring_status_list_entry():
    url = "https://campus.example/credentials/status/revocation/1"
    assert entry(url, 94567, "revocation") == {
        "id": f"{url}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": url,
    }


@pytest.mark.parametrize("index", [-1, "3", 1.5, True])
def test_entry_refuses_a_bad_index(index):
    with pytest.raises(ValueError, match="whole number"):
        entry("https://campus.example/status/1", index, "revocation")


def test_entry_refuses_an_unknown_purpose():
    with pytest.raises(ValueError, match="not one of revocation, suspension"):
        entry("https://campus.example/status/1", 3, "expiry")


def test_status_list_credential_is_an_unsigned_vc2_credential():
    url = "https://campus.example/credentials/status/suspension/1"
    status_list = StatusList()
    status_list.set(7)
    issuer = {"id": "did:web:campus.example", "type": ["Profile"], "name": "HEROES"}
    credential = status_list_credential(
        url, issuer, "suspension", status_list.encode(), "2025-01-01T00:00:00Z"
    )
    assert credential == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "suspension",
            "encodedList": status_list.encode(),
        },
    }
    assert StatusList.decode(credential["credentialSubject"]["encodedList"]).get(7)


def _iris(expanded):
    """Every property and type IRI in an expanded JSON-LD document."""
    if isinstance(expanded, list):
        for item in expanded:
            yield from _iris(item)
    elif isinstance(expanded, dict):
        for key, value in expanded.items():
            if key == "@type":
                yield from value if isinstance(value, list) else [value]
            elif not key.startswith("@"):
                yield key
            yield from _iris(value)


def test_the_v2_context_defines_every_term_the_status_documents_use():
    """JSON-LD drops a term no context defines, and a signature would not cover it.

    A trailing ``@vocab`` turns every term the v2 context leaves undefined into
    an ``urn:undefined:`` IRI, so none may appear.
    """
    from pyld import jsonld

    context = json.loads(V2_CONTEXT.read_text())

    def loader(url, options=None):
        assert url == "https://www.w3.org/ns/credentials/v2", url
        return {"contextUrl": None, "documentUrl": url, "document": context}

    url = "https://campus.example/credentials/status/revocation/1"
    credential = status_list_credential(
        url, "did:web:campus.example", "revocation", StatusList().encode(), "2025-01-01T00:00:00Z"
    )
    holder = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:campus.example",
        "credentialSubject": {"id": "did:example:learner"},
        "credentialStatus": entry(url, 5, "revocation"),
    }
    undefined = "urn:undefined:"

    def expanded_iris(document):
        probe = {**document, "@context": [*document["@context"], {"@vocab": undefined}]}
        return set(_iris(jsonld.expand(probe, {"documentLoader": loader})))

    for document in (credential, holder):
        iris = expanded_iris(document)
        assert "https://www.w3.org/ns/credentials/status#statusPurpose" in iris
        assert not [iri for iri in iris if iri.startswith(undefined)]
    # and the probe does catch a term the context lacks
    credential["credentialSubject"]["statusColour"] = "red"
    assert undefined + "statusColour" in expanded_iris(credential)
