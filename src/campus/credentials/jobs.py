"""Bulk issuance as a background job with progress, in chunks that each commit.

Like the team-formation job: inline when ``settings.CAMPUS_TASKS_INLINE`` is true, else in a
daemon thread after the request's transaction commits. It is restartable: each chunk is
idempotent (credentials already issued are skipped by the unique constraint), so a job
left RUNNING by a restart is simply run again with ``issuance_job(job_id, resume=True)``.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from .models import IssuanceJob, JobStatus

log = logging.getLogger(__name__)
CHUNK = 200


def enqueue(job_id: int) -> None:
    if getattr(settings, "CAMPUS_TASKS_INLINE", True):
        issuance_job(job_id)
        return

    def start() -> None:
        threading.Thread(
            target=_in_thread, args=(job_id,), name=f"issuance-{job_id}", daemon=True
        ).start()

    transaction.on_commit(start)


def _in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        issuance_job(job_id)
    finally:
        close_old_connections()


def issuance_job(job_id: int, *, resume: bool = False) -> IssuanceJob:
    """Issue the missing credentials of a job's run, chunk by chunk, recording progress."""
    from .services import issue_many, passing_enrolments

    allowed = (JobStatus.QUEUED, JobStatus.RUNNING) if resume else (JobStatus.QUEUED,)
    with transaction.atomic():
        job = IssuanceJob.objects.select_for_update().select_related("run").get(pk=job_id)
        if job.status not in allowed:
            return job
        job.status, job.updated_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "updated_at"])
    try:
        enrolments = list(passing_enrolments(job.run))
        IssuanceJob.objects.filter(pk=job_id).update(total=len(enrolments), done=0)
        issued = 0
        for start in range(0, len(enrolments), CHUNK):
            chunk = enrolments[start : start + CHUNK]
            issued += len(issue_many(chunk, by=job.requested_by))
            IssuanceJob.objects.filter(pk=job_id).update(
                done=start + len(chunk), issued=issued, updated_at=timezone.now()
            )
    except Exception as exc:  # noqa: BLE001 - any failure is reported on the job's page
        log.exception("issuance job %s failed", job_id)
        IssuanceJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    else:
        IssuanceJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, finished_at=timezone.now()
        )
    return IssuanceJob.objects.get(pk=job_id)
