"""django-tasks-db's ``db_worker``, which also resumes the jobs of workers that died.

django-tasks-db marks a task running when a worker claims it and never looks at it again:
a worker killed mid-task leaves it running for ever. This command is the same worker (the
campus lists ``campus.jobs`` before ``django_tasks_db``, so Django finds this one first)
that sweeps for interrupted jobs when it starts and then every few seconds, in a thread
(``campus.jobs.services.jobs_recover``, safe when several workers sweep at once).
"""

import logging
import threading

from django.db import connections
from django_tasks_db.management.commands import db_worker

from campus.jobs.services import beat_seconds, jobs_recover

log = logging.getLogger(__name__)


def _sweep_forever(stop: threading.Event) -> None:
    while True:
        try:
            jobs_recover()
        except Exception:  # a failed sweep (database gone a moment) is tried again later
            log.exception("the sweep for interrupted jobs failed")
        finally:
            connections.close_all()
        if stop.wait(2 * beat_seconds()):
            return


class Command(db_worker.Command):
    help = "Run a database background worker (and resume jobs interrupted by a dead worker)"

    def handle(self, *args, **options):
        stop = threading.Event()
        threading.Thread(target=_sweep_forever, args=(stop,), name="sweep", daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
