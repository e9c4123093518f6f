"""The team-formation job: runs the engine over a FormationRun's instance, with progress.

Why not django-tasks (yet): the job is one function with one argument, so the campus runs it
without a new dependency. ``enqueue`` runs it inline when ``settings.CAMPUS_TASKS_INLINE``
is true (tests and the demo seeder) and otherwise (the default for the web) in a daemon
thread started once the transaction that created the run has committed, so the page
answers at once and polls the run's progress. A thread does not survive a restart: a run
queued or running with no news for longer than any solve takes counts as interrupted
(``FormationRun.interrupted``); its page offers to run it again (``formation_retry``), and
``manage.py resume_jobs`` starts every interrupted job (``--now`` right after a restart).
``formation_run_job`` takes the run's id and does nothing twice, so it can also become a
django-tasks task unchanged.

Progress: 0 queued, 10 instance built, 90 solved, 100 stored.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from .models import FormationRun, FormationStatus

log = logging.getLogger(__name__)


def enqueue(run_id: int, *, time_limit: float = 30) -> None:
    """Start the team-formation job for a run: inline, or in a thread after commit."""
    if getattr(settings, "CAMPUS_TASKS_INLINE", True):
        formation_run_job(run_id, time_limit=time_limit)
        return

    def start() -> None:
        thread = threading.Thread(
            target=_in_thread,
            args=(run_id, time_limit),
            name=f"formation-{run_id}",
            daemon=True,
        )
        thread.start()

    transaction.on_commit(start)


def _in_thread(run_id: int, time_limit: float) -> None:
    close_old_connections()
    try:
        formation_run_job(run_id, time_limit=time_limit)
    finally:
        close_old_connections()


def _solve(instance: dict, time_limit: float) -> dict:
    from campus.challenges.teamforming import solve

    return solve(instance, time_limit=time_limit)


def formation_run_job(run_id: int, *, time_limit: float = 30) -> None:
    """Solve a run's instance and store the proposal; a run that is done already is left."""
    with transaction.atomic():
        run = FormationRun.objects.select_for_update().get(pk=run_id)
        if run.status not in (FormationStatus.QUEUED, FormationStatus.RUNNING):
            return
        run.status, run.progress = FormationStatus.RUNNING, max(run.progress, 10)
        run.updated_at = timezone.now()
        run.save(update_fields=["status", "progress", "updated_at"])
    try:
        solution = _solve(run.instance, time_limit)
    except Exception as exc:  # noqa: BLE001 - any failure of the engine is reported on the run
        log.exception("team formation %s failed", run_id)
        FormationRun.objects.filter(pk=run_id).update(
            status=FormationStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return
    FormationRun.objects.filter(pk=run_id).update(progress=90, updated_at=timezone.now())
    with transaction.atomic():
        run = FormationRun.objects.select_for_update().get(pk=run_id)
        if run.status != FormationStatus.RUNNING:
            return
        run.proposal = solution
        run.status, run.progress, run.error = FormationStatus.DONE, 100, ""
        run.finished_at = timezone.now()
        run.save(update_fields=["proposal", "status", "progress", "error", "finished_at"])
