"""Speed of the skills-gap and impact views on the demo data (prints figures; not a test).

    .venv/bin/python bench/bench_skills_gap.py [--scale 10] [--requests 50] [--database-url URL]

Without --database-url it creates a fresh PostgreSQL database ``campus_bench_gap`` on
postgresql://postgres@127.0.0.1:5432, migrates it, seeds the demo alliance at ``--scale``
(the real seeder: challenges, requests, the catalogue, the needs surveys), times the gap page
of every partner region and of the whole alliance, the course planner and
GET /api/v1/skills/gap, the impact dashboard (by institution, region, theme and term, and
filtered), the regions side by side, the public impact page, the XLSX export and
GET /api/v1/impact/indicators through django.test.Client, and drops the database. With a URL it
measures that database as it is (seeding only when it has no institutions). Prints p50 / p95 /
max in milliseconds, the p95 against the 300 ms target of issue 13, and the queries per view.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
BENCH_DB = "campus_bench_gap"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(database_url: str, scale: int, requests: int) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from campus.alliance.models import Institution
    from campus.impact.selectors import regions_with_partners
    from campus.people.models import Person

    call_command("migrate", verbosity=0)
    if not Institution.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", scale=scale, verbosity=0)
        print(f"seeded the demo at scale {scale} in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(Person.objects.get(email="coordinator@campus.test"))
    regions = [r.code for r in regions_with_partners()]
    views = [("gap page, alliance", "/skills-gap/", lambda i: {})]
    views.append(
        ("gap page, a region", "/skills-gap/", lambda i: {"region": regions[i % len(regions)]})
    )
    views.append(
        ("course planner", "/skills-gap/planner/", lambda i: {"region": regions[i % len(regions)]})
    )
    views.append(
        ("API, a region", "/api/v1/skills/gap", lambda i: {"region": regions[i % len(regions)]})
    )
    views.append(("API, alliance", "/api/v1/skills/gap", lambda i: {}))
    dimensions = ("institution", "region", "theme", "term")
    views.append(("impact dashboard", "/impact/dashboard/", lambda i: {"by": dimensions[i % 4]}))
    views.append(
        (
            "impact, filtered",
            "/impact/dashboard/",
            lambda i: {"region": regions[i % len(regions)], "by": "term", "theme": "green"},
        )
    )
    views.append(("impact regions", "/impact/regions/", lambda i: {}))
    views.append(("impact public page", "/impact/", lambda i: {}))
    views.append(("impact XLSX export", "/impact/export/", lambda i: {"format": "xlsx"}))
    views.append(("impact API", "/api/v1/impact/indicators", lambda i: {"by": dimensions[i % 4]}))
    from campus.catalog.models import Enrolment
    from campus.challenges.models import Challenge
    from campus.credentials.models import Credential

    print(
        f"{Person.objects.count()} people, {Enrolment.objects.count()} enrolments, "
        f"{Credential.objects.count()} credentials, {Challenge.objects.count()} challenges"
    )
    print(f"{requests} requests per view; target p95 <= {TARGET_MS:.0f} ms")
    for name, url, params in views:
        for i in range(3):
            client.get(url, params(i))
        times, counts = [], set()
        for i in range(requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params(i))
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{response.status_code} for {url} {params(i)}")
            counts.add(len(queries.captured_queries))
        p95 = percentile(times, 95)
        print(
            f"{name:22} p50 {statistics.median(times):6.1f}  p95 {p95:6.1f}  "
            f"max {max(times):6.1f} ms  {'ok' if p95 <= TARGET_MS else 'SLOW'}  "
            f"queries {sorted(counts)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", help="measure this database (seeded if empty)")
    args = parser.parse_args()
    if args.database_url:
        run(args.database_url, args.scale, args.requests)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        run(f"{PG_SERVER}/{BENCH_DB}", args.scale, args.requests)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
