"""Benchmark of credential signing and verification on one core (prints figures; not a test).

    .venv/bin/python bench/credentials.py [--seconds 2] [--profile]

For an Open Badges 3.0 micro-credential of the campus (VC 2.0 + OB 3.0.3 + the campus
extension context, issuer Profile with a country, learner IdentityObject, an Achievement
with five ESCO alignments and an EQF one, credits, criteria, the EU micro-credential
extension fields, a result and a BitstringStatusListEntry):

- the floor: raw Ed25519 signatures and verifications per second;
- pyld alone (the reference path: before);
- the campus core (after): signatures/s, proof verifications/s (safe-mode check + proof),
  and whole verify_credential/s (shape with the OB JSON Schema, contexts, proof, issuer,
  status with the list cached by the caller, validity);
- with --profile, where the time goes.

Targets: >= 300 signatures/s and >= 300 verifications/s. Figures come from
time.process_time, in this single process.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from campus.credentials.vc import canon, proofs  # noqa: E402
from campus.credentials.vc.did import Resolver, did_web_document  # noqa: E402
from campus.credentials.vc.loader import HEROES_MICROCREDENTIAL_V1  # noqa: E402
from campus.credentials.vc.verify import verify_credential  # noqa: E402

ISSUER = "did:web:campus.heroes-alliance.eu:institutions:fontys"
VM = ISSUER + "#key-1"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
STATUS_URL = "https://campus.heroes-alliance.eu/status/1"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
TARGET = 300

ESCO = [
    ("manage a team", "http://data.europa.eu/esco/skill/f8b1d2a3-0a4e-4c5d-9f1e-2a3b4c5d6e7f"),
    (
        "design circular business models",
        "http://data.europa.eu/esco/skill/0b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b",
    ),
    (
        "analyse material flows",
        "http://data.europa.eu/esco/skill/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    ),
    (
        "negotiate with stakeholders",
        "http://data.europa.eu/esco/skill/2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60",
    ),
    (
        "apply sustainability reporting",
        "http://data.europa.eu/esco/skill/3e4f5a6b-7c8d-4e9f-a0b1-2c3d4e5f6071",
    ),
]


def campus_credential(n: int) -> dict:
    """The n-th learner's micro-credential."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            HEROES_MICROCREDENTIAL_V1,
        ],
        "id": f"urn:uuid:0f9e8d7c-6b5a-4c3d-8e2f-{n:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Circular economy for regional SMEs",
        "issuer": {
            "id": ISSUER,
            "type": ["Profile"],
            "name": "Fontys University of Applied Sciences",
            "url": "https://www.fontys.nl",
            "address": {
                "type": ["Address"],
                "addressCountry": "Netherlands",
                "addressCountryCode": "NL",
            },
        },
        "validFrom": "2025-06-30T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": f"sha256${n:064x}",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": f"salt{n}",
                }
            ],
            "achievement": {
                "id": "https://campus.heroes-alliance.eu/achievements/circular-economy-smes",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Circular economy for regional SMEs",
                "description": "Designing and testing a circular business model with a regional SME.",
                "criteria": {
                    "narrative": "Worked in a challenge team for 10 weeks, delivered the business "
                    "model and passed the oral defence."
                },
                "creditsAvailable": 5,
                "inLanguage": "en",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": name,
                        "targetUrl": url,
                        "targetFramework": "ESCO",
                        "targetCode": url.rsplit("/", 1)[1],
                        "targetType": "ext:ESCOSkill",
                    }
                    for name, url in ESCO
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
                "assessmentType": "Project report with oral defence",
                "participationForm": "blended",
                "qualityAssurance": "Internal quality assurance of Fontys, accredited by NVAO",
                "learningOutcome": [
                    "Analyse the material flows of an SME",
                    "Design a circular business model and test it with stakeholders",
                ],
            },
            "result": [{"type": ["Result"], "value": "8.5"}],
        },
        "credentialStatus": {
            "id": f"{STATUS_URL}#{n}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(n),
            "statusListCredential": STATUS_URL,
        },
    }


def rate(function, items, seconds: float) -> float:
    """Calls per CPU second of function(item), cycling through items for about ``seconds``."""
    calls = 0
    start = time.process_time()
    while True:
        for item in items:
            function(item)
        calls += len(items)
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return calls / elapsed


def resolver() -> Resolver:
    document = did_web_document(ISSUER, [("#key-1", KEY.public_key().public_bytes_raw())])
    return Resolver({ISSUER: document}.get)


def status_list() -> dict:
    from campus.credentials.vc.statuslist import StatusList, status_list_credential

    bits = StatusList()
    bits.set(100_000)  # one revoked credential, none of the benchmark's
    unsigned = status_list_credential(
        STATUS_URL, ISSUER, "revocation", bits.encode(), "2025-01-01T00:00:00Z"
    )
    return proofs.sign_eddsa_rdfc_2022(unsigned, KEY, VM, created="2025-01-01T00:00:00Z")


def line(label: str, per_second: float, floor: float | None = None) -> None:
    ratio = f"  ({per_second / floor:.3f} of the floor)" if floor else ""
    target = "" if floor is None else ("  target met" if per_second >= TARGET else "  BELOW TARGET")
    print(f"  {label:<52} {per_second:>10,.0f} /s{ratio}{target}")


