"""A real ``db_worker`` killed (SIGKILL) in the middle of a bulk issuance and of a team
formation; a second worker finishes the work: nothing issued or formed twice, nothing
missing. On a SQLite file, and on PostgreSQL when the suite runs on it (DATABASE_URL)."""

from __future__ import annotations

import json
import os

import pytest

from .workers import Campus, postgres_url_beside

COUNT = 1000  # five chunks of 200


def _urls(tmp_path_factory):
    yield "sqlite", f"sqlite:///{tmp_path_factory.mktemp('worker')}/campus.sqlite3"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        yield "postgresql", postgres_url_beside(url, "_worker")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def campus(request, tmp_path_factory):
    urls = dict(_urls(tmp_path_factory))
    if request.param not in urls:
        pytest.skip("PostgreSQL runs when the suite does (DATABASE_URL=postgresql://...)")
    campus = Campus(urls[request.param], tmp_path_factory.mktemp("var"))
    campus.create()
    yield campus
    campus.stop_all()
    campus.drop()


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test(campus):
    yield
    campus.stop_all()


def test_a_killed_worker_s_bulk_issuance_is_finished_by_the_next_one(campus):
    job = int(
        campus.shell(f"from tests.jobs.scenario import seed_issuance; seed_issuance({COUNT})")
    )
    state = f"SELECT status, done, issued, total, attempts FROM credentials_issuancejob WHERE id={job:d}"  # noqa: E501, S608 - an int
    first = campus.worker()
    # Killed once at least one chunk is in and before the last one is.
    status, done, issued, total, attempts = campus.wait_for(
        state, lambda r: r[0] == "running" and r[1] >= 200, timeout=120
    )
    campus.kill(first)
    status, done, issued, total, attempts = campus.row(state)
    assert (status, total, attempts) == ("running", COUNT, 1)
    assert 0 < done < COUNT, "the worker was not killed in the middle of the job"
    stored = campus.row("SELECT count(*) FROM credentials_credential")[0]
    assert stored == issued == done  # a chunk commits with the job's counts

    campus.worker()
    status, done, issued, total, attempts = campus.wait_for(
        state, lambda r: r[0] in ("done", "failed"), timeout=240
    )
    assert (status, done, issued, attempts) == ("done", COUNT, COUNT, 2)
    assert campus.row("SELECT count(*) FROM credentials_credential")[0] == COUNT
    assert campus.row(
        "SELECT count(DISTINCT person_id) FROM credentials_credential"
    )[0] == COUNT  # fmt: skip
    _tasks_settled(campus, "issue_credentials")
    tasks = campus.rows(
        "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%issue_credentials' ORDER BY enqueued_at"
    )
    assert tasks == [("FAILED", "campus.jobs.WorkerLost"), ("SUCCESSFUL", "")]
    # Each learner is told once: the chunk the kill cut short told nobody (rolled back).
    assert campus.row("SELECT count(*) FROM people_notification")[0] == COUNT
    mails = campus.row(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%notification_email_send'"
    )
    assert mails[0] == COUNT


def test_a_killed_worker_s_team_formation_is_finished_by_the_next_one(campus):
    run = int(campus.shell("from tests.jobs.scenario import seed_formation; seed_formation(6)"))
    state = (
        f"SELECT status, attempts, proposal, detail FROM challenges_formationrun WHERE id={run:d}"  # noqa: E501, S608 - an int
    )
    first = campus.worker()
    # Killed while the engine is solving and has reported news (an incumbent).
    campus.wait_for(state, lambda r: r[0] == "running" and "incumbent" in _json(r[3]), timeout=120)
    campus.kill(first)
    status, attempts, proposal, _detail = campus.row(state)
    assert (status, attempts, _json(proposal)) == ("running", 1, {})

    campus.worker()
    status, attempts, proposal, detail = campus.wait_for(
        state, lambda r: r[0] in ("done", "failed"), timeout=240
    )
    assert (status, attempts) == ("done", 2)
    proposal = _json(proposal)
    members = [m for team in proposal["teams"] for m in team["members"]]
    assert members and len(members) == len(set(members))  # nobody in two teams
    assert _json(detail)["incumbent"] == pytest.approx(proposal["objective"])
    _tasks_settled(campus, "form_teams")
    tasks = campus.rows(
        "SELECT status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%form_teams' ORDER BY enqueued_at"
    )
    assert tasks == [("FAILED",), ("SUCCESSFUL",)]


def _tasks_settled(campus, task: str) -> None:
    # The job's own row says "done" from inside the task; the worker records the task's
    # outcome a moment later, once the function has returned (seen late on a loaded machine).
    campus.wait_for(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "  # noqa: S608 - a constant
        f"WHERE task_path LIKE '%{task}' AND status IN ('READY', 'RUNNING')",
        lambda r: r[0] == 0,
        timeout=60,
    )


def _json(value):
    return value if isinstance(value, dict) else json.loads(value or "{}")
