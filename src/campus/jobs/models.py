"""The one vocabulary of long work: a job's status, progress, error and timestamps.

Every kind of job (team formation, bulk issuance, ...) is a concrete model of its own app
that inherits ``Job``, so its page and API keep their own fields while the states, the
progress and the rule for "interrupted" are written once, here. This app imports no other
campus app (docs/decisions/0006-jobs.md).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    # The worker running it stopped (killed, restarted): it is queued again to be resumed.
    INTERRUPTED = "interrupted", _("Interrupted, resuming")


# A job that is not finished: the ones a worker owes the campus.
UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.INTERRUPTED)


def stale_after() -> datetime.timedelta:
    """How long a running job may stay silent before its worker counts as dead."""
    return datetime.timedelta(seconds=settings.CAMPUS_JOB_STALE_SECONDS)


class Job(models.Model):
    """What every background job records. ``updated_at`` is the job's heartbeat: a running
    job reports at least every few seconds (progress, a chunk done, the solver's news)."""

    # The dotted path of the django-tasks task that runs this kind of job with ``(pk,)``.
    task_path: str = ""

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=JobStatus.choices,
        default=JobStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Kind-specific news while it runs (team formation: incumbent objective and bound).
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last news"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def working(self) -> bool:
        """Queued, running or being resumed: the page keeps polling."""
        return self.status in UNFINISHED

    @property
    def interrupted(self) -> bool:
        """The rule, in one place: marked interrupted by a worker's sweep, or running with no
        news for longer than CAMPUS_JOB_STALE_SECONDS (its worker died and none swept yet)."""
        if self.status == JobStatus.INTERRUPTED:
            return True
        return self.status == JobStatus.RUNNING and self.updated_at < timezone.now() - stale_after()
