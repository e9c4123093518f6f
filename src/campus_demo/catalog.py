"""The demo catalogue: about 80 courses per scale step over all types and all nine partners,
runs in the past, current and next terms, joint programmes, and enrolments with results.

Deterministic (each course is drawn from its own seeded random generator, so course n is the
same at scale 1 and scale 10) and idempotent (courses and programmes are keyed by their code;
a course, its runs and their enrolments are written together in one transaction, so a course
that exists is complete). Everything goes through the real services, acting as the people who
would do it: coordinators add courses and runs, learners enrol, teachers record results and
close runs, the alliance administrator sets up the programmes. Dates are relative to today, so
the demo stays alive: enrolment is open now for the current and the next runs.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campus.alliance.models import Institution
from campus.catalog import services
from campus.catalog.models import Course, CourseType, Enrolment, EnrolmentStatus, Mode, Programme
from campus.catalog.services import programme_create
from campus.people.models import Person
from campus.people.models import Role as R
from campus.people.selectors import people_affiliations_prime
from campus.skills.selectors import skills_search
from campus_demo.accounts import DEMO_EMAILS
from campus_demo.datasets import read

SEED = 20250917
COURSES_PER_SCALE = 80
T = CourseType
CHALLENGE, COURSE, FLEXIBLE, ONLINE, MOOC = T.CHALLENGE, T.COURSE, T.FLEXIBLE, T.ONLINE, T.MOOC


@dataclass(frozen=True)
class Topic:
    """A base course: its title in English and in the partners' languages, and what it teaches."""

    key: str
    title: str
    local: tuple[tuple[str, str], ...]  # (language, title) in the partners' languages
    isced: str
    eqf: tuple[int, ...]
    themes: tuple[str, ...]
    types: tuple[str, ...]
    description: str
    outcomes: tuple[tuple[str, str], ...]  # (outcome, keyword to find its ESCO skill)

    def title_in(self, language: str) -> str:
        return dict(self.local).get(language, "")


TOPICS = [
    Topic(
        key=t["key"],
        title=t["title"],
        local=tuple(t["local"].items()),
        isced=t["isced"],
        eqf=tuple(t["eqf"]),
        themes=tuple(t["themes"]),
        types=tuple(CourseType(kind) for kind in t["types"]),
        description=t["description"],
        outcomes=tuple((o["outcome"], o["skill"]) for o in t["outcomes"]),
    )
    for t in read("catalogue_topics.json")
]
TOPIC = {t.key: t for t in TOPICS}

_CATALOGUE = read("catalogue.json")
# What each partner teaches first, after its profile (the rest of the topics follow at scale > 1).
PROFILES: dict[str, list[str]] = _CATALOGUE["profiles"]
# A course on the left needs one on the right first (the first one of that topic in the catalogue).
PREREQUISITES: dict[str, str] = _CATALOGUE["prerequisites"]
# A repeated topic at the same partner gets a qualifier (by language: "en" and the hosts').
QUALIFIERS: list[dict[str, str]] = _CATALOGUE["qualifiers"]
TYPE_SENTENCES = {CourseType(k): v for k, v in _CATALOGUE["type_sentences"].items()}
TRANSVERSAL_OUTCOMES = [(o["outcome"], o["skill"]) for o in _CATALOGUE["transversal_outcomes"]]
ECTS_BY_TYPE = {CourseType(k): v for k, v in _CATALOGUE["ects_by_type"].items()}
ASSESSMENT_BY_TYPE = {CourseType(k): v for k, v in _CATALOGUE["assessment_by_type"].items()}
# Local grades for an ECTS grade, per country (as the partners' own scales write them).
LOCAL_GRADES: dict[str, dict[str, str]] = _CATALOGUE["local_grades"]
# How often each ECTS grade is given.
GRADE_WEIGHTS = list(_CATALOGUE["grade_weights"].items())


@dataclass
class CourseSpec:
    """One course of the demo catalogue, decided before anything is written."""

    index: int
    code: str
    topic: Topic
    hosts: list[Institution]
    fields: dict
    prerequisite_codes: list[str]
    outcomes: list[tuple[str, str]]
    seed: int

    @property
    def host(self) -> Institution:
        return self.hosts[0]


