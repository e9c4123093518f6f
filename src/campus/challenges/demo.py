"""The demo challenges: about 30 real-sounding problems of the partners' regional stakeholders,
in every state of a challenge's life, with applications, formed teams, their work, evaluations
and credits.

Deterministic (each challenge draws from its own seeded generator) and idempotent (challenges
are keyed by their title; a challenge and everything that happened to it is written in one
transaction, so a challenge that exists is complete). Everything goes through the real
services, acting as the people who would do it: the organisations' contact persons post,
the partners' coordinators review, open and form teams (with the real engine), students and
lecturers apply, teams plan and deliver, stakeholders evaluate, teachers award the credits.

The demo accounts get something to see: stakeholder@campus.test posted a challenge whose team
(with student@campus.test) is at work, coordinator@campus.test has challenges to review and
to form teams for, and the students of evaluated challenges have their credits.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from campus.alliance.models import Institution, Organisation
from campus.catalog.models import CourseType, Run
from campus.people.models import Person
from campus.people.models import Role as R
from campus.people.selectors import people_affiliations_prime
from campus.permissions import Action, can
from campus.skills.selectors import skills_search

from . import services
from .models import Challenge, ChallengeState, Team

SEED = 20251128
S = ChallengeState
DEMO_EMAILS = {
    "admin@campus.test",
    "coordinator@campus.test",
    "lecturer@campus.test",
    "researcher@campus.test",
    "student@campus.test",
    "learner@campus.test",
    "stakeholder@campus.test",
}
# The order of a challenge's life; a spec's state says how far its challenge gets.
LIFE = [
    S.DRAFT,
    S.SUBMITTED,
    S.APPROVED,
    S.OPEN,
    S.TEAMS_FORMED,
    S.IN_PROGRESS,
    S.DELIVERED,
    S.EVALUATED,
    S.CLOSED,
]
STAKEHOLDER = "stakeholder@campus.test"


@dataclass(frozen=True)
class Spec:
    title: str
    org: str  # a word of the organisation's name; STAKEHOLDER for the demo stakeholder's own
    state: str
    themes: tuple[str, ...]
    sdgs: tuple[int, ...]
    skills: tuple[tuple[str, int], ...]  # (ESCO label, weight)
    problem: str
    outcome: str
    teams: int = 1


SPECS = [
    Spec(
        "Sharing solar power between neighbours",
        STAKEHOLDER,
        S.IN_PROGRESS,
        ("green", "people"),
        (7, 11, 13),
        (
            ("advise on heating systems energy efficiency", 3),
            ("perform data analysis", 2),
            ("communicate with a non-scientific audience", 2),
        ),
        "Our members have solar panels on 400 roofs, but at noon they sell their power to the grid "
        "for almost nothing and buy it back at night at full price. The new energy-sharing law lets "
        "neighbours share power, yet nobody in our street knows how it works or whether it pays.",
        "A sharing scheme for one street, with the data to show what each household gains, and a "
        "leaflet our volunteers can use at the door.",
        teams=2,
    ),
    Spec(
        "Heat pumps for terraced houses",
        STAKEHOLDER,
        S.DRAFT,
        ("green",),
        (7, 13),
        (("advise on heating systems energy efficiency", 3),),
        "Half of our members live in old terraced houses. Installers tell them a heat pump will not "
        "work there, others say it will. We need honest advice that we can give to everyone.",
        "A decision guide for terraced houses and three worked examples.",
    ),
    Spec(
        "Flood-proofing the Kapellen neighbourhood",
        "Municipality",
        S.OPEN,
        ("nature", "people"),
        (11, 13),
        (
            ("develop flood remediation strategies", 4),
            ("geographic information systems", 3),
            ("participate actively in civic life", 1),
        ),
        "In the last three winters the streets around the old church flooded twice. The sewers "
        "cannot take more water, and residents are angry that nothing happens. We want to know "
        "which measures in streets and gardens would help most, and how to get residents on board.",
        "A map of the flood risk per street, a package of green and grey measures with rough costs, "
        "and a plan for a residents' evening.",
    ),
    Spec(
        "A circular supply chain for our bakery cooperative",
        "Circular Makers",
        S.EVALUATED,
        ("green", "businesses"),
        (2, 12),
        (
            ("ensure responsible sourcing in food supply chains", 3),
            ("assess the life cycle of resources", 3),
            ("show entrepreneurial spirit", 1),
        ),
        "Twelve bakeries share our cooperative. Every evening unsold bread goes to waste, and our "
        "flour comes from far away. We would like to buy grain locally and give leftover bread a "
        "second life, but we do not know what it would cost or who would take it.",
        "A circular supply chain for the cooperative: local suppliers, uses for leftover bread, "
        "and the numbers behind it.",
        teams=2,
    ),
    Spec(
        "Digital skills for elderly care workers",
        "Care Network",
        S.IN_PROGRESS,
        ("digital", "people"),
        (3, 4, 8),
        (
            ("develop inclusive communication material", 3),
            ("protect health and well-being while using digital technologies", 2),
            ("protect personal data and privacy", 2),
        ),
        "Our home-care workers now have to use tablets for care plans, medication and video calls "
        "with doctors. Many of them are over fifty and feel lost; some are leaving. We need "
        "training that fits in a working day and does not make anyone feel stupid.",
        "A short training programme with materials in plain language, tried out with one care team.",
    ),
    Spec(
        "Predictive maintenance for the water utility's pumps",
        "Water Board",
        S.CLOSED,
        ("digital", "nature"),
        (6, 9),
        (
            ("principles of artificial intelligence", 3),
            ("perform data analysis", 3),
            ("apply statistical analysis techniques", 2),
        ),
        "We run 180 pumping stations. When a pump fails, a polder floods or a village has no water "
        "pressure, and we find out from angry phone calls. We have ten years of sensor data that "
        "nobody has looked at.",
        "A model that warns us a week before a pump is likely to fail, tested on our own data.",
    ),
    Spec(
        "Biodiversity monitoring on dairy farms",
        "Precision Farming",
        S.DELIVERED,
        ("nature", "green"),
        (2, 15),
        (
            ("monitor nature conservation", 3),
            ("implement biodiversity action plans", 3),
            ("sustainable agricultural production principles", 2),
        ),
        "Dairy processors will soon pay farmers more for milk from farms that do well for nature. "
        "But how do you measure biodiversity on a farm without sending an ecologist every month?",
        "A simple monitoring method that farmers can do themselves, tried on three farms.",
    ),
    Spec(
        "Electric trucks and the regional grid",
        "Logistics",
        S.TEAMS_FORMED,
        ("green", "businesses"),
        (7, 9, 11),
        (
            ("implement route planning in smart mobility services", 3),
            ("use methods of logistical data analysis", 3),
        ),
        "We are replacing 60 diesel trucks with electric ones. The grid operator says our depot "
        "cannot get a bigger connection before 2029. We need to charge smarter, or plan routes "
        "differently, or both.",
        "A charging and route plan for the depot that fits the grid connection we have.",
    ),
    Spec(
        "Restoring a river bank with volunteers",
        "Nature Restoration",
        S.OPEN,
        ("nature", "people"),
        (6, 15),
        (
            ("habitat restoration", 4),
            ("promote the participation of citizens in scientific and research activities", 2),
        ),
        "Two kilometres of our river were straightened decades ago. We have permission to give it "
        "back its bends, and 80 volunteers. What should we plant, and how do we show what comes back?",
        "A restoration and monitoring plan our volunteers can carry out over three years.",
    ),
    Spec(
        "AI for the front desk of small companies",
        "Innovation Centre",
        S.OPEN,
        ("ai", "digital", "businesses"),
        (8, 9),
        (
            ("principles of artificial intelligence", 3),
            ("artificial neural networks", 2),
            ("protect personal data and privacy", 2),
        ),
        "Small companies in our region ask us whether a chatbot could answer their customers' "
        "questions. They have no IT department and are afraid of privacy fines.",
        "A checklist and a working example that a small company can copy safely.",
    ),
    Spec(
        "Young people in the region's workshops",
        "Chamber of Commerce",
        S.SUBMITTED,
        ("businesses", "people"),
        (4, 8),
        (("show entrepreneurial spirit", 2), ("promote ideas, products, services", 2)),
        "Our members cannot find young technicians. Teenagers think a workshop is dirty and dull, "
        "and they do not know the companies around the corner.",
        "A campaign that brings pupils into the workshops, designed with pupils.",
    ),
    Spec(
        "Cool schoolyards for hot summers",
        "Municipality",
        S.IN_PROGRESS,
        ("nature", "people"),
        (3, 11, 13),
        (("green space strategies", 3), ("climate change impact", 2), ("moderate a discussion", 1)),
        "In July the asphalt schoolyards in our town reach 50 °C and children stay inside. We want "
        "to turn six of them into green, shaded places, with the children and their parents.",
        "Designs for two schoolyards, made with pupils, with costs and a planting plan.",
    ),
    Spec(
        "Repair cafés that pay their way",
        "Circular Makers",
        S.RETURNED,
        ("green", "businesses"),
        (12,),
        (("show entrepreneurial spirit", 2), ("assess the life cycle of resources", 2)),
        "Our repair café runs on volunteers and goodwill. We would like to become a small social "
        "business, but we do not know what people would pay for.",
        "A business model for a repair café.",
    ),
    Spec(
        "Peat meadows and the water level",
        "Water Board",
        S.APPROVED,
        ("nature", "green"),
        (6, 13, 15),
        (
            ("climate change impact", 3),
            ("geographic information systems", 2),
            ("advise on environmental risk management systems", 2),
        ),
        "Our peat meadows sink a centimetre a year because we keep the water low for the cows. "
        "Raising it means less CO₂ but angry farmers. We need facts and a way to talk about them.",
        "Scenarios for three water levels with their effects on farms, soil and climate.",
    ),
    Spec(
        "Energy poverty: who do we miss?",
        "Energy Cooperative",
        S.OPEN,
        ("people", "green"),
        (1, 7, 10),
        (("perform data analysis", 2), ("develop inclusive communication material", 3)),
        "Our energy advice reaches people who already know where to find us. Families who cannot "
        "pay their bills do not come. We want to find them and help them without shaming them.",
        "A way to reach households in energy poverty, tried in one neighbourhood.",
    ),
    Spec(
        "Sustainability reports for small suppliers",
        "Chamber of Commerce",
        S.EVALUATED,
        ("businesses", "green"),
        (8, 12),
        (("global standards for sustainability reporting", 3), ("sustainable finance", 2)),
        "Big customers ask our members for sustainability figures they have never collected. Each "
        "customer wants a different form. Small suppliers are losing orders over paperwork.",
        "A simple reporting kit that answers the common questions, tested with five suppliers.",
    ),
    Spec(
        "Counting pollinators with citizens",
        "Nature Restoration",
        S.CLOSED,
        ("nature", "people"),
        (15, 17),
        (
            ("promote the participation of citizens in scientific and research activities", 3),
            ("monitor nature conservation", 3),
        ),
        "We planted 40 hectares of flower strips. Are there more bees? We cannot pay experts to "
        "count, but hundreds of residents want to help.",
        "A counting protocol and app workflow that gives reliable numbers from volunteers.",
    ),
    Spec(
        "Last-mile delivery without vans in the old town",
        "Logistics",
        S.DRAFT,
        ("green", "businesses"),
        (11,),
        (("implement route planning in smart mobility services", 3),),
        "The old town will ban vans in two years. Our parcels still have to get there.",
        "A delivery concept with cargo bikes and a small hub.",
    ),
    Spec(
        "Loneliness after retirement",
        "Care Network",
        S.OPEN,
        ("people",),
        (3, 10),
        (("participate actively in civic life", 2), ("moderate a discussion", 2)),
        "Many people in our villages retire, lose their colleagues and slowly disappear from view. "
        "By the time we meet them, they are ill. We want to reach them earlier.",
        "Three low-threshold activities, designed with retired people, and a way to reach them.",
    ),
    Spec(
        "Smart irrigation for orchards",
        "Precision Farming",
        S.TEAMS_FORMED,
        ("green", "digital"),
        (2, 6),
        (("sustainable agricultural production principles", 2), ("perform data analysis", 3)),
        "Our fruit growers water by habit. The summers are drier and the water board limits "
        "pumping. Soil sensors are cheap now, but nobody knows how to act on their data.",
        "A watering advice service based on sensor data, tried in two orchards.",
        teams=2,
    ),
    Spec(
        "A data dashboard for the town's climate plan",
        "Municipality",
        S.REJECTED,
        ("digital", "green"),
        (11, 13),
        (("perform data analysis", 2),),
        "We want a dashboard.",
        "A dashboard.",
    ),
    Spec(
        "Chatbot for the citizens' helpdesk",
        "Innovation Centre",
        S.DELIVERED,
        ("ai", "digital", "people"),
        (9, 16),
        (
            ("principles of artificial intelligence", 3),
            ("develop inclusive communication material", 2),
        ),
        "The town's helpdesk answers the same forty questions all day in four languages. Staff want "
        "time for the hard cases.",
        "A tested prototype that answers the common questions in plain language.",
    ),
    Spec(
        "Wetland buffer for a drinking-water source",
        "Water Board",
        S.SUBMITTED,
        ("nature",),
        (6, 15),
        (("habitat restoration", 3), ("advise on environmental risk management systems", 2)),
        "Nitrate from the fields reaches our drinking-water wells. A strip of wetland could filter "
        "it, but we need the farmers' land and their trust.",
        "A design for the buffer and an offer the farmers would accept.",
    ),
    Spec(
        "Green roofs on industrial halls",
        "Chamber of Commerce",
        S.IN_PROGRESS,
        ("green", "businesses", "nature"),
        (11, 13),
        (("green space strategies", 3), ("urban sustainability", 2)),
        "Our business park has 30 hectares of flat roofs that heat up and drain rain straight into "
        "the sewer. Owners ask whether green or solar roofs pay, and whether the halls can carry them.",
        "A roof-by-roof assessment and a joint purchasing plan.",
    ),
    Spec(
        "Second life for laptops in schools",
        "Circular Makers",
        S.OPEN,
        ("digital", "green", "people"),
        (4, 12),
        (("assess the life cycle of resources", 2), ("protect personal data and privacy", 3)),
        "Companies throw away laptops that still work, and pupils at home have none. Wiping the data "
        "safely and getting them to the right families is the hard part.",
        "A safe refurbishing and distribution process, run once with one company and one school.",
    ),
    Spec(
        "Health data for community nurses",
        "Care Network",
        S.APPROVED,
        ("digital", "people"),
        (3,),
        (("health technology assessment", 3), ("protect personal data and privacy", 2)),
        "Our community nurses collect health data on paper and type it in at night. Several apps "
        "are on the market; we do not know which ones are safe and worth their price.",
        "An assessment of three apps with a recommendation.",
    ),
    Spec(
        "A climate-adaptation game for town councils",
        "Municipality",
        S.RETURNED,
        ("nature", "people"),
        (11, 13),
        (("climate change impact", 2), ("moderate a discussion", 2)),
        "Councillors find climate adaptation abstract. A game might help them choose.",
        "A serious game.",
    ),
    Spec(
        "Wind park revenue for the village",
        "Energy Cooperative",
        S.REJECTED,
        ("green", "businesses"),
        (7,),
        (("sustainable finance", 2),),
        "We want to know how to spend the money of our wind park.",
        "Advice.",
    ),
    Spec(
        "Hedgerows as carbon farming",
        "Precision Farming",
        S.SUBMITTED,
        ("green", "nature"),
        (13, 15),
        (("sustainable agricultural production principles", 2), ("climate change impact", 2)),
        "Carbon credits for hedgerows could pay farmers to plant them again. But the rules for "
        "counting carbon in hedgerows are unclear and buyers are sceptical.",
        "A method to count the carbon in hedgerows that a buyer would trust.",
    ),
    Spec(
        "Reusable packaging for regional food",
        "Logistics",
        S.OPEN,
        ("green", "businesses"),
        (12,),
        (
            ("ensure responsible sourcing in food supply chains", 2),
            ("use methods of logistical data analysis", 2),
        ),
        "Regional farmers deliver to 50 shops in single-use boxes. A pool of reusable crates would "
        "need washing, tracking and a return trip.",
        "A reusable crate system with its logistics and costs.",
    ),
]


@dataclass
class ChallengesReport:
    challenges_created: int = 0
    applications_created: int = 0
    teams_created: int = 0
    credits_awarded: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class _Cast:
    """The people the seeder acts as, read once."""

    def __init__(self, institutions: list[Institution]):
        people = list(
            Person.objects.filter(is_active=True).select_related("organisation").order_by("email")
        )
        people_affiliations_prime(people)
        self.by_email = {p.email: p for p in people}
        self.coordinator: dict[int, Person] = {}
        for index, institution in enumerate(institutions):
            email = (
                "coordinator@campus.test"
                if index == 0
                else f"coordinator1.{institution.slug}@campus.test"
            )
            found = self.by_email.get(email) or next(
                (
                    p
                    for p in people
                    if p.institution_id == institution.pk and R.COORDINATOR in p.role_codes
                ),
                None,
            )
            if found is not None:
                self.coordinator[institution.pk] = found
        self.students = [
            p
            for p in people
            if R.STUDENT in p.role_codes and p.institution_id and p.email not in DEMO_EMAILS
        ]
        self.lecturers = [
            p
            for p in people
            if R.LECTURER in p.role_codes
            and R.COORDINATOR not in p.role_codes
            and p.institution_id
            and p.email not in DEMO_EMAILS
        ]

    def mixed(self, rng: random.Random, pool: list[Person], count: int) -> list[Person]:
        """``count`` people of ``pool`` from as many institutions as possible, in turn."""
        by_institution: dict[int, list[Person]] = {}
        for person in rng.sample(pool, len(pool)):
            by_institution.setdefault(person.institution_id, []).append(person)
        groups = list(by_institution.values())
        rng.shuffle(groups)
        chosen: list[Person] = []
        while len(chosen) < count and any(groups):
            for group in groups:
                if group and len(chosen) < count:
                    chosen.append(group.pop())
        return chosen


def _skills(spec: Spec, cache: dict[str, str | None]) -> dict[str, float]:
    found = {}
    for label, weight in spec.skills:
        if label not in cache:
            hits = skills_search(label, limit=1, languages=["en"])
            cache[label] = hits[0].uri if hits else None
        if cache[label]:
            found[cache[label]] = float(weight)
    return found


def _organisation(spec: Spec, organisations: list[Organisation], cast: _Cast, used: dict):
    """The organisation and its contact person for a spec, spread over the regions."""
    if spec.org == STAKEHOLDER:
        poster = cast.by_email.get(STAKEHOLDER)
        if poster is not None and poster.organisation is not None:
            return poster.organisation, poster
    matching = [o for o in organisations if spec.org.lower() in o.name.lower()] or organisations
    start = used.get(spec.org, 0)
    used[spec.org] = start + 1
    organisation = matching[(start * 3) % len(matching)]
    poster = cast.by_email.get(f"contact1.{organisation.slug}@campus.test")
    if poster is None:
        poster = next(
            (p for p in cast.by_email.values() if p.organisation_id == organisation.pk), None
        )
    return organisation, poster


def _module(institution_id: int, today: datetime.date) -> Run | None:
    """A run of a challenge-based module that is not closed, at the reviewing institution if
    it hosts one."""
    runs = (
        Run.objects.filter(course__type=CourseType.CHALLENGE, closed_at__isnull=True)
        .select_related("course")
        .prefetch_related("teachers", "course__hosts")
        .order_by("starts_on", "pk")
    )
    runs = list(runs)
    own = [r for r in runs if any(h.pk == institution_id for h in r.course.hosts.all())]
    started = [r for r in (own or runs) if r.starts_on <= today] or own or runs
    return started[0] if started else None


def _assessor(run: Run, cast: _Cast) -> Person | None:
    for teacher in run.teachers.all():
        return teacher
    for host in run.course.hosts.all():
        coordinator = cast.coordinator.get(host.pk)
        if coordinator is not None and can(coordinator, Action.ASSESS, run):
            return coordinator
    return None


def _dates(state: str, today: datetime.date, rng: random.Random) -> tuple:
    d = datetime.timedelta
    shift = rng.randrange(0, 20)
    if state in (S.EVALUATED, S.CLOSED, S.DELIVERED):
        starts = today - d(days=140 + shift)
        return starts, starts + d(days=120)
    if state in (S.TEAMS_FORMED, S.IN_PROGRESS):
        starts = today - d(days=20 + shift)
        return starts, starts + d(days=100)
    starts = today + d(days=40 + shift)
    return starts, starts + d(days=100)


def _seed_challenge(index, spec, *, organisations, cast, used, skill_cache, today, report):
    rng = random.Random(SEED + index)
    organisation, poster = _organisation(spec, organisations, cast, used)
    if poster is None:
        report.notes.append(f"No contact person for {organisation.name}; skipped {spec.title}.")
        return
    institution_id = organisation.partner_institution_id
    coordinator = cast.coordinator.get(institution_id)
    starts, ends = _dates(spec.state, today, rng)
    reached = LIFE.index(spec.state) if spec.state in LIFE else LIFE.index(S.SUBMITTED)
    module = _module(institution_id, today) if reached >= LIFE.index(S.APPROVED) else None
    languages = ["en"]
    local = organisation.partner_institution.languages[0] if institution_id else "en"
    if local != "en" and rng.random() < 0.6:
        languages.append(local)
    challenge = services.challenge_create(
        by=poster,
        organisation=organisation,
        title=spec.title,
        problem=spec.problem,
        expected_outcome=spec.outcome,
        region=organisation.region,
        languages=languages,
        skills=_skills(spec, skill_cache),
        team_min=3,
        team_max=5,
        teams_wanted=spec.teams,
        starts_on=starts,
        ends_on=ends,
        themes=spec.themes,
        sdgs=spec.sdgs,
        module=module,
        confidentiality="confidential" if rng.random() < 0.2 else "public",
        ip_terms=rng.choice(["open", "shared", "shared", "stakeholder"]),
    )
    report.challenges_created += 1
    if spec.state == S.DRAFT:
        return
    services.challenge_submit(challenge=challenge, by=poster)
    if spec.state == S.SUBMITTED or coordinator is None:
        return
    if spec.state == S.RETURNED:
        services.challenge_return(
            challenge=challenge,
            by=coordinator,
            reason="Please describe the problem in more detail: who is affected, what have you "
            "tried, and what should the teams hand over at the end?",
        )
        return
    if spec.state == S.REJECTED:
        services.challenge_reject(
            challenge=challenge,
            by=coordinator,
            reason="This is a request for a service rather than a challenge for students to "
            "explore; our technology transfer office will contact you.",
        )
        return
    services.challenge_approve(
        challenge=challenge,
        by=coordinator,
        feedback="A real problem with a clear outcome. Welcome!",
    )
    if spec.state == S.APPROVED:
        return
    services.challenge_open(challenge=challenge, by=coordinator)
    if spec.state == S.OPEN:
        _open_applications(challenge, rng, cast, report)
        return
    _form_teams(challenge, spec, rng, cast, coordinator, report)
    _work(challenge, spec, rng, cast, coordinator, poster, today, report)


def _apply(challenge, person, role, report, motivation="", hours=None) -> None:
    try:
        services.application_submit(
            challenge=challenge,
            person=person,
            by=person,
            role=role,
            motivation=motivation,
            hours=hours,
        )
    except ValidationError:
        return
    report.applications_created += 1


MOTIVATIONS = [
    "I grew up in a place with exactly this problem and want to help solve it.",
    "This fits my minor, and I would love to work with a real organisation.",
    "I have done a similar project before and can bring the data analysis.",
    "I want to work in an international team and learn from other fields.",
    "The topic is what I want to write my thesis about.",
]


def _open_applications(challenge, rng, cast, report) -> None:
    for student in cast.mixed(rng, cast.students, rng.randint(5, 9)):
        _apply(challenge, student, "student", report, rng.choice(MOTIVATIONS))
    for lecturer in cast.mixed(rng, cast.lecturers, 2):
        _apply(challenge, lecturer, "coach", report, "Happy to coach a team.", rng.choice([2, 4]))


def _form_teams(challenge, spec, rng, cast, coordinator, report) -> None:
    students = cast.mixed(rng, cast.students, 4 * spec.teams)
    if spec.org == STAKEHOLDER and STAKEHOLDER in cast.by_email:
        demo_student = cast.by_email.get("student@campus.test")
        if demo_student is not None:
            students = [demo_student, *students[:-1]]
    for student in students:
        _apply(challenge, student, "student", report, rng.choice(MOTIVATIONS))
    for lecturer in cast.mixed(rng, cast.lecturers, spec.teams + 1):
        _apply(challenge, lecturer, "coach", report, "I coach teams in this field.", 4)
    run = services.formation_start(challenges=[challenge], by=coordinator, time_limit=5)
    if run.status != "done":
        raise ValidationError(f"The team formation for {challenge.title} ended {run.status}.")
    teams = services.formation_confirm(run=run, by=coordinator)
    report.teams_created += len(teams)


def _work(challenge, spec, rng, cast, coordinator, poster, today, report) -> None:
    reached = LIFE.index(spec.state)
    if reached < LIFE.index(S.IN_PROGRESS):
        return
    services.challenge_start(challenge=challenge, by=poster)
    teams = list(Team.objects.filter(challenge=challenge).prefetch_related("members__person"))
    for team in teams:
        student = next(m.person for m in team.members.all() if m.role == "student")
        first = services.milestone_add(
            team=team,
            by=student,
            title="Interviews with the stakeholder and the people affected",
            due_on=challenge.starts_on + datetime.timedelta(days=21),
        )
        services.milestone_done(milestone=first, by=student)
        services.milestone_add(
            team=team,
            by=student,
            title="First proposal presented to the stakeholder",
            due_on=challenge.starts_on + datetime.timedelta(days=60),
        )
        services.milestone_add(
            team=team, by=student, title="Final presentation", due_on=challenge.ends_on
        )
        if reached >= LIFE.index(S.DELIVERED):
            report_text = (
                f"# {challenge.title}\n\n{team.name}\n\n## What we found\n\n"
                "Interviews, data and a proposal; see the slides for the details.\n"
            )
            services.deliverable_upload(
                team=team,
                by=student,
                title="Final report",
                file=ContentFile(report_text.encode(), name="final-report.md"),
            )
    if reached < LIFE.index(S.DELIVERED):
        return
    services.challenge_deliver(challenge=challenge, by=poster)
    if reached < LIFE.index(S.EVALUATED):
        return
    for team in teams:
        services.team_evaluate(
            team=team,
            by=poster,
            rating=rng.choice([3, 4, 4, 5, 5]),
            feedback="Thorough work and a proposal we can use. Thank you for listening so well.",
        )
    challenge.refresh_from_db()
    if challenge.module_id:
        run = Run.objects.select_related("course").get(pk=challenge.module_id)
        assessor = _assessor(run, cast)
        if assessor is not None:
            results = services.challenge_award_credits(challenge=challenge, by=assessor)
            report.credits_awarded += len(results)
    if reached >= LIFE.index(S.CLOSED):
        services.challenge_close(challenge=challenge, by=coordinator)


def seed_challenges(*, scale: int = 1, stdout=None) -> ChallengesReport:
    """Add the demo challenges (after the alliance, people and catalogue); adds nothing twice.

    ``scale`` is accepted for symmetry with the other seeders; the challenges are hand-written,
    so there are as many at every scale."""
    started = time.perf_counter()
    report = ChallengesReport()
    say = stdout.write if stdout else (lambda *_a: None)
    institutions = list(Institution.objects.order_by("pk"))
    organisations = list(
        Organisation.objects.filter(partner_institution__isnull=False)
        .select_related("region", "partner_institution")
        .order_by("pk")
    )
    if not institutions or not organisations:
        report.notes.append("No institutions or organisations: run the alliance seed first.")
        return report
    cast = _Cast(institutions)
    today = timezone.localdate()
    existing = set(Challenge.objects.values_list("title", flat=True))
    used: dict[str, int] = {}
    skill_cache: dict[str, str | None] = {}
    for index, spec in enumerate(SPECS):
        if spec.title in existing:
            # Keep the organisation rotation the same as on the first run.
            _organisation(spec, organisations, cast, used)
            continue
        with transaction.atomic():
            _seed_challenge(
                index,
                spec,
                organisations=organisations,
                cast=cast,
                used=used,
                skill_cache=skill_cache,
                today=today,
                report=report,
            )
    report.seconds = time.perf_counter() - started
    say(
        f"Challenges: {report.challenges_created} new, {report.applications_created} "
        f"applications, {report.teams_created} teams, {report.credits_awarded} credits "
        f"({report.seconds:.1f} s).\n"
    )
    return report
