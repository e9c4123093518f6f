"""500 learners submit a quiz attempt at once, against a bare Django view served the same way.

    .venv/bin/python bench/bench_quiz_submissions.py [--learners 500] [--workers 4]
        [--threads 100] [--server sync,gthread] [--gthreads 4] [--spread 0] [--profile 30]
        [--src DIR] [--keep-db]

Issue 14: no attempt lost, p95 <= 200 ms a submission. On a fresh PostgreSQL database
``campus_bench_quiz`` (postgresql://postgres@127.0.0.1:5432; migrated, and dropped at the end
even on failure unless --keep-db) it builds one published online course with a run and its
learning space: one unit with a quiz drawing 5 questions (shuffled, no time limit) from a bank
of 8 of every kind (single, multiple, numeric, short text, matching). ``--learners`` lifelong
learners enrol, each with a personal API token.

How it is built, and why not always through the services:

* the course and the run through ``catalog.services.course_create`` / ``run_create`` (by a
  coordinator of the host institution); enrolments through ``catalog.services.enrol`` and
  tokens through ``people.services.api_token_create``, one a learner (a few seconds for 500);
* the learners by ``bulk_create`` with one precomputed password hash and a confirmed e-mail
  address each (``person_create`` hashes a password a person, which takes minutes for 500;
  lifelong learners need no granted affiliation to enrol in a course open to professionals);
* the section, unit, bank, questions and quiz with ``objects.create``, as the demo seeder
  does: the learning app has no authoring services yet;
* before each round every learner's attempt is started through
  ``learning.services.attempt_start``: the bench measures submissions only.

For each server kind (``--server``: gunicorn ``sync`` workers and ``gthread`` workers with
``--gthreads`` threads each), gunicorn serves ``campus.wsgi`` on 127.0.0.1 at a free port with
``--workers`` workers, DJANGO_DEBUG=0 and the settings ``bench.bench_settings`` (the campus's
settings and routes plus ``/bench/bare/``, a view answering ``{"ok": true}`` after
``SELECT 1``). After a warm-up (every worker has imported the campus, opened its database
connection and answered the API once), ``--threads`` client threads (http.client, one
keep-alive connection a thread; sync workers close it after every answer, so those clients
reconnect), released together by a barrier, send every learner's
``POST /api/v1/attempts/{id}/submit`` with the right answers and ``Authorization: Bearer``
the learner's token; then as many ``GET /bench/bare/``. With ``--spread S`` request i is sent
no earlier than i x S / n seconds after the release (the end of an exam, when everyone submits
within S seconds) instead of all at once.

It prints p50 / p95 / p99 / max milliseconds of both, the ratio of the p95s, the answers by
status code and the throughput, the CPU a request took in gunicorn, what the database's
backends were waiting for meanwhile (sampled from pg_stat_activity and pg_locks: a row lock
awaited, and on which table), and checks in the database that the round's attempts are all
submitted, once, each graded 100 % ("ok", or "LOST n" with what is missing). It prints the
target (p95 <= 200 ms) and whether it is met, and exits non-zero when an attempt is lost or
graded twice. With ``--profile N`` it then submits N fresh attempts in this process through
``django.test.Client``: the queries of one submission, and the functions where the time goes
(cProfile, by cumulative time). ``--src DIR`` serves a copy of the source tree with a change
in it, to measure the change before making it in src/.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
BENCH_DB = "campus_bench_quiz"
TARGET_MS = 200.0
PICK = 5
IDLE_S = 1.0  # a client connection idle longer is not reused (gunicorn's keep-alive is 2 s)

# The bank: the five questions of tests/learning/conftest.py (one of each kind) and three
# more, so that an attempt draws 5 of 8 and kinds mix differently from attempt to attempt.
SINGLE_2 = {
    "options": [
        {"key": "a", "text": "Kilowatt"},
        {"key": "b", "text": "Kilowatt-hour"},
        {"key": "c", "text": "Volt"},
    ],
    "correct": "b",
}
MULTIPLE_2 = {
    "options": [
        {"key": "a", "text": "Insulation"},
        {"key": "b", "text": "Heat pumps"},
        {"key": "c", "text": "Open windows in winter"},
        {"key": "d", "text": "LED lighting"},
    ],
    "correct": ["a", "b", "d"],
}
MATCHING_2 = {
    "pairs": [
        {"left": "PV panel", "right": "light to electricity"},
        {"left": "Turbine", "right": "motion to electricity"},
        {"left": "Battery", "right": "stores electricity"},
    ],
}
BANK_SIZE = 8


def bank_specs() -> list[tuple[str, dict]]:
    """The bank's (kind, spec), after django.setup (the test specs' module imports models)."""
    from tests.learning.conftest import MATCHING, MULTIPLE, NUMERIC, SINGLE, TEXT

    return [
        ("single", SINGLE),
        ("single", SINGLE_2),
        ("multiple", MULTIPLE),
        ("multiple", MULTIPLE_2),
        ("numeric", NUMERIC),
        ("text", TEXT),
        ("matching", MATCHING),
        ("matching", MATCHING_2),
    ]


def right_answer(kind: str, spec: dict) -> object:
    if kind in ("single", "multiple"):
        return spec["correct"]
    if kind == "numeric":
        return spec["answer"]
    if kind == "text":
        return "photosynthesis"
    # Matching: lefts l1..ln, rights r1..rn in the pairs' order, then the distractors.
    return {f"l{n}": f"r{n}" for n in range(1, len(spec["pairs"]) + 1)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def setup_django(database_url: str, src: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    for path in (ROOT, src):  # src first: the tree the server serves, for the profile too
        sys.path.insert(0, str(path))
    import django

    django.setup()


# --- the campus -----------------------------------------------------------------------------


def build(n_learners: int, rounds: int) -> tuple:
    """The course, its run and learning space, and the learners with their tokens.
    Returns (quiz, [(person, token)])."""
    import datetime
    from decimal import Decimal

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from campus.alliance.models import Institution
    from campus.alliance.services import institutions_load
    from campus.catalog import services as catalog
    from campus.learning.models import Question, QuestionBank, Quiz, Section, Unit
    from campus.people.models import Person, Role
    from campus.people.services import api_token_create, person_create

    institutions_load()
    home = Institution.objects.order_by("pk").first()
    coordinator, lecturer = (
        person_create(
            email=f"{role}@bench.test",
            display_name=f"Bench {role}",
            password=None,
            roles=[role],
            institution=home,
            trusted=True,
        )
        for role in (Role.COORDINATOR, Role.LECTURER)
    )
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    course = catalog.course_create(
        by=coordinator,
        hosts=[home],
        code="QUIZ-500",
        type="course",
        title="Energy for citizens",
        description="A MOOC whose learners all submit their quiz at the same minute.",
        ects=Decimal("3"),
        eqf_level=6,
        isced_field="0713",
        languages=["en"],
        mode="online",
        workload_hours=75,
        assessment="exam",
        audience=["students", "professionals", "staff"],
        themes=["green"],
        fee_external=Decimal("0"),
        published=True,
    )
    run = catalog.run_create(
        course=course,
        by=coordinator,
        teachers=[lecturer],
        label="MOOC 2027",
        starts_on=today - 7 * day,
        ends_on=today + 60 * day,
        enrolment_opens=today - 30 * day,
        enrolment_closes=today + 30 * day,
        capacity=n_learners,
    )
    # No authoring services yet: the learning space is made as campus_demo.learning makes it.
    section = Section.objects.create(run=run, position=1, title="Week 1")
    unit = Unit.objects.create(section=section, position=1, title="Energy", body="# Energy")
    bank = QuestionBank.objects.create(run=run, title="Energy basics")
    for position, (kind, spec) in enumerate(bank_specs(), start=1):
        Question.objects.create(
            bank=bank,
            kind=kind,
            spec=spec,
            position=position,
            points=2 if kind == "numeric" else 1,
            text=f"A {kind} question?",
        )
    quiz = Quiz.objects.create(
        unit=unit,
        title="Check: energy basics",
        bank=bank,
        pick=PICK,
        shuffle=True,
        time_limit_minutes=None,
        attempts_allowed=min(20, rounds + 1),
    )
    quiz = Quiz.objects.select_related("unit__section__run").get(pk=quiz.pk)

    hashed = make_password("bench-learner")  # once: hashing 500 passwords takes minutes
    people = Person.objects.bulk_create(
        [
            Person(email=f"learner{n}@bench.test", display_name=f"Learner {n}", password=hashed)
            for n in range(n_learners)
        ],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people],
        batch_size=1000,
    )
    learners = []
    for person in people:
        catalog.enrol(run=run, person=person, by=person)
        _token, secret = api_token_create(person=person, name="bench", by=person)
        learners.append((person, secret))
    return quiz, learners


def start_attempts(quiz, learners: list) -> list[tuple[int, str, bytes]]:
    """Start every learner's next attempt (through the service); returns (attempt id, token,
    the submission's body with the right answers)."""
    from campus.learning import services
    from campus.learning.models import Question

    kinds = {q.pk: (q.kind, q.spec) for q in Question.objects.filter(bank=quiz.bank_id)}
    jobs = []
    for person, token in learners:
        attempt = services.attempt_start(quiz=quiz, person=person)
        answers = {str(pk): right_answer(*kinds[pk]) for pk in attempt.question_ids}
        jobs.append((attempt.pk, token, json.dumps({"answers": answers}).encode()))
    return jobs


