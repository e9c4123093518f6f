"""Background work of credentials that runs in a task worker (``manage.py db_worker``)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

log = logging.getLogger(__name__)


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
