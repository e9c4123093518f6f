"""Running a job: claim it, report on it, finish it; and resume the jobs whose worker died.

A job is run by a django-tasks task that takes the job's pk (``Job.task_path``). The task
may run more than once for one job (a worker killed mid-way, a task enqueued twice): it
claims the job first, and only the attempt that claimed it may report or finish it (each
update is a compare-and-set on ``attempts``), so a second copy never stores a result twice.
The steps of every job are idempotent, so a resumed job finishes what the dead one began.

django-tasks-db leaves the task of a killed worker "running" for ever; ``jobs_recover``
(run by every ``db_worker`` at start and then every few seconds, and by ``resume_jobs``)
finds unfinished jobs with no news for CAMPUS_JOB_STALE_SECONDS whose task is neither waiting
in the queue nor just taken by a worker, marks them interrupted and enqueues them again.
"""

import contextlib
import datetime
import logging
import threading
import zlib
from collections.abc import Iterator
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.utils import exclusive_transaction

from .models import UNFINISHED, Job, JobStatus, stale_after

log = logging.getLogger(__name__)
J = TypeVar("J", bound=Job)


class Busy(Exception):
    """The job may not start yet (too many of its kind are running); it stays queued."""


def job_kinds() -> list[type[Job]]:
    """Every concrete model that is a job."""
    return [m for m in apps.get_models() if issubclass(m, Job) and m.task_path]


def task_enqueue(task, *args, at_once: bool = False, then=None) -> None:
    """Enqueue ``task(*args)`` as part of the current transaction's work.

    On the database backend the task's row is written in the caller's transaction: it
    commits with the work that needs it (a job, a notification) or not at all, and no worker
    sees it earlier (an enqueue after commit could be lost to a process killed in between).
    Other backends enqueue after the commit. The immediate backend (tests, the demo seeder)
    runs the task on this connection: at once with ``at_once``, else after the commit.
    ``then(result)`` is called with the enqueued task's result."""
    backend = task.get_backend()

    def send() -> None:
        result = task.enqueue(*args)
        if then is not None:
            then(result)

    if isinstance(backend, DatabaseBackend) or (at_once and isinstance(backend, ImmediateBackend)):
        send()
    else:
        transaction.on_commit(send)


def job_enqueue(job: Job, *, delay: float | None = None) -> None:
    """Enqueue the task that runs ``job``, with the transaction that wrote the job."""
    model, pk = type(job), job.pk
    task = import_string(model.task_path)
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))

    def remember(result) -> None:
        model.objects.filter(pk=pk).update(task_id=str(result.id))

    task_enqueue(task, pk, at_once=True, then=remember)


def job_claim(model: type[J], pk: int, *, limit: int | None = None) -> J | None:
    """Mark a queued or interrupted job running for this attempt and return it; None when
    it is finished or another attempt runs it; raises Busy when ``limit`` jobs of its kind
    are running already (a check in the database, since workers are separate processes)."""
    now = timezone.now()
    using = router.db_for_write(model)
    with exclusive_transaction(using):  # SQLite: BEGIN EXCLUSIVE; PostgreSQL: a lock below
        if limit is not None:
            if connections[using].vendor == "postgresql":
                with connections[using].cursor() as cursor:
                    key = zlib.crc32(model._meta.db_table.encode())
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
            running = model.objects.filter(
                status=JobStatus.RUNNING, updated_at__gte=now - stale_after()
            ).exclude(pk=pk)
            if running.count() >= limit:
                raise Busy
        claimed = model.objects.filter(
            pk=pk, status__in=(JobStatus.QUEUED, JobStatus.INTERRUPTED)
        ).update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            updated_at=now,
            error="",
            finished_at=None,
        )
    return model.objects.get(pk=pk) if claimed else None


def _ours(job: Job):
    return type(job).objects.filter(pk=job.pk, attempts=job.attempts, status=JobStatus.RUNNING)


