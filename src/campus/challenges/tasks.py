"""The team-formation task: runs the engine over a FormationRun's instance, with progress.

A django-tasks task (run by ``manage.py db_worker``) that takes the run's id. It claims the
run first (campus.jobs): a run finished or run by another attempt is left alone, and at most
CAMPUS_MAX_CONCURRENT_SOLVES runs solve at once over all workers; the others wait in the
queue and try again a few seconds later. Only the attempt that claimed the run stores its
proposal, once. While the engine works its news (best objective found, proven bound, share
of the time limit used) goes on the run, which its page polls.

Progress: 10 instance built (by the service), 10-90 solving (the share of the time limit),
100 stored.
"""

import logging
import time

from django.conf import settings
from django_tasks import task

from campus.jobs import services as jobs

from .models import FormationRun

log = logging.getLogger(__name__)
NEWS_EVERY = 1.0  # seconds between two reports of the engine's news to the database


@task()
def form_teams(run_id: int) -> None:
    """Solve a run's instance and store the proposal; a run done already is left."""
    try:
        run = jobs.job_claim(
            FormationRun, run_id, limit=max(1, settings.CAMPUS_MAX_CONCURRENT_SOLVES)
        )
    except jobs.Busy:
        # Enough solves are running: wait in the queue, not in a worker.
        jobs.job_enqueue(FormationRun(pk=run_id), delay=jobs.beat_seconds())
        return
    if run is None:
        return
    from campus.challenges.teamforming import solve

    last = 0.0

    def news(report: dict) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < NEWS_EVERY and not report.get("final"):
            return
        last = now
        detail = {k: report[k] for k in ("phase", "incumbent", "bound") if k in report}
        jobs.job_report(run, progress=10 + 80 * report.get("fraction", 0), detail=detail)

    try:
        with jobs.job_heartbeat(run):
            solution = solve(run.instance, time_limit=run.time_limit, progress=news)
    except Exception as exc:  # noqa: BLE001 - any failure of the engine is reported on the run
        log.exception("team formation %s failed", run_id)
        jobs.job_failed(run, exc)
        return
    jobs.job_done(
        run,
        proposal=solution,
        detail={"incumbent": solution.get("objective"), "bound": solution.get("bound")},
    )
