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
from campus.challenges import services
from campus.challenges.models import Challenge, ChallengeState, Team
from campus.people.models import Person
from campus.people.models import Role as R
from campus.people.selectors import people_affiliations_prime
from campus.permissions import Action, can
from campus.skills.selectors import skills_search
from campus_demo.accounts import DEMO_EMAILS
from campus_demo.datasets import read

SEED = 20251128
S = ChallengeState
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
        title=c["title"],
        org=c["org"],
        state=ChallengeState(c["state"]),
        themes=tuple(c["themes"]),
        sdgs=tuple(c["sdgs"]),
        skills=tuple((k["skill"], k["weight"]) for k in c["skills"]),
        problem=c["problem"],
        outcome=c["outcome"],
        teams=c["teams"],
    )
    for c in read("challenges.json")["challenges"]
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
        # two weeks before the start, for teams to be formed; none once that has passed
        applications_close_on=close
        if (close := starts - datetime.timedelta(days=14)) > today
        else None,
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


MOTIVATIONS: list[str] = read("challenges.json")["motivations"]


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
