"""Start again the background jobs a restart interrupted (run it after a deploy or a crash).

Jobs run in threads of the web process; a restart ends them. Each job is safe to run again:
team formation stores its proposal once, bulk issuance never issues a credential twice.
A job counts as interrupted when it has been queued or running with no progress for longer
than any job takes (15 minutes for team formation, 10 for issuance); ``--now`` resumes every
queued or running job at once (use it right after a restart, when none can be alive).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from campus.challenges import services as challenges
from campus.challenges.models import JOB_STALE_AFTER, FormationRun, FormationStatus
from campus.credentials import services as credentials
from campus.credentials.models import IssuanceJob, JobStatus


class Command(BaseCommand):
    help = "Start again the team formations and bulk issuances that a restart interrupted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="treat every queued or running job as interrupted (right after a restart)",
        )

    def handle(self, *args, now: bool = False, **options):
        formations = FormationRun.objects.filter(
            status__in=(FormationStatus.QUEUED, FormationStatus.RUNNING)
        )
        issuances = IssuanceJob.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        if now:
            with transaction.atomic():
                long_ago = timezone.now() - 2 * JOB_STALE_AFTER  # the longer of the two
                formations.update(updated_at=long_ago)
                issuances.update(updated_at=long_ago)
        resumed = 0
        for run in formations.select_related("started_by"):
            if run.interrupted:
                challenges.formation_retry(run=run, by=run.started_by)
                resumed += 1
        for job in issuances.select_related("requested_by", "run"):
            if job.interrupted:
                credentials.bulk_issue_resume(job=job, by=job.requested_by)
                resumed += 1
        self.stdout.write(f"Resumed {resumed} interrupted job(s).\n")
