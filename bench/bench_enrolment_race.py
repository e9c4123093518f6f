"""The enrolment race: 1,000 people press "enrol" at once for a run with 100 places.

    .venv/bin/python bench/bench_enrolment_race.py [--people 1000] [--capacity 100]
                                                   [--workers 64] [--keep]

On a fresh PostgreSQL database ``campus_race`` (postgresql://postgres@127.0.0.1:5432, created
with psycopg, migrated, and dropped at the end unless --keep), it creates one published online
course for degree students with one run open for enrolment (``--capacity`` places, waiting
list on) and ``--people`` students of a partner institution, each with a personal API token
(``api_token_create``). A second process serves the WSGI application on 127.0.0.1 with a
threaded wsgiref server (one thread and one database connection a request, as a threaded WSGI
server would), and this one fires one ``POST /api/v1/enrolments {"run": id}`` a person from a
pool of ``--workers`` threads over http.client, all released together (two processes, so the
clients do not share the server's interpreter lock).

It prints the answers by status code, how many are enrolled and waitlisted (response and
database), whether the waiting list in the database ((queued_at, pk)) is the order in which
the server answered (the ``position`` each waitlisted answer gave, and the clock order in
which the answers arrived), p50 / p95 / max latency and the total time. It exits non-zero
if an invariant fails: every request answered 201, exactly ``capacity`` enrolled (never
more), the rest waitlisted, one enrolment a person, everyone enrolled queued before anyone
waiting, and the waiting list in the order of the positions the server gave.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
RACE_DB = "campus_race"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def inversions(sequence: list[int]) -> int:
    """How many pairs are out of order (0 when sorted), by merge sort."""

    def sort(items: list[int]) -> tuple[list[int], int]:
        if len(items) <= 1:
            return items, 0
        middle = len(items) // 2
        left, a = sort(items[:middle])
        right, b = sort(items[middle:])
        merged, count, i, j = [], a + b, 0, 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                count += len(left) - i
                j += 1
        return merged + left[i:] + right[j:], count

    return sort(sequence)[1]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def build(n_people: int, capacity: int) -> tuple[int, dict[int, str]]:
    """One run open today with ``capacity`` places, and ``n_people`` eligible students with
    tokens. Returns the run's id and each person's token."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from campus.alliance.models import Institution
    from campus.alliance.services import institutions_load
    from campus.catalog.models import Assessment, Course, CourseType, Mode, Run
    from campus.catalog.search import course_reindex
    from campus.people.models import Role
    from campus.people.services import api_token_create, person_create

    institutions_load()
    home = Institution.objects.order_by("pk").first()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    with transaction.atomic():
        course = Course.objects.create(
            code="RACE-1",
            type=CourseType.COURSE,
            title="Popular course",
            description="Everyone wants in.",
            ects=Decimal("5"),
            eqf_level=6,
            isced_field="0613",
            languages=["en"],
            mode=Mode.ONLINE,  # no clash check with on-site runs elsewhere
            workload_hours=140,
            assessment=Assessment.values[0],
            audience=["students"],
            themes=[],
            fee_external=Decimal("0"),
            published=True,
        )
        course.hosts.set([home])
        course_reindex(course)
        run = Run.objects.create(
            course=course,
            label="Race",
            starts_on=today + 30 * day,
            ends_on=today + 120 * day,
            enrolment_opens=today - day,
            enrolment_closes=today + 20 * day,
            capacity=capacity,
            waitlist=True,
        )
    tokens = {}
    for n in range(n_people):
        person = person_create(
            email=f"racer{n}@campus.test",
            display_name=f"Racer {n}",
            password=None,
            roles=[Role.STUDENT],
            institution=home,
            trusted=True,
        )
        _token, secret = api_token_create(person=person, name="race", by=person)
        tokens[person.pk] = secret
    return run.pk, tokens


