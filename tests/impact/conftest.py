"""A constructed alliance for the skills gap: two regions far apart (Kempen, Porto), one partner
institution in each, challenges, a knowledge-transfer request, survey needs and courses whose
numbers the tests know exactly (see test_gap.py for the arithmetic)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.challenges.models import Challenge, ChallengeSkill
from campus.impact.models import SurveyNeed, SurveyUpload
from campus.people.models import Role
from campus.research.models import ExpertProfile
from campus.research.transfer_models import TransferRequest
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    SkillFactory,
)


def challenge(organisation, institution, poster, skills, *, state="open", themes=("green",)):
    today = timezone.localdate()
    found = Challenge.objects.create(
        title="A regional challenge",
        problem="A problem.",
        expected_outcome="An outcome.",
        organisation=organisation,
        region=organisation.region,
        institution=institution,
        posted_by=poster,
        themes=list(themes),
        languages=["en"],
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=100),
        state=state,
    )
    for skill, weight in skills.items():
        ChallengeSkill.objects.create(challenge=found, skill=skill, weight=Decimal(weight))
    return found


def course(skills, *, mode="onsite", languages=("en",), hosts, published=True):
    made = CourseFactory(mode=mode, languages=list(languages), hosts=hosts, published=published)
    outcome = made.outcomes.create(text="Can do it.")
    outcome.skills.set(skills)
    return made


@pytest.fixture
def alliance(db):
    kempen = RegionFactory(code="BE21", name="Antwerpen", country="BE")
    porto = RegionFactory(code="PT11", name="Norte", country="PT")
    geel = InstitutionFactory(region=kempen, country="BE", lat=51.16, lon=4.99)
    ipp = InstitutionFactory(region=porto, country="PT", lat=41.15, lon=-8.61, languages=["pt"])
    s1 = SkillFactory(label="analyse data")
    s2 = SkillFactory(label="weld metal")
    s3 = SkillFactory(label="adapt to climate change")
    s3n = SkillFactory(label="assess flood risk", broader=s3)
    s4 = SkillFactory(label="restore peatland")
    org_be = OrganisationFactory(region=kempen)
    org_pt = OrganisationFactory(region=porto)
    poster = PersonFactory(organisation=org_be)
    coordinator = PersonFactory(institution=geel, roles=[Role.COORDINATOR])
    # Demand in BE21: s1 3 + 1 request = 4; s2 2 + survey 4 = 6; s3 1 request + survey 3 = 4;
    # s4 survey 1. The draft and the Porto challenge do not count there.
    challenge(org_be, geel, poster, {s1: "3", s2: "2"})
    challenge(org_be, geel, poster, {s1: "10"}, state="draft")
    challenge(org_pt, ipp, poster, {s2: "5"}, themes=("digital",))
    request = TransferRequest.objects.create(
        stakeholder=poster, organisation=org_be, title="Help", question="How?"
    )
    request.skills.set([s1, s3])
    survey = SurveyUpload.objects.create(source="Kempen survey 2026", uploaded_by=coordinator)
    for skill, weight in ((s2, "4"), (s3, "3"), (s4, "1")):
        SurveyNeed.objects.create(upload=survey, region=kempen, skill=skill, weight=Decimal(weight))
    # Supply: k1 online (in reach everywhere); k2 Portuguese at Porto (out of BE21's reach);
    # k3 Dutch at Porto (in reach of BE21 by language) teaches s3's narrower skill; k4 English
    # at Geel (in reach of BE21 by distance); k5 unpublished.
    courses = {
        "k1": course([s1], mode="online", hosts=[geel]),
        "k2": course([s2], languages=["pt"], hosts=[ipp]),
        "k3": course([s3n], languages=["nl"], hosts=[ipp]),
        "k4": course([s2], hosts=[geel]),
        "k5": course([s4], hosts=[geel], published=False),
    }
    expert = PersonFactory(institution=geel)
    ExpertProfile.objects.create(person=expert).skills.set([s1])
    return {
        "kempen": kempen,
        "porto": porto,
        "geel": geel,
        "ipp": ipp,
        "skills": (s1, s2, s3, s3n, s4),
        "courses": courses,
        "coordinator": coordinator,
        "org_be": org_be,
    }