def check_round(quiz, number: int, n_learners: int) -> tuple[bool, str]:
    """Every attempt of this round submitted once, graded 100 %: ("ok", or what is lost)."""
    from campus.learning.models import Attempt, AttemptState

    attempts = Attempt.objects.filter(quiz=quiz, number=number)
    states = Counter(attempts.values_list("state", flat=True))
    submitted = states[AttemptState.SUBMITTED]
    full = attempts.filter(state=AttemptState.SUBMITTED, percent=100).count()
    wrong_grading = [
        pk
        for pk, graded, ids in attempts.filter(state=AttemptState.SUBMITTED).values_list(
            "pk", "graded", "question_ids"
        )
        if [g["question"] for g in graded] != ids
    ]
    lost = n_learners - submitted
    detail = (
        f"{submitted} of {n_learners} attempts submitted, {full} graded 100 %, "
        f"by state {dict(states)}"
    )
    fine = (
        lost == 0
        and full == n_learners
        and not wrong_grading
        and sum(states.values()) == n_learners
    )
    if wrong_grading:
        detail += f"; {len(wrong_grading)} graded on other questions than drawn"
    return fine, ("ok" if fine else f"LOST {max(lost, n_learners - full)}") + f" ({detail})"


# --- the server and the clients ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(kind: str, port: int, workers: int, gthreads: int, src: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(src)]),
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "campus.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        kind,
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
    ]
    if kind == "gthread":
        command += ["--threads", str(gthreads)]
    return subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - gunicorn, ours