def job_report(job: Job, *, progress: int | None = None, **fields: Any) -> bool:
    """Record news of a running job (its heartbeat); False when this attempt lost the job."""
    if progress is not None:
        fields["progress"] = max(0, min(100, int(progress)))
    return bool(_ours(job).update(updated_at=timezone.now(), **fields))


def beat_seconds() -> float:
    """How often a running job's heartbeat is written: well within the stale limit."""
    return max(0.5, settings.CAMPUS_JOB_STALE_SECONDS / 4)


@contextlib.contextmanager
def job_heartbeat(job: Job) -> Iterator[None]:
    """While the block runs, write the job's heartbeat from a thread, so a long step with no
    news of its own (a solver thinking) never looks like a dead worker. Inside a transaction
    (the immediate backend of the tests) nobody else could see it, so there is none."""
    if transaction.get_connection().in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(beat_seconds()):
                if not _ours(job).update(updated_at=timezone.now()):
                    return  # finished, or another attempt owns it now
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_done(job: Job, **fields: Any) -> bool:
    """Finish a job with its result fields; False (nothing stored) for a stale attempt."""
    now = timezone.now()
    return bool(
        _ours(job).update(
            status=JobStatus.DONE, progress=100, error="", updated_at=now, finished_at=now, **fields
        )
    )


def job_failed(job: Job, error: BaseException | str) -> bool:
    """Record that a job failed and why; its page offers to run it again."""
    if isinstance(error, BaseException):
        error = f"{type(error).__name__}: {error}"
    now = timezone.now()
    return bool(
        _ours(job).update(
            status=JobStatus.FAILED, error=str(error)[:2000], updated_at=now, finished_at=now
        )
    )


def job_requeue(job: Job) -> None:
    """Queue a failed or interrupted job again (a person's retry); its steps are idempotent."""
    type(job).objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, error="", finished_at=None, updated_at=timezone.now()
    )
    job_enqueue(job)


def _live_task_ids(ids: list[str], cutoff: datetime.datetime) -> set[str]:
    """Of these task ids, those that may still be alive: waiting in the queue, or claimed by
    a worker so recently that it may not have claimed the job yet."""
    from django.db.models import Q
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ids = [i for i in ids if i]
    if not ids:
        return set()
    return {
        str(pk)
        for pk in DBTaskResult.objects.filter(pk__in=ids)
        .filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gte=cutoff)
        )
        .values_list("pk", flat=True)
    }


def _bury_tasks(ids: list[str]) -> None:
    """The tasks of dead workers say so, instead of "running" for ever."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        pk__in=[i for i in ids if i], status=TaskResultStatus.RUNNING
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="campus.jobs.WorkerLost",
        traceback="The worker running this task stopped; the job was enqueued again.",
    )


def jobs_recover(*, everything: bool = False) -> int:
    """Enqueue again every unfinished job whose worker died; returns how many.

    ``everything`` treats every unfinished job not waiting in the queue as interrupted (right
    after a restart of the whole site, when no worker can be alive)."""
    if not any(isinstance(task_backends[alias], DatabaseBackend) for alias in settings.TASKS):
        return 0  # the immediate backend leaves nothing behind
    cutoff = timezone.now() if everything else timezone.now() - stale_after()
    resumed = 0
    for model in job_kinds():
        silent = list(
            model.objects.filter(status__in=UNFINISHED, updated_at__lt=cutoff).values_list(
                "pk", "updated_at", "task_id"
            )
        )
        live = _live_task_ids([task_id for _pk, _at, task_id in silent], cutoff)
        dead = []
        for pk, at, task_id in silent:
            if task_id in live:
                continue
            # Compare-and-set: of several workers sweeping at once, one resumes the job.
            with transaction.atomic():
                if model.objects.filter(pk=pk, updated_at=at, status__in=UNFINISHED).update(
                    status=JobStatus.INTERRUPTED, updated_at=timezone.now()
                ):
                    job_enqueue(model(pk=pk))
                    dead.append(task_id)
                    resumed += 1
                    log.warning("%s %s was interrupted; enqueued again", model.__name__, pk)
        _bury_tasks(dead)
    return resumed
