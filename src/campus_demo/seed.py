"""The demo alliance: deterministic (fixed seed), idempotent, built through the real services.

Later capabilities extend ``seed`` so that the fixed demo accounts have something real to see.
"""

import datetime
import random
import zlib
from dataclasses import dataclass, field

from django.db import transaction

from campus.alliance import services as alliance_services
from campus.alliance.models import (
    GovernanceBody,
    GovernanceBodyKind,
    Institution,
    MembershipRole,
    Organisation,
    OrganisationType,
    Theme,
)
from campus.people import services as people_services
from campus.people.models import CEFRLevel, Person, Role
from campus.skills import services as skill_services
from campus.skills.models import LABEL_LANGUAGE, Skill, SkillLabel
from campus_demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from campus_demo.catalog import seed_catalogue
from campus_demo.challenges import seed_challenges
from campus_demo.credentials import seed_credentials
from campus_demo.datasets import read
from campus_demo.impact import seed_needs
from campus_demo.learning import seed_learning
from campus_demo.mobility import seed_mobility
from campus_demo.research import seed_research

SEED = 2025

FIRST_NAMES = read("names.json")["first"]  # per country, ten each
LAST_NAMES = read("names.json")["last"]  # per country, eight each

# Stakeholder organisations: (name pattern, type, description); {city} and {region} are filled in.
ORGANISATION_PATTERNS = [
    (o["name"], OrganisationType(o["type"]), o["description"]) for o in read("organisations.json")
]

THEMES = [t.value for t in Theme]
DEMO_GENDERS = ["f", "m", "f", "m", "f", "m", "x", ""]
YEAR_START = datetime.date(2025, 1, 1)


@dataclass
class SeedReport:
    institutions: int = 0
    organisations_created: int = 0
    people_created: int = 0
    skills_loaded: int = 0
    memberships_created: int = 0
    notes: list[str] = field(default_factory=list)


def _languages_for(country_languages: list[str], rng: random.Random) -> dict[str, str]:
    langs = {country_languages[0]: CEFRLevel.NATIVE}
    langs["en"] = rng.choice([CEFRLevel.B1, CEFRLevel.B2, CEFRLevel.C1, CEFRLevel.C2])
    if rng.random() < 0.3:
        extra = rng.choice(["de", "fr", "es", "nl", "sv"])
        langs.setdefault(extra, rng.choice([CEFRLevel.A2, CEFRLevel.B1]))
    return langs


def _person(
    *, email, name, roles, institution, organisation, rng, skill_uris, password_hash, languages
) -> tuple[Person, bool]:
    existing = Person.objects.filter(email=email).first()
    if existing:
        return existing, False
    with transaction.atomic():
        person = people_services.person_create(
            email=email,
            display_name=name,
            password=None,
            password_hash=password_hash,
            roles=roles,
            institution=institution,
            organisation=organisation,
            themes=rng.sample(THEMES, rng.randint(1, 3)),
            hours_per_week=rng.choice([2, 4, 6, 8, 10, 12]),
            bio="",
            trusted=True,
        )
        people_services.person_languages_replace(person=person, languages=languages, by=person)
        # A stated gender for most (chosen from the address, not the shared random stream,
        # so the rest of the demo stays as it was): team formation then keeps women and
        # non-binary students from being alone in a team.
        gender = DEMO_GENDERS[zlib.crc32(email.encode()) % len(DEMO_GENDERS)]
        if gender:
            people_services.person_update(person=person, by=person, gender=gender)
        if skill_uris:
            chosen = rng.sample(skill_uris, min(len(skill_uris), rng.randint(3, 7)))
            people_services.person_skills_replace(
                person=person, skills={uri: rng.randint(1, 4) for uri in chosen}, by=person
            )
    return person, True