def get(port: int, path: str, headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with code {server.returncode}")
        try:
            if get(port, "/bench/bare/") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 90 s")


def warm_up(port: int, token: str, workers: int, gthreads: int) -> None:
    """Enough concurrent requests that every worker (and thread) has loaded the campus, opened
    its database connection and answered the API once."""
    headers = {"Authorization": f"Bearer {token}"}
    n = 4 * workers * gthreads
    with ThreadPoolExecutor(max_workers=min(32, n)) as pool:
        list(pool.map(lambda _i: get(port, "/bench/bare/"), range(n)))
        list(pool.map(lambda _i: get(port, "/api/v1/me/progress", headers), range(n)))


def storm(
    port: int, requests: list[tuple], threads: int, spread: float = 0.0
) -> tuple[list[tuple], float]:
    """Send the requests from ``threads`` threads released together by a barrier, one
    keep-alive connection a thread; with ``spread`` seconds, request i is not sent before
    i x spread / n after the release. Returns ([(status, ms, body)], wall seconds); a
    request's time runs from when it is sent."""
    n = len(requests)
    numbered = list(enumerate(requests))
    shares = [s for s in (numbered[i::threads] for i in range(threads)) if s]
    barrier = threading.Barrier(len(shares) + 1)
    released = [0.0]

    def fire(share: list[tuple]) -> list[tuple]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        out = []
        barrier.wait()
        last = time.perf_counter()
        for index, (method, path, body, headers) in share:
            due = released[0] + index * spread / n
            if spread and time.perf_counter() < due:
                time.sleep(due - time.perf_counter())
            if time.perf_counter() - last > IDLE_S:
                # gunicorn closes a keep-alive connection idle for 2 s: a request sent on it
                # as it closes would fail before the server reads it. Connect afresh instead.
                connection.close()
            sent = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()  # reconnects on the next request
                status, payload = f"error: {exc.__class__.__name__}", b""
            last = time.perf_counter()
            out.append((status, (last - sent) * 1000, payload))
        connection.close()
        return out

    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        futures = [pool.submit(fire, share) for share in shares]
        released[0] = time.perf_counter() + 0.05  # every thread reads it after the barrier
        barrier.wait()
        started = time.perf_counter()
        results = [answer for future in futures for answer in future.result()]
        wall = time.perf_counter() - started
    return results, wall


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by gunicorn's master and its workers (Linux /proc; 0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for each in [str(pid), *children]:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    except (OSError, ValueError, IndexError):
        return 0.0
    return total


class Waits(threading.Thread):
    """Samples, every 20 ms, what the bench database's active backends wait for
    (pg_stat_activity): "Lock:transactionid" is a transaction waiting for another's row lock."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.samples = 0
        self.totals: Counter = Counter()

    def run(self) -> None:
        import psycopg

        # On the bench database, so that regclass names its tables; itself left out.
        with psycopg.connect(f"{PG_SERVER}/{BENCH_DB}", autocommit=True) as watch:
            while not self.stop.is_set():
                rows = watch.execute(
                    "SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' "
                    "|| wait_event, 'running') ELSE 'in transaction, Python working' END, "
                    "count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
                    "AND state IN ('active', 'idle in transaction') GROUP BY 1",
                    (BENCH_DB,),
                ).fetchall()
                # The rows waited for, by table (a tuple lock names the row's table).
                rows += watch.execute(
                    "SELECT 'row lock awaited on ' || l.relation::regclass::text, count(*) "
                    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE a.datname = %s AND NOT l.granted AND l.locktype = 'tuple' "
                    "GROUP BY 1",
                    (BENCH_DB,),
                ).fetchall()
                self.samples += 1
                self.totals.update(dict(rows))
                time.sleep(0.02)

    def means(self) -> str:
        busy = sum(n for what, n in self.totals.items() if not what.startswith("row lock"))
        top = ", ".join(
            f"{what} {count / max(1, self.samples):.1f}"
            for what, count in self.totals.most_common(6)
        )
        return f"{busy / max(1, self.samples):.1f} busy on average ({top})"


def measured_storm(
    port: int, pid: int, requests: list[tuple], threads: int, spread: float
) -> tuple:
    """storm(), with the CPU seconds the server and this client used meanwhile, and what the
    database's backends waited for."""
    waits = Waits()
    waits.start()
    server_before, client_before = server_cpu(pid), time.process_time()
    results, wall = storm(port, requests, threads, spread)
    cpu = server_cpu(pid) - server_before, time.process_time() - client_before
    waits.stop.set()
    waits.join()
    return results, wall, *cpu, waits.means()


def figures(label: str, results: list[tuple], wall: float) -> float:
    ms = [r[1] for r in results]
    codes = dict(sorted(Counter(r[0] for r in results).items(), key=str))
    p95 = percentile(ms, 0.95)
    print(
        f"  {label:<22} {len(ms):>5} {percentile(ms, 0.5):>7.0f} {p95:>7.0f} "
        f"{percentile(ms, 0.99):>7.0f} {max(ms):>7.0f} {len(ms) / wall:>7.0f}   {codes}"
    )
    return p95


def one_round(args, kind: str, quiz, learners: list, number: int) -> bool:
    from django.db import connections

    jobs = start_attempts(quiz, learners)
    connections.close_all()  # the server's workers get the database to themselves
    port = free_port()
    server = gunicorn(kind, port, args.workers, args.gthreads, args.src)
    try:
        wait_until_up(port, server)
        threads_per_worker = args.gthreads if kind == "gthread" else 1
        warm_up(port, learners[0][1], args.workers, threads_per_worker)
        submissions = [
            (
                "POST",
                f"/api/v1/attempts/{attempt_id}/submit",
                body,
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            for attempt_id, token, body in jobs
        ]
        submitted, submit_wall, submit_cpu, submit_client, submit_waits = measured_storm(
            port, server.pid, submissions, args.threads, args.spread
        )
        bare = [("GET", "/bench/bare/", None, {})] * len(jobs)
        answered, bare_wall, bare_cpu, bare_client, bare_waits = measured_storm(
            port, server.pid, bare, args.threads, args.spread
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    setting = f"{args.workers} workers" + (
        f" x {args.gthreads} threads" if kind == "gthread" else ""
    )
    when = f"spread over {args.spread:g} s" if args.spread else "all released at once"
    print(f"\ngunicorn {kind}, {setting}; {args.threads} client threads, {when}")
    print(f"  {'':<22} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'req/s':>7}   status")
    p95_submit = figures("POST .../submit", submitted, submit_wall)
    p95_bare = figures("GET /bench/bare/", answered, bare_wall)
    n = len(jobs)
    print(
        f"  p95 submit / p95 bare: {p95_submit / p95_bare:.1f} x; "
        f"wall {submit_wall:.2f} s / {bare_wall:.2f} s"
    )
    print(
        f"  CPU a request in gunicorn: submit {1000 * submit_cpu / n:.1f} ms, bare "
        f"{1000 * bare_cpu / n:.1f} ms (PostgreSQL's not counted); this client: "
        f"{1000 * submit_client / n:.1f} / {1000 * bare_client / n:.1f} ms"
    )
    print(f"  PostgreSQL backends of the bench, submit: {submit_waits}")
    print(f"  PostgreSQL backends of the bench, bare: {bare_waits}")
    print(
        f"  {n} released within {args.spread + TARGET_MS / 1000:g} s, p95 <= {TARGET_MS:.0f} ms asks the server to answer "
        f"{int(0.95 * n)} of them within {args.spread + TARGET_MS / 1000:g} s: >= "
        f"{0.95 * n / (args.spread + TARGET_MS / 1000):.0f} "
        f"req/s (measured: {n / submit_wall:.0f} submit, {n / bare_wall:.0f} bare)"
    )
    answered_100 = sum(
        1 for status, _ms, body in submitted if status == 200 and json.loads(body)["percent"] == 100
    )
    fine, verdict = check_round(quiz, number, len(learners))
    print(f"  answers 200 with 100 %: {answered_100} of {len(jobs)}; database: {verdict}")
    met = p95_submit <= TARGET_MS
    print(f"  target p95 <= {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'} ({p95_submit:.0f} ms)")
    return fine and answered_100 == len(jobs)


def profile(quiz, learners: list, n: int) -> None:
    """Submit n fresh attempts in this process: one submission's queries, and where the time
    of n submissions goes."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    jobs = start_attempts(quiz, learners[:n])
    client = Client()

    def submit(attempt_id: int, token: str, body: bytes):
        return client.post(
            f"/api/v1/attempts/{attempt_id}/submit",
            data=body,
            content_type="application/json",
            headers={"authorization": f"Bearer {token}"},
        )

    with CaptureQueriesContext(connection) as captured:
        response = submit(*jobs[0])
    assert response.status_code == 200, response.content
    print(f"\nprofile: one submission in this process made {len(captured)} queries:")
    for query in captured.captured_queries:
        print(f"  {query['time']:>6}s  {query['sql'][:150]}")
    started = time.perf_counter()
    profiler = cProfile.Profile()
    profiler.enable()
    for job in jobs[1:]:
        submit(*job)
    profiler.disable()
    each = (time.perf_counter() - started) * 1000 / max(1, len(jobs) - 1)
    print(f"\nprofile: {len(jobs) - 1} submissions, {each:.1f} ms each under cProfile")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=100, help="client threads")
    parser.add_argument(
        "--server", default="sync,gthread", help="gunicorn worker classes, comma-separated"
    )
    parser.add_argument("--gthreads", type=int, default=4, help="threads a gthread worker")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        help="send the submissions over this many seconds instead of all at once",
    )
    parser.add_argument("--profile", type=int, default=0, help="then profile N submissions")
    parser.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="serve (and profile) the campus from this source tree, to measure a change first",
    )
    parser.add_argument("--keep-db", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.server.split(",") if k.strip()]
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    fine = True
    try:
        setup_django(f"{PG_SERVER}/{BENCH_DB}", args.src)
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter() - started
        quiz, learners = build(args.learners, len(kinds) + (1 if args.profile else 0))
        print(
            f"Quiz submissions on PostgreSQL: {len(learners)} learners enrolled with tokens, "
            f"a quiz drawing {PICK} of {BANK_SIZE} questions of every kind, no time limit "
            f"(migrated in {migrated:.0f} s, built in {time.perf_counter() - started - migrated:.0f} s)."
        )
        print(
            f"Each round: every learner's attempt started (attempt_start), then {len(learners)} "
            f"submissions at once, then {len(learners)} GET /bench/bare/ (SELECT 1); latency in ms."
        )
        for number, kind in enumerate(kinds, start=1):
            fine = one_round(args, kind, quiz, learners, number) and fine
        if args.profile:
            profile(quiz, learners, args.profile + 1)
        connections.close_all()
    finally:
        if not args.keep_db:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    if not fine:
        print("FAIL: an attempt was lost or graded wrongly")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