# ---------------------------------------------------------------- sections


def section_floor(seconds: float) -> tuple[float, float]:
    print("Raw Ed25519 (the floor)")
    message = bytes(64)
    signature = KEY.sign(message)
    public = KEY.public_key()
    sign = rate(lambda _: KEY.sign(message), [None] * 100, seconds)
    check = rate(lambda _: public.verify(signature, message), [None] * 100, seconds)
    line("Ed25519 sign", sign)
    line("Ed25519 verify", check)
    return sign, check


def section_reference(docs, signed_docs, seconds: float, floors) -> None:
    print("pyld alone (before): expand + toRdf + URDNA2015 per canonicalisation")

    def sign(doc):
        config = proofs.proof_config(
            doc,
            {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "created": "2025-06-30T12:00:00Z",
                "verificationMethod": VM,
                "proofPurpose": "assertionMethod",
            },
        )
        canon.expand_safe(doc)
        data = proofs.HashData(
            canon.reference_canonicalize(doc), canon.reference_canonicalize(config)
        )
        KEY.sign(data.combined)

    public = KEY.public_key()

    def verify(doc):
        unsecured = {k: v for k, v in doc.items() if k != "proof"}
        canon.expand_safe(unsecured)
        config = proofs.proof_config(unsecured, doc["proof"])
        data = proofs.HashData(
            canon.reference_canonicalize(unsecured), canon.reference_canonicalize(config)
        )
        public.verify(proofs.decode_proof_value(doc["proof"]["proofValue"]), data.combined)

    line(
        "sign (safe check + 2 canonicalisations + Ed25519)",
        rate(sign, docs[:20], seconds),
        floors[0],
    )
    line(
        "verify (safe check + 2 canonicalisations + Ed25519)",
        rate(verify, signed_docs[:20], seconds),
        floors[1],
    )


def section_core(docs, signed_docs, seconds: float, floors) -> None:
    print("Campus core (after): cached contexts, direct JSON-LD -> quads, first-degree RDFC-1.0")
    keys = resolver()
    status = status_list()
    status_loader = {STATUS_URL: status}.get

    def sign(doc):
        proofs.sign_eddsa_rdfc_2022(doc, KEY, VM, created="2025-06-30T12:00:00Z")

    failures = []

    def verify_proof_and_contexts(doc):
        unsecured = {k: v for k, v in doc.items() if k != "proof"}
        document = canon.dataset(unsecured)
        result = proofs.verify_proof(doc, keys.resolve_key, document_dataset=document)
        if not result.ok or document.dropped or result.dropped_terms:
            failures.append(result.message)

    def verify_whole(doc):
        result = verify_credential(doc, resolver=keys, status_list_loader=status_loader, now=NOW)
        if not result.verified:
            failures.append(result.as_dict())

    line("sign_eddsa_rdfc_2022 (safe check included)", rate(sign, docs, seconds), floors[0])
    line(
        "verify: contexts (safe mode) + proof",
        rate(verify_proof_and_contexts, signed_docs, seconds),
        floors[1],
    )
    line("verify_credential: all six checks", rate(verify_whole, signed_docs, seconds), floors[1])
    fast = sum(canon.dataset(d).fast for d in docs)
    print(f"  documents on the fast path: {fast} of {len(docs)}")
    if failures:
        print(f"  !! {len(failures)} verifications failed, e.g. {failures[0]}")


def section_profile(signed_docs) -> None:
    print("Where verify_credential spends its time (cProfile, top 15 by own time)")
    keys = resolver()
    status = status_list()
    loader = {STATUS_URL: status}.get
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in signed_docs * 3:
        verify_credential(doc, resolver=keys, status_list_loader=loader, now=NOW)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def section_bulk(count: int) -> None:
    """The app's bulk-issuance job into the database of DATABASE_URL (a throw-away test
    database is made); see bench/credentials_bulk.py."""
    import subprocess

    script = Path(__file__).resolve().parent / "credentials_bulk.py"
    subprocess.run([sys.executable, str(script), "--count", str(count)], check=True)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="CPU seconds per measurement")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of verification")
    parser.add_argument(
        "--bulk",
        type=int,
        default=0,
        metavar="N",
        help="also time bulk issuance of N credentials into DATABASE_URL (PostgreSQL: 10000)",
    )
    args = parser.parse_args()

    docs = [campus_credential(n) for n in range(200)]
    signed_docs = [
        proofs.sign_eddsa_rdfc_2022(d, KEY, VM, created="2025-06-30T12:00:00Z") for d in docs
    ]
    print(
        f"One Open Badges 3.0 micro-credential: {len(canon.canonicalize(docs[0]).splitlines())} quads\n"
    )
    floors = section_floor(args.seconds)
    print()
    section_reference(docs, signed_docs, args.seconds, floors)
    print()
    section_core(docs, signed_docs, args.seconds, floors)
    if args.profile:
        print()
        section_profile(signed_docs[:50])
    if args.bulk:
        print()
        section_bulk(args.bulk)


if __name__ == "__main__":
    main()
