"""Make credentials follow the catalogue's results: issue, correct or revoke on every result.

The work runs in a savepoint of the result's transaction, and nothing it raises leaves it:
issuing never blocks recording a result. When it fails (an unreadable key, a document that
cannot be canonicalised, a course without a host to award it), the result is recorded, the
failure is logged, and a task that does the same work is enqueued once the result commits;
the lecturer's "Issue missing credentials" fills any gap that remains.
"""

import logging

from django.db import transaction

from campus.catalog.signals import result_recorded

log = logging.getLogger(__name__)


def _on_result(sender, enrolment, by, **kwargs) -> None:
    from .services import issue_for_result

    try:
        with transaction.atomic():
            issue_for_result(enrolment=enrolment, by=by)
    except Exception:  # noqa: BLE001 - whatever went wrong, the result itself is recorded
        log.exception(
            "the credential of enrolment %s could not follow its result; a task retries it",
            enrolment.pk,
        )
        from .tasks import credential_follow_result

        enrolment_id, by_id = enrolment.pk, getattr(by, "pk", None)
        transaction.on_commit(lambda: credential_follow_result.enqueue(enrolment_id, by_id))


def connect() -> None:
    result_recorded.connect(_on_result, dispatch_uid="credentials-issue-on-result")
