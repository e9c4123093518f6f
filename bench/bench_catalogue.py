"""Benchmark of the catalogue: search page and course page, server time, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_catalogue.py [--courses 20000] [--enrolments 200000]
                                              [--requests 200] [--database-url URL]

Without --database-url it measures both back ends: a temporary SQLite file, and a fresh
PostgreSQL database ``campus_bench`` on postgresql://postgres@127.0.0.1:5432 (created with
psycopg and dropped at the end). Each back end runs in its own process (Django's settings
are read once), builds the data with bulk_create, builds the search index through
``course_reindex``, then times ~N requests of each kind through django.test.Client and
prints p50 / p95 / max in milliseconds and p95 against the 50 ms target; the catalogue search
also with misspelt words only (corrected against the vocabulary) and with OR and phrases.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
BENCH_DB = "campus_bench"

# A vocabulary in the alliance's languages, so that documents and queries look real.
TOPICS = [
    ("energy transition", "energietransitie", "nl"),
    ("circular economy", "kreislaufwirtschaft", "de"),
    ("resilient communities", "comunidades resilientes", "pt"),
    ("digital health", "digital sundhed", "da"),
    ("artificial intelligence", "tekoäly", "fi"),
    ("sustainable supply chains", "hållbara leveranskedjor", "sv"),
    ("water management", "vodní hospodářství", "cs"),
    ("smart mobility", "išmanusis judumas", "lt"),
    ("climate adaptation", "klimaatadaptatie", "nl"),
    ("social entrepreneurship", "sozialunternehmertum", "de"),
    ("cyber security", "cibersegurança", "pt"),
    ("elderly care", "ældrepleje", "da"),
    ("renewable heating", "uusiutuva lämmitys", "fi"),
    ("biodiversity", "biologisk mångfald", "sv"),
    ("data science", "datová věda", "cs"),
    ("green building", "žaliasis statymas", "lt"),
]
QUALIFIERS = [
    "Introduction to",
    "Advanced",
    "Applied",
    "Challenge lab:",
    "Foundations of",
    "Project in",
    "Regional",
    "Leading",
]
QUERIES = [
    "energ",
    "energy transition",
    "circular",
    "resilient",
    "digital health",
    "artificial intel",
    "supply",
    "water",
    "mobility",
    "klimaat",
    "são",
    "sao",
    "cyber",
    "care",
    "heating",
    "biodivers",
    "data",
    "building",
    "project",
    "teamwork",
    "communicate",
    "manage",
    "plan",
    "analyse data",
]
# Misspelt words, corrected against the catalogue's vocabulary before the search runs.
TYPO_QUERIES = [
    "enrgy",
    "watr",
    "circlar economy",
    "resilent",
    "artifical inteligence",
    "biodiversty",
    "cyber securty",
    "climat adaptaton",
    "sustainble supply",
    "helth",
    "mobilty",
    "renewble heating",
]
# OR and quoted phrases (campus.search.query).
OR_PHRASE_QUERIES = [
    "solar OR wind",
    "water OR energy",
    '"climate adaptation"',
    '"water management"',
    '"smart mobility" OR "green building"',
    '"data science" OR biodiversity',
    "care OR health",
    '"energy transition" regional',
    "cyber OR security OR data",
    '"sao paulo" OR klimaat',
]
VERBS = [
    "Plan",
    "Analyse",
    "Design",
    "Evaluate",
    "Communicate about",
    "Apply methods of",
    "Lead projects in",
    "Explain",
    "Model",
    "Assess risks in",
    "Develop solutions for",
    "Reflect on",
]
SETTINGS = [
    "with regional stakeholders",
    "in an international team",
    "for a local company",
    "in the public sector",
    "with citizens",
    "in a living lab",
]
ISCED = ["0413", "0488", "0521", "0532", "0611", "0612", "0713", "0716", "0732", "0913", "0923"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# --- the child: one back end ---------------------------------------------------------------


def build(n_courses: int, n_enrolments: int, rng: random.Random) -> dict:
    import datetime
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from campus.alliance.models import Institution, Theme
    from campus.alliance.services import institutions_load
    from campus.catalog.models import (
        Assessment,
        Course,
        CourseType,
        Enrolment,
        EnrolmentStatus,
        LearningOutcome,
        Mode,
        Run,
    )
    from campus.catalog.search import course_reindex
    from campus.people.models import Person
    from campus.skills.models import Skill
    from campus.skills.services import esco_load

    timings = {}
    started = time.perf_counter()
    institutions_load()
    esco_load()
    institutions = list(Institution.objects.all())
    skill_ids = list(Skill.objects.values_list("pk", flat=True))
    skill_labels = dict(Skill.objects.values_list("pk", "label"))
    today = timezone.localdate()
    batch = 2000

    with transaction.atomic():
        courses = []
        for n in range(n_courses):
            topic, local, language = rng.choice(TOPICS)
            qualifier = rng.choice(QUALIFIERS)
            host = rng.choice(institutions)
            courses.append(
                Course(
                    code=f"B-{n:06d}",
                    type=rng.choice(CourseType.values),
                    title=f"{qualifier} {topic} {n}",
                    description=(
                        f"This module explores {topic} with regional partners. "
                        f"Learners work on a real challenge about {rng.choice(TOPICS)[0]}."
                    ),
                    local_language=language,
                    title_local=f"{local} {n}",
                    description_local=f"{local}: {rng.choice(TOPICS)[1]}.",
                    ects=Decimal(rng.choice(["2.5", "3", "5", "6", "7.5", "10", "15"])),
                    eqf_level=rng.choice([4, 5, 6, 6, 6, 7, 7, 8]),
                    isced_field=rng.choice(ISCED),
                    languages=sorted({"en", *rng.sample(host.languages or ["en"], 1)}),
                    mode=rng.choice(Mode.values),
                    workload_hours=rng.choice([56, 84, 140, 168, 280]),
                    assessment=rng.choice(Assessment.values),
                    audience=rng.sample(["students", "professionals", "staff"], rng.randint(1, 3)),
                    themes=rng.sample(Theme.values, rng.randint(1, 2)),
                    fee_external=Decimal(rng.choice([0, 0, 150, 450])),
                    published=rng.random() > 0.03,
                )
            )
        Course.objects.bulk_create(courses, batch_size=batch)
        course_ids = list(Course.objects.order_by("pk").values_list("pk", flat=True))
        Hosts = Course.hosts.through
        hosts = []
        for pk in course_ids:
            for institution in rng.sample(institutions, rng.choice([1, 1, 1, 2, 3])):
                hosts.append(Hosts(course_id=pk, institution_id=institution.pk))
        Hosts.objects.bulk_create(hosts, batch_size=batch)

        outcomes = []
        for pk in course_ids:
            for position in range(3):
                outcomes.append(
                    LearningOutcome(
                        course_id=pk,
                        position=position,
                        text=f"{rng.choice(VERBS)} {rng.choice(TOPICS)[0]} {rng.choice(SETTINGS)}.",
                    )
                )
        LearningOutcome.objects.bulk_create(outcomes, batch_size=batch)
        OutcomeSkills = LearningOutcome.skills.through
        links = []
        for outcome_id in LearningOutcome.objects.values_list("pk", flat=True):
            for skill_id in rng.sample(skill_ids, 2):
                links.append(OutcomeSkills(learningoutcome_id=outcome_id, skill_id=skill_id))
        OutcomeSkills.objects.bulk_create(links, batch_size=batch)

        people = [
            Person(
                email=f"bench{n}@campus.test",
                display_name=f"Learner {n}",
                password="!",  # noqa: S106 - an unusable password
            )
            for n in range(max(2000, n_enrolments // 10))
        ]
        Person.objects.bulk_create(people, batch_size=batch)
        person_ids = list(Person.objects.values_list("pk", flat=True))

        runs = []
        day = datetime.timedelta(days=1)
        for pk in course_ids:
            for offset in (-200, rng.randint(-40, 10), rng.randint(60, 200)):
                starts = today + offset * day
                runs.append(
                    Run(
                        course_id=pk,
                        label=f"Run {starts:%Y-%m}",
                        starts_on=starts,
                        ends_on=starts + 90 * day,
                        enrolment_opens=starts - 60 * day,
                        enrolment_closes=starts - 5 * day,
                        capacity=rng.choice([20, 30, 40, 60]),
                        location="" if rng.random() < 0.4 else rng.choice(institutions).city,
                    )
                )
        Run.objects.bulk_create(runs, batch_size=batch)
        run_ids = list(Run.objects.values_list("pk", flat=True))
        Teachers = Run.teachers.through
        Teachers.objects.bulk_create(
            [
                Teachers(run_id=run_id, person_id=rng.choice(person_ids))
                for run_id in run_ids
                for _ in range(rng.choice([1, 2]))
            ],
            batch_size=batch,
            ignore_conflicts=True,
        )
        statuses = [
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.COMPLETED,
            EnrolmentStatus.FAILED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.WITHDRAWN,
        ]
        seen = set()
        enrolments = []
        while len(enrolments) < n_enrolments:
            key = (rng.choice(run_ids), rng.choice(person_ids))
            if key in seen:
                continue
            seen.add(key)
            enrolments.append(
                Enrolment(run_id=key[0], person_id=key[1], status=rng.choice(statuses))
            )
        Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    timings["data_s"] = time.perf_counter() - started

    started = time.perf_counter()
    with transaction.atomic():
        course_reindex(course_ids)
    timings["index_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:  # as autovacuum would after a bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "course_ids": course_ids,
        "institutions": [i.slug for i in institutions] + [i.code for i in institutions],
        "countries": sorted({i.country for i in institutions}),
        "skills": [(pk, skill_labels[pk]) for pk in rng.sample(skill_ids, 20)],
        **timings,
    }


def catalogue_params(rng: random.Random, data: dict) -> dict:
    from campus.alliance.models import Theme
    from campus.catalog.models import CourseType, Mode

    params: dict = {}
    if rng.random() < 0.75:
        params["q"] = rng.choice(QUERIES)
    extras = [
        ("type", lambda: rng.choice(CourseType.values)),
        ("institution", lambda: rng.choice(data["institutions"])),
        ("country", lambda: rng.choice(data["countries"])),
        ("language", lambda: rng.choice(["en", "nl", "de", "da", "pt", "fi", "sv", "cs", "lt"])),
        ("mode", lambda: rng.choice(Mode.values)),
        ("ects_min", lambda: rng.choice(["3", "5"])),
        ("ects_max", lambda: rng.choice(["6", "10"])),
        ("eqf", lambda: rng.choice(["5", "6", "7"])),
        ("theme", lambda: rng.choice(Theme.values)),
        ("field", lambda: rng.choice(["07", "0413", "09"])),
        ("open_now", lambda: "on"),
        ("sort", lambda: rng.choice(["title", "ects", "start"])),
        ("page", lambda: rng.choice(["2", "3"])),
    ]
    for key, value in rng.sample(extras, rng.randint(0, 3)):
        params[key] = value()
    return params


def measure(make_request, n: int, slow: list | None = None) -> list[float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(10):  # warm caches and connections
        make_request()
    times = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = make_request()
            elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} for {response.request}")
        if slow is not None and elapsed > TARGET_MS:
            request = response.request
            slow.append(
                {
                    "ms": round(elapsed, 1),
                    "url": f"{request['PATH_INFO']}?{request.get('QUERY_STRING', '')}",
                    "queries": [(q["time"], q["sql"][:3000]) for q in queries.captured_queries],
                }
            )
    return times


def child(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_DEBUG"] = "0"  # as deployed: no debug toolbar-ish overhead
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    rng = random.Random(2027)  # noqa: S311 - reproducible data, not security
    data = build(args.courses, args.enrolments, rng)
    # A web server process does not hold the bench's building garbage: leave it out of the
    # garbage collector's way, or its full collections show up as 100 ms stalls.
    gc.collect()
    gc.freeze()
    client = Client()
    ids = data["course_ids"]
    skills = data["skills"]

    def search():
        params = catalogue_params(rng, data)
        if rng.random() < 0.1:
            params["skill"] = rng.choice(skills)[1]
        return client.get("/courses/", params)

    def search_with(queries):
        def one():
            params = catalogue_params(rng, data)
            params["q"] = rng.choice(queries)
            return client.get("/courses/", params)

        return one

    def course_page():
        response = client.get(f"/courses/{rng.choice(ids)}/")
        if response.status_code == 404:  # an unpublished course: take another
            return course_page()
        return response

    def api_search():
        params = catalogue_params(rng, data)
        params.pop("sort", None)
        params.pop("page", None)
        params.pop("field", None)
        params.pop("country", None)
        if "open_now" in params:
            params["open"] = "true"
            del params["open_now"]
        return client.get("/api/v1/courses", params)

    slow: list = []
    load_before = os.getloadavg()[0]
    results = {
        "vendor": connection.vendor,
        "courses": args.courses,
        "enrolments": args.enrolments,
        "data_s": round(data["data_s"], 1),
        "index_s": round(data["index_s"], 1),
        "timings": {
            "catalogue search": measure(search, args.requests, slow),
            "search, typos": measure(search_with(TYPO_QUERIES), args.requests, slow),
            "search, OR/phrase": measure(search_with(OR_PHRASE_QUERIES), args.requests, slow),
            "course page": measure(course_page, args.requests, slow),
            "API GET /courses": measure(api_search, args.requests, slow),
        },
    }
    # Others' work on the machine shows up in the figures: say how busy it was.
    results["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2), os.cpu_count()]
    if args.slow:
        for request in sorted(slow, key=lambda r: -r["ms"])[:8]:
            print(f"SLOW {request['ms']} ms {request['url']}", file=sys.stderr)
            for seconds, sql in request["queries"]:
                print(f"    {seconds} s  {sql}", file=sys.stderr)
    print("RESULT " + json.dumps(results))


# --- the parent: one process per back end --------------------------------------------------


def report(result: dict) -> None:
    print(
        f"\n{result['vendor']}: {result['courses']} courses, {result['enrolments']} enrolments "
        f"(data built in {result['data_s']} s, search index in {result['index_s']} s)"
    )
    if "load" in result:
        before, after, cpus = result["load"]
        print(f"  load average while measuring: {before} -> {after} on {cpus} CPUs")
    print(f"  {'':<18} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  p95/target")
    for name, times in result["timings"].items():
        p95 = percentile(times, 0.95)
        print(
            f"  {name:<18} {len(times):>4} {statistics.median(times):>8.1f} {p95:>8.1f} "
            f"{max(times):>8.1f}  {p95 / TARGET_MS:.2f} ({'ok' if p95 <= TARGET_MS else 'OVER'})"
        )


def run_child(database_url: str, args) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        "--database-url",
        database_url,
        "--courses",
        str(args.courses),
        "--enrolments",
        str(args.enrolments),
        "--requests",
        str(args.requests),
        *(["--slow"] if args.slow else []),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own script
    if args.slow:
        sys.stderr.write(done.stderr)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    sys.stderr.write(done.stdout + done.stderr)
    raise SystemExit(f"the benchmark on {database_url} failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courses", type=int, default=20000)
    parser.add_argument("--enrolments", type=int, default=200000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", help="measure only this database (it is migrated)")
    parser.add_argument(
        "--slow", action="store_true", help="print the slowest requests and their SQL (stderr)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(
        f"Catalogue benchmark: {args.courses} courses, {args.enrolments} enrolments, "
        f"{args.requests} requests of each kind; target p95 <= {TARGET_MS:.0f} ms of server time."
    )
    if args.database_url:
        report(run_child(args.database_url, args))
        return
    with tempfile.TemporaryDirectory() as folder:
        report(run_child(f"sqlite:///{folder}/bench.sqlite3", args))
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        report(run_child(f"{PG_SERVER}/{BENCH_DB}", args))
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
