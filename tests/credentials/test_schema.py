import copy
import hashlib
import json
import socket
import urllib.request

import pytest

from campus.credentials.vc import schema
from campus.credentials.vc.schema import RemoteReferenceError, validate_openbadge

SCHEMAS = schema.SCHEMA_PATH.parent
EXAMPLE = json.loads((SCHEMAS / "ob_v3p0_complete_example.json").read_text(encoding="utf-8"))


def campus_credential() -> dict:
    """An OpenBadgeCredential shaped as the campus issues them (unsigned)."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "https://campus.example/credentials/7f0c",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Climate adaptation",
        "issuer": {
            "id": "did:web:campus.example:institutions:thomas-more",
            "type": ["Profile"],
            "name": "Thomas More",
            "address": {"type": ["Address"], "addressCountry": "BE"},
        },
        "validFrom": "2025-06-30T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$" + "ab" * 32,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "pepper",
                }
            ],
            "creditsEarned": 5,
            "achievement": {
                "id": "https://campus.example/achievements/climate-adaptation",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Climate adaptation",
                "description": "Map climate risks of a municipality.",
                "criteria": {"narrative": "Pass the assessed project."},
                "creditsAvailable": 5,
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "climate risk analysis",
                        "targetUrl": "http://data.europa.eu/esco/skill/0a1b",
                        "targetFramework": "ESCO",
                    }
                ],
            },
        },
        "credentialStatus": {
            "id": "https://campus.example/status/revocation/1#7",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "7",
            "statusListCredential": "https://campus.example/status/revocation/1",
        },
    }


def test_the_specification_complete_example_is_valid():
    assert validate_openbadge(EXAMPLE) == []


def test_a_campus_credential_is_valid():
    assert validate_openbadge(campus_credential()) == []


def test_a_signed_campus_credential_is_valid_with_its_proof_in_an_array():
    """1EdTech's JSON schema wants every collection as an array, ``proof`` too.

    VC Data Model 2.0 allows a single proof object as well, and in JSON-LD the two
    say the same; but 1EdTech's schema (and so its validator, see
    1EdTech/digital-credentials-public-validator#11) accepts only the array.
    """
    credential = campus_credential()
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-06-30T12:00:00Z",
        "verificationMethod": "did:web:campus.example#key-1",
        "proofPurpose": "assertionMethod",
        "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UAUL5n2Brbx",
    }
    credential["proof"] = [proof]
    assert validate_openbadge(credential) == []
    credential["proof"] = proof
    [message] = validate_openbadge(credential)
    assert message.startswith("proof: {") and message.endswith("is not of type 'array'")


def test_a_missing_criteria_is_reported_with_its_path():
    doc = copy.deepcopy(EXAMPLE)
    del doc["credentialSubject"]["achievement"]["criteria"]
    assert validate_openbadge(doc) == [
        "credentialSubject.achievement: 'criteria' is a required property"
    ]


def test_missing_top_level_properties_are_reported_without_a_path():
    doc = copy.deepcopy(EXAMPLE)
    del doc["issuer"], doc["validFrom"]
    assert validate_openbadge(doc) == [
        "'issuer' is a required property",
        "'validFrom' is a required property",
    ]


def test_array_positions_appear_in_the_path():
    doc = campus_credential()
    doc["credentialSubject"]["identifier"][0]["hashed"] = "yes"
    del doc["credentialSubject"]["achievement"]["alignment"][0]["targetUrl"]
    messages = validate_openbadge(doc)
    assert (
        "credentialSubject.achievement.alignment[0]: 'targetUrl' is a required property" in messages
    )
    assert "credentialSubject.identifier[0].hashed: 'yes' is not of type 'boolean'" in messages


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(validFrom="30 June 2025"),
            "validFrom: '30 June 2025' is not a 'date-time'",
        ),
        (
            lambda d: d.update(validFrom="2025-13-01T00:00:00Z"),
            "validFrom: '2025-13-01T00:00:00Z' is not a 'date-time'",
        ),
        (
            lambda d: d.update(validFrom="2025-06-30T12:00:00"),  # no time zone
            "validFrom: '2025-06-30T12:00:00' is not a 'date-time'",
        ),
        (
            lambda d: d["@context"].reverse(),
            "@context[0]: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json' "
            "is not one of ['https://www.w3.org/ns/credentials/v2']",
        ),
        (
            lambda d: d["@context"].pop(),
            "@context: ['https://www.w3.org/ns/credentials/v2'] is too short",
        ),
        (
            lambda d: d["credentialSubject"].pop("achievement"),
            "credentialSubject: 'achievement' is a required property",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].update(name=5),
            "credentialSubject.achievement.name: 5 is not of type 'string'",
        ),
    ],
)
def test_broken_variants_give_plain_messages(change, expected):
    doc = campus_credential()
    change(doc)
    assert expected in validate_openbadge(doc)


def test_a_credential_that_is_not_an_open_badge_is_reported():
    doc = campus_credential()
    doc["type"] = ["VerifiableCredential"]
    messages = validate_openbadge(doc)
    assert messages and all(m.startswith("type") for m in messages)


def test_alternatives_say_which_came_closest():
    doc = campus_credential()
    doc["credentialSubject"]["achievement"]["alignment"][0]["targetType"] = 5
    [message] = validate_openbadge(doc)
    assert message == (
        "credentialSubject.achievement.alignment[0].targetType: matches none of the allowed "
        "forms; closest: 5 is not of type 'string'"
    )


def test_an_issuer_object_is_checked_as_a_profile_not_as_a_url():
    doc = campus_credential()
    del doc["issuer"]["type"]
    assert validate_openbadge(doc) == [
        "issuer: matches none of the allowed forms; closest: 'type' is a required property"
    ]


def test_not_an_object_at_all():
    assert validate_openbadge([]) == ["[] is not of type 'object'"]
    assert "'credentialSubject' is a required property" in validate_openbadge({})


def test_long_values_are_shortened_in_messages():
    doc = campus_credential()
    doc["credentialSubject"]["achievement"]["name"] = {"x": "y" * 5000}
    [message] = validate_openbadge(doc)
    assert len(message) < 400


def test_the_schema_is_loaded_once():
    schema._validator.cache_clear()
    validate_openbadge(EXAMPLE)
    validate_openbadge(campus_credential())
    info = schema._validator.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_validation_never_touches_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the schema check tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    schema._validator.cache_clear()
    assert validate_openbadge(EXAMPLE) == []


def test_a_remote_reference_fails_clearly_instead_of_being_fetched(monkeypatch, tmp_path):
    remote = {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": "https://campus.example/schema.json",
        "type": "object",
        "properties": {"issuer": {"$ref": "https://elsewhere.example/profile.json"}},
    }
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(remote))

    def no_network(*args, **kwargs):
        raise AssertionError("the schema check tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(schema, "SCHEMA_PATH", path)
    schema._validator.cache_clear()
    try:
        assert validate_openbadge({"name": "no issuer, no reference followed"}) == []
        with pytest.raises(RemoteReferenceError, match="elsewhere.example/profile.json"):
            validate_openbadge({"issuer": {"id": "x"}})
    finally:
        schema._validator.cache_clear()


def test_the_shipped_files_are_the_ones_sources_md_names():
    sources = (SCHEMAS / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("ob_v3p0_achievementcredential_schema.json", "ob_v3p0_complete_example.json"):
        digest = hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest()
        assert name in sources and digest in sources, name
