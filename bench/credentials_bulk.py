"""Bulk issuance benchmark: 10,000 credentials signed, stored and given status entries.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \
        .venv/bin/python bench/credentials_bulk.py [--count 10000]

Creates a throw-away test database (test_<name>), seeds one course run with ``count``
passing results (set-up, not timed), then times the bulk-issuance job that a lecturer starts
from the run's page: every credential signed (eddsa-rdfc-2022), stored, given its
revocation and suspension entries, audited and notified. Target (issue #5): < 90 s for
10,000 on PostgreSQL. Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.settings")
os.environ["CAMPUS_TASKS_INLINE"] = "1"


def run(count: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _measure(count)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _measure(count: int) -> dict:
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from campus.alliance.models import Institution, Region
    from campus.catalog.models import Course, Enrolment, Run
    from campus.credentials import jobs
    from campus.credentials.models import Credential, IssuanceJob
    from campus.credentials.verification import verify
    from campus.people.models import Affiliation, AffiliationState, Person, Role

    region = Region.objects.create(code="BE211", name="Arr. Antwerpen", country="BE")
    geel = Institution.objects.create(
        code="B  GEEL07", slug="thomas-more", short_name="Thomas More",
        name="Thomas More University of Applied Sciences", local_name="Thomas More",
        country="BE", city="Geel", lat=51.16, lon=4.99, schac="thomasmore.be",
        website="https://thomasmore.be", languages=["nl", "en"], region=region,
    )  # fmt: skip
    course = Course.objects.create(
        code="BENCH-101", type="mooc", title="Climate adaptation for municipalities",
        description="How towns prepare for heat, drought and floods.", ects=3,
        eqf_level=6, isced_field="0521", languages=["en"], mode="online",
        workload_hours=84, assessment="project", audience=["students", "professionals"],
    )  # fmt: skip
    course.hosts.set([geel])
    today = timezone.localdate()
    run = Run.objects.create(
        course=course, label="Bench", starts_on=today - datetime.timedelta(days=90),
        ends_on=today - datetime.timedelta(days=10),
        enrolment_opens=today - datetime.timedelta(days=120),
        enrolment_closes=today - datetime.timedelta(days=91), capacity=count,
    )  # fmt: skip
    lecturer = Person.objects.create(email="lecturer@bench.test", display_name="Lecturer")
    Affiliation.objects.create(
        person=lecturer,
        role=Role.LECTURER,
        institution=lecturer.institution,
        state=AffiliationState.GRANTED,
    )
    run.teachers.add(lecturer)
    password = make_password(None)
    people = Person.objects.bulk_create(
        Person(email=f"learner{i}@bench.test", display_name=f"Learner {i}", password=password)
        for i in range(count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            run=run,
            person=p,
            status="completed",
            ects_grade="B",
            ects_earned=3,
            result_date=today,
            assessor=lecturer,
        )  # fmt: skip
        for p in people
    )
    job = IssuanceJob.objects.create(run=run, requested_by=lecturer, total=count)
    started = time.perf_counter()
    cpu = time.process_time()
    job = jobs.issuance_job(job.pk)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    stored = Credential.objects.count()
    sample = Credential.objects.order_by("?").first()
    return {
        "vendor": connection.vendor,
        "count": count,
        "status": job.status,
        "issued": job.issued,
        "stored": stored,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rate": stored / seconds if seconds else 0.0,
        "sample_verifies": verify(sample.document).verified if sample else False,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    figures = run(args.count)
    print(f"Bulk issuance on {figures['vendor']}: {figures['count']} passing results")
    print(
        f"  {figures['stored']} credentials stored ({figures['issued']} issued by the job, "
        f"status {figures['status']}) in {figures['seconds']:.1f} s wall, "
        f"{figures['cpu_seconds']:.1f} s CPU: {figures['rate']:.0f} credentials/s"
    )
    target = 90.0 * figures["count"] / 10_000
    print(
        f"  target < {target:.0f} s for this count: "
        f"{'met' if figures['seconds'] < target else 'NOT met'} "
        f"(ratio {figures['seconds'] / target:.2f} of the budget); "
        f"a random credential verifies: {figures['sample_verifies']}"
    )


if __name__ == "__main__":
    main()
