"""Demo learning spaces: a self-paced MOOC for credits (four units with lessons, two quizzes,
an assignment with a rubric and peer review, completion rules) taught by lecturer@campus.test,
a cohort online course, and a partner's Moodle registered as an LTI 1.3 platform. Sam Student has
completed the MOOC through its rules (and holds its credential); Lea Learner is half-way
through it. Everything is written through the services, as the pages write it (the LTI
registration as the back office writes it)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from campus.catalog import services as catalog
from campus.catalog.models import Course, Enrolment, Run
from campus.learning import assignments, services
from campus.learning.lti.models import LtiDeployment, LtiPlatform
from campus.learning.models import (
    Assignment,
    CompletionRule,
    Question,
    QuestionBank,
    Quiz,
    Rubric,
    RubricCriterion,
    Section,
    Unit,
    UnitMedia,
)
from campus.people.models import Person
from campus_demo.catalog import DEMO_EMAILS

MOOC_CODE = "HEROES-MOOC-ENERGY"
ONLINE_CODE = "HEROES-ONL-FLOOD"

LESSONS = [
    (
        "Week 1: Energy in a household",
        [
            (
                "What energy is, and how we count it",
                "Energy is what makes things happen: heating a room, moving a bus, running a "
                "laptop. We count it in **kilowatt-hours** (kWh): one kWh runs a 1,000-watt "
                "heater for an hour.\n\n"
                "## Power and energy\n\nPower is how fast energy is used (kW); energy is power "
                "over time (kWh).\n\n| Appliance | Power | One hour |\n|---|---|---|\n"
                "| Kettle | 2 kW | 2 kWh |\n| LED lamp | 0.01 kW | 0.01 kWh |\n",
            ),
            (
                "Reading your energy bill",
                "A bill shows what you used (kWh), what it cost per kWh and the fixed charges. "
                "Compare the same month across years: the weather changes what you use.\n\n"
                "1. Find the meter readings.\n2. Subtract the first from the last.\n"
                "3. Divide the cost by the kWh used.",
            ),
        ],
    ),
    (
        "Week 2: Community energy",
        [
            (
                "Renewable sources near you",
                "Wind, sun, water and the heat of the ground are renewable: they are not used "
                "up. A region's mix depends on its coast, its rivers and its roofs.",
            ),
            (
                "Starting an energy cooperative",
                "Citizens who pool money for a wind turbine or solar roofs share its output and "
                "its income. Start with a feasibility study, a legal form and a fair price.",
            ),
        ],
    ),
]

BASICS = [
    (
        "single",
        "Which of these is a renewable source of energy?",
        {
            "options": [
                {"key": "a", "text": "Wind"},
                {"key": "b", "text": "Coal"},
                {"key": "c", "text": "Natural gas"},
            ],
            "correct": "a",
            "feedback": {
                "correct": "Yes: wind is not used up.",
                "incorrect": "Coal and gas are fossil fuels: once burnt, they are gone.",
            },
        },
    ),
    (
        "numeric",
        "A 2 kW kettle runs for half an hour. How many kWh does it use?",
        {"answer": 1, "tolerance": 0.01, "unit": "kWh"},
    ),
    (
        "matching",
        "Match each unit with what it measures.",
        {
            "pairs": [{"left": "kWh", "right": "energy"}, {"left": "kW", "right": "power"}],
            "distractors": ["voltage"],
        },
    ),
]
COMMUNITY = [
    (
        "multiple",
        "Which of these does a citizens' energy cooperative need first?",
        {
            "options": [
                {"key": "a", "text": "A feasibility study"},
                {"key": "b", "text": "A legal form"},
                {"key": "c", "text": "A coal supplier"},
            ],
            "correct": ["a", "b"],
        },
    ),
    (
        "text",
        "What is the name of a company owned by its members?",
        {"patterns": ["cooperative", "co-operative", "coop*"]},
    ),
]
RIGHT = {
    "single": "a",
    "numeric": "1",
    "matching": ["l1:r1", "l2:r2"],
    "multiple": ["a", "b"],
    "text": "cooperative",
}


def _bank(run: Run, title: str, questions) -> QuestionBank:
    bank = QuestionBank.objects.create(run=run, title=title)
    for i, (kind, text, spec) in enumerate(questions, start=1):
        Question.objects.create(bank=bank, kind=kind, text=text, spec=spec, position=i)
    return bank


def _space(run: Run) -> list[Quiz]:
    quizzes = []
    for s, (title, units) in enumerate(LESSONS, start=1):
        section = Section.objects.create(run=run, position=s, title=title)
        for u, (unit_title, body) in enumerate(units, start=1):
            Unit.objects.create(section=section, position=u, title=unit_title, body=body)
    units = list(Unit.objects.filter(section__run=run).order_by("section__position", "position"))
    UnitMedia.objects.create(
        unit=units[0],
        kind="video",
        title="Energy in one minute",
        url="https://www.youtube.com/watch?v=BEM6sL2rPu4",
        transcript=(
            "Energy is the ability to do work. At home we buy it as electricity and gas, "
            "counted in kilowatt-hours."
        ),
    )
    quizzes.append(
        Quiz.objects.create(
            unit=units[1], title="Check: energy basics", bank=_bank(run, "Basics", BASICS)
        )
    )
    quizzes.append(
        Quiz.objects.create(
            unit=units[3],
            title="Check: community energy",
            bank=_bank(run, "Community energy", COMMUNITY),
            time_limit_minutes=15,
        )
    )
    rubric = Rubric.objects.create(run=run, title="A cooperative plan")
    RubricCriterion.objects.create(
        rubric=rubric,
        position=1,
        title="Feasibility",
        description="Names the site, the source, the yearly output and what it costs.",
        max_points=10,
    )
    RubricCriterion.objects.create(
        rubric=rubric,
        position=2,
        title="Fairness",
        description="Says who may join, what a share costs and how the income is shared.",
        max_points=5,
    )
    Assignment.objects.create(
        unit=units[3],
        title="Plan a cooperative for your street",
        instructions=(
            "Write **one page**: where the installation goes, what it makes in a year, what "
            "it costs, and how neighbours join and share its income. Two other learners "
            "review your plan with the rubric; you review two plans."
        ),
        rubric=rubric,
        peer_reviews=2,
        allow_text=True,
    )
    CompletionRule.objects.create(run=run, quizzes_min_percent=60)
    return quizzes


def _take(quiz: Quiz, person: Person) -> None:
    attempt = services.attempt_start(quiz=quiz, person=person)
    kinds = dict(Question.objects.filter(bank=quiz.bank).values_list("pk", "kind"))
    services.attempt_submit(
        attempt=attempt,
        person=person,
        responses={str(pk): RIGHT[kinds[pk]] for pk in attempt.question_ids},
    )


PLAN = (
    "A 40 kWp solar roof on the school gym: about 38 MWh a year for 60,000 euros; shares of "
    "250 euros for every household of the street, one vote each, income shared by share."
)


def _full_marks(rubric: Rubric) -> list[dict]:
    return [
        {"criterion": c.pk, "points": c.max_points, "comment": "Clear and complete."}
        for c in rubric.criteria.order_by("position")
    ]


def _peer_reviewed(run: Run, student: Person, peers: list[Person]) -> None:
    """Two peers and Sam hand in their plans; the peers review Sam's with full marks, which
    grades it (the mean of the reviews) and completes the MOOC by its rules."""
    assignment = Assignment.objects.get(unit__section__run=run)
    for peer in peers:
        if not Enrolment.objects.filter(run=run, person=peer).exists():
            catalog.enrol(run=run, person=peer, by=peer)
        assignments.submission_submit(assignment=assignment, person=peer, text=PLAN)
    mine = assignments.submission_submit(assignment=assignment, person=student, text=PLAN)
    for review in mine.reviews.select_related("reviewer"):
        assignments.peer_review_submit(
            review=review,
            person=review.reviewer,
            scores=_full_marks(assignment.rubric),
            comment="A plan the street could start with.",
        )


def _lti_registration(institution) -> None:
    """A partner's Moodle registered as an LTI 1.3 platform (its addresses are examples)."""
    if LtiPlatform.objects.exists():
        return
    platform = LtiPlatform.objects.create(
        name=f"Moodle of {institution.short_name} (demo)",
        issuer="https://moodle.example.org",
        client_id="heroes-campus-demo",
        auth_login_url="https://moodle.example.org/mod/lti/auth.php",
        auth_token_url="https://moodle.example.org/mod/lti/token.php",  # noqa: S106 (an address)
        key_set_url="https://moodle.example.org/mod/lti/certs.php",
        institution=institution,
    )
    LtiDeployment.objects.create(platform=platform, deployment_id="1")


