"""A small alliance for the challenge tests: two institutions, a stakeholder organisation that
works with the first, its representative, coordinators, students, lecturers, skills and a
challenge-based module."""

import datetime

import pytest
from django.utils import timezone

from campus.challenges import services
from campus.people.models import PersonLanguage, PersonSkill, Role
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RunFactory,
    SkillFactory,
)


@pytest.fixture
def region():
    return RegionFactory(code="BE21", name="Antwerp province")


@pytest.fixture
def geel(region):
    return InstitutionFactory(code="B  GEEL07", region=region)


@pytest.fixture
def porto():
    return InstitutionFactory(
        code="P  PORTO05", country="PT", region=RegionFactory(code="PT11", country="PT")
    )


@pytest.fixture
def organisation(region, geel):
    return OrganisationFactory(name="Kempen Water", region=region, partner_institution=geel)


@pytest.fixture
def stakeholder(organisation):
    return PersonFactory(
        organisation=organisation, roles=[Role.STAKEHOLDER], email="stakeholder@campus.test"
    )


@pytest.fixture
def coordinator(geel):
    return PersonFactory(institution=geel, roles=[Role.COORDINATOR], email="coord@campus.test")


@pytest.fixture
def other_coordinator(porto):
    return PersonFactory(institution=porto, roles=[Role.COORDINATOR])


@pytest.fixture
def admin():
    return PersonFactory(roles=[Role.ADMIN])


@pytest.fixture
def skills():
    return [SkillFactory(label=f"water skill {i}") for i in range(3)]


def person(institution, role, *, languages=("en",), skills=()):
    someone = PersonFactory(institution=institution, roles=[role])
    for language in languages:
        PersonLanguage.objects.create(person=someone, language=language, level="B2")
    for skill in skills:
        PersonSkill.objects.create(person=someone, skill=skill, proficiency=3)
    return someone


@pytest.fixture
def lecturer(geel):
    return person(geel, Role.LECTURER)


@pytest.fixture
def module(geel, lecturer):
    course = CourseFactory(type="challenge", hosts=[geel], ects=6, title="Water challenge")
    run = RunFactory(course=course)
    run.teachers.set([lecturer])
    return run


def challenge_fields(skill_list, **overrides):
    today = timezone.localdate()
    fields = {
        "title": "Drought-proof the Kempen",
        "problem": "Our wells run dry every summer.",
        "expected_outcome": "A plan for storing winter rain.",
        "region": "BE21",
        "languages": ["en", "nl"],
        "skills": {skill_list[0].uri: 2.0, skill_list[1].uri: 1.0},
        "team_min": 2,
        "team_max": 4,
        "teams_wanted": 1,
        "starts_on": today + datetime.timedelta(days=10),
        "ends_on": today + datetime.timedelta(days=100),
        "themes": ["nature"],
        "sdgs": [6, 13],
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def draft(stakeholder, organisation, skills):
    return services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills)
    )


@pytest.fixture
def open_challenge(draft, stakeholder, coordinator):
    services.challenge_submit(challenge=draft, by=stakeholder)
    services.challenge_approve(challenge=draft, by=coordinator, feedback="Good.")
    return services.challenge_open(challenge=draft, by=coordinator)
