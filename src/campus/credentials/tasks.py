"""Background work of credentials, run by ``manage.py db_worker``: bulk issuance and the
retry of a credential that recording a result could not issue.

Bulk issuance goes in chunks that each commit together with the job's progress. It is
restartable: a chunk issues only the credentials not issued yet (``_issue`` skips what a
person holds, the unique constraint guards the rest) and commits with the job's counts, so a
worker killed between two chunks leaves exact counts, and the attempt that resumes the job
(campus.jobs) issues the rest: nothing twice, nothing missing.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django_tasks import task

from campus.jobs import services as jobs

from .models import IssuanceJob

log = logging.getLogger(__name__)
CHUNK = 200


@task()
def issue_credentials(job_id: int) -> None:
    """Issue the missing credentials of a job's run, chunk by chunk, recording progress."""
    from .services import issue_many, passing_enrolments

    job = jobs.job_claim(IssuanceJob, job_id)
    if job is None:
        return
    try:
        with jobs.job_heartbeat(job):
            enrolments = list(passing_enrolments(job.run))
            total = len(enrolments)
            jobs.job_report(job, total=total, done=0)
            for start in range(0, total, CHUNK):
                chunk = enrolments[start : start + CHUNK]
                done = start + len(chunk)
                with transaction.atomic():
                    issued = len(issue_many(chunk, by=job.requested_by))
                    if not jobs.job_report(
                        job, done=done, issued=F("issued") + issued, progress=100 * done // total
                    ):
                        # Another attempt owns the job now: undo this chunk, leave it the rest.
                        transaction.set_rollback(True)
                        return
    except Exception as exc:  # noqa: BLE001 - any failure is reported on the job's page
        log.exception("issuance job %s failed", job_id)
        jobs.job_failed(job, exc)
        return
    jobs.job_done(job)


@task()
def credential_follow_result(enrolment_id: int, by_id: int | None) -> str | None:
    """Issue, correct or revoke what a recorded result calls for, after recording it could
    not (see receivers.py); safe to run again. Returns the active credential's uid, if any."""
    from campus.catalog.models import Enrolment
    from campus.people.models import Person

    from .services import issue_for_result

    enrolment = Enrolment.objects.select_related("person", "run__course").get(pk=enrolment_id)
    by = Person.objects.filter(pk=by_id).first() if by_id is not None else None
    try:
        with transaction.atomic():
            credential = issue_for_result(enrolment=enrolment, by=by)
    except Exception:
        # The worker records the failed run; the log says which result is still waiting.
        log.exception("the credential of enrolment %s could still not be issued", enrolment_id)
        raise
    return str(credential.uid) if credential is not None else None