def seed_learning(*, stdout=None) -> None:
    lecturer = Person.objects.filter(email="lecturer@campus.test").first()
    student = Person.objects.filter(email="student@campus.test").first()
    learner = Person.objects.filter(email="learner@campus.test").first()
    if (
        lecturer is None
        or lecturer.institution is None
        or Course.objects.filter(code=MOOC_CODE).exists()
    ):
        return
    today = timezone.localdate()
    with transaction.atomic():
        mooc = Course.objects.create(
            code=MOOC_CODE,
            type="mooc",
            title="Energy literacy for resilient communities (MOOC)",
            description=(
                "A self-paced MOOC for credits: how energy is counted, read on a bill, made "
                "from renewable sources and shared in a citizens' cooperative."
            ),
            ects=3,
            eqf_level=5,
            isced_field="0713",
            languages=["en"],
            mode="online",
            workload_hours=75,
            assessment="exam",
            audience=["students", "professionals", "staff"],
            themes=["green", "people"],
        )
        mooc.hosts.set([lecturer.institution])
        run = Run.objects.create(
            course=mooc,
            label=f"Open all year {today.year}",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=335),
            enrolment_opens=today - datetime.timedelta(days=30),
            enrolment_closes=today + datetime.timedelta(days=300),
            capacity=5000,
            self_paced=True,
            personal_weeks=12,
        )
        run.teachers.add(lecturer)
        basics, community = _space(run)
        online = Course.objects.create(
            code=ONLINE_CODE,
            type="online",
            title="Flood risk for local authorities (online)",
            description="Weekly live sessions and group work on a municipality's flood plan.",
            ects=4,
            eqf_level=6,
            isced_field="0532",
            languages=["en"],
            mode="online",
            workload_hours=100,
            assessment="assignments",
            audience=["students", "professionals"],
            themes=["nature"],
        )
        online.hosts.set([lecturer.institution])
        cohort = Run.objects.create(
            course=online,
            label="Spring cohort",
            starts_on=today + datetime.timedelta(days=40),
            ends_on=today + datetime.timedelta(days=130),
            enrolment_opens=today - datetime.timedelta(days=5),
            enrolment_closes=today + datetime.timedelta(days=35),
            capacity=40,
        )
        cohort.teachers.add(lecturer)
        week = Section.objects.create(run=cohort, position=1, title="Week 1: Reading a flood map")
        Unit.objects.create(
            section=week,
            position=1,
            title="Flood maps and return periods",
            body="A **100-year flood** has a 1 % chance of happening in any year.",
        )
    units = list(Unit.objects.filter(section__run=run).order_by("section__position", "position"))
    for person in (student, learner):
        if person is not None and not Enrolment.objects.filter(run=run, person=person).exists():
            catalog.enrol(run=run, person=person, by=person)
    if student is not None:
        for unit in units:
            services.unit_view(unit=unit, person=student)
        _take(basics, student)
        _take(community, student)
        # Two generated students of the demo alliance, the same two every time.
        peers = list(
            Person.objects.exclude(email__in=DEMO_EMAILS)
            .filter(affiliations__role="student", affiliations__state="granted")
            .order_by("pk")[:2]
        )
        if len(peers) == 2:
            _peer_reviewed(run, student, peers)
    _lti_registration(lecturer.institution)
    if learner is not None:
        for unit in units[:2]:
            services.unit_view(unit=unit, person=learner)
        _take(basics, learner)
    if stdout:
        stdout.write(
            "Learning spaces: a self-paced MOOC for credits (4 units, 2 quizzes, a peer-reviewed "
            "assignment; Sam Student completed it, Lea Learner is half-way), a cohort online "
            "course, and a partner's Moodle registered for LTI 1.3.\n"
        )
