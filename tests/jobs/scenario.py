"""Set-ups run inside a campus process (``manage.py shell -c``) against a real database, for
the tests and the benchmark that drive real ``db_worker`` processes. Each prints the id of
the job it enqueued (on the database backend, as the web does)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone


def seed_issuance(count: int) -> None:
    """One course run with ``count`` passing results; its lecturer starts bulk issuance."""
    from campus.alliance.models import Institution, Region
    from campus.catalog.models import Course, Enrolment, Run
    from campus.credentials import services
    from campus.people.models import Affiliation, AffiliationState, Person, Role

    region = Region.objects.create(code="BE211", name="Arr. Antwerpen", country="BE")
    geel = Institution.objects.create(
        code="B  GEEL07", slug="thomas-more", short_name="Thomas More",
        name="Thomas More University of Applied Sciences", local_name="Thomas More",
        country="BE", city="Geel", lat=51.16, lon=4.99, schac="thomasmore.be",
        website="https://thomasmore.be", languages=["nl", "en"], region=region,
    )  # fmt: skip
    course = Course.objects.create(
        code="WORKER-101", type="mooc", title="Climate adaptation for municipalities",
        description="How towns prepare for heat, drought and floods.", ects=3,
        eqf_level=6, isced_field="0521", languages=["en"], mode="online",
        workload_hours=84, assessment="project", audience=["students", "professionals"],
    )  # fmt: skip
    course.hosts.set([geel])
    today = timezone.localdate()
    run = Run.objects.create(
        course=course, label="Worker", starts_on=today - datetime.timedelta(days=90),
        ends_on=today - datetime.timedelta(days=10),
        enrolment_opens=today - datetime.timedelta(days=120),
        enrolment_closes=today - datetime.timedelta(days=91), capacity=count,
    )  # fmt: skip
    lecturer = Person.objects.create(
        email="lecturer@worker.test", display_name="Lecturer", institution=geel
    )
    Affiliation.objects.create(
        person=lecturer, role=Role.LECTURER, institution=geel, state=AffiliationState.GRANTED
    )
    run.teachers.add(lecturer)
    password = make_password(None)
    people = Person.objects.bulk_create(
        Person(email=f"learner{i}@worker.test", display_name=f"Learner {i}", password=password)
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
    with transaction.atomic():
        job = services.bulk_issue_start(run=run, by=lecturer)
    print(job.pk)


def seed_formation(time_limit: float, students: int = 120) -> None:
    """A team formation over an instance large enough to keep the engine busy."""
    from campus.challenges.models import FormationRun
    from campus.jobs.services import job_enqueue
    from campus.people.models import Person

    rng = random.Random(7)
    challenges = [
        {
            "id": f"c{c}",
            "teams": 3,
            "min_size": 3,
            "max_size": 5,
            "skills": {f"http://data.europa.eu/esco/skill/s{c % 5}": 1.0},
            "languages": ["en"],
        }  # fmt: skip
        for c in range(1, 11)
    ]
    ids = [c["id"] for c in challenges]
    people = [
        {
            "id": f"p{n}",
            # A coach for every three students: with fewer, the coach rule settles the
            # instance and the engine proves it optimal in about 4 s, sometimes before the
            # test can kill the worker mid-solve; this one keeps it busy for the time limit.
            "role": "coach" if n % 4 == 0 else "student",
            "institution": rng.choice(["NL A01", "D  B02", "P  C03", "SF D04"]),
            "skills": {f"http://data.europa.eu/esco/skill/s{rng.randrange(5)}": 2},
            "languages": ["en"],
            "preferences": rng.sample(ids, 4),
            "attributes": {"gender": rng.choice(["f", "m", "x"])},
        }
        for n in range(1, students + 1)
    ]
    owner = Person.objects.create(email="coordinator@worker.test", display_name="Coordinator")
    with transaction.atomic():
        run = FormationRun.objects.create(
            started_by=owner,
            time_limit=time_limit,
            progress=10,
            instance={
                "protected": {"gender": ["f", "x"]},
                "challenges": challenges,
                "people": people,
            },
        )
        job_enqueue(run)
    print(run.pk)