def serve(max_threads_hint: int) -> None:
    """The child: serve the WSGI application on 127.0.0.1, one thread a request; print the
    port, and serve until stdin closes."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    django_app = get_wsgi_application()

    def app(environ, start_response):
        try:
            return [b"".join(django_app(environ, start_response))]
        finally:
            connections.close_all()  # the request's thread ends: give its connection back

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = max(128, max_threads_hint * 2)

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, app, server_class=Server, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    server.shutdown()
    connections.close_all()


def race(port: int, run_id: int, tokens: dict[int, str], workers: int) -> list[dict]:
    body = json.dumps({"run": run_id})
    start = threading.Event()

    def press(person_id: int, token: str) -> dict:
        start.wait()
        sent = time.perf_counter()
        answer = {"person": person_id, "sent": sent}
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request(
                "POST",
                "/api/v1/enrolments",
                body=body,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            response = connection.getresponse()
            payload = response.read()
            answer["received"] = time.perf_counter()
            answer["status"] = response.status
            try:
                answer["json"] = json.loads(payload)
            except ValueError:
                answer["json"] = {"raw": payload[:200].decode(errors="replace")}
            connection.close()
        except OSError as exc:  # every request must be answered: record what went wrong
            answer["received"] = time.perf_counter()
            answer["status"] = f"error: {exc.__class__.__name__}"
            answer["json"] = {}
        return answer

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(press, pk, token) for pk, token in tokens.items()]
        time.sleep(0.2)  # let the pool's threads reach the start line
        start.set()
        return [future.result() for future in futures]


def check(run_id: int, answers: list[dict], capacity: int, total_s: float) -> list[str]:
    from collections import Counter

    from campus.catalog.models import Enrolment, EnrolmentStatus

    failures = []
    n = len(answers)
    codes = Counter(a["status"] for a in answers)
    statuses = Counter(a["json"].get("status") for a in answers if a["status"] == 201)
    latencies = [(a["received"] - a["sent"]) * 1000 for a in answers]
    print(f"requests: {n} sent, {sum(codes.values())} answered; by status code: {dict(codes)}")
    print(f"answers: {dict(statuses)}")
    rows = list(
        Enrolment.objects.filter(run_id=run_id)
        .order_by("queued_at", "pk")
        .values_list("pk", "person_id", "status", "queued_at")
    )
    in_db = Counter(status for _pk, _person, status, _queued in rows)
    enrolled, waiting = in_db[EnrolmentStatus.ENROLLED], in_db[EnrolmentStatus.WAITLISTED]
    print(f"database: {enrolled} enrolled, {waiting} waitlisted, {len(rows)} enrolments in all")

    if codes.get(201, 0) != n:
        failures.append(f"{n - codes.get(201, 0)} requests were not answered 201")
    if enrolled > capacity:
        failures.append(f"OVERFILLED: {enrolled} enrolled for {capacity} places")
    expected_enrolled = min(capacity, n)
    if enrolled != expected_enrolled or statuses["enrolled"] != expected_enrolled:
        failures.append(
            f"{enrolled} enrolled in the database, {statuses['enrolled']} answered enrolled; "
            f"expected {expected_enrolled}"
        )
    if waiting != n - expected_enrolled or statuses["waitlisted"] != n - expected_enrolled:
        failures.append(
            f"{waiting} waitlisted in the database, {statuses['waitlisted']} answered "
            f"waitlisted; expected {n - expected_enrolled}"
        )
    if len({person for _pk, person, _s, _q in rows}) != len(rows) or len(rows) != n:
        failures.append("not exactly one enrolment a person")
    seated_times = [q for _pk, _p, s, q in rows if s == EnrolmentStatus.ENROLLED]
    waiting_times = [q for _pk, _p, s, q in rows if s == EnrolmentStatus.WAITLISTED]
    if seated_times and waiting_times and max(seated_times) > min(waiting_times):
        failures.append("someone was waitlisted before the run was full")

    # The waiting list in the database, against the order in which the server answered.
    queue = [person for _pk, person, s, _q in rows if s == EnrolmentStatus.WAITLISTED]
    by_person = {a["person"]: a for a in answers}
    positions = [by_person[person]["json"].get("position") for person in queue]
    position_order_ok = positions == list(range(1, len(queue) + 1))
    print(
        "waiting list (queued_at, pk) = order of the positions the server answered "
        f"(1..{len(queue)}): {'yes' if position_order_ok else 'NO'}"
    )
    if not position_order_ok:
        failures.append("the waiting list is not in the order of the positions answered")
    arrival = sorted(
        (a for a in answers if a["json"].get("status") == EnrolmentStatus.WAITLISTED),
        key=lambda a: a["received"],
    )
    rank = {person: i for i, person in enumerate(queue)}
    arrival_ranks = [rank[a["person"]] for a in arrival if a["person"] in rank]
    out_of_order = inversions(arrival_ranks)
    pairs = len(arrival_ranks) * (len(arrival_ranks) - 1) // 2
    displaced = sum(1 for i, r in enumerate(arrival_ranks) if r != i)
    print(
        "waiting list = order in which the answers arrived at the clients: "
        f"{'yes' if out_of_order == 0 else 'nearly'} ({out_of_order} of {pairs} pairs swapped, "
        f"{displaced} answers off their queue place; answers leave the server after the commit "
        "that queued them, so threads may swap neighbours on the way out)"
    )
    print(
        f"latency: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms; "
        f"total {total_s:.2f} s for {n} requests ({n / total_s:.0f} requests/s)"
    )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--workers", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="keep the campus_race database")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        setup_django(f"{PG_SERVER}/{RACE_DB}")
        serve(args.workers)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {RACE_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {RACE_DB}")
    failures: list[str] = []
    try:
        setup_django(f"{PG_SERVER}/{RACE_DB}")
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        run_id, tokens = build(args.people, args.capacity)
        connections.close_all()
        print(
            f"Enrolment race on PostgreSQL: {args.people} students, one run with "
            f"{args.capacity} places (built in {time.perf_counter() - started:.1f} s), "
            f"{args.workers} client threads, threaded WSGI server on 127.0.0.1"
        )
        server = subprocess.Popen(  # noqa: S603 - this script, serving
            [sys.executable, __file__, "--serve", "--workers", str(args.workers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = server.stdout.readline()
            if not line.startswith("PORT "):
                raise SystemExit(f"the server did not start: {line!r}")
            started = time.perf_counter()
            answers = race(int(line.split()[1]), run_id, tokens, args.workers)
            total_s = time.perf_counter() - started
        finally:
            server.stdin.close()  # the server shuts down
            server.wait(timeout=30)
        failures = check(run_id, answers, args.capacity, total_s)
        connections.close_all()
    finally:
        if not args.keep:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {RACE_DB} WITH (FORCE)")
    if failures:
        for failure in failures:
            print(f"FAIL: {failure}")
        raise SystemExit(1)
    print("OK: every invariant holds")


if __name__ == "__main__":
    main()
