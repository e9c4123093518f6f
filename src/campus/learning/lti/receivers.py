"""A result recorded for a person who came into the run through an LTI launch with a line
item goes to that platform's gradebook, by a task once the result commits; nothing here can
make recording the result fail."""

import logging

from django.db import transaction

from campus.catalog.signals import result_recorded

log = logging.getLogger(__name__)


def _on_result(sender, enrolment, by, **kwargs) -> None:
    try:
        from .selectors import score_targets
        from .tasks import score_post

        with (
            transaction.atomic()
        ):  # a savepoint: a failed read leaves the result's transaction usable
            targets = score_targets(enrolment)
        for line_item_id, sub in targets:
            transaction.on_commit(
                lambda i=line_item_id, s=sub, e=enrolment.pk: score_post.enqueue(i, s, e)
            )
    except Exception:  # noqa: BLE001 - the result itself is recorded whatever happens here
        log.exception("LTI: the score of enrolment %s could not be queued", enrolment.pk)


def connect() -> None:
    result_recorded.connect(_on_result, dispatch_uid="lti-score-on-result")