def seed(*, scale: int = 1, stdout=None) -> SeedReport:
    """Build (or complete) the demo alliance; running it again adds nothing twice."""
    report = SeedReport()
    rng = random.Random(SEED)
    say = stdout.write if stdout else (lambda *_a: None)

    report.institutions = alliance_services.institutions_load()
    # A demo seeded before the shipped nl/de/sv/fi labels existed gets them on its next run.
    if (
        not Skill.objects.exists()
        or not SkillLabel.objects.exclude(language=LABEL_LANGUAGE).exists()
    ):
        say("Loading the ESCO skills extract and its labels…")
        report.skills_loaded = skill_services.esco_load().skills_total
    institutions = list(Institution.objects.select_related("region").order_by("pk"))
    first, second = institutions[0], institutions[1]
    skill_uris = sorted(Skill.objects.values_list("uri", flat=True))
    password_hash = people_services.demo_password_hash(DEMO_PASSWORD)

    # The administrator first: the seeder acts as them for alliance-wide data.
    demo = {}
    for email, name, roles, where, _label in DEMO_ACCOUNTS:
        if where == "org":
            organisations = _seed_organisations(institutions, demo["admin@campus.test"], report)
            first_org = (
                Organisation.objects.filter(partner_institution=first).order_by("pk").first()
            )
        institution = {"first": first, "second": second}.get(where)
        organisation = first_org if where == "org" else None
        langs = _languages_for((institution or first).languages, rng)
        person, created = _person(
            email=email,
            name=name,
            roles=roles,
            institution=institution,
            organisation=organisation,
            rng=rng,
            skill_uris=skill_uris,
            password_hash=password_hash,
            languages=langs,
        )
        report.people_created += created
        demo[email] = person
    admin = demo["admin@campus.test"]

    # About 300 people at scale 1: per institution students, staff and a coordinator; external
    # learners; one representative per organisation.
    per_institution = [
        (Role.STUDENT, 20),
        (Role.LECTURER, 4),
        (Role.RESEARCHER, 3),
        (Role.STAFF, 1),
        (Role.COORDINATOR, 1),
    ]
    for institution in institutions:
        country = institution.country
        for role, count in per_institution:
            for i in range(count * scale):
                first_name = FIRST_NAMES[country][(i * 3 + len(role)) % 10]
                last_name = LAST_NAMES[country][(i * 7 + len(role)) % 8]
                email = f"{role}{i + 1}.{institution.slug}@campus.test"
                roles = [role, Role.STAFF] if role == Role.COORDINATOR else [role]
                _p, created = _person(
                    email=email,
                    name=f"{first_name} {last_name}",
                    roles=roles,
                    institution=institution,
                    organisation=None,
                    rng=rng,
                    skill_uris=skill_uris,
                    password_hash=password_hash,
                    languages=_languages_for(institution.languages, rng),
                )
                report.people_created += created
    for i in range(20 * scale):
        institution = institutions[i % len(institutions)]
        country = institution.country
        _p, created = _person(
            email=f"learner{i + 1}@campus.test",
            name=f"{FIRST_NAMES[country][(i + 5) % 10]} {LAST_NAMES[country][(i + 3) % 8]}",
            roles=[Role.LIFELONG_LEARNER],
            institution=None,
            organisation=organisations[i % len(organisations)] if i % 2 else None,
            rng=rng,
            skill_uris=skill_uris,
            password_hash=password_hash,
            languages=_languages_for(institution.languages, rng),
        )
        report.people_created += created
    for i, organisation in enumerate(organisations):
        country = organisation.region.country
        for j in range(scale):
            _p, created = _person(
                email=f"contact{j + 1}.{organisation.slug}@campus.test",
                name=f"{FIRST_NAMES[country][(i + j) % 10]} {LAST_NAMES[country][(i * 3 + j) % 8]}",
                roles=[Role.STAKEHOLDER],
                institution=None,
                organisation=organisation,
                rng=rng,
                skill_uris=skill_uris,
                password_hash=password_hash,
                languages=_languages_for(_country_languages(institutions, country), rng),
            )
            report.people_created += created

    report.memberships_created = _seed_governance(institutions, demo, admin)
    report.people_created += seed_affiliation_requests(institutions, organisations, password_hash)
    seed_catalogue(scale=scale, stdout=stdout)
    seed_challenges(scale=scale, stdout=stdout)
    seed_credentials(stdout=stdout)
    seed_research(stdout=stdout)
    seed_mobility(stdout=stdout)
    seed_needs(stdout=stdout)
    seed_learning(stdout=stdout)
    return report


