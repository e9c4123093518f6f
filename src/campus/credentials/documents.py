"""The Open Badges 3.0 credential of the campus, with the EU micro-credential elements.

Where each element of the Council Recommendation (2022/C 243/02, Annex I) goes:

==============================  ===========================================================
learner                         credentialSubject.identifier: name (plain), e-mail (hashed)
title                           achievement.name (and the credential's name)
country of the issuer           issuer.address.addressCountry / addressCountryCode
awarding body                   issuer (a Profile named by the institution's did:web)
date of issuing                 validFrom (and credentialSubject.activityEndDate)
learning outcomes               achievement.learningOutcome (extension) + ESCO alignments
notional workload               achievement.creditsAvailable (ECTS), workloadHours (ext.)
level                           alignment to http://data.europa.eu/snb/eqf/<n>
type of assessment              achievement.assessmentType (extension)
form of participation           achievement.participationForm (extension)
quality assurance               achievement.qualityAssurance (extension)
supervision, identity check     achievement.supervisionAndIdentityVerification (extension)
prerequisites                   achievement.prerequisites (extension)
grade                           credentialSubject.result with achievement.resultDescription
integration and stackability    achievement.integrationAndStackability (extension)
further information             achievement.furtherInformation (extension)
==============================  ===========================================================

The extension terms are defined by the campus's context (vc/contexts/
heroes-microcredential-v1.jsonld, served at /contexts/microcredential/v1); see
docs/decisions/0004-micro-credentials.md.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MICRO = "https://campus.heroes-alliance.eu/contexts/microcredential/v1"
CONTEXT = [VC_V2, OB_V3, MICRO]
EQF = "http://data.europa.eu/snb/eqf/"

COUNTRIES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "CY": "Cyprus", "CZ": "Czechia",
    "DE": "Germany", "DK": "Denmark", "EE": "Estonia", "ES": "Spain", "FI": "Finland",
    "FR": "France", "GR": "Greece", "HR": "Croatia", "HU": "Hungary", "IE": "Ireland",
    "IT": "Italy", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MT": "Malta",
    "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SE": "Sweden",
    "SI": "Slovenia", "SK": "Slovakia", "IS": "Iceland", "NO": "Norway", "LI": "Liechtenstein",
}  # fmt: skip

PARTICIPATION = {"onsite": "On site", "online": "Online", "blended": "Blended"}


def timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def identity_hash(value: str, salt: str) -> str:
    """OB 3.0 IdentityObject hash: 'sha256$' + hex of sha256(value + salt)."""
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def issuer_profile(institution, did: str) -> dict:
    country = institution.country.upper()
    return {
        "id": did,
        "type": ["Profile"],
        "name": institution.name,
        "url": institution.website,
        "address": {
            "type": ["Address"],
            "addressCountry": COUNTRIES.get(country, country),
            "addressCountryCode": country,
            "addressLocality": institution.city,
        },
    }


def number(value: Decimal | float | int) -> float | int:
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def achievement_document(achievement, base_url: str, did: str, skills, partners) -> dict:
    """The Achievement object (same for every credential of it)."""
    url = f"{base_url}/achievements/{achievement.uid}"
    alignments = [
        {
            "type": ["Alignment"],
            "targetName": skill.label,
            "targetUrl": skill.uri,
            "targetFramework": "ESCO",
            "targetType": "ceasn:Competency",
        }
        for skill in skills
    ]
    if achievement.eqf_level:
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF level {achievement.eqf_level}",
                "targetUrl": f"{EQF}{achievement.eqf_level}",
                "targetFramework": "European Qualifications Framework",
                "targetCode": str(achievement.eqf_level),
                "targetType": "ext:EQFLevel",
            }
        )
    document = {
        "id": url,
        "type": ["Achievement"],
        "achievementType": achievement.kind,
        "name": achievement.title,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria},
        "image": {"id": f"{url}/image.svg", "type": "Image", "caption": achievement.title},
        "creditsAvailable": number(achievement.ects),
        "inLanguage": achievement.language,
        "creator": {"id": did, "type": ["Profile"]},
        "resultDescription": [
            {
                "id": f"{url}#ects-grade",
                "type": ["ResultDescription"],
                "name": "ECTS grade",
                "resultType": "LetterGrade",
                "allowedValue": ["A", "B", "C", "D", "E"],
            }
        ],
        "learningOutcome": list(achievement.learning_outcomes),
        "assessmentType": achievement.assessment,
        "participationForm": PARTICIPATION.get(
            achievement.participation, achievement.participation
        ),
        "qualityAssurance": achievement.quality_assurance,
    }
    if alignments:
        document["alignment"] = alignments
    if achievement.isced_field:
        document["fieldOfStudy"] = f"ISCED-F 2013 {achievement.isced_field}"
    if achievement.workload_hours:
        document["workloadHours"] = achievement.workload_hours
    if achievement.supervision:
        document["supervisionAndIdentityVerification"] = achievement.get_supervision_display()
    if achievement.prerequisites:
        document["prerequisites"] = achievement.prerequisites
    stack = _stackability(achievement, partners)
    if stack:
        document["integrationAndStackability"] = stack
    if achievement.further_information:
        document["furtherInformation"] = achievement.further_information
    return document


def _stackability(achievement, partners) -> str:
    parts = []
    required = [a.title for a in achievement.requires.all()]
    if required:
        parts.append("Stacks from: " + "; ".join(required))
    into = [a.title for a in achievement.stacks_into.all()]
    parts.append("Stackable towards: " + "; ".join(into) if into else "Standalone")
    if partners:
        parts.append("Offered with: " + "; ".join(p.name for p in partners))
    return ". ".join(parts) + "."


def credential_document(
    *,
    uid,
    base_url: str,
    issuer: dict,
    achievement: dict,
    learner_name: str,
    learner_email: str,
    issued: datetime.datetime,
    grade: str = "",
    ects_earned: Decimal | None = None,
    activity_start: datetime.date | None = None,
    status_entry: dict | None = None,
) -> dict:
    salt = secrets.token_hex(8)
    subject: dict = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": learner_name,
                "identityType": "name",
                "hashed": False,
            },
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(learner_email.lower(), salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            },
        ],
        "achievement": achievement,
        "activityEndDate": timestamp(issued),
    }
    if activity_start:
        subject["activityStartDate"] = f"{activity_start.isoformat()}T00:00:00Z"
    if ects_earned is not None:
        subject["creditsEarned"] = number(ects_earned)
    if grade:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": f"{achievement['id']}#ects-grade",
                "value": grade,
            }
        ]
    document = {
        "@context": list(CONTEXT),
        "id": f"{base_url}/credentials/{uid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "issuer": issuer,
        "validFrom": timestamp(issued),
        "credentialSubject": subject,
    }
    if status_entry:
        document["credentialStatus"] = status_entry
    return document
