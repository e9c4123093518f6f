"""Enqueue again the background jobs whose worker died (every ``db_worker`` does this on
its own when it starts and then every few seconds; this command is for an operator).

A job counts as interrupted when it is unfinished, its task is not waiting in the queue, and
it has had no news for CAMPUS_JOB_STALE_SECONDS (campus.jobs.services.jobs_recover).
``--now`` treats every such job as interrupted at once: use it only when no worker runs.
Each job is safe to run again: team formation stores its proposal once, bulk issuance never
issues a credential twice.
"""

from django.core.management.base import BaseCommand

from campus.jobs.services import jobs_recover


class Command(BaseCommand):
    help = "Enqueue again the team formations and bulk issuances whose worker stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="treat every unfinished job not waiting in the queue as interrupted "
            "(only when no worker is running)",
        )

    def handle(self, *args, now: bool = False, **options):
        resumed = jobs_recover(everything=now)
        self.stdout.write(f"Resumed {resumed} interrupted job(s).\n")