def seed_affiliation_requests(institutions, organisations, password_hash) -> int:
    """A few pending requests in every coordinator's queue, made as a sign-up makes them."""
    created = 0
    wanted = []
    for institution in institutions:
        wanted.append((f"applicant1.{institution.slug}", Role.STUDENT, institution, None))
        wanted.append((f"applicant2.{institution.slug}", Role.LECTURER, institution, None))
    wanted.append(("applicant.coordinator", Role.COORDINATOR, institutions[0], None))
    for organisation in organisations[:2]:
        wanted.append((f"applicant.{organisation.slug}", Role.STAKEHOLDER, None, organisation))
    for local, role, institution, organisation in wanted:
        email = f"{local}@campus.test"
        if Person.objects.filter(email=email).exists():
            continue
        # Coordinators are not asked for at sign-up: the applicant asks on their profile.
        at_signup = role != Role.COORDINATOR
        person = people_services.person_create(
            email=email,
            display_name=f"Applicant {local.split('.', 1)[-1]}",
            password=None,
            password_hash=password_hash,
            roles=[role] if at_signup else [Role.LIFELONG_LEARNER],
            institution=institution if at_signup else None,
            organisation=organisation,
            note="Demo: waiting for a decision.",
        )
        if not at_signup:
            people_services.affiliation_request(
                person=person, role=role, institution=institution, by=person
            )
        created += 1
    return created


def _country_languages(institutions, country) -> list[str]:
    return next((i.languages for i in institutions if i.country == country), ["en"])


def _seed_organisations(institutions, admin, report) -> list[Organisation]:
    """About 40 stakeholders: four or five in each partner's region."""
    wanted = []
    for index, institution in enumerate(institutions):
        count = 5 if index % 2 == 0 else 4
        for k in range(count):
            pattern, kind, description = ORGANISATION_PATTERNS[
                (index * 3 + k) % len(ORGANISATION_PATTERNS)
            ]
            name = pattern.format(
                city=institution.city, region=institution.region.name.removeprefix("Arr. ")
            )
            wanted.append((institution, name, kind, description))
    result = []
    for institution, name, kind, description in wanted:
        org = Organisation.objects.filter(name=name, region=institution.region).first()
        if org is None:
            org = alliance_services.organisation_create(
                by=admin,
                name=name,
                type=kind,
                region=institution.region,
                website="",
                description=description,
                partner_institution=institution,
            )
            report.organisations_created += 1
        result.append(org)
    return result


# (name, kind, description, the role whose people sit on it)
GOVERNANCE = [
    (g["name"], GovernanceBodyKind(g["kind"]), g["description"], Role(g["members"]))
    for g in read("governance.json")
]


def _seed_governance(institutions, demo, admin) -> int:
    created = 0
    for index, (name, kind, description, role) in enumerate(GOVERNANCE):
        body = GovernanceBody.objects.filter(name=name).first()
        if body is None:
            body = alliance_services.governance_body_create(
                by=admin, name=name, kind=kind, description=description
            )
        if body.memberships.exists():
            continue
        members = []
        if role == Role.STAKEHOLDER:
            members = list(Person.objects.holding(role).order_by("pk")[:9])
        else:
            for institution in institutions:
                person = (
                    Person.objects.holding(role)
                    .filter(institution=institution)
                    .order_by("pk")
                    .first()
                )
                if person:
                    members.append(person)
        for position, person in enumerate(members):
            member_role = (
                MembershipRole.CHAIR
                if position == index % max(len(members), 1)
                else MembershipRole.MEMBER
            )
            alliance_services.membership_add(
                body=body, person=person, role=member_role, start=YEAR_START, by=admin
            )
            created += 1
        if name == "Alliance Board":
            alliance_services.membership_add(
                body=body, person=admin, role=MembershipRole.SECRETARY, start=YEAR_START, by=admin
            )
            created += 1
    return created