@dataclass
class CatalogueReport:
    courses_created: int = 0
    runs_created: int = 0
    enrolments_created: int = 0
    enrolments_refused: int = 0
    results_recorded: int = 0
    programmes_created: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


# --- the plan ----------------------------------------------------------------------------------


def _region(institution: Institution) -> str:
    return institution.region.name.removeprefix("Arr. ")


def _topic_order(slug: str) -> list[str]:
    preferred = PROFILES.get(slug, [])
    rest = [t.key for t in TOPICS if t.key not in preferred]
    return preferred + rest


def _course_specs(institutions: list[Institution], count: int) -> list[CourseSpec]:
    """The catalogue as data: course n depends only on n, so scale 10 extends scale 1."""
    specs: list[CourseSpec] = []
    used: dict[tuple[int, str], int] = {}
    first_of_topic: dict[str, str] = {}
    n_inst = len(institutions)
    for index in range(count):
        rng = random.Random(SEED * 1000 + index)
        host = institutions[index % n_inst]
        order = _topic_order(host.slug)
        topic = TOPIC[order[(index // n_inst) % len(order)]]
        repeat = used.get((host.pk, topic.key), 0)
        used[(host.pk, topic.key)] = repeat + 1
        kind = topic.types[(index + index // n_inst) % len(topic.types)]
        local = host.languages[0] if host.languages else "en"

        title, title_local = topic.title, topic.title_in(local)
        if repeat:
            qualifier = QUALIFIERS[(repeat - 1) % len(QUALIFIERS)]
            title = f"{title} — {qualifier['en']}"
            title_local = (
                f"{title_local} — {qualifier.get(local, qualifier['en'])}" if title_local else ""
            )
        eqf = topic.eqf[rng.randrange(len(topic.eqf))]
        if kind in (FLEXIBLE, MOOC):
            eqf = min(eqf, 6)
        if repeat and kind not in (FLEXIBLE, MOOC):
            eqf = max(eqf, 6)
        ects = Decimal(rng.choice(ECTS_BY_TYPE[kind]))

        if kind in (ONLINE, MOOC):
            mode = Mode.ONLINE
        elif kind == CHALLENGE:
            mode = rng.choice([Mode.ONSITE, Mode.BLENDED, Mode.BLENDED])
        elif kind == FLEXIBLE:
            mode = rng.choice([Mode.BLENDED, Mode.ONLINE, Mode.ONSITE])
        else:
            mode = rng.choice([Mode.ONSITE, Mode.ONSITE, Mode.BLENDED, Mode.ONLINE])
        roll = rng.random()
        if kind == FLEXIBLE:
            languages = [local] if roll < 0.4 else ["en", local]
        else:
            languages = ["en"] if roll < 0.45 else (["en", local] if roll < 0.85 else [local])
        languages = list(dict.fromkeys(languages))
        with_local_title = (
            local != "en" and bool(title_local) and (local in languages or rng.random() < 0.5)
        )

        if kind == FLEXIBLE:
            audience = ["professionals", "staff"] + (["students"] if rng.random() < 0.4 else [])
            fee = Decimal(rng.choice([150, 240, 350, 480, 650, 890]))
        elif kind == MOOC:
            audience = ["students", "professionals", "staff"]
            fee = Decimal(rng.choice([0, 49, 79, 99]))
        elif kind == ONLINE:
            audience = ["students", "professionals"]
            fee = Decimal(rng.choice([0, 0, 95, 180]))
        else:
            audience = ["students"] + (["professionals"] if rng.random() < 0.3 else [])
            fee = Decimal(rng.choice([0, 250, 400])) if "professionals" in audience else Decimal(0)

        hosts = [host]
        if kind == CHALLENGE and rng.random() < 0.5:  # many challenge modules are run in pairs
            hosts.append(institutions[(index + 1 + rng.randrange(n_inst - 1)) % n_inst])

        outcomes = list(topic.outcomes[: rng.choice([2, 3, 3, len(topic.outcomes)])])
        if kind == CHALLENGE or rng.random() < 0.25:
            outcomes.append(TRANSVERSAL_OUTCOMES[rng.randrange(len(TRANSVERSAL_OUTCOMES))])
        outcomes = outcomes[:4]

        prerequisites = []
        if topic.key in PREREQUISITES and PREREQUISITES[topic.key] in first_of_topic:
            prerequisites.append(first_of_topic[PREREQUISITES[topic.key]])

        code = f"{host.slug[:4].upper().replace('-', '')}-{topic.key}{eqf}{repeat + 1:02d}"
        if repeat >= 99:
            code = f"{code}-{index}"
        place = {"city": host.city, "region": _region(host)}
        description = " ".join(
            [topic.description.format(**place), TYPE_SENTENCES[kind].format(**place)]
        )
        fields = {
            "code": code,
            "type": kind,
            "title": title,
            "description": description,
            "local_language": local if with_local_title else "",
            "title_local": title_local if with_local_title else "",
            "ects": ects,
            "eqf_level": eqf,
            "isced_field": topic.isced,
            "languages": languages,
            "mode": mode,
            "workload_hours": int(ects * rng.choice([25, 27, 28, 30])),
            "assessment": rng.choice(ASSESSMENT_BY_TYPE[kind]),
            "audience": audience,
            "themes": list(topic.themes),
            "fee_external": fee,
        }
        specs.append(
            CourseSpec(
                index=index,
                code=code,
                topic=topic,
                hosts=hosts,
                fields=fields,
                prerequisite_codes=prerequisites,
                outcomes=outcomes,
                seed=SEED * 1000 + index,
            )
        )
        first_of_topic.setdefault(topic.key, code)
    return specs


@dataclass
class ProgrammePlan:
    code: str
    kind: str
    title: str
    description: str
    eqf: int
    ects_total: Decimal
    themes: list[str]
    required: list[CourseSpec]
    electives: list[CourseSpec]
    elective_name: str
    required_name: str


def _pick(specs, keys, accept, *, limit=None, per_key=None, exclude=()) -> list[CourseSpec]:
    """Courses of the given topics (in the order of the topics) that pass ``accept``."""
    chosen = []
    for key in keys:
        found = [
            s
            for s in specs
            if s.topic.key == key and accept(s) and s not in exclude and s not in chosen
        ]
        for spec in found[:per_key]:
            chosen.append(spec)
            if limit and len(chosen) >= limit:
                return chosen
    return chosen


def _fill(
    pool: list[CourseSpec], needed: Decimal, spare: Decimal, at_least: int = 5
) -> list[CourseSpec]:
    """Electives until their credits reach the minimum plus some room to choose."""
    chosen, total = [], Decimal(0)
    for spec in pool:
        if total >= needed + spare and len(chosen) >= at_least:
            break
        chosen.append(spec)
        total += spec.fields["ects"]
    return chosen


def _programme_plans(specs: list[CourseSpec]) -> list[ProgrammePlan]:
    """Programmes built from the first COURSES_PER_SCALE courses (the same at every scale)."""
    base = [s for s in specs if s.index < COURSES_PER_SCALE and not s.prerequisite_codes]

    def for_students(level):
        return lambda s: "students" in s.fields["audience"] and s.fields["eqf_level"] in level

    plans = []
    # Joint minor in climate resilience: two required modules, electives from nature topics.
    minor_level = for_students((5, 6))
    required = _pick(base, ["CLAD", "NBSC", "WETL"], minor_level, limit=2, per_key=1)
    pool = _pick(
        base,
        ["WETL", "FLOD", "DTWM", "HEAT", "BIOM", "DRFA", "WATR", "FORE", "GISP", "CENE"],
        minor_level,
        exclude=required,
    )
    req = sum(s.fields["ects"] for s in required)
    plans.append(
        ProgrammePlan(
            code="JM-CLIMATE-RESILIENCE",
            kind="minor",
            title="Joint Minor in Regional Climate Resilience",
            description=(
                "Prepare towns, farms and nature for floods, droughts and heat. Partners from "
                "across the alliance teach this minor together: you take the core modules and "
                "choose the rest from field labs and online courses, from wetlands and forests "
                "to city streets. Every module works with a real partner from the regions, and "
                "you leave with a portfolio of adaptation plans."
            ),
            eqf=6,
            ects_total=Decimal(30),
            themes=["nature", "people", "green"],
            required=required,
            electives=_fill(pool, Decimal(30) - req, Decimal(15)),
            required_name="Core modules",
            elective_name="Climate resilience electives",
        )
    )
    # Joint minor in the digital transformation of SMEs.
    required = _pick(base, ["DATA", "DMKT", "CLOU"], minor_level, limit=2, per_key=1)
    pool = _pick(
        base,
        ["CYBR", "CIRC", "AIPM", "ROBO", "AGIL", "BCON", "CLOU", "GENT", "MLPY", "GLOG"],
        minor_level,
        exclude=required,
    )
    req = sum(s.fields["ects"] for s in required)
    plans.append(
        ProgrammePlan(
            code="JM-DIGITAL-SME",
            kind="minor",
            title="Joint Minor in Digital Transformation of SMEs",
            description=(
                "Small and medium-sized companies are the backbone of the alliance's regions, "
                "and many of them struggle to go digital. In this minor you learn to analyse "
                "their data, market them online, secure their systems and automate their "
                "work, always with a real company as your partner."
            ),
            eqf=6,
            ects_total=Decimal(30),
            themes=["digital", "businesses", "ai"],
            required=required,
            electives=_fill(pool, Decimal(30) - req, Decimal(15)),
            required_name="Foundations",
            elective_name="Electives",
        )
    )
    # European Master in Resilient Regions: advanced (EQF 7) modules from all partners.
    master_level = for_students((7,))
    required = _pick(
        base, ["STAK", "CRSI", "CLAD", "BCON", "NBSC", "RAIE"], master_level, limit=3, per_key=1
    )
    pool = [s for s in base if master_level(s) and s not in required]
    req = sum(s.fields["ects"] for s in required)
    plans.append(
        ProgrammePlan(
            code="EM-RESILIENT-REGIONS",
            kind="master",
            title="European Master in Resilient Regions",
            description=(
                "A joint master of the nine HEROES partners for people who want to lead the "
                "green and digital transition of their region. You study at at least two "
                "partners, physically or online, combine core modules on stakeholders, "
                "communities and crisis with advanced electives in climate, energy, business "
                "and artificial intelligence, and graduate with a degree recognised in all "
                "nine countries."
            ),
            eqf=7,
            ects_total=Decimal(90),
            themes=["people", "businesses", "nature", "green", "digital", "ai"],
            required=required,
            electives=_fill(pool, Decimal(90) - req, Decimal(20)),
            required_name="Master core",
            elective_name="Advanced electives",
        )
    )

    # A professional certificate in applied AI, from the flexible and online AI offer.
    def for_professionals(s):
        return "professionals" in s.fields["audience"] and "ai" in s.fields["themes"]

    required = _pick(base, ["RAIE", "MLPY"], for_professionals, limit=1, per_key=1)
    pool = [s for s in base if for_professionals(s) and s not in required]
    if required and pool:
        req = sum(s.fields["ects"] for s in required)
        electives = _fill(pool, Decimal(10), Decimal(5), at_least=3)
        need = min(Decimal(10), sum(s.fields["ects"] for s in electives))
        plans.append(
            ProgrammePlan(
                code="PC-APPLIED-AI",
                kind="certificate",
                title="Professional Certificate in Applied Artificial Intelligence",
                description=(
                    "For engineers, managers and public servants who want to use AI well. "
                    "Start with responsible AI, then choose hands-on modules on machine "
                    "learning, maintenance and quality control, online or in evening classes."
                ),
                eqf=6,
                ects_total=req + need,
                themes=["ai", "digital"],
                required=required,
                electives=electives,
                required_name="Foundation",
                elective_name="Applications",
            )
        )
    return plans


# --- writing -----------------------------------------------------------------------------------


class _People:
    """The people the seeder acts as, read once, with their roles cached."""

    def __init__(self, institutions):
        people = list(
            Person.objects.filter(is_active=True).select_related("institution").order_by("email")
        )
        people_affiliations_prime(people)
        self.by_email = {p.email: p for p in people}
        self.admin = self.by_email.get("admin@campus.test") or next(
            (p for p in people if R.ADMIN in p.role_codes), None
        )
        self.coordinator, self.lecturers, self.students = {}, {}, {}
        for institution in institutions:
            mine = [p for p in people if p.institution_id == institution.pk]
            preferred = "coordinator@campus.test" if institution.pk == institutions[0].pk else ""
            preferred = preferred or f"coordinator1.{institution.slug}@campus.test"
            self.coordinator[institution.pk] = self.by_email.get(preferred) or next(
                (p for p in mine if R.COORDINATOR in p.role_codes), self.admin
            )
            self.lecturers[institution.pk] = [
                p for p in mine if R.LECTURER in p.role_codes and p.email not in DEMO_EMAILS
            ]
            self.students[institution.pk] = [
                p for p in mine if R.STUDENT in p.role_codes and p.email not in DEMO_EMAILS
            ]
        self.learners = [
            p
            for p in people
            if R.LIFELONG_LEARNER in p.role_codes
            and p.institution_id is None
            and p.email not in DEMO_EMAILS
        ]
        self.all_students = [s for group in self.students.values() for s in group]


@dataclass
class Terms:
    today: datetime.date

    def dates(self, term: str, jitter: int) -> dict:
        t, d = self.today, datetime.timedelta
        if term == "past":
            starts = t - d(days=200 - jitter)
            opens, closes = starts - d(days=60), starts - d(days=7)
        elif term == "current":
            starts = t - d(days=25 - jitter)
            opens, closes = starts - d(days=45), t + d(days=10 + jitter)
        else:
            starts = t + d(days=55 + jitter)
            opens, closes = t - d(days=10), starts - d(days=7)
        return {
            "label": f"{starts:%B %Y}",
            "starts_on": starts,
            "ends_on": starts + d(days=100),
            "enrolment_opens": opens,
            "enrolment_closes": closes,
        }


def _skill_uris(keyword: str, cache: dict[str, list[str]]) -> list[str]:
    if keyword not in cache:
        found = skills_search(keyword, limit=1, languages=["en"])
        cache[keyword] = [s.uri for s in found]
    return cache[keyword]


def _grade(rng: random.Random) -> str:
    return rng.choices([g for g, _w in GRADE_WEIGHTS], weights=[w for _g, w in GRADE_WEIGHTS])[0]


@dataclass
class DemoPlan:
    """What the fixed demo accounts do: course code -> [(email, term, grade or '')]."""

    by_course: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    full_run_course: str = ""

    def add(self, code, email, term, grade=""):
        self.by_course.setdefault(code, []).append((email, term, grade))


def _demo_plan(specs: list[CourseSpec], plans: list[ProgrammePlan]) -> DemoPlan:
    """Sam Student has completed three modules at two partners, two of them in the climate
    minor, and follows a third minor module now; Lea Learner has completed a flexible course
    and the professional certificate in applied AI."""
    plan = DemoPlan()
    minor = plans[0]
    base = [s for s in specs if s.index < COURSES_PER_SCALE and not s.prerequisite_codes]
    students_ok = [s for s in base if "students" in s.fields["audience"]]
    minor_specs = minor.required + minor.electives
    home = minor.required[0]  # the first core module: Climate adaptation at Thomas More
    done = [home]
    for spec in minor_specs:
        if spec not in done and spec.host.pk != home.host.pk:
            done.append(spec)
            break
    third = next(
        s
        for s in students_ok
        if s not in minor_specs and s.host.pk not in {d.host.pk for d in done} and s.index > 8
    )
    done.append(third)
    for spec, grade in zip(done, ["B", "A", "C"], strict=True):
        plan.add(spec.code, "student@campus.test", "past", grade)
    now = next(s for s in minor_specs if s not in done)
    plan.add(now.code, "student@campus.test", "current")

    flexible = [s for s in base if s.fields["type"] == FLEXIBLE]
    plan.add(flexible[0].code, "learner@campus.test", "past", "B")
    mooc = next(s for s in base if s.fields["type"] == MOOC and s is not flexible[0])
    plan.add(mooc.code, "learner@campus.test", "current")
    # Lea has completed the professional certificate too, by its rules: its foundation and
    # electives up to the certificate's minimum, so the demo holds one earned stacked award.
    certificate = next((p for p in plans if p.kind == "certificate"), None)
    if certificate is not None:
        taken = {flexible[0].code, mooc.code}
        needed = certificate.ects_total - sum(s.fields["ects"] for s in certificate.required)
        chosen = [s for s in certificate.required if s.code not in taken]
        for spec in certificate.electives:
            if needed <= 0:
                break
            if spec.code not in taken:
                chosen.append(spec)
                needed -= spec.fields["ects"]
        for i, spec in enumerate(chosen):
            plan.add(spec.code, "learner@campus.test", "past", "ABC"[i % 3])

    taken = set(plan.by_course)
    plan.full_run_course = next(
        s.code
        for s in base
        if s.code not in taken
        and s.fields["type"] == COURSE
        and s.fields["mode"] != Mode.ONSITE
        and s.host.slug != "thomas-more"
    )
    return plan


def _enrol(run, person, today, report) -> Enrolment | None:
    try:
        enrolment = services.enrol(run=run, person=person, by=person, today=today)
    except ValidationError:
        report.enrolments_refused += 1
        return None
    report.enrolments_created += 1
    return enrolment


def _seed_course(spec, *, people, terms, plan, report, skill_cache, lecturer_override):
    """One course with its three runs, their participants and (for the past run) results."""
    rng = random.Random(spec.seed + 7)
    host = spec.host
    by = people.coordinator[host.pk]
    outcomes = [(text, _skill_uris(kw, skill_cache)) for text, kw in spec.outcomes]
    prerequisites = list(Course.objects.filter(code__in=spec.prerequisite_codes))
    course = services.course_create(
        by=by, hosts=spec.hosts, outcomes=outcomes, prerequisites=prerequisites, **spec.fields
    )
    report.courses_created += 1

    teachers = []
    for institution in spec.hosts:
        lecturers = people.lecturers.get(institution.pk, [])
        if lecturers:
            teachers.extend(rng.sample(lecturers, min(len(lecturers), rng.choice([1, 1, 2]))))
    if lecturer_override is not None:
        teachers = [lecturer_override] + [t for t in teachers if t.pk != lecturer_override.pk][:1]
    assessor = teachers[0] if teachers else by

    # Who may come: students of the host for courses on site, everyone for the others.
    audience = spec.fields["audience"]
    pool = []
    if "students" in audience:
        if spec.fields["mode"] == Mode.ONSITE:
            pool += [s for h in spec.hosts for s in people.students.get(h.pk, [])]
        else:
            pool += people.all_students
    if "professionals" in audience:
        pool += people.learners
    if spec.prerequisite_codes:
        done = set(
            Enrolment.objects.filter(
                run__course__code__in=spec.prerequisite_codes, status=EnrolmentStatus.COMPLETED
            ).values_list("person_id", flat=True)
        )
        pool = [p for p in pool if p.pk in done]
    demo = plan.by_course.get(spec.code, [])
    location = "" if spec.fields["mode"] == Mode.ONLINE else f"{host.short_name}, {host.city}"
    capacity = rng.choice([15, 20, 24, 25, 30, 30, 40, 50, 60])
    jitter = rng.randrange(0, 10)
    for term in ("past", "current", "next"):
        full = term == "current" and spec.code == plan.full_run_course
        run = services.run_create(
            course=course,
            by=by,
            teachers=teachers,
            capacity=15 if full else capacity,
            location=location,
            waitlist=True,
            **terms.dates(term, jitter),
        )
        report.runs_created += 1
        day = run.enrolment_opens + datetime.timedelta(days=1) if term == "past" else None
        grades = {}
        for email, planned_term, grade in demo:
            if planned_term == term and email in people.by_email:
                enrolment = _enrol(run, people.by_email[email], day, report)
                if enrolment and grade:
                    grades[enrolment.pk] = grade
        if full:
            wanted = run.capacity + 4
        else:
            low, high = {"past": (6, 16), "current": (3, 12), "next": (0, 6)}[term]
            wanted = min(rng.randint(low, high), run.capacity)
        candidates = rng.sample(pool, min(len(pool), wanted * 3))
        taken = 0
        for person in candidates:
            if taken >= wanted:
                break
            if _enrol(run, person, day, report):
                taken += 1
        if term == "past":
            _assess(run, assessor, grades, rng, host.country, report)
        elif term == "current" and not full:
            enrolled = list(run.enrolments.filter(status=EnrolmentStatus.ENROLLED))
            generated = [e for e in enrolled if e.person.email not in DEMO_EMAILS]
            if len(generated) > 4 and rng.random() < 0.3:  # someone changed their mind
                services.enrolment_withdraw(enrolment=generated[-1], by=generated[-1].person)
    return course


def _assess(run, assessor, planned, rng, country, report):
    """Results for everyone in a past run, by its teacher, then the run is closed."""
    scale = LOCAL_GRADES.get(country, LOCAL_GRADES["CZ"])
    result_date = run.ends_on + datetime.timedelta(days=7)
    for enrolment in run.enrolments.select_related("person").order_by("pk"):
        if enrolment.status != EnrolmentStatus.ENROLLED:
            continue
        if enrolment.pk not in planned and rng.random() < 0.06:
            services.enrolment_withdraw(enrolment=enrolment, by=enrolment.person)
            continue
        grade = planned.get(enrolment.pk) or _grade(rng)
        services.result_record(
            enrolment=enrolment,
            by=assessor,
            ects_grade=grade,
            local_grade=scale[grade],
            result_date=result_date,
        )
        report.results_recorded += 1
    services.run_close(run=run, by=assessor)


def _seed_programme(plan: ProgrammePlan, admin, report):
    courses = {
        c.code: c
        for c in Course.objects.filter(
            code__in=[s.code for s in plan.required + plan.electives]
        ).prefetch_related("hosts")
    }
    required = [courses[s.code] for s in plan.required if s.code in courses]
    electives = [courses[s.code] for s in plan.electives if s.code in courses]
    institutions = list(
        dict.fromkeys(h for c in required + electives for h in c.hosts.all()).keys()
    )
    req = sum((c.ects for c in required), Decimal(0))
    available = sum((c.ects for c in electives), Decimal(0))
    minimum = min(plan.ects_total - req, available)
    groups = [{"name": plan.required_name, "required": True, "courses": required}]
    if electives and minimum > 0:
        groups.append(
            {
                "name": plan.elective_name,
                "required": False,
                "min_ects": minimum,
                "courses": electives,
            }
        )
    programme_create(
        by=admin,
        code=plan.code,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        institutions=institutions,
        ects_total=req + (minimum if len(groups) > 1 else 0),
        eqf_level=plan.eqf,
        themes=plan.themes,
        groups=groups,
    )
    report.programmes_created += 1


def seed_catalogue(*, scale: int = 1, stdout=None) -> CatalogueReport:
    """Add the demo catalogue (run after the demo alliance and people exist); adds nothing twice."""
    started = time.perf_counter()
    report = CatalogueReport()
    say = stdout.write if stdout else (lambda *_a: None)
    institutions = list(Institution.objects.select_related("region").order_by("pk"))
    if not institutions:
        report.notes.append("No institutions: run the alliance seed first.")
        return report
    people = _People(institutions)
    specs = _course_specs(institutions, COURSES_PER_SCALE * scale)
    plans = _programme_plans(specs)
    plan = _demo_plan(specs, plans)
    terms = Terms(timezone.localdate())
    existing = set(Course.objects.values_list("code", flat=True))
    lecturer = people.by_email.get("lecturer@campus.test")
    lecturer_courses = [
        s.code
        for s in specs
        if lecturer is not None and s.host.pk == lecturer.institution_id and s.index < 20
    ][:2]
    skill_cache: dict[str, list[str]] = {}
    missing = [s for s in specs if s.code not in existing]
    if missing:
        say(f"Adding {len(missing)} courses with their runs and enrolments…\n")
    for spec in missing:
        with transaction.atomic():
            _seed_course(
                spec,
                people=people,
                terms=terms,
                plan=plan,
                report=report,
                skill_cache=skill_cache,
                lecturer_override=lecturer if spec.code in lecturer_courses else None,
            )
    existing_programmes = set(Programme.objects.values_list("code", flat=True))
    if people.admin is not None:
        for programme_plan in plans:
            if programme_plan.code not in existing_programmes:
                _seed_programme(programme_plan, people.admin, report)
    report.seconds = time.perf_counter() - started
    say(
        f"Catalogue: {report.courses_created} new courses, {report.runs_created} runs, "
        f"{report.enrolments_created} enrolments, {report.results_recorded} results, "
        f"{report.programmes_created} programmes ({report.seconds:.1f} s).\n"
    )
    return report
