"""The impact indicators on a constructed alliance whose every number is known.

Two partner regions, one institution in each (Geel in BE21, Porto in PT11); three courses (one
of Geel's themed green, a joint one themed digital, one of Porto's without a theme); runs in
autumn 2026 and spring 2027; four learners of each kind. The arithmetic of each expected figure
is written beside it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.challenges.models import Challenge, Deliverable, Team, TeamMember
from campus.credentials.models import Verification
from campus.impact import indicators
from campus.impact.indicators import FilterError, IndicatorFilter, Term
from campus.people.models import Role
from campus.research.models import ExpertProfile, ResearchAgenda, ResearchOutput, Topic
from campus.research.transfer_models import TransferRequest
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RunFactory,
)

AUTUMN_26, SPRING_27 = Term(2026, "autumn"), Term(2027, "spring")


def _run(course, starts_on: datetime.date):
    return RunFactory(
        course=course,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=90),
        enrolment_opens=starts_on - datetime.timedelta(days=60),
        enrolment_closes=starts_on - datetime.timedelta(days=5),
    )


def _seat(run, person, status, ects=None):
    return Enrolment.objects.create(
        run=run, person=person, status=status, ects_earned=Decimal(ects) if ects else None
    )


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def alliance(db):
    return build_alliance()


def build_alliance() -> dict:
    be, pt = RegionFactory(code="BE21", name="Antwerpen"), RegionFactory(code="PT11", name="Norte")
    RegionFactory(code="DK01", name="Hovedstaden")  # no partner: not a row
    geel = InstitutionFactory(short_name="Geel", code="B  GEEL07", region=be, lat=51.16, lon=4.99)
    porto = InstitutionFactory(
        short_name="Porto", code="P  PORTO05", region=pt, lat=41.15, lon=-8.61
    )
    green = CourseFactory(hosts=[geel], themes=["green"])
    joint = CourseFactory(hosts=[geel, porto], themes=["digital"])
    plain = CourseFactory(hosts=[porto], themes=[])
    r1 = _run(green, datetime.date(2026, 9, 15))  # autumn 2026
    r2 = _run(joint, datetime.date(2027, 3, 1))  # spring 2027
    r3 = _run(plain, datetime.date(2027, 1, 10))  # January: still autumn 2026
    s1 = PersonFactory(institution=geel, roles=[Role.STUDENT])
    s2 = PersonFactory(institution=porto, roles=[Role.STUDENT])
    lifelong = PersonFactory(roles=[Role.LIFELONG_LEARNER])
    # Declared a student, never granted: a lifelong learner for the indicators.
    declared = PersonFactory(institution=geel)
    lecturer = PersonFactory(institution=geel, roles=[Role.LECTURER])
    _seat(r1, s1, EnrolmentStatus.COMPLETED, "5")
    _seat(r1, lifelong, EnrolmentStatus.ENROLLED)
    _seat(r1, lecturer, EnrolmentStatus.FAILED)
    _seat(r1, s2, EnrolmentStatus.WAITLISTED)  # holds no place: not counted
    _seat(r2, s1, EnrolmentStatus.COMPLETED, "6")
    _seat(r2, s2, EnrolmentStatus.COMPLETED, "6")
    _seat(r2, lifelong, EnrolmentStatus.WITHDRAWN)  # not counted
    _seat(r3, s2, EnrolmentStatus.ENROLLED)
    _seat(r3, declared, EnrolmentStatus.ENROLLED)
    return {
        "be": be, "pt": pt, "geel": geel, "porto": porto, "runs": (r1, r2, r3),
        "students": (s1, s2), "lifelong": lifelong, "lecturer": lecturer,
    }  # fmt: skip


def _by(table, label):
    return next(row for row in table.rows if row[0] == label)


def test_learners_enrolments_and_ects_by_institution(alliance):
    tables = {t.key: t for t in indicators.indicator_tables(IndicatorFilter(), "institution")}
    # Geel hosts r1 (s1, lifelong, lecturer) and the joint r2 (s1, s2).
    assert _by(tables["learners"], "Geel")[1:] == (2, 1, 1)
    assert _by(tables["enrolments"], "Geel")[1:] == (5, 3)
    assert _by(tables["ects"], "Geel")[1:] == (Decimal("17"),)
    # Porto hosts r2 (s1, s2) and r3 (s2, declared).
    assert _by(tables["learners"], "Porto")[1:] == (2, 1, 0)
    assert _by(tables["enrolments"], "Porto")[1:] == (4, 2)
    assert _by(tables["ects"], "Porto")[1:] == (Decimal("12"),)


def test_totals_count_a_joint_run_once(alliance):
    totals = indicators.totals(IndicatorFilter())
    # r1: 3 places, r2: 2, r3: 2.
    assert totals["enrolments"] == 7
    assert totals["completions"] == 3
    assert totals["ects_awarded"] == Decimal("17")
    assert (totals["degree_students"], totals["lifelong_learners"], totals["staff_learners"]) == (
        2,
        2,
        1,
    )


def test_by_term_a_january_start_belongs_to_autumn(alliance):
    table = next(
        t for t in indicators.indicator_tables(IndicatorFilter(), "term") if t.key == "enrolments"
    )
    assert [row[0] for row in table.rows] == ["Autumn 2026", "Spring 2027"]
    assert _by(table, "Autumn 2026")[1:] == (5, 1)  # r1 3 + r3 2; s1 completed r1
    assert _by(table, "Spring 2027")[1:] == (2, 2)


def test_by_theme_and_filtered_by_region_and_term(alliance):
    themes = {
        t.key: t for t in indicators.indicator_tables(IndicatorFilter(), "theme", ["enrolments"])
    }
    table = themes["enrolments"]
    assert _by(table, "Green transition")[1:] == (3, 1)
    assert _by(table, "Digital transition")[1:] == (2, 2)
    assert _by(table, "Resilience of nature")[1:] == (0, 0)
    porto_region = IndicatorFilter(region=alliance["pt"])
    assert indicators.totals(porto_region)["enrolments"] == 4  # r2 and r3, not r1
    geel_spring = IndicatorFilter(institution=alliance["geel"], term=SPRING_27)
    assert indicators.totals(geel_spring)["enrolments"] == 2
    assert indicators.totals(IndicatorFilter(term=Term(2025, "spring")))["enrolments"] == 0


def test_mobility_has_no_theme(alliance):
    totals = indicators.totals(IndicatorFilter(theme="green"))
    assert totals["outgoing"] is None and totals["incoming"] is None
    assert totals["enrolments"] == 3


def test_credentials_challenges_teams_and_research(alliance):
    geel, porto = alliance["geel"], alliance["porto"]
    s1, s2 = alliance["students"]
    from campus.catalog import services as catalog

    r1 = alliance["runs"][0]
    lecturer = alliance["lecturer"]
    r1.teachers.add(lecturer)
    enrolment = Enrolment.objects.get(run=r1, person=alliance["lifelong"])
    catalog.result_record(enrolment=enrolment, by=lecturer, ects_grade="B")
    from campus.credentials.models import Credential

    credential = Credential.objects.get(person=alliance["lifelong"])
    Verification.objects.create(
        credential=credential, issuer=credential.issuer, outcome="valid", channel="page"
    )
    Verification.objects.create(
        credential=credential, issuer=credential.issuer, outcome="valid", channel="api"
    )
    Verification.objects.create(credential=None, issuer=None, outcome="invalid", channel="api")

    sme = OrganisationFactory(region=alliance["be"], type="sme")
    ngo = OrganisationFactory(region=alliance["pt"], type="ngo")
    poster = PersonFactory(organisation=sme, roles=[Role.STAKEHOLDER])

    def challenge(org, institution, state, themes=("green",)):
        return Challenge.objects.create(
            title="A challenge", problem="p", expected_outcome="o", organisation=org,
            region=org.region, institution=institution, posted_by=poster, themes=list(themes),
            languages=["en"], starts_on=datetime.date(2026, 10, 1),
            ends_on=datetime.date(2027, 1, 1), state=state,
        )  # fmt: skip

    solved = challenge(sme, geel, "evaluated")
    delivered_nothing = challenge(sme, geel, "closed")
    challenge(sme, geel, "draft")  # not public: not posted
    challenge(ngo, porto, "open", themes=("digital",))
    mixed = Team.objects.create(challenge=solved, name="Mixed", slot=0)
    TeamMember.objects.create(team=mixed, person=s1, role="student")
    TeamMember.objects.create(team=mixed, person=s2, role="student")
    alone = Team.objects.create(challenge=delivered_nothing, name="Geel only", slot=0)
    TeamMember.objects.create(team=alone, person=s1, role="student")
    TeamMember.objects.create(team=alone, person=alliance["lecturer"], role="lecturer")
    Deliverable.objects.create(
        team=mixed, title="Report", uploaded_by=s1, file="deliverables/r.pdf"
    )

    topic = Topic.objects.create(slug="flood-risk", names={"en": "Flood risk"}, theme="nature")
    researcher = PersonFactory(institution=porto, roles=[Role.RESEARCHER])
    profile = ExpertProfile.objects.create(person=researcher)
    ResearchOutput.objects.create(profile=profile, title="Paper", year=2026, type="article")
    agenda = ResearchAgenda.objects.create(
        title="Floods", aims="Fewer floods", created_by=researcher
    )
    agenda.topics.add(topic)
    asked = TransferRequest.objects.create(
        stakeholder=poster, organisation=sme, title="Help", question="How?", expert=profile,
        state="answered", answered_at=timezone.now(),
    )  # fmt: skip
    asked.topics.add(topic)
    TransferRequest.objects.create(
        stakeholder=poster, organisation=sme, title="Never mind", question="?", state="withdrawn"
    )

    totals = indicators.totals(IndicatorFilter())
    assert totals["credentials_issued"] == 1
    assert totals["credentials_verified"] == 1  # two valid checks of one credential
    assert totals["challenges_posted"] == 3  # the draft is not on the board
    assert totals["challenges_solved"] == 1  # closed without a deliverable is not solved
    assert (totals["teams"], totals["mixed_teams"]) == (2, 1)
    assert (totals["agendas"], totals["outputs"]) == (1, 1)
    assert (totals["transfer_requests"], totals["transfer_answered"]) == (1, 1)

    nature = indicators.totals(IndicatorFilter(theme="nature"))
    assert (nature["agendas"], nature["transfer_answered"], nature["challenges_posted"]) == (
        1,
        1,
        0,
    )
    at_porto = indicators.totals(IndicatorFilter(institution=porto))
    assert at_porto["challenges_posted"] == 1 and at_porto["outputs"] == 1
    assert at_porto["credentials_issued"] == 0

    engaged = {row[0]: row[1:] for row in indicators.stakeholders_table(IndicatorFilter()).rows}
    assert engaged["SME"] == (1, 1, 1)
    assert engaged["NGO"] == (1, 1, 0)
    assert engaged["Public authority"] == (0, 0, 0)
    digital = {
        row[0]: row[1:]
        for row in indicators.stakeholders_table(IndicatorFilter(theme="digital")).rows
    }
    assert digital["SME"] == (0, 0, 0) and digital["NGO"] == (1, 1, 0)


def test_terms_and_bad_filters(alliance):
    assert Term.parse("2026-Autumn") == AUTUMN_26
    assert Term.of(datetime.date(2027, 1, 31)) == AUTUMN_26
    assert Term.of(datetime.date(2027, 2, 1)) == SPRING_27
    assert (AUTUMN_26.starts, AUTUMN_26.ends) == (
        datetime.date(2026, 8, 1),
        datetime.date(2027, 2, 1),
    )
    assert Term.from_key(AUTUMN_26.key) == AUTUMN_26
    for kwargs, status in (
        ({"region": "XX99"}, 404),
        ({"institution": "Z  NOWHERE"}, 404),
        ({"term": "autumn"}, 400),
        ({"theme": "space"}, 400),
        ({"by": "colour"}, 400),
    ):
        with pytest.raises(FilterError) as raised:
            indicators.parse_filters(**kwargs)
        assert raised.value.status == status
    filters, by = indicators.parse_filters(
        region="be21", institution="b geel07", term="2027-spring"
    )
    assert (filters.region, filters.institution, filters.term, by) == (
        alliance["be"],
        alliance["geel"],
        SPRING_27,
        "institution",
    )


def test_mobilities_outgoing_incoming_and_by_type_with_their_travel(alliance):
    from campus.mobility.models import OpportunityKind
    from campus.mobility.selectors import travel_totals
    from tests.mobility.conftest import make_agreement

    geel, porto = alliance["geel"], alliance["porto"]
    s1, s2 = alliance["students"]
    make_agreement(s1, geel, porto, kind=OpportunityKind.SEMESTER, mode="train")
    make_agreement(s1, geel, porto, kind=OpportunityKind.BLENDED)
    make_agreement(s2, porto, geel, kind=OpportunityKind.VIRTUAL)

    table = next(
        t
        for t in indicators.indicator_tables(IndicatorFilter(), "institution")
        if t.key == "mobility"
    )
    assert _by(table, "Geel")[1:] == (2, 1)  # out: semester and blended; in: the virtual one
    assert _by(table, "Porto")[1:] == (1, 2)
    assert indicators.totals(IndicatorFilter(institution=porto))["outgoing"] == 3  # either end

    kinds = {row[0]: row[1:] for row in indicators.mobility_table(IndicatorFilter()).rows}
    assert kinds["Semester exchange"][0] == 1 and kinds["Virtual exchange"][0] == 1
    assert kinds["Staff mobility for teaching or training"] == (0, 0, 0)
    from campus.mobility.models import LearningAgreement

    virtual = travel_totals(LearningAgreement.objects.filter(opportunity__kind="virtual"))
    assert kinds["Virtual exchange"][1:] == (0, round(virtual.co2e_avoided_kg))
    assert virtual.co2e_avoided_kg > 0  # the trip it did not make
    assert indicators.mobility_table(IndicatorFilter(theme="green")) is None
