"""The fast JSON-LD -> RDFC-1.0 path gives pyld's bytes, and the safe-mode check names what
expansion drops."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.credentials.vc import canon, loader
from campus.credentials.vc.canon import DroppedTerms
from campus.credentials.vc.loader import ContextNotAvailable

DATA = Path(__file__).parent / "data"  # copies of published files; see its README
VECTORS = DATA / "vc-test-vectors"
HEROES = loader.HEROES_MICROCREDENTIAL_V1
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
V2 = "https://www.w3.org/ns/credentials/v2"


def campus_credential(n: int = 1, *, alignments: int = 5, issuer: str | None = None) -> dict:
    """An Open Badges 3.0 micro-credential as the campus issues it."""
    esco = [
        f"http://data.europa.eu/esco/skill/{i:08d}-5a6f-4c1b-9d2e-{n:012d}"
        for i in range(alignments)
    ]
    return {
        "@context": [V2, OB, HEROES],
        "id": f"urn:uuid:6a1f1e0c-0000-4000-8000-{n:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Circular economy for regional SMEs",
        "issuer": {
            "id": issuer or "did:web:campus.heroes-alliance.eu:institutions:fontys",
            "type": ["Profile"],
            "name": "Fontys University of Applied Sciences",
            "url": "https://fontys.nl",
            "address": {
                "type": ["Address"],
                "addressCountry": "Netherlands",
                "addressCountryCode": "NL",
            },
        },
        "validFrom": "2025-03-01T10:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$" + f"{n:064x}",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "c2FsdA",
                }
            ],
            "achievement": {
                "id": "https://campus.heroes-alliance.eu/achievements/42",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Circular economy for regional SMEs",
                "description": "Designing a circular business model with a regional SME.",
                "criteria": {"narrative": "Completed the challenge and passed the assessment."},
                "creditsAvailable": 5.0,
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": f"ESCO skill {i}",
                        "targetUrl": url,
                        "targetFramework": "ESCO",
                        "targetCode": url.rsplit("/", 1)[1],
                    }
                    for i, url in enumerate(esco)
                ]
                + [
                    {
                        "type": ["Alignment"],
                        "targetName": "EQF level 6",
                        "targetUrl": "http://data.europa.eu/snb/eqf/6",
                        "targetFramework": "European Qualifications Framework",
                        "targetCode": "6",
                    }
                ],
                "assessmentType": "Project with oral defence",
                "participationForm": "blended",
                "qualityAssurance": "Internal quality assurance, accredited by NVAO",
                "learningOutcome": ["Analyse material flows", "Design a circular business model"],
            },
            "result": [{"type": ["Result"], "value": "8.5"}],
        },
        "credentialStatus": {
            "id": "https://campus.heroes-alliance.eu/status/1#94567",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": "https://campus.heroes-alliance.eu/status/1",
        },
    }


def vector(name: str) -> dict:
    return json.loads((VECTORS / name).read_text())


def same_as_pyld(doc) -> canon.Dataset:
    fast = canon.dataset(doc)
    reference = canon.reference_dataset(doc)
    assert fast.nquads == reference.nquads
    assert bool(fast.dropped) == bool(reference.dropped)
    return fast


@pytest.mark.parametrize(
    "name",
    [
        "unsigned.json",
        "eddsa-rdfc-2022/signedDataInt.json",
        "eddsa-rdfc-2022/proofConfigDataInt.json",
        "eddsa-rdfc-2022/employ/signedDataInt.json",
        "eddsa-rdfc-2022/employ/proofConfigDataInt.json",
    ],
)
def test_fast_path_gives_pyld_bytes_on_the_w3c_vectors(name):
    assert same_as_pyld(vector(name)).fast


def test_fast_path_gives_pyld_bytes_on_the_campus_credential():
    result = same_as_pyld(campus_credential())
    assert result.fast and not result.dropped
    assert "_:c14n" in result.nquads


def test_the_open_badges_complete_example_goes_the_reference_way_when_a_context_is_missing():
    doc = json.loads((DATA / "credentials/ob3-spec-complete-example.json").read_text())
    with pytest.raises(ContextNotAvailable, match="extensions.json is not available offline"):
        canon.dataset(doc)


def test_identical_blank_nodes_need_the_n_degree_step_and_still_match():
    doc = campus_credential()
    alignment = doc["credentialSubject"]["achievement"]["alignment"]
    alignment.append(copy.deepcopy(alignment[0]))
    alignment.append({"type": ["Alignment"], "targetName": "x", "targetUrl": "https://x.example"})
    alignment.append({"type": ["Alignment"], "targetName": "x", "targetUrl": "https://x.example"})
    same_as_pyld(doc)


def test_undefined_property_is_dropped_and_named():
    doc = campus_credential()
    doc["credentialSubject"]["achievement"]["grade"] = "A"
    doc["notInAnyContext"] = 1
    result = same_as_pyld(doc)
    assert sorted(result.dropped) == ["grade", "notInAnyContext"]
    with pytest.raises(DroppedTerms) as raised:
        canon.expand_safe(doc)
    assert raised.value.terms == ["grade", "notInAnyContext"]
    with pytest.raises(DroppedTerms, match="grade, notInAnyContext"):
        canon.canonicalize(doc, safe=True)
    # without the safe check the canonical form ignores them
    assert canon.canonicalize(doc) == canon.canonicalize(campus_credential())


def test_undefined_type_is_reported():
    doc = campus_credential()
    doc["type"].append("HeroesCredential")
    result = same_as_pyld(doc)
    assert result.dropped == ["HeroesCredential"]
    with pytest.raises(DroppedTerms, match="HeroesCredential"):
        canon.expand_safe(doc)


def test_expand_safe_returns_the_expanded_form():
    expanded = canon.expand_safe(campus_credential())
    assert isinstance(expanded, list)
    assert expanded[0]["@id"].startswith("urn:uuid:")


def test_unknown_context_is_refused_without_network():
    doc = {"@context": [V2, "https://example.org/unknown/v1"], "type": "VerifiableCredential"}
    with pytest.raises(ContextNotAvailable) as raised:
        canon.dataset(doc)
    assert str(raised.value) == "context https://example.org/unknown/v1 is not available offline"
    with pytest.raises(ContextNotAvailable):
        canon.reference_dataset(doc)


def test_loader_serves_shipped_files_and_refuses_others():
    remote = loader.document_loader(V2)
    assert remote["documentUrl"] == V2 and "@context" in remote["document"]
    assert set(remote) == {"contentType", "contextUrl", "documentUrl", "document"}
    assert loader.document_loader(HEROES)["document"]["@context"]["@protected"] is True
    with pytest.raises(ContextNotAvailable, match="not available offline"):
        loader.document_loader("https://example.org/ctx")
    for filename in loader.CONTEXTS.values():
        assert (loader.CONTEXTS_DIR / filename).is_file()


def test_shipped_contexts_are_byte_for_byte_copies():
    published = dict(
        reversed(line.split()) for line in (DATA / "contexts.sha256").read_text().splitlines()
    )
    assert len(published) == 4
    for filename, digest in published.items():
        shipped = (loader.CONTEXTS_DIR / filename).read_bytes()
        assert hashlib.sha256(shipped).hexdigest() == digest, filename


def test_registered_context_is_served():
    url = "https://example.org/test-context/v1"
    loader.register_context(url, {"@context": {"shoeSize": "https://example.org/vocab#shoeSize"}})
    doc = campus_credential()
    doc["@context"].append(url)
    doc["credentialSubject"]["shoeSize"] = 44
    result = same_as_pyld(doc)
    assert not result.dropped
    assert '<https://example.org/vocab#shoeSize> "44"^^' in result.nquads


def test_inline_context_list_container_and_value_objects_match():
    doc = campus_credential()
    doc["@context"] = doc["@context"] + [
        {
            "ex": "https://example.org/vocab#",
            "steps": {"@id": "ex:steps", "@container": "@list"},
            "link": {"@id": "ex:link", "@type": "@id"},
        }
    ]
    doc["credentialSubject"]["steps"] = ["one", {"ex:label": "two"}, 3, None, 4.25, True]
    doc["credentialSubject"]["link"] = "https://example.org/a"
    doc["credentialSubject"]["ex:when"] = {"@value": "2024-01-01", "@type": "ex:date"}
    doc["credentialSubject"]["ex:empty"] = []
    doc["credentialSubject"]["ex:nested"] = [["a", "b"], "a"]
    same_as_pyld(doc)


# ------------------------------------------------------------------ property-based

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=9, max_codepoint=0x2FFF),
    max_size=20,
)
simple_values = st.one_of(
    text,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.none(),
)
undefined_keys = st.sampled_from(["grade", "shoeSize", "@weird", "extra"])


@st.composite
def credentials(draw):
    doc = campus_credential(draw(st.integers(0, 10**6)), alignments=draw(st.integers(0, 6)))
    subject = doc["credentialSubject"]
    achievement = subject["achievement"]
    achievement["name"] = draw(text)
    achievement["creditsAvailable"] = draw(simple_values)
    achievement["learningOutcome"] = draw(st.lists(text, max_size=3))
    for alignment in achievement["alignment"]:
        alignment["targetName"] = draw(
            st.sampled_from(["ESCO skill", "skill", alignment["targetName"]])
        )
        if draw(st.booleans()):
            alignment["targetUrl"] = draw(
                st.sampled_from(["https://a.example/1", "https://a.example/2"])
            )
    if draw(st.booleans()):
        achievement["alignment"].append(
            copy.deepcopy(draw(st.sampled_from(achievement["alignment"] or [{}])))
        )
    if draw(st.booleans()):
        subject["id"] = draw(st.sampled_from(["did:example:learner", "_:learner", "urn:uuid:1"]))
    if draw(st.booleans()):
        subject["result"] = [
            {
                "type": ["Result"],
                "value": draw(text),
                "status": draw(st.sampled_from(["Completed", "Enrolled"])),
            }
            for _ in range(draw(st.integers(0, 3)))
        ]
    if draw(st.booleans()):
        achievement["resultDescription"] = [
            {
                "id": "urn:uuid:rd",
                "type": ["ResultDescription"],
                "name": draw(text),
                "resultType": "LetterGrade",
                "allowedValue": draw(st.lists(st.one_of(text, st.none()), max_size=4)),
            }
        ]
    if draw(st.booleans()):
        doc["proof"] = {
            "type": "DataIntegrityProof",
            "cryptosuite": draw(st.sampled_from(["eddsa-rdfc-2022", "eddsa-2022"])),
            "created": "2025-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#x",
            "proofPurpose": draw(st.sampled_from(["assertionMethod", "authentication"])),
            "proofValue": "z" + draw(st.text(alphabet="123456789ABC", max_size=8)),
        }
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from([doc, subject, achievement, doc["issuer"]]))
        target[draw(undefined_keys)] = draw(simple_values)
    if draw(st.booleans()):
        doc["type"] = doc["type"] + [
            draw(st.sampled_from(["Achievement", "Unknown", "https://x.example/T"]))
        ]
    if draw(st.booleans()):
        del doc["credentialStatus"]
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(credentials())
def test_fast_path_equals_pyld_on_generated_credentials(doc):
    fast = canon.dataset(doc)
    reference = canon.reference_dataset(doc)
    assert fast.nquads == reference.nquads
    assert bool(fast.dropped) == bool(reference.dropped)
    plain = {t for t in fast.dropped if not t.startswith("@")}
    assert plain == {t for t in reference.dropped if not t.startswith("@")}
